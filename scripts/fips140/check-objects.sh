#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check-objects.sh READELF OBJ...
# check-objects.sh --vmlinux-copy READELF OBJ
#
# The objects of crypto-module.a, before they are linked into
# crypto/fips140/fips140.o: refuse, naming the object, what the module
# loader would silently drop or never run.
#
#  - A section that is not on the list below.  Built-in code may put data
#    in sections that only vmlinux's linker script gathers (__modver,
#    .BTF_ids, ...): in a module they are loaded but nobody reads them.
#    The list holds what the module loader, scripts/module.lds.S and
#    crypto/fips140/fips140.lds.S handle; a new kind of section must be
#    checked against them and added here.
#  - An early_param() handler (an .init.setup entry with "early" set):
#    early parameters are parsed in start_kernel(), long before the
#    module is loaded.
#
# With --vmlinux-copy, OBJ is vmlinux's own copy of a moved library object
# (FIPS140_VMLINUX_COPY, scripts/Makefile.build): refuse what would then
# run or register twice, once from vmlinux and once from fips140.ko:
# initcalls, module parameters and __setup() handlers.
set -e

if [ "$1" = --vmlinux-copy ]; then
	twice=$("$2" -SW "$3" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p' |
		grep -E '^(\.initcall.*|\.init\.setup|__param)$' | tr '\n' ' ') || :
	[ -z "$twice" ] && exit 0
	echo "fips140: $3: vmlinux's copy of this object would have sections" \
	     "${twice% }: its initcalls, parameters or __setup() handlers" \
	     "would run in vmlinux and in fips140.ko; mark the entry" \
	     "FIPS140_VMLINUX_COPY_<obj> := n (calls from vmlinux then reach" \
	     "fips140.ko's)" >&2
	exit 1
fi

READELF=$1
shift
[ $# -gt 0 ] || {
	echo "fips140: check-objects.sh: no objects to check (is crypto-module.a empty?)" >&2
	exit 1
}

fail=0
for obj in "$@"; do
	headers=$("$READELF" -SW "$obj") || {
		echo "fips140: cannot read the sections of $obj" >&2
		exit 1
	}
	for sec in $(echo "$headers" |
		     sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
		case $sec in
		# code and data
		.text|.text.*|.noinstr.text|.init.text|.exit.text|\
		.static_call.text|.sched.text|.ref.text|.meminit.text|\
		.data|.data.*|.data..once|.data..do_once|.data..read_mostly|\
		.data..ro_after_init|.data..percpu|.data..percpu..*|\
		.bss|.bss.*|.rodata|.rodata.*|.init.data|.init.rodata|\
		.exit.data|.ref.data|.meminit.data|.meminit.rodata) ;;
		# gathered by fips140.lds for the loader
		.initcall[0-7].init|.initcall[0-7]s.init|.initcallrootfs.init|\
		.initcallrootfss.init|.init.setup|__param) ;;
		# never run, as in vmlinux: the module is never unloaded
		.exitcall.exit) ;;
		# read by modpost or the module loader
		.modinfo|.export_symbol|__patchable_function_entries|\
		__mcount_loc|.smp_locks|__jump_table|__bug_table|__ex_table|\
		.altinstructions|.altinstr_replacement|.altinstr_aux|\
		.parainstructions|.static_call_sites|.retpoline_sites|\
		.return_sites|.call_sites|.ibt_endbr_seal|.orc_unwind|\
		.orc_unwind_ip|.orc_header|__tracepoints|__tracepoints_ptrs|\
		__tracepoints_strings|_ftrace_events|_ftrace_eval_map|\
		__bpf_raw_tp_map|__trace_printk_fmt|__tracepoint_str|\
		__dyndbg|__dyndbg_classes|.printk_index|.init_array|.ctors|\
		.kcfi_traps|__kcrctab|__kcrctab_gpl) ;;
		# constructors by priority, which scripts/module.lds.S sorts
		# into .init_array
		.init_array.*) ;;
		# not loaded: notes, objtool annotations, debug info, ELF
		.note.*|.comment|.discard.*|.debug_*|.rela*|.symtab|\
		.strtab|.shstrtab|.group|.llvm_addrsig|"") ;;
		*)
			echo "fips140: $obj: section $sec is not one that fips140.ko's" \
			     "loader handles (scripts/fips140/check-objects.sh);" \
			     "keep the object in vmlinux with" \
			     "FIPS140_EXCLUDE_<obj> := y, or teach the loader" >&2
			fail=1 ;;
		esac
	done

	# early_param(): struct obs_kernel_param { str, setup_func, early }
	# (include/linux/init.h), "early" an int after two pointers.
	echo "$headers" | grep -q ' \.init\.setup ' || continue
	class=$("$READELF" -hW "$obj" | sed -n 's/^ *Class: *//p')
	case $class in
	ELF64) size=24 early=16 w=16 ;;
	*) size=12 early=8 w=8 ;;
	esac
	dump=$("$READELF" -x .init.setup "$obj") || {
		echo "fips140: cannot read .init.setup of $obj" >&2
		exit 1
	}
	offsets=$(echo "$dump" | awk -v size=$size -v early=$early '
		/^  0x/ {
			for (i = 2; i <= 5; i++)
				if ($i ~ /^[0-9a-f]+$/ && length($i) == 8)
					hex = hex $i
		}
		END {
			n = length(hex) / 2
			for (off = 0; off + size <= n; off += size) {
				v = substr(hex, (off + early) * 2 + 1, 8)
				if (v != "00000000")
					print off
			}
		}')
	[ -n "$offsets" ] || continue
	# the __setup_<fn> symbols of the entries
	ndx=$(echo "$headers" | sed -n 's/^ *\[ *\([0-9]*\)\] \.init\.setup .*/\1/p')
	for off in $offsets; do
		name=$("$READELF" -sW "$obj" | awk -v ndx="$ndx" \
			-v off="$(printf "%0${w}x" "$off")" '
			$7 == ndx && $4 == "OBJECT" && $2 == off {
				sub(/^__setup_/, "", $8); print $8; exit
			}')
		echo "fips140: $obj: early_param() handler ${name:-at .init.setup+$off}" \
		     "cannot run from fips140.ko (early parameters are parsed" \
		     "before it is loaded); keep the object in vmlinux with" \
		     "FIPS140_EXCLUDE_<obj> := y" >&2
		fail=1
	done
done
exit $fail
