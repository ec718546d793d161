#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# surface.sh OBJLIST
#
# The kernel surface of a module of the boundary, from the debug info of
# its objects (CONFIG_DEBUG_INFO): for each object of OBJLIST (one a
# line, as fips140.mod lists them), what of the kernel's headers
# (include/, arch/*/include/, the build's include/generated/) its code was
# compiled with, one record a line:
#
#   <object> inline <function> <header>
#	an inline function of a kernel header compiled into the object's
#	code (DW_AT_inline: inlined, or declared inline and inlined)
#   <object> struct <name> <header>
#   <object> union <name> <header>
#	a structure or union of a kernel header that the object's code
#	handles: the type, through pointers, qualifiers, typedefs and
#	arrays, of one of its variables or parameters, or of those of the
#	inline functions compiled into it.  Debug info does not say which
#	members the code reads: this is the layouts it can read, not only
#	those it does; the frozen rebuild says which of them matter.
#
# An object without debug info is listed as "<object> no-debug-info", one
# whose code uses none of the above as "<object> none": every object of
# OBJLIST has a line.
# The records are sorted; the headers are named by their path in the
# tree.  This is what a kernel update can change under the module without
# changing its sources: what the frozen rebuild (scripts/fips140/
# frozen-rebuild.sh) compiles again.
set -e

READELF=${READELF:-readelf}

while read -r o; do
	if ! "$READELF" -SW "$o" | grep -q ' \.debug_info '; then
		echo "$o no-debug-info"
		continue
	fi
	{ "$READELF" -wl "$o"; echo "@@DIES"; "$READELF" -wi "$o"; } 2>/dev/null | awk -v obj="$o" '
	function norm(p,	n, i, k, c, out) {
		n = split(p, c, "/")
		k = 0
		for (i = 1; i <= n; i++) {
			if (c[i] == "." || (c[i] == "" && i > 1))
				continue
			if (c[i] == ".." && k > 1 && out[k] != "..")
				k--
			else
				out[++k] = c[i]
		}
		p = out[1]
		for (i = 2; i <= k; i++)
			p = p "/" out[i]
		return p
	}
	# the header of a path, by its path in the tree, or ""
	function header(p) {
		if (match(p, /(^|\/)arch\/[^\/]+\/include\//) || match(p, /(^|\/)include\//)) {
			p = substr(p, RSTART)
			sub(/^\//, "", p)
			return p
		}
		return ""
	}
	function strval(	s) {
		s = $0
		if (index(s, "): "))
			s = substr(s, index(s, "): ") + 3)
		else
			sub(/^[^:]*: */, "", s)
		return s
	}
	# the line program: directories and files of the (first) unit
	!dies && /The Directory Table/ { state = "dir"; next }
	!dies && /The File Name Table/ { state = "file"; next }
	!dies && /^ *Entry\t/ { next }
	!dies && state != "" && NF == 0 { if (state == "file") done = 1; state = ""; next }
	!dies && state == "dir" && !done {
		d = $0; sub(/^ *[0-9]+\t/, "", d)
		if (index(d, "): ")) d = substr(d, index(d, "): ") + 3)
		dir[$1 + 0] = d
		next
	}
	!dies && state == "file" && !done {
		f = $0
		if (index(f, "): ")) f = substr(f, index(f, "): ") + 3)
		else { n = split(f, parts, "\t"); f = parts[n] }
		file[$1 + 0] = f; fdir[$1 + 0] = $2 + 0
		next
	}
	$0 == "@@DIES" { dies = 1; next }
	!dies { next }
	# the DIEs: "<depth><offset>: Abbrev Number: n (DW_TAG_x)"
	/^ *<[0-9]+><[0-9a-f]+>: Abbrev Number/ {
		cur = $1; sub(/^<[0-9]+></, "", cur); sub(/>:$/, "", cur)
		depth = $1; sub(/^</, "", depth); sub(/>.*/, "", depth); depth += 0
		anc[depth] = cur
		parent[cur] = depth ? anc[depth - 1] : ""
		tag[cur] = ($NF ~ /^\(DW_TAG_/) ? substr($NF, 2, length($NF) - 2) : ""
		if (tag[cur] == "DW_TAG_compile_unit")
			cu = cur
		next
	}
	/DW_AT_comp_dir/ { compdir = strval(); next }
	/DW_AT_name / { name[cur] = strval(); next }
	/DW_AT_decl_file/ { dfile[cur] = $NF + 0; next }
	/DW_AT_byte_size/ { sized[cur] = 1; next }
	/DW_AT_inline/ { inl[cur] = $4 + 0; next }
	/DW_AT_declaration/ { decl[cur] = 1; next }
	/DW_AT_type / || /DW_AT_abstract_origin/ {
		r = $NF; gsub(/[<>]/, "", r); sub(/^0x/, "", r)
		if (/DW_AT_type /) type[cur] = r
		else origin[cur] = r
		next
	}
	END {
		# the file names, made paths (DWARF 5: the entries count from
		# 0, the directory 0 is the compilation directory; DWARF 4:
		# from 1, directory 0 the compilation directory)
		for (i in file) {
			d = (fdir[i] in dir) ? dir[fdir[i]] : compdir
			if (fdir[i] == 0 && !(0 in dir)) d = compdir
			p = file[i] ~ /^\// ? file[i] : d "/" file[i]
			if (p !~ /^\//) p = compdir "/" p
			hdr[i] = header(norm(p))
		}
		for (x in tag) {
			t = tag[x]
			if (t == "DW_TAG_subprogram" && (inl[x] == 1 || inl[x] == 3) &&
			    (dfile[x] in hdr) && hdr[dfile[x]] != "") {
				print obj, "inline", name[x], hdr[dfile[x]]
				found = 1
			}
			if (t != "DW_TAG_variable" && t != "DW_TAG_formal_parameter")
				continue
			# of code: in a function defined here (not a prototype,
			# not a function pointer type), or a variable of the unit
			for (a = parent[x]; a != "" && tag[a] != "DW_TAG_subprogram" &&
			     tag[a] != "DW_TAG_subroutine_type" && tag[a] != "DW_TAG_compile_unit"; a = parent[a])
				;
			if (a == "" || tag[a] == "DW_TAG_subroutine_type" ||
			    (tag[a] == "DW_TAG_subprogram" && (a in decl)))
				continue
			y = (x in type) ? type[x] : ((x in origin) && (origin[x] in type) ? type[origin[x]] : "")
			for (n = 0; y != "" && n < 16; n++) {
				u = tag[y]
				if (u == "DW_TAG_structure_type" || u == "DW_TAG_union_type") {
					if ((y in name) && (dfile[y] in hdr) && hdr[dfile[y]] != "") {
						print obj, (u == "DW_TAG_union_type" ? "union" : "struct"), name[y], hdr[dfile[y]]
						found = 1
					}
					break
				}
				if (u != "DW_TAG_pointer_type" && u != "DW_TAG_const_type" &&
				    u != "DW_TAG_volatile_type" && u != "DW_TAG_typedef" &&
				    u != "DW_TAG_array_type" && u != "DW_TAG_restrict_type" &&
				    u != "DW_TAG_atomic_type")
					break
				y = (y in type) ? type[y] : ""
			}
		}
		if (!found)
			print obj, "none"
	}'
done < "$1" | LC_ALL=C sort -u
