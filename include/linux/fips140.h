/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The standalone crypto module, fips140.ko (CONFIG_CRYPTO_FIPS140_EXTMOD).
 *
 * With the option set, the crypto code that is built in (crypto-objs-y)
 * is linked into fips140.ko instead of vmlinux.  vmlinux still calls its
 * functions by their usual names: the final link redirects them (ld
 * --wrap) to trampolines that the loader points at the module.
 *
 * Exported *variables* of the moved code cannot be redirected that way.
 * Their header declares them so that code in vmlinux reaches them through
 * a pointer, plugged in when the module is loaded, while the module itself
 * and other modules use them directly:
 *
 *	#if FIPS140_VAR_REDIRECTED(CONFIG_CRYPTO_MD5)
 *	FIPS140_DECLARE_VAR(md5_zero_message_hash, const u8[MD5_DIGEST_SIZE]);
 *	#define md5_zero_message_hash FIPS140_VAR(md5_zero_message_hash)
 *	#else
 *	extern const u8 md5_zero_message_hash[MD5_DIGEST_SIZE];
 *	#endif
 *
 * The variable keeps its type (an array stays an array to sizeof).  The
 * pointer itself is generated at build time, read-only after init, for
 * each such variable that vmlinux references; a reference that bypasses
 * the header is a build error naming the variable.
 *
 * The variable must be defined by a crypto-objs-y object (one that moves
 * into fips140.ko): its definition is compiled outside vmlinux, where the
 * header does not redirect the name.
 */
#ifndef _LINUX_FIPS140_H
#define _LINUX_FIPS140_H

#include <linux/init.h>
#include <linux/kconfig.h>

/*
 * Code compiled into fips140.ko is built with -DFIPS_MODULE; code of
 * other modules with -DMODULE.  Only vmlinux goes through the pointers.
 */
#if defined(CONFIG_CRYPTO_FIPS140_EXTMOD) && !defined(MODULE) && \
	!defined(FIPS_MODULE)
#define FIPS140_VAR_REDIRECTED(cfg)	IS_BUILTIN(cfg)
#else
#define FIPS140_VAR_REDIRECTED(cfg)	0
#endif

/*
 * A use of the variable before the module is loaded (its pointer is
 * still NULL) stops the kernel, naming the variable, as a call through
 * an unplugged trampoline does.
 */
#define FIPS140_DECLARE_VAR(name, type)					\
	extern typeof(type) *const __fips140_var_##name
#define FIPS140_VAR(name)						\
	(*({								\
		typeof(__fips140_var_##name) __fips140_p =		\
			__fips140_var_##name;				\
		if (__builtin_expect(!__fips140_p, 0))			\
			__fips140_unplugged_var(#name);			\
		__fips140_p;						\
	}))

/*
 * EXPORT_SYMBOL_FIPS140(sym): a symbol that needs exporting only because
 * vmlinux and the crypto code are now linked separately -- a symbol of
 * vmlinux that the crypto code uses, or one of the crypto code that
 * vmlinux uses.  Exported to the FIPS140_INTERNAL namespace, and only
 * with CONFIG_CRYPTO_FIPS140_EXTMOD; the exports are gathered in
 * crypto/fips140/ (vmlinux side in fips140-loader.c, module side in
 * fips140-module.c), not spread over the files that define the symbols.
 */
#ifdef CONFIG_CRYPTO_FIPS140_EXTMOD
#define EXPORT_SYMBOL_FIPS140(sym)	EXPORT_SYMBOL_NS_GPL(sym, FIPS140_INTERNAL)
#else
#define EXPORT_SYMBOL_FIPS140(sym)
#endif

#ifndef __ASSEMBLY__
/*
 * Code built with -DFIPS140_BOUNDARY -- fips140.ko, and the modules of
 * crypto-objs-m, which kbuild compiles with this header included -- is
 * inside the boundary of the crypto module.  It says so in an ELF note
 * (owner "fips140", section .note.fips140), which
 * scripts/fips140/list-boundary-modules.sh looks for, and which shows in
 * /sys/module/<name>/notes/ once the module is loaded.
 */
#ifdef FIPS140_BOUNDARY
asm(".pushsection .note.fips140, \"a\", %note\n"
	"	.balign 4\n"
	"	.long 8, 4, 1\n"		/* name size, desc size, type */
	"	.asciz \"fips140\"\n"
	"	.long 1\n"			/* boundary note version */
	"	.popsection\n");
#endif

/*
 * do_initcalls() calls fips140_load() with its initcall_levels[] before
 * initcall level FIPS140_LOAD_LEVEL: the first at which module memory can
 * be allocated (CONFIG_CRYPTO_FIPS140_LOAD_LEVEL).
 */
#ifdef CONFIG_CRYPTO_FIPS140_EXTMOD
#define FIPS140_LOAD_LEVEL	CONFIG_CRYPTO_FIPS140_LOAD_LEVEL
/* init/main.c's, which the loader shares: static without the option */
#define VISIBLE_IF_FIPS140
void repair_env_string(char *param, char *val);
void fips140_load(initcall_entry_t **levels);
void fips140_initcalls_done(void);
void __noreturn __fips140_unplugged_var(const char *name);
#else
#define FIPS140_LOAD_LEVEL	0	/* fips140_load() does nothing */
#define VISIBLE_IF_FIPS140	static
static inline void fips140_load(initcall_entry_t **levels) { }
static inline void fips140_initcalls_done(void) { }
#endif
#endif

#endif /* _LINUX_FIPS140_H */
