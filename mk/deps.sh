#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what `make` and `make check` need on Debian 12; skip what is there.
#
#   mk/deps.sh [ARCH]
#
# ARCH (default x86_64) is one of tools/testing/fips140/arch/: its
# packages (arm64: cross compiler, QEMU) and, for a foreign one, Debian's
# busybox-static of it, unpacked into the cache.
set -euo pipefail

arch=${1:-x86_64}
pkgs=(
	# kernel build
	build-essential bc bison flex libelf-dev libssl-dev openssl cpio kmod
	rsync xz-utils lz4 zstd python3 patch git ccache dwarves file
	# the kernel base comes from this package's index
	dpkg-dev
	# the guest's busybox (and its applet list)
	busybox-static
	# make bench's plot
	gnuplot-nox
	# the Debian system tests: bindeb-pkg, the root file system, the
	# host's known answer of dm-crypt (tools/testing/fips140/system/)
	debhelper mmdebstrap e2fsprogs python3-cryptography
)
# shellcheck source=../tools/testing/fips140/arch.sh
. "$(dirname "$0")/../tools/testing/fips140/arch.sh"
fips140_arch "$arch" || { echo "error: deps.sh: see tools/testing/fips140/arch/" >&2; exit 1; }
# shellcheck disable=SC2206
pkgs+=($arch_packages)
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive

# A foreign architecture's busybox-static (arch_busybox outside /bin),
# unpacked from Debian's package into the cache.
foreign_busybox()
{
	local dir tmp
	[ "$arch_busybox" = /bin/busybox ] && return 0
	[ -x "$arch_busybox" ] && return 0
	dir=$(dirname "$arch_busybox")
	echo "  FETCH   busybox-static:$arch_debian"
	if ! dpkg --print-foreign-architectures | grep -qx "$arch_debian"; then
		$SUDO dpkg --add-architecture "$arch_debian"
		$SUDO apt-get update -q >/tmp/fips140-apt.log 2>&1
	fi
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q "busybox-static:$arch_debian") \
		>>/tmp/fips140-apt.log 2>&1 || {
		tail -5 /tmp/fips140-apt.log
		echo "error: cannot download busybox-static:$arch_debian" >&2
		rm -rf "$tmp"
		exit 1
	}
	dpkg-deb -x "$tmp"/busybox-static_*_"$arch_debian".deb "$tmp/x"
	mkdir -p "$dir"
	cp "$tmp/x/bin/busybox" "$arch_busybox"
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
	foreign_busybox
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
foreign_busybox
exit 0
