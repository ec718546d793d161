// SPDX-License-Identifier: GPL-2.0
/*
 * fips140.ko: the module entry of the standalone crypto module.
 *
 * The rest of the module is the crypto code that would otherwise be
 * built in (crypto-objs-y), compiled with -DFIPS_MODULE.  fips140.lds
 * gathers its initcalls, __setup() handlers and parameters; this file
 * tells the loader in vmlinux (fips140-loader.c) where they are.  The
 * loader runs the initcalls at the kernel's own boot levels and, once
 * the last level is done, calls fips140_init() below.
 *
 * The module cannot be unloaded: it has no exit function.
 */
#define pr_fmt(fmt) "fips140: " fmt

#define FIPS140_BOUNDARY	/* mark fips140.ko, see <linux/fips140.h> */

#include <linux/fips140.h>
#include <linux/module.h>
#include <crypto/public_key.h>
#include <linux/verification.h>
#include <generated/utsrelease.h>

#include "fips140.h"

/*
 * An allocated, empty input section for each section fips140.lds
 * gathers, so that each output section is allocated even when nothing
 * of the crypto code is in it.
 */
asm(".pushsection .initcall0.init, \"a\"; .popsection\n"
	".pushsection .initcall1.init, \"a\"; .popsection\n"
	".pushsection .initcall2.init, \"a\"; .popsection\n"
	".pushsection .initcall3.init, \"a\"; .popsection\n"
	".pushsection .initcall4.init, \"a\"; .popsection\n"
	".pushsection .initcall5.init, \"a\"; .popsection\n"
	".pushsection .initcall6.init, \"a\"; .popsection\n"
	".pushsection .initcall7.init, \"a\"; .popsection\n"
	".pushsection .init.setup, \"a\"; .popsection\n"
	".pushsection __param, \"a\"; .popsection\n");

#define FIPS140_RANGE(n)						\
	{ __fips140_initcall##n##_start, __fips140_initcall##n##_end }

/*
 * Not exported: the loader finds it in the module's symbol table while
 * the module is COMING, and it is freed with the module's init memory.
 */
const struct fips140_layout __fips140_layout __initconst = {
	.initcalls = {
		FIPS140_RANGE(0), FIPS140_RANGE(1), FIPS140_RANGE(2),
		FIPS140_RANGE(3), FIPS140_RANGE(4), FIPS140_RANGE(5),
		FIPS140_RANGE(6), FIPS140_RANGE(7),
	},
	.setup_start = __fips140_setup_start,
	.setup_end = __fips140_setup_end,
	.param_start = __fips140_param_start,
	.param_end = __fips140_param_end,
};

/*
 * Symbols of the crypto code that vmlinux uses but that are not exported,
 * as they used to be built in (EXPORT_SYMBOL_FIPS140, <linux/fips140.h>).
 */
#if IS_BUILTIN(CONFIG_ASYMMETRIC_KEY_TYPE)
EXPORT_SYMBOL_FIPS140(restrict_link_by_signature);
EXPORT_SYMBOL_FIPS140(restrict_link_by_digsig);
#endif
/* kexec_file_load() of a signed bzImage (KEXEC_SIG) */
#if IS_BUILTIN(CONFIG_SIGNED_PE_FILE_VERIFICATION)
EXPORT_SYMBOL_FIPS140(verify_pefile_signature);
#endif

#if defined(CONFIG_CRYPTO_FIPS140_EXTMOD_TEST) && defined(CONFIG_CONSTRUCTORS)
/* The boot tests check when the constructors of the module run. */
static void __init __attribute__((constructor)) fips140_test_ctor(void)
{
	fips140_test_constructor();
}
#endif

static int __init fips140_init(void)
{
	unsigned int n = 0, level;

	for (level = 0; level < FIPS140_INITCALL_LEVELS; level++)
		n += __fips140_layout.initcalls[level].end -
		     __fips140_layout.initcalls[level].start;
	pr_info("crypto module %s ready (%u initcalls run at boot)\n",
		UTS_RELEASE, n);
	return 0;
}
module_init(fips140_init);

MODULE_DESCRIPTION("Standalone crypto module: the kernel's built-in crypto, for FIPS 140");
MODULE_VERSION(UTS_RELEASE);
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(FIPS140_INTERNAL);
