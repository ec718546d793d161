#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check-manifest.sh MANIFEST SRCTREE OBJTREE
#
# Does this tree still build the module a manifest describes
# (scripts/fips140/module-set.sh)?  Compares every source and header the
# module was built from (its "file" records) with SRCTREE, the generated
# ones with OBJTREE (a build of the tree), the compiler's own headers
# with this machine's, every config option its code tests with
# OBJTREE/include/config/auto.conf, and the compiler, linker and pahole
# ($CC, $LD, $PAHOLE) with the versions it records.  Prints "unchanged: ..." and exits 0,
# or names each file that changed or is missing and each option that
# differs, and exits 1.  `make fips140-check FIPS140_MANIFEST=<file>` runs
# it on the tree and build directory at hand.
#
# check-manifest.sh --frozen SET
#
# Are the frozen sources of module set SET (SET/src/) those its manifest
# records (its "frozen" records), and the kernel headers it keeps
# (SET/headers/, when it has them) those of its "file src" records under
# include/ and arch/*/include/?  Prints "frozen: ..." and exits 0, or
# names each file that differs, is missing or is not in the manifest, and
# exits 1.
set -e

if [ "$1" = "--frozen" ]; then
	set=$2
	manifest=$set/manifest
	[ -f "$manifest" ] || {
		echo "fips140: $set is not a module set: it has no manifest" >&2
		exit 2
	}
	grep -q '^frozen ' "$manifest" || {
		echo "fips140: $manifest records no frozen sources (a set written before they were kept)" >&2
		exit 2
	}
	files=$(mktemp)
	trap 'rm -f "$files"' EXIT
	# verify DIR: SET/DIR against the records "<sum> <path>" on stdin
	verify()
	{
		tee "$files.want" | while read -r sum path; do
			f=$set/$1/$path
			if [ ! -f "$f" ]; then
				echo "missing: $1/$path"
			elif [ "$(sha256sum < "$f" | cut -c 1-64)" != "$sum" ]; then
				echo "changed: $1/$path"
			fi
		done
		[ ! -d "$set/$1" ] || (cd "$set/$1" && find . ! -type d | sed 's|^\./||') |
			LC_ALL=C sort > "$files"
		cut -d ' ' -f 2 "$files.want" | LC_ALL=C sort |
			LC_ALL=C comm -13 - "$files" | sed "s|^|not in the manifest: $1/|"
		rm -f "$files.want"
	}
	bad=$(
		sed -n 's/^frozen //p' "$manifest" | verify src
		# the kernel's headers the module was built with, kept in
		# headers/ by sets written since they are (the guard diffs them)
		if [ -d "$set/headers" ]; then
			sed -n 's/^file src //p' "$manifest" |
				grep -E ' (include|arch/[^/]+/include)/' | verify headers
		fi
	)
	n=$(grep -c '^frozen ' "$manifest")
	h=
	[ ! -d "$set/headers" ] || h=$(cd "$set/headers" && find . -type f | wc -l)
	if [ -n "$bad" ]; then
		echo "fips140: the frozen sources of $set are not those its manifest records:"
		echo "$bad"
		exit 1
	fi
	echo "frozen: the $n files of $set/src are those its manifest records${h:+, and the $h of $set/headers}"
	exit 0
fi

manifest=$1
srctree=$2
objtree=$3

if [ ! -f "$manifest" ]; then
	echo "fips140: $manifest: no such manifest" \
	     "(crypto/fips140/module-set/manifest of a build)" >&2
	exit 2
fi
grep -q '^# fips140 module manifest' "$manifest" || {
	echo "fips140: $manifest is not a fips140 module manifest" >&2
	exit 2
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/changes"
files=0

while read -r kind sum path; do
	files=$((files + 1))
	case $kind in
	src) f=$srctree/$path ;;
	obj) f=$objtree/$path ;;
	*) f=$path ;;
	esac
	if [ ! -f "$f" ]; then
		echo "missing: $kind $path" >> "$tmp/changes"
	elif [ "$(sha256sum < "$f" | cut -c 1-64)" != "$sum" ]; then
		echo "changed: $kind $path" >> "$tmp/changes"
	fi
done <<EOF
$(sed -n 's/^file //p' "$manifest")
EOF

. "$(dirname "$0")/tools.sh"

conf=$objtree/include/config/auto.conf
sed -n 's/^config //p' "$manifest" > "$tmp/config"
options=$(wc -l < "$tmp/config")
if [ -f "$conf" ]; then
	fips140_config_diff "$conf" < "$tmp/config" |
		sed 's/^/config: /; s/$/ in the manifest/' >> "$tmp/changes"
else
	echo "config: $conf is missing: build the tree first" >> "$tmp/changes"
fi

# the tools, as module-set.sh records them
while read -r name version; do
	have=$(fips140_tool "$name")
	if [ "$have" != "$version" ]; then
		echo "tool: $name is \"$have\" here, \"$version\" in the manifest" >> "$tmp/changes"
	fi
done <<EOF
$(sed -n 's/^tool //p' "$manifest")
EOF

module=$(sed -n 's/^sha256 //p' "$manifest")
if [ ! -s "$tmp/changes" ]; then
	echo "unchanged: this tree still builds the module of $manifest" \
	     "(sha256 $module): $files files, $options config options"
	exit 0
fi
echo "fips140: this tree no longer builds the module of $manifest (sha256 $module):"
cat "$tmp/changes"
exit 1
