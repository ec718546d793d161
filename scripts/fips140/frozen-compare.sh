#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# frozen-compare.sh PREBUILT_KO FROZEN_KO
#
# Does the frozen rebuild (scripts/fips140/frozen-rebuild.sh, made into a
# fips140.ko by scripts/Makefile.fips140) give the prebuilt module?  Two
# relocatable ELF files are compared section by section:
#
#  - every section's bytes (for SHT_NOBITS its size), by name, but for
#    the ones below;
#  - every relocation: the section and offset it patches, its type, its
#    addend and its target, which is a global or undefined symbol by
#    name, and a local one by its section and offset (what the loader
#    resolves it to, whatever its name);
#  - the symbol table: each symbol's section, offset, size, type, binding
#    and visibility, local names numbered by the compiler (__COUNTER__'s
#    __UNIQUE_ID_*, the initcall entries' __initcall__kmod_*__<n>_, and
#    gcc's <name>.<n> of static locals) without their number, but for
#    the symbols of .modinfo's entries;
#  - .modinfo, entry by entry, vermagic without its first word (the
#    release), and without srcversion: modpost's digest of the sources
#    and of the headers whose path has the object's directory in it,
#    such as include/crypto/ for crypto/, and which depends on where
#    they are (the manifest has the digest of every source);
#  - __versions, the names only (the versions are those of this kernel's
#    exports, which the guard reports); __kcrctab and __kcrctab_gpl, the
#    versions of the module's exports, not at all (their symbols are
#    compared; the modules of a kernel that embeds a prebuilt module
#    link against its versions, which the build takes from its set).
#
# .note.gnu.build-id, a digest of the rest, is not compared.
#
# Prints each difference, naming the function or data object it lies in
# (its symbol), one per line, and exits 1; prints nothing and exits 0
# when the two are the same but for what is set aside above.
set -e

READELF=${READELF:-readelf}
a=$1
b=$2

for k in "$a" "$b"; do
	[ -f "$k" ] || { echo "fips140: frozen-compare: $k is missing" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sections: "<index> <name> <type> <offset> <size>", from readelf -SW
sections()
{
	"$READELF" -SW "$1" | sed -n 's/^ *\[ *\([0-9]*\)\] /\1 /p' |
		awk '$2 != "NULL" { print $1, $2, $3, $5, $6 }'
}

# symbols: "<index> <value> <size> <type> <bind> <vis> <ndx> <name>",
# the size in hex as the value
symbols()
{
	"$READELF" -sW "$1" | awk "$hexfn"'
	$1 ~ /^[0-9]+:$/ {
		sub(/:$/, "", $1)
		sz = $3 ~ /^0x/ ? hex(substr($3, 3)) : $3 + 0
		printf "%s %s %x %s %s %s %s %s\n", $1, $2, sz, $4, $5, $6, $7, (NF >= 8 ? $8 : "")
	}'
}

# (mawk, the awk of a Debian system, reads no hexadecimal)
hexfn='function hex(s,	i, v) {
	v = 0
	s = tolower(s)
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
'

# The symbols of a symbols() file by section index (load_syms), and the
# one whose bytes hold an offset of a section (sym_at)
symfn='function load_syms(file,	l, f, k) {
	while ((getline l < file) > 0) {
		split(l, f, " ")
		if (f[4] == "SECTION" || f[4] == "FILE" || f[7] == "UND")
			continue
		k = ++nsym[f[7]]
		so[f[7], k] = hex(f[2])
		ss[f[7], k] = hex(f[3])
		sn[f[7], k] = f[8]
	}
}
function sym_at(sec, off,	j) {
	for (j = 1; j <= nsym[sec]; j++)
		if (so[sec, j] <= off && off < so[sec, j] + ss[sec, j])
			return sn[sec, j]
	return "(no symbol)"
}
'

# section name -> "offset size type" in file $1 (a or b)
secinfo() { awk -v n="$2" '$2 == n { print $4, $5, $3; exit }' "$tmp/$1.sec"; }

# the bytes of section $2 of file $1, one a line, in hex
secbytes()
{
	eval k=\$"$1"
	set -- $(secinfo "$1" "$2")
	tail -c +$((0x$1 + 1)) "$k" | head -c $((0x$2)) | od -An -v -tx1 |
		tr -s ' ' '\n' | sed '/^$/d'
}

compare()
{
	for s in a b; do
		eval k=\$$s
		sections "$k" > "$tmp/$s.sec"
		symbols "$k" > "$tmp/$s.sym"
	done

	# the sections of each, but those compared otherwise
	skip='^(\.symtab|\.strtab|\.shstrtab|\.rela?\..*|\.note\.gnu\.build-id|__versions|__kcrctab|__kcrctab_gpl|\.modinfo)$'
	for s in a b; do
		awk '{ print $2 }' "$tmp/$s.sec" | grep -Ev "$skip" | LC_ALL=C sort > "$tmp/$s.names"
	done
	LC_ALL=C comm -23 "$tmp/a.names" "$tmp/b.names" | sed 's/^/section: only in the prebuilt module: /'
	LC_ALL=C comm -13 "$tmp/a.names" "$tmp/b.names" | sed 's/^/section: only in the frozen rebuild: /'

	# their bytes; where they differ, the symbols of the prebuilt
	# module's section the differing bytes lie in
	LC_ALL=C comm -12 "$tmp/a.names" "$tmp/b.names" | while read -r n; do
		set -- $(secinfo a "$n")
		sa=$2 ta=$3
		set -- $(secinfo b "$n")
		sb=$2 tb=$3
		if [ "$ta" = NOBITS ] || [ "$tb" = NOBITS ]; then
			[ "$ta $sa" = "$tb $sb" ] ||
				echo "section: $n is $ta of 0x$sa bytes in the prebuilt module, $tb of 0x$sb in the frozen rebuild"
			continue
		fi
		secbytes a "$n" > "$tmp/a.bytes"
		secbytes b "$n" > "$tmp/b.bytes"
		cmp -s "$tmp/a.bytes" "$tmp/b.bytes" && continue
		[ "$sa" = "$sb" ] ||
			echo "section: $n has 0x$sa bytes in the prebuilt module, 0x$sb in the frozen rebuild"
		paste -d ' ' "$tmp/a.bytes" "$tmp/b.bytes" |
			awk '$1 != $2 { print NR - 1 }' > "$tmp/offsets"
		i=$(awk -v n="$n" '$2 == n { print $1; exit }' "$tmp/a.sec")
		awk -v symfile="$tmp/a.sym" -v i="$i" -v sec="$n" "$hexfn$symfn"'
		BEGIN { load_syms(symfile) }
		{
			at = sym_at(i, $1)
			if (!(at in count))
				order[++k] = at
			count[at]++
		}
		END {
			for (j = 1; j <= k; j++)
				printf "code: %s (%s): %d byte(s) differ\n", order[j], sec, count[order[j]]
		}' "$tmp/offsets"
	done

	# relocations: "<section> <offset> <type> <target> <addend>", a
	# local target by its section and offset, another by its name
	for s in a b; do
		eval k=\$$s
		"$READELF" -rW "$k" | awk -v symfile="$tmp/$s.sym" -v secfile="$tmp/$s.sec" "$hexfn"'
		BEGIN {
			while ((getline l < secfile) > 0) {
				split(l, f, " ")
				secname[f[1]] = f[2]
			}
			while ((getline l < symfile) > 0) {
				split(l, f, " ")
				# (a local one: its section, and its offset
				# there, to which the addend is added)
				if (f[5] == "LOCAL") {
					tsec[f[1]] = f[7] in secname ? secname[f[7]] : f[7]
					tval[f[1]] = hex(f[2])
				} else
					target[f[1]] = f[8]
			}
		}
		/^Relocation section / {
			sec = $3
			gsub(/\047/, "", sec)
			sub(/^\.rela?/, "", sec)
			next
		}
		$1 ~ /^[0-9a-f]+$/ && NF >= 3 {
			add = 0
			for (j = 4; j < NF; j++)
				if ($j == "+" || $j == "-")
					add = ($j == "-" ? -1 : 1) * hex($(j + 1))
			y = hex(substr($2, 1, length($2) - 8))
			if (y in tsec)
				t = sprintf("%s+0x%x", tsec[y], tval[y] + add)
			else
				t = sprintf("%s%+d", target[y], add)
			printf "%s %x %s %s\n", sec, hex($1), $3, t
		}' | LC_ALL=C sort > "$tmp/$s.rel"
	done
	LC_ALL=C comm -3 "$tmp/a.rel" "$tmp/b.rel" |
		awk -v symfile="$tmp/a.sym" -v secfile="$tmp/a.sec" "$hexfn$symfn"'
	BEGIN {
		load_syms(symfile)
		while ((getline l < secfile) > 0) {
			split(l, f, " ")
			idx[f[2]] = f[1]
		}
	}
	{
		side = /^\t/ ? "the frozen rebuild" : "the prebuilt module"
		sub(/^\t/, "")
		key = sym_at(idx[$1], hex($2)) " (" $1 ")"
		if (!(key in first)) {
			order[++m] = key
			first[key] = sprintf("+0x%s: %s to %s in %s", $2, $3, $4, side)
		}
		count[key]++
	}
	END {
		for (j = 1; j <= m; j++)
			printf "relocation: %s: %d relocation(s) differ; the first at %s\n",
				order[j], count[order[j]], first[order[j]]
	}'

	# the symbol tables, a number the compiler gave a local name taken out
	for s in a b; do
		awk 'NR == FNR { secname[$1] = $2; next }
		$1 != "0" && $4 != "SECTION" && $4 != "FILE" && secname[$7] != ".modinfo" && secname[$7] != "__versions" {
			nm = $8
			if (nm ~ /^__UNIQUE_ID_/)
				sub(/[0-9]+$/, "<n>", nm)
			else if (nm ~ /^__initcall__kmod_/ && match(nm, /__[0-9]+_[0-9]+_/)) {
				c = substr(nm, RSTART + 2)
				sub(/_.*/, "", c)
				nm = substr(nm, 1, RSTART + 1) "<n>" substr(nm, RSTART + 2 + length(c))
			} else if (nm ~ /^[A-Za-z_][A-Za-z0-9_]*\.[0-9]+$/)
				sub(/\.[0-9]+$/, ".<n>", nm)
			print nm, ($7 in secname ? secname[$7] : $7), $2, $3, $4, $5, $6
		}' "$tmp/$s.sec" "$tmp/$s.sym" | LC_ALL=C sort > "$tmp/$s.st"
	done
	{ LC_ALL=C comm -23 "$tmp/a.st" "$tmp/b.st" | sed 's/^/symbol: only in the prebuilt module: /'
	  LC_ALL=C comm -13 "$tmp/a.st" "$tmp/b.st" | sed 's/^/symbol: only in the frozen rebuild: /'
	} > "$tmp/symdiff"
	# (the first ten: a symbol moved moves those after it)
	head -n 10 "$tmp/symdiff"
	n=$(wc -l < "$tmp/symdiff")
	[ "$n" -le 10 ] || echo "symbol: and $((n - 10)) more symbol(s) that differ"

	# .modinfo, entry by entry, vermagic without the release
	for s in a b; do
		eval k=\$$s
		set -- $(secinfo $s .modinfo)
		if [ $# -eq 3 ]; then
			tail -c +$((0x$1 + 1)) "$k" | head -c $((0x$2)) | tr '\0' '\n' |
				sed '/^$/d; /^srcversion=/d; s/^vermagic=[^ ]* /vermagic=<release> /'
		fi > "$tmp/$s.mi"
	done
	diff "$tmp/a.mi" "$tmp/b.mi" |
		sed -n 's/^< /modinfo: in the prebuilt module: /p; s/^> /modinfo: in the frozen rebuild: /p'

	# __versions: the names, in order
	for s in a b; do
		eval k=\$$s
		${CONFIG_SHELL:-sh} "$(dirname "$0")/ko-versions.sh" "${OBJCOPY:-objcopy}" "$k" |
			awk '{ print $1 }' > "$tmp/$s.vn"
	done
	diff "$tmp/a.vn" "$tmp/b.vn" |
		sed -n 's/^< /imports: only in the prebuilt module: /p; s/^> /imports: only in the frozen rebuild: /p'
}

compare > "$tmp/out"
[ -s "$tmp/out" ] || exit 0
cat "$tmp/out"
exit 1
