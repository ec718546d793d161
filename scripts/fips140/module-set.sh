#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# module-set.sh OUT MODDIR AUTO_CONF SRCTREE[:SRCTREE2] OBJLIST [VMLINUX_OBJS] [-- OBJ...]
#
# Write the module set of a build with CONFIG_CRYPTO_FIPS140_EXTMOD: the
# one directory a release engineer copies from a certified build to a
# later kernel tree, where CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT_DIR names
# it (scripts/Makefile.fips140).  From MODDIR, where the module was
# linked, into OUT:
#
#   fips140.ko        the module, byte for byte what vmlinux embeds
#   fips140.hmac      its integrity digest (HMAC-SHA256, 32 bytes)
#   fips140.symvers   its exports with their symbol versions, as
#                     Module.symvers lists them
#   fips140.ko.debug  its debug info (with CONFIG_DEBUG_INFO)
#   fips140.symtypes  the types behind the symbol versions of every
#                     symbol it exports or imports (scripts/fips140/
#                     symtypes.sh; with CONFIG_MODVERSIONS)
#   manifest          what went into the module: see below
#   src/              the frozen sources: the module's own files as they
#                     were compiled, under their paths in the tree (see
#                     "frozen" below)
#   surface           with CONFIG_DEBUG_INFO, the module's kernel surface:
#                     per object, the inline functions of kernel headers
#                     compiled into it and the structures of kernel
#                     headers its code handles (scripts/fips140/
#                     surface.sh, from the objects' debug info)
#   headers/          the kernel's headers the module was built with (the
#                     "file src" records under include/ and
#                     arch/*/include/), under their paths in the tree: not
#                     part of the frozen rebuild, which takes the later
#                     tree's; what the guard compares them with to say
#                     what changed
#
# make modules adds the boundary modules (crypto-objs-m) to OUT:
# modules/ (each module with its own manifest and frozen sources),
# modules.sha256 and modules.symvers (scripts/fips140/
# boundary-modules.sh), which a later run of this script keeps.
#
# The manifest has one record per line, "<kind> <fields>":
#
#   sha256 / hmac-sha256 / version / vermagic / srcversion  of the module
#   tool <name> <version line>      compiler, linker, pahole
# The config, file, object and frozen records, src/ and headers/ are
# written by scripts/fips140/freeze.sh:
#
#   config CONFIG_<X>=<value>       each option the module's sources and
#   config CONFIG_<X> is not set    headers test (kbuild's fixdep records
#                                   them in the .cmd files)
#   export <name> <crc> <type>      its exports
#   import <name> <crc>             its imports (crc 0x0 without
#                                   CONFIG_MODVERSIONS)
#   file src|obj|sys <sha256> <path>
#                                   every source and header the objects of
#                                   the module were built from, from the
#                                   .cmd dependency files: src under the
#                                   source tree, obj generated in the
#                                   build tree, sys the compiler's own
#   object <path>                   each object of the module, in link
#                                   order
#   frozen <sha256> <path>          each file src/ carries: of the files
#                                   the objects were built from, those not
#                                   under include/, arch/*/include/,
#                                   scripts/ or tools/ (the module's
#                                   sources, its directories' private
#                                   headers and what the build generated
#                                   for them, such as the ASN.1 parsers),
#                                   by its path with "." and ".." taken
#                                   out
#
# OBJLIST lists the objects of the module (fips140.mod), OBJ... the other
# files linked into it (the modpost glue, the linker scripts), whose .cmd
# files are read as well.  VMLINUX_OBJS lists vmlinux's objects, for the
# types of the module's imports.
set -e

NM=${NM:-nm}
OBJCOPY=${OBJCOPY:-objcopy}
out=$1
moddir=$2
conf=$3
srctree=$4
objlist=$5
vmlinux_objs=
shift 5
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
	vmlinux_objs=$1
	shift
fi
[ "${1:-}" != "--" ] || shift
here=$(dirname "$0")
. "$here/tools.sh"

tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

cp "$moddir/fips140.ko" "$moddir/fips140.hmac" "$tmp/"
# the column of the module's path names the module as it is embedded
awk -F '\t' -v OFS='\t' '{ $3 = "crypto/fips140/fips140"; print }' \
	"$moddir/fips140.symvers" > "$tmp/fips140.symvers"
if [ -f "$moddir/fips140.ko.debug" ]; then
	cp "$moddir/fips140.ko.debug" "$tmp/"
fi

ko=$tmp/fips140.ko
${CONFIG_SHELL:-sh} "$here/ko-versions.sh" "$OBJCOPY" "$ko" > "$tmp/versions"
if [ ! -s "$tmp/versions" ]; then
	# no symbol versions: the names only
	"$NM" -u "$ko" | awk '{ print $NF, "0x0" }' > "$tmp/versions"
fi

if [ -n "$vmlinux_objs" ]; then
	{ awk -F '\t' '{ print $2 }' "$tmp/fips140.symvers"
	  awk '{ print $1 }' "$tmp/versions"; } > "$tmp/symbols"
	${CONFIG_SHELL:-sh} "$here/symtypes.sh" collect "$tmp/symbols" "$objlist" "$vmlinux_objs" \
		> "$tmp/fips140.symtypes"
	rm -f "$tmp/symbols"
	[ -s "$tmp/fips140.symtypes" ] || rm -f "$tmp/fips140.symtypes"
fi

# What of the kernel's headers its code uses, from its debug info
if grep -qx 'CONFIG_DEBUG_INFO=y' "$conf"; then
	{
		echo "# the kernel surface of fips140.ko (scripts/fips140/surface.sh): do not edit"
		${CONFIG_SHELL:-sh} "$here/surface.sh" "$objlist"
	} > "$tmp/surface"
fi

# What the module was built from (scripts/fips140/freeze.sh): the
# config, file, object and frozen records, src/ and headers/
${CONFIG_SHELL:-sh} "$here/freeze.sh" "$tmp" "$conf" "$srctree" "$objlist" "$@"

{
	echo "# fips140 module manifest (scripts/fips140/module-set.sh): do not edit"
	echo "sha256 $(sha256sum < "$ko" | cut -c 1-64)"
	echo "hmac-sha256 $(od -An -v -tx1 "$tmp/fips140.hmac" | tr -d ' \n')"
	for f in version vermagic srcversion; do
		echo "$f $(fips140_modinfo "$ko" $f)"
	done
	for t in $fips140_tools; do
		echo "tool $t $(fips140_tool $t)"
	done
	grep '^config ' "$tmp/records" || :
	awk -F '\t' '{ print "export", $2, $1, $4 }' "$tmp/fips140.symvers" |
		LC_ALL=C sort
	awk '{ print "import", $1, $2 }' "$tmp/versions" | LC_ALL=C sort
	grep -v '^config ' "$tmp/records"
} > "$tmp/manifest"
rm -f "$tmp/versions" "$tmp/records"

# the boundary modules, which make modules adds (boundary-modules.sh set)
for f in modules modules.sha256 modules.symvers modules.symtypes; do
	if [ -e "$out/$f" ]; then
		mv "$out/$f" "$tmp/"
	fi
done
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
