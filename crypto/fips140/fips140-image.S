/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fips140.ko, embedded in vmlinux (CONFIG_CRYPTO_FIPS140_EXTMOD).
 *
 * A header of 64 bytes (struct fips140_image_header, fips140.h): the
 * magic "FIPS140-IMAGE-V1", the length of the module, the length of its
 * digest and the digest, HMAC-SHA256 of the module keyed with
 * CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY (scripts/fips140/hmac-sha256.sh),
 * then the module, byte for byte crypto/fips140/fips140.ko: this tree's
 * module, or with CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT the prebuilt one.
 * With CONFIG_CRYPTO_FIPS140_DUAL_VERSION a second image follows, this
 * tree's module (crypto/fips140/fresh/fips140.ko), under the magic
 * "FIPS140-NOFIPS-1": the loader takes it when the kernel does not boot
 * in fips mode.  scripts/fips140/extract-fips140 finds them by the
 * magic, so that a lab can check the module and its digest offline.
 *
 * The images are init data: the loader copies the one it loads into a
 * temporary buffer for the module loader, and the kernel frees both with
 * the rest of its init memory once boot is done.  Being in
 * .init.rodata.*, they need no linker script change on any architecture.
 */

.macro fips140_image name, magic, ko, hmac
	.section .init.rodata.fips140_\name, "a"
	.balign 64
	.globl	__fips140_\name\()_header
__fips140_\name\()_header:
	.ascii	"\magic"
	.quad	__fips140_\name\()_end - __fips140_\name\()_start
	.quad	32
	.incbin	"\hmac"
	.org	__fips140_\name\()_header + 64	/* an HMAC-SHA256 is 32 bytes */
	.globl	__fips140_\name\()_start
__fips140_\name\()_start:
	.incbin	"\ko"
	.globl	__fips140_\name\()_end
__fips140_\name\()_end:
.endm

	fips140_image image, "FIPS140-IMAGE-V1", \
		"crypto/fips140/fips140.ko", "crypto/fips140/fips140.hmac"
#ifdef CONFIG_CRYPTO_FIPS140_DUAL_VERSION
	fips140_image nofips, "FIPS140-NOFIPS-1", \
		"crypto/fips140/fresh/fips140.ko", "crypto/fips140/fresh/fips140.hmac"
#endif
