/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Modules embedded in vmlinux, loaded from memory early in boot
 * (CONFIG_MODULE_EMBEDDED, kernel/module/embedded.c).  Used by the code
 * that embeds one, such as the standalone crypto module, crypto/fips140/.
 *
 * These declarations are kept out of <linux/module.h> and
 * <linux/moduleparam.h>, so that the files that include those (most of
 * the kernel) compile to the same as without this feature.
 */
#ifndef _LINUX_MODULE_EMBEDDED_H
#define _LINUX_MODULE_EMBEDDED_H

#include <linux/types.h>

struct kernel_param;
struct module;

/*
 * The symbol version of an import of an embedded module, accepted by the
 * build with another version of this kernel's export: the module's code
 * does not depend on what changed it (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT:
 * the frozen rebuild, Documentation/crypto/fips140.rst).
 */
struct embedded_module_version {
	const char *name;
	u32 module_crc;			/* in the module's __versions */
	u32 kernel_crc;			/* of this kernel's export */
};

/*
 * A module of the embedded module's boundary that is loaded later, from
 * the file system (CONFIG_CRYPTO_FIPS140_EXTMOD's =m modules): the symbol
 * versions the build accepted for its imports, for that module's bytes
 * only (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT: its frozen rebuild).
 */
struct embedded_boundary_module {
	const char *name;		/* the module's */
	/*
	 * The SHA-256 of its ELF image, unsigned, and of that image stripped
	 * of its debug info, as modules_install with INSTALL_MOD_STRIP=1
	 * installs it
	 */
	u8 sha256[2][32];
	/* the versions accepted for its imports, sorted by name */
	const struct embedded_module_version *versions;
	unsigned int num_versions;
};

/* An image to load, and what the build keeps beside it */
struct embedded_module_image {
	const char *name;		/* the module's */
	const void *image;		/* its ELF image */
	unsigned long len;
	/* its BTF, split from vmlinux's (CONFIG_DEBUG_INFO_BTF_MODULES) */
	const void *btf;
	unsigned int btf_len;
	/* the versions accepted for its imports, sorted by name */
	const struct embedded_module_version *versions;
	unsigned int num_versions;
	/* its boundary modules with accepted versions, sorted by name */
	const struct embedded_boundary_module *boundary;
	unsigned int num_boundary;
};

struct module *load_embedded_module(const struct embedded_module_image *img,
				    void (*plug)(struct module *mod));
void finish_embedded_module(struct module *mod);
unsigned long embedded_module_symbol(struct module *mod, const char *name);
bool module_in_embedded_boundary(const struct module *mod);

#ifdef CONFIG_MODULE_EMBEDDED
bool module_name_embedded(const char *name);
#else
static inline bool module_name_embedded(const char *name)
{
	return false;
}
#endif

#ifdef CONFIG_SYSFS
/* For built-in code linked into a module embedded in vmlinux */
int module_kset_init(void);
void param_sysfs_builtin_range(const struct kernel_param *start,
			       const struct kernel_param *stop);
#else
static inline int module_kset_init(void)
{
	return 0;
}

static inline void param_sysfs_builtin_range(const struct kernel_param *start,
					     const struct kernel_param *stop)
{ }
#endif

#endif /* _LINUX_MODULE_EMBEDDED_H */
