#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# boundary-modules.sh set SET MODORDER SYMVERS AUTO_CONF SRCTREE [OBJLIST...]
# boundary-modules.sh frozen PREBUILT SRCTREE DIR SYMVERS
# boundary-modules.sh judge PREBUILT DIR SYMVERS
# boundary-modules.sh guard PREBUILT MODORDER SYMVERS AUTO_CONF OUT [frozen=DIR] [OBJLIST...]
#
# The =m modules inside the boundary (crypto-objs-m, marked with the
# .note.fips140 ELF note) in the module set, run by make modules after
# the final link of the modules (scripts/Makefile.fips140, goal
# fips140-modules).
#
# set: copy this build's boundary modules (from MODORDER, modules.order)
# into the module set SET, as the final link wrote them (unsigned:
# modules_install signs), and record them:
#
#   modules/<path>.ko  each module, at its path in the build tree
#   modules/<path>.frozen/
#                      what it was built from: its manifest (the module,
#                      its digest, vermagic, tools, imports, exports and
#                      the records of scripts/fips140/freeze.sh), src/
#                      (its frozen sources) and headers/, as a module set
#                      has them for fips140.ko: the input of its frozen
#                      rebuild (frozen below)
#   modules.sha256     "<sha256>  <path>.ko" per module (sha256sum -c,
#                      in modules/)
#   modules.symvers    their lines of SYMVERS (Module.symvers)
#   modules.symtypes   with OBJLISTs (CONFIG_MODVERSIONS: .vmlinux.objs
#                      and fips140.mod), the types behind the symbol
#                      versions the modules import and export, from the
#                      dumps of those objects and the modules' own
#                      (scripts/fips140/symtypes.sh collect)
#
# frozen: with CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT, the frozen rebuild
# of each boundary module of the module set PREBUILT (its frozen sources,
# modules/<path>.frozen/, compiled against this tree as this tree
# compiles that module: scripts/fips140/frozen-rebuild.sh) into
# DIR/<path>/obj/<path>.o; DIR/modules.order lists them, for modpost, and
# DIR/input.symvers is SYMVERS (Module.symvers, written by modpost before
# vmlinux is linked) without this tree's boundary modules, whose place the
# frozen ones take.  scripts/Makefile.fips140 then makes each into
# DIR/<path>/obj/<path>.ko, as scripts/Makefile.modfinal makes a module.
#
# judge: compare each module of the set with its frozen rebuild
# (scripts/fips140/frozen-compare.sh) and write DIR/verdict, which the
# table of accepted symbol versions linked into vmlinux
# (scripts/fips140/gen-accepted.sh --boundary) and the guard below read:
#
#   symvers <sha256>      of SYMVERS, the exports the rebuilds link against
#   same <path>.ko        its frozen rebuild is the module
#   accept <path>.ko <name> <sha256> <sha256> <symbol> <version> <version>
#                         each import of such a module whose version here
#                         (the second) is not the set's (the first); the
#                         module's name and the digests of its bytes, as
#                         the set has them and stripped of debug info
#                         ($STRIP --strip-debug, as modules_install with
#                         INSTALL_MOD_STRIP=1 installs it), are what the
#                         module loader knows it by
#   differs <path>.ko <n> its frozen rebuild is not the module: n
#                         differences, listed in DIR/<path>/compare
#
# guard: with CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT, can the boundary
# modules of the module set PREBUILT be installed in place of this
# tree's?  Every problem is named; any stops the build after all are
# listed.  The report goes to OUT and, on a failure, to stderr; on
# success OUT.install (a make fragment) lists the set's modules for
# scripts/Makefile.modinst, which installs them instead of this tree's.
#
#  - the set: each module has the digest modules.sha256 records;
#  - the boundary: the set has a module for each boundary module of this
#    build, and this build one for each of the set's (the same paths);
#  - vermagic: as this tree's module at that path has it, but for the
#    release (the module loader compares the rest);
#  - imports: each symbol a module of the set imports is exported here
#    (SYMVERS: vmlinux, fips140.ko, the other modules) with the same
#    symbol version, or with frozen=DIR, another version the frozen
#    rebuild's verdict (DIR/verdict, made for this SYMVERS) accepted: the
#    frozen rebuild of the module is the module, so no code or data of it
#    depends on what changed the version; the module loader accepts the
#    same, from vmlinux's table, for the module's bytes only.  A frozen
#    rebuild that differs is named with its differences;
#  - exports: each symbol a module of the set exports has the version
#    this tree's module at that path gives it, which the other modules
#    of this build were linked against;
#  - why: a version that differs, imported or exported, is explained as
#    the ABI guard of fips140.ko explains it, from the set's
#    modules.symtypes and this tree's dumps (OBJLISTs and the modules'
#    own): the types whose definitions differ, and the members;
#  - BTF: with CONFIG_DEBUG_INFO_BTF_MODULES, no module of the set has a
#    .BTF section: its types are split from the certified build's
#    vmlinux BTF, not this one's.
set -e

OBJCOPY=${OBJCOPY:-objcopy}
READELF=${READELF:-readelf}
NM=${NM:-nm}
here=$(dirname "$0")

usage()
{
	echo "usage: $0 set SET MODORDER SYMVERS AUTO_CONF SRCTREE [OBJLIST...]" >&2
	echo "       $0 frozen PREBUILT SRCTREE DIR SYMVERS" >&2
	echo "       $0 judge PREBUILT DIR SYMVERS" >&2
	echo "       $0 guard PREBUILT MODORDER SYMVERS AUTO_CONF OUT [frozen=DIR] [OBJLIST...]" >&2
	exit 2
}

# boundary MODORDER: the boundary modules of modules.order, as .ko paths
boundary()
{
	[ -f "$1" ] || { echo "fips140: $1 is missing: build the modules first" >&2; exit 1; }
	sed 's/\.o$/.ko/' "$1" | while read -r ko; do
		[ -f "$ko" ] || { echo "fips140: $ko, listed in $1, is missing" >&2; exit 1; }
		echo "$ko"
	done > "$tmp/all"
	[ -s "$tmp/all" ] || return 0
	# one readelf for all: "File: <path>" before each module's notes,
	# unless there is only one
	tr '\n' '\0' < "$tmp/all" | xargs -0 "$READELF" -nW -- 2>/dev/null |
		awk -v one="$([ "$(wc -l < "$tmp/all")" -eq 1 ] && cat "$tmp/all")" '
		BEGIN { f = one }
		/^File: / { f = $2; next }
		/^ *fips140 / && f != "" { print f; f = "" }' | LC_ALL=C sort
}

# symtypes SYMBOLS KO_LIST OBJLIST...: the dumps behind the versions of
# SYMBOLS, from the objects of OBJLISTs and of the modules of KO_LIST
# (their .mod files)
symtypes()
{
	symtypes_symbols=$1
	symtypes_kos=$2
	shift 2
	# shellcheck disable=SC2046
	${CONFIG_SHELL:-sh} "$here/symtypes.sh" collect "$symtypes_symbols" "$@" \
		$(sed 's/\.ko$/.mod/' "$symtypes_kos")
}

. "$here/tools.sh"

[ $# -ge 1 ] || usage
mode=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $mode in
set)
	[ $# -ge 5 ] || usage
	set=$1
	boundary "$2" > "$tmp/list"
	symvers=$3
	conf=$4
	srctree=$5
	shift 5
	rm -rf "$set/modules" "$set/modules.sha256" "$set/modules.symvers" \
		"$set/modules.symtypes"
	mkdir -p "$set/modules"
	: > "$tmp/names"
	while read -r ko; do
		mkdir -p "$set/modules/$(dirname "$ko")"
		cp "$ko" "$set/modules/$ko"
		printf '%s\n' "${ko%.ko}" >> "$tmp/names"
	done < "$tmp/list"
	(cd "$set/modules" && xargs -r sha256sum) < "$tmp/list" > "$set/modules.sha256"
	awk -F '\t' 'NR == FNR { m[$0] = 1; next } $3 in m' "$tmp/names" "$symvers" \
		> "$set/modules.symvers"
	# what each was built from: its objects (kbuild's <path>.mod) and
	# the glue the final link adds (scripts/Makefile.modfinal)
	while read -r ko; do
		d=$set/modules/${ko%.ko}.frozen
		mkdir -p "$d"
		${CONFIG_SHELL:-sh} "$here/freeze.sh" "$d" "$conf" "$srctree" \
			"${ko%.ko}.mod" "${ko%.ko}.mod.o" .module-common.o scripts/module.lds
		{
			echo "# fips140 boundary module manifest (scripts/fips140/boundary-modules.sh): do not edit"
			echo "module $ko"
			echo "sha256 $(sha256sum < "$ko" | cut -c 1-64)"
			for f in vermagic srcversion; do
				echo "$f $(fips140_modinfo "$ko" $f)"
			done
			for t in $fips140_tools; do
				echo "tool $t $(fips140_tool $t)"
			done
			grep '^config ' "$d/records" || :
			awk -F '\t' -v m="${ko%.ko}" '$3 == m { print "export", $2, $1, $4 }' \
				"$symvers" | LC_ALL=C sort
			${CONFIG_SHELL:-sh} "$here/ko-versions.sh" "$OBJCOPY" "$ko" |
				awk '{ print "import", $1, $2 }' | LC_ALL=C sort
			grep -v '^config ' "$d/records"
		} > "$d/manifest"
		rm -f "$d/records"
	done < "$tmp/list"
	if [ $# -gt 0 ] && [ -s "$tmp/list" ]; then
		while read -r ko; do
			${CONFIG_SHELL:-sh} "$here/ko-versions.sh" "$OBJCOPY" "$ko"
		done < "$tmp/list" | awk '{ print $1 }' > "$tmp/symbols"
		awk -F '\t' '{ print $2 }' "$set/modules.symvers" >> "$tmp/symbols"
		symtypes "$tmp/symbols" "$tmp/list" "$@" > "$tmp/modules.symtypes"
		[ ! -s "$tmp/modules.symtypes" ] ||
			mv "$tmp/modules.symtypes" "$set/modules.symtypes"
	fi
	;;
frozen)
	[ $# -eq 4 ] || usage
	pre=$1
	srctree=$2
	dir=$3
	symvers=$4
	sed 's/^[0-9a-f]*  //' "$pre/modules.sha256" > "$tmp/set"
	: > "$tmp/order"
	while read -r ko; do
		m=${ko%.ko}
		[ -f "$pre/modules/$m.frozen/manifest" ] || {
			echo "fips140: $pre/modules/$m.frozen/manifest is missing: the set does not keep the sources of its boundary module $ko" >&2
			exit 1
		}
		${CONFIG_SHELL:-sh} "$here/frozen-rebuild.sh" "$pre/modules/$m.frozen" \
			"$srctree" . "$dir/$m"
		echo "$dir/$m/obj/$m.o" >> "$tmp/order"
	done < "$tmp/set"
	sed 's/\.ko$//' "$tmp/set" |
		awk -F '\t' 'NR == FNR { m[$0] = 1; next } !($3 in m)' - "$symvers" \
		> "$dir/input.symvers"
	mv "$tmp/order" "$dir/modules.order"
	;;
judge)
	[ $# -eq 3 ] || usage
	pre=$1
	dir=$2
	symvers=$3
	{
		echo "# the frozen rebuild of the boundary modules of $pre" \
		     "(scripts/fips140/boundary-modules.sh judge): do not edit"
		echo "symvers $(sha256sum < "$symvers" | cut -c 1-64)"
	} > "$tmp/verdict"
	sed 's/^[0-9a-f]*  //' "$pre/modules.sha256" | while read -r ko; do
		m=${ko%.ko}
		a=$pre/modules/$ko
		b=$dir/$m/obj/$m.ko
		if ${CONFIG_SHELL:-sh} "$here/frozen-compare.sh" "$a" "$b" > "$dir/$m/compare"; then
			echo "same $ko"
			name=$(fips140_modinfo "$a" name)
			sum=$(sha256sum < "$a" | cut -c 1-64)
			"${STRIP:-strip}" --strip-debug -o "$tmp/stripped" "$a"
			sum="$sum $(sha256sum < "$tmp/stripped" | cut -c 1-64)"
			${CONFIG_SHELL:-sh} "$here/ko-versions.sh" "$OBJCOPY" "$a" |
				LC_ALL=C sort -k1,1 > "$tmp/a"
			${CONFIG_SHELL:-sh} "$here/ko-versions.sh" "$OBJCOPY" "$b" |
				LC_ALL=C sort -k1,1 > "$tmp/b"
			LC_ALL=C join "$tmp/a" "$tmp/b" |
				awk -v ko="$ko" -v n="$name" -v s="$sum" \
				'$2 != $3 { print "accept", ko, n, s, $1, $2, $3 }'
		elif [ $? -eq 1 ]; then
			echo "differs $ko $(wc -l < "$dir/$m/compare")"
		else
			exit 1
		fi
	done >> "$tmp/verdict"
	mv "$tmp/verdict" "$dir/verdict"
	;;
guard)
	[ $# -ge 5 ] || usage
	pre=$1
	modorder=$2
	symvers=$3
	conf=$4
	out=$5
	shift 5
	frozen=
	case ${1:-} in
	frozen=*)
		frozen=${1#frozen=}
		shift
		;;
	esac
	verdict=
	if [ -n "$frozen" ] && [ -f "$frozen/verdict" ]; then
		if [ "$(sed -n 's/^symvers //p' "$frozen/verdict")" = \
		     "$(sha256sum < "$symvers" | cut -c 1-64)" ]; then
			verdict=$frozen/verdict
		else
			frozen="$frozen/verdict was made for another $symvers (make vmlinux or make modules alone since): make both together (make)"
		fi
	elif [ -n "$frozen" ]; then
		frozen="no $frozen/verdict: the frozen rebuild of the boundary modules is made when vmlinux is linked with the modules (make)"
	fi
	fips140_report_start "$tmp/report"
	for f in modules.sha256 modules.symvers; do
		if [ ! -f "$pre/$f" ]; then
			echo "fips140: $pre/$f is missing: the module set does not record" \
			     "its boundary modules (a set of make modules of a feature build)" >&2
			exit 1
		fi
	done
	boundary "$modorder" > "$tmp/here"
	: > "$tmp/explain"
	sed 's/^[0-9a-f]*  //' "$pre/modules.sha256" | LC_ALL=C sort > "$tmp/set"

	# the set's own digests
	if ! (cd "$pre/modules" && sha256sum --quiet -c -) < "$pre/modules.sha256" \
		> "$tmp/sums" 2>&1; then
		sed -n 's/: FAILED.*$//p' "$tmp/sums" |
			LC_ALL=C sort -u | while read -r ko; do
			echo "set: $ko is not the module modules.sha256 records" \
			     "(a damaged set)"
		done > "$tmp/bad"
		[ -s "$tmp/bad" ] ||
			echo "set: modules.sha256 does not check: $(head -n 1 "$tmp/sums")" > "$tmp/bad"
		fips140_problems_from "$tmp/bad"
	fi

	# the boundary, both ways
	LC_ALL=C comm -13 "$tmp/set" "$tmp/here" | while read -r ko; do
		echo "boundary: $ko is a boundary module of this build" \
		     "(crypto-objs-m); the prebuilt set has none at that path"
	done > "$tmp/bad"
	LC_ALL=C comm -23 "$tmp/set" "$tmp/here" | while read -r ko; do
		echo "boundary: $ko is in the prebuilt set; this build has no" \
		     "boundary module at that path (is it =m here?)"
	done >> "$tmp/bad"
	fips140_problems_from "$tmp/bad"

	# everything this build exports, "name crc", sorted
	awk -F '\t' '{ print $2, $1 }' "$symvers" | LC_ALL=C sort -k1,1 > "$tmp/exports"
	btf=$(sed -n 's/^CONFIG_DEBUG_INFO_BTF_MODULES=//p' "$conf")
	LC_ALL=C comm -12 "$tmp/set" "$tmp/here" > "$tmp/both"
	n=0
	while read -r ko; do
		n=$((n + 1))
		m=$pre/modules/$ko
		[ -f "$m" ] || continue
		a=$(fips140_modinfo "$m" vermagic)
		b=$(fips140_modinfo "$ko" vermagic)
		if [ "${a#* }" != "${b#* }" ]; then
			fips140_problem "vermagic: $ko has \"$a\" in the prebuilt set," \
				"\"$b\" here: they must agree but for the release"
		fi
		fips140_import_check "$m" "$tmp/exports" > "$tmp/check"
		while read -r s crc have; do
			if [ "$have" = missing ]; then
				fips140_problem "imports: $ko of the prebuilt set imports $s," \
					"which this build does not export"
			elif [ "$crc" = none ] || [ "$crc" = "$have" ]; then
				continue
			elif [ -n "$verdict" ] &&
			     grep -q "^accept $ko [^ ]* [0-9a-f]* [0-9a-f]* $s $crc $have\$" "$verdict"; then
				echo "# accepted: $ko imports $s (version $crc in the" \
				     "prebuilt set, $have in this build): its frozen" \
				     "rebuild is the module" >> "$tmp/accepted"
			else
				fips140_problem "imports: $ko of the prebuilt set imports $s with" \
					"version $crc, this build exports it with $have:" \
					"its type or prototype changed"
				echo "$s" >> "$tmp/explain"
				echo "$ko" >> "$tmp/unaccepted"
			fi
		done < "$tmp/check"
		# why its versions are not accepted
		if grep -qx "$ko" "$tmp/unaccepted" 2>/dev/null; then
			if [ -z "$verdict" ]; then
				fips140_problem "frozen: $ko: ${frozen:-the set keeps no frozen sources of its boundary modules (a set written before it did): its symbol versions decide}"
			elif n=$(sed -n "s|^differs $ko ||p" "$verdict") && [ -n "$n" ]; then
				fips140_problem "frozen: $ko: the set's sources, compiled against this tree," \
					"do not give the prebuilt module ($n difference(s)," \
					"in $frozen/${ko%.ko}/compare): its code depends on what changed"
				head -n 20 "$frozen/${ko%.ko}/compare" | sed "s|^|frozen: $ko: |" \
					> "$tmp/differs"
				fips140_problems_from "$tmp/differs"
			fi
		fi
		awk -F '\t' -v m="${ko%.ko}" '$3 == m { print $2, $1 }' "$pre/modules.symvers" |
			LC_ALL=C sort -k1,1 > "$tmp/pre-exports"
		awk -F '\t' -v m="${ko%.ko}" '$3 == m { print $2, $1 }' "$symvers" |
			LC_ALL=C sort -k1,1 |
			LC_ALL=C join -a 1 -e missing -o 0,1.2,2.2 "$tmp/pre-exports" - \
			> "$tmp/check"
		while read -r s crc have; do
			if [ "$have" = missing ]; then
				fips140_problem "exports: $ko of the prebuilt set exports $s," \
					"which this tree's $ko does not"
			elif [ "$crc" != "$have" ]; then
				fips140_problem "exports: $ko exports $s with version $crc in the" \
					"prebuilt set, $have here: its type or prototype changed"
				echo "$s" >> "$tmp/explain"
			fi
		done < "$tmp/check"
		if [ "$btf" = y ] && "$READELF" -SW "$m" | grep -q ' \.BTF '; then
			fips140_problem "BTF: $ko of the prebuilt set has a .BTF section," \
				"split from the certified build's vmlinux BTF, not this one's" \
				"(CONFIG_DEBUG_INFO_BTF_MODULES)"
		fi
	done < "$tmp/both"

	# why the versions differ
	if [ -s "$tmp/explain" ]; then
		if [ -f "$pre/modules.symtypes" ] && [ $# -gt 0 ]; then
			symtypes "$tmp/explain" "$tmp/here" "$@" > "$tmp/new.symtypes"
			${CONFIG_SHELL:-sh} "$here/symtypes.sh" why "$pre/modules.symtypes" \
				"$tmp/new.symtypes" "$tmp/explain" >> "$fips140_report"
		else
			echo "(no modules.symtypes in the prebuilt set, or no symbol versions" \
			     "here: the types cannot be named)" >> "$fips140_report"
		fi
	fi

	rm -f "$out.install"
	{
		echo "# ABI guard: the boundary modules of $pre in this tree"
		echo "# $(wc -l < "$tmp/set") in the set, $(wc -l < "$tmp/here") in this build"
		cat "$tmp/accepted" 2>/dev/null || :
	} | fips140_verdict "$out" || exit 1
	{
		echo "# the boundary modules modules_install takes from the prebuilt set"
		echo "# (scripts/fips140/boundary-modules.sh guard): do not edit"
		echo "fips140-set := $(cd "$pre" && pwd)"
		printf 'fips140-set-modules :='
		tr '\n' ' ' < "$tmp/set" | sed 's/ $//; s/^./ &/'
		echo
	} > "$out.install"
	;;
*)
	usage
	;;
esac
