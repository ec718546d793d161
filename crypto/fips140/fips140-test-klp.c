// SPDX-License-Identifier: GPL-2.0
/*
 * A livepatch of the embedded fips140.ko (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST
 * with CONFIG_LIVEPATCH), for the tests of tools/testing/fips140/: loading
 * it must fail, the livepatch core refusing to patch a module embedded in
 * vmlinux, whose code is certified as it was built.  Were it applied,
 * every SHA-256 through crypto_shash_digest() would fail.
 */
#include <linux/errno.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <crypto/hash.h>

static int fips140_test_klp_digest(struct shash_desc *desc, const u8 *data,
				   unsigned int len, u8 *out)
{
	return -EIO;
}

static struct klp_func fips140_test_klp_funcs[] = {
	{
		.old_name = "crypto_shash_digest",
		.new_func = fips140_test_klp_digest,
	},
	{ }
};

static struct klp_object fips140_test_klp_objs[] = {
	{
		.name = "fips140",
		.funcs = fips140_test_klp_funcs,
	},
	{ }
};

static struct klp_patch fips140_test_klp_patch = {
	.mod = THIS_MODULE,
	.objs = fips140_test_klp_objs,
};

static int __init fips140_test_klp_init(void)
{
	return klp_enable_patch(&fips140_test_klp_patch);
}
module_init(fips140_test_klp_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A livepatch of fips140.ko, which must be refused (test)");
MODULE_INFO(livepatch, "Y");
