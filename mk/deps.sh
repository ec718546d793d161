#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what `make` and `make check` need on Debian 12; skip what is there.
#
#   mk/deps.sh [arm64]
#
# With arm64: what the arm64 test configs need in addition (cross
# compiler, QEMU, and Debian's arm64 busybox-static in the cache).
set -euo pipefail

arch=${1:-x86_64}
pkgs=(
	# kernel build
	build-essential bc bison flex libelf-dev libssl-dev openssl cpio kmod
	rsync xz-utils lz4 zstd python3 patch git ccache dwarves file
	# the kernel base comes from this package's index
	dpkg-dev
	# boot tests; libkcapi's tools, which the x86 guests run
	qemu-system-x86 busybox-static kcapi-tools
)
case $arch in
x86_64) ;;
arm64)	pkgs+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm) ;;
*)	echo "error: deps.sh: unknown arch $arch (known: x86_64, arm64)" >&2
	exit 1 ;;
esac
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive

# Debian's arm64 busybox-static, unpacked into the cache.
arm64_busybox()
{
	local dir=${FIPS140_CACHE:-$HOME/.cache/fips140-kernel}/arm64 tmp
	[ -x "$dir/busybox" ] && return 0
	echo "  FETCH   busybox-static:arm64"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		$SUDO dpkg --add-architecture arm64
		$SUDO apt-get update -q >/tmp/fips140-apt.log 2>&1
	fi
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q busybox-static:arm64) \
		>>/tmp/fips140-apt.log 2>&1 || {
		tail -5 /tmp/fips140-apt.log
		echo "error: cannot download busybox-static:arm64" >&2
		rm -rf "$tmp"
		exit 1
	}
	dpkg-deb -x "$tmp"/busybox-static_*_arm64.deb "$tmp/x"
	mkdir -p "$dir"
	cp "$tmp/x/bin/busybox" "$dir/busybox"
	rm -rf "$tmp"
}

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	[ "$arch" = arm64 ] && arm64_busybox
	exit 0
fi

echo "  APT     ${missing[*]}"
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>/tmp/fips140-apt.log 2>&1; then
	$SUDO apt-get update -q >>/tmp/fips140-apt.log 2>&1 || true
	$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>>/tmp/fips140-apt.log 2>&1 || {
		tail -20 /tmp/fips140-apt.log
		echo "error: cannot install: ${missing[*]}" >&2
		exit 1
	}
fi
[ "$arch" = arm64 ] && arm64_busybox
exit 0
