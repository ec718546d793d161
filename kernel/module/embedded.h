/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modules embedded in vmlinux (CONFIG_MODULE_EMBEDDED, embedded.c): what
 * the rest of the module loader knows of them.  Included after
 * internal.h.
 */
#ifndef _KERNEL_MODULE_EMBEDDED_H
#define _KERNEL_MODULE_EMBEDDED_H

#ifdef CONFIG_MODULE_EMBEDDED
/*
 * The loader's functions that embedded.c calls.  Without the option they
 * stay static, and main.c compiles to what it did before.
 */
#define VISIBLE_IF_MODULE_EMBEDDED
int load_module(struct load_info *info, const char __user *uargs, int flags);
int do_init_module(struct module *mod);
void do_mod_ctors(struct module *mod);

extern struct module *embedded_module;

static inline bool module_info_embedded(const struct load_info *info)
{
	return info->embedded;
}

void module_formed_embedded(struct module *mod, const struct load_info *info);
bool module_embedded_version_accepted(const struct load_info *info,
				      const char *symname,
				      unsigned long module_crc, u32 crc);
void module_embedded_boundary(struct load_info *info);
/* register_module_notifier() and unregister_module_notifier() */
void module_embedded_notifier_lock(void);
void module_embedded_notifier_unlock(void);
void module_embedded_register(struct notifier_block *nb);
void module_embedded_unregister(struct notifier_block *nb);

/* A module embedded in vmlinux (load_embedded_module()): never unloaded */
static inline bool module_is_embedded(const struct module *mod)
{
	return mod && mod == embedded_module;
}

static inline bool module_embedded_coming(const struct module *mod)
{
	return module_is_embedded(mod) && mod->state == MODULE_STATE_COMING;
}

#else
#define VISIBLE_IF_MODULE_EMBEDDED static

static inline bool module_info_embedded(const struct load_info *info)
{
	return false;
}

static inline bool module_is_embedded(const struct module *mod)
{
	return false;
}

static inline bool module_embedded_coming(const struct module *mod)
{
	return false;
}

static inline void module_formed_embedded(struct module *mod,
					  const struct load_info *info)
{
}

static inline void module_embedded_boundary(struct load_info *info)
{
}

static inline void module_embedded_notifier_lock(void)
{
}

static inline void module_embedded_notifier_unlock(void)
{
}

static inline void module_embedded_register(struct notifier_block *nb)
{
}

static inline void module_embedded_unregister(struct notifier_block *nb)
{
}
#endif

#endif /* _KERNEL_MODULE_EMBEDDED_H */
