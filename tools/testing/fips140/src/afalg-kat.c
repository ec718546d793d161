// SPDX-License-Identifier: GPL-2.0
/*
 * afalg-kat - drive the kernel crypto API through AF_ALG sockets.
 *
 * A small static tool for the fips140 boot tests: it runs one operation
 * and prints the result as hex, so that a shell script in the guest can
 * compare it with a known answer.  All values are given in hex.
 *
 *   afalg-kat hash     ALG MSG [KEY]            digest (KEY: keyed hash)
 *   afalg-kat encrypt  ALG KEY IV DATA          skcipher encryption
 *   afalg-kat decrypt  ALG KEY IV DATA          skcipher decryption
 *   afalg-kat seal     ALG KEY IV AAD PT TAGLEN aead: ciphertext || tag
 *   afalg-kat open     ALG KEY IV AAD CT TAGLEN aead: plaintext
 *   afalg-kat rng      ALG NBYTES               random bytes
 *   afalg-kat bench    MS                       throughput (make bench)
 *
 * Exit status: 0 success, 1 usage or setup error, 2 the operation failed
 * (an "open" with a bad tag prints "EBADMSG" and exits 2).
 */
#include <errno.h>
#include <linux/if_alg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

static void die(const char *what)
{
	if (errno == EBADMSG) {
		printf("EBADMSG\n");
		exit(2);
	}
	fprintf(stderr, "afalg-kat: %s: %s\n", what, strerror(errno));
	exit(1);
}

static size_t unhex(const char *s, uint8_t **out)
{
	size_t n = strlen(s), i;
	uint8_t *b;

	if (n % 2) {
		fprintf(stderr, "afalg-kat: odd-length hex: %s\n", s);
		exit(1);
	}
	b = malloc(n / 2 + 1);
	if (!b)
		die("malloc");
	for (i = 0; i < n / 2; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1) {
			fprintf(stderr, "afalg-kat: bad hex: %s\n", s);
			exit(1);
		}
		b[i] = v;
	}
	*out = b;
	return n / 2;
}

static void puthex(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

static int alg_socket(const char *type, const char *name,
		      const uint8_t *key, size_t keylen)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	int tfm;

	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s", type);
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", name);
	tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm < 0)
		die("socket(AF_ALG)");
	if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die(name);
	if (key && setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, keylen) < 0)
		die("ALG_SET_KEY");
	return tfm;
}

/*
 * Send one request and read @outlen bytes: the operation, the IV and, for
 * AEADs (@aead set), the length of the associated data in front of @in.
 */
static ssize_t alg_request(int op_fd, int op, const uint8_t *iv,
			   size_t ivlen, int aead, size_t aadlen,
			   const uint8_t *in, size_t inlen, uint8_t *out,
			   size_t outlen)
{
	char cbuf[CMSG_SPACE(4) + CMSG_SPACE(4 + 64) + CMSG_SPACE(4)] = { 0 };
	struct msghdr msg = { .msg_control = cbuf };
	struct cmsghdr *c;
	struct af_alg_iv *aiv;
	struct iovec iov = { .iov_base = (void *)in, .iov_len = inlen };
	ssize_t n;

	if (ivlen > 64) {
		fprintf(stderr, "afalg-kat: IV too long\n");
		exit(1);
	}
	msg.msg_controllen = CMSG_SPACE(4) + CMSG_SPACE(4 + ivlen) +
			     (aead ? CMSG_SPACE(4) : 0);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(4);
	*(uint32_t *)CMSG_DATA(c) = op;
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_IV;
	c->cmsg_len = CMSG_LEN(4 + ivlen);
	aiv = (struct af_alg_iv *)CMSG_DATA(c);
	aiv->ivlen = ivlen;
	memcpy(aiv->iv, iv, ivlen);
	if (aead) {
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = SOL_ALG;
		c->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
		c->cmsg_len = CMSG_LEN(4);
		*(uint32_t *)CMSG_DATA(c) = aadlen;
	}
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (sendmsg(op_fd, &msg, 0) < 0)
		die("sendmsg");
	n = read(op_fd, out, outlen);
	if (n < 0)
		die("read");
	return n;
}

/* One request on a connection of its own (see alg_request()). */
static ssize_t alg_crypt(int tfm, int op, const uint8_t *iv, size_t ivlen,
			 int aead, size_t aadlen, const uint8_t *in,
			 size_t inlen, uint8_t *out, size_t outlen)
{
	int op_fd = accept(tfm, NULL, 0);
	ssize_t n;

	if (op_fd < 0)
		die("accept");
	n = alg_request(op_fd, op, iv, ivlen, aead, aadlen, in, inlen, out,
			outlen);
	close(op_fd);
	return n;
}

static int cmd_hash(int argc, char **argv)
{
	uint8_t *msg, *key = NULL, out[128];
	size_t msglen, keylen = 0;
	int tfm, op;
	ssize_t n;

	if (argc < 2)
		return -1;
	msglen = unhex(argv[1], &msg);
	if (argc > 2)
		keylen = unhex(argv[2], &key);
	tfm = alg_socket("hash", argv[0], key, keylen);
	op = accept(tfm, NULL, 0);
	if (op < 0)
		die("accept");
	if (write(op, msg, msglen) != (ssize_t)msglen)
		die("write");
	n = read(op, out, sizeof(out));
	if (n < 0)
		die("read");
	puthex(out, n);
	return 0;
}

static int cmd_skcipher(int argc, char **argv, int op)
{
	uint8_t *key, *iv, *data, *out;
	size_t keylen, ivlen, len;
	ssize_t n;
	int tfm;

	if (argc < 4)
		return -1;
	keylen = unhex(argv[1], &key);
	ivlen = unhex(argv[2], &iv);
	len = unhex(argv[3], &data);
	out = malloc(len + 1);
	tfm = alg_socket("skcipher", argv[0], key, keylen);
	n = alg_crypt(tfm, op, iv, ivlen, 0, 0, data, len, out, len);
	puthex(out, n);
	return 0;
}

static int cmd_aead(int argc, char **argv, int op)
{
	uint8_t *key, *iv, *aad, *data, *in, *out;
	size_t keylen, ivlen, aadlen, len, taglen, outlen;
	ssize_t n;
	int tfm;

	if (argc < 6)
		return -1;
	keylen = unhex(argv[1], &key);
	ivlen = unhex(argv[2], &iv);
	aadlen = unhex(argv[3], &aad);
	len = unhex(argv[4], &data);
	taglen = strtoul(argv[5], NULL, 0);
	tfm = alg_socket("aead", argv[0], key, keylen);
	if (setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, taglen) < 0)
		die("ALG_SET_AEAD_AUTHSIZE");
	in = malloc(aadlen + len + 1);
	memcpy(in, aad, aadlen);
	memcpy(in + aadlen, data, len);
	outlen = aadlen + (op == ALG_OP_ENCRYPT ? len + taglen : len - taglen);
	out = malloc(outlen + 1);
	n = alg_crypt(tfm, op, iv, ivlen, 1, aadlen, in, aadlen + len, out,
		      outlen);
	if (n < (ssize_t)aadlen) {
		fprintf(stderr, "afalg-kat: short aead output\n");
		return 2;
	}
	puthex(out + aadlen, n - aadlen);
	return 0;
}

static int cmd_rng(int argc, char **argv)
{
	static const char seed[] = "afalg-kat personalization";
	uint8_t out[256];
	size_t len;
	ssize_t n;
	int tfm, op;

	if (argc < 2)
		return -1;
	len = strtoul(argv[1], NULL, 0);
	if (len > sizeof(out))
		len = sizeof(out);
	/* A DRBG must be seeded first; the kernel adds its own entropy. */
	tfm = alg_socket("rng", argv[0], (const uint8_t *)seed, sizeof(seed));
	op = accept(tfm, NULL, 0);
	if (op < 0)
		die("accept");
	n = read(op, out, len);
	if (n < 0)
		die("read");
	puthex(out, n);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * bench MS: for each algorithm and message size, as many requests as fit
 * in MS milliseconds on one connection, printed as
 * "afalg-bench: ALG SIZE BYTES_PER_SECOND REQUESTS".
 */
static int cmd_bench(int argc, char **argv)
{
	static const char *const algs[] = {
		"sha256", "hmac(sha256)", "gcm(aes)", "xts(aes)",
	};
	static const size_t sizes[] = { 16, 256, 4096, 65536 };
	static uint8_t in[65536], out[65536 + 16], key[64], iv[16];
	unsigned int a, s;
	double ms;

	if (argc < 1)
		return -1;
	ms = strtod(argv[0], NULL);
	for (a = 0; a < sizeof(key); a++)
		key[a] = a;	/* xts: the two halves differ */
	for (a = 0; a < ARRAY_SIZE(algs); a++) {
		const char *alg = algs[a];
		int hash = !strncmp(alg, "sha", 3) || !strncmp(alg, "hmac", 4);
		int aead = !strcmp(alg, "gcm(aes)");
		int tfm, op;

		/* hmac(sha256) 32 bytes of key, gcm(aes) 16, xts(aes) 64 */
		size_t keylen = hash ? 32 : aead ? 16 : 64;

		tfm = alg_socket(hash ? "hash" : aead ? "aead" : "skcipher",
				 alg, strcmp(alg, "sha256") ? key : NULL,
				 keylen);
		if (aead && setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE,
				       NULL, 16) < 0)
			die("ALG_SET_AEAD_AUTHSIZE");
		op = accept(tfm, NULL, 0);
		if (op < 0)
			die("accept");
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			size_t len = sizes[s];
			double t0 = now(), t;
			unsigned long n = 0;

			do {
				if (hash) {
					if (write(op, in, len) != (ssize_t)len)
						die("write");
					if (read(op, out, 32) != 32)
						die("read");
				} else {
					alg_request(op, ALG_OP_ENCRYPT, iv,
						    aead ? 12 : 16, aead, 0, in,
						    len, out, len + 16 * aead);
				}
				n++;
				t = now() - t0;
			} while (t * 1000 < ms);
			printf("afalg-bench: %s %zu %.0f %lu\n", alg, len,
			       n * len / t, n);
		}
		close(op);
		close(tfm);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int ret = -1;

	if (!strcmp(cmd, "hash"))
		ret = cmd_hash(argc - 2, argv + 2);
	else if (!strcmp(cmd, "encrypt"))
		ret = cmd_skcipher(argc - 2, argv + 2, ALG_OP_ENCRYPT);
	else if (!strcmp(cmd, "decrypt"))
		ret = cmd_skcipher(argc - 2, argv + 2, ALG_OP_DECRYPT);
	else if (!strcmp(cmd, "seal"))
		ret = cmd_aead(argc - 2, argv + 2, ALG_OP_ENCRYPT);
	else if (!strcmp(cmd, "open"))
		ret = cmd_aead(argc - 2, argv + 2, ALG_OP_DECRYPT);
	else if (!strcmp(cmd, "rng"))
		ret = cmd_rng(argc - 2, argv + 2);
	else if (!strcmp(cmd, "bench"))
		ret = cmd_bench(argc - 2, argv + 2);
	if (ret < 0) {
		fprintf(stderr,
			"usage: afalg-kat hash ALG MSG [KEY]\n"
			"       afalg-kat encrypt|decrypt ALG KEY IV DATA\n"
			"       afalg-kat seal|open ALG KEY IV AAD DATA TAGLEN\n"
			"       afalg-kat rng ALG NBYTES\n"
			"       afalg-kat bench MS\n");
		return 1;
	}
	return ret;
}
