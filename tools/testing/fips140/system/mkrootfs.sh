#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian 12 root file system of the system tests, made once from
# Debian's archive by Debian's own tool (mmdebstrap) and cached.
#
#   mkrootfs.sh
#
# Prints the path of the tarball: $FIPS140_CACHE/rootfs/bookworm-KEY.tar,
# KEY a hash of this script, which holds the package list, so that the
# tarball is made again only when the list (or how it is made) changes.
# The kernel is not in it: run-system.sh installs the package under test
# into a copy, with apt.
set -euo pipefail

cache=${FIPS140_CACHE:-$HOME/.cache/fips140-kernel}
mirror=${FIPS140_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# systemd and kmod as Debian boots them; initramfs-tools for the kernel
# package's postinst; the kernel's crypto clients: cryptsetup (dm-crypt),
# iproute2 (ip xfrm), libkcapi's tools (AF_ALG), openssl (the answers)
packages=(
	systemd systemd-sysv udev kmod initramfs-tools zstd
	cryptsetup-bin iproute2 kcapi-tools openssl
	procps e2fsprogs
)

key=$( (cat "$0"; echo "$mirror") | sha256sum | cut -c1-12)
out=$cache/rootfs/bookworm-$key.tar
if [ -f "$out" ] && [ -s "$out" ]; then
	echo "$out"
	exit 0
fi
command -v mmdebstrap >/dev/null ||
	{ echo "mkrootfs.sh: mmdebstrap is not installed (mk/deps.sh installs it)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
log=$out.log
echo "  ROOTFS  Debian 12 (bookworm) with ${packages[*]}: $out" >&2
# (the hooks run outside the chroot, $1 its root)
if ! mmdebstrap --variant=apt --format=tar --include="$(IFS=,; echo "${packages[*]}")" \
	--customize-hook='echo fips140-system > "$1/etc/hostname"' \
	--customize-hook='printf "/dev/vda / ext4 defaults 0 1\n" > "$1/etc/fstab"' \
	--customize-hook='chroot "$1" passwd -d root' \
	--customize-hook='chroot "$1" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer' \
	bookworm "$out.tmp" "$mirror" >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	echo "mkrootfs.sh: mmdebstrap failed (log: $log)" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv "$out.tmp" "$out"
echo "$out"
