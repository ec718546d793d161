#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ko-versions.sh OBJCOPY KO
#
# Print the symbol versions a module was linked against, from its own
# bytes: one "<name> 0x<crc>" line per entry of its __versions section
# (struct modversion_info: an unsigned long CRC, then the name in the
# rest of 64 bytes), as the module loader checks them (check_version()).
# Nothing for a module without symbol versions.  Little-endian, 64-bit
# (x86_64, arm64).
set -e

OBJCOPY=$1
ko=$2

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

if ! "$OBJCOPY" -O binary --only-section=__versions "$ko" "$tmp" 2>/dev/null; then
	echo "fips140: cannot read the __versions section of $ko" >&2
	exit 1
fi
od -An -v -tu1 -w64 "$tmp" | awk -v ko="$ko" '
NF == 0 { next }
NF != 64 {
	printf "fips140: %s: __versions is not a table of 64-byte entries\n", \
	       ko > "/dev/stderr"
	exit 1
}
{
	name = ""
	for (i = 9; i <= 64 && $i != 0; i++)
		name = name sprintf("%c", $i + 0)
	printf "%s 0x%02x%02x%02x%02x\n", name, $4, $3, $2, $1
}'
