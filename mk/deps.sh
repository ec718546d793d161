#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what `make` and `make check` need on Debian 12; skip what is there.
set -euo pipefail

pkgs=(
	# kernel build
	build-essential bc bison flex libelf-dev libssl-dev openssl cpio kmod
	rsync xz-utils lz4 zstd python3 patch git ccache dwarves
	# the kernel base comes from this package's index
	dpkg-dev
	# boot tests
	qemu-system-x86 busybox-static
)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "  APT     ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
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
