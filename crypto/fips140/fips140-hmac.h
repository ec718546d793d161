/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HMAC-SHA256 (FIPS 198-1) over the SHA-256 of lib/crypto, for the
 * integrity self-test of fips140.ko, which runs before the crypto API
 * exists.  fips140-module.c includes it for the self-test itself, which
 * runs the module's own SHA-256; fips140-loader.c for vmlinux's check of
 * the image before the module loader reads it, with vmlinux's SHA-256.
 */
#ifndef _CRYPTO_FIPS140_HMAC_H
#define _CRYPTO_FIPS140_HMAC_H

#include <crypto/sha2.h>
#include <linux/init.h>
#include <linux/string.h>

/* The key (CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY) is not a secret. */
#define FIPS140_HMAC_KEY	CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY

/* Every temporary (key block, pads, hash state) is zeroised. */
static void __init fips140_hmac_sha256(const u8 *key, size_t klen,
				       const u8 *msg, size_t len,
				       u8 out[SHA256_DIGEST_SIZE])
{
	u8 k[SHA256_BLOCK_SIZE] = {}, pad[SHA256_BLOCK_SIZE];
	struct sha256_state st;
	int i;

	if (klen > SHA256_BLOCK_SIZE)
		sha256(key, klen, k);
	else
		memcpy(k, key, klen);

	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&st);
	sha256_update(&st, pad, sizeof(pad));
	sha256_update(&st, msg, len);
	sha256_final(&st, out);

	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&st);
	sha256_update(&st, pad, sizeof(pad));
	sha256_update(&st, out, SHA256_DIGEST_SIZE);
	sha256_final(&st, out);

	memzero_explicit(k, sizeof(k));
	memzero_explicit(pad, sizeof(pad));
	memzero_explicit(&st, sizeof(st));
}

#endif /* _CRYPTO_FIPS140_HMAC_H */
