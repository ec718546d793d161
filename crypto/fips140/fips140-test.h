/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loader's hooks for fips140_test= (fips140-test.c, built with
 * CONFIG_CRYPTO_FIPS140_EXTMOD_TEST).  Without the option each is a
 * constant: no fault, the module's own name.
 */
#ifndef _CRYPTO_FIPS140_TEST_H
#define _CRYPTO_FIPS140_TEST_H

#include <linux/types.h>

struct fips140_self_test;
struct module;

#ifdef CONFIG_CRYPTO_FIPS140_EXTMOD_TEST
bool fips140_test_far_jumps(void);
unsigned long fips140_test_jump_target(unsigned long func);
unsigned int fips140_test_faults(void);
const char *fips140_test_name(void);
unsigned int fips140_test_layout_version(void);
void *fips140_test_damage(struct fips140_self_test *img);
bool fips140_test_initcall_swap(void);
bool fips140_test_initcall_unnamed(void);
bool fips140_test_setup_unnamed(void);
unsigned int fips140_test_accepted(unsigned int n, bool *other);
void fips140_test_plugged(struct module *mod);
void fips140_test_init_fail(struct module *mod);
#else
static inline bool fips140_test_far_jumps(void)
{
	return false;
}

static inline unsigned long fips140_test_jump_target(unsigned long func)
{
	return func;
}

static inline unsigned int fips140_test_faults(void)
{
	return 0;
}

static inline const char *fips140_test_name(void)
{
	return "fips140";
}

static inline unsigned int fips140_test_layout_version(void)
{
	return 0;
}

static inline void *fips140_test_damage(struct fips140_self_test *img)
{
	return NULL;
}

static inline bool fips140_test_initcall_swap(void)
{
	return false;
}

static inline bool fips140_test_initcall_unnamed(void)
{
	return false;
}

static inline bool fips140_test_setup_unnamed(void)
{
	return false;
}

static inline unsigned int fips140_test_accepted(unsigned int n, bool *other)
{
	*other = false;
	return n;
}

static inline void fips140_test_plugged(struct module *mod)
{
}

static inline void fips140_test_init_fail(struct module *mod)
{
}
#endif

#endif /* _CRYPTO_FIPS140_TEST_H */
