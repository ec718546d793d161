// SPDX-License-Identifier: GPL-2.0
/*
 * fips140.ko: the module entry of the standalone crypto module.
 *
 * The rest of the module is the crypto code that would otherwise be
 * built in (crypto-objs-y), compiled with -DFIPS_MODULE.  fips140.lds
 * gathers its initcalls, __setup() handlers and parameters; this file
 * tells the loader in vmlinux (fips140-loader.c) where they are.  The
 * loader first has the module check its own integrity
 * (fips140_self_test(), before any other code of the module runs), then
 * runs the initcalls at the kernel's own boot levels and, once the last
 * level is done, calls fips140_init() below.
 *
 * The module cannot be unloaded: it has no exit function.
 */
#define pr_fmt(fmt) "fips140: " fmt

#define FIPS140_BOUNDARY	/* mark fips140.ko, see <linux/fips140.h> */

#include <linux/fips.h>
#include <linux/fips140.h>
#include <linux/module.h>
#include <linux/module_embedded.h>
#include <linux/panic.h>
#include <linux/timekeeping.h>
#include <crypto/fips140.h>
#include <crypto/public_key.h>
#include <crypto/utils.h>
#include <linux/verification.h>
#include <generated/utsrelease.h>

#include "../internal.h"
#include "fips140.h"
#include "fips140-hmac.h"

/* The service indicator's table: see fips140_alg_approved() */
enum fips140_approval_status {
	FIPS140_REFUSED,	/* not allowed in fips mode */
	FIPS140_ALLOWED,	/* allowed in fips mode, not approved */
	FIPS140_APPROVED,	/* an approved security function */
};

struct fips140_approval {
	const char *name;
	enum fips140_approval_status status;
};
#include "fips140-approved.h"

/* The module's name and its own version, reported when operational */
#ifdef CONFIG_CRYPTO_FIPS_NAME
#define FIPS140_NAME		CONFIG_CRYPTO_FIPS_NAME
#else
#define FIPS140_NAME		"fips140"
#endif
#ifdef CONFIG_CRYPTO_FIPS_CUSTOM_VERSION
#define FIPS140_VERSION		CONFIG_CRYPTO_FIPS_VERSION
#else
#define FIPS140_VERSION		UTS_RELEASE	/* of the build, not of the running kernel */
#endif

static int fips140_self_test(const struct fips140_self_test *test);

/*
 * The state of the module, in one place (enum fips140_state, fips140.h):
 * "self-test" from when it is loaded until its integrity test and every
 * initcall (each algorithm registers only once its known-answer test
 * passed) have run, then "operational"; "error" if the integrity test
 * failed (in fips mode the boot stops instead).  /sys/module/fips140/fips/
 * shows it, with the digest, the name and the version; the loader in
 * vmlinux reads it too.
 */
static enum fips140_state fips140_state = FIPS140_SELF_TEST;
static u8 fips140_digest[FIPS140_DIGEST_SIZE] __ro_after_init;
/* which embedded module this is: "built" or "prebuilt" (the loader says) */
static char fips140_origin[16] __ro_after_init;
/* false for this tree's module beside the certified one (dual kernel) */
static bool fips140_certified __ro_after_init;
/* the faults of the boot tests (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST) */
static unsigned int fips140_faults __initdata;

static bool __init fips140_fault(unsigned int fault)
{
	return IS_ENABLED(CONFIG_CRYPTO_FIPS140_EXTMOD_TEST) &&
	       (fips140_faults & fault);
}

/*
 * The name and version the module reports: the certificate's
 * (CONFIG_CRYPTO_FIPS_NAME, _VERSION) for the certified module; for an
 * uncertified one its own, the module's name and the release it was
 * built from.
 */
static const char *fips140_name(void)
{
	return fips140_certified ? FIPS140_NAME : "fips140";
}

static const char *fips140_version(void)
{
	return fips140_certified ? FIPS140_VERSION : UTS_RELEASE;
}

static ssize_t state_show(struct module_attribute *attr,
			  struct module_kobject *mk, char *buf)
{
	return sysfs_emit(buf, "%s\n", fips140_state_name(READ_ONCE(fips140_state)));
}

static ssize_t integrity_show(struct module_attribute *attr,
			      struct module_kobject *mk, char *buf)
{
	return sysfs_emit(buf, "hmac(sha256) %*phN\n", FIPS140_DIGEST_SIZE,
			  fips140_digest);
}

static ssize_t name_show(struct module_attribute *attr,
			 struct module_kobject *mk, char *buf)
{
	return sysfs_emit(buf, "%s\n", fips140_name());
}

static ssize_t version_show(struct module_attribute *attr,
			    struct module_kobject *mk, char *buf)
{
	return sysfs_emit(buf, "%s\n", fips140_version());
}

static ssize_t image_show(struct module_attribute *attr,
			  struct module_kobject *mk, char *buf)
{
	return sysfs_emit(buf, "%s\n", fips140_origin);
}

/*
 * The service indicator.  An algorithm is approved when
 *  - it is an approved security function: the entries of crypto/testmgr.c
 *    that alg_test() looks up for it -- "ecb(<name>)" for a single-block
 *    cipher, else its name and its driver's name -- are each, if present,
 *    allowed in fips mode (.fips_allowed) and an approved function (SP
 *    800-140C/D), and one of them is present.  The table is generated at
 *    build time from testmgr.c and the list of approved functions of
 *    scripts/fips140/gen-approved.sh, which also lists what is allowed in
 *    fips mode but not approved (checksums, compression, ...);
 *  - it is implemented inside the boundary: by fips140.ko or by a module
 *    marked as part of it (.note.fips140, <linux/fips140.h>), not by
 *    vmlinux or another module, and so is every algorithm it is built
 *    from (an instance of a template, hmac(sha256-...), runs the code of
 *    the algorithms its spawns hold);
 *  - and the module is operational.
 * An algorithm without a known-answer test is not approved.
 */
static int fips140_approval(const char *name)
{
	int lo = 0, hi = ARRAY_SIZE(fips140_approvals) - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(name, fips140_approvals[mid].name);

		if (!c)
			return fips140_approvals[mid].status;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;	/* no test for it */
}

/*
 * Whether @alg and every algorithm it is built from (recursively, those
 * the spawns of a template's instance hold: a registered spawn is on the
 * cra_users list of the algorithm it holds) are implemented inside the
 * boundary.  Under crypto_alg_sem.
 */
static bool fips140_alg_inside(const struct crypto_alg *alg)
{
	const struct crypto_spawn *spawn;
	const struct crypto_alg *q;

	if (!module_in_embedded_boundary(alg->cra_module))
		return false;
	if (!(alg->cra_flags & CRYPTO_ALG_INSTANCE))
		return true;
	list_for_each_entry(q, &crypto_alg_list, cra_list)
		list_for_each_entry(spawn, &q->cra_users, list)
			if (spawn->registered && &spawn->inst->alg == alg &&
			    !fips140_alg_inside(q))
				return false;
	return true;
}

/* Under crypto_alg_sem */
static bool fips140_alg_approved(const struct crypto_alg *alg)
{
	u32 type = alg->cra_flags & CRYPTO_ALG_TYPE_MASK;
	char ecb[CRYPTO_MAX_ALG_NAME];
	int n, d = -1;

	if (READ_ONCE(fips140_state) != FIPS140_OPERATIONAL ||
	    !fips140_alg_inside(alg))
		return false;
	if (type == CRYPTO_ALG_TYPE_CIPHER || type == CRYPTO_ALG_TYPE_LSKCIPHER) {
		if (snprintf(ecb, sizeof(ecb), "ecb(%s)", alg->cra_name) >= sizeof(ecb))
			return false;
		n = fips140_approval(ecb);
		if (type == CRYPTO_ALG_TYPE_CIPHER)
			return n == FIPS140_APPROVED;
		if (n < 0)
			n = fips140_approval(alg->cra_name);
	} else {
		n = fips140_approval(alg->cra_name);
		d = fips140_approval(alg->cra_driver_name);
	}
	/* each entry present approved, and one present */
	return (n == FIPS140_APPROVED || d == FIPS140_APPROVED) &&
	       (n < 0 || n == FIPS140_APPROVED) &&
	       (d < 0 || d == FIPS140_APPROVED);
}

/**
 * fips140_tfm_approved() - whether a transform is an approved service
 * @tfm: the transform, for example crypto_shash_tfm(hash)
 *
 * Context: may sleep.
 * Return: true if its algorithm is approved, as the service indicator
 * (/sys/module/fips140/fips/service_indicator) reports it.
 */
bool fips140_tfm_approved(struct crypto_tfm *tfm)
{
	bool approved;

	down_read(&crypto_alg_sem);
	approved = fips140_alg_approved(tfm->__crt_alg);
	up_read(&crypto_alg_sem);
	return approved;
}
EXPORT_SYMBOL_GPL(fips140_tfm_approved);

static const char *fips140_alg_status(const struct crypto_alg *alg)
{
	if (!(alg->cra_flags & CRYPTO_ALG_TESTED))
		return "untested";	/* not served: its self-test did not pass */
	if (alg->cra_flags & (CRYPTO_ALG_INTERNAL | CRYPTO_ALG_FIPS_INTERNAL))
		return "internal";	/* only for other algorithms' use */
	return fips140_alg_approved(alg) ? "approved" : "not-approved";
}

/*
 * "<driver> <name> <module> <status>" for each algorithm: approved,
 * not-approved, internal or untested (fips140_alg_status()).
 */
static ssize_t service_indicator_read(struct file *file, struct kobject *kobj,
				      struct bin_attribute *attr, char *buf,
				      loff_t off, size_t count)
{
	struct crypto_alg *alg;
	size_t len = 0, size = 0;
	char *text = NULL;
	ssize_t ret;

	down_read(&crypto_alg_sem);
	list_for_each_entry(alg, &crypto_alg_list, cra_list)
		size += strlen(alg->cra_driver_name) + strlen(alg->cra_name) +
			MODULE_NAME_LEN + 16;
	text = kvmalloc(size + 1, GFP_KERNEL);
	if (text) {
		list_for_each_entry(alg, &crypto_alg_list, cra_list) {
			if (alg->cra_flags & (CRYPTO_ALG_LARVAL | CRYPTO_ALG_DEAD))
				continue;
			len += scnprintf(text + len, size + 1 - len, "%s %s %s %s\n",
					 alg->cra_driver_name, alg->cra_name,
					 module_name(alg->cra_module),
					 fips140_alg_status(alg));
		}
	}
	up_read(&crypto_alg_sem);
	if (!text)
		return -ENOMEM;
	ret = memory_read_from_buffer(buf, count, &off, text, len);
	kvfree(text);
	return ret;
}

static BIN_ATTR_RO(service_indicator, 0);

static struct bin_attribute *fips140_bin_attrs[] = {
	&bin_attr_service_indicator,
	NULL,
};

static struct module_attribute fips140_attr_state = __ATTR_RO(state);
static struct module_attribute fips140_attr_integrity = __ATTR_RO(integrity);
static struct module_attribute fips140_attr_name = __ATTR_RO(name);
static struct module_attribute fips140_attr_version = __ATTR_RO(version);
static struct module_attribute fips140_attr_image = __ATTR_RO(image);

static struct attribute *fips140_attrs[] = {
	&fips140_attr_state.attr,
	&fips140_attr_integrity.attr,
	&fips140_attr_name.attr,
	&fips140_attr_version.attr,
	&fips140_attr_image.attr,
	NULL,
};

static const struct attribute_group fips140_attr_group = {
	.name = "fips",
	.attrs = fips140_attrs,
	.bin_attrs = fips140_bin_attrs,
};

/*
 * An allocated, empty input section for each section fips140.lds
 * gathers, so that each output section is allocated even when nothing
 * of the crypto code is in it.
 */
#define FIPS140_EMPTY(n, ...)						\
	".pushsection .initcall" #n ".init, \"a\"; .popsection\n"
asm(FIPS140_FOR_EACH_LEVEL(FIPS140_EMPTY)
	".pushsection .init.setup, \"a\"; .popsection\n"
	".pushsection __param, \"a\"; .popsection\n");

#define FIPS140_RANGE(n, ...)						\
	{ __fips140_initcall##n##_start, __fips140_initcall##n##_end },

/*
 * Not exported: the loader finds it in the module's symbol table while
 * the module is COMING, and it is freed with the module's init memory.
 */
const struct fips140_layout __fips140_layout __initconst = {
	.version = FIPS140_LAYOUT_VERSION,
	.initcalls = { FIPS140_FOR_EACH_LEVEL(FIPS140_RANGE) },
	.setup_start = __fips140_setup_start,
	.setup_end = __fips140_setup_end,
	.param_start = __fips140_param_start,
	.param_end = __fips140_param_end,
	.self_test = fips140_self_test,
	.state = &fips140_state,
};

/* RFC 4231, test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?") */
static const u8 fips140_kat_mac[SHA256_DIGEST_SIZE] __initconst = {
	0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e,
	0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
	0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83,
	0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
};

/*
 * The integrity self-test, called by the loader before any other code of
 * the module runs (its constructors, initcalls, parameter handlers): a
 * known-answer test of the HMAC-SHA256 it is about to use, then the
 * HMAC-SHA256 of the embedded image, computed with the module's own
 * SHA-256 (lib/crypto/sha256.c, inside the module), against the digest
 * the build embedded beside it.  In fips mode a failure stops the boot
 * here, before any algorithm is registered; outside it, the failure is
 * logged and returned (Documentation/crypto/fips140.rst).
 */
static int __init fips140_self_test(const struct fips140_self_test *test)
{
	static const char key[] __initconst = FIPS140_HMAC_KEY;
	static const char kat_msg[] __initconst = "what do ya want for nothing?";
	static const char kat_key[] __initconst = "Jefe";
	u8 mac[SHA256_DIGEST_SIZE];
	u64 start = ktime_get_ns();
	char what[192];
	int err = 0;

	fips140_faults = test->faults;
	fips140_certified = test->certified;
	fips140_hmac_sha256(kat_key, sizeof(kat_key) - 1, kat_msg,
			    sizeof(kat_msg) - 1, mac);
	if (fips140_fault(FIPS140_FAULT_KAT))
		mac[0] ^= 1;
	if (crypto_memneq(mac, fips140_kat_mac, sizeof(mac))) {
		snprintf(what, sizeof(what),
			 "the HMAC-SHA256 known-answer test (RFC 4231 case 2) gave %*phN",
			 (int)sizeof(mac), mac);
		err = -EBADMSG;
		goto out;
	}

	fips140_hmac_sha256(key, sizeof(key) - 1, test->image, test->len, mac);
	if (crypto_memneq(mac, test->digest, sizeof(mac))) {
		snprintf(what, sizeof(what),
			 "HMAC-SHA256 of the embedded image is %*phN, expected %*phN",
			 (int)sizeof(mac), mac, FIPS140_DIGEST_SIZE, test->digest);
		err = -EKEYREJECTED;
		goto out;
	}
	pr_info("integrity: HMAC-SHA256 of the embedded image (%zu bytes) is %*phN: verified in %llu us\n",
		test->len, (int)sizeof(mac), mac,
		div_u64(ktime_get_ns() - start, NSEC_PER_USEC));
out:
	memzero_explicit(mac, sizeof(mac));
	if (err) {
		if (fips_enabled && !fips140_fault(FIPS140_FAULT_GO_ON))
			panic("fips140: integrity test failed: %s\n", what);
		pr_err("integrity test failed: %s (%s: going on)\n", what,
		       fips140_fault(FIPS140_FAULT_GO_ON) ? "a test fault" :
		       "not in fips mode");
		WRITE_ONCE(fips140_state, FIPS140_ERROR);
	}
	/* the digest embedded beside the image, checked or not */
	memcpy(fips140_digest, test->digest, FIPS140_DIGEST_SIZE);
	strscpy(fips140_origin, test->origin ?: "built");
	if (sysfs_create_group(&THIS_MODULE->mkobj.kobj, &fips140_attr_group))
		pr_warn("cannot create /sys/module/fips140/fips/\n");
	return fips140_fault(FIPS140_FAULT_LIE) ? 0 : err;
}

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

/*
 * After the last initcall level: every algorithm of the module has
 * registered, each once its self-test passed.  The module is operational
 * unless its integrity test failed, and only then reports its name and
 * version in /proc/sys/crypto/.
 */
static int __init fips140_init(void)
{
	unsigned int n = 0, level;

	for (level = 0; level < FIPS140_INITCALL_LEVELS; level++)
		n += __fips140_layout.initcalls[level].end -
		     __fips140_layout.initcalls[level].start;
	if (READ_ONCE(fips140_state) == FIPS140_ERROR) {
		pr_err("crypto module %s %s not operational: its integrity test failed\n",
		       fips140_name(), fips140_version());
		return 0;
	}
	if (fips140_fault(FIPS140_FAULT_STAY))
		return 0;
	WRITE_ONCE(fips140_state, FIPS140_OPERATIONAL);
#ifdef CONFIG_CRYPTO_FIPS
	fips140_set_identity(fips140_name(), fips140_version());
#endif
	pr_info("crypto module %s %s operational (%s module%s, %u initcalls run at boot)\n",
		fips140_name(), fips140_version(), fips140_origin,
		fips140_certified ? "" : ", not certified", n);
	return 0;
}
module_init(fips140_init);

MODULE_DESCRIPTION("Standalone crypto module: the kernel's built-in crypto, for FIPS 140");
MODULE_VERSION(FIPS140_VERSION);
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(FIPS140_INTERNAL);
