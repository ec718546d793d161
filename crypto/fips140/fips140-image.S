/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fips140.ko, embedded in vmlinux (CONFIG_CRYPTO_FIPS140_EXTMOD).
 *
 * The image is init data: the loader copies it into a temporary buffer
 * for the module loader, and the kernel frees it with the rest of its
 * init memory once boot is done.  Being in .init.rodata.*, it needs no
 * linker script change on any architecture.
 */

	.section .init.rodata.fips140_image, "a"
	.balign 16
	.globl	__fips140_image_start
__fips140_image_start:
	.incbin	"crypto/fips140/fips140.ko"
	.globl	__fips140_image_end
__fips140_image_end:
