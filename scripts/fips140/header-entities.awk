# SPDX-License-Identifier: GPL-2.0
#
# header-entities.awk: what changed in a header, by name.  Input: a whole
# file diff, each line of the later file or the earlier one prefixed by
# " " (in both), "-" (only the earlier) or "+" (only the later), as
#   diff --old-line-format='-%L' --new-line-format='+%L' \
#        --unchanged-line-format=' %L' OLD NEW
# writes it.  Output: "<h> <entity>" once for each top-level entity a
# changed line is in (h is an awk variable, the header's path): "struct
# <name>" (or union, enum) for a line inside its definition, "<name>()"
# for a line of a function (an inline function's body, or a prototype),
# "<NAME>" for a line of a macro's #define.  Used by frozen-rebuild.sh
# (scripts/fips140), for the guard's "why" lines; a hint, not a verdict:
# the frozen rebuild's comparison decides.
# the entity a line at the top level starts ("" if none)
function top(l,	n, m) {
	if (l ~ /^(struct|union|enum)[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\{/) {
		split(l, m, /[ \t{]+/)
		return m[1] " " m[2]
	}
	if (l ~ /^[A-Za-z_].*[A-Za-z0-9_][ \t]*\(/ && l !~ /^(typedef|return)/) {
		n = l
		sub(/[ \t]*\(.*/, "", n)
		sub(/.*[^A-Za-z0-9_]/, "", n)
		return n "()"
	}
	return ""
}
{
	k = substr($0, 1, 1)
	l = substr($0, 2)
	if (l ~ /^#[ \t]*define[ \t]+[A-Za-z_]/) {
		n = l
		sub(/^#[ \t]*define[ \t]+/, "", n)
		sub(/[^A-Za-z0-9_].*/, "", n)
		mac = n
		cur_mac = 1
	} else if (!cont)
		cur_mac = 0
	cont = (l ~ /\\$/)
	if (!cur_mac) {
		t = top(l)
		if (t != "")
			ent = t
		else if (l ~ /^}/)
			close_after = 1
	}
	if (k != " ") {
		e = cur_mac ? mac : (ent != "" ? ent : "")
		if (e != "" && !(e in seen)) {
			seen[e] = 1
			print h, e
		}
	}
	if (close_after && !cur_mac) {
		ent = ""
		close_after = 0
	}
}
