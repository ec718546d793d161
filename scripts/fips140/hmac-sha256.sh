#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hmac-sha256.sh AUTO_CONF FILE OUT
#
# Write to OUT the HMAC-SHA256 (RFC 2104, FIPS 198-1) of FILE, in binary
# (32 bytes), keyed with CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY as
# AUTO_CONF (include/config/auto.conf) has it, and print it in hex.  The
# same as `openssl dgst -sha256 -hmac KEY FILE`, computed with sha256sum,
# od and awk only: no host tool kbuild does not already need.
#
# A key shorter than 14 bytes (112 bits, the least FIPS 140-3 allows for
# an HMAC key) is refused.
set -e

conf=$1
file=$2
out=$3

line=$(grep '^CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY=' "$conf") || {
	echo "fips140: $conf has no CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY" >&2
	exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# auto.conf has string values as they are, neither quoted nor escaped
printf '%s' "${line#*=}" > "$tmp/key"
len=$(wc -c < "$tmp/key")
if [ "$len" -lt 14 ]; then
	echo "fips140: CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY has $len bytes:" \
	     "the integrity key needs at least 14 (112 bits)" >&2
	exit 1
fi

# A key longer than the block is hashed first; then zero-padded to 64.
if [ "$len" -gt 64 ]; then
	sha256sum < "$tmp/key" | cut -c 1-64 > "$tmp/key.hex"
else
	od -An -v -tx1 "$tmp/key" | tr -d ' \n' > "$tmp/key.hex"
fi

# escapes X N: the bytes of the hex digits on stdin, each XOR-ed with X
# and zero-padded to N bytes (none with N = 0), as printf(1) octal escapes
escapes()
{
	tr -d ' \n' | awk -v x="$1" -v n="$2" '{
		len = length($0) / 2
		if (n < len)
			n = len
		for (i = 0; i < n; i++) {
			b = i < len ? hexval(substr($0, i * 2 + 1, 2)) : 0
			printf "\\%03o", bxor(b, x)
		}
	}
	function hexval(h,   d, v, j) {
		v = 0
		for (j = 1; j <= 2; j++) {
			d = index("0123456789abcdef", substr(h, j, 1)) - 1
			v = v * 16 + d
		}
		return v
	}
	function bxor(a, b,   r, p) {
		r = 0
		for (p = 1; p < 256; p *= 2) {
			if ((int(a / p) % 2) != (int(b / p) % 2))
				r += p
		}
		return r
	}'
}

# inner and outer pads: the key XOR-ed with 0x36 and with 0x5c
inner=$({ printf "$(escapes 54 64 < "$tmp/key.hex")"; cat "$file"; } |
	sha256sum | cut -c 1-64)
digest=$({ printf "$(escapes 92 64 < "$tmp/key.hex")"
	   printf "$(echo "$inner" | escapes 0 0)"; } | sha256sum | cut -c 1-64)
[ ${#digest} -eq 64 ] || { echo "fips140: sha256sum failed" >&2; exit 1; }
printf "$(echo "$digest" | escapes 0 0)" > "$out"
echo "$digest"
