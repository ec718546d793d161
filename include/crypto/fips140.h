/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The service indicator of the standalone crypto module fips140.ko
 * (CONFIG_CRYPTO_FIPS140_EXTMOD, crypto/fips140/fips140-module.c): whether
 * a transform's algorithm is an approved service -- an approved security
 * function, implemented inside the module's boundary, while the module is
 * operational.  The same for user space in
 * /sys/module/fips140/fips/service_indicator.
 */
#ifndef _CRYPTO_FIPS140_INDICATOR_H
#define _CRYPTO_FIPS140_INDICATOR_H

#include <linux/types.h>

struct crypto_tfm;

#ifdef CONFIG_CRYPTO_FIPS140_EXTMOD
bool fips140_tfm_approved(struct crypto_tfm *tfm);
#endif

#endif /* _CRYPTO_FIPS140_INDICATOR_H */
