#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a test kernel under QEMU and turn what happens into pass/fail.
#
#   run-qemu.sh --kernel IMAGE --initrd CPIO --log LOG [options] [-- GUESTARGS]
#
#   --append STR     extra kernel command line
#   --timeout SEC    give up after SEC seconds (default 180): a failure
#   --expect-panic RE the boot passes only if the kernel panics with a
#                    message matching the extended regexp RE
#   --name NAME      name of the boot (default: the log's name)
#   --accel A        auto (default), tcg or kvm
#   --arch A         x86_64 (default), or another of arch/
#   --qemu-args STR  more QEMU options, e.g. "-icount shift=0,sleep=off"
#   --quiet          do not stream the console while it boots
#
# GUESTARGS go to the guest's /init (see guest/init), e.g. "mode=checks".
#
# The output is one KTAP level (Documentation/dev-tools/ktap.rst): a plan
# line, then one result per check of the guest, then the boot's own
# result, which fails, quoting the offending line, on a kernel panic, an
# oops, a BUG: or WARNING: line, a timeout, a guest that did not finish,
# or one that reported another number of checks than it planned.  With --expect-panic
# the one result is whether the kernel panicked as expected.  A failing
# result follows its reason as "# " lines.  The exit status is 0 only if
# every result passed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernel= initrd= log= append= timeout=180 expect_panic= name=
accel=auto quiet= arch=x86_64
guest=() qargs=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--expect-panic) expect_panic=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	--qemu-args) read -ra qargs <<< "$2"; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--) shift; guest=("$@"); break ;;
	*) echo "run-qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
for v in kernel initrd log; do
	[ -n "${!v}" ] || { echo "run-qemu.sh: --$v is required" >&2; exit 2; }
done
[ -r "$kernel" ] || { echo "run-qemu.sh: no kernel image $kernel" >&2; exit 2; }
[ -n "$name" ] || name=$(basename "$log" .log)
[ ${#guest[@]} -gt 0 ] || guest=(mode=checks)

cache=${FIPS140_CACHE:-$HOME/.cache/fips140-kernel}
# shellcheck source=arch.sh
. "$here/arch.sh"
fips140_arch "$arch" || exit 2
[ -n "$arch_accel" ] && accel=$arch_accel

# KVM exists on some hosts but hangs instead of failing: try it once with
# a short timeout, remember the answer per host and host kernel.
pick_accel()
{
	[ "$accel" != auto ] && { echo "$accel"; return; }
	if [ ! -w /dev/kvm ]; then
		echo tcg
		return
	fi
	local key probe
	key=$(printf '%s %s %s' "$(hostname)" "$(uname -r)" \
		"$(grep -m1 'model name' /proc/cpuinfo)" | md5sum | cut -c1-12)
	probe=$cache/kvm-probe-$key
	if [ ! -f "$probe" ]; then
		mkdir -p "$cache"
		local plog
		plog=$(mktemp)
		timeout -k 2 15 $(arch_qemu kvm) -serial "file:$plog" \
			-kernel "$kernel" -initrd "$initrd" \
			-append "console=$arch_console panic=-1 -- mode=probe" \
			>/dev/null 2>&1
		local rc=$?
		# The guest's qemu-exit 0 makes QEMU exit with status 1.
		if [ $rc -eq 1 ] && grep -q '^fips140-guest: done' "$plog"; then
			echo kvm > "$probe"
		else
			echo tcg > "$probe"
		fi
		rm -f "$plog"
	fi
	cat "$probe"
}

acc=$(pick_accel)
mkdir -p "$(dirname "$log")"
: > "$log"
cmdline="console=$arch_console panic=-1 printk.time=1 $append -- ${guest[*]}"
start=$(date +%s.%N)
# shellcheck disable=SC2046
timeout -k 5 "$timeout" $(arch_qemu "$acc") "${qargs[@]}" -serial "file:$log" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	</dev/null >"$log.qemu" 2>&1 &
qpid=$!
if [ -z "$quiet" ]; then
	tail -n +1 -f --pid=$qpid "$log" 2>/dev/null &
	tpid=$!
fi
wait $qpid
rc=$?
[ -z "$quiet" ] && { sleep 0.2; kill $tpid 2>/dev/null; wait $tpid 2>/dev/null; }
secs=$(echo "$(date +%s.%N) - $start" | bc)
cat "$log.qemu" >> "$log" 2>/dev/null
rm -f "$log.qemu"

# The results, printed as one KTAP level once all are known (the plan
# line comes first): "ok N what", or "# why" lines and "not ok N what".
res_v=() res_what=() res_why=()
nfail=0
result()
{
	res_v+=("$1") res_what+=("${2//#/}") res_why+=("${3:-}")
	[ "$1" = FAIL ] && nfail=$((nfail + 1))
	return 0
}
print_results()
{
	local i n=${#res_v[@]}
	echo "KTAP version 1"
	echo "1..$n"
	for ((i = 0; i < n; i++)); do
		if [ "${res_v[i]}" = SKIP ]; then
			echo "ok $((i + 1)) ${res_what[i]} # SKIP ${res_why[i]}"
			continue
		fi
		[ -n "${res_why[i]}" ] && printf '%s\n' "${res_why[i]}" | sed 's/^/# /'
		if [ "${res_v[i]}" = PASS ]; then
			echo "ok $((i + 1)) ${res_what[i]}"
		else
			echo "not ok $((i + 1)) ${res_what[i]}"
		fi
	done
	[ "$nfail" -eq 0 ]
}

# Strip the console's carriage returns before matching.
clean=$(tr -d '\r' < "$log")
panic_line=$(printf '%s\n' "$clean" | grep -m1 -E 'Kernel panic - not syncing' || true)
bad_line=$(printf '%s\n' "$clean" | grep -m1 -E \
	'(Kernel panic - not syncing|Oops: |Oops - |BUG: |WARNING: |general protection fault)' || true)

printf "# %s: QEMU (%s) exited with %s after %.1f s; log: %s\n" "$name" "$acc" "$rc" "$secs" "$log"

if [ -n "$expect_panic" ]; then
	if [ -n "$panic_line" ] && printf '%s\n' "$panic_line" | grep -qE "$expect_panic"; then
		result PASS "kernel panics as expected" "$panic_line"
	elif [ -n "$panic_line" ]; then
		result FAIL "kernel panics as expected" \
			"panicked, but not with /$expect_panic/: $panic_line"
	elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		result FAIL "kernel panics as expected" \
			"no panic within $timeout s (timeout)"
	else
		result FAIL "kernel panics as expected" \
			"no panic line (QEMU exit $rc); last lines:
$(printf '%s\n' "$clean" | tail -n 5)"
	fi
	print_results
	exit $?
fi

# One result per result line of the guest's KTAP (guest/checks.sh), with
# the "# " lines before a failing one as its reason.
guest_plan= why=
while IFS= read -r line; do
	case $line in
	"# "*)	why=${why:+$why
}${line#\# } ;;
	1..*)	guest_plan=${line#1..} ;;
	"ok "*" # SKIP"*)
		desc=${line#ok * }
		result SKIP "${desc%% # SKIP*}" "${desc#* # SKIP }"; why= ;;
	"ok "*)	result PASS "${line#ok * }"; why= ;;
	"not ok "*)
		result FAIL "${line#not ok * }" "$why"; why= ;;
	*)	why= ;;
	esac
done < <(printf '%s\n' "$clean" | sed -n '/^fips140-guest: \/init/,/^fips140-guest: done/p' |
	grep -E '^((not )?ok [0-9]+ |# |1\.\.[0-9]+$)')
nguest=${#res_v[@]}

done_line=$(printf '%s\n' "$clean" | grep -m1 '^fips140-guest: done' || true)
if [ -z "$arch_debug_exit" ] && [ $rc -eq 0 ] && [ -n "$done_line" ]; then
	# As isa-debug-exit would have it: (status << 1) | 1.
	case $done_line in
	*status=0) rc=1 ;;
	*) rc=3 ;;
	esac
fi
if [ -n "$bad_line" ]; then
	ctx=$(printf '%s\n' "$clean" | grep -m1 -A 6 -F -- "$bad_line")
	result FAIL "boot: kernel log clean" "$ctx"
elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	result FAIL "boot: guest finished" "timeout after $timeout s; last lines:
$(printf '%s\n' "$clean" | tail -n 5)"
elif [ -z "$done_line" ]; then
	result FAIL "boot: guest finished" "QEMU exited ($rc) before the guest \
finished; last lines:
$(printf '%s\n' "$clean" | tail -n 5)"
elif [ $rc -ne 1 ] && [ $rc -ne 3 ]; then
	result FAIL "boot: guest finished" "QEMU exit status $rc (no verdict \
from the guest)"
elif [ -n "$guest_plan" ] && [ "$guest_plan" -ne "$nguest" ]; then
	result FAIL "boot: guest finished" "the guest planned $guest_plan \
checks and reported $nguest"
else
	result PASS "boot: kernel log clean, guest finished"
	# The guest's own verdict must agree with its results.
	if [ $rc -eq 3 ] && [ $nfail -eq 0 ]; then
		result FAIL "guest verdict" "guest reported failure without a \
failing check"
	fi
fi

print_results
