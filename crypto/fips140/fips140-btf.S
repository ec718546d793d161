/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BTF of the embedded fips140.ko (CONFIG_DEBUG_INFO_BTF_MODULES),
 * split from vmlinux's: scripts/fips140/gen-btf.sh, run by
 * scripts/link-vmlinux.sh once vmlinux's own BTF exists, writes
 * crypto/fips140/fips140.btf (and fresh/fips140.btf) and assembles this.
 * The loader gives it to the module loader as the module's .BTF
 * (load_embedded_module()), which copies it: it is init data, freed with
 * the images.  It is not part of the images, whose bytes stay what the
 * integrity test covers.
 */

.macro fips140_btf name, btf
	.section .init.rodata.fips140_btf_\name, "a"
	.balign 8
	.globl	__fips140_btf_\name\()_start
__fips140_btf_\name\()_start:
	.incbin	"\btf"
	.globl	__fips140_btf_\name\()_end
__fips140_btf_\name\()_end:
.endm

	fips140_btf image, "crypto/fips140/fips140.btf"
#ifdef CONFIG_CRYPTO_FIPS140_DUAL_VERSION
	fips140_btf nofips, "crypto/fips140/fresh/fips140.btf"
#endif
