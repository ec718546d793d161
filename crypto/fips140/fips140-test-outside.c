// SPDX-License-Identifier: GPL-2.0
/*
 * fips140-test-outside.ko (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST): a module
 * outside the boundary of fips140.ko -- an ordinary module, without the
 * .note.fips140 of <linux/fips140.h> -- that serves an approved
 * algorithm, sha256, as the driver "sha256-outside".  The service
 * indicator must not report it approved: it is not implemented inside
 * the boundary (tools/testing/fips140/guest/checks.sh).
 */
#include <crypto/internal/hash.h>
#include <crypto/sha2.h>
#include <linux/module.h>

static int outside_init(struct shash_desc *desc)
{
	sha256_init(shash_desc_ctx(desc));
	return 0;
}

static int outside_update(struct shash_desc *desc, const u8 *data,
			  unsigned int len)
{
	sha256_update(shash_desc_ctx(desc), data, len);
	return 0;
}

static int outside_final(struct shash_desc *desc, u8 *out)
{
	sha256_final(shash_desc_ctx(desc), out);
	return 0;
}

static struct shash_alg outside_alg = {
	.digestsize	= SHA256_DIGEST_SIZE,
	.init		= outside_init,
	.update		= outside_update,
	.final		= outside_final,
	.descsize	= sizeof(struct sha256_state),
	.base		= {
		.cra_name		= "sha256",
		.cra_driver_name	= "sha256-outside",
		.cra_priority		= 1,
		.cra_blocksize		= SHA256_BLOCK_SIZE,
		.cra_module		= THIS_MODULE,
	},
};

static int __init outside_mod_init(void)
{
	return crypto_register_shash(&outside_alg);
}

static void __exit outside_mod_exit(void)
{
	crypto_unregister_shash(&outside_alg);
}

module_init(outside_mod_init);
module_exit(outside_mod_exit);

MODULE_DESCRIPTION("fips140 boot tests: sha256 served outside the module's boundary");
MODULE_LICENSE("GPL");
