#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The disk of a system test: Debian 12 (mkrootfs.sh) with kernel
# packages installed by apt, as on a distribution's machine, and the
# guest checks.
#
#   mkimage.sh -o DISK.img -k KBUILD_OUTPUT [-s DIR] DEB... [-u DEB...]
#
# DEBs (bindeb-pkg's linux-image package, and others) are installed with
# `apt-get install ./x.deb` in a chroot of the root file system: their
# postinst runs, initramfs-tools makes the initrd.  DEBs after -u are
# copied to /var/cache/fips140/update/ unpacked, for the guest to install
# (a kernel update).  KBUILD_OUTPUT gives what mkinitramfs.sh builds for
# the busybox guest under /lib/fips140 (checks.sh, the libkcapi answers,
# the boundary module list, an unsigned aes_ti.ko), and its static tools
# (afalg-kat, qemu-exit).  The programs in DIR (-s: the kernel's
# selftests, built by check-system.sh) go to /usr/local/lib/fips140/
# selftests/.  The guest checks run from a systemd unit once
# multi-user.target is reached (system/guest-checks.sh).  Needs root.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out= kbuild= selftests= debs=() updates=() to=debs
while [ $# -gt 0 ]; do
	case $1 in
	-o) out=$2; shift 2 ;;
	-k) kbuild=$2; shift 2 ;;
	-s) selftests=$2; shift 2 ;;
	-u) to=updates; shift ;;
	-*) echo "mkimage.sh: unknown option $1" >&2; exit 2 ;;
	*) if [ $to = debs ]; then debs+=("$1"); else updates+=("$1"); fi; shift ;;
	esac
done
[ -n "$out" ] && [ -n "$kbuild" ] && [ ${#debs[@]} -gt 0 ] ||
	{ echo "usage: mkimage.sh -o DISK.img -k KBUILD_OUTPUT [-s DIR] DEB... [-u DEB...]" >&2; exit 2; }
for f in "${debs[@]}" "${updates[@]}"; do
	[ -f "$f" ] || { echo "mkimage.sh: no package $f" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "mkimage.sh: needs root (chroot, apt in it)" >&2; exit 1; }

rootfs=$(bash "$here/mkrootfs.sh")
root=$(mktemp -d "$(dirname "$out")/.root.XXXXXX")
trap 'rm -rf "$root" "$root.cpio" "$root.guest"' EXIT
tar -C "$root" -xf "$rootfs"

# The busybox guest's payload, from its own builder
bash "$here/../mkinitramfs.sh" -o "$root.cpio" -k "$kbuild"
# (Debian 12's /lib and /bin are links into /usr: unpacked aside)
mkdir "$root.guest"
(cd "$root.guest" && cpio --quiet -id 'lib/fips140/*' bin/afalg-kat bin/qemu-exit < "$root.cpio")
cp -a "$root.guest/lib/fips140" "$root/usr/lib/"
cp "$root.guest/bin/afalg-kat" "$root.guest/bin/qemu-exit" "$root/usr/local/bin/"
install -m 0755 "$here/guest-checks.sh" "$root/lib/fips140/system-checks.sh"
if [ -n "$selftests" ]; then
	mkdir -p "$root/usr/local/lib/fips140/selftests"
	cp "$selftests"/* "$root/usr/local/lib/fips140/selftests/"
fi
cat > "$root/etc/systemd/system/fips140-checks.service" <<'UNIT'
[Unit]
Description=fips140 system checks (tools/testing/fips140/system)
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/lib/fips140/system-checks.sh
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/fips140-checks.service \
	"$root/etc/systemd/system/multi-user.target.wants/fips140-checks.service"
# the console is the checks': no login prompt on it
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"

mkdir -p "$root/var/cache/fips140/install" "$root/var/cache/fips140/update"
cp "${debs[@]}" "$root/var/cache/fips140/install/"
[ ${#updates[@]} -eq 0 ] || cp "${updates[@]}" "$root/var/cache/fips140/update/"
log=$out.apt.log
inst=()
for f in "${debs[@]}"; do
	inst+=("/var/cache/fips140/install/$(basename "$f")")
done
# apt in the chroot, with /proc, /sys and /dev of a private mount
# namespace (nothing stays mounted if this is killed)
if ! unshare -m sh -c '
	root=$1; shift
	mount -t proc proc "$root/proc" && mount -t sysfs sysfs "$root/sys" &&
	mount --bind /dev "$root/dev" && mount -t devpts devpts "$root/dev/pts" &&
	chroot "$root" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q "$@"' sh "$root" \
	"${inst[@]}" \
	>"$log" 2>&1; then
	tail -n 20 "$log" >&2
	echo "mkimage.sh: apt-get install of ${debs[*]} failed (log: $log)" >&2
	exit 1
fi
rm -f "$root"/var/cache/fips140/install/*.deb
ls "$root"/boot/vmlinuz-* >/dev/null 2>&1 ||
	{ echo "mkimage.sh: the packages installed no /boot/vmlinuz-*" >&2; exit 1; }
ls "$root"/boot/initrd.img-* >/dev/null 2>&1 ||
	{ echo "mkimage.sh: no initrd was made in /boot (initramfs-tools; log: $log)" >&2; exit 1; }

rm -f "$out.tmp"
mke2fs -q -t ext4 -L fips140-root -d "$root" "$out.tmp" 3G > /dev/null
mv "$out.tmp" "$out"
