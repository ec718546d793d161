#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# abi-guard.sh PREBUILT FRESH VMLINUX_O ALL_SYMVERS AUTO_CONF SLOTS_S OBJLIST
#              VMLINUX_OBJS OUT [dual]
#
# The ABI guard of CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT: can the module
# set PREBUILT (fips140.ko, fips140.symvers, fips140.symtypes, manifest,
# written by an earlier build, scripts/fips140/module-set.sh) be embedded
# in the vmlinux of this tree?  FRESH is where this tree's own fips140.ko
# was linked, from the same tree's crypto code.  Every problem is named;
# any stops the build after all are listed.  The report goes to OUT and,
# on a failure, to stderr:
#
#  - vermagic: the prebuilt module's, but for the release, must be this
#    tree's (SMP, preemption model, module unloading, symbol versions,
#    the architecture's words); the module loader compares the same;
#  - config: each option the module's code tests (its manifest: kbuild's
#    fixdep records every CONFIG_ name a source or header mentions) must
#    have the value it had there, but for the options of the reuse itself
#    (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT*, _DUAL_VERSION);
#  - exports: each symbol vmlinux needs from the module (that vmlinux.o
#    references and this tree's crypto code defines, functions and
#    FIPS140_VAR() variables) must be exported by the prebuilt module;
#  - imports: each symbol the prebuilt module imports must be exported by
#    this vmlinux (ALL_SYMVERS: vmlinux's exports, as modpost wrote them
#    for this tree's module), with the same symbol version;
#  - versions: each symbol both modules export must have the same symbol
#    version in both (a type or prototype that crosses the boundary
#    changed);
#  - initcalls: the prebuilt module's initcalls, level by level, must be
#    those vmlinux has placeholders for (SLOTS_S), in the same order;
#  - with "dual" (CONFIG_CRYPTO_FIPS140_DUAL_VERSION), where vmlinux may
#    load either module: this tree's module must export what vmlinux needs
#    as well (the trampolines are generated from the prebuilt module's
#    exports, the same for both).
#
# A symbol version that differs is explained from the two sides' symbol
# type dumps (scripts/fips140/symtypes.sh): the types whose definitions
# differ, down to the members.  OBJLIST and VMLINUX_OBJS list this tree's
# objects of the module and of vmlinux, whose dumps are this side's.
set -e

NM=${NM:-nm}
OBJCOPY=${OBJCOPY:-objcopy}
READELF=${READELF:-readelf}
pre=$1
fresh=$2
vmlinux_o=$3
all_symvers=$4
conf=$5
slots=$6
objlist=$7
vmlinux_objs=$8
out=$9
dual=${10:-}
here=$(dirname "$0")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/report"
problems=0

problem()
{
	echo "$*" >> "$tmp/report"
	problems=$((problems + 1))
}

for f in fips140.ko fips140.symvers manifest; do
	if [ ! -f "$pre/$f" ]; then
		echo "fips140: $pre/$f is missing: $pre is not a module set" \
		     "(crypto/fips140/module-set/ of a build)" >&2
		exit 1
	fi
done

. "$here/tools.sh"

# vermagic, but for its first word, the release
vm_pre=$(fips140_modinfo "$pre/fips140.ko" vermagic)
vm_new=$(fips140_modinfo "$fresh/fips140.ko" vermagic)
if [ "${vm_pre#* }" != "${vm_new#* }" ]; then
	problem "vermagic: the prebuilt module has \"$vm_pre\", this tree" \
		"\"$vm_new\": they must agree but for the release"
fi

# config: the options the module's code tests
sed -n 's/^config //p' "$pre/manifest" > "$tmp/config"
while read -r line; do
	case $line in
	*" is not set") opt=${line%% *}; want= ;;
	*) opt=${line%%=*}; want=${line#*=} ;;
	esac
	case $opt in
	# the options of the reuse itself, which no module code tests
	CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT*|CONFIG_CRYPTO_FIPS140_DUAL_VERSION) continue ;;
	esac
	have=$(sed -n "s/^$opt=//p" "$conf")
	if [ "$have" != "$want" ]; then
		problem "config: $opt is ${have:-not set} here, ${want:-not set}" \
			"in the build of the prebuilt module (its code tests it)"
	fi
done < "$tmp/config"

# exports of both modules, "name crc", sorted
awk -F '\t' '{ print $2, $1 }' "$pre/fips140.symvers" | LC_ALL=C sort -k1,1 > "$tmp/pre-exports"
awk -F '\t' '{ print $2, $1 }' "$fresh/fips140.symvers" | LC_ALL=C sort -k1,1 > "$tmp/new-exports"

# what vmlinux needs: what it references and this tree's module defines,
# and the variables it reaches through FIPS140_VAR()
"$NM" -u "$vmlinux_o" | awk '{ print $NF }' | LC_ALL=C sort -u > "$tmp/undefined"
"$NM" --defined-only "$fresh/fips140.ko" |
	awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $3 }' | LC_ALL=C sort -u > "$tmp/fresh-defined"
{ LC_ALL=C comm -12 "$tmp/undefined" "$tmp/fresh-defined"
  sed -n 's/^__fips140_var_//p' "$tmp/undefined"; } | LC_ALL=C sort -u > "$tmp/needed"
awk '{ print $1 }' "$tmp/pre-exports" | LC_ALL=C comm -23 "$tmp/needed" - > "$tmp/lacking"
while read -r s; do
	problem "exports: vmlinux needs $s from fips140.ko (this tree's" \
		"crypto code defines it); the prebuilt module does not export it"
done < "$tmp/lacking"
if [ -n "$dual" ]; then
	awk '{ print $1 }' "$tmp/new-exports" | LC_ALL=C comm -23 "$tmp/needed" - |
		while read -r s; do
			echo "exports: vmlinux needs $s from fips140.ko; this tree's" \
			     "module, embedded for boots without fips=1, does not export it"
		done > "$tmp/lacking"
	if [ -s "$tmp/lacking" ]; then
		cat "$tmp/lacking" >> "$tmp/report"
		problems=$((problems + $(wc -l < "$tmp/lacking")))
	fi
fi

# imports of the prebuilt module, from its own __versions, and any import
# without a version
${CONFIG_SHELL:-sh} "$here/ko-versions.sh" "$OBJCOPY" "$pre/fips140.ko" > "$tmp/imports.raw"
LC_ALL=C sort -k1,1 "$tmp/imports.raw" > "$tmp/imports"
"$NM" -u "$pre/fips140.ko" | awk '{ print $NF }' | LC_ALL=C sort -u |
	LC_ALL=C join -v 1 - "$tmp/imports" | sed 's/$/ none/' > "$tmp/unversioned"
awk -F '\t' '$3 == "vmlinux" { print $2, $1 }' "$all_symvers" |
	LC_ALL=C sort -k1,1 > "$tmp/vmlinux-exports"

: > "$tmp/explain"
LC_ALL=C sort -k1,1 "$tmp/imports" "$tmp/unversioned" |
	LC_ALL=C join -a 1 -e missing -o 0,1.2,2.2 - "$tmp/vmlinux-exports" > "$tmp/import-check"
while read -r s crc have; do
	if [ "$have" = missing ]; then
		problem "imports: the prebuilt module imports $s, which this" \
			"vmlinux does not export"
	elif [ "$crc" != none ] && [ "$crc" != "$have" ]; then
		problem "imports: $s has version $crc in the prebuilt module, $have" \
			"in this vmlinux: its type or prototype changed"
		echo "$s" >> "$tmp/explain"
	fi
done < "$tmp/import-check"

# exports both modules have, with another version
LC_ALL=C join "$tmp/pre-exports" "$tmp/new-exports" > "$tmp/shared"
while read -r s crc have; do
	if [ "$crc" != "$have" ]; then
		problem "versions: $s has version $crc in the prebuilt module," \
			"$have in this tree's: its type or prototype changed"
		echo "$s" >> "$tmp/explain"
	fi
done < "$tmp/shared"

# initcalls: the prebuilt module's, as this tree's build derives them,
# against the placeholders in vmlinux
${CONFIG_SHELL:-sh} "$here/initcall-keys.sh" "$READELF" module "$pre/fips140.ko" \
	"$tmp/pre-initcalls.S"
keys()
{
	awk '/^__fips140_(slot|initcall)_names[0-7]:/ {
		l = substr($1, length($1) - 1, 1)
		n = 0
		next
	}
	/\.asciz/ { gsub(/"/, "", $2); print l, ++n, $2 }' "$1"
}
keys "$tmp/pre-initcalls.S" > "$tmp/pre-keys"
keys "$slots" > "$tmp/slot-keys"
if ! cmp -s "$tmp/pre-keys" "$tmp/slot-keys"; then
	awk '{ print $1, $3 }' "$tmp/pre-keys" | LC_ALL=C sort > "$tmp/a"
	awk '{ print $1, $3 }' "$tmp/slot-keys" | LC_ALL=C sort > "$tmp/b"
	LC_ALL=C comm -23 "$tmp/a" "$tmp/b" | while read -r l n; do
		echo "initcalls: level $l: the prebuilt module has the initcall $n," \
		     "for which vmlinux has no placeholder"
	done >> "$tmp/report"
	LC_ALL=C comm -13 "$tmp/a" "$tmp/b" | while read -r l n; do
		echo "initcalls: level $l: vmlinux has a placeholder for $n," \
		     "which the prebuilt module lacks"
	done >> "$tmp/report"
	if cmp -s "$tmp/a" "$tmp/b"; then
		echo "initcalls: the same initcalls, in another order within a level" \
			>> "$tmp/report"
	fi
	problems=$((problems + 1))
fi

# why the versions differ
if [ -s "$tmp/explain" ]; then
	if [ -f "$pre/fips140.symtypes" ]; then
		{ cat "$tmp/explain"; awk '{ print $1 }' "$tmp/pre-exports"; } > "$tmp/symbols"
		${CONFIG_SHELL:-sh} "$here/symtypes.sh" collect "$tmp/symbols" "$objlist" \
			"$vmlinux_objs" > "$tmp/new.symtypes"
		# each type that changed once, with the symbols it explains
		LC_ALL=C sort -u "$tmp/explain" | while read -r s; do
			echo "@ $s"
			${CONFIG_SHELL:-sh} "$here/symtypes.sh" explain "$pre/fips140.symtypes" \
				"$tmp/new.symtypes" "$s"
		done > "$tmp/why"
		awk '
		/^@ / { sym = $2; next }
		/^    [^ ]/ {
			t = $0
			if (!(t in syms)) {
				order[++n] = t
				syms[t] = sym
			} else
				syms[t] = syms[t] ", " sym
			count[t]++
			cur = count[t] == 1 ? t : ""
			next
		}
		cur != "" { detail[cur] = detail[cur] $0 "\n" }
		END {
			for (i = 1; i <= n; i++) {
				t = order[i]
				sub(/^    /, "", t)
				sub(/:$/, "", t)
				k = split(syms[order[i]], list, ", ")
				names = list[1]
				for (j = 2; j <= k && j <= 8; j++)
					names = names ", " list[j]
				if (k > 8)
					names = names sprintf(" and %d more", k - 8)
				printf "why: %s, behind the version of %s\n%s", t, \
				       names, detail[order[i]]
			}
		}' "$tmp/why" >> "$tmp/report"
	else
		echo "(the prebuilt set has no fips140.symtypes: the types cannot be named)" \
			>> "$tmp/report"
	fi
fi

{
	echo "# ABI guard: $pre/fips140.ko ($(sed -n 's/^version //p' "$pre/manifest"))" \
	     "in this tree's vmlinux"
	echo "# $(wc -l < "$tmp/needed") symbols vmlinux needs," \
	     "$(wc -l < "$tmp/import-check") imports," \
	     "$(wc -l < "$tmp/shared") shared exports, $(wc -l < "$tmp/pre-keys") initcalls"
	if [ $problems -eq 0 ]; then
		echo "compatible"
	else
		echo "incompatible: $problems problem(s)"
		cat "$tmp/report"
	fi
} > "$out.tmp"
mv "$out.tmp" "$out"
if [ $problems -ne 0 ]; then
	sed 's/^/fips140: /' "$out" >&2
	rm -f "$out"
	exit 1
fi
