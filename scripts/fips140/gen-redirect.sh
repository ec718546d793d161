#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# gen-redirect.sh NM READELF FIPS140_KO FIPS140_SYMVERS VMLINUX_O OUT_S OUT_WRAP [COPIES_A]
#
# Generate the vmlinux side of fips140.ko from what vmlinux.o references
# and what the module exports (its symvers), on every build:
#
#  - for each exported function of the module that vmlinux calls, a
#    trampoline __wrap_<name> (FIPS140_TRAMPOLINE, asm/fips140.h) and a
#    --wrap=<name> line for the final link of vmlinux;
#  - for each exported variable that vmlinux reaches through its header
#    (FIPS140_DECLARE_VAR, include/linux/fips140.h), the pointer
#    __fips140_var_<name>, read-only after init;
#  - the tables the loader walks to plug them in.
#
# Fails, naming the symbol, when
#  - vmlinux references a symbol of the module that the module does not
#    export, or a variable of the module directly;
#  - a global symbol of the module is also defined in vmlinux, weak or
#    not: the link would keep vmlinux's definition (a weak default, say)
#    and never reach the module's.  The exception are vmlinux's own,
#    unexported copies of library code (FIPS140_VMLINUX_COPY), the
#    objects of the archive COPIES_A: their symbols are vmlinux's;
#  - a function vmlinux calls is not in the module's resident text
#    (.init.text is freed), or a variable it reads is not in its data
#    (per-CPU data has no single address): the loader would refuse it.
set -e

NM=$1
READELF=$2
ko=$3
symvers=$4
vmlinux_o=$5
out_s=$6
out_wrap=$7
copies=${8:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$NM" --defined-only "$ko" > "$tmp/defined"
"$NM" -u "$vmlinux_o" > "$tmp/undefined"

# Global in the module, defined in vmlinux with any binding
"$NM" --defined-only "$vmlinux_o" > "$tmp/vmlinux-defined"
awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $3, $2 }' "$tmp/vmlinux-defined" |
	LC_ALL=C sort -u -k1,1 > "$tmp/vmlinux-globals"
awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $3 }' "$tmp/defined" |
	LC_ALL=C sort -u > "$tmp/module-globals"
if [ -n "$copies" ]; then
	# (and the __pfx_ symbols objtool gives their functions in vmlinux.o)
	"$NM" -g --defined-only "$copies" |
		awk 'NF == 3 { print $3; print "__pfx_" $3 }' |
		LC_ALL=C sort -u > "$tmp/copies"
	LC_ALL=C comm -23 "$tmp/module-globals" "$tmp/copies" > "$tmp/not-copied"
	mv "$tmp/not-copied" "$tmp/module-globals"
fi
LC_ALL=C join "$tmp/module-globals" "$tmp/vmlinux-globals" > "$tmp/both"
if [ -s "$tmp/both" ]; then
	while read -r name type; do
		case $type in
		[WV]) how="a weak definition" ;;
		*) how="a definition" ;;
		esac
		echo "fips140: $name is defined in $ko and vmlinux.o has" \
		     "$how of it too: calls would not reach the module;" \
		     "keep one definition (FIPS140_EXCLUDE_<obj> := y keeps" \
		     "an object in vmlinux)" >&2
	done < "$tmp/both"
	exit 1
fi

awk -v tmp="$tmp" -v ko="$ko" '
FILENAME ~ /symvers$/ { exported[$2] = 1; next }
FILENAME ~ /defined$/ && FILENAME !~ /undefined$/ {
	if (NF == 3 && $2 ~ /^[A-Z]$/)
		type[$3] = $2
	next
}
FILENAME ~ /undefined$/ {
	name = $NF
	if (name ~ /^__fips140_var_/) {
		var = substr(name, length("__fips140_var_") + 1)
		if (!(var in exported) || type[var] !~ /^[DRBVG]$/) {
			printf "fips140: vmlinux uses FIPS140_VAR(%s), but %s " \
			       "does not export a variable %s\n", var, ko, var \
			       > "/dev/stderr"
			errors++
		} else
			vars[var] = 1
		next
	}
	if (!(name in type))
		next
	if (!(name in exported)) {
		printf "fips140: vmlinux references %s, which %s defines " \
		       "but does not export\n", name, ko > "/dev/stderr"
		errors++
	} else if (type[name] ~ /^[TW]$/) {
		funcs[name] = 1
	} else {
		printf "fips140: vmlinux references the variable %s of %s " \
		       "directly; declare it in its header with " \
		       "FIPS140_DECLARE_VAR() (include/linux/fips140.h)\n", \
		       name, ko > "/dev/stderr"
		errors++
	}
}
END {
	for (f in funcs)
		print f > (tmp "/funcs")
	for (v in vars)
		print v > (tmp "/vars")
	exit errors ? 1 : 0
}' "$symvers" "$tmp/defined" "$tmp/undefined"

touch "$tmp/funcs" "$tmp/vars"
LC_ALL=C sort -o "$tmp/funcs" "$tmp/funcs"
LC_ALL=C sort -o "$tmp/vars" "$tmp/vars"

# The section of each function and variable vmlinux uses: resident text
# for the first, resident, not per-CPU, data for the others.
"$READELF" -SW "$ko" | sed -n 's/^ *\[ *\([0-9]*\)\] \([^ ]*\) .*/\1 \2/p' \
	> "$tmp/sections"
"$READELF" -sW "$ko" | awk '$5 == "GLOBAL" || $5 == "WEAK" { print $8, $7 }' \
	> "$tmp/symbols"
awk -v tmp="$tmp" -v ko="$ko" '
FILENAME ~ /sections$/ { sec[$1] = $2; next }
FILENAME ~ /symbols$/ { ndx[$1] = $2; next }
{
	func_ = FILENAME ~ /funcs$/
	s = sec[ndx[$1]]
	if (s != "" && s !~ /^\.(init|exit)[._]/ && (func_ || s !~ /percpu/))
		next
	printf "fips140: vmlinux uses the export %s of %s, which is in " \
	       "its section %s: it must be in resident %s\n", $1, ko, s, \
	       func_ ? "text" : "data, not per-CPU" > "/dev/stderr"
	errors++
}
END { exit errors ? 1 : 0 }' "$tmp/sections" "$tmp/symbols" "$tmp/funcs" "$tmp/vars"

# key_table KIND LIST TARGET: the names of the symbols in LIST and the
# table __fips140_keys_KIND_start..end of {name, TARGET<symbol>} pairs
# that the loader walks.  The trampolines (asm/fips140.h) pass their
# function's name, .L__fips140_fn_name_<name>, to its unplugged handler.
key_table()
{
	echo "	.pushsection .init.rodata, \"a\""
	while read -r s; do
		echo ".L__fips140_${1}_name_$s:"
		echo "	.asciz \"$s\""
	done < "$2"
	echo "	.balign 8"
	echo "	.globl __fips140_keys_$1_start"
	echo "__fips140_keys_$1_start:"
	while read -r s; do
		echo "	.quad .L__fips140_${1}_name_$s, $3$s"
	done < "$2"
	echo "	.globl __fips140_keys_$1_end"
	echo "__fips140_keys_$1_end:"
	echo "	.popsection"
}

{
	echo "/* SPDX-License-Identifier: GPL-2.0 */"
	echo "/* Generated by scripts/fips140/gen-redirect.sh from $ko: do not edit. */"
	echo "#include <asm/fips140.h>"
	echo
	sed 's/^/	FIPS140_TRAMPOLINE /' "$tmp/funcs"
	echo
	key_table fn "$tmp/funcs" .L__fips140_jump_
	echo
	echo "	.pushsection .data..ro_after_init, \"aw\""
	echo "	.balign 8"
	while read -r v; do
		echo "	.globl __fips140_var_$v"
		echo "__fips140_var_$v:"
		echo "	.quad 0"
	done < "$tmp/vars"
	echo "	.popsection"
	echo
	key_table var "$tmp/vars" __fips140_var_
} > "$out_s.tmp"

sed 's/^/--wrap=/' "$tmp/funcs" > "$out_wrap.tmp"
mv "$out_s.tmp" "$out_s"
mv "$out_wrap.tmp" "$out_wrap"
