#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a built test config under QEMU (`make boot`, `make`, the suite).
#
#   mk/boot.sh --config NAME [--base VERSION] [--out DIR] [--pristine]
#              [--report] [--append STR] [--name NAME] [--timeout SEC]
#              [--expect-panic RE] [--no-modules] [--quiet] [-- GUESTARGS]
#
# Finds the build of NAME (on base VERSION, in DIR: as kdev paths finds
# it), (re)builds its initramfs when stale, and runs
# tools/testing/fips140/run-qemu.sh.  Logs are kept in BUILD/logs/.
# --no-modules boots an initramfs without the build's modules, the same
# for every build of an architecture (boot time comparisons).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
t=$repo/tools/testing/fips140
config= pristine= report= name=boot nomod= base= outdir=
runner=()
guest=()
while [ $# -gt 0 ]; do
	case $1 in
	--config) config=$2; shift 2 ;;
	--base) base=$2; shift 2 ;;
	--out) outdir=$2; shift 2 ;;
	--pristine) pristine=--pristine; shift ;;
	--report) report=1; shift ;;
	--name) name=$2; shift 2 ;;
	--append|--timeout|--expect-panic|--accel)
		runner+=("$1" "$2"); shift 2 ;;
	--quiet) runner+=(--quiet); shift ;;
	--no-modules) nomod=1; shift ;;
	--) shift; guest=("$@"); break ;;
	*) echo "boot.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$config" ] || { echo "boot.sh: --config is required" >&2; exit 2; }

eval "$(/usr/bin/python3 -B "$repo/mk/kdev" ${base:+--base "$base"} paths "$config" $pristine \
	${outdir:+--out "$outdir"})"
if [ ! -f "$out/.fips140-build-ok" ]; then
	echo "boot.sh: $config is not built: run make build CONFIG=$config" >&2
	exit 2
fi
# shellcheck source=../tools/testing/fips140/arch.sh
. "$t/arch.sh"
fips140_arch "$arch"
kernel=$(arch_boot_kernel "$out")
runner+=(--arch "$arch")

initrd=$out/initramfs.cpio
kbuild=(-k "$out")
if [ -n "$nomod" ]; then
	initrd=${WORK:-$repo/work}/check/initramfs-$arch-nomodules.cpio
	kbuild=()
fi
stale=
if [ ! -f "$initrd" ] ||
   { [ -z "$nomod" ] && [ "$out/.fips140-build-ok" -nt "$initrd" ]; }; then
	stale=1
else
	for f in "$t"/guest/* "$t"/src/* "$t"/mkinitramfs.sh "$t"/arch.sh "$t/arch/$arch.sh"; do
		[ "$f" -nt "$initrd" ] && stale=1
	done
fi
if [ -n "$stale" ]; then
	"$t/mkinitramfs.sh" -a "$arch" -o "$initrd" "${kbuild[@]}"
fi

mkdir -p "$out/logs"
log=$out/logs/$name.log
if [ -n "$report" ]; then
	rc=0
	"$t/run-qemu.sh" --kernel "$kernel" --initrd "$initrd" --log "$log" \
		--name "$config" --quiet "${runner[@]}" -- mode=report \
		>"$log.verdict" || rc=$?
	sed -n '/===== fips140 verification/,/===== end/p' "$log" | tr -d '\r'
	if [ $rc -ne 0 ]; then
		cat "$log.verdict"
		echo "boot of $config failed; full log: $log" >&2
		exit 1
	fi
	echo "(serial log: $log)"
	exit 0
fi
[ ${#guest[@]} -gt 0 ] || guest=(mode=checks)
exec "$t/run-qemu.sh" --kernel "$kernel" --initrd "$initrd" --log "$log" \
	--name "$config/$name" "${runner[@]}" -- "${guest[@]}"
