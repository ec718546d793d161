/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A trace event of fips140-test-event.c (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST),
 * code built into fips140.ko: the crypto code itself has no trace events.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM fips140_test

#if !defined(_FIPS140_TEST_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _FIPS140_TEST_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(fips140_test_event,
	TP_PROTO(const char *text),
	TP_ARGS(text),
	TP_STRUCT__entry(
		__string(text, text)
	),
	TP_fast_assign(
		__assign_str(text);
	),
	TP_printk("%s", __get_str(text))
);

#endif /* _FIPS140_TEST_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE fips140-test-trace
#include <trace/define_trace.h>
