#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the initramfs of the fips140 test guest.
#
#   mkinitramfs.sh -o OUT.cpio [-k KBUILD_OUTPUT]
#
# Contents: Debian's busybox-static, the guest /init and check library,
# the static tools of src/ (built here with the host compiler), and, when
# -k names a kernel build with modules, its installed (signed) modules
# from KBUILD_OUTPUT/modinst plus unsigned copies of the crypto modules
# under /lib/fips140/unsigned/ for the unsigned-module checks.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=
kbuild=
while getopts "o:k:" opt; do
	case $opt in
	o) out=$OPTARG ;;
	k) kbuild=$OPTARG ;;
	*) echo "usage: $0 -o OUT.cpio [-k KBUILD_OUTPUT]" >&2; exit 1 ;;
	esac
done
[ -n "$out" ] || { echo "$0: -o OUT.cpio is required" >&2; exit 1; }

busybox=/bin/busybox
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
	echo "$0: $busybox is not static: install busybox-static" >&2
	exit 1
fi

# The static tools live next to the image and are rebuilt when stale.
tools=$(dirname "$out")/guest-tools
mkdir -p "$tools"
for src in "$here"/src/*.c; do
	bin=$tools/$(basename "$src" .c)
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		${HOSTCC:-gcc} -static -O2 -Wall -Wextra -Werror -o "$bin" "$src"
	fi
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/fips140}
cp "$busybox" "$stage/bin/busybox"
# The applets exist before /init runs: the kernel may run /sbin/modprobe
# during boot (request_module()).
"$busybox" --list-full | while read -r applet; do
	mkdir -p "$stage/$(dirname "$applet")"
	[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done
cp "$tools"/* "$stage/bin/"
install -m 0755 "$here/guest/init" "$stage/init"
install -m 0644 "$here/guest/checks.sh" "$stage/lib/fips140/checks.sh"

if [ -n "$kbuild" ] && [ -d "$kbuild/modinst/lib/modules" ]; then
	cp -a "$kbuild/modinst/lib/modules" "$stage/lib/"
	# Drop the build/source links into the build machine.
	find "$stage/lib/modules" -maxdepth 2 \( -name build -o -name source \) \
		-type l -delete
	mkdir -p "$stage/lib/fips140/unsigned"
	find "$kbuild" -path "$kbuild/modinst" -prune -o -name '*.ko' \
		-path '*crypto*' -print |
		while read -r ko; do
			cp "$ko" "$stage/lib/fips140/unsigned/"
		done
fi

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc --reproducible -R 0:0) > "$out.tmp"
mv "$out.tmp" "$out"
