#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# freeze.sh OUT AUTO_CONF SRCTREE[:SRCTREE2] OBJLIST [OBJ...]
#
# What a module of the boundary was built from, for its module set
# (scripts/fips140/module-set.sh for fips140.ko, boundary-modules.sh for
# the crypto-objs-m modules): from the .cmd files kbuild wrote for the
# objects of OBJLIST (the module's own, in link order) and for the other
# files OBJ... linked into it (the modpost glue, linker scripts), run in
# the build directory, into the directory OUT:
#
#   OUT/records   the manifest records below, in this order
#   OUT/src/      the frozen sources ("frozen" records), under their paths
#   OUT/headers/  the kernel's headers ("file src" records under include/
#                 and arch/*/include/), under their paths
#
#   config CONFIG_<X>=<value>       each option the sources and headers
#   config CONFIG_<X> is not set    test (kbuild's fixdep records them)
#   file src|obj|sys <sha256> <path>
#                                   every source and header the objects
#                                   were built from: src under the source
#                                   tree (SRCTREE, or SRCTREE2, where the
#                                   frozen rebuild's files not frozen
#                                   are), obj generated in the build
#                                   tree, sys the compiler's own
#   object <path>                   each object of OBJLIST, in its order
#   frozen <sha256> <path>          of the files the own objects were
#                                   built from, those not under include/,
#                                   arch/*/include/, scripts/ or tools/
#                                   (the sources, their directories'
#                                   private headers and what the build
#                                   generated for them, such as the ASN.1
#                                   parsers), by their path with "." and
#                                   ".." taken out
set -e

out=$1
conf=$2
trees=$3
objlist=$4
shift 4
srctree=$(cd "${trees%%:*}" && pwd)
intree=$([ "$srctree" = "$(pwd)" ] && echo 1 || echo)
# each tree as the compiler may name it: absolute, or relative to the
# build dir (a compiler cache rewrites paths so)
prefixes=
for t in $(echo "$trees" | tr ':' ' '); do
	a=$(cd "$t" && pwd)
	prefixes="$prefixes $a/ $(realpath --relative-to=. "$a")/"
done
tmp=$out/.freeze
rm -rf "$tmp" "$out/src" "$out/headers"
mkdir -p "$tmp"

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
# the own objects' files, for the frozen sources
cmdfiles | depends | sed -n 's/^F //p' | LC_ALL=C sort -u > "$tmp/own"

{
	awk 'NR == FNR { i = index($0, "="); if (i) val[substr($0, 1, i - 1)] = $0; next }
	     $1 == "C" { c = "CONFIG_" $2
			 print "config " (c in val ? val[c] : c " is not set") }' \
		"$conf" "$tmp/deps"
	# src: in the source tree, by its path there (kbuild writes it
	# absolute, or relative to the build dir when the compiler cache
	# rewrote it); obj: generated in the build dir; sys: the compiler's
	awk '$1 == "F" { print $2 }' "$tmp/deps" > "$tmp/files"
	while read -r f; do
		[ -f "$f" ] || {
			echo "fips140: $f, a dependency of the objects of $objlist, is missing" >&2
			exit 1
		}
	done < "$tmp/files"
	tr '\n' '\0' < "$tmp/files" | xargs -0 sha256sum > "$tmp/sums"
	awk -v prefixes="$prefixes" -v intree="$intree" 'BEGIN { np = split(prefixes, pre, " ") }
	{
		sum = $1
		f = substr($0, 67)
		k = ""
		for (i = 1; i <= np && k == ""; i++)
			if (substr(f, 1, length(pre[i])) == pre[i])
				k = "src " sum " " substr(f, length(pre[i]) + 1)
		if (k != "")
			;
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
} > "$tmp/records"
while read -r path f sum; do
	mkdir -p "$out/src/$(dirname "$path")"
	cp "$f" "$out/src/$path"
done < "$tmp/frozen"
# the kernel's headers the module was built with, for the guard of a
# later tree to say what changed in them (a path with "." or ".." in it
# is left out: check-manifest.sh --frozen names it missing)
# (one cp for all, by their paths in the source tree)
mkdir -p "$out/headers"
outabs=$(cd "$out" && pwd)
awk '$1 == "src" && $3 ~ /^(include|arch\/[^\/]+\/include)\// && $3 !~ /(^|\/)\.\.?\// { print $3 }' \
	"$tmp/classified" | LC_ALL=C sort -u |
	(cd "$srctree" && xargs -r cp --parents -t "$outabs/headers")
mv "$tmp/records" "$out/records"
rm -rf "$tmp"
