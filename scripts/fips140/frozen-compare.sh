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
#  - the symbol table: each symbol's section, type, binding and
#    visibility (its offset and size are in the bytes and relocations
#    above), local names numbered by the compiler (__COUNTER__'s
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
# .note.gnu.build-id, a digest of the rest, is not compared, nor is debug
# info (the .debug_* sections and their relocations, which the kernel
# never reads: a module built with CONFIG_DEBUG_INFO names its sources'
# paths there, and the frozen rebuild's are elsewhere).
#
# Prints each difference, naming the function or data object it lies in
# (its symbol), one per line, and exits 1; prints nothing and exits 0
# when the two are the same but for what is set aside above.  The
# verdict is the exact comparison; the names come from a second one,
# made only when the first finds a difference, symbol by symbol: each
# symbol's bytes, and its relocations by their offset in it, with a
# local target named by the symbol it lies in (or, in a string section,
# by the string), so that a function that grew does not make every one
# after it differ; the entries of the tables without symbols (.smp_locks,
# .call_sites, ...) are named by the symbol they point into.  Where that
# names nothing (a difference of layout only), the exact comparison's
# differences are printed, by the symbol of the prebuilt module at the
# offset that differs.
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

# A symbol's name without the number the compiler gave a local one
# (__COUNTER__'s __UNIQUE_ID_*, also when gcc numbered it as a static
# local, __UNIQUE_ID_<prefix><counter>.<n>; the initcall entries'
# counter; gcc's <name>.<n> of static locals)
normfn='function norm(nm,	c) {
	if (nm ~ /^__UNIQUE_ID_/) {
		c = sub(/\.[0-9]+$/, "", nm)
		sub(/[0-9]+$/, "<n>", nm)
		if (c)
			nm = nm ".<n>"
	} else if (nm ~ /^__initcall__kmod_/ && match(nm, /__[0-9]+_[0-9]+_/)) {
		c = substr(nm, RSTART + 2)
		sub(/_.*/, "", c)
		nm = substr(nm, 1, RSTART + 1) "<n>" substr(nm, RSTART + 2 + length(c))
	} else if (nm ~ /^[A-Za-z_][A-Za-z0-9_]*\.[0-9]+$/)
		sub(/\.[0-9]+$/, ".<n>", nm)
	return nm
}
'

# A line of readelf -rW: the section its relocations patch, from the
# "Relocation section" line (rel_section), and of a relocation, its
# addend and its symbol's index (rel_parse: rel_add, rel_sym)
relfn='function rel_section(	r) {
	r = $3
	gsub(/\047/, "", r)
	sub(/^\.rela?/, "", r)
	return r
}
function rel_parse(	j) {
	rel_add = 0
	for (j = 4; j < NF; j++)
		if ($j == "+" || $j == "-")
			rel_add = ($j == "-" ? -1 : 1) * hex($(j + 1))
	rel_sym = hex(substr($2, 1, length($2) - 8))
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

# the bytes of section $2 of file $1
secraw()
{
	eval k=\$"$1"
	set -- $(secinfo "$1" "$2")
	tail -c +$((0x$1 + 1)) "$k" | head -c $((0x$2))
}

compare()
{
	for s in a b; do
		eval k=\$$s
		sections "$k" > "$tmp/$s.sec"
		symbols "$k" > "$tmp/$s.sym"
	done

	# the sections of each, but those compared otherwise
	skip='^(\.symtab|\.strtab|\.shstrtab|\.rela?\..*|\.note\.gnu\.build-id|\.debug_.*|__versions|__kcrctab|__kcrctab_gpl|\.modinfo)$'
	for s in a b; do
		awk '{ print $2 }' "$tmp/$s.sec" | grep -Ev "$skip" | LC_ALL=C sort > "$tmp/$s.names"
	done
	LC_ALL=C comm -23 "$tmp/a.names" "$tmp/b.names" | sed 's/^/section: only in the prebuilt module: /'
	LC_ALL=C comm -13 "$tmp/a.names" "$tmp/b.names" | sed 's/^/section: only in the frozen rebuild: /'

	others
	exact quick > "$tmp/exact"
	[ -s "$tmp/exact" ] || return 0
	# where they differ, by symbol (named), or as they differ (exact)
	for s in a b; do
		eval k=\$$s
		listing "$k" "$s" > "$tmp/$s.norm"
	done
	named > "$tmp/named"
	if [ -s "$tmp/named" ]; then
		cat "$tmp/named"
	else
		exact
	fi
}

# The exact comparison of the sections both have: their bytes, then every
# relocation; where they differ, the symbols of the prebuilt module's
# section the differing bytes or places lie in (a difference early in a
# section moves what follows it: named() says which symbols differ).
# With "quick", only whether they differ: a line for each section whose
# bytes differ, one if the relocations do.
exact()
{
	local mode=${1:-}

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
		secraw a "$n" > "$tmp/a.raw"
		secraw b "$n" > "$tmp/b.raw"
		cmp -s "$tmp/a.raw" "$tmp/b.raw" && continue
		[ "$sa" = "$sb" ] ||
			echo "section: $n has 0x$sa bytes in the prebuilt module, 0x$sb in the frozen rebuild"
		if [ "$mode" = quick ]; then
			echo "section: $n: its bytes differ"
			continue
		fi
		od -An -v -tx1 "$tmp/a.raw" | tr -s ' ' '\n' | sed '/^$/d' > "$tmp/a.bytes"
		od -An -v -tx1 "$tmp/b.raw" | tr -s ' ' '\n' | sed '/^$/d' > "$tmp/b.bytes"
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
		"$READELF" -rW "$k" | awk -v symfile="$tmp/$s.sym" -v secfile="$tmp/$s.sec" "$hexfn$relfn"'
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
			sec = rel_section()
			next
		}
		$1 ~ /^[0-9a-f]+$/ && NF >= 3 && sec !~ /^\.debug_/ {
			rel_parse()
			y = rel_sym
			if (y in tsec)
				t = sprintf("%s+0x%x", tsec[y], tval[y] + rel_add)
			else
				t = sprintf("%s%+d", target[y], rel_add)
			printf "%s %x %s %s\n", sec, hex($1), $3, t
		}' | LC_ALL=C sort > "$tmp/$s.rel"
	done
	if [ "$mode" = quick ]; then
		cmp -s "$tmp/a.rel" "$tmp/b.rel" || echo "relocation: the relocations differ"
		cmp -s "$tmp/a.stx" "$tmp/b.stx" || echo "symbol: the offsets or sizes of symbols differ"
		return 0
	fi
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
	# (the first ten symbols at another offset or of another size)
	LC_ALL=C comm -3 "$tmp/a.stx" "$tmp/b.stx" | head -n 10 |
		sed 's/^\t\(.*\)/symbol: in the frozen rebuild: \1/; /^symbol: /!s/^/symbol: in the prebuilt module: /'
}

# listing KO S: each symbol of KO's sections with bytes (but the skipped
# ones) with its bytes and the relocations in it, by offset in the
# symbol; the relocations outside any symbol (the tables of .smp_locks,
# __jump_table, ...) by their target; strings by their bytes.  A local
# target is named by the symbol it lies in and the offset there, or by
# its bytes in a string section: nothing in the listing depends on where
# in its section a symbol is.  (Tab-separated, see the awk's comment.)
listing()
{
	awk '$3 == "PROGBITS"' "$tmp/$2.sec" | while read -r i n t off size; do
		echo "$n" | grep -Eq "$skip" && continue
		echo "S $i"
		tail -c +$((0x$off + 1)) "$1" | head -c $((0x$size)) | od -An -v -tx1
	done > "$tmp/$2.hex"
	"$READELF" -rW "$1" > "$tmp/$2.rr"
	awk -v SECFILE="$tmp/$2.sec" -v SYMFILE="$tmp/$2.sym" -v BYTES="$tmp/$2.hex" \
		"$hexfn$normfn$relfn$listawk" "$tmp/$2.hex" "$tmp/$2.rr" | LC_ALL=C sort
}

listawk='
# Input: SECFILE (sections()), SYMFILE (symbols()) by getline; then the
# files: the bytes of the compared sections ("S <index>" lines, then od
# -tx1 lines), then readelf -rW\047s relocations.  Output, tab-separated:
#   B sec key size hex           a symbol\047s bytes
#   G sec hex                    a section\047s bytes outside any symbol,
#                                zeros left out (not for code)
#   T sec hex                    a string of a section without symbols
#   R sec key off type target    a relocation in a symbol (its offset
#                                in it)
#   E sec type target            one outside any symbol (a table entry)
# where a local target is "<symbol>+<offset in it>", or a string\047s
# bytes, and a global one "<name><addend>".
# the index of the symbol of section x holding offset o (0: none)
function at(x, o,	lo, hi, m, best) {
	lo = 1; hi = ns[x]; best = 0
	while (lo <= hi) {
		m = int((lo + hi) / 2)
		if (sv[x, m] <= o) { best = m; lo = m + 1 } else hi = m - 1
	}
	# (an alias or a symbol inside another: the last that holds it)
	while (best > 0 && !(sv[x, best] <= o && o < sv[x, best] + sz[x, best]))
		best--
	return best
}
function str(x, o,	h, n) {
	h = ""
	for (n = 0; n < 256 && (x, o + n) in by && by[x, o + n] != "00"; n++)
		h = h by[x, o + n]
	return h
}
function target(x, o,	k) {
	if (ns[x] == 0 && secname[x] ~ /^\.rodata\.str/)
		return secname[x] ":\"" str(x, o) "\""
	k = at(x, o)
	if (k)
		return secname[x] ":" key[x, k] sprintf("+0x%x", o - sv[x, k])
	return secname[x] sprintf("+0x%x", o)
}
BEGIN {
	while ((getline l < SECFILE) > 0) {
		split(l, f, " ")
		secname[f[1]] = f[2]
		secidx[f[2]] = f[1]
	}
	# symbols with a size, by section, in the order of their offsets
	n = 0
	while ((getline l < SYMFILE) > 0) {
		split(l, f, " ")
		if (f[5] == "LOCAL" && f[7] != "UND" && f[7] != "ABS") {
			lsec[f[1]] = f[7]
			lval[f[1]] = hex(f[2])
		} else
			glob[f[1]] = f[8]
		if (f[4] == "SECTION" || f[4] == "FILE" || f[7] == "UND" || f[7] == "ABS")
			continue
		if (hex(f[3]) == 0)
			continue
		n++
		ts[n] = f[7]; tv[n] = hex(f[2]); tz[n] = hex(f[3]); tn[n] = norm(f[8])
	}
	# (insertion sort by section, then offset: a few thousand symbols)
	for (i = 1; i <= n; i++) {
		x = ts[i]
		k = ++ns[x]
		sv[x, k] = tv[i]; sz[x, k] = tz[i]; sn[x, k] = tn[i]
		for (j = k; j > 1 && sv[x, j - 1] > sv[x, j]; j--) {
			t = sv[x, j]; sv[x, j] = sv[x, j - 1]; sv[x, j - 1] = t
			t = sz[x, j]; sz[x, j] = sz[x, j - 1]; sz[x, j - 1] = t
			t = sn[x, j]; sn[x, j] = sn[x, j - 1]; sn[x, j - 1] = t
		}
	}
	for (x in ns)
		for (k = 1; k <= ns[x]; k++) {
			seen[x, sn[x, k]]++
			key[x, k] = sn[x, k] (seen[x, sn[x, k]] > 1 ? "#" seen[x, sn[x, k]] : "")
		}
}
FILENAME == BYTES {
	if ($1 == "S") {
		x = $2
		o = 0
		next
	}
	for (i = 1; i <= NF; i++)
		by[x, o++] = $i
	len[x] = o
	next
}
# the relocations
/^Relocation section / {
	rs = rel_section()
	rx = secidx[rs]
	next
}
$1 ~ /^[0-9a-f]+$/ && NF >= 3 && rs !~ /^\.debug_/ {
	rel_parse()
	y = rel_sym
	if (y in lsec)
		t = target(lsec[y], lval[y] + rel_add)
	else
		t = sprintf("%s%+d", glob[y], rel_add)
	p = hex($1)
	k = (rx in ns) ? at(rx, p) : 0
	if (k)
		printf "R\t%s\t%s\t%x\t%s\t%s\n", rs, key[rx, k], p - sv[rx, k], $3, t
	else
		printf "E\t%s\t%s\t%s\n", rs, $3, t
}
END {
	for (x in len) {
		for (k = 1; k <= ns[x]; k++) {
			h = ""
			for (o = sv[x, k]; o < sv[x, k] + sz[x, k] && o < len[x]; o++)
				h = h by[x, o]
			printf "B\t%s\t%s\t%x\t%s\n", secname[x], key[x, k], sz[x, k], h
			for (o = sv[x, k]; o < sv[x, k] + sz[x, k]; o++)
				cov[x, o] = 1
		}
		if (ns[x] == 0 && secname[x] ~ /^\.rodata\.str/) {
			h = ""
			for (o = 0; o < len[x]; o++)
				if (by[x, o] == "00") {
					if (h != "")
						printf "T\t%s\t%s\n", secname[x], h
					h = ""
				} else
					h = h by[x, o]
			continue
		}
		# (not in code, where the padding between objects
		# is no-operations as long as the alignment needs)
		if (secname[x] ~ /\.text/)
			continue
		h = ""
		for (o = 0; o < len[x]; o++)
			if (!((x, o) in cov) && by[x, o] != "00")
				h = h by[x, o]
		if (h != "")
			printf "G\t%s\t%s\n", secname[x], h
	}
}

'

# named: the differences of the two listings, by symbol: its bytes, its
# relocations, the table entries that point into it, the strings
named()
{
	LC_ALL=C comm -3 "$tmp/a.norm" "$tmp/b.norm" | awk -F '\t' '
	{
		side = $1 == "" ? "the frozen rebuild" : "the prebuilt module"
		if ($1 == "")
			$0 = substr($0, 2)
		split($0, f, "\t")
		if (f[1] == "B") {
			k = f[3] " (" f[2] ")"
			if (!(k in bsz))
				border[++nb] = k
			bsz[k] = bsz[k] (side == "the prebuilt module" ? "a" : "b") f[4]
			bhex[k, side] = f[5]
		} else if (f[1] == "R") {
			k = f[3] " (" f[2] ")"
			if (!(k in rn)) {
				rorder[++nr] = k
				rfirst[k] = sprintf("+0x%s: %s to %s in %s", f[4], f[5], f[6], side)
			}
			rn[k]++
		} else if (f[1] == "E") {
			t = f[4]
			sub(/\+(0x)?[-0-9a-f]*$/, "", t)
			sub(/^[^:]*:/, "", t)
			k = t " (entries of " f[2] ")"
			if (!(k in en)) {
				eorder[++ne] = k
				efirst[k] = sprintf("%s to %s in %s", f[3], f[4], side)
			}
			en[k]++
		} else if (f[1] == "T")
			printf "string: %s: \"%s\" only in %s\n", f[2], f[3], side
		else if (f[1] == "G")
			gap[f[2]] = 1
	}
	END {
		for (j = 1; j <= nb; j++) {
			k = border[j]
			a = bhex[k, "the prebuilt module"]
			b = bhex[k, "the frozen rebuild"]
			# (a symbol of one side only: others() names it)
			if (a == "" || b == "")
				continue
			if (length(a) != length(b)) {
				printf "code: %s: 0x%x byte(s) in the prebuilt module, 0x%x in the frozen rebuild\n",
					k, length(a) / 2, length(b) / 2
				continue
			}
			d = 0
			for (i = 1; i < length(a); i += 2)
				if (substr(a, i, 2) != substr(b, i, 2))
					d++
			printf "code: %s: %d byte(s) differ\n", k, d
		}
		for (j = 1; j <= nr; j++)
			printf "relocation: %s: %d relocation(s) differ; the first at %s\n",
				rorder[j], rn[rorder[j]], rfirst[rorder[j]]
		for (j = 1; j <= ne; j++)
			printf "relocation: %s: %d differ; the first %s\n",
				eorder[j], en[eorder[j]], efirst[eorder[j]]
		for (g in gap)
			printf "code: the bytes outside any symbol (%s) differ\n", g
	}'
}

# The symbol tables: each symbol's name, section, type, binding and
# visibility (where it is and its size: exact() and named() compare the
# bytes and relocations that depend on them), .modinfo and __versions'
# names
others()
{
	# the symbol tables, a number the compiler gave a local name taken out
	for s in a b; do
		awk "$normfn"'NR == FNR { secname[$1] = $2; next }
		$1 != "0" && $4 != "SECTION" && $4 != "FILE" && secname[$7] != ".modinfo" && secname[$7] != "__versions" {
			print norm($8), ($7 in secname ? secname[$7] : $7), $4, $5, $6, $2, $3
		}' "$tmp/$s.sec" "$tmp/$s.sym" | LC_ALL=C sort > "$tmp/$s.stx"
		# (without the offset and size, for others())
		awk '{ NF -= 2; print }' "$tmp/$s.stx" | LC_ALL=C sort > "$tmp/$s.st"
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
