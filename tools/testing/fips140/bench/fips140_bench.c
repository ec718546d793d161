// SPDX-License-Identifier: GPL-2.0
/*
 * fips140_bench - the cost of one call into the crypto API (make bench).
 *
 * Times @iters calls of crypto_shash_tfm_digest() (sha256, 16 bytes) and
 * of crypto_skcipher_encrypt() (ecb(aes), one block), interrupts off (on
 * arm64 preemption off: its NEON code needs interrupts on), in
 * the forms a caller can take:
 *
 *   direct      call X, as built-in code and any module call it
 *   pointer     X's address loaded from memory, then an indirect call
 *               (the reference design's form; with
 *               CONFIG_MITIGATION_RETPOLINE the compiler makes it a
 *               retpoline, which the kernel may patch at boot)
 *   trampoline  the same loop, the pointer holding vmlinux's trampoline
 *               of X (__wrap_X, its address passed by the guest from
 *               /proc/kallsyms): minus "pointer", the trampoline's cost.
 *               vmlinux has a trampoline only for the functions it calls
 *               (the minimal test config's calls crypto_shash_tfm_digest()
 *               but not crypto_skcipher_encrypt()): without an address,
 *               no such line.
 *
 * and prints one line per form, "fips140_bench: API FORM ITERS NS".  Under
 * QEMU with -icount shift=0 a nanosecond of the guest is one instruction.
 * A trampoline address that is not __wrap_X is refused.
 */
#include <linux/err.h>
#include <linux/irqflags.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <crypto/aes.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>

static unsigned int iters = 10000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "calls per form");
static unsigned long tramp_shash;
module_param(tramp_shash, ulong, 0444);
MODULE_PARM_DESC(tramp_shash, "address of __wrap_crypto_shash_tfm_digest");
static unsigned long tramp_skcipher;
module_param(tramp_skcipher, ulong, 0444);
MODULE_PARM_DESC(tramp_skcipher, "address of __wrap_crypto_skcipher_encrypt");

static int (*shash_ptr)(struct crypto_shash *tfm, const u8 *data,
			unsigned int len, u8 *out);
static int (*skcipher_ptr)(struct skcipher_request *req);

static u8 buf[16] __aligned(16);
static u8 digest[32];

static void report(const char *api, const char *form, u64 ns, int err)
{
	if (err)
		pr_err("fips140_bench: %s %s: error %d\n", api, form, err);
	else
		pr_info("fips140_bench: %s %s %u %llu\n", api, form, iters, ns);
}

/*
 * Interrupts off while the calls are timed, but where the crypto code may
 * use the SIMD unit (arm64: kernel_neon_begin() must not be called with
 * them off) only preemption.
 */
#ifdef CONFIG_KERNEL_MODE_NEON
#define bench_quiet_begin(flags)	do { (flags) = 0; preempt_disable(); } while (0)
#define bench_quiet_end(flags)		do { (void)(flags); preempt_enable(); } while (0)
#else
#define bench_quiet_begin(flags)	local_irq_save(flags)
#define bench_quiet_end(flags)		local_irq_restore(flags)
#endif

/* @iters evaluations of @call, timed and reported */
#define TIME_CALLS(api, form, call)					\
	do {								\
		unsigned long flags;					\
		unsigned int i;						\
		int err = 0;						\
		u64 t0, t1;						\
									\
		bench_quiet_begin(flags);					\
		t0 = ktime_get_ns();					\
		for (i = 0; i < iters; i++)				\
			err |= call;					\
		t1 = ktime_get_ns();					\
		bench_quiet_end(flags);				\
		report(api, form, t1 - t0, err);			\
	} while (0)

static noinline void bench_shash(struct crypto_shash *tfm, const char *form,
				 bool direct)
{
	if (direct)
		TIME_CALLS("shash_tfm_digest", form,
			   crypto_shash_tfm_digest(tfm, buf, sizeof(buf),
						   digest));
	else
		TIME_CALLS("shash_tfm_digest", form,
			   READ_ONCE(shash_ptr)(tfm, buf, sizeof(buf),
						digest));
}

static noinline void bench_skcipher(struct skcipher_request *req,
				    const char *form, bool direct)
{
	if (direct)
		TIME_CALLS("skcipher_encrypt", form,
			   crypto_skcipher_encrypt(req));
	else
		TIME_CALLS("skcipher_encrypt", form,
			   READ_ONCE(skcipher_ptr)(req));
}

/* 0 if @addr is the function @name; -EINVAL, said, if not */
static int is_function(unsigned long addr, const char *name)
{
	char sym[KSYM_SYMBOL_LEN];

	snprintf(sym, sizeof(sym), "%ps", (void *)addr);
	if (!strcmp(sym, name))
		return 0;
	pr_err("fips140_bench: %#lx is %s, not %s\n", addr, sym, name);
	return -EINVAL;
}

static int run_shash(void)
{
	struct crypto_shash *tfm;
	int err = 0;

	tfm = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(tfm)) {
		pr_err("fips140_bench: sha256: %ld\n", PTR_ERR(tfm));
		return PTR_ERR(tfm);
	}
	pr_info("fips140_bench: shash_tfm_digest driver %s\n",
		crypto_shash_driver_name(tfm));
	bench_shash(tfm, "direct", true);
	WRITE_ONCE(shash_ptr, crypto_shash_tfm_digest);
	bench_shash(tfm, "pointer", false);
	if (tramp_shash) {
		err = is_function(tramp_shash, "__wrap_crypto_shash_tfm_digest");
		if (!err) {
			WRITE_ONCE(shash_ptr, (void *)tramp_shash);
			bench_shash(tfm, "trampoline", false);
		}
	}
	crypto_free_shash(tfm);
	return err;
}

static int run_skcipher(void)
{
	static const u8 key[16] = "fips140_bench!!";
	struct crypto_skcipher *tfm;
	struct skcipher_request *req;
	struct scatterlist sg;
	u8 *block;
	int err;

	/* a synchronous one: each call returns with the block encrypted */
	tfm = crypto_alloc_skcipher("ecb(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm)) {
		pr_err("fips140_bench: ecb(aes): %ld\n", PTR_ERR(tfm));
		return PTR_ERR(tfm);
	}
	err = crypto_skcipher_setkey(tfm, key, sizeof(key));
	if (err)
		goto out;
	err = -ENOMEM;
	/* a scatterlist needs memory of the linear map, not module data */
	block = kmalloc(AES_BLOCK_SIZE, GFP_KERNEL);
	if (!block)
		goto out;
	req = skcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		goto free_block;
	sg_init_one(&sg, block, AES_BLOCK_SIZE);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, AES_BLOCK_SIZE, NULL);
	pr_info("fips140_bench: skcipher_encrypt driver %s\n",
		crypto_skcipher_driver_name(tfm));
	bench_skcipher(req, "direct", true);
	WRITE_ONCE(skcipher_ptr, crypto_skcipher_encrypt);
	bench_skcipher(req, "pointer", false);
	err = 0;
	if (tramp_skcipher) {
		err = is_function(tramp_skcipher,
				  "__wrap_crypto_skcipher_encrypt");
		if (!err) {
			WRITE_ONCE(skcipher_ptr, (void *)tramp_skcipher);
			bench_skcipher(req, "trampoline", false);
		}
	}
	skcipher_request_free(req);
free_block:
	kfree(block);
out:
	crypto_free_skcipher(tfm);
	return err;
}

static int __init fips140_bench_init(void)
{
	int err = run_shash();

	return run_skcipher() ?: err;
}
module_init(fips140_bench_init);

static void __exit fips140_bench_exit(void)
{
}
module_exit(fips140_bench_exit);

MODULE_DESCRIPTION("Cost of a call into the crypto API, for make bench");
MODULE_LICENSE("GPL");
