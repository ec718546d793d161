#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the Debian system of DISK (mkimage.sh) under QEMU, as its boot
# loader would: the newest /boot/vmlinuz-* with its initrd.img, root on
# the disk.  The checks of the system (guest-checks.sh, run by systemd)
# come out as run-qemu.sh's KTAP.
#
#   run-system.sh --disk DISK.img --log LOG [--data FILE]...
#                 [run-qemu.sh options] [-- GUESTARGS]
#
# --data FILE  one more virtio disk (vdb, vdc, ... in order), made empty
#              (64 MiB) when FILE does not exist
# GUESTARGS go to guest-checks.sh (default checks=all).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
disk= log= data=() runner=() guest=() append=
while [ $# -gt 0 ]; do
	case $1 in
	--disk) disk=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--data) data+=("$2"); shift 2 ;;
	--append) append=$2; shift 2 ;;
	--timeout|--expect-panic|--name|--accel) runner+=("$1" "$2"); shift 2 ;;
	--quiet) runner+=(--quiet); shift ;;
	--) shift; guest=("$@"); break ;;
	*) echo "run-system.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$disk" ] && [ -n "$log" ] ||
	{ echo "usage: run-system.sh --disk DISK.img --log LOG [--data FILE]... [-- GUESTARGS]" >&2; exit 2; }
[ -f "$disk" ] || { echo "run-system.sh: no disk $disk" >&2; exit 2; }
[ ${#guest[@]} -gt 0 ] || guest=(checks=all)

# The newest kernel of the disk's /boot, read with debugfs (e2fsprogs):
# the disk is not mounted
rel=$(debugfs -R 'ls -p /boot' "$disk" 2>/dev/null |
	awk -F/ '$6 ~ /^vmlinuz-/ { sub(/^vmlinuz-/, "", $6); print $6 }' |
	sort -V | tail -n 1)
[ -n "$rel" ] || { echo "run-system.sh: $disk has no /boot/vmlinuz-*" >&2; exit 1; }
boot=$(dirname "$log")/$(basename "$log" .log).boot
mkdir -p "$boot"
debugfs -R "dump /boot/vmlinuz-$rel $boot/vmlinuz" "$disk" 2>/dev/null
debugfs -R "dump /boot/initrd.img-$rel $boot/initrd.img" "$disk" 2>/dev/null
[ -s "$boot/vmlinuz" ] && [ -s "$boot/initrd.img" ] ||
	{ echo "run-system.sh: cannot read /boot/vmlinuz-$rel and its initrd.img from $disk" >&2; exit 1; }
echo "# $(basename "$log" .log): booting $rel of $disk"

qargs="-drive file=$disk,format=raw,if=virtio"
for f in "${data[@]}"; do
	[ -f "$f" ] || truncate -s 64M "$f"
	qargs="$qargs -drive file=$f,format=raw,if=virtio"
done
exec bash "$here/../run-qemu.sh" --kernel "$boot/vmlinuz" --initrd "$boot/initrd.img" \
	--log "$log" --qemu-args "$qargs" \
	--append "root=/dev/vda rw systemd.show_status=false $append" \
	"${runner[@]}" -- "${guest[@]}"
