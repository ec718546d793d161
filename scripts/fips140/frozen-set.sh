#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# frozen-set.sh PREBUILT DIR OUT AUTO_CONF SRCTREE [VMLINUX_OBJS] -- GLUE...
#
# When the ABI guard refuses the prebuilt module because its frozen
# rebuild differs (scripts/fips140/abi-guard.sh), write that rebuild,
# DIR/fips140.ko (scripts/fips140/frozen-rebuild.sh and
# scripts/Makefile.fips140), as a module set of its own in OUT: the
# certified sources, byte for byte, built for this kernel.  A
# distribution that cannot reuse the certified binary can take it to its
# lab as the same source rebuilt (a revalidation of the build, not of the
# source), and embed it with CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT_DIR
# like any set.
#
# OUT is what scripts/fips140/module-set.sh writes for a module (run on
# DIR, with DIR/src, where the frozen rebuild's sources stand, and
# SRCTREE, where the rest is, as the source tree), its records naming
# every file and object by its path in the tree, as for any set, with:
#
#  - the manifest's record "frozen-of <sha256>", the sha256 of the
#    prebuilt module whose sources these are, right after its own
#    sha256; the build checks that its "frozen" records are those of the
#    prebuilt set's manifest, one for one, or writes no set;
#  - the record "release <release>": the release its code was compiled
#    with (the certified build's, UTS_RELEASE, which the module reports
#    as its version without CONFIG_CRYPTO_FIPS_VERSION), while its
#    vermagic is this kernel's; the frozen rebuild of this set reads it;
#  - the prebuilt set's boundary modules (modules/, modules.sha256,
#    modules.symvers, modules.symtypes), which a build embedding OUT
#    judges as any set's.
#
# GLUE are the files linked into DIR/fips140.ko besides DIR/fips140.o
# (the modpost glue, the linker scripts), as for module-set.sh.
set -e

pre=$1
dir=$2
out=$3
conf=$4
srctree=$5
shift 5
here=$(dirname "$0")

die() { echo "fips140: frozen set: $*" >&2; exit 1; }

[ -f "$dir/fips140.ko" ] || die "no $dir/fips140.ko: the frozen rebuild was not linked"
rm -rf "$out"
mkdir -p "$out"
${CONFIG_SHELL:-sh} "$here/hmac-sha256.sh" "$conf" "$dir/fips140.ko" "$dir/fips140.hmac" > /dev/null
for f in modules modules.sha256 modules.symvers modules.symtypes; do
	[ ! -e "$pre/$f" ] || cp -a "$pre/$f" "$out/"
done
# (the frozen files stand in DIR/src, the others in SRCTREE)
${CONFIG_SHELL:-sh} "$here/module-set.sh" "$out" "$dir" "$conf" "$dir/src:$srctree" \
	"$dir/fips140.mod" "$@"

# The release header the frozen rebuild read (frozen-rebuild.sh: the
# certified build's release, in DIR/include/) is the generated header it
# stands for, not a source of the module
rel=$(realpath --relative-to=. "$dir")/include/
awk -v p="$rel" '
	$1 == "frozen" && index($3, p) == 1 { next }
	$1 == "file" && $2 == "obj" && index($4, p) == 1 { $4 = "include/" substr($4, length(p) + 1) }
	{ print }' "$out/manifest" > "$out/manifest.tmp"
mv "$out/manifest.tmp" "$out/manifest"
rm -rf "${out:?}/src/$rel"

# the sources are the prebuilt set's, one for one
sed -n 's/^frozen //p' "$pre/manifest" > "$out/.want"
sed -n 's/^frozen //p' "$out/manifest" > "$out/.have"
if ! cmp -s "$out/.want" "$out/.have"; then
	diff "$out/.want" "$out/.have" | head -n 10 >&2
	rm -rf "$out"
	die "the frozen rebuild's sources are not those of $pre/manifest"
fi
rm -f "$out/.want" "$out/.have"
# the objects by their path in the tree, the glue's sources as sources
sum=$(sed -n 's/^sha256 //p' "$pre/manifest")
release=$(sed -n 's/^release //p' "$pre/manifest")
[ -n "$release" ] || release=$(sed -n 's/^vermagic \([^ ]*\) .*/\1/p' "$pre/manifest")
dirabs=$(cd "$dir" && pwd)
srcabs=$(cd "$srctree" && pwd)
awk -v s="$sum" -v r="$release" -v o="object $dirabs/obj/" -v f="file sys " -v src="$srcabs/" '{
	if (index($0, o) == 1)
		$0 = "object " substr($0, length(o) + 1)
	else if (index($0, f) == 1 && index($4, src) == 1)
		$0 = "file src " $3 " " substr($4, length(src) + 1)
	print
	if ($1 == "sha256")
		print "frozen-of", s
	if ($1 == "vermagic")
		print "release", r
}' "$out/manifest" > "$out/manifest.tmp"
mv "$out/manifest.tmp" "$out/manifest"
