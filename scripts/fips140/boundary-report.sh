#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# boundary-report.sh NM SRCTREE SRCARCH LDS ALLOW MODULE OUT ARCHIVE...
#
# The boundary report of fips140.ko: every symbol MODULE (fips140.o)
# imports from vmlinux, with the source file that defines it there, found
# in the objects of the ARCHIVEs vmlinux is linked from (vmlinux.a, the
# libraries) and their kbuild .cmd files.  Written to OUT, one line per
# symbol, sorted by file:
#
#   <symbol> TAB <file> TAB service|allowed|unresolved
#
#   service     kernel code outside the algorithm directories (kmalloc,
#               printk, the scatterlist helpers, ...)
#   allowed     code of an algorithm directory that stays in vmlinux, on
#               the allow-list ALLOW with its reason (fips_enabled, ...)
#   unresolved  defined nowhere in vmlinux: modpost names it next
#
# Algorithm code belongs inside the module: an import from crypto/,
# lib/crypto/, arch/SRCARCH/crypto/ or the crypto code of lib/ (the ASN.1
# decoder and the OID registry, which lib/Makefile marks FIPS140_INCLUDE_)
# that is not on the allow-list is an error naming the symbol and its file.
# Symbols that the linker script LDS defines (jiffies on x86) are reported
# with it as their file.
set -e

NM=$1
srctree=$2
srcarch=$3
lds=$4
allow=$5
module=$6
out=$7
shift 7

for a in "$module" "$allow" "$@"; do
	[ -f "$a" ] || { echo "fips140: boundary-report.sh: no $a" >&2; exit 1; }
done

# the .cmd files name sources as the build saw them: absolute or relative
relsrc=$(realpath -m --relative-to=. "$srctree")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$NM" -u "$module" | awk '$NF != "__this_module" { print $NF }' |
	LC_ALL=C sort -u > "$tmp/imports"

# symbol -> the first archive member that defines it
"$NM" -A -g --defined-only "$@" 2>/dev/null |
	awk -F: 'NF >= 3 { n = split($NF, f, " "); print f[n], $(NF - 1) }' |
	LC_ALL=C sort -k1,1 -u > "$tmp/definers"

# allow-list: "symbol file reason..."; comments and blank lines skipped
sed -e 's/#.*//' "$allow" | awk 'NF >= 3 { print $1, $2 }' |
	LC_ALL=C sort -u > "$tmp/allowed"

LC_ALL=C join -a 1 "$tmp/imports" "$tmp/definers" |
while read -r sym obj; do
	file=
	if [ -n "$obj" ]; then
		cmd=$(dirname "$obj")/.$(basename "$obj").cmd
		file=$(sed -n 's/^source_[^ ]* := //p' "$cmd" 2>/dev/null | head -n 1)
		file=${file#"$srctree"/}
		file=${file#"$relsrc"/}
		[ -n "$file" ] || file=$obj
	elif grep -Eq "^[[:space:]]*$sym[[:space:]]*=" "$lds" 2>/dev/null; then
		file=${lds%.lds}.lds.S
	fi
	printf '%s\t%s\n' "$sym" "${file:--}"
done > "$tmp/files"

awk -F '\t' -v allowlist="$tmp/allowed" -v srcarch="$srcarch" \
	-v allowname="${allow#"$srctree"/}" '
BEGIN {
	while ((getline l < allowlist) > 0) {
		split(l, a, " ")
		ok[a[1] " " a[2]] = 1
	}
}
{
	sym = $1; file = $2
	if (file == "-") {
		kind = "unresolved"
	} else if (file ~ "^(crypto|lib/crypto|arch/" srcarch "/crypto)/" ||
		   file ~ "^lib/(asn1_decoder|oid_registry)\\.c$") {
		if ((sym " " file) in ok) {
			kind = "allowed"
		} else {
			kind = "ALGORITHM"
			printf "fips140: fips140.ko imports %s from %s in " \
			       "vmlinux: algorithm code belongs inside the " \
			       "module (make its object crypto-objs or mark it " \
			       "FIPS140_INCLUDE_, or add it to %s with the " \
			       "reason vmlinux keeps it)\n", \
			       sym, file, allowname > "/dev/stderr"
			errors++
		}
	} else {
		kind = "service"
	}
	printf "%s\t%s\t%s\n", sym, file, kind
}
END { exit errors ? 1 : 0 }' "$tmp/files" > "$tmp/report" || rc=$?

{
	echo "# fips140.ko's imports from vmlinux, by the file that defines them"
	echo "# (scripts/fips140/boundary-report.sh): symbol, file, and service,"
	echo "# allowed (on ${allow#"$srctree"/}) or unresolved"
	LC_ALL=C sort -t "$(printf '\t')" -k2,2 -k1,1 "$tmp/report"
} > "$out"
exit ${rc:-0}
