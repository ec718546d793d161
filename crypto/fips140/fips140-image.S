/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fips140.ko, embedded in vmlinux (CONFIG_CRYPTO_FIPS140_EXTMOD).
 *
 * A header of 64 bytes (struct fips140_image_header, fips140.h): the
 * magic "FIPS140-IMAGE-V1", the length of the module, the length of its
 * digest and the digest, HMAC-SHA256 of the module keyed with
 * CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY (scripts/fips140/hmac-sha256.sh),
 * then the module, byte for byte crypto/fips140/fips140.ko.
 * scripts/fips140/extract-fips140 finds them by the magic, so that a lab
 * can check the module and its digest offline.
 *
 * The image is init data: the loader copies it into a temporary buffer
 * for the module loader, and the kernel frees it with the rest of its
 * init memory once boot is done.  Being in .init.rodata.*, it needs no
 * linker script change on any architecture.
 */

	.section .init.rodata.fips140_image, "a"
	.balign 64
	.globl	__fips140_image_header
__fips140_image_header:
	.ascii	"FIPS140-IMAGE-V1"
	.quad	__fips140_image_end - __fips140_image_start
	.quad	32
	.incbin	"crypto/fips140/fips140.hmac"
	.org	__fips140_image_header + 64	/* an HMAC-SHA256 is 32 bytes */
	.globl	__fips140_image_start
__fips140_image_start:
	.incbin	"crypto/fips140/fips140.ko"
	.globl	__fips140_image_end
__fips140_image_end:
