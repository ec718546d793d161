/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 part of the vmlinux side of fips140.ko (CONFIG_CRYPTO_FIPS140_EXTMOD):
 * the trampolines through which vmlinux calls the module's functions.
 */
#ifndef _ASM_X86_FIPS140_H
#define _ASM_X86_FIPS140_H

#ifdef __ASSEMBLY__

#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/unwind_hints.h>

/*
 * FIPS140_TRAMPOLINE name: vmlinux calls function \name of fips140.ko as
 * __wrap_\name (the final link of vmlinux passes --wrap=\name).
 *
 * The body is one 5-byte direct jump that the loader rewrites
 * (fips140_arch_plug()) to jump straight to the module's function, then
 * an int3, as after any jump in an SLS-hardened kernel, which also tells
 * objtool that nothing falls through.  A call through it costs one direct
 * jump more than a direct call, with no pointer load and no retpoline;
 * the jump target lives in read-only kernel text.
 *
 * SYM_FUNC_START provides the ENDBR (vmlinux may take the function's
 * address) and the padding that call depth tracking expects in front of
 * a function.  Until the module is plugged in, the jump goes to its
 * unplugged handler, which stops the kernel naming \name.  scripts/fips140/gen-redirect.sh,
 * which expands this macro, emits the name .L__fips140_fn_name_\name and
 * the key by which the loader finds .L__fips140_jump_\name.
 */
.macro FIPS140_TRAMPOLINE name
	.pushsection .text, "ax"
SYM_FUNC_START(__wrap_\name)
.L__fips140_jump_\name:
	.byte	0xe9
	.long	__fips140_unplugged_\name - (. + 4)
	int3
SYM_FUNC_END(__wrap_\name)
	.popsection

	.pushsection .init.text, "ax"
SYM_CODE_START_LOCAL(__fips140_unplugged_\name)
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR
	leaq	.L__fips140_fn_name_\name(%rip), %rdi
	jmp	__fips140_unplugged
SYM_CODE_END(__fips140_unplugged_\name)
	.popsection
.endm

#else /* !__ASSEMBLY__ */

#include <linux/memory.h>
#include <linux/mutex.h>
#include <asm/text-patching.h>

/*
 * Point the trampoline whose jump is at @jump to @func; 0.  There is no
 * far form (@far is ignored): the module area is within reach of a 32-bit
 * jump.  Other CPUs may be running: the jump is rewritten as static calls
 * rewrite theirs (text_poke_bp(), under text_mutex).
 */
static inline int fips140_arch_plug(void *jump, void *func, bool far)
{
	mutex_lock(&text_mutex);
	text_poke_bp(jump, text_gen_insn(JMP32_INSN_OPCODE, jump, func),
		     JMP32_INSN_SIZE, NULL);
	mutex_unlock(&text_mutex);
	return 0;
}

#endif /* __ASSEMBLY__ */

#endif /* _ASM_X86_FIPS140_H */
