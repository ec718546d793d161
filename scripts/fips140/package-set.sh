#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# package-set.sh OBJTREE IMAGE_DEB OUTDIR
#
# The Debian package of the module set that a kernel built with
# CONFIG_CRYPTO_FIPS140_EXTMOD embeds, beside the linux-image package
# IMAGE_DEB that bindeb-pkg made of OBJTREE: linux-fips140-<release>, of
# the image package's version, architecture "all", with what a lab or an
# operator needs and the image package does not carry, under
# /usr/share/fips140/<release>/:
#
#   module-set/       the set (scripts/fips140/module-set.sh): fips140.ko
#                     byte for byte as embedded, its digest, symbol
#                     versions, the boundary's sources and manifest; with
#                     the prebuilt option, the certified set the kernel
#                     embeds (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT_DIR)
#   module-set-nofips/  with CONFIG_CRYPTO_FIPS140_DUAL_VERSION, the set of
#                     this tree's module, embedded for boots without fips=1
#   extract-fips140   to take the module out of the installed vmlinuz
#
# The debug info of fips140.ko (CONFIG_DEBUG_INFO) is not here:
# modules_install puts it under /usr/lib/debug of the image package, as
# the kernel's modules'.  Writes OUTDIR/linux-fips140-<release>_<version>_all.deb.
set -eu

me=package-set.sh
[ $# -eq 3 ] || { echo "usage: $me OBJTREE IMAGE_DEB OUTDIR" >&2; exit 2; }
objtree=$1 image=$2 outdir=$3
here=$(cd "$(dirname "$0")" && pwd)

release=$(cat "$objtree/include/config/kernel.release")
if grep -q '^CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT=y' "$objtree/.config"; then
	set=$(sed -n 's/^CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT_DIR="\(.*\)"$/\1/p' "$objtree/.config")
	# (relative: in the build dir, then the source tree, as kbuild looks)
	case $set in
	/*) ;;
	*) if [ -d "$objtree/$set" ]; then set=$objtree/$set; else set=$objtree/source/$set; fi ;;
	esac
else
	set=$objtree/crypto/fips140/module-set
fi
[ -s "$set/manifest" ] && [ -s "$set/fips140.ko" ] ||
	{ echo "$me: no module set in $set (a build with CONFIG_CRYPTO_FIPS140_EXTMOD?)" >&2; exit 1; }
version=$(dpkg-deb -f "$image" Version) ||
	{ echo "$me: $image is not a Debian package" >&2; exit 1; }
maintainer=$(dpkg-deb -f "$image" Maintainer)
pkg=linux-fips140-$release

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/usr/share/fips140/$release
mkdir -p "$d" "$tmp/DEBIAN" "$tmp/usr/share/doc/$pkg"
cp -a "$set" "$d/module-set"
# a dual kernel's second image, this tree's module for boots without fips=1
if grep -q '^CONFIG_CRYPTO_FIPS140_DUAL_VERSION=y' "$objtree/.config"; then
	cp -a "$objtree/crypto/fips140/module-set" "$d/module-set-nofips"
fi
install -m 0755 "$here/extract-fips140" "$d/extract-fips140"
cat > "$tmp/usr/share/doc/$pkg/copyright" <<-EOT
	This is the module set of the standalone crypto module fips140.ko of
	the Linux kernel $release: the module and the kernel sources it was built
	from. It is licensed under the GNU General Public License version 2
	(/usr/share/common-licenses/GPL-2), as the Linux kernel is.
EOT
cat > "$tmp/DEBIAN/control" <<-EOT
	Package: $pkg
	Source: linux-upstream
	Version: $version
	Architecture: all
	Maintainer: $maintainer
	Section: kernel
	Priority: optional
	Installed-Size: $(du -sk "$tmp/usr" | cut -f1)
	Description: module set of the crypto module fips140.ko of Linux $release
	 fips140.ko as the kernel of linux-image-$release embeds it, its digest,
	 symbol versions, the sources and manifest of its boundary, and
	 extract-fips140, which takes the module out of the installed kernel:
	 what a lab checks and what a kernel update is built against.
EOT
mkdir -p "$outdir"
out=$outdir/${pkg}_${version}_all.deb
dpkg-deb --root-owner-group -Zxz --build "$tmp" "$out" > /dev/null
echo "$out"
