/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 part of the vmlinux side of fips140.ko (CONFIG_CRYPTO_FIPS140_EXTMOD):
 * the trampolines through which vmlinux calls the module's functions.
 */
#ifndef _ASM_ARM64_FIPS140_H
#define _ASM_ARM64_FIPS140_H

#ifdef __ASSEMBLY__

#include <linux/linkage.h>
#include <asm/assembler.h>

/*
 * FIPS140_TRAMPOLINE name: vmlinux calls function \name of fips140.ko as
 * __wrap_\name (the final link of vmlinux passes --wrap=\name).
 *
 * SYM_FUNC_START provides the BTI landing pad (vmlinux may take the
 * function's address and call it indirectly).  The branch after it is
 * patched by the loader into a direct B to the module's function when
 * that is in reach (+-128 MiB, the usual case: modules are placed next to
 * the kernel text).  Otherwise the loader writes the function's address
 * into the literal and turns the branch into a NOP, so that the call goes
 * through x16, the intra-procedure-call register that veneers may
 * clobber, and lands on the function's own BTI landing pad.
 *
 * The loader finds the literal 12 bytes after the branch.  Until the
 * module is plugged in, the branch goes to its unplugged handler, which
 * stops the kernel naming \name.  scripts/fips140/gen-redirect.sh, which expands this
 * macro, emits the name .L__fips140_fn_name_\name and the key by which
 * the loader finds .L__fips140_jump_\name.
 */
.macro FIPS140_TRAMPOLINE name
	.pushsection .text, "ax"
	.balign	8			/* the literal is 16 bytes in */
SYM_FUNC_START(__wrap_\name)
.L__fips140_jump_\name:
	b	__fips140_unplugged_\name
	ldr	x16, .L__fips140_lit_\name
	br	x16
.L__fips140_lit_\name:
	.quad	__fips140_unplugged_\name
SYM_FUNC_END(__wrap_\name)
	.popsection

	.pushsection .init.text, "ax"
SYM_FUNC_START_LOCAL(__fips140_unplugged_\name)
	adr_l	x0, .L__fips140_fn_name_\name
	b	__fips140_unplugged
SYM_FUNC_END(__fips140_unplugged_\name)
	.popsection
.endm

#else /* !__ASSEMBLY__ */

#include <linux/sizes.h>
#include <asm/insn.h>
#include <asm/patching.h>

#define FIPS140_ARM64_LITERAL_OFFSET	12

/*
 * Point the trampoline whose branch is at @jump to @func, in its far form
 * if @far (a test) or if @func is out of reach of a B; 0 (near), 1 (far)
 * or a negative error code.
 */
static inline int fips140_arch_plug(void *jump, void *func, bool far)
{
	long offset = (long)func - (long)jump;
	u32 insn;
	int err;

	far |= offset < -SZ_128M || offset >= SZ_128M;
	if (!far) {
		insn = aarch64_insn_gen_branch_imm((unsigned long)jump,
						   (unsigned long)func,
						   AARCH64_INSN_BRANCH_NOLINK);
	} else {
		err = aarch64_insn_write_literal_u64(jump +
						     FIPS140_ARM64_LITERAL_OFFSET,
						     (u64)func);
		if (err)
			return err;
		insn = aarch64_insn_gen_nop();
	}
	if (insn == AARCH64_BREAK_FAULT)
		return -ERANGE;
	err = aarch64_insn_patch_text_nosync(jump, insn);
	return err ?: far;
}

#endif /* __ASSEMBLY__ */

#endif /* _ASM_ARM64_FIPS140_H */
