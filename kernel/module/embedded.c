// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Modules embedded in vmlinux, such as fips140.ko
 * (CONFIG_CRYPTO_FIPS140_EXTMOD), are loaded from memory by the regular
 * loader early in boot.  They are trusted as part of the
 * kernel image, which the boot chain has verified: the module signature
 * check is skipped and they count as signed.  Everything else -- ELF
 * checks, vermagic and modversions, taints, relocation, sysfs, kallsyms,
 * ftrace -- is as for init_module(2), but for the imports whose symbol
 * versions the build accepted for the image (its table of versions:
 * module_embedded_version_accepted()); the LSM hooks of kernel_load_data
 * are not called, see Documentation/crypto/fips140.rst.  Their code is
 * built-in code: its initcalls are run by the caller at the kernel's own
 * boot levels, and the module's init function only by
 * finish_embedded_module(), after the last level.  Until then the module
 * is COMING, yet strong_try_module_get() lets other modules link against
 * it, and loading its copy from disk finds it loaded
 * (module_patient_check_exists()) rather than waiting for it.  Once
 * loaded, it is part of the kernel: it is never unloaded, not even by
 * a forced rmmod, and it is never freed, not even when its init fails.
 *
 * Module notifiers: the module is loaded before most subsystems that
 * watch modules (BTF, trace events, tracepoints, the printk index, error
 * injection, SRCU, ...) have registered their notifier, at the initcall
 * level of their subsystem.  Each notifier registered while the module is
 * COMING is told MODULE_STATE_COMING of it by finish_embedded_module(),
 * in the chain's priority order, once every initcall level has run --
 * where they would have seen it, had it been loaded from the initramfs
 * -- and then MODULE_STATE_LIVE with all the others.  Notifiers registered
 * before it loaded (jump labels, static calls, kprobes, dynamic debug,
 * the trace_printk formats: early initcalls) saw it COMING at load time.
 *
 * The boundary: a module whose image has a section .note.<name>, <name>
 * being the embedded module's (for fips140.ko, .note.fips140 of
 * <linux/fips140.h>), declares itself part of the embedded module:
 * module_in_embedded_boundary() says so of it, as of the embedded module
 * itself.  The build may have accepted other symbol versions for the
 * imports of such a module too, loaded later from the file system: it
 * gives them with the embedded image, per module, each for the SHA-256
 * of the module's image (module_embedded_boundary()).
 */

#include <crypto/sha2.h>
#include <linux/bsearch.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/module_embedded.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/xarray.h>
#include "internal.h"
#include "embedded.h"

/*
 * There is one embedded module at most: set under module_mutex before it
 * becomes COMING, read-only after init.
 */
struct module *embedded_module __ro_after_init;

/* Its boundary modules with accepted versions: see module_embedded_boundary() */
static const struct embedded_boundary_module *boundary_modules __ro_after_init;
static unsigned int num_boundary_modules __ro_after_init;

/*
 * The modules of the embedded module's boundary, keyed by their struct
 * module: each module's formation stores or erases the entry of its
 * address, so that the entry of a live module is what its own image said
 * (that of a module freed since is never read, and is replaced by the
 * next module formed at its address).
 */
static DEFINE_XARRAY(boundary);

/*
 * The module notifiers registered while the embedded module is COMING, in
 * the chain's order (by priority, then first come), for
 * finish_embedded_module() to tell them of it.  Once it has, late_nbs is
 * empty and late_done set; registrations after that are told nothing,
 * as for any module loaded before them.
 */
struct late_nb {
	struct list_head list;
	struct notifier_block *nb;
};

static DEFINE_MUTEX(late_mutex);
static LIST_HEAD(late_nbs);
static bool late_done;
/* the notifier embedded_notify_late() is calling, under late_mutex */
static struct notifier_block *late_calling;
static DECLARE_WAIT_QUEUE_HEAD(late_wq);

/*
 * register_module_notifier() holds late_mutex around its registration,
 * as load_embedded_module() does around load_module(): a notifier is told
 * of the module either by the chain, at load time, or by
 * finish_embedded_module(), never by both or by neither.
 */
void module_embedded_notifier_lock(void)
{
	mutex_lock(&late_mutex);
}

void module_embedded_notifier_unlock(void)
{
	mutex_unlock(&late_mutex);
}

/* register_module_notifier(), under late_mutex: keep @nb if it is COMING */
void module_embedded_register(struct notifier_block *nb)
{
	struct late_nb *l, *pos;

	lockdep_assert_held(&late_mutex);
	if (!embedded_module || late_done)
		return;
	/* a few dozen bytes, once per subsystem during boot */
	l = kmalloc(sizeof(*l), GFP_KERNEL | __GFP_NOFAIL);
	l->nb = nb;
	/* before the first of a lower priority, as notifier_chain_register() */
	list_for_each_entry(pos, &late_nbs, list)
		if (nb->priority > pos->nb->priority)
			break;
	list_add_tail(&l->list, &pos->list);
}

/*
 * unregister_module_notifier(): once it returns, @nb is not called and
 * will not be, also by embedded_notify_late(): a pending call is dropped,
 * a running one waited for.
 */
void module_embedded_unregister(struct notifier_block *nb)
{
	struct late_nb *l, *tmp;

	mutex_lock(&late_mutex);
	list_for_each_entry_safe(l, tmp, &late_nbs, list) {
		if (l->nb == nb) {
			list_del(&l->list);
			kfree(l);
		}
	}
	mutex_unlock(&late_mutex);
	wait_event(late_wq, READ_ONCE(late_calling) != nb);
}

/*
 * Tell the notifiers registered since the module loaded that it is
 * COMING, one at a time, each taken off the list under late_mutex and
 * called without it (a callback may register or unregister other
 * notifiers, or wait for a thread that does): a concurrent
 * unregister_module_notifier() either removes a notifier before its call
 * or waits until the call has returned.  As in any blocking notifier
 * chain, a callback must not unregister its own notifier.  A notifier
 * that fails cannot stop the module, part of the kernel by now, from
 * loading, as it would stop another one: it is named.
 */
static void __init embedded_notify_late(struct module *mod)
{
	struct notifier_block *nb;
	struct late_nb *l;
	int err;

	mutex_lock(&late_mutex);
	while ((l = list_first_entry_or_null(&late_nbs, struct late_nb, list))) {
		list_del(&l->list);
		nb = l->nb;
		kfree(l);
		WRITE_ONCE(late_calling, nb);
		mutex_unlock(&late_mutex);

		err = notifier_to_errno(nb->notifier_call(nb, MODULE_STATE_COMING,
							  mod));
		if (err)
			pr_err("embedded module %s: module notifier %ps failed: error %d\n",
			       mod->name, nb->notifier_call, err);

		mutex_lock(&late_mutex);
		WRITE_ONCE(late_calling, NULL);
		wake_up_all(&late_wq);
	}
	late_done = true;
	mutex_unlock(&late_mutex);
}

/* Whether the image of @info has a section .note.<name of the embedded module> */
static bool module_has_boundary_note(const struct load_info *info)
{
	const char *name = READ_ONCE(embedded_module)->name;
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		const char *sec = info->secstrings + info->sechdrs[i].sh_name;

		if (info->sechdrs[i].sh_type == SHT_NOTE &&
		    str_has_prefix(sec, ".note.") && !strcmp(sec + 6, name))
			return true;
	}
	return false;
}

/*
 * complete_formation(), under module_mutex, before the module becomes
 * COMING: record the embedded module, or a module of its boundary.
 */
void module_formed_embedded(struct module *mod, const struct load_info *info)
{
	if (!module_info_embedded(info)) {
		/* a few bytes per module of the boundary */
		if (embedded_module && module_has_boundary_note(info))
			xa_store(&boundary, (unsigned long)mod, mod,
				 GFP_KERNEL | __GFP_NOFAIL);
		else
			xa_erase(&boundary, (unsigned long)mod);
		return;
	}
	embedded_module = mod;
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
	/* kept beside the image, which it describes: see btf_module_notify() */
	if (info->embedded->btf_len && !mod->btf_data_size) {
		mod->btf_data = (void *)info->embedded->btf;
		mod->btf_data_size = info->embedded->btf_len;
	}
#endif
}

static int cmp_version_name(const void *name, const void *v)
{
	return strcmp(name, ((const struct embedded_module_version *)v)->name);
}

/*
 * check_version(), for an import @symname whose version @module_crc in
 * the module's __versions is not this kernel's @crc: whether the build
 * accepted that pair for the embedded module being loaded (its image's
 * table, struct embedded_module_version).  Any other import of it, and
 * every import of another module, is checked as it always is.
 */
bool module_embedded_version_accepted(const struct load_info *info,
				      const char *symname,
				      unsigned long module_crc, u32 crc)
{
	const struct embedded_module_version *versions, *v;
	unsigned int n;

	if (info->embedded) {
		versions = info->embedded->versions;
		n = info->embedded->num_versions;
	} else if (info->boundary) {
		versions = info->boundary->versions;
		n = info->boundary->num_versions;
	} else {
		return false;
	}
	if (!n)
		return false;
	v = bsearch(symname, versions, n, sizeof(*v), cmp_version_name);
	if (!v || v->module_crc != module_crc || v->kernel_crc != crc)
		return false;
	pr_debug("module %s: %s: version %08lx accepted for %08x\n",
		 info->name, symname, module_crc, crc);
	return true;
}

static int cmp_boundary_name(const void *name, const void *b)
{
	return strcmp(name, ((const struct embedded_boundary_module *)b)->name);
}

/*
 * load_module() of a module from the file system, before anything of its
 * image is changed: if the embedded module's build accepted other symbol
 * versions for the imports of a boundary module of this name, and this
 * is that module (the SHA-256 of its image, its signature taken off, as
 * the build wrote it or stripped of debug info),
 * check_version() accepts them for it.  Another module of that name has
 * its imports checked as any module's, and is told so.
 */
void module_embedded_boundary(struct load_info *info)
{
	const struct embedded_boundary_module *b;
	u8 digest[SHA256_DIGEST_SIZE];

	BUILD_BUG_ON(sizeof(b->sha256[0]) != SHA256_DIGEST_SIZE);
	if (info->embedded || !num_boundary_modules || !info->name)
		return;
	b = bsearch(info->name, boundary_modules, num_boundary_modules,
		    sizeof(*b), cmp_boundary_name);
	if (!b)
		return;
	sha256((const u8 *)info->hdr, info->len, digest);
	if (memcmp(digest, b->sha256[0], sizeof(digest)) &&
	    memcmp(digest, b->sha256[1], sizeof(digest))) {
		pr_warn("embedded module %s: module %s is not the boundary module the build accepted %u other symbol versions for (SHA-256 %*phN, not %*phN): its imports are checked as any module's\n",
			embedded_module->name, info->name, b->num_versions,
			(int)sizeof(digest), digest, (int)sizeof(digest),
			b->sha256[0]);
		return;
	}
	info->boundary = b;
	pr_info("embedded module %s: boundary module %s: %u imports have another symbol version in this kernel, accepted by the build: its frozen rebuild is the module\n",
		embedded_module->name, info->name, b->num_versions);
}

/**
 * module_in_embedded_boundary() - whether a module is inside the boundary
 * @mod: a module, or NULL for vmlinux
 *
 * Return: true if @mod is the embedded module or a module whose image
 * declares itself part of it (.note.<name of the embedded module>).
 */
bool module_in_embedded_boundary(const struct module *mod)
{
	return mod && (module_is_embedded(mod) ||
		       xa_load(&boundary, (unsigned long)mod));
}

/* Whether @name is the module embedded in vmlinux: see livepatch's refusal */
bool module_name_embedded(const char *name)
{
	struct module *mod = READ_ONCE(embedded_module);

	return mod && !strcmp(mod->name, name);
}

/**
 * load_embedded_module() - load a module image that is part of vmlinux
 * @img: the module's name, its image and its BTF (or none)
 * @plug: called with the loaded module before any code of it runs (its
 *	constructors), to point vmlinux's calls at it
 *
 * The image is copied into a temporary buffer, which is freed once the
 * module is loaded.  The module is not initialized yet: see
 * finish_embedded_module().  It gets no parameters from here.
 *
 * Return: the module, or an ERR_PTR().
 */
struct module * __init
load_embedded_module(const struct embedded_module_image *img,
		     void (*plug)(struct module *mod))
{
	struct load_info info = { .embedded = img, .len = img->len };
	struct module *mod;
	int err;

	if (embedded_module) {
		pr_err("embedded module %s: %s is already loaded\n", img->name,
		       embedded_module->name);
		return ERR_PTR(-EBUSY);
	}

	/* This runs before subsys_initcall creates the "module" kset. */
	err = module_kset_init();
	if (err)
		return ERR_PTR(err);

	info.hdr = vmalloc(img->len);
	if (!info.hdr)
		return ERR_PTR(-ENOMEM);
	memcpy(info.hdr, img->image, img->len);

	/* see module_embedded_notifier_lock() */
	mutex_lock(&late_mutex);
	err = load_module(&info, NULL, 0);
	if (err)
		embedded_module = NULL;	/* freed, if it got that far */
	mutex_unlock(&late_mutex);
	if (err)
		return ERR_PTR(err);

	mod = embedded_module;
	if (!mod || strcmp(mod->name, img->name)) {
		pr_err("embedded module: the image is not module %s\n", img->name);
		return ERR_PTR(-ENOENT);
	}
	boundary_modules = img->boundary;
	num_boundary_modules = img->num_boundary;
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
 * Tells the module notifiers registered since it loaded that it is
 * COMING, then runs its init function, makes it live and frees its init
 * memory, as the end of init_module(2) does.  If that fails, the kernel
 * stops (do_init_module()): the module is in use and cannot be freed.
 */
void __init finish_embedded_module(struct module *mod)
{
	embedded_notify_late(mod);
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
