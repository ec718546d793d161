#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# abi-guard.sh PREBUILT FRESH VMLINUX_O ALL_SYMVERS AUTO_CONF PLACEHOLDERS_S OBJLIST
#              VMLINUX_OBJS OUT [frozen=DIR] [dual]
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
#  - interface: the version of the prebuilt module's __fips140_layout,
#    its interface with the loader (FIPS140_LAYOUT_VERSION,
#    crypto/fips140/fips140.h), must be this tree's, as the loader
#    refuses another;
#  - config: each option the module's code tests (its manifest: kbuild's
#    fixdep records every CONFIG_ name a source or header mentions) must
#    have the value it had there, but for the options of the reuse itself
#    (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT*, _DUAL_VERSION);
#  - exports: each symbol vmlinux needs from the module (that vmlinux.o
#    references and this tree's crypto code defines, functions and
#    FIPS140_VAR() variables) must be exported by the prebuilt module;
#  - frozen: with frozen=DIR, where the frozen rebuild of the set's
#    sources (scripts/fips140/frozen-rebuild.sh) was made into
#    DIR/fips140.ko, that module must be the prebuilt one but for what
#    cannot change what runs (scripts/fips140/frozen-compare.sh), and the
#    compiler and linker must be those the set's manifest records;
#  - imports: each symbol the prebuilt module imports must be exported by
#    this vmlinux (ALL_SYMVERS: vmlinux's exports, as modpost wrote them
#    for this tree's module), with the same symbol version, unless the
#    frozen rebuild is the prebuilt module: then no code or data of the
#    module depends on what changed the version, and the import is
#    accepted with this vmlinux's version, listed in OUT.accepted
#    ("<symbol> <prebuilt module's version> <this vmlinux's version>"),
#    which the build gives the module loader beside the image; with
#    CONFIG_MODVERSIONS an import without a version is refused, as the
#    module loader's check_version() refuses it;
#  - versions: each symbol both modules export must have the same symbol
#    version in both (a type or prototype that crosses the boundary
#    changed), unless the frozen rebuild is the prebuilt module (the
#    modules of this tree link against the prebuilt module's versions);
#  - initcalls: the prebuilt module's initcalls, level by level, must be
#    those vmlinux has placeholders for (PLACEHOLDERS_S), in the same order;
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
placeholders=$6
objlist=$7
vmlinux_objs=$8
out=$9
shift 9
dual= frozen=
for a; do
	case $a in
	dual) dual=y ;;
	frozen=*) frozen=${a#frozen=} ;;
	*) echo "fips140: abi-guard.sh: unknown argument $a" >&2; exit 2 ;;
	esac
done
here=$(dirname "$0")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in fips140.ko fips140.symvers manifest; do
	if [ ! -f "$pre/$f" ]; then
		echo "fips140: $pre/$f is missing: $pre is not a module set" \
		     "(crypto/fips140/module-set/ of a build)" >&2
		exit 1
	fi
done

. "$here/tools.sh"
fips140_report_start "$tmp/report"
rm -f "$out.accepted"

# Why the frozen rebuild differs: for each object of it that holds a
# symbol named in a difference, what changed in the kernel's headers it
# includes (frozen-rebuild.sh's DIR/changed and DIR/entities): the
# structures, functions and macros of those headers that changed and that
# the object's own sources name, "frozen: why: <object> (<symbols>):
# <entity> (<header>), ... changed"; without such a name (or without the
# set's headers), the changed headers it includes, "frozen: why: <object>
# (<symbols>): built with the changed <headers>".  A hint at the cause:
# the differences themselves are the verdict.
frozen_why()
{
	local o syms c hs srcs e ents
	[ -s "$frozen/changed" ] || {
		echo "frozen: why: no header of the kernel that the module was built with changed: the compiler, the configuration or a generated file did"
		return 0
	}
	sed -n 's/^\(code\|relocation\): \([^ (]*\) (.*/\2/p' "$tmp/frozen" | sort -u > "$tmp/why-syms"
	# each object of the frozen rebuild, with the symbols it defines
	sed -n 's/^object //p' "$pre/manifest" | while read -r o; do
		"$NM" --defined-only "$frozen/obj/$o" 2>/dev/null |
			awk -v o="$o" 'NF == 3 { print $3, o }'
	done | LC_ALL=C sort -k1,1 > "$tmp/defs"
	cat "$frozen/entities" > "$tmp/entities" 2>/dev/null || : > "$tmp/entities"
	LC_ALL=C sort "$tmp/why-syms" | LC_ALL=C join - "$tmp/defs" |
		awk '{ s[$2] = s[$2] (s[$2] == "" ? "" : ", ") $1 } END { for (o in s) print o, s[o] }' |
		LC_ALL=C sort | while read -r o syms; do
		c=$frozen/obj/$(dirname "$o")/.$(basename "$o").cmd
		hs=$(grep -oE '(include|arch/[^/ ]+/include)/[^ ]+' "$c" 2>/dev/null | LC_ALL=C sort -u |
			LC_ALL=C join - "$frozen/changed")
		srcs=$(grep -oE "$frozen/src/[^ ]+" "$c" 2>/dev/null | LC_ALL=C sort -u)
		ents=$(echo "$hs" | LC_ALL=C join - "$tmp/entities" |
			while read -r h e; do
				n=${e#struct }
				n=${n#union }
				n=${n#enum }
				n=${n%()}
				[ -n "$srcs" ] && grep -qw -- "$n" $srcs && echo "$e ($h)"
			done | awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $0 }')
		if [ -n "$ents" ]; then
			echo "frozen: why: $o ($syms): $ents changed"
		else
			echo "frozen: why: $o ($syms): built with the changed $(echo $hs)"
		fi
	done
}

# the frozen rebuild, first: where it differs, its differences are the
# reasons the prebuilt module does not fit
same=
if [ -n "$frozen" ]; then
	: > "$tmp/toolchain"
	for t in cc ld; do
		want=$(sed -n "s/^tool $t //p" "$pre/manifest")
		have=$(fips140_tool $t)
		# (but for the name it was run by: gcc, cc, x86_64-linux-gnu-gcc)
		[ "${want#* }" = "${have#* }" ] ||
			echo "toolchain: $t is \"$have\" here, \"$want\" in the build of the prebuilt module: the frozen rebuild cannot tell its sources from the compilers" >> "$tmp/toolchain"
	done
	fips140_problems_from "$tmp/toolchain"
	if ${CONFIG_SHELL:-sh} "$here/frozen-compare.sh" "$pre/fips140.ko" \
		"$frozen/fips140.ko" > "$frozen/compare"; then
		[ -s "$tmp/toolchain" ] || same=y
	else
		[ $? -eq 1 ] || exit 1
		cp "$frozen/compare" "$tmp/frozen"
		fips140_problem "frozen: the set's sources, compiled against this tree, do not give the prebuilt module: its code depends on what changed"
		# the first 20 differences of each kind, then how many more
		# there are, all of them in DIR/compare
		awk -v all="$frozen/compare" '{
			k = $1
			if (++n[k] <= 20)
				print "frozen: " $0
			else
				more[k]++
		}
		END {
			m = split("section: code: relocation: symbol: modinfo: imports:", kinds, " ")
			for (i = 1; i <= m; i++)
				if (more[kinds[i]])
					printf "frozen: %s and %d more, listed in %s\n", kinds[i],
						more[kinds[i]], all
		}' "$tmp/frozen" > "$tmp/frozen.problems"
		frozen_why >> "$fips140_report"
		fips140_problems_from "$tmp/frozen.problems"
	fi
fi

# vermagic, but for its first word, the release
vm_pre=$(fips140_modinfo "$pre/fips140.ko" vermagic)
vm_new=$(fips140_modinfo "$fresh/fips140.ko" vermagic)
if [ "${vm_pre#* }" != "${vm_new#* }" ]; then
	fips140_problem "vermagic: the prebuilt module has \"$vm_pre\", this tree" \
		"\"$vm_new\": they must agree but for the release"
fi

# the loader interface: the version, the first word of __fips140_layout
layout_version()
{
	set -- "$1" $("$READELF" -sW "$1" |
		awk '$NF == "__fips140_layout" && $7 ~ /^[0-9]+$/ { print $2, $7; exit }')
	[ $# -eq 3 ] || { echo none; return 0; }
	off=$("$READELF" -SW "$1" |
		sed -n "s/^ *\[ *$3\] [^ ]*  *[A-Z_]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p")
	[ -n "$off" ] || { echo none; return 0; }
	od -An -tu4 -j $((0x$off + 0x$2)) -N4 "$1" | tr -d ' '
}
lv_pre=$(layout_version "$pre/fips140.ko")
lv_new=$(layout_version "$fresh/fips140.ko")
if [ "$lv_pre" != "$lv_new" ]; then
	fips140_problem "interface: the prebuilt module has the loader interface" \
		"version $lv_pre, this kernel's loader $lv_new (FIPS140_LAYOUT_VERSION):" \
		"the loader refuses it"
fi

# config: the options the module's code tests
# but for the options of the reuse itself, which no module code tests
sed -n 's/^config //p' "$pre/manifest" |
	grep -Ev '^CONFIG_CRYPTO_FIPS140_(EXTMOD_PREBUILT[A-Z0-9_]*|DUAL_VERSION)[= ]' |
	fips140_config_diff "$conf" |
	sed 's/^/config: /; s/$/ in the build of the prebuilt module (its code tests it)/' \
	> "$tmp/config"
fips140_problems_from "$tmp/config"

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
	fips140_problem "exports: vmlinux needs $s from fips140.ko (this tree's" \
		"crypto code defines it); the prebuilt module does not export it"
done < "$tmp/lacking"
if [ -n "$dual" ]; then
	awk '{ print $1 }' "$tmp/new-exports" | LC_ALL=C comm -23 "$tmp/needed" - |
		while read -r s; do
			echo "exports: vmlinux needs $s from fips140.ko; this tree's" \
			     "module, embedded for boots without fips=1, does not export it"
		done > "$tmp/lacking"
	fips140_problems_from "$tmp/lacking"
fi

# imports of the prebuilt module, from its own __versions, and any import
# without a version, which check_version() refuses where vmlinux's exports
# carry versions
modversions=
grep -q '^CONFIG_MODVERSIONS=y$' "$conf" && modversions=y
awk -F '\t' '$3 == "vmlinux" { print $2, $1 }' "$all_symvers" |
	LC_ALL=C sort -k1,1 > "$tmp/vmlinux-exports"
: > "$tmp/explain"
fips140_import_check "$pre/fips140.ko" "$tmp/vmlinux-exports" > "$tmp/import-check"
while read -r s crc have; do
	if [ "$have" = missing ]; then
		fips140_problem "imports: the prebuilt module imports $s, which this" \
			"vmlinux does not export"
	elif [ "$crc" = none ]; then
		[ -z "$modversions" ] ||
			fips140_problem "imports: the prebuilt module imports $s without a" \
				"symbol version, which this vmlinux exports with version $have:" \
				"the module loader refuses it"
	elif [ "$crc" != "$have" ] && [ -n "$same" ]; then
		echo "$s $crc $have" >> "$tmp/accepted"
	elif [ "$crc" != "$have" ]; then
		fips140_problem "imports: $s has version $crc in the prebuilt module, $have" \
			"in this vmlinux: its type or prototype changed"
		echo "$s" >> "$tmp/explain"
	fi
done < "$tmp/import-check"

# exports both modules have, with another version
LC_ALL=C join "$tmp/pre-exports" "$tmp/new-exports" > "$tmp/shared"
while read -r s crc have; do
	if [ "$crc" != "$have" ] && [ -n "$same" ]; then
		echo "$s" >> "$tmp/export-versions"
	elif [ "$crc" != "$have" ]; then
		fips140_problem "versions: $s has version $crc in the prebuilt module," \
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
	awk '/^__fips140_(placeholder|initcall)_names[0-7]:/ {
		l = substr($1, length($1) - 1, 1)
		n = 0
		next
	}
	/\.asciz/ { gsub(/"/, "", $2); print l, ++n, $2 }' "$1"
}
keys "$tmp/pre-initcalls.S" > "$tmp/pre-keys"
keys "$placeholders" > "$tmp/placeholder-keys"
if ! cmp -s "$tmp/pre-keys" "$tmp/placeholder-keys"; then
	awk '{ print $1, $3 }' "$tmp/pre-keys" | LC_ALL=C sort > "$tmp/a"
	awk '{ print $1, $3 }' "$tmp/placeholder-keys" | LC_ALL=C sort > "$tmp/b"
	{
		LC_ALL=C comm -23 "$tmp/a" "$tmp/b" | while read -r l n; do
			echo "initcalls: level $l: the prebuilt module has the initcall $n," \
			     "for which vmlinux has no placeholder"
		done
		LC_ALL=C comm -13 "$tmp/a" "$tmp/b" | while read -r l n; do
			echo "initcalls: level $l: vmlinux has a placeholder for $n," \
			     "which the prebuilt module lacks"
		done
		if cmp -s "$tmp/a" "$tmp/b"; then
			echo "initcalls: the same initcalls, in another order within a level"
		fi
	} > "$tmp/initcalls"
	fips140_problems_from "$tmp/initcalls"
fi

# why the versions differ
if [ -s "$tmp/explain" ]; then
	if [ -f "$pre/fips140.symtypes" ]; then
		{ cat "$tmp/explain"; awk '{ print $1 }' "$tmp/pre-exports"; } > "$tmp/symbols"
		${CONFIG_SHELL:-sh} "$here/symtypes.sh" collect "$tmp/symbols" "$objlist" \
			"$vmlinux_objs" > "$tmp/new.symtypes"
		${CONFIG_SHELL:-sh} "$here/symtypes.sh" why "$pre/fips140.symtypes" \
			"$tmp/new.symtypes" "$tmp/explain" >> "$fips140_report"
	else
		echo "(the prebuilt set has no fips140.symtypes: the types cannot be named)" \
			>> "$fips140_report"
	fi
fi

touch "$tmp/accepted" "$tmp/export-versions"
{
	echo "# ABI guard: $pre/fips140.ko ($(sed -n 's/^version //p' "$pre/manifest"))" \
	     "in this tree's vmlinux"
	echo "# $(wc -l < "$tmp/needed") symbols vmlinux needs," \
	     "$(wc -l < "$tmp/import-check") imports," \
	     "$(wc -l < "$tmp/shared") shared exports, $(wc -l < "$tmp/pre-keys") initcalls"
	if [ -n "$same" ]; then
		echo "# frozen rebuild: the set's sources, compiled against this tree," \
		     "give the prebuilt module: $(wc -l < "$tmp/accepted") import(s)" \
		     "and $(wc -l < "$tmp/export-versions") export(s) have another" \
		     "symbol version here, and no code or data of it depends on what changed them"
		sed 's/^\([^ ]*\) \([^ ]*\) \([^ ]*\)$/# accepted: \1 (version \2 in the prebuilt module, \3 in this vmlinux)/' \
			"$tmp/accepted"
		sed 's/^/# export version changed: /' "$tmp/export-versions"
	elif [ -z "$frozen" ]; then
		echo "# (no frozen rebuild: the set has no frozen sources, its symbol versions decide)"
	fi
	# what this tree changed in the boundary's own files: the update a
	# binary reuse leaves out of the module
	if [ -n "$frozen" ] && [ -s "$frozen/update" ]; then
		sed 's/^/# in this update, not in the certified module: /' "$frozen/update"
	elif [ -n "$frozen" ]; then
		echo "# in this update, not in the certified module: nothing (the boundary's files are the certified ones)"
	fi
} | fips140_verdict "$out" || exit 1
LC_ALL=C sort "$tmp/accepted" > "$out.accepted"
