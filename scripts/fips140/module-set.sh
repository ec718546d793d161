#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# module-set.sh OUT MODDIR AUTO_CONF SRCTREE OBJLIST [VMLINUX_OBJS] [-- OBJ...]
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
#   headers/          the kernel's headers the module was built with (the
#                     "file src" records under include/ and
#                     arch/*/include/), under their paths in the tree: not
#                     part of the frozen rebuild, which takes the later
#                     tree's; what the guard compares them with to say
#                     what changed
#
# make modules adds the boundary modules (crypto-objs-m) to OUT:
# modules/, modules.sha256 and modules.symvers (scripts/fips140/
# boundary-modules.sh), which a later run of this script keeps.
#
# The manifest has one record per line, "<kind> <fields>":
#
#   sha256 / hmac-sha256 / version / vermagic / srcversion  of the module
#   tool <name> <version line>      compiler, linker, pahole
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
srctree=$(cd "$srctree" && pwd)
srcrel=$(realpath --relative-to=. "$srctree")
intree=$([ "$srctree" = "$(pwd)" ] && echo 1 || echo)

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

# The dependency files of every object: source_<obj> and deps_<obj>, with
# $(wildcard include/config/<X>) for each option tested
cmdfiles()
{
	{ cat "$objlist"; for o in "$@"; do echo "$o"; done; } | while read -r o; do
		c=$(dirname "$o")/.$(basename "$o").cmd
		if [ ! -f "$c" ]; then
			echo "fips140: $c is missing: cannot list the sources of $o" >&2
			exit 1
		fi
		echo "$c"
	done
}
cmdfiles "$@" > "$tmp/cmdfiles"

# (source_ and deps_ of the .cmd files on stdin: "F <file>", "C <option>")
depends()
{
	xargs awk '
/^source_/ { print "F", $3; next }
/^deps_/ { on = 1 }
on {
	for (i = 1; i <= NF; i++) {
		t = $i
		if (t == "\\" || t == ":=" || t ~ /^deps_/)
			continue
		if (t == "$(wildcard") {
			c = $(++i)
			sub(/\)$/, "", c)
			sub(/^include\/config\//, "", c)
			print "C", c
		} else
			print "F", t
	}
	if ($NF != "\\")
		on = 0
	next
}'
}
depends < "$tmp/cmdfiles" | LC_ALL=C sort -u > "$tmp/deps"
# the module's own objects' files, for the frozen sources
cmdfiles | depends | sed -n 's/^F //p' | LC_ALL=C sort -u > "$tmp/own"

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
	awk 'NR == FNR { i = index($0, "="); if (i) val[substr($0, 1, i - 1)] = $0; next }
	     $1 == "C" { c = "CONFIG_" $2
			 print "config " (c in val ? val[c] : c " is not set") }' \
		"$conf" "$tmp/deps"
	awk -F '\t' '{ print "export", $2, $1, $4 }' "$tmp/fips140.symvers" |
		LC_ALL=C sort
	awk '{ print "import", $1, $2 }' "$tmp/versions" | LC_ALL=C sort
	# src: in the source tree, by its path there (kbuild writes it
	# absolute, or relative to the build dir when the compiler cache
	# rewrote it); obj: generated in the build dir; sys: the compiler's
	awk '$1 == "F" { print $2 }' "$tmp/deps" > "$tmp/files"
	while read -r f; do
		[ -f "$f" ] || {
			echo "fips140: $f, a dependency of fips140.ko, is missing" >&2
			exit 1
		}
	done < "$tmp/files"
	tr '\n' '\0' < "$tmp/files" | xargs -0 sha256sum > "$tmp/sums"
	awk -v abs="$srctree/" -v rel="$srcrel/" -v intree="$intree" '{
		sum = $1
		f = substr($0, 67)
		if (substr(f, 1, length(abs)) == abs)
			k = "src " sum " " substr(f, length(abs) + 1)
		else if (rel != "/" && substr(f, 1, length(rel)) == rel)
			k = "src " sum " " substr(f, length(rel) + 1)
		else if (f ~ /^\//)
			k = "sys " sum " " f
		else
			k = (intree ? "src " : "obj ") sum " " f
		print k, f
	}' "$tmp/sums" > "$tmp/classified"
	# (less the path as it was read)
	sed 's/ [^ ]*$//; s/^/file /' "$tmp/classified"
	sed 's/^/object /' "$objlist"
	# the frozen sources: the own objects' files outside the kernel's
	# interface (include/, arch/*/include/) and its tools
	# (under its path with "." and "dir/.." taken out, as a header
	# included as "../internal.h" is the directory's own)
	awk 'function norm(p,	n, i, k, c, o) {
		n = split(p, c, "/")
		k = 0
		for (i = 1; i <= n; i++) {
			if (c[i] == "." || c[i] == "")
				continue
			if (c[i] == ".." && k > 0 && o[k] != "..")
				k--
			else
				o[++k] = c[i]
		}
		p = o[1]
		for (i = 2; i <= k; i++)
			p = p "/" o[i]
		return p
	     }
	     NR == FNR { own[$0] = 1; next }
	     $1 != "sys" && ($4 in own) {
		p = norm($3)
		if (p !~ /^(include|scripts|tools)\// && p !~ /^arch\/[^\/]+\/include\//)
			print p, $4, $2
	     }' "$tmp/own" "$tmp/classified" | LC_ALL=C sort -u -k1,1 > "$tmp/frozen"
	awk '{ print "frozen", $3, $1 }' "$tmp/frozen"
} > "$tmp/manifest"
while read -r path f sum; do
	mkdir -p "$tmp/src/$(dirname "$path")"
	cp "$f" "$tmp/src/$path"
done < "$tmp/frozen"
# the kernel's headers the module was built with, for the guard of a
# later tree to say what changed in them (a path with "." or ".." in it
# is left out: check-manifest.sh --frozen names it missing)
awk '$1 == "src" && $3 ~ /^(include|arch\/[^\/]+\/include)\// && $3 !~ /(^|\/)\.\.?\// { print $3, $4 }' \
	"$tmp/classified" | while read -r path f; do
	mkdir -p "$tmp/headers/$(dirname "$path")"
	cp "$f" "$tmp/headers/$path"
done
rm -f "$tmp/versions" "$tmp/deps" "$tmp/own" "$tmp/cmdfiles" "$tmp/files" \
	"$tmp/sums" "$tmp/classified" "$tmp/frozen"

# the boundary modules, which make modules adds (boundary-modules.sh set)
for f in modules modules.sha256 modules.symvers modules.symtypes; do
	if [ -e "$out/$f" ]; then
		mv "$out/$f" "$tmp/"
	fi
done
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
