/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The initcall levels of fips140.ko, listed once for the loader, the
 * module entry and fips140.lds.S: 0 (pure) to 7 (late), the levels of
 * init/main.c's initcall_levels[].  A level holds its _sync variant, and
 * level 5 (fs) also the rootfs initcalls, as INIT_CALLS in
 * include/asm-generic/vmlinux.lds.h groups them: its second argument.
 *
 * FIPS140_FOR_EACH_LEVEL(X) is X(0, none) ... X(5, rootfs) ... X(7, none).
 */
#ifndef _CRYPTO_FIPS140_LEVELS_H
#define _CRYPTO_FIPS140_LEVELS_H

#define FIPS140_INITCALL_LEVELS		8

#define FIPS140_FOR_EACH_LEVEL(X)					\
	X(0, none) X(1, none) X(2, none) X(3, none)			\
	X(4, none) X(5, rootfs) X(6, none) X(7, none)

#endif /* _CRYPTO_FIPS140_LEVELS_H */
