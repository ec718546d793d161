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
 *  1. loads the image with the regular module loader, from memory
 *     (load_embedded_module());
 *  2. has the module check its own integrity before any other code of it
 *     runs (fips140_self_test() in fips140-module.c: a known-answer test,
 *     then the HMAC-SHA256 of the embedded image against the digest the
 *     build embedded beside it, with the module's own SHA-256);
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
 *     code.
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

static struct module *fips140_module __initdata;
/* in the module's init data, which the loader only reads */
static struct fips140_layout *fips140_layout __initdata;

/* The image and digest being loaded (a damaged copy in the fault tests) */
static struct fips140_self_test fips140_image __initdata;

static initcall_entry_t *fips140_levels[FIPS140_INITCALL_LEVELS + 1] __initdata = {
	__initcall0_start, __initcall1_start, __initcall2_start,
	__initcall3_start, __initcall4_start, __initcall5_start,
	__initcall6_start, __initcall7_start, __initcall_end,
};

/* The names of the placeholders of each level, in vmlinux's order */
static const char *const fips140_placeholder_names[FIPS140_INITCALL_LEVELS] __initconst = {
	__fips140_placeholder_names0, __fips140_placeholder_names1, __fips140_placeholder_names2,
	__fips140_placeholder_names3, __fips140_placeholder_names4, __fips140_placeholder_names5,
	__fips140_placeholder_names6, __fips140_placeholder_names7,
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

static bool __init fips140_test_far_jumps(void);

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

static bool __init fips140_test_initcall_swap(void);
static bool __init fips140_test_initcall_unnamed(void);

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

/* From init/main.c: undo parse_args()' split of "param=val". */
static void __init fips140_repair_param(char *param, char *val)
{
	if (!val)
		return;
	if (val == param + strlen(param) + 1) {
		val[-1] = '=';
	} else if (val == param + strlen(param) + 2) {
		val[-2] = '=';
		memmove(val - 1, val, strlen(val) + 1);
	}
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

	fips140_repair_param(param, val);
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

#ifdef CONFIG_CRYPTO_FIPS140_EXTMOD_TEST
#include <linux/crypto.h>
#include <linux/kmod.h>
#include <linux/ktime.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>

/*
 * fips140_test= (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST): faults for the boot
 * tests of tools/testing/fips140/.
 *   early-call	call into the module from an early initcall, before it
 *		is loaded: the kernel must stop, naming the function
 *   bad-image	load a copy of the image with its ELF header zeroed: the
 *		module loader refuses it, and the kernel must stop naming
 *		the image's integrity
 *   wrong-name	ask the module loader for a module of another name: the
 *		load fails with the image intact, and the kernel must stop
 *		saying so
 *   late-modprobe
 *		load aes_ti.ko with request_module() from a late initcall,
 *		while fips140 is still COMING: it must link at once
 *   far-jumps	make every trampoline take its far form (arm64: the
 *		jump through a literal), as if the module were out of
 *		reach of a direct branch
 *   early-var	read a variable of the module from an early initcall,
 *		before it is loaded: the kernel must stop, naming it
 *   init-fail	make the module's init function fail: the kernel must
 *		stop, and the module must not be freed
 *   initcall-swap
 *		exchange the names of the first two placeholders of the
 *		first level that has two, as if the module's initcalls had
 *		been reordered: the kernel must stop, naming both
 *   initcall-unnamed
 *		empty both tables of names of the first level with
 *		initcalls, as if their symbols had been lost: the kernel
 *		must stop instead of plugging in placeholders unchecked
 *   flip-bit:<bit>
 *		load the image with bit <bit> (byte <bit> / 8) flipped: the
 *		integrity test must fail
 *   wrong-digest
 *		flip a bit of the digest embedded beside the image: the
 *		integrity test must fail
 *   fail-kat	make the known-answer test of the integrity test's
 *		HMAC-SHA256 fail
 *   layout-version
 *		check the module's loader interface version as if the
 *		loader's were the next one: the kernel must stop, naming both
 *   early-user	ask for sha256 from a postcore initcall, once the module is
 *		loaded but before its algorithms registered and it became
 *		operational: the caller must get an error, not an answer
 */
static char fips140_test[32] __initdata;

static int __init fips140_test_setup(char *s)
{
	strscpy(fips140_test, s, sizeof(fips140_test));
	return 1;
}
__setup("fips140_test=", fips140_test_setup);

static int __init fips140_test_early_call(void)
{
	if (!strcmp(fips140_test, "early-call"))
		pr_info("crypto_has_alg() returned %d\n",
			crypto_has_alg("sha256", 0, 0));
	return 0;
}
early_initcall(fips140_test_early_call);

static bool __init fips140_test_far_jumps(void)
{
	return !strcmp(fips140_test, "far-jumps");
}

static unsigned int __init fips140_test_faults(void)
{
	return !strcmp(fips140_test, "fail-kat") ? FIPS140_FAULT_KAT : 0;
}

static const char *__init fips140_test_name(void)
{
	return !strcmp(fips140_test, "wrong-name") ? "fips140-wrong-name" : "fips140";
}

/* As if the loader had another interface version than the module */
static unsigned int __init fips140_test_layout_version(void)
{
	return !strcmp(fips140_test, "layout-version");
}

/*
 * bad-image, flip-bit:<bit>, wrong-digest: damage a copy of the image or
 * of its digest, which is then loaded and checked.  Return the copy, to
 * free.
 */
static u8 *__init fips140_test_copy(const void *p, size_t len)
{
	u8 *copy = kmemdup(p, len, GFP_KERNEL);

	if (!copy)
		panic("fips140: fips140_test: no memory\n");
	return copy;
}

static void *__init fips140_test_damage(struct fips140_self_test *img)
{
	unsigned long bit;
	u8 *copy;

	if (!strcmp(fips140_test, "bad-image")) {
		copy = fips140_test_copy(img->image, img->len);
		memset(copy, 0, 64);	/* the ELF header */
		img->image = copy;
		return copy;
	}
	if (!strcmp(fips140_test, "wrong-digest")) {
		copy = fips140_test_copy(img->digest, FIPS140_DIGEST_SIZE);
		copy[FIPS140_DIGEST_SIZE - 1] ^= 0x80;
		img->digest = copy;
		return copy;
	}
	if (strncmp(fips140_test, "flip-bit:", 9))
		return NULL;
	if (kstrtoul(fips140_test + 9, 0, &bit) || bit / 8 >= img->len)
		panic("fips140: fips140_test: %s: not a bit of the %zu-byte image\n",
		      fips140_test, img->len);
	copy = fips140_test_copy(img->image, img->len);
	copy[bit / 8] ^= 1 << (bit % 8);
	pr_info("fips140_test: loading the image with bit %lu (byte %#lx, bit %lu) flipped\n",
		bit, bit / 8, bit % 8);
	img->image = copy;
	return copy;
}

/* As if two initcalls of a level had been reordered in fips140.ko */
static bool __init fips140_test_initcall_swap(void)
{
	return !strcmp(fips140_test, "initcall-swap");
}

/* As if the names of a level's placeholders and initcalls were missing */
static bool __init fips140_test_initcall_unnamed(void)
{
	return !strcmp(fips140_test, "initcall-unnamed");
}

/* Before the module is operational a caller gets an error, no answer. */
static int __init fips140_test_early_user(void)
{
	struct crypto_shash *tfm;

	if (strcmp(fips140_test, "early-user"))
		return 0;
	tfm = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(tfm)) {
		pr_info("fips140_test: sha256 asked for while the module is not operational: error %ld\n",
			PTR_ERR(tfm));
		return 0;
	}
	pr_err("fips140_test: sha256 asked for while the module is not operational: got %s\n",
	       crypto_shash_driver_name(tfm));
	crypto_free_shash(tfm);
	return 0;
}
postcore_initcall(fips140_test_early_user);

/* A variable of the module read before it is loaded: must stop, named. */
static int __init fips140_test_early_var(void)
{
	if (!strcmp(fips140_test, "early-var"))
		pr_info("sha256_zero_message_hash[0] is %#x\n",
			sha256_zero_message_hash[0]);
	return 0;
}
early_initcall(fips140_test_early_var);

static int __init fips140_test_failing_init(void)
{
	return -EIO;
}

/* The module's init function fails: the kernel must stop, not free it. */
static void __init fips140_test_init_fail(struct module *mod)
{
	if (!strcmp(fips140_test, "init-fail"))
		mod->init = fips140_test_failing_init;
}

/*
 * Called by a constructor of fips140.ko (fips140-module.c, with
 * CONFIG_CONSTRUCTORS): constructors run only once vmlinux's calls
 * reach the module.
 */
static bool fips140_plugged;

void fips140_test_constructor(void)
{
	pr_info("fips140_test: a constructor of fips140.ko ran %s the trampolines were plugged\n",
		fips140_plugged ? "after" : "before");
}
EXPORT_SYMBOL_FIPS140(fips140_test_constructor);

static int __init fips140_test_late_modprobe(void)
{
	ktime_t start = ktime_get();
	int err;

	if (strcmp(fips140_test, "late-modprobe"))
		return 0;
	err = request_module("aes_ti");
	pr_info("fips140_test: request_module(aes_ti) returned %d after %lld ms, fips140 %s\n",
		err, ktime_ms_delta(ktime_get(), start),
		fips140_module->state == MODULE_STATE_COMING ? "coming" : "live");
	return 0;
}
late_initcall(fips140_test_late_modprobe);

/*
 * Read an exported variable of fips140.ko from vmlinux, through its
 * pointer: sha256_zero_message_hash must keep its type (an array of
 * SHA256_DIGEST_SIZE bytes) and hold SHA-256("").
 */
static int __init fips140_test_variable(void)
{
	u8 digest[SHA256_DIGEST_SIZE];
	struct crypto_shash *tfm;
	int err;

	BUILD_BUG_ON(sizeof(sha256_zero_message_hash) != SHA256_DIGEST_SIZE);
	tfm = crypto_alloc_shash("sha256", 0, 0);
	err = PTR_ERR_OR_ZERO(tfm);
	if (!err) {
		err = crypto_shash_tfm_digest(tfm, NULL, 0, digest);
		crypto_free_shash(tfm);
	}
	pr_info("fips140_test: sha256_zero_message_hash read from vmlinux %s\n",
		err ? "(no sha256)" :
		memcmp(digest, sha256_zero_message_hash, sizeof(digest)) ?
		"differs from SHA-256(\"\")" : "is SHA-256(\"\")");
	return 0;
}
late_initcall(fips140_test_variable);
#else
static bool __init fips140_test_far_jumps(void)
{
	return false;
}

static unsigned int __init fips140_test_faults(void)
{
	return 0;
}

static const char *__init fips140_test_name(void)
{
	return "fips140";
}

static unsigned int __init fips140_test_layout_version(void)
{
	return 0;
}

static void *__init fips140_test_damage(struct fips140_self_test *img)
{
	return NULL;
}

static bool __init fips140_test_initcall_swap(void)
{
	return false;
}

static bool __init fips140_test_initcall_unnamed(void)
{
	return false;
}

static void __init fips140_test_init_fail(struct module *mod)
{
}
#endif

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
	int missing;

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
	/* fips mode: does not return on a failure */
	fips140_layout->self_test(&fips140_image);

	missing = fips140_plug(mod, &first, &fips140_far);
	if (missing)
		panic("fips140: fips140.ko lacks %d symbol%s vmlinux needs, first: %s\n",
		      missing, missing == 1 ? "" : "s", first);
#ifdef CONFIG_CRYPTO_FIPS140_EXTMOD_TEST
	fips140_plugged = true;
#endif
}

/*
 * The module could not be loaded, so its own integrity test could not
 * run: say whether the image is damaged, with vmlinux's SHA-256 (outside
 * the module boundary: this only names the cause of the stop).
 */
static void __noreturn __init fips140_load_failed(long err)
{
	static const char key[] __initconst = FIPS140_HMAC_KEY;
	u8 mac[SHA256_DIGEST_SIZE];

	fips140_hmac_sha256(key, sizeof(key) - 1, fips140_image.image,
			    fips140_image.len, mac);
	if (memcmp(mac, fips140_image.digest, sizeof(mac)))
		panic("fips140: integrity test failed: HMAC-SHA256 of the embedded image is %*phN, expected %*phN (vmlinux's check: the module cannot load, error %ld)\n",
		      (int)sizeof(mac), mac, FIPS140_DIGEST_SIZE,
		      fips140_image.digest, err);
	panic("fips140: cannot load the embedded fips140.ko (%zu bytes, its integrity intact): error %ld\n",
	      fips140_image.len, err);
}

void __init fips140_load(void)
{
	const struct fips140_image_header *hdr = &__fips140_image_header;
	const u8 *start = __fips140_image_start, *end = __fips140_image_end;
	const char *magic = FIPS140_IMAGE_MAGIC;
	struct module *mod;
	unsigned int initcalls;
	void *bad;

	/*
	 * Two images (fips140-image.S): the prebuilt, certified module for
	 * fips mode, this tree's module otherwise.  fips= has been parsed.
	 */
	if (IS_ENABLED(CONFIG_CRYPTO_FIPS140_DUAL_VERSION) && !fips_enabled) {
		hdr = &__fips140_nofips_header;
		start = __fips140_nofips_start;
		end = __fips140_nofips_end;
		magic = FIPS140_NOFIPS_MAGIC;
	}
	fips140_image = (struct fips140_self_test) {
		.image = start,
		.len = end - start,
		.digest = hdr->digest,
		.faults = fips140_test_faults(),
		.origin = hdr == &__fips140_image_header &&
			  IS_ENABLED(CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT) ?
			  "prebuilt" : "built",
	};
	if (memcmp(hdr->magic, magic, sizeof(hdr->magic)) ||
	    hdr->len != fips140_image.len ||
	    hdr->digest_len != FIPS140_DIGEST_SIZE)
		panic("fips140: the header of the embedded image is not what fips140-image.S writes\n");

	bad = fips140_test_damage(&fips140_image);

	mod = load_embedded_module(fips140_test_name(), fips140_image.image,
				   fips140_image.len, fips140_plug_module);
	if (IS_ERR(mod))
		fips140_load_failed(PTR_ERR(mod));
	kfree(bad);

	initcalls = fips140_plug_initcalls(fips140_layout);
	fips140_params(fips140_layout);
	fips140_module = mod;

	pr_info("loaded the embedded fips140.ko (%s, %zu bytes): %zu functions (%u far), %zu variables, %u initcalls\n",
		fips140_image.origin, fips140_image.len,
		__fips140_keys_fn_end - __fips140_keys_fn_start,
		fips140_far, __fips140_keys_var_end - __fips140_keys_var_start,
		initcalls);
}

/* The module's init function; if it fails, the kernel stops, named. */
void __init fips140_initcalls_done(void)
{
	fips140_test_init_fail(fips140_module);
	finish_embedded_module(fips140_module);
}
