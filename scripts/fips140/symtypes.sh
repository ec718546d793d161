#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The types behind the symbol versions that cross the boundary of
# fips140.ko, from genksyms' symbol type dumps (<object>.symtypes, which
# kbuild writes for every object that exports a symbol when
# CONFIG_CRYPTO_FIPS140_EXTMOD and CONFIG_MODVERSIONS are set).  A symbol
# version is a CRC over the expansion of a symbol's type; the dump is that
# expansion, one line per symbol or type:
#
#   crypto_register_alg int crypto_register_alg ( s#crypto_alg * )
#   s#crypto_alg struct crypto_alg { s#list_head cra_list ; ... }
#
# symtypes.sh collect SYMBOLS OBJLIST...
#	Print, for each object listed in the files OBJLIST (one object per
#	line, as .vmlinux.objs and fips140.mod list them) that exports a
#	symbol named in the file SYMBOLS, a line "#object <path>" and the
#	lines of its dump that the expansion of those symbols reaches.
#	Objects without a dump are skipped: without CONFIG_MODVERSIONS
#	nothing is printed.
#
# symtypes.sh explain OLD NEW SYMBOL
#	Say why SYMBOL's version differs between two collections (a
#	certified module set's and this tree's): its own line, if it
#	changed, and each type its expansion reaches whose definition
#	differs, with the members removed (-) and added (+).  "not in the
#	dumps" when either collection lacks it.
#
# symtypes.sh why OLD NEW SYMBOLS
#	Explain each symbol named in the file SYMBOLS, and print each type
#	that changed once, "why: <type>, behind the version of <symbols>",
#	then its members as explain prints them.
set -e

NM=${NM:-nm}

collect()
{
	symbols=$1
	shift
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT

	cat "$@" | LC_ALL=C sort -u > "$tmp/objects"
	# the objects that export a wanted symbol, found by their
	# __export_symbol_<name> (include/linux/export.h): one nm run
	while read -r o; do
		s=${o%.o}.symtypes
		[ -f "$s" ] && echo "$o"
	done < "$tmp/objects" > "$tmp/dumped"
	[ -s "$tmp/dumped" ] || return 0
	xargs "$NM" -A < "$tmp/dumped" 2>/dev/null |
		sed -n 's/^\([^:]*\):.* __export_symbol_\(.*\)$/\2 \1/p' |
		LC_ALL=C sort -u -k1,1 > "$tmp/exporters"
	LC_ALL=C sort -u "$symbols" | LC_ALL=C join - "$tmp/exporters" |
		LC_ALL=C sort -k2,2 -k1,1 > "$tmp/wanted"

	awk '{ print $2 }' "$tmp/wanted" | uniq | while read -r o; do
		echo "#object $o"
		awk -v o="$o" 'NR == FNR { if ($2 == o) want[$1] = 1; next }
		{ line[FNR] = $0; def[$1] = FNR; n = FNR }
		END {
			for (w in want)
				if (w in def)
					q[++tail] = w
			for (h = 1; h <= tail; h++) {
				i = def[q[h]]
				if (keep[i]++)
					continue
				k = split(line[i], tok, " ")
				for (j = 2; j <= k; j++)
					if (tok[j] ~ /^[stueE]#/ && (tok[j] in def) &&
					    !keep[def[tok[j]]])
						q[++tail] = tok[j]
			}
			for (i = 1; i <= n; i++)
				if (keep[i])
					print line[i]
		}' "$tmp/wanted" "${o%.o}.symtypes"
	done
}

explain()
{
	awk -v sym="$3" '
	FNR == 1 { side++ }
	/^#object / { obj = $2; next }
	{
		# the first object that has it, on each side
		if ($1 == sym && !(side in from))
			from[side] = obj
		blk[side, obj, $1] = $0
	}
	END {
		if (!(1 in from) || !(2 in from)) {
			print "    (not in the dumps of both sides)"
			exit
		}
		q[tail = 1] = sym
		for (h = 1; h <= tail; h++) {
			t = q[h]
			a = blk[1, from[1], t]
			b = blk[2, from[2], t]
			if (a != b)
				report(t, a, b)
			for (s = 1; s <= 2; s++) {
				k = split(s == 1 ? a : b, tok, " ")
				for (j = 2; j <= k; j++)
					if (tok[j] ~ /^[stueE]#/ && !seen[tok[j]]++)
						q[++tail] = tok[j]
			}
		}
		if (!changes)
			print "    (no type in the dumps differs: the symbol " \
			      "versions come from other expansions)"
	}
	# a definition as C reads: s#foo as struct foo, t#foo as foo
	function cdecl(d,   out, n, i, w, tok) {
		n = split(d, tok, " ")
		out = ""
		for (i = 1; i <= n; i++) {
			w = tok[i]
			if (w ~ /^s#/) w = "struct " substr(w, 3)
			else if (w ~ /^u#/) w = "union " substr(w, 3)
			else if (w ~ /^e#/) w = "enum " substr(w, 3)
			else if (w ~ /^[tE]#/) w = substr(w, 3)
			out = out (i > 1 ? " " : "") w
		}
		return out
	}
	function kind(t) {
		if (t ~ /^s#/) return "struct " substr(t, 3)
		if (t ~ /^u#/) return "union " substr(t, 3)
		if (t ~ /^e#/) return "enum " substr(t, 3)
		if (t ~ /^E#/) return "enumerator " substr(t, 3)
		if (t ~ /^t#/) return "typedef " substr(t, 3)
		return t
	}
	# the members of a definition: its body split at the top-level ";"
	# (at "," for an enum)
	function members(d, m,   i, n, depth, paren, sep, cur, c, body, o, e) {
		sep = d ~ /^enum / ? "," : ";"
		o = index(d, "{")
		if (!o)
			return 0
		body = substr(d, o + 1)
		e = length(body)
		while (e > 0 && substr(body, e, 1) != "}")
			e--
		body = substr(body, 1, e - 1)
		n = 0
		depth = 0
		cur = ""
		for (i = 1; i <= length(body); i++) {
			c = substr(body, i, 1)
			if (c == "{") depth++
			if (c == "}") depth--
			if (c == "(") paren++
			if (c == ")") paren--
			if (depth == 0 && paren == 0 && c == sep) {
				gsub(/^ +| +$/, "", cur)
				if (cur != "")
					m[++n] = cur
				cur = ""
			} else
				cur = cur c
		}
		gsub(/^ +| +$/, "", cur)
		if (cur != "")
			m[++n] = cur
		return n
	}
	function report(t, a, b,   ma, mb, na, nb, i, ina, inb, k) {
		changes++
		if (a == "" || b == "") {
			printf "    %s: only in the %s\n", kind(t), \
			       a == "" ? "new tree" : "prebuilt module"
			return
		}
		na = members(substr(a, length(t) + 2), ma)
		nb = members(substr(b, length(t) + 2), mb)
		if (t == sym || (na == 0 && nb == 0)) {
			printf "    %s changed:\n      - %s\n      + %s\n", \
			       t == sym ? t : kind(t), \
			       cdecl(substr(a, length(t) + 2)), cdecl(substr(b, length(t) + 2))
			return
		}
		printf "    %s changed:\n", kind(t)
		for (i = 1; i <= na; i++)
			ina[ma[i]] = 1
		for (i = 1; i <= nb; i++)
			inb[mb[i]] = 1
		k = 0
		for (i = 1; i <= na; i++)
			if (!(ma[i] in inb)) {
				printf "      - %s\n", cdecl(ma[i])
				k++
			}
		for (i = 1; i <= nb; i++)
			if (!(mb[i] in ina)) {
				printf "      + %s\n", cdecl(mb[i])
				k++
			}
		if (!k)
			print "      (the same members, in another order)"
	}' "$1" "$2"
}

# why OLD NEW SYMBOLS: explain each symbol of the file SYMBOLS, and print
# each type that changed once, as "why: <type>, behind the version of
# <symbols>" and its members
why()
{
	LC_ALL=C sort -u "$3" | while read -r s; do
		echo "@ $s"
		explain "$1" "$2" "$s"
	done | awk '
	/^@ / { sym = $2; next }
	/^    [^ ]/ {
		t = $0
		if (!(t in syms)) {
			order[++n] = t
			syms[t] = sym
		} else
			syms[t] = syms[t] ", " sym
		count[t]++
		cur = count[t] == 1 ? t : ""
		next
	}
	cur != "" { detail[cur] = detail[cur] $0 "\n" }
	END {
		for (i = 1; i <= n; i++) {
			t = order[i]
			sub(/^    /, "", t)
			sub(/:$/, "", t)
			k = split(syms[order[i]], list, ", ")
			names = list[1]
			for (j = 2; j <= k && j <= 8; j++)
				names = names ", " list[j]
			if (k > 8)
				names = names sprintf(" and %d more", k - 8)
			printf "why: %s, behind the version of %s\n%s", t, \
			       names, detail[order[i]]
		}
	}'
}

case $1 in
collect) shift; collect "$@" ;;
explain) shift; explain "$@" ;;
why) shift; why "$@" ;;
*)
	echo "usage: $0 collect SYMBOLS OBJLIST... | explain OLD NEW SYMBOL |" \
	     "why OLD NEW SYMBOLS" >&2
	exit 2
	;;
esac
