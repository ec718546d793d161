#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the initramfs of the fips140 test guest.
#
#   mkinitramfs.sh [-a ARCH] -o OUT.cpio [-k KBUILD_OUTPUT]
#
# Contents: Debian's busybox-static, the guest /init and check library,
# the static tools of src/ (built here with the host compiler, or the
# cross compiler of ARCH: x86_64 (default), or another of arch/), where
# the guest can run the host's binaries (arch_host_tools), Debian's
# libkcapi tools (kcapi-tools) with their libraries and the answers
# openssl gives for the guest check "kcapi", Debian's bpftool (guest
# check "debug"), and, when
# -k names a kernel build with modules, its installed (signed) modules
# from KBUILD_OUTPUT/modinst (with more than 300, only those inside the
# module boundary and their dependencies), their names in
# /lib/fips140/boundary.list, and an unsigned copy of aes_ti.ko under
# /lib/fips140/unsigned/ for the unsigned-module check; with a prebuilt
# module set in KBUILD_OUTPUT/fips140-certified/, its aes_ti.ko with a
# byte of its .comment changed (other bytes, the same code) under
# /lib/fips140/other/ for the check "otherbytes".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=
kbuild=
arch=x86_64
while getopts "a:o:k:" opt; do
	case $opt in
	a) arch=$OPTARG ;;
	o) out=$OPTARG ;;
	k) kbuild=$OPTARG ;;
	*) echo "usage: $0 [-a ARCH] -o OUT.cpio [-k KBUILD_OUTPUT]" >&2
	   exit 1 ;;
	esac
done
[ -n "$out" ] || { echo "$0: -o OUT.cpio is required" >&2; exit 1; }

# shellcheck source=arch.sh
. "$here/arch.sh"
fips140_arch "$arch" || exit 1
busybox=$arch_busybox
if [ -n "$arch_cross_compile" ]; then
	cc=${arch_cross_compile}gcc
else
	cc=${HOSTCC:-gcc}
fi
if ! file -L "$busybox" 2>/dev/null | grep 'statically linked' | grep -q "$arch_elf"; then
	echo "$0: $busybox is not a static $arch busybox: install busybox-static (mk/deps.sh $arch)" >&2
	exit 1
fi

# The static tools live next to the image, one directory per
# architecture (images of several may share a directory), and are
# rebuilt when stale.
# qemu-exit drives QEMU's isa-debug-exit: without it the guest powers off
# and the host reads its verdict from the console.
tools=$(dirname "$out")/guest-tools-$arch
mkdir -p "$tools"
for src in "$here"/src/*.c; do
	bin=$tools/$(basename "$src" .c)
	[ -z "$arch_debug_exit" ] && [ "$(basename "$src")" = qemu-exit.c ] && continue
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		$cc -static -O2 -Wall -Wextra -Werror -o "$bin" "$src"
	fi
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/fips140}
cp "$busybox" "$stage/bin/busybox"
# The applets exist before /init runs: the kernel may run /sbin/modprobe
# during boot (request_module()).
# (The applet list comes from the host's busybox, of the same Debian
# package: a foreign one cannot run here.)
/bin/busybox --list-full | while read -r applet; do
	mkdir -p "$stage/$(dirname "$applet")"
	[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done
cp "$tools"/* "$stage/bin/"
install -m 0755 "$here/guest/init" "$stage/init"
install -m 0644 "$here/guest/checks.sh" "$stage/lib/fips140/checks.sh"

# libkcapi's command line tools (Debian's kcapi-tools, of the host), with
# the libraries they link, and the answers the guest must get from them,
# computed here by openssl (guest check "kcapi")
# host_bin PATH...: the host's binaries, with the libraries they link
host_bin()
{
	for bin in "$@"; do
		install -m 0755 "$bin" "$stage$bin"
		ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
	done | LC_ALL=C sort -u | while read -r lib; do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

# Debian's bpftool, for the guest check "debug" (the module's BTF)
if [ -n "$arch_host_tools" ] && [ -x /usr/sbin/bpftool ]; then
	host_bin /usr/sbin/bpftool
fi

if [ -n "$arch_host_tools" ] && [ -x /usr/bin/kcapi-dgst ]; then
	host_bin /usr/bin/kcapi-dgst /usr/bin/kcapi-enc /usr/bin/kcapi-rng
	k=$stage/lib/fips140/kcapi
	mkdir -p "$k"
	seq 1 300 > "$k/msg"
	head -c 64 "$k/msg" > "$k/msg64"
	key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	iv=f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff
	printf "$(echo "$key" | sed 's/../\\x&/g')" > "$k/key"
	echo "$iv" > "$k/iv"
	hex() { od -An -v -tx1 | tr -d ' \n'; }
	{
		for h in sha1 sha256 sha384 sha512; do
			echo "$h dgst $h $(openssl dgst -$h -r "$k/msg" | cut -d' ' -f1)"
			echo "hmac($h) hmac hmac($h) $(openssl dgst -$h -mac HMAC -macopt hexkey:$key -r "$k/msg" | cut -d' ' -f1)"
		done
		echo "cbc(aes) enc cbc(aes) $(openssl enc -aes-256-cbc -nopad -K $key -iv $iv -in "$k/msg64" | hex)"
		echo "ctr(aes) enc ctr(aes) $(openssl enc -aes-256-ctr -K $key -iv $iv -in "$k/msg64" | hex)"
		echo "ecb(aes) enc ecb(aes) $(openssl enc -aes-256-ecb -nopad -K $key -in "$k/msg64" | hex)"
	} > "$k/expected"
fi

if [ -n "$kbuild" ] && [ -d "$kbuild/modinst/lib/modules" ]; then
	cp -a "$kbuild/modinst/lib/modules" "$stage/lib/"
	# Drop the build/source links into the build machine.
	find "$stage/lib/modules" -maxdepth 2 \( -name build -o -name source \) \
		-type l -delete
	# The modules inside the boundary, by name (guest check "boundary")
	sh "$here/../../../scripts/fips140/list-boundary-modules.sh" \
		"$stage/lib/modules" | sed 's|.*/||; s/\.ko.*$//; s/-/_/g' |
		{ grep -vx fips140 || true; } | LC_ALL=C sort \
		> "$stage/lib/fips140/boundary.list"
	# A distribution's config has a thousand modules: keep those inside
	# the boundary and what they depend on.
	moddir=$(echo "$stage"/lib/modules/*)
	if [ "$(find "$moddir" -name '*.ko*' | wc -l)" -gt 300 ]; then
		keep=$(mktemp)
		sh "$here/../../../scripts/fips140/list-boundary-modules.sh" "$moddir" |
			sed "s|^$moddir/||" > "$keep"
		# modules.dep: "path: dep dep ...", closed over
		while :; do
			n=$(wc -l < "$keep")
			awk -F': *' 'NR == FNR { k[$1] = 1; next }
				$1 in k { print $1; n = split($2, d, " ")
					  for (i = 1; i <= n; i++) print d[i] }' \
				"$keep" "$moddir/modules.dep" | LC_ALL=C sort -u > "$keep.new"
			LC_ALL=C sort -u "$keep" "$keep.new" > "$keep.all"
			mv "$keep.all" "$keep"
			[ "$(wc -l < "$keep")" -gt "$n" ] || break
		done
		(cd "$moddir" && find . -name '*.ko*' | sed 's|^\./||') |
			LC_ALL=C sort | LC_ALL=C comm -23 - "$keep" |
			(cd "$moddir" && xargs -r rm -f)
		rm -f "$keep" "$keep.new"
	fi
	mkdir -p "$stage/lib/fips140/unsigned"
	if [ -f "$kbuild/crypto/aes_ti.ko" ]; then
		cp "$kbuild/crypto/aes_ti.ko" "$stage/lib/fips140/unsigned/"
	fi
	ko=$kbuild/fips140-certified/modules/crypto/aes_ti.ko
	if [ -f "$ko" ]; then
		mkdir -p "$stage/lib/fips140/other"
		cp "$ko" "$stage/lib/fips140/other/"
		off=$(readelf -SW "$ko" | sed 's/\[ */[/' |
			awk '$2 == ".comment" { print $5 }')
		[ -n "$off" ] || { echo "mkinitramfs.sh: $ko has no .comment" >&2; exit 1; }
		printf X | dd of="$stage/lib/fips140/other/aes_ti.ko" bs=1 \
			seek=$((0x$off + 1)) conv=notrunc status=none
	fi
fi

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc --reproducible -R 0:0) > "$out.tmp"
mv "$out.tmp" "$out"
