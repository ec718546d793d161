// SPDX-License-Identifier: GPL-2.0
/*
 * Built into fips140.ko with CONFIG_CRYPTO_FIPS140_EXTMOD_TEST, as a
 * crypto-objs-y object: a trace event in the module's code, for the
 * tests of tools/testing/fips140/, which fire it by writing to
 * /sys/module/fips140_test_event/parameters/fire (a parameter of
 * built-in code, where built-in code has it); writing "dump_stack"
 * prints a stack trace from inside the module instead.  The trace event exists
 * only if the trace events' module notifier, registered after fips140.ko
 * loaded, learnt of the module (finish_embedded_module()).
 */
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>

#define CREATE_TRACE_POINTS
#include "fips140-test-trace.h"

/* "dump_stack": a stack trace from inside the module, in the kernel log */
static int fips140_test_fire(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "dump_stack"))
		dump_stack();
	else
		trace_fips140_test_event(val);
	return 0;
}

static const struct kernel_param_ops fips140_test_fire_ops = {
	.set = fips140_test_fire,
};
module_param_cb(fire, &fips140_test_fire_ops, NULL, 0200);
MODULE_PARM_DESC(fire, "fire the trace event fips140_test:fips140_test_event with the text written");
