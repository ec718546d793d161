#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# frozen-rebuild.sh SET SRCTREE MODDIR OUT
#
# The frozen rebuild: compile the frozen sources of module set SET (its
# src/, scripts/fips140/module-set.sh) against this tree, as this tree
# compiles the module's objects, and link them into OUT/fips140.o as
# MODDIR/fips140.o is linked.  Run in the build directory, after MODDIR/
# fips140.o (this tree's own module objects) is built.
#
# SET may also be what a module set keeps of one of its boundary modules
# (modules/<path>.frozen/, scripts/fips140/boundary-modules.sh: its
# manifest has a "module <path>.ko" record).  Its objects are then linked
# as this tree links that module's objects into <path>.o, into
# OUT/obj/<path>.o, with OUT/obj/<path>.mod listing them for modpost (a
# module of one object is that object); MODDIR is not read.
#
# Each object the set's manifest lists ("object" records) is compiled by
# the command kbuild saved for this tree's object of the same name (its
# .cmd file), with three changes, none of which reaches the object's code:
#
#   - SRCTREE is replaced by OUT/src, a tree in which the set's frozen
#     files stand where they stood when the set was built, and every
#     other path is this tree's (so include/ and arch/*/include/ are
#     this tree's headers, crypto/internal.h is the set's);
#   - a generated source the set carries (an ASN.1 parser) is read from
#     OUT/src too;
#   - the object and its dependency file are written under OUT/obj/.
#
# The compiler maps OUT/src back to the tree's root in __FILE__ as it
# mapped SRCTREE (-fmacro-prefix-map), so the same sources give the same
# bytes.  One thing of the certified build is kept besides its sources:
# its release, UTS_RELEASE (the module reports it as its version when no
# CONFIG_CRYPTO_FIPS_VERSION is set), from its manifest's vermagic (or
# its "release" record, scripts/fips140/frozen-set.sh):
# <generated/utsrelease.h> is read from OUT/include first.  The release
# names a build; it is no interface of the kernel the module runs in.
#
# A build in the source tree itself (no O=) is refused: its commands
# name the sources by paths relative to the build directory, which
# cannot be told from the build's own files.  An object this tree does not build, or a command that cannot be
# rewritten, is an error naming it; so is a frozen source that does not
# compile against this tree.  OUT/changed lists the kernel's headers
# (include/, arch/*/include/) the set's module was built with that this
# tree has changed, OUT/entities what changed in them by name (with the
# set's headers/); OUT/update the set's own files (its frozen sources)
# this tree has changed, with the lines added and removed.
set -e

set=$1
srctree=$2
moddir=$3
out=$4
here=$(dirname "$0")

die() { echo "fips140: frozen rebuild: $*" >&2; exit 1; }

manifest=$set/manifest
check=$(sh "$here/check-manifest.sh" --frozen "$set" 2>&1) || {
	echo "$check" >&2
	die "the frozen sources of $set are not those of its manifest"
}
grep -q '^object ' "$manifest" || die "$manifest lists no objects"

srcabs=$(cd "$srctree" && pwd)
[ "$srcabs" != "$(pwd)" ] ||
	die "this is a build in the source tree: build with O= to rebuild frozen sources"
mkdir -p "$out"
outabs=$(cd "$out" && pwd)
fsrc=$outabs/src
rm -rf "$fsrc" "$outabs/obj" "$outabs/include"
mkdir -p "$fsrc" "$outabs/obj" "$outabs/include/generated"

# the certified build's release: its vermagic's, or for a set written
# from a frozen rebuild (scripts/fips140/frozen-set.sh), whose vermagic
# is the kernel's it was rebuilt for, the release its code has
release=$(sed -n 's/^release //p' "$manifest")
[ -n "$release" ] || release=$(sed -n 's/^vermagic \([^ ]*\) .*/\1/p' "$manifest")
[ -n "$release" ] || die "$manifest has no vermagic"
printf '#define UTS_RELEASE "%s"\n' "$release" > "$outabs/include/generated/utsrelease.h"

# OUT/src: the set's frozen files, in directories that hold nothing else
# but links to this tree's subdirectories (arch/x86/include, ...), and a
# link to each other top-level entry of this tree
sed -n 's/^frozen [0-9a-f]* //p' "$manifest" > "$outabs/frozen"
while read -r p; do
	mkdir -p "$fsrc/$(dirname "$p")"
	cp "$set/src/$p" "$fsrc/$p"
done < "$outabs/frozen"
# link what is not frozen, directory by directory from the top
link_rest()
{
	# $1: a directory under $fsrc (relative, "" for the top)
	for e in "$srcabs/${1:+$1/}"* "$srcabs/${1:+$1/}".[!.]*; do
		[ -e "$e" ] || continue
		n=${1:+$1/}$(basename "$e")
		if [ -d "$fsrc/$n" ] && [ ! -L "$fsrc/$n" ]; then
			link_rest "$n"
		elif [ -d "$e" ] && [ ! -e "$fsrc/$n" ]; then
			ln -s "$e" "$fsrc/$n"
		elif [ -z "$1" ] && [ ! -e "$fsrc/$n" ]; then
			ln -s "$e" "$fsrc/$n"
		fi
	done
}
link_rest ""

# The commands, rewritten: one make rule per object, so that make -j
# compiles them in parallel
sed -n 's/^object //p' "$manifest" > "$outabs/objects"
modversions=
! grep -q '^CONFIG_MODVERSIONS=y$' include/config/auto.conf || modversions=y
while read -r o; do
	c=$(dirname "$o")/.$(basename "$o").cmd
	[ -f "$c" ] || die "$o: this tree does not build it (no $c): the set's object list names an object this tree's Makefiles no longer list"
	sed -n "s|^savedcmd_$o := ||p" "$c" | head -n 1 > "$outabs/cmd"
	[ -s "$outabs/cmd" ] || die "$o: no command in $c"
	d=$(dirname "$o")/.$(basename "$o").d
	awk -v src="$srcabs/" -v fsrc="$fsrc/" -v obj="$o" -v dep="$d" \
	    -v oobj="$outabs/obj/$o" -v odep="$outabs/obj/$d" -v O="$o" \
	    -v inc="$outabs/include" '
	NR == FNR { frozen[$0] = 1; next }
	{
		n = split($0, t, /[ \t]+/)
		line = ""
		for (i = 1; i <= n; i++) {
			w = t[i]
			if (w == "")
				continue
			if (gsub(/'\''/, "'\''", w) % 2 || gsub(/"/, "\"", w) % 2) {
				print "fips140: frozen rebuild: " O ": cannot rewrite its command: a quoted argument with a space" > "/dev/stderr"
				exit 1
			}
			# (left to right: the build dir may be under the source
			# tree, and OUT/src then has its path in it)
			r = ""
			while ((k = index(w, src)) > 0) {
				r = r substr(w, 1, k - 1) fsrc
				w = substr(w, k + length(src))
			}
			w = r w
			if (w == obj)
				w = oobj
			else if (w == "-Wp,-MMD," dep)
				w = "-Wp,-MMD," odep
			else if (w in frozen)
				w = fsrc w
			else if (w == "-I./include" && !release++)
				w = "-I" inc " " w
			line = line (line == "" ? "" : " ") w
		}
		if (!release) {
			print "fips140: frozen rebuild: " O ": its command has no -I./include, before which the certified release is read" > "/dev/stderr"
			exit 1
		}
		print line
	}' "$outabs/frozen" "$outabs/cmd" > "$outabs/cmd.new" || exit 1
	mkdir -p "$outabs/obj/$(dirname "$o")"
	oo=$outabs/obj/$o
	oc=$outabs/obj/$(dirname "$o")/.$(basename "$o").cmd
	# the object's .cmd as kbuild writes it (fixdep), which modpost reads
	# for the symbol versions of the module's exports (genksyms, as
	# scripts/Makefile.build's cmd_gen_symversions_c runs it, on the
	# preprocessed source: the command up to its first ";", with -E
	# -D__GENKSYMS__ for -c -o and no dependency file) and for srcversion
	awk -v oo="$oo" -v od="$outabs/obj/$d" '{
		sub(/ ;.*/, "")
		n = split($0, t, " ")
		line = ""
		for (i = 1; i <= n; i++) {
			if (t[i] == "-Wp,-MMD," od)
				continue
			if (t[i] == "-c" && t[i + 1] == "-o" && t[i + 2] == oo) {
				t[i] = "-E -D__GENKSYMS__"
				i += 2
				line = line " " t[i - 2]
				continue
			}
			line = line (line == "" ? "" : " ") t[i]
		}
		print line
	}' "$outabs/cmd.new" > "$outabs/cpp"
	# (kbuild saved the commands for make, with $$ for $)
	printf '%s:\n\t@echo "  CC [F]  %s"; %s\n' "$oo" "$o" "$(cat "$outabs/cmd.new")"
	printf '\t@scripts/basic/fixdep %s %s frozen > %s; rm -f %s\n' \
		"$outabs/obj/$d" "$oo" "$oc" "$outabs/obj/$d"
	[ -n "$modversions" ] || continue
	printf '\t@if %s %s | grep -q " __export_symbol_"; then \\\n' "${NM:-nm}" "$oo"
	case $(sed -n "s|^source_$o := ||p" "$c") in
	*.S)	printf '\t\techo "fips140: frozen rebuild: %s: the symbol versions of an assembler export are not made here" >&2; exit 1; \\\n' "$o" ;;
	*)	printf '\t\t%s | scripts/genksyms/genksyms -r /dev/null >> %s; \\\n' "$(cat "$outabs/cpp")" "$oc" ;;
	esac
	printf '\tfi\n'
done < "$outabs/objects" > "$outabs/Makefile"
rm -f "$outabs/cmd" "$outabs/cmd.new" "$outabs/cpp"
printf 'all: %s\n' "$(sed "s|^|$outabs/obj/|" "$outabs/objects" | tr '\n' ' ')" >> "$outabs/Makefile"
${MAKE:-make} -f "$outabs/Makefile" all ||
	die "the frozen sources do not compile against this tree (the first error above names the file)"

# The kernel's headers the module was built with that this tree has
# changed (the manifest's digests): OUT/changed, one path a line, for the
# guard to say which of them a differing object of the module includes
sed -n 's/^file src \([0-9a-f]*\) \(.*\)$/\1 \2/p' "$manifest" |
	grep -E ' (include|arch/[^/]+/include)/' | while read -r sum p; do
		[ -f "$srcabs/$p" ] && [ "$(sha256sum < "$srcabs/$p" | cut -c 1-64)" = "$sum" ] ||
			echo "$p"
	done | LC_ALL=C sort > "$outabs/changed"

# What changed in them, by name, where the set keeps the headers it was
# built with (SET/headers/): OUT/entities, "<header> <entity>" a line
# (scripts/fips140/header-entities.awk)
while read -r h; do
	if [ ! -f "$set/headers/$h" ]; then
		continue
	elif [ ! -f "$srcabs/$h" ]; then
		echo "$h (removed)"
		continue
	fi
	diff --old-line-format='-%L' --new-line-format='+%L' \
		--unchanged-line-format=' %L' "$set/headers/$h" "$srcabs/$h" |
		awk -v h="$h" -f "$here/header-entities.awk"
done < "$outabs/changed" > "$outabs/entities"

# The boundary's own files this tree has changed since the set was built:
# OUT/update, "<path> +<added> -<removed>" a line (the lines diff -u
# counts), or "<path> (not in this tree)".  That is what this update
# would have changed in the module, had it been built from this tree.
sed -n 's/^frozen \([0-9a-f]*\) \(.*\)$/\1 \2/p' "$manifest" | while read -r sum p; do
	if [ -f "$srcabs/$p" ]; then
		cur=$srcabs/$p
	elif [ -f "$p" ]; then
		cur=$p
	else
		echo "$p (not in this tree)"
		continue
	fi
	[ "$(sha256sum < "$cur" | cut -c 1-64)" != "$sum" ] || continue
	diff -u "$set/src/$p" "$cur" | awk -v p="$p" '
		/^(\+\+\+|---) / { next }
		/^\+/ { a++ } /^-/ { d++ }
		END { printf "%s +%d -%d\n", p, a, d }'
done | LC_ALL=C sort > "$outabs/update"

# link CMDFILE TARGET OUT FROM=TO...: run the command kbuild saved in
# CMDFILE for TARGET (its link), each word FROM replaced by TO, to make OUT
link()
{
	link_c=$1
	link_t=$2
	link_o=$3
	shift 3
	[ -f "$link_c" ] || die "$link_t: this tree does not link it (no $link_c)"
	sed -n "s|^savedcmd_$link_t := ||p" "$link_c" | awk -v map="$*" '
	BEGIN {
		n = split(map, m, " ")
		for (i = 1; i <= n; i++) {
			k = index(m[i], "=")
			to[substr(m[i], 1, k - 1)] = substr(m[i], k + 1)
		}
	}
	{
		n = split($0, t, /[ \t]+/)
		line = ""
		for (i = 1; i <= n; i++) {
			w = t[i]
			if (w in to)
				w = to[w]
			line = line (line == "" ? "" : " ") w
		}
		print line
	}' > "$outabs/link"
	[ -s "$outabs/link" ] || die "$link_t: no link command in $link_c"
	echo "  LD [F]  $link_o"
	sh -c "set -e; $(sed 's/\$\$/$/g' "$outabs/link")"
}

# A boundary module: linked as this tree links it (kbuild's
# cmd_ld_multi_m, from its .cmd file), or the one object it is
module=$(sed -n 's/^module \(.*\)\.ko$/\1/p' "$manifest")
if [ -n "$module" ]; then
	sed "s|^|$outabs/obj/|" "$outabs/objects" > "$outabs/obj/$module.mod"
	[ "$(cat "$outabs/objects")" = "$module.o" ] && exit 0
	link "$(dirname "$module")/.$(basename "$module").o.cmd" "$module.o" \
		"$outabs/obj/$module.o" "$module.o=$outabs/obj/$module.o" \
		"@$module.mod=@$outabs/obj/$module.mod"
	exit 0
fi

# the objects, for modpost (MODDIR/fips140.mod lists this tree's)
sed "s|^|$outabs/obj/|" "$outabs/objects" > "$outabs/fips140.mod"

# The link, as MODDIR/fips140.o was linked: crypto-module.a made of the
# frozen objects (as scripts/Makefile.build's cmd_ar_builtin makes it)
rm -f "$outabs/crypto-module.a"
sed -n '2,$p' "$outabs/objects" | sed "s|^|$outabs/obj/|" |
	xargs "${AR:-ar}" cDPrST "$outabs/crypto-module.a"
first=$(head -n 1 "$outabs/objects")
[ -f "$moddir/.fips140.o.cmd" ] || die "no $moddir/.fips140.o.cmd: link this tree's module first"
link "$moddir/.fips140.o.cmd" "$moddir/fips140.o" "$out/fips140.o" \
	"crypto-module.a=$outabs/crypto-module.a" \
	"crypto-module.a);=$outabs/crypto-module.a);" \
	"$moddir/fips140.o=$outabs/fips140.o" "$first=$outabs/obj/$first"
