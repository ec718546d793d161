#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check the build artefacts of CONFIG_CRYPTO_FIPS140_EXTMOD in a build
# dir: any build of this tree, a distribution's included.
#
#   check-build.sh O=DIR [OFF=DIR] [MODULES=DIR]
#   check-build.sh O=DIR PRISTINE=DIR
#
#   O=DIR         the build (kbuild's O=, or the tree for an in-tree build)
#   OFF=DIR       a build of the same tree and config with the feature
#                 off: its vmlinux exports what O's vmlinux and fips140.ko
#                 export together
#   MODULES=DIR   where `make modules_install INSTALL_MOD_PATH=DIR` put
#                 O's modules (default: O/modinst, if it exists)
#   PRISTINE=DIR  with O a feature-off build: a build of the unpatched
#                 base with the same config, whose vmlinux O's must equal
#
# Needs binutils, and openssl for the offline check of the embedded
# module (as a lab checks it).
#
# The output is KTAP, through kselftest's helpers
# (tools/testing/selftests/kselftest/ktap_helpers.sh): one result per
# check, the reason of a failure or skip as "# " lines before it; the exit
# status is 0 if none failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../../.." && pwd)
# shellcheck source=../selftests/kselftest/ktap_helpers.sh
. "$srctree/tools/testing/selftests/kselftest/ktap_helpers.sh"

O= OFF= PRISTINE= MODULES=
for arg in "$@"; do
	case $arg in
	O=*|OFF=*|PRISTINE=*|MODULES=*) declare "$arg" ;;
	*)	echo "check-build.sh: unknown argument '$arg' (known: O=, OFF=, MODULES=, PRISTINE=)" >&2
		exit 2 ;;
	esac
done
usage="usage: check-build.sh O=DIR [OFF=DIR] [MODULES=DIR] | O=DIR PRISTINE=DIR"
[ -n "$O" ] || { echo "check-build.sh: O= is required; $usage" >&2; exit 2; }
for d in O OFF PRISTINE; do
	[ -z "${!d}" ] || [ -f "${!d}/vmlinux" ] ||
		{ echo "check-build.sh: $d=${!d} holds no vmlinux" >&2; exit 2; }
done
if grep -q '^CONFIG_CRYPTO_FIPS140_EXTMOD=y' "$O/.config"; then
	[ -z "$PRISTINE" ] ||
		{ echo "check-build.sh: PRISTINE= needs O= with the feature off" >&2; exit 2; }
	[ -f "$O/crypto/fips140/fips140.ko" ] ||
		{ echo "check-build.sh: O=$O has CONFIG_CRYPTO_FIPS140_EXTMOD=y but no crypto/fips140/fips140.ko" >&2; exit 2; }
elif [ -z "$PRISTINE" ]; then
	echo "check-build.sh: O=$O has the feature off: give PRISTINE= to compare it with the unpatched build" >&2
	exit 2
fi
[ -z "$MODULES" ] && [ -d "$O/modinst" ] && MODULES=$O/modinst
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------
# Each check prints what it found; it fails with status 1, and 4 is a skip
# (kselftest's KSFT_SKIP) whose reason it prints.

# nm of vmlinux, with the names the compiler numbers made comparable:
# GCC's numbering of local symbols (CSWTCH.262, __func__.4) and the
# counter and line number in initcall entry names
# (__initcall__kmod_params__379_968_param_sysfs_init4) change when lines
# are added to a file, though the code does not.  Addresses and types are
# kept as they are.
vmlinux_nm()
{
	nm -n "$1" | sed -E 's/^([0-9a-f]+ [a-z] [^ ]*)\.[0-9]+$/\1.N/;
		s/^([0-9a-f]+ . __initcall__kmod_[A-Za-z0-9_]+__)[0-9]+_[0-9]+_/\1N_L_/'
}

# Feature off: the patched tree builds the same vmlinux as the pristine
# base -- every symbol at the same address, every section the same size.
same_as_pristine()
{
	local n
	vmlinux_nm "$PRISTINE/vmlinux" > "$tmp/pristine.nm"
	vmlinux_nm "$O/vmlinux" > "$tmp/off.nm"
	n=$(wc -l < "$tmp/off.nm")
	diff -u "$tmp/pristine.nm" "$tmp/off.nm" | head -n 20
	[ "${PIPESTATUS[0]}" -eq 0 ] || return 1
	# Every section but the string tables (symbol names)
	readelf -SW "$PRISTINE/vmlinux" | grep '^ *\[' | grep -v 'strtab' > "$tmp/pristine.sections"
	readelf -SW "$O/vmlinux" | grep '^ *\[' | grep -v 'strtab' > "$tmp/off.sections"
	diff -u "$tmp/pristine.sections" "$tmp/off.sections" || return 1
	echo "$n symbols at the same addresses, $(wc -l < "$tmp/off.sections") sections of the same size"
}

globals() { nm -g --defined-only "$@" | awk 'NF == 3 { print $3 }' | LC_ALL=C sort -u; }

# The exports of module (or vmlinux) $2 in Module.symvers $1, without the
# FIPS140_INTERNAL ones that exist only to link vmlinux and fips140.ko
symvers_of() { awk -F '\t' -v m="$2" '$3 == m && $5 != "FIPS140_INTERNAL" { print $2 }' "$1" | LC_ALL=C sort -u; }

# The members of crypto-vmlinux.a that vmlinux linked (those whose global
# symbols it has), and their size: "sha256.vmlinux.o ... (N bytes)"
linked_copies()
{
	local m n=0 bytes=0 list=
	for m in $(cd "$O" && ar t crypto-vmlinux.a); do
		(cd "$O" && globals "$m") | LC_ALL=C comm -12 - "$tmp/vmlinux.globals" |
			grep -q . || continue
		list+=" ${m##*/}"
		n=$((n + 1))
		bytes=$((bytes + $(size "$O/$m" | awk 'NR == 2 { print $1 + $2 }')))
	done
	echo "$n linked (${list# }; $bytes bytes of text and data)"
}

# vmlinux defines none of the symbols of the code moved into fips140.ko
# (the objects of crypto-module.a, all defined in fips140.ko, checked
# too); it has a trampoline __wrap_X only for a function X that
# fips140.ko exports, a pointer __fips140_var_X only for a variable X it
# exports.
vmlinux_defines_none()
{
	local bad=0
	# shellcheck disable=SC2046
	(cd "$O" && globals $(ar t crypto-module.a)) > "$tmp/moved"
	globals "$O/crypto/fips140/fips140.ko" > "$tmp/defined"
	if LC_ALL=C comm -23 "$tmp/moved" "$tmp/defined" | grep .; then
		echo "moved code not defined in fips140.ko"; bad=1
	fi
	globals "$O/vmlinux" > "$tmp/vmlinux.globals"
	# vmlinux's own copies of library code (FIPS140_VMLINUX_COPY) are
	# the exception: unexported, and only what vmlinux references
	(cd "$O" && globals crypto-vmlinux.a) > "$tmp/copies"
	LC_ALL=C comm -12 "$tmp/moved" "$tmp/vmlinux.globals" |
		LC_ALL=C comm -23 - "$tmp/copies" > "$tmp/both"
	if [ -s "$tmp/both" ]; then
		echo "defined in both vmlinux and fips140.ko:"; head "$tmp/both"
		bad=1
	fi
	symvers_of "$O/Module.symvers" vmlinux |
		LC_ALL=C comm -12 - "$tmp/copies" > "$tmp/copies.exported"
	if [ -s "$tmp/copies.exported" ]; then
		echo "vmlinux exports its copies of:"; head "$tmp/copies.exported"
		bad=1
	fi
	awk '{ print $2 }' "$O/crypto/fips140/fips140.symvers" |
		LC_ALL=C sort -u > "$tmp/fips140.exports"
	sed -n 's/^__wrap_//p; s/^__fips140_var_//p' "$tmp/vmlinux.globals" |
		LC_ALL=C sort -u | LC_ALL=C comm -23 - "$tmp/fips140.exports" > "$tmp/stray"
	if [ -s "$tmp/stray" ]; then
		echo "trampolines/pointers for symbols fips140.ko does not export:"
		head "$tmp/stray"
		bad=1
	fi
	echo "vmlinux's unexported library copies: $(linked_copies);" \
	     "$(wc -l < "$tmp/moved") symbols in fips140.ko;" \
	     "$(grep -c '^__wrap_' "$tmp/vmlinux.globals") trampolines," \
	     "$(grep -c '^__fips140_var_' "$tmp/vmlinux.globals") variable pointers"
	return $bad
}

# fips140.ko exports exactly what the objects linked into it export
exports_match_objects()
{
	# shellcheck disable=SC2046
	(cd "$O" && nm $(cat crypto/fips140/fips140.mod)) |
		sed -n 's/.* __export_symbol_//p' | LC_ALL=C sort -u > "$tmp/exports.objects"
	awk '{ print $2 }' "$O/crypto/fips140/fips140.symvers" |
		LC_ALL=C sort -u > "$tmp/exports.module"
	diff -u "$tmp/exports.objects" "$tmp/exports.module" | head -n 20
	[ "${PIPESTATUS[0]}" -eq 0 ] || return 1
	echo "$(wc -l < "$tmp/exports.module") exports, all from its objects"
}

# The exports of the feature-off vmlinux are exactly those of the
# feature-on vmlinux plus those of fips140.ko, disjoint (not counting the
# module's own API, the exports of its entry fips140-module.o).
exports_partitioned()
{
	[ -n "$OFF" ] || { echo "needs OFF=, a build with the feature off"; return 4; }
	symvers_of "$OFF/Module.symvers" vmlinux > "$tmp/exports.off"
	symvers_of "$O/Module.symvers" vmlinux > "$tmp/exports.vmlinux"
	nm "$O/crypto/fips140/fips140-module.o" | sed -n 's/.* __export_symbol_//p' |
		LC_ALL=C sort -u > "$tmp/exports.api"
	symvers_of "$O/Module.symvers" crypto/fips140/fips140 |
		LC_ALL=C comm -23 - "$tmp/exports.api" > "$tmp/exports.fips140"
	if LC_ALL=C comm -12 "$tmp/exports.vmlinux" "$tmp/exports.fips140" | grep .; then
		echo "exported by both vmlinux and fips140.ko"; return 1
	fi
	LC_ALL=C sort -u "$tmp/exports.vmlinux" "$tmp/exports.fips140" > "$tmp/exports.on"
	diff -u "$tmp/exports.off" "$tmp/exports.on" | head -n 20
	[ "${PIPESTATUS[0]}" -eq 0 ] || return 1
	echo "$(wc -l < "$tmp/exports.off") exports = $(wc -l < "$tmp/exports.vmlinux")" \
	     "in vmlinux + $(wc -l < "$tmp/exports.fips140") in fips140.ko"
}

# The crypto-objs entries of the converted directories, read from their
# Makefiles by crypto-objs.mk, following subdirectories: the architecture's
# crypto directory (the one arch/ directory of the build), crypto/, lib/
# and lib/crypto/.
crypto_objs()
{
	local srcarch dirs d kind path rest
	[ -s "$tmp/crypto-objs" ] && return 0
	srcarch=$(cd "$O/arch" && ls -d -- */ | head -n 1)
	dirs="arch/${srcarch%/}/crypto crypto lib lib/crypto"
	for d in $dirs; do
		make -s -f "$here/crypto-objs.mk" srctree="$srctree" \
			objtree="$O" dir="$d" || return 1
	done > "$tmp/crypto-objs"
	while read -r kind path rest; do
		[ "$kind" = d ] || continue
		make -s -f "$here/crypto-objs.mk" srctree="$srctree" \
			objtree="$O" dir="${path%/}"
	done < "$tmp/crypto-objs" >> "$tmp/crypto-objs"
}

# The objects linked into fips140.ko (crypto/fips140/fips140.mod, which
# names them as their FILE symbols would not: an assembly file may name
# another in a .file directive) are the config's crypto-objs-y set,
# parts of composite objects included.
objects_are_crypto_objs_y()
{
	crypto_objs || return 1
	awk '$1 == "y" { for (i = 3; i <= NF; i++) print $i }' "$tmp/crypto-objs" |
		sed 's|.*/||; s/\.o$//' | LC_ALL=C sort > "$tmp/objects.expected"
	tr ' ' '\n' < "$O/crypto/fips140/fips140.mod" | sed 's|.*/||; s/\.o$//' |
		grep -vx -e fips140-module -e '' | LC_ALL=C sort > "$tmp/objects.found"
	diff -u "$tmp/objects.expected" "$tmp/objects.found" || return 1
	echo "$(wc -l < "$tmp/objects.found") objects;" \
	     "kept in vmlinux: $(awk '$1 == "x" { printf "%s ", $2 }' "$tmp/crypto-objs")"
}

# scripts/fips140/list-boundary-modules.sh lists fips140.ko and the
# crypto-objs-m modules of the build, nothing else.
boundary_modules()
{
	local all
	[ -n "$MODULES" ] ||
		{ echo "needs MODULES=, the INSTALL_MOD_PATH of make modules_install"; return 4; }
	crypto_objs || return 1
	{ echo fips140; awk '$1 == "m" { print $2 }' "$tmp/crypto-objs" |
		sed 's|.*/||; s/\.o$//'; } | LC_ALL=C sort > "$tmp/boundary.expected"
	sh "$srctree/scripts/fips140/list-boundary-modules.sh" "$MODULES" |
		sed 's|.*/||; s/\.ko.*$//' | LC_ALL=C sort > "$tmp/boundary.found"
	diff -u "$tmp/boundary.expected" "$tmp/boundary.found" || return 1
	all=$(find "$MODULES/lib/modules" -name '*.ko*' | wc -l)
	echo "$(wc -l < "$tmp/boundary.found") of $all installed modules: $(tr '\n' ' ' < "$tmp/boundary.found")"
}

# The algorithm code of lib/crypto, lib/'s ASN.1 decoder and OID registry:
# what fips140.ko must not import from vmlinux
ALGORITHM_IMPORTS='^(sha1_transform|sha224_final|sha256_(update|final)|aes_(expandkey|encrypt|decrypt)|gf128mul_.*|__crypto_memneq|__crypto_xor|mpi_.*|asn1_ber_decoder|look_up_OID|parse_OID|sprint_oid)$'

# The boundary report crypto/fips140/fips140.imports lists each import of
# fips140.ko once, with the file that defines it, none of them algorithm
# code: only kernel services and the allow-list's entries.
boundary_report()
{
	local r=$O/crypto/fips140/fips140.imports
	[ -s "$r" ] || { echo "no $r"; return 1; }
	nm -u "$O/crypto/fips140/fips140.ko" | awk '{ print $NF }' |
		LC_ALL=C sort -u > "$tmp/imports.ko"
	grep -v '^#' "$r" | cut -f 1 | LC_ALL=C sort > "$tmp/imports.report"
	if ! LC_ALL=C sort -u -c "$tmp/imports.report" 2>/dev/null; then
		echo "a symbol is listed twice"; return 1
	fi
	if LC_ALL=C comm -23 "$tmp/imports.ko" "$tmp/imports.report" | grep .; then
		echo "imports of fips140.ko missing from the report"; return 1
	fi
	if grep -v '^#' "$r" | awk -F '\t' '$3 != "service" && $3 != "allowed" || $2 == "-"' | grep .; then
		echo "not a kernel service nor allowed"; return 1
	fi
	if grep -E "$ALGORITHM_IMPORTS" "$tmp/imports.ko"; then
		echo "fips140.ko imports these from vmlinux"; return 1
	fi
	echo "$(wc -l < "$tmp/imports.report") imports:" \
	     "$(grep -c '	service$' "$r") services," \
	     "$(grep -c '	allowed$' "$r") allowed ($(grep '	allowed$' "$r" | cut -f 1 | tr '\n' ' '))"
}

# Offline, as a lab does: scripts/fips140/extract-fips140, a copy alone
# in a directory of its own (no kernel tree beside it), pulls the module
# and its digest out of vmlinux and out of the boot image; the module is
# fips140.ko byte for byte, and openssl's HMAC-SHA256 of it with the
# build's key is the embedded digest.  System.map holds no module, and
# the error says what was tried.
offline_extract()
{
	local key img real want got bad=0 found= seen= x out
	grep -q '^CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT=y' "$O/.config" &&
		{ echo "a prebuilt module (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT):" \
		       "its module set has its digest"; return 4; }
	key=$(sed -n 's/^CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY=//p' "$O/include/config/auto.conf")
	mkdir "$tmp/alone"
	x=$tmp/alone/extract-fips140
	cp "$srctree/scripts/fips140/extract-fips140" "$x"
	for img in "$O/vmlinux" "$O"/arch/*/boot/bzImage "$O"/arch/*/boot/Image; do
		# (arch/x86_64/boot/bzImage is a link to arch/x86's)
		[ -f "$img" ] || continue
		real=$(realpath "$img")
		case $seen in *" $real "*) continue ;; esac
		seen+=" $real "
		found+=" ${img#"$O"/}"
		rm -f "$tmp/fips140.ko" "$tmp/fips140.hmac"
		sh "$x" "$img" "$tmp" > /dev/null || { bad=1; continue; }
		cmp "$tmp/fips140.ko" "$O/crypto/fips140/fips140.ko" || bad=1
		want=$(cat "$tmp/fips140.hmac")
		got=$(openssl dgst -sha256 -hmac "$key" "$tmp/fips140.ko" | awk '{ print $NF }')
		[ "$want" = "$got" ] ||
			{ echo "${img#"$O"/}: embedded $want, openssl $got"; bad=1; }
	done
	if [ -f "$O/System.map" ]; then
		if out=$(sh "$x" "$O/System.map" "$tmp" 2>&1); then
			echo "found a module in System.map"; bad=1
		else
			echo "$out" | grep -q "System.map: no embedded fips140.ko: no FIPS140-IMAGE-V1 header in it, nor in what it unpacks to (tried gzip at 0 offset(s), xz at .*, zstd at .*, lzma at " ||
				{ echo "System.map: $out"; bad=1; }
		fi
	fi
	echo "extracted from:$found"
	return $bad
}

# A production build (without CONFIG_CRYPTO_FIPS140_EXTMOD_TEST) has none
# of the fault injection of the boot tests: no fips140_test= code, hook
# or string in vmlinux or fips140.ko.
no_fault_injection()
{
	local f bad=0 faults
	faults='fips140_test|flip-bit|wrong-digest|fail-kat|early-user|initcall-swap'
	faults+='|layout-version|fail_selftest'
	grep -q '^CONFIG_CRYPTO_FIPS140_EXTMOD_TEST=y' "$O/.config" &&
		{ echo "a test build (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST=y)"; return 4; }
	for f in "$O/vmlinux" "$O/crypto/fips140/fips140.ko"; do
		if strings -a "$f" | grep -E "$faults"; then
			echo "in ${f##*/}"; bad=1
		fi
		if nm "$f" | grep -E 'fips140_test'; then
			echo "symbols in ${f##*/}"; bad=1
		fi
	done
	[ $bad -eq 0 ] && echo "none in vmlinux nor fips140.ko"
	return $bad
}

# ---------------------------------------------------------------------------
# check DESCRIPTION CMD...: one result; what CMD prints is shown as "# "
# lines (before the result, as KTAP has it)
check()
{
	local desc=$1 out rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
	case $rc in
	0) ktap_test_pass "$desc" ;;
	"$KSFT_SKIP") ktap_test_skip "$desc" ;;
	*) ktap_test_fail "$desc" ;;
	esac
}

ktap_print_header
if [ -n "$PRISTINE" ]; then
	ktap_set_plan 1
	check "feature off: vmlinux has the unpatched build's symbols and sections" \
		same_as_pristine
	ktap_finished
fi
ktap_set_plan 8
check "vmlinux defines none of fips140.ko's symbols, only trampolines and pointers" \
	vmlinux_defines_none
check "fips140.ko exports exactly what its objects export" exports_match_objects
check "the objects in fips140.ko are the config's crypto-objs-y" \
	objects_are_crypto_objs_y
check "vmlinux and fips140.ko export what the feature-off vmlinux does" \
	exports_partitioned
check "list-boundary-modules.sh lists fips140.ko and the crypto-objs-m modules" \
	boundary_modules
check "the boundary report lists every import of fips140.ko, none of them algorithm code" \
	boundary_report
check "offline: the module and digest in vmlinux and the boot image are fips140.ko and its HMAC" \
	offline_extract
check "a production build (no CONFIG_CRYPTO_FIPS140_EXTMOD_TEST) has no fault injection" \
	no_fault_injection
ktap_finished
