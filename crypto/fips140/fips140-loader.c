// SPDX-License-Identifier: GPL-2.0
/*
 * Load the embedded fips140.ko and plug it into vmlinux.
 *
 * With CONFIG_CRYPTO_FIPS140_EXTMOD the crypto code that would be built
 * in lives in fips140.ko, which is embedded in vmlinux (fips140-image.S)
 * because it must run before any filesystem exists.  fips140_load(),
 * called by do_initcalls() before the first initcall level (before
 * postcore where module memory is set up by a core_initcall, see
 * FIPS140_LOAD_LEVEL):
 *
 *  1. checks the image before the module loader reads a byte of it: its
 *     HMAC-SHA256, computed with vmlinux's own SHA-256, against the digest
 *     the build embedded beside it (fips140_check_image()).  A damaged
 *     image stops the boot, in fips mode or not: nothing of it is parsed,
 *     relocated or run;
 *  2. loads the image with the regular module loader, from memory
 *     (load_embedded_module()), and has the module check its own
 *     integrity before any other code of it runs (fips140_self_test() in
 *     fips140-module.c: a known-answer test, then the same HMAC-SHA256
 *     with the module's own SHA-256, the test FIPS 140-3 asks of the
 *     module).  In fips mode vmlinux stops the boot itself when that
 *     self-test fails, whatever the module's code does, and again when
 *     the module is not operational once its init has run
 *     (fips140_initcalls_done());
 *  3. before any other code of the module runs (its constructors, called
 *     by load_embedded_module() after fips140_plug_module()), points every
 *     trampoline and variable pointer vmlinux uses at the module's export
 *     of that name, checking that each export lies in the module (text
 *     for functions, data for variables) -- anything missing stops the
 *     boot, named;
 *  4. puts the module's initcalls into the placeholders that each moved
 *     object left in vmlinux's initcall sections
 *     (scripts/fips140/initcall-placeholders.sh), so that do_initcall_level()
 *     runs them at exactly the level and position they would have built
 *     in;
 *  5. hands the module's parameters and __setup() handlers the kernel
 *     command line, as start_kernel() does for built-in code, and shows
 *     the parameters in /sys/module/<name>/parameters/ as for built-in
 *     code.  start_kernel() has left the __setup() parameters alone:
 *     vmlinux holds a placeholder per handler of the moved code
 *     (__fips140_setup_placeholder(), initcall-placeholders.sh), which
 *     consumes the parameter, so that it is neither reported unknown nor
 *     passed to init; the loader checks that the module has a handler
 *     for each placeholder.
 *
 * With CONFIG_DEBUG_INFO_BTF_MODULES the module loader gets the module's
 * BTF, kept beside the image (fips140-btf.S), as the module's .BTF.
 *
 * Until the last initcall level has run the module stays COMING (other
 * modules may nevertheless link against it); fips140_initcalls_done()
 * then runs its init function, makes it live and frees its init memory.
 * From then on it is part of the kernel: it is never unloaded or freed,
 * and if its init fails the kernel stops.
 */
#define pr_fmt(fmt) "fips140: " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/fips.h>
#include <linux/fips140.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/module_embedded.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <keys/system_keyring.h>
#include <asm/fips140.h>

#include "fips140.h"
#include "fips140-hmac.h"
#include "fips140-test.h"

static struct module *fips140_module __initdata;
/* in the module's init data, which the loader only reads */
static struct fips140_layout *fips140_layout __initdata;
/* the module's state, in its data (fips140.h), read after init too */
static const enum fips140_state *fips140_module_state __ro_after_init;

/* The image and digest being loaded (a damaged copy in the fault tests) */
static struct fips140_self_test fips140_image __initdata;

/*
 * do_initcalls()'s initcall_levels[]: the start of each of the
 * FIPS140_INITCALL_LEVELS levels, then their end
 */
static initcall_entry_t **fips140_levels __initdata;

/* The names of the placeholders of each level, in vmlinux's order */
#define FIPS140_NAMES(n, ...)	__fips140_placeholder_names##n,
static const char *const fips140_placeholder_names[FIPS140_INITCALL_LEVELS] __initconst = {
	FIPS140_FOR_EACH_LEVEL(FIPS140_NAMES)
};

/*
 * Symbols of vmlinux that the crypto code uses but that are not exported,
 * as it used to be built in (EXPORT_SYMBOL_FIPS140, <linux/fips140.h>).
 */
#ifdef CONFIG_SYSTEM_TRUSTED_KEYRING
EXPORT_SYMBOL_FIPS140(restrict_link_by_builtin_trusted);
#endif
#ifdef CONFIG_SECONDARY_TRUSTED_KEYRING
EXPORT_SYMBOL_FIPS140(restrict_link_by_builtin_and_secondary_trusted);
#endif
/* the service indicator's boundary (kernel/module/embedded.c) */
EXPORT_SYMBOL_FIPS140(module_in_embedded_boundary);

/* Where a trampoline jumps until the module is plugged in. */
void __noreturn __init __fips140_unplugged(const char *name)
{
	panic("fips140: %s() called before fips140.ko was loaded\n", name);
}

/* A use of a redirected variable before then (FIPS140_VAR()). */
void __noreturn __cold __fips140_unplugged_var(const char *name)
{
	panic("fips140: %s used before fips140.ko was loaded\n", name);
}

/* What an initcall placeholder calls until the loader plugs it in. */
int __init __fips140_unplugged_initcall(void)
{
	panic("fips140: an initcall of fips140.ko ran before the module was loaded\n");
}

/*
 * What start_kernel() calls for a __setup() parameter of the code in the
 * module (obsolete_checksetup()): the parameter is the module's, handed
 * to its handler once it is loaded (fips140_params()).
 */
int __init __fips140_setup_placeholder(char *str)
{
	return 1;
}

static const enum mod_mem_type fips140_text[] __initconst = { MOD_TEXT };
static const enum mod_mem_type fips140_data[] __initconst = {
	MOD_DATA, MOD_RODATA, MOD_RO_AFTER_INIT,
};

/*
 * The address of @name, an export of the module that vmlinux uses: a
 * function, which must be in the module's text, or a variable, which must
 * be in its data.  0 after saying why not, counted in *@bad.
 */
static unsigned long __init fips140_lookup(struct module *mod,
					   const char *name, bool func,
					   const char **first, int *bad)
{
	const enum mod_mem_type *types = func ? fips140_text : fips140_data;
	int n = func ? ARRAY_SIZE(fips140_text) : ARRAY_SIZE(fips140_data);
	unsigned long addr = embedded_module_symbol(mod, name);

	if (!addr) {
		pr_err("vmlinux uses %s%s, which fips140.ko does not export\n",
		       name, func ? "()" : "");
		goto bad;
	}
	while (n--)
		if (within_module_mem_type(addr, mod, types[n]))
			return addr;
	pr_err("the export %s of fips140.ko is not in its %s\n",
	       name, func ? "text" : "data");
bad:
	*first = *first ?: name;
	(*bad)++;
	return 0;
}

/*
 * Plug in the trampolines and variable pointers; return the number of
 * symbols vmlinux needs that the module does not provide.  *@far counts
 * the trampolines that take their far form.
 */
static int __init fips140_plug(struct module *mod, const char **first,
			       unsigned int *far)
{
	const struct fips140_fn_key *fn;
	const struct fips140_var_key *var;
	unsigned long addr;
	int bad = 0, err;

	for (fn = __fips140_keys_fn_start; fn < __fips140_keys_fn_end; fn++) {
		addr = fips140_lookup(mod, fn->name, true, first, &bad);
		if (!addr)
			continue;
		addr = fips140_test_jump_target(addr);
		err = fips140_arch_plug(fn->jump, (void *)addr,
					fips140_test_far_jumps());
		if (err > 0)
			(*far)++;
		if (err < 0) {
			pr_err("cannot point the trampoline of %s() at the module: error %d\n",
			       fn->name, err);
			*first = *first ?: fn->name;
			bad++;
		}
	}
	for (var = __fips140_keys_var_start; var < __fips140_keys_var_end; var++) {
		addr = fips140_lookup(mod, var->name, false, first, &bad);
		if (addr)
			*var->ptr = (void *)addr;
	}
	return bad;
}

static void __init fips140_set_initcall(initcall_entry_t *entry, initcall_t fn)
{
#ifdef CONFIG_HAVE_ARCH_PREL32_RELOCATIONS
	long offset = (long)fn - (long)entry;

	if (offset != (int)offset)
		panic("fips140: initcall %ps is out of reach of vmlinux\n", fn);
	*entry = offset;
#else
	*entry = fn;
#endif
}

/*
 * Level by level, replace the placeholders in vmlinux's initcall
 * sections with the module's initcalls: both are in link order, and each
 * placeholder is keyed to the entry it stands for by the name of that
 * entry's symbol (__initcall__kmod_<name>__..., the same on both sides).
 * A placeholder whose name is not the module's next initcall's stops the
 * boot: the initcall would run at another place than built in.
 */
static unsigned int __init
fips140_plug_initcalls(const struct fips140_layout *layout)
{
	unsigned int level, n = 0;

	for (level = 0; level < FIPS140_INITCALL_LEVELS; level++) {
		initcall_entry_t *m = layout->initcalls[level].start;
		initcall_entry_t *end = layout->initcalls[level].end;
		const char *want = fips140_placeholder_names[level];
		const char *have;
		initcall_entry_t *e;
		unsigned int placeholders = 0;
		char *swapped = NULL;
		char sym[48];

		snprintf(sym, sizeof(sym), FIPS140_INITCALL_NAMES, level);
		have = (const char *)module_kallsyms_lookup_name(sym);
		if (!have)
			panic("fips140: fips140.ko has no %s\n", sym);

		if (fips140_test_initcall_swap() && end - m >= 2) {
			size_t a = strlen(want) + 1, b = strlen(want + a) + 1;
			const char *rest = want + a + b, *p = rest;

			while (*p)
				p += strlen(p) + 1;
			/* the names with the first two exchanged */
			swapped = kmalloc(a + b + (p - rest) + 1, GFP_KERNEL);
			if (swapped) {
				memcpy(swapped, want + a, b);
				memcpy(swapped + b, want, a);
				memcpy(swapped + a + b, rest, p - rest + 1);
				want = swapped;
			}
		}
		/* as if both sides' names of this level had been lost */
		if (fips140_test_initcall_unnamed() && m < end)
			want = have = "";
		for (e = fips140_levels[level]; e < fips140_levels[level + 1]; e++) {
			if (initcall_from_entry(e) != __fips140_unplugged_initcall)
				continue;
			if (m < end) {
				/* a table that ran out is a mismatch, not a match */
				if (!*want || !*have || strcmp(want, have))
					panic("fips140: initcall level %u, placeholder %u: vmlinux expects %s, fips140.ko has %s there\n",
					      level, placeholders, *want ? want : "(none)",
					      *have ? have : "(none)");
				fips140_set_initcall(e, initcall_from_entry(m));
				want += strlen(want) + 1;
				have += strlen(have) + 1;
				m++;
			}
			placeholders++;
		}
		kfree(swapped);
		if (placeholders != end - layout->initcalls[level].start)
			panic("fips140: initcall level %u: vmlinux has %u placeholders, fips140.ko has %zu initcalls\n",
			      level, placeholders, end - layout->initcalls[level].start);
		n += placeholders;
	}
	return n;
}

/*
 * A command line parameter that is not a module parameter of the moved
 * code may be one of its __setup() handlers (obsolete_checksetup()).
 */
static int __init fips140_setup_param(char *param, char *val,
				      const char *unused, void *arg)
{
	const struct fips140_layout *layout = arg;
	const struct obs_kernel_param *p, *end = layout->setup_end;

	/* undo parse_args()' split of "param=val" */
	repair_env_string(param, val);
	for (p = layout->setup_start; p < end; p++) {
		size_t n = strlen(p->str);

		/* early_param() ran long ago for built-in code: not supported */
		if (p->early || !parameqn(param, p->str, n))
			continue;
		if (p->setup_func && p->setup_func(param + n))
			break;
	}
	return 0;
}

/*
 * vmlinux's placeholders (one per __setup() handler of the moved code, in
 * vmlinux's .init.setup) and the module's handlers must be the same
 * parameters: a placeholder without a handler would swallow a parameter,
 * a handler without a placeholder would see a parameter init got too.
 */
static void __init fips140_check_setup(const struct fips140_layout *layout)
{
	const struct obs_kernel_param *p, *m;
	const struct obs_kernel_param *start = layout->setup_start;
	const struct obs_kernel_param *end = layout->setup_end;
	bool unnamed = fips140_test_setup_unnamed();
	unsigned int placeholders = 0;

	for (p = __setup_start; p < __setup_end; p++) {
		if (p->setup_func != __fips140_setup_placeholder)
			continue;
		placeholders++;
		for (m = start; m < end; m++)
			if (!unnamed && !strcmp(m->str, p->str))
				break;
		if (m == end)
			panic("fips140: vmlinux holds the parameter %s for fips140.ko, which has no __setup() handler of that name\n",
			      p->str);
	}
	if (placeholders != end - start)
		panic("fips140: fips140.ko has %zu __setup() handlers, vmlinux holds the parameters of %u\n",
		      end - start, placeholders);
}

static void __init fips140_params(const struct fips140_layout *layout)
{
	unsigned int num = layout->param_end - layout->param_start;
	char *args, *err;

	/*
	 * parse_args() modifies what it parses, and __setup() handlers may
	 * keep pointers into it: the copy stays, as static_command_line does.
	 */
	args = kstrdup(saved_command_line, GFP_KERNEL);
	if (!args)
		panic("fips140: no memory for the parameters of fips140.ko\n");
	err = parse_args("fips140", args, layout->param_start, num,
			 -32768, 32767, (void *)layout, fips140_setup_param);
	if (IS_ERR(err))
		pr_warn("invalid parameters on the command line (%ld)\n",
			PTR_ERR(err));
	param_sysfs_builtin_range(layout->param_start, layout->param_end);
}

static unsigned int fips140_far __initdata;

/*
 * Called by load_embedded_module() before any code of the module runs:
 * have the module check its integrity, then point every trampoline and
 * variable pointer at it.
 */
static void __init fips140_plug_module(struct module *mod)
{
	const char *first = NULL;
	unsigned long addr;
	unsigned int want;
	int missing, err;

	addr = module_kallsyms_lookup_name(FIPS140_LAYOUT_SYMBOL);
	if (!addr || !within_module_mem_type(addr, mod, MOD_INIT_RODATA))
		panic("fips140: fips140.ko has no %s in its init data\n",
		      FIPS140_LAYOUT_SYMBOL);
	fips140_layout = (void *)addr;
	want = FIPS140_LAYOUT_VERSION + fips140_test_layout_version();
	if (fips140_layout->version != want)
		panic("fips140: fips140.ko has the loader interface version %u, this kernel's loader %u\n",
		      fips140_layout->version, want);
	if (!within_module_mem_type((unsigned long)fips140_layout->self_test,
				    mod, MOD_INIT_TEXT))
		panic("fips140: the self-test of fips140.ko is not in its init text\n");
	fips140_module_state = fips140_layout->state;
	if (!within_module_mem_type((unsigned long)fips140_module_state, mod, MOD_DATA))
		panic("fips140: the state of fips140.ko is not in its data\n");
	/*
	 * In fips mode the module stops the boot itself when its self-test
	 * fails; vmlinux does not rely on it.
	 */
	err = fips140_layout->self_test(&fips140_image);
	if (fips_enabled && (err || READ_ONCE(*fips140_module_state) != FIPS140_SELF_TEST))
		panic("fips140: the self-test of fips140.ko failed (error %d, state %s): vmlinux stops the fips boot\n",
		      err, fips140_state_name(READ_ONCE(*fips140_module_state)));

	missing = fips140_plug(mod, &first, &fips140_far);
	if (missing)
		panic("fips140: fips140.ko lacks %d symbol%s vmlinux needs, first: %s\n",
		      missing, missing == 1 ? "" : "s", first);
	fips140_test_plugged(mod);
}

/*
 * Before the module loader reads a byte of the image (its ELF headers,
 * relocations, alternatives, ...): the HMAC-SHA256 of the image, with
 * vmlinux's own SHA-256 (outside the module boundary: the module's own
 * test follows), against the digest embedded beside it.  A damaged image
 * is never parsed: the boot stops, in fips mode or not, as vmlinux has no
 * crypto without it (Documentation/crypto/fips140.rst).
 */
static void __init fips140_check_image(const struct fips140_self_test *img)
{
	static const char key[] __initconst = FIPS140_HMAC_KEY;
	u8 mac[SHA256_DIGEST_SIZE];
	u64 start = ktime_get_ns();

	fips140_hmac_sha256(key, sizeof(key) - 1, img->image, img->len, mac);
	if (memcmp(mac, img->digest, sizeof(mac)))
		panic("fips140: the embedded image (%s, %zu bytes) is damaged, not loaded: HMAC-SHA256 %*phN, expected %*phN\n",
		      img->origin, img->len, (int)sizeof(mac), mac,
		      FIPS140_DIGEST_SIZE, img->digest);
	pr_info("the embedded image (%s, %zu bytes) is intact: checked before the load in %llu us\n",
		img->origin, img->len,
		div_u64(ktime_get_ns() - start, NSEC_PER_USEC));
}

#ifdef CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT
/*
 * The symbol versions the build accepted for the prebuilt module's
 * imports (scripts/fips140/abi-guard.sh: the frozen rebuild of its sources
 * is the module, so no code of it depends on what changed them), and the
 * digest of the image they were accepted for: fips140-accepted.S.
 */
extern const struct embedded_module_version __fips140_accepted[];
extern const u32 __fips140_accepted_count;
extern const u8 __fips140_accepted_for[FIPS140_DIGEST_SIZE];

/* Give them to the module loader with the image they are for, only */
static void __init fips140_accept_versions(struct embedded_module_image *img,
					   const u8 *digest)
{
	bool other;
	unsigned int n = fips140_test_accepted(__fips140_accepted_count, &other);

	BUILD_BUG_ON(sizeof(*__fips140_accepted) != 16);
	if (!n)
		return;
	if (memcmp(__fips140_accepted_for, digest, FIPS140_DIGEST_SIZE) || other) {
		pr_err("the accepted symbol versions are those of the image with HMAC-SHA256 %*phN, not of this one: none is accepted\n",
		       FIPS140_DIGEST_SIZE, __fips140_accepted_for);
		return;
	}
	img->versions = __fips140_accepted;
	img->num_versions = n;
	pr_info("%u imports of the prebuilt fips140.ko have another symbol version in this kernel, accepted by the build: its frozen rebuild is the module\n",
		n);
}

/*
 * The same for the set's boundary modules, which modprobe loads later:
 * per module, for its bytes only (fips140-boundary.S, made from the
 * verdict of their frozen rebuild; empty without one).  Whichever image
 * is loaded, they import from this vmlinux.
 */
extern const struct embedded_boundary_module __fips140_boundary[];
extern const u32 __fips140_boundary_count;

static void __init fips140_accept_boundary(struct embedded_module_image *img)
{
	BUILD_BUG_ON(sizeof(*__fips140_boundary) != 88);
	img->boundary = __fips140_boundary;
	img->num_boundary = __fips140_boundary_count;
	if (img->num_boundary)
		pr_info("%u boundary module(s) of the prebuilt set have imports of another symbol version in this kernel, accepted by the build for their bytes only\n",
			img->num_boundary);
}
#else
static inline void fips140_accept_versions(struct embedded_module_image *img,
					   const u8 *digest)
{
}

static inline void fips140_accept_boundary(struct embedded_module_image *img)
{
}
#endif

void __init fips140_load(initcall_entry_t **levels)
{
	const struct fips140_image_header *hdr = &__fips140_image_header;
	const u8 *start = __fips140_image_start, *end = __fips140_image_end;
	const char *magic = FIPS140_IMAGE_MAGIC;
	struct embedded_module_image img = { };
	struct module *mod;
	unsigned int initcalls;
	void *bad;

	fips140_levels = levels;

	/*
	 * Two images (fips140-image.S): the prebuilt, certified module for
	 * fips mode, this tree's module otherwise.  fips= has been parsed.
	 */
	if (IS_ENABLED(CONFIG_CRYPTO_FIPS140_DUAL_VERSION) && !fips_enabled) {
		hdr = &__fips140_nofips_header;
		start = __fips140_nofips_start;
		end = __fips140_nofips_end;
		magic = FIPS140_NOFIPS_MAGIC;
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
		img.btf = __fips140_btf_nofips_start;
		img.btf_len = __fips140_btf_nofips_end - __fips140_btf_nofips_start;
#endif
	} else {
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
		img.btf = __fips140_btf_image_start;
		img.btf_len = __fips140_btf_image_end - __fips140_btf_image_start;
#endif
	}
	fips140_image = (struct fips140_self_test) {
		.image = start,
		.len = end - start,
		.digest = hdr->digest,
		.faults = fips140_test_faults(),
		.origin = hdr == &__fips140_image_header &&
			  IS_ENABLED(CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT) ?
			  "prebuilt" : "built",
		/* the second image is this tree's, beside the certified one */
		.certified = hdr == &__fips140_image_header,
	};
	if (memcmp(hdr->magic, magic, sizeof(hdr->magic)) ||
	    hdr->len != fips140_image.len ||
	    hdr->digest_len != FIPS140_DIGEST_SIZE)
		panic("fips140: the header of the embedded image is not what fips140-image.S writes\n");

	bad = fips140_test_damage(&fips140_image);
	fips140_check_image(&fips140_image);

	img.name = fips140_test_name();
	img.image = fips140_image.image;
	img.len = fips140_image.len;
	if (fips140_image.certified)
		fips140_accept_versions(&img, hdr->digest);
	fips140_accept_boundary(&img);
	mod = load_embedded_module(&img, fips140_plug_module);
	if (IS_ERR(mod))
		panic("fips140: cannot load the embedded fips140.ko (%zu bytes, its integrity verified): error %ld\n",
		      fips140_image.len, PTR_ERR(mod));
	kfree(bad);

	initcalls = fips140_plug_initcalls(fips140_layout);
	fips140_check_setup(fips140_layout);
	fips140_params(fips140_layout);
	fips140_module = mod;

	pr_info("loaded the embedded fips140.ko (%s, %zu bytes): %zu functions (%u far), %zu variables, %u initcalls\n",
		fips140_image.origin, fips140_image.len,
		__fips140_keys_fn_end - __fips140_keys_fn_start,
		fips140_far, __fips140_keys_var_end - __fips140_keys_var_start,
		initcalls);
}

/*
 * The module's init function; if it fails, the kernel stops, named.  In
 * fips mode vmlinux stops the boot too if the module is not operational
 * then, whatever its code says.
 */
void __init fips140_initcalls_done(void)
{
	enum fips140_state state;

	fips140_test_init_fail(fips140_module);
	finish_embedded_module(fips140_module);
	state = READ_ONCE(*fips140_module_state);
	if (fips_enabled && state != FIPS140_OPERATIONAL)
		panic("fips140: fips140.ko is not operational after its init (state %s): vmlinux stops the fips boot\n",
		      fips140_state_name(state));
}
