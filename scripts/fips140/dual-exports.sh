#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dual-exports.sh SET PRE_SYMVERS FRESH_SYMVERS MODORDER OUT
#
# With CONFIG_CRYPTO_FIPS140_DUAL_VERSION vmlinux embeds two modules: the
# certified one (PRE_SYMVERS, its fips140.symvers), loaded with fips=1,
# and this tree's (FRESH_SYMVERS), loaded otherwise.  Every module of the
# build (MODORDER, modules.order) was linked against the certified
# module's exports, and so were the boundary modules of the module set SET
# that modules_install installs in place of this tree's: each symbol of
# the certified module that a module installed imports must be exported
# by this tree's module too, with the same symbol version, or modprobe of
# that module fails on every boot without fips=1.  Run by
# make modules after the final link of the modules (scripts/
# Makefile.fips140, goal fips140-modules).  Every problem is named; any
# stops the build after all are listed.  The report goes to OUT and, on
# a failure, to stderr.
set -e

set=$1
pre=$2
fresh=$3
modorder=$4
out=$5
here=$(dirname "$0")

for f in "$pre" "$fresh" "$modorder"; do
	[ -f "$f" ] || { echo "fips140: $f: no such file" >&2; exit 1; }
done

. "$here/tools.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fips140_report_start "$tmp/report"

awk -F '\t' '{ print $2 }' "$pre" | LC_ALL=C sort -u > "$tmp/pre"
awk -F '\t' '{ print $2, $1 }' "$fresh" | LC_ALL=C sort -k1,1 > "$tmp/fresh"
n=0
imports=0
while read -r o; do
	ko=${o%.o}.ko
	# the set's copy of a boundary module is the one installed
	[ ! -f "$set/modules/$ko" ] || ko=$set/modules/$ko
	[ -f "$ko" ] || { echo "fips140: $ko (modules.order) is missing" >&2; exit 1; }
	n=$((n + 1))
	# the module's imports of the certified module's exports: "<symbol>
	# <version or none> <this tree's version or missing>"
	fips140_import_check "$ko" "$tmp/fresh" > "$tmp/checked"
	LC_ALL=C join "$tmp/checked" "$tmp/pre" > "$tmp/imports"
	while read -r s crc have; do
		imports=$((imports + 1))
		if [ "$have" = missing ]; then
			fips140_problem "exports: $ko imports $s from the certified" \
				"fips140.ko; this tree's module, embedded for boots" \
				"without fips=1, does not export it"
		elif [ "$crc" != none ] && [ "$crc" != "$have" ]; then
			fips140_problem "versions: $ko imports $s with version $crc," \
				"the certified module's; this tree's module exports it" \
				"with version $have"
		fi
	done < "$tmp/imports"
done < "$modorder"

echo "# dual: $n modules, $imports imports of fips140.ko, against both of its images" |
	fips140_verdict "$out"
