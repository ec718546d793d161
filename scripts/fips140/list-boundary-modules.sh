#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# list-boundary-modules.sh [DIR...]
#
# List the kernel modules under DIR (default: .) that are inside the
# boundary of the standalone crypto module: fips140.ko and the modules
# built from crypto-objs-m.  They carry an ELF note of owner "fips140"
# (section .note.fips140, see include/linux/fips140.h).  Prints one path
# per line.  Separate debug files (under usr/lib/debug/, where
# modules_install puts fips140.ko's) are not modules and are skipped.
set -e

READELF=${READELF:-readelf}
[ $# -gt 0 ] || set -- .
find "$@" -path '*/usr/lib/debug' -prune -o \( -name '*.ko' -o -name '*.ko.gz' \
	-o -name '*.ko.xz' -o -name '*.ko.zst' \) -type f -print |
	LC_ALL=C sort | while read -r ko; do
	case $ko in
	*.gz)  tmp=$(mktemp); gzip -dc "$ko" > "$tmp" ;;
	*.xz)  tmp=$(mktemp); xz -dc "$ko" > "$tmp" ;;
	*.zst) tmp=$(mktemp); zstd -qdc "$ko" > "$tmp" ;;
	*)     tmp= ;;
	esac
	f=${tmp:-$ko}
	if "$READELF" -nW "$f" 2>/dev/null | grep -q '^ *fips140 '; then
		echo "$ko"
	fi
	if [ -n "$tmp" ]; then rm -f "$tmp"; fi
done
