// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Modules embedded in vmlinux, such as fips140.ko
 * (CONFIG_CRYPTO_FIPS140_EXTMOD), are loaded from memory by the regular
 * loader early in boot.  They are trusted as part of the
 * kernel image, which the boot chain has verified: the module signature
 * check is skipped and they count as signed.  Everything else -- ELF
 * checks, vermagic and modversions, taints, relocation, sysfs -- is as
 * for init_module(2); the LSM hooks of kernel_load_data are not called,
 * see Documentation/crypto/fips140.rst.  Their code is built-in code: its
 * initcalls are run by the caller at the kernel's own boot levels, and
 * the module's init function only by finish_embedded_module(), after the
 * last level.  Until then the module is COMING, yet
 * strong_try_module_get() lets other modules link against it, and
 * loading its copy from disk finds it loaded
 * (module_patient_check_exists()) rather than waiting for it.  Once
 * loaded, it is part of the kernel: it is never unloaded, not even by
 * a forced rmmod, and it is never freed, not even when its init fails.
 */

#include <linux/bsearch.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/module_embedded.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "internal.h"
#include "embedded.h"

/*
 * There is one embedded module at most: set under module_mutex before it
 * becomes COMING, read-only after init.
 */
struct module *embedded_module __ro_after_init;

/**
 * load_embedded_module() - load a module image that is part of vmlinux
 * @name: the module's name
 * @image: the module image
 * @len: its size
 * @plug: called with the loaded module before any code of it runs (its
 *	constructors), to point vmlinux's calls at it
 *
 * The image is copied into a temporary buffer, which is freed once the
 * module is loaded.  The module is not initialized yet: see
 * finish_embedded_module().  It gets no parameters from here.
 *
 * Return: the module, or an ERR_PTR().
 */
struct module * __init load_embedded_module(const char *name,
					    const void *image,
					    unsigned long len,
					    void (*plug)(struct module *mod))
{
	struct load_info info = { .embedded = true, .len = len };
	struct module *mod;
	int err;

	if (embedded_module) {
		pr_err("embedded module %s: %s is already loaded\n", name,
		       embedded_module->name);
		return ERR_PTR(-EBUSY);
	}

	/* This runs before subsys_initcall creates the "module" kset. */
	err = module_kset_init();
	if (err)
		return ERR_PTR(err);

	info.hdr = vmalloc(len);
	if (!info.hdr)
		return ERR_PTR(-ENOMEM);
	memcpy(info.hdr, image, len);

	err = load_module(&info, NULL, 0);
	if (err) {
		embedded_module = NULL;	/* freed, if it got that far */
		return ERR_PTR(err);
	}

	mod = embedded_module;
	if (!mod || strcmp(mod->name, name)) {
		pr_err("embedded module: the image is not module %s\n", name);
		return ERR_PTR(-ENOENT);
	}
	plug(mod);
#ifdef CONFIG_CONSTRUCTORS
	/* Built-in code has its constructors run before any initcall. */
	do_mod_ctors(mod);
	mod->num_ctors = 0;	/* not again in do_init_module() */
#endif
	return mod;
}

/**
 * finish_embedded_module() - initialize a module loaded by load_embedded_module()
 * @mod: the module
 *
 * Runs the module's init function, makes it live and frees its init
 * memory, as the end of init_module(2) does.  If that fails, the kernel
 * stops (do_init_module()): the module is in use and cannot be freed.
 */
void __init finish_embedded_module(struct module *mod)
{
	do_init_module(mod);
}

/**
 * embedded_module_symbol() - address of a symbol exported by a module
 * @mod: the module, which may still be COMING
 * @name: the symbol
 *
 * Return: the address, or 0 if @mod does not export @name.
 */
unsigned long __init embedded_module_symbol(struct module *mod,
					    const char *name)
{
	const struct kernel_symbol *sym;

	/* Each table is sorted by name, as the loader searches it. */
	sym = bsearch(name, mod->syms, mod->num_syms, sizeof(*sym), cmp_name);
	if (!sym)
		sym = bsearch(name, mod->gpl_syms, mod->num_gpl_syms,
			      sizeof(*sym), cmp_name);
	return sym ? kernel_symbol_value(sym) : 0;
}
