// SPDX-License-Identifier: GPL-2.0
/*
 * fips140_test= (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST): the faults the boot
 * tests of tools/testing/fips140/ inject into the loader
 * (fips140-loader.c, through the hooks of fips140-test.h) and the checks
 * they make from vmlinux.  Not built without the option: a production
 * kernel has none of this.
 */
#define pr_fmt(fmt) "fips140: " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/fips140.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/crypto.h>
#include <linux/completion.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/notifier.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#ifdef CONFIG_ARM64_BTI_KERNEL
#include <asm/insn.h>
#endif


#include "fips140.h"
#include "fips140-test.h"

/*
 * The faults, by the value of fips140_test=:
 *   early-call	call into the module from an early initcall, before it
 *		is loaded: the kernel must stop, naming the function
 *   bad-image	load a copy of the image with its ELF header zeroed: the
 *		check before the load must stop the kernel, naming the
 *		image's digest, before the module loader reads it
 *   wrong-name	ask the module loader for a module of another name: the
 *		load fails with the image intact, and the kernel must stop
 *		saying so
 *   late-modprobe
 *		load aes_ti.ko with request_module() from a late initcall,
 *		while fips140 is still COMING: it must link at once
 *   far-jumps	make every trampoline take its far form (arm64: the
 *		jump through a literal), as if the module were out of
 *		reach of a direct branch
 *   bti-miss	(CONFIG_ARM64_BTI_KERNEL) the far form, pointed just past
 *		the landing pad its function starts with, as a module
 *		built without landing pads would be reached: with BTI
 *		enforced, the first call into the module must trap
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
 *   setup-unnamed
 *		match vmlinux's __setup() placeholders against no handler
 *		of the module, as if the module had none of them: the
 *		kernel must stop, naming the parameter
 *   notifier-fail
 *		make the module notifier registered below fail when told
 *		fips140 is COMING: the failure must be named, and the
 *		boot go on
 *   notifier-race
 *		while the late notifiers are told fips140 is COMING,
 *		other threads unregister two of them, one still to be
 *		called, which must not be called then, and one being
 *		called, whose unregistration must wait for that call
 *   flip-bit:<bit>
 *		load the image with bit <bit> (byte <bit> / 8) flipped: the
 *		check before the load must stop the kernel, in fips mode
 *		or not
 *   wrong-digest
 *		flip a bit of the digest embedded beside the image: the
 *		check before the load must stop the kernel
 *   fail-kat	make the known-answer test of the integrity test's
 *		HMAC-SHA256 fail (in the module's code)
 *   kat-go-on	fail-kat, and the module's self-test neither stops a
 *		fips boot itself, as if its code skipped that: vmlinux
 *		must stop it, on the error the self-test returns
 *   kat-lie	kat-go-on, and the self-test returns 0 all the same:
 *		vmlinux must stop a fips boot, on the module's state
 *   not-operational
 *		the module's init does not make it operational, as if
 *		its code skipped that: vmlinux must stop a fips boot
 *		after the init
 *   layout-version
 *		check the module's loader interface version as if the
 *		loader's were the next one: the kernel must stop, naming both
 *   accepted-drop
 *		give the module loader the table of accepted symbol versions
 *		without its last entry, as if the build had not accepted that
 *		import: the load must fail, the loader naming the symbol
 *   accepted-other
 *		take the table of accepted symbol versions for another
 *		image's: the loader must give none to the module loader, and
 *		the load fail as without the table
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

bool __init fips140_test_far_jumps(void)
{
	return !strcmp(fips140_test, "far-jumps") ||
	       !strcmp(fips140_test, "bti-miss");
}

unsigned long __init fips140_test_jump_target(unsigned long func)
{
#ifdef CONFIG_ARM64_BTI_KERNEL
	u32 insn;

	if (strcmp(fips140_test, "bti-miss"))
		return func;
	/* PACIASP and PACIBSP are landing pads too (BTI c) */
	for (;; func += AARCH64_INSN_SIZE) {
		insn = le32_to_cpup((__le32 *)func);
		if (!aarch64_insn_is_bti(insn) &&
		    insn != aarch64_insn_gen_hint(AARCH64_INSN_HINT_PACIASP) &&
		    insn != aarch64_insn_gen_hint(AARCH64_INSN_HINT_PACIBSP))
			return func;
	}
#endif
	return func;
}

/* The faults of the module's own code (fips140.h), by fips140_test= */
struct fips140_test_fault {
	const char *name;
	unsigned int faults;
};

static const struct fips140_test_fault fips140_test_module_faults[] __initconst = {
	{ "fail-kat", FIPS140_FAULT_KAT },
	{ "kat-go-on", FIPS140_FAULT_KAT | FIPS140_FAULT_GO_ON },
	{ "kat-lie", FIPS140_FAULT_KAT | FIPS140_FAULT_GO_ON | FIPS140_FAULT_LIE },
	{ "not-operational", FIPS140_FAULT_STAY },
};

unsigned int __init fips140_test_faults(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fips140_test_module_faults); i++)
		if (!strcmp(fips140_test, fips140_test_module_faults[i].name))
			return fips140_test_module_faults[i].faults;
	return 0;
}

const char *__init fips140_test_name(void)
{
	return !strcmp(fips140_test, "wrong-name") ? "fips140-wrong-name" : "fips140";
}

/* As if the loader had another interface version than the module */
unsigned int __init fips140_test_layout_version(void)
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

void *__init fips140_test_damage(struct fips140_self_test *img)
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
bool __init fips140_test_initcall_swap(void)
{
	return !strcmp(fips140_test, "initcall-swap");
}

/* As if the names of a level's placeholders and initcalls were missing */
bool __init fips140_test_initcall_unnamed(void)
{
	return !strcmp(fips140_test, "initcall-unnamed");
}

/*
 * The number of accepted symbol versions to give the module loader, of
 * @n, and whether the table is to be taken for another image's
 */
unsigned int __init fips140_test_accepted(unsigned int n, bool *other)
{
	*other = !strcmp(fips140_test, "accepted-other");
	return n && !strcmp(fips140_test, "accepted-drop") ? n - 1 : n;
}

/* As if the module had no __setup() handler for vmlinux's placeholders */
bool __init fips140_test_setup_unnamed(void)
{
	return !strcmp(fips140_test, "setup-unnamed");
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
void __init fips140_test_init_fail(struct module *mod)
{
	if (!strcmp(fips140_test, "init-fail"))
		mod->init = fips140_test_failing_init;
}

/* The module, once its trampolines and variable pointers are plugged in */
static struct module *fips140_plugged;

void __init fips140_test_plugged(struct module *mod)
{
	fips140_plugged = mod;
}

/*
 * Called by a constructor of fips140.ko (fips140-module.c, with
 * CONFIG_CONSTRUCTORS): constructors run only once vmlinux's calls
 * reach the module.
 */

void fips140_test_constructor(void)
{
	pr_info("fips140_test: a constructor of fips140.ko ran %s the trampolines were plugged\n",
		fips140_plugged ? "after" : "before");
}
EXPORT_SYMBOL_FIPS140(fips140_test_constructor);

/*
 * A module notifier registered at late_initcall, long after fips140.ko
 * loaded, is told of it as a notifier registered before would have
 * been: COMING (by finish_embedded_module()), then LIVE.
 */
static bool fips140_test_notifier_fail __ro_after_init;
static bool fips140_test_notifier_race __ro_after_init;

/*
 * notifier-race: two more late notifiers, each unregistered by another
 * thread while the late notifications run -- the first while it is still
 * to be called (it must not be called then), the second while it is
 * being called (unregister_module_notifier() must wait until that call
 * has returned).
 */
static bool fips140_test_race_unregistered, fips140_test_race_returned;
static DECLARE_COMPLETION(fips140_test_race_done);

static int fips140_test_race_pending(struct notifier_block *nb,
				     unsigned long op, void *data)
{
	if (data == fips140_plugged && READ_ONCE(fips140_test_race_unregistered))
		pr_err("fips140_test: a module notifier was called after unregister_module_notifier() returned\n");
	return NOTIFY_DONE;
}

static struct notifier_block fips140_test_race_pending_nb = {
	.notifier_call = fips140_test_race_pending,
	.priority = -2,		/* after fips140_test_race_running_nb */
};

static int fips140_test_race_unregister_pending(void *unused)
{
	unregister_module_notifier(&fips140_test_race_pending_nb);
	WRITE_ONCE(fips140_test_race_unregistered, true);
	complete(&fips140_test_race_done);
	return 0;
}

static struct notifier_block fips140_test_race_running_nb;

static int fips140_test_race_unregister_running(void *unused)
{
	unregister_module_notifier(&fips140_test_race_running_nb);
	pr_info("fips140_test: notifier-race: unregister_module_notifier() of a running notifier returned %s its call did\n",
		READ_ONCE(fips140_test_race_returned) ? "after" : "before");
	return 0;
}

static int fips140_test_race_running(struct notifier_block *nb,
				     unsigned long op, void *data)
{
	struct task_struct *t;

	if (data != fips140_plugged || op != MODULE_STATE_COMING)
		return NOTIFY_DONE;
	t = kthread_run(fips140_test_race_unregister_running, NULL,
			"fips140-race");
	if (IS_ERR(t))
		pr_err("fips140_test: notifier-race: no thread: error %ld\n",
		       PTR_ERR(t));
	/* long enough for the thread to reach the wait */
	msleep(200);
	WRITE_ONCE(fips140_test_race_returned, true);
	return NOTIFY_DONE;
}

static struct notifier_block fips140_test_race_running_nb = {
	.notifier_call = fips140_test_race_running,
	.priority = -1,		/* after fips140_test_module_nb */
};

/* From the first late notifier: unregister the last while it is pending */
static void fips140_test_race(void)
{
	struct task_struct *t;
	bool returned;

	t = kthread_run(fips140_test_race_unregister_pending, NULL,
			"fips140-race");
	if (IS_ERR(t)) {
		pr_err("fips140_test: notifier-race: no thread: error %ld\n",
		       PTR_ERR(t));
		return;
	}
	returned = wait_for_completion_timeout(&fips140_test_race_done,
					       msecs_to_jiffies(5000));
	pr_info("fips140_test: notifier-race: unregister_module_notifier() of a pending notifier %s\n",
		returned ? "returned" : "did not return in 5 s");
}

static int fips140_test_module_notify(struct notifier_block *nb,
				      unsigned long op, void *data)
{
	if (!fips140_plugged || data != fips140_plugged)
		return NOTIFY_DONE;
	pr_info("fips140_test: a module notifier registered at late_initcall was told fips140 is %s\n",
		op == MODULE_STATE_COMING ? "coming" :
		op == MODULE_STATE_LIVE ? "live" : "going");
	if (op == MODULE_STATE_COMING && fips140_test_notifier_race)
		fips140_test_race();
	if (op == MODULE_STATE_COMING && fips140_test_notifier_fail)
		return notifier_from_errno(-EINVAL);
	return NOTIFY_OK;
}

static struct notifier_block fips140_test_module_nb = {
	.notifier_call = fips140_test_module_notify,
};

static int __init fips140_test_notifier(void)
{
	int err;

	fips140_test_notifier_fail = !strcmp(fips140_test, "notifier-fail");
	fips140_test_notifier_race = !strcmp(fips140_test, "notifier-race");
	err = register_module_notifier(&fips140_test_module_nb);
	if (!err && fips140_test_notifier_race)
		err = register_module_notifier(&fips140_test_race_running_nb) ?:
		      register_module_notifier(&fips140_test_race_pending_nb);
	return err;
}
late_initcall(fips140_test_notifier);

static int __init fips140_test_late_modprobe(void)
{
	ktime_t start = ktime_get();
	int err;

	if (strcmp(fips140_test, "late-modprobe"))
		return 0;
	err = request_module("aes_ti");
	pr_info("fips140_test: request_module(aes_ti) returned %d after %lld ms, fips140 %s\n",
		err, ktime_ms_delta(ktime_get(), start),
		fips140_plugged->state == MODULE_STATE_COMING ? "coming" : "live");
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
