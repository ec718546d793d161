#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side checks of the fips140 builds, sourced by mk/check.sh (which
# provides t, KDEV and REPO_ROOT).  Each function is one check: it prints
# what it found and returns non-zero on failure.

# The build dir of a config (memoized: the suite asks often)
declare -A OUT_OF
out_of()
{
	local k=$1${2:-}
	[ -n "${OUT_OF[$k]:-}" ] ||
		OUT_OF[$k]=$($KDEV paths "$1" ${2:-} | sed -n 's/^out=//p')
	echo "${OUT_OF[$k]}"
}
src_of() { $KDEV paths "$1" ${2:-} | sed -n 's/^src=//p'; }

# tools/testing/fips140/check-build.sh refuses what it cannot check,
# naming it, and fails a build whose exports are not partitioned (here:
# OFF= names the feature-on build itself, whose vmlinux lacks the
# module's exports), one whose embedded digest is not the HMAC with its
# key, and a "production" build with fault injection; it skips the
# offline check of a prebuilt module.
check_build_errors()
{
	local sh o off out rc=0 d
	sh=$(src_of "$1")/tools/testing/fips140/check-build.sh
	o=$(out_of "$1")
	off=$(out_of "$2")
	d=$(mktemp -d)
	expect_error()
	{
		local want=$1 out
		shift
		out=$(bash "$sh" "$@" 2>&1)
		[ $? -eq 2 ] && printf '%s\n' "$out" | grep -qF -- "$want" ||
			{ echo "check-build.sh $*: not an error saying '$want':"; echo "$out"; rc=1; }
	}
	expect_error "O= is required" OFF="$off"
	expect_error "unknown argument 'X=1' (known: O=, OFF=, MODULES=, PRISTINE=)" O="$o" X=1
	expect_error "O=$d holds no vmlinux" O="$d"
	expect_error "O=$off has the feature off: give PRISTINE=" O="$off"
	expect_error "PRISTINE= needs O= with the feature off" O="$o" PRISTINE="$off"
	rm -rf "$d"
	out=$(bash "$sh" O="$o" OFF="$o" 2>&1) && { echo "OFF=O passed:"; echo "$out"; rc=1; }
	printf '%s\n' "$out" | grep -q '^not ok 4 vmlinux and fips140.ko export what the feature-off vmlinux does' ||
		{ echo "no failed export check:"; echo "$out"; rc=1; }
	printf '%s\n' "$out" | grep -q '^# Totals: pass:6 fail:1 ' ||
		{ echo "not one failure:"; echo "$out"; rc=1; }
	# The offline check, on a copy of the build (symbolic links) whose
	# config has another key, then says the module is a prebuilt one
	d=$(mktemp -d)
	cp -as "$o" "$d/o" || rc=1
	rm "$d/o/include/config/auto.conf" "$d/o/.config"
	sed 's/^\(CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY=\).*/\1another key/' \
		"$o/include/config/auto.conf" > "$d/o/include/config/auto.conf"
	cp "$o/.config" "$d/o/.config"
	out=$(bash "$sh" O="$d/o" 2>&1) && { echo "another key passed:"; echo "$out"; rc=1; }
	printf '%s\n' "$out" | grep -q '^# vmlinux: embedded [0-9a-f]*, openssl [0-9a-f]*$' &&
		printf '%s\n' "$out" | grep -q '^not ok 7 offline: ' ||
		{ echo "no failed offline check:"; echo "$out"; rc=1; }
	# a test build whose config says it is a production build: its
	# fault injection is found
	sed -i '/^CONFIG_CRYPTO_FIPS140_EXTMOD_TEST=y/d' "$d/o/.config"
	out=$(bash "$sh" O="$d/o" 2>&1)
	printf '%s\n' "$out" | grep -q '^# in vmlinux$' &&
		printf '%s\n' "$out" | grep -q '^not ok 8 a production build ' ||
		{ echo "the fault injection of a test build is not found:"; echo "$out"; rc=1; }
	echo 'CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT=y' >> "$d/o/.config"
	out=$(bash "$sh" O="$d/o" 2>&1)
	printf '%s\n' "$out" | grep -q '^# a prebuilt module (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT): its module set has its digest$' &&
		printf '%s\n' "$out" | grep -q '^ok 7 offline: .* # SKIP' ||
		{ echo "the offline check of a prebuilt module is not skipped:"; echo "$out"; rc=1; }
	rm -rf "$d"
	return $rc
}

modinfo_fips140()
{
	local o ko f
	o=$(out_of "$1")
	ko=$(find "$o/modinst/lib/modules" -name 'fips140.ko*')
	[ -n "$ko" ] || { echo "make modules_install did not install fips140.ko"; return 1; }
	for f in name version license description vermagic; do
		[ -n "$(modinfo -F $f "$ko")" ] || { echo "modinfo: no $f"; return 1; }
	done
	modinfo "$ko" | grep -E '^(filename|name|version|license|description|vermagic|signer):'
}

help_lists_target()
{
	local out
	out=$(make -s -C "$(src_of "$1")" O="$(out_of "$1")" help) || return 1
	echo "$out" | grep 'fips140-ready' && echo "$out" | grep 'fips140-check'
}

# modpost of fips140.ko takes the options of any module's: W=1
# (KBUILD_EXTRA_WARN) adds -W, make -i adds -n (seen with make -n, which
# prints the commands and runs none)
modpost_options()
{
	local out line o rc=0
	out=$(make -n -i -C "$(src_of "$1")" O="$(out_of "$1")" W=1 fips140-ready 2>&1)
	line=$(printf '%s\n' "$out" | grep -m1 'scripts/mod/modpost .*crypto/fips140/fips140\.o')
	[ -n "$line" ] || { echo "make -n fips140-ready runs no modpost of fips140.o:"; printf '%s\n' "$out" | tail -n 5; return 1; }
	line=${line#*scripts/mod/modpost }
	line="modpost ${line%%;*}"
	for o in -W -n; do
		case " $line " in
		*" $o "*) ;;
		*) echo "no $o"; rc=1 ;;
		esac
	done
	echo "$line"
	return $rc
}

# A misspelt FIPS140_INCLUDE_, FIPS140_EXCLUDE_ or FIPS140_VMLINUX_COPY_
# marker fails the build, naming it, instead of marking nothing.
misspelt_marker()
{
	local d out entry marker what rc=0
	d=$(mktemp -d)
	echo 'int present;' > "$d/present.c"
	while IFS='|' read -r entry marker what; do
		printf '%s += present.o\n%s\n' "$entry" "$marker" > "$d/Kbuild"
		out=$(make -s -C "$(src_of "$1")" O="$(out_of "$1")" M="$d" modules 2>&1)
		printf '%s\n' "$out" | grep -F "$d/Kbuild: ${marker%% *}: presnt.o is no $what entry" && continue
		echo "$marker: no error naming it"
		printf '%s\n' "$out" | head -n 5
		rc=1
	done <<-EOF
	obj-y|FIPS140_INCLUDE_presnt.o := y|obj-
	crypto-objs-y|FIPS140_EXCLUDE_presnt.o := y|crypto-objs-
	crypto-objs-y|FIPS140_VMLINUX_COPY_presnt.o := n|crypto-objs-
	EOF
	rm -rf "$d"
	return $rc
}

# A crypto-objs entry without a source fails the build, naming it
missing_object()
{
	local d out
	d=$(mktemp -d)
	printf 'crypto-objs-y += present.o\ncrypto-objs-m += no-such-file.o\n' > "$d/Kbuild"
	echo 'int present;' > "$d/present.c"
	out=$(make -s -C "$(src_of "$1")" O="$(out_of "$1")" M="$d" modules 2>&1)
	local rc=$?
	rm -rf "$d"
	[ $rc -ne 0 ] || { echo "the build succeeded"; return 1; }
	echo "$out" | grep -E "crypto-objs-m: no-such-file.o: .*no-such-file.c.* does not exist" ||
		{ echo "$out"; return 1; }
}

# The kernel's initcalls (PID 1), in the order a boot ran them
# (initcall_debug), names only; not the init functions of modules that
# modprobe loads, nor fips140's own init and test hooks.
initcall_sequence()
{
	tr -d '\r' < "$1" | sed -n 's/.*\] calling  \([^+]*\)+.* @ 1$/\1/p' |
		grep -v -e '^fips140_init$' -e '^fips140_test_'
}

# The moved initcalls run at the same levels, in the same order, as
# built in: the whole initcall sequence of the boot is unchanged.
initcall_order()
{
	local off on n
	off=$(out_of minimal)/logs/boot.log
	on=$(out_of "$1")/logs/boot.log
	initcall_sequence "$off" > "$on.initcalls.off"
	initcall_sequence "$on" > "$on.initcalls.on"
	n=$(tr -d '\r' < "$on" | grep -c 'calling  .*\[fips140\]')
	[ "$n" -gt 10 ] || { echo "only $n initcalls of fips140 in the log"; return 1; }
	if ! diff -u "$on.initcalls.off" "$on.initcalls.on" > "$on.diff" 2>&1; then head -n 30 "$on.diff"; return 1; fi
	echo "$(wc -l < "$on.initcalls.on") initcalls in the same order, $n of them in fips140.ko"
}

# Kernel time from start to /init, from the printk timestamp
init_time()
{
	tr -d '\r' < "$1" | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n 1
}

# Boot time to /init, feature on vs off, interleaved boots, medians, with
# the same initramfs (no modules: unpacking the 1.4 MB of an installed
# fips140.ko, which the kernel does not load, is no cost of the kernel's).
# The integrity self-test, which the module must run before it serves, logs
# its own time: it is subtracted from the feature's boots and reported
# on its own (under TCG its SHA-256 of the image is emulated, and costs
# about a twentieth of a boot; natively a few milliseconds).  The bound is
# 15%: under TCG, loading the 1.4 MB module (relocations, symbols) is pure
# emulated compute and costs about a tenth of a boot by itself, where
# the rest of a boot is largely waiting; the medians are reported.
boot_time_ratio()
{
	local i a b it ta=() tb=() ti=() sa sb si ma mb la lb ratio n=9
	# Interleaved (A B A B ...).  Under TCG a boot's time varies by
	# +-15% with the host's scheduling, and a single boot of either side
	# can be far off (1.56 s among 1.9-2.3 s): the medians of n boots are
	# compared (the best are reported).
	for i in $(seq $n); do
		bash "$REPO_ROOT/mk/boot.sh" --config minimal --name time --quiet \
			--no-modules -- mode=probe > /dev/null || return 1
		a=$(init_time "$(out_of minimal)/logs/time.log")
		bash "$REPO_ROOT/mk/boot.sh" --config "$1" --name time --quiet \
			--no-modules -- mode=probe > /dev/null || return 1
		b=$(init_time "$(out_of "$1")/logs/time.log")
		[ -n "$a" ] && [ -n "$b" ] || { echo "no 'Run /init' line"; return 1; }
		# vmlinux's check before the load and the module's own test
		it=$(sed -n -e 's/.*fips140: integrity: .* verified in \([0-9]*\) us.*/\1/p' \
			-e 's/.*fips140: the embedded image .* is intact: checked before the load in \([0-9]*\) us.*/\1/p' \
			"$(out_of "$1")/logs/time.log" | awk '{ n++; t += $1 } END { if (n == 2) print t }')
		[ -n "$it" ] || { echo "not the two integrity lines, vmlinux's and the module's"; return 1; }
		b=$(echo "scale=6; $b - $it / 1000000" | bc)
		ta+=("$a"); tb+=("$b"); ti+=("$it")
	done
	mapfile -t si < <(printf '%s\n' "${ti[@]}" | sort -n)
	echo "integrity checks (vmlinux's and the module's): median ${si[(n - 1) / 2]} us of each boot with the feature (subtracted below)"
	mapfile -t sa < <(printf '%s\n' "${ta[@]}" | sort -n)
	mapfile -t sb < <(printf '%s\n' "${tb[@]}" | sort -n)
	la=${sa[0]} lb=${sb[0]} ma=${sa[(n - 1) / 2]} mb=${sb[(n - 1) / 2]}
	ratio=$(echo "scale=3; $mb / $ma" | bc)
	echo "to /init: off ${ta[*]} s, on ${tb[*]} s; medians $ma / $mb s, ratio $ratio" \
	     "(best $la / $lb s, ratio $(echo "scale=3; $lb / $la" | bc); $n boots each, TCG)"
	[ "$(echo "$ratio <= 1.15" | bc)" = 1 ]
}

# make bench --quick (mk/bench.py): one boot of each kind of minimal and
# minimal-fips140, few iterations.  What it measured is there, as numbers
# (not their values): the calls in each form, the trampoline on the
# feature's side, the 16 throughput points, boot and memory; the plot is
# a PNG.  fips140_bench.ko refuses a trampoline address that is not the
# function's (the guest's bench_swap=1), and bench.py a log without the
# measurements, no runs, and a guest whose clock is jiffies (three tries).
bench_quick()
{
	local md=$WORK/bench/latest.md out n pairs
	rm -f "$md" "$WORK/bench/latest.png"
	out=$(/usr/bin/python3 -B "$REPO_ROOT/mk/bench.py" --quick 2>&1) ||
		{ echo "$out" | tail -n 20; return 1; }
	# one section per pair: minimal's, and arm64's where both are built
	pairs=$(grep -cE '^### [a-z0-9-]+ \(off\) vs [a-z0-9-]+ \(on\)$' "$md")
	[ "$pairs" -ge 1 ] || { echo "no pair section"; cat "$md"; return 1; }
	n=$(grep -cE '^\| (shash_tfm_digest|skcipher_encrypt) \| (direct|pointer) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$' "$md")
	[ "$n" = $((4 * pairs)) ] || { echo "$n of $((4 * pairs)) call rows with numbers:"; cat "$md"; return 1; }
	n=$(grep -cE '^\| shash_tfm_digest \| trampoline \| - \| [0-9.]+ \| - \| [0-9.]+ \| - \|$' "$md")
	[ "$n" = "$pairs" ] || { echo "$n of $pairs trampoline rows:"; cat "$md"; return 1; }
	n=$(grep -cE '^\| [a-z0-9()]+ \| [0-9]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$' "$md")
	[ "$n" = $((16 * pairs)) ] || { echo "$n of $((16 * pairs)) throughput rows:"; cat "$md"; return 1; }
	grep -qE '^\*\*Boot\*\* to /init, s \(TCG\): off [0-9.]+, on [0-9.]+, ratio [0-9.]+; the integrity self-test.s own time: [0-9.]+ ms' "$md" ||
		{ echo "no boot line"; cat "$md"; return 1; }
	grep -qE '^\| fips140 in /proc/modules \(resident\) \| - \| [0-9]+ ' "$md" ||
		{ echo "no module size"; cat "$md"; return 1; }
	file "$WORK/bench/latest.png" | grep -q 'PNG image' || { echo "no PNG plot"; return 1; }
	out=$(bash "$REPO_ROOT/tools/testing/fips140/run-qemu.sh" --quiet \
		--kernel "$(out_of minimal-fips140)/arch/x86/boot/bzImage" \
		--initrd "$WORK/bench/initramfs-minimal-fips140.cpio" \
		--log "$WORK/bench/logs/swap.log" -- mode=bench bench_iters=10 bench_ms=1 bench_swap=1 2>&1) &&
		{ echo "a swapped trampoline address was not refused"; return 1; }
	echo "$out" | grep -q 'is __wrap_crypto_shash_tfm_digest, not __wrap_crypto_skcipher_encrypt' ||
		{ echo "$out"; return 1; }
	out=$(cd "$REPO_ROOT/mk" && /usr/bin/python3 -B -c 'import sys, bench
try:
    bench.parse(open(sys.argv[1]).read().replace("\r", "").replace("afalg", "x"))
except bench.Error as e:
    print(e)' "$WORK/bench/logs/minimal-tcg-0.log")
	[ "$out" = "the bench boot printed no complete measurement" ] || { echo "parse: $out"; return 1; }
	out=$(/usr/bin/python3 -B "$REPO_ROOT/mk/bench.py" --quick --append clocksource=jiffies 2>&1) &&
		{ echo "a jiffies clock was taken"; return 1; }
	[ "$(echo "$out" | grep -c 'minimal: clocksource [a-z-]*jiffies (the TSC.s calibration failed), booting again')" = 3 ] &&
		echo "$out" | grep -q '^bench: minimal: three boots without a TSC clocksource$' ||
		{ echo "$out"; return 1; }
	out=$(/usr/bin/python3 -B "$REPO_ROOT/mk/bench.py" --runs 0 2>&1) && return 1
	[ "$out" = "bench: --runs 0: at least one run of each kind" ] || { echo "$out"; return 1; }
	echo "$pairs pair(s): numbers in every row; a swapped address refused; an incomplete log refused"
}

# The fips140.ko image embedded in vmlinux, written to $2
embedded_image()
{
	local start end off p=${3:-__fips140_image}
	start=$(nm "$1" | awk -v s="${p}_start" '$3 == s { print $1 }')
	end=$(nm "$1" | awk -v s="${p}_end" '$3 == s { print $1 }')
	[ -n "$start" ] && [ -n "$end" ] || { echo "no ${p}_start/_end in $1"; return 1; }
	# file offset of $start, from the section that holds it
	local name type addr o size
	while read -r name type addr o size; do
		[ "$type" != NOBITS ] || continue
		if [ $((0x$start)) -ge $((0x$addr)) ] &&
		   [ $((0x$start)) -lt $((0x$addr + 0x$size)) ]; then
			off=$((0x$start - 0x$addr + 0x$o))
			break
		fi
	done < <(readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		 awk 'NF >= 5 { print $1, $2, $3, $4, $5 }')
	[ -n "$off" ] || { echo "cannot locate the image in $1"; return 1; }
	dd if="$1" of="$2" bs=64K iflag=skip_bytes,count_bytes status=none \
		skip="$off" count=$((0x$end - 0x$start))
}

# Touching one crypto source rebuilds fips140.ko and re-embeds it
reembeds_after_touch()
{
	local o src ko k0 v0
	o=$(out_of "$1")
	src=$(src_of "$1")
	ko=$o/crypto/fips140/fips140.ko
	k0=$(stat -c %.9Y "$ko")
	v0=$(stat -c %.9Y "$o/vmlinux")
	mkdir -p "$o/logs"
	touch "$src/crypto/sha256_generic.c"
	$KDEV build "$1" --quiet > "$o/logs/touch-build.log" 2>&1 ||
		{ tail "$o/logs/touch-build.log"; return 1; }
	[ "$(stat -c %.9Y "$ko")" != "$k0" ] || { echo "fips140.ko was not rebuilt"; return 1; }
	[ "$(stat -c %.9Y "$o/vmlinux")" != "$v0" ] || { echo "vmlinux was not relinked"; return 1; }
	embedded_image "$o/vmlinux" "$o/embedded.ko" || return 1
	cmp "$o/embedded.ko" "$ko" || return 1
	echo "fips140.ko rebuilt and embedded ($(stat -c %s "$ko") bytes, identical)"
}

# An external module (make M=) that uses the crypto API builds against
# the build's Module.symvers and depends on fips140.ko
external_module()
{
	local o src d out dep
	o=$(out_of "$1")
	src=$(src_of "$1")
	d=$(mktemp -d)
	cat > "$d/fips140_ext.c" <<-'EOC'
	// SPDX-License-Identifier: GPL-2.0
	#include <linux/err.h>
	#include <linux/module.h>
	#include <crypto/hash.h>

	static int __init fips140_ext_init(void)
	{
		struct crypto_shash *tfm = crypto_alloc_shash("sha256", 0, 0);

		if (IS_ERR(tfm))
			return PTR_ERR(tfm);
		crypto_free_shash(tfm);
		return 0;
	}
	module_init(fips140_ext_init);
	MODULE_DESCRIPTION("An external module using the crypto API");
	MODULE_LICENSE("GPL");
	EOC
	echo 'obj-m += fips140_ext.o' > "$d/Kbuild"
	out=$(make -s -C "$src" O="$o" M="$d" modules 2>&1) ||
		{ echo "$out"; rm -rf "$d"; return 1; }
	dep=$(modinfo -F depends "$d/fips140_ext.ko")
	rm -rf "$d"
	[ "$dep" = fips140 ] || { echo "depends: '$dep', not fips140"; return 1; }
	echo "built; depends: $dep"
}

# With CONFIG_DEBUG_INFO_BTF_MODULES: the other modules have BTF, the
# embedded fips140.ko has none (it is linked before vmlinux)
btf_modules()
{
	local o ko n=0
	o=$(out_of "$1")
	for ko in $(find "$o" -path "$o/modinst" -prune -o -name '*.ko' -print); do
		case $ko in
		*/fips140.ko)
			readelf -SW "$ko" | grep ' \.BTF ' > /dev/null &&
				{ echo "fips140.ko has BTF"; return 1; } ;;
		*)
			readelf -SW "$ko" | grep ' \.BTF ' > /dev/null ||
				{ echo "$ko has no BTF"; return 1; }
			n=$((n + 1)) ;;
		esac
	done
	[ $n -gt 0 ] || { echo "no modules"; return 1; }
	echo "$n modules with BTF; fips140.ko without"
}

# With CONFIG_DEBUG_INFO_BTF_MODULES the embedded module's BTF is in
# vmlinux beside the image (__fips140_btf_image_start/_end), byte for
# byte what scripts/fips140/gen-btf.sh generated; the image, fips140.ko,
# is unchanged: no .BTF in it, and the image embedded is fips140.ko
btf_embedded()
{
	local o d
	o=$(out_of "$1")
	btf_modules "$1" || return 1
	[ -s "$o/crypto/fips140/fips140.btf" ] ||
		{ echo "no crypto/fips140/fips140.btf"; return 1; }
	d=$(mktemp -d)
	embedded_image "$o/vmlinux" "$d/btf" __fips140_btf_image || { rm -rf "$d"; return 1; }
	embedded_image "$o/vmlinux" "$d/image" || { rm -rf "$d"; return 1; }
	cmp "$d/btf" "$o/crypto/fips140/fips140.btf" ||
		{ rm -rf "$d"; echo "vmlinux's copy of the BTF is not crypto/fips140/fips140.btf"; return 1; }
	cmp "$d/image" "$o/crypto/fips140/fips140.ko" ||
		{ rm -rf "$d"; echo "the embedded image is not crypto/fips140/fips140.ko"; return 1; }
	# split BTF (magic 0xeb9f, then a header whose string section starts
	# at 0 of its own): bpftool reads it against vmlinux's
	bpftool -B "$o/vmlinux" btf dump file "$d/btf" > "$d/dump" ||
		{ rm -rf "$d"; echo "bpftool cannot read the BTF against vmlinux's"; return 1; }
	grep -q "STRUCT 'fips140_approval'" "$d/dump" ||
		{ rm -rf "$d"; echo "no struct fips140_approval in it"; return 1; }
	echo "BTF of $(wc -c < "$d/btf") bytes, $(grep -c '^\[' "$d/dump") types, in vmlinux's init data; the image is fips140.ko"
	rm -rf "$d"
}

# gen-btf.sh refuses debug info that is not the embedded module's (no
# fips140.ko.debug, another build ID), naming the files
gen_btf_refuses()
{
	local o src d out rc=0
	o=$(out_of "$1")
	src=$(src_of "$1")
	d=$(mktemp -d)
	mkdir -p "$d/include/config" "$d/crypto/fips140"
	grep -v DUAL_VERSION "$o/include/config/auto.conf" > "$d/include/config/auto.conf"
	cp "$o/crypto/fips140/fips140.ko" "$d/crypto/fips140/"
	out=$(cd "$d" && sh "$src/scripts/fips140/gen-btf.sh" "$o/vmlinux" 2>&1) &&
		{ echo "no .debug: accepted"; rc=1; }
	echo "$out"
	echo "$out" | grep -qF 'fips140: BTF: no crypto/fips140/fips140.ko.debug, the debug info of crypto/fips140/fips140.ko that its BTF is generated from' || rc=1
	# a build ID of another module
	objcopy -O binary --only-section=.note.gnu.build-id "$o/crypto/fips140/fips140.ko" "$d/note"
	printf '\377\377\377\377' | dd of="$d/note" bs=1 seek=$(( $(wc -c < "$d/note") - 4 )) conv=notrunc status=none
	objcopy --update-section .note.gnu.build-id="$d/note" \
		"$o/crypto/fips140/fips140.ko.debug" "$d/crypto/fips140/fips140.ko.debug"
	out=$(cd "$d" && sh "$src/scripts/fips140/gen-btf.sh" "$o/vmlinux" 2>&1) &&
		{ echo "another build ID: accepted"; rc=1; }
	echo "$out"
	echo "$out" | grep -qE 'fips140: BTF: crypto/fips140/fips140.ko.debug is not the debug info of crypto/fips140/fips140.ko: build ID [0-9a-f]+ffffffff, the module.s [0-9a-f]{40}' || rc=1
	rm -rf "$d"
	return $rc
}

# initcall-placeholders.sh: a __setup() handler of a moved object gets a
# placeholder in vmlinux's .init.setup for the same parameter; a handler
# whose string it cannot find or copy is refused, named
setup_placeholders()
{
	local src d out rc=0
	src=$(src_of minimal-fips140)
	d=$(mktemp -d)
	mkdir -p "$d/include/config"
	echo CONFIG_CRYPTO_FIPS140_LOAD_LEVEL=2 > "$d/include/config/auto.conf"
	for p in 'ok_setup "ok_param="' 'bad_setup "bad*x="'; do
		set -- $p
		cc_obj "$d/$1.o" <<-EOC
		struct obs_kernel_param { const char *str; int (*fn)(char *); int early; };
		static int $1(char *s) { return 1; }
		static const char __setup_str_$1[] __attribute__((section(".init.rodata"), aligned(1))) = $2;
		static struct obs_kernel_param __setup_$1
			__attribute__((used, section(".init.setup"), aligned(8))) =
			{ __setup_str_$1, $1, 0 };
		EOC
	done
	(cd "$d" && sh "$src/scripts/fips140/initcall-placeholders.sh" readelf ok_setup.o ok.S 4) ||
		{ rm -rf "$d"; echo "ok_setup.o refused"; return 1; }
	gcc -c -o "$d/ok.o" "$d/ok.S" || { rm -rf "$d"; echo "ok.S does not assemble"; return 1; }
	readelf -SW "$d/ok.o" | grep -qE ' \.init\.setup +PROGBITS +[0-9a-f]+ [0-9a-f]+ 000018 ' ||
		{ echo "no 24-byte .init.setup in the placeholders"; rc=1; }
	readelf -rW "$d/ok.o" | grep -q __fips140_setup_placeholder ||
		{ echo "the placeholder does not point at __fips140_setup_placeholder"; rc=1; }
	objcopy -O binary --only-section=.init.rodata "$d/ok.o" "$d/str"
	grep -qa 'ok_param=' "$d/str" || { echo "the placeholder's parameter is not ok_param="; rc=1; }
	out=$(cd "$d" && sh "$src/scripts/fips140/initcall-placeholders.sh" readelf bad_setup.o bad.S 4 2>&1) &&
		{ echo "bad_setup.o accepted"; rc=1; }
	echo "$out"
	echo "$out" | grep -qF 'fips140: bad_setup.o: __setup("bad*x=") of bad_setup: not a parameter name this can copy' || rc=1
	# a handler without its __setup_str_ (as an entry written by hand)
	cc_obj "$d/nostr.o" <<-'EOC'
	struct obs_kernel_param { const char *str; int (*fn)(char *); int early; };
	static int h(char *s) { return 1; }
	static const char s1[] = "nostr=";
	static struct obs_kernel_param __setup_h
		__attribute__((used, section(".init.setup"), aligned(8))) = { s1, h, 0 };
	EOC
	out=$(cd "$d" && sh "$src/scripts/fips140/initcall-placeholders.sh" readelf nostr.o nostr.S 4 2>&1) &&
		{ echo "nostr.o accepted"; rc=1; }
	echo "$out"
	echo "$out" | grep -qF 'fips140: nostr.o: no __setup_str_h for the __setup() entry __setup_h' || rc=1
	rm -rf "$d"
	return $rc
}

# far_jumps CONFIG BOOT all|none: the loader's line in the log of boot
# BOOT says that all (fips140_test=far-jumps) or none of the trampolines
# took their far form -- the guest checks of that boot then show that
# the calls through them work.
far_jumps()
{
	local line n f
	# (grep reads the file itself: a grep -m1 at the end of a pipe
	# would make its writer die of SIGPIPE under pipefail.)
	line=$(grep -a -m1 'loaded the embedded fips140.ko' \
		"$(out_of "$1")/logs/$2.log" | tr -d '\r')
	[ -n "$line" ] ||
		{ echo "no 'loaded the embedded fips140.ko' line in boot $2"; return 1; }
	n=$(echo "$line" | sed -n 's/.*: \([0-9]*\) functions (\([0-9]*\) far).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) functions (\([0-9]*\) far).*/\2/p')
	if [ -z "$n" ] || [ "$n" -eq 0 ] ||
	   { [ "$3" = all ] && [ "$f" != "$n" ]; } ||
	   { [ "$3" = none ] && [ "$f" != 0 ]; }; then
		echo "$line"
		return 1
	fi
	echo "${line#*\] }"
}

# landing_pads CONFIG: every function of fips140.ko that vmlinux calls
# through a trampoline (fips140.wrap) starts with a BTI landing pad (BTI c
# or jc, or PACIASP/PACIBSP, which are ones), so that the trampoline's far
# form, a BR through x16, may enter it (arm64).
landing_pads()
{
	local o
	o=$(out_of "$1")
	[ -s "$o/crypto/fips140/fips140.wrap" ] || { echo "$1: no fips140.wrap"; return 1; }
	aarch64-linux-gnu-objdump -d --no-show-raw-insn "$o/crypto/fips140/fips140.ko" |
	awk -v list="$o/crypto/fips140/fips140.wrap" '
		BEGIN {
			while ((getline l < list) > 0) {
				sub(/^--wrap=/, "", l)
				want[l] = 1
				n++
			}
		}
		/^[0-9a-f]+ <[^>]+>:$/ {
			name = $2
			gsub(/[<>:]/, "", name)
			first = 1
			next
		}
		first && /^ +[0-9a-f]+:/ {
			first = 0
			if (!(name in want))
				next
			seen[name] = 1
			if (!($2 == "paciasp" || $2 == "pacibsp" ||
			      ($2 == "bti" && ($3 == "c" || $3 == "jc")))) {
				print name ": starts with " $2 " " $3
				bad = 1
			}
		}
		END {
			for (w in want)
				if (!(w in seen)) {
					print w ": not in fips140.ko"
					bad = 1
				}
			if (!bad)
				print n " functions called from vmlinux start with a landing pad"
			exit bad
		}'
}

# bti_build CONFIG: built by clang with BTI for the kernel, and fips140.ko
# has its landing pads; the GCC build of arm64-fips140 has none, which
# the same scan must see (it is not a scan that cannot fail).
bti_build()
{
	local o out
	o=$(out_of "$1")
	grep -qx CONFIG_CC_IS_CLANG=y "$o/.config" || { echo "$1: not built by clang"; return 1; }
	grep -qx CONFIG_ARM64_BTI_KERNEL=y "$o/.config" ||
		{ echo "$1: CONFIG_ARM64_BTI_KERNEL is not set"; return 1; }
	landing_pads "$1" || return 1
	if out=$(landing_pads arm64-fips140); then
		echo "arm64-fips140 (GCC, no BTI): the landing-pad scan passed: $out"
		return 1
	fi
	echo "arm64-fips140, without BTI: $(echo "$out" | head -n 1)"
}

# bti_far_jumps CONFIG BOOT: the CPU of boot BOOT has BTI, so that the
# kernel enforces it, and every trampoline took its far form
bti_far_jumps()
{
	grep -aq 'CPU features: detected: Branch Target Identification' \
		"$(out_of "$1")/logs/$2.log" ||
		{ echo "boot $2: no 'CPU features: detected: Branch Target Identification'"; return 1; }
	far_jumps "$1" "$2" all
}

# --- Build-time refusals, on small objects made here (the checks of
# scripts/fips140/ run on every feature build; these make them fire) ---

# cc_obj OUT.o: compile C from stdin for the host (x86_64, like the test
# kernels)
cc_obj() { gcc -c -O2 -fno-asynchronous-unwind-tables -x c -o "$1" -; }

# check-objects.sh refuses, naming object and section or handler, a
# section the loader does not handle and an early_param() handler.
refuses_objects()
{
	local src d out rc
	src=$(src_of minimal-fips140)
	d=$(mktemp -d)
	echo 'int v __attribute__((section("__modver"))) = 1;' | cc_obj "$d/modver.o"
	cc_obj "$d/early.o" <<-'EOC'
	struct obs_kernel_param { const char *str; int (*fn)(char *); int early; };
	static int plain_setup(char *s) { return 0; }
	static int early_setup(char *s) { return 0; }
	static const char s1[] = "plain=", s2[] = "early=";
	static struct obs_kernel_param __setup_plain_setup
		__attribute__((used, section(".init.setup"), aligned(8))) =
		{ s1, plain_setup, 0 };
	static struct obs_kernel_param __setup_early_setup
		__attribute__((used, section(".init.setup"), aligned(8))) =
		{ s2, early_setup, 1 };
	EOC
	echo 'int ok(void) { return 0; }' | cc_obj "$d/ok.o"
	# a constructor with a priority: .init_array.00101 (KASAN's)
	echo 'int ctor_ran; __attribute__((constructor(101))) static void c(void) { ctor_ran = 1; }' |
		cc_obj "$d/ctor.o"
	readelf -SW "$d/ctor.o" | grep -q '\.init_array\.00101' ||
		{ rm -rf "$d"; echo "no .init_array.00101 in ctor.o"; return 1; }
	sh "$src/scripts/fips140/check-objects.sh" readelf "$d/ok.o" "$d/ctor.o" ||
		{ rm -rf "$d"; echo "a plain object was refused"; return 1; }
	# no objects at all, or one that is not ELF: refused, named
	out=$(sh "$src/scripts/fips140/check-objects.sh" readelf 2>&1) &&
		{ rm -rf "$d"; echo "no objects accepted"; return 1; }
	echo "$out" | grep -q 'fips140: check-objects.sh: no objects to check' ||
		{ rm -rf "$d"; echo "$out"; return 1; }
	echo junk > "$d/junk.o"
	out=$(sh "$src/scripts/fips140/check-objects.sh" readelf "$d/junk.o" 2>&1) &&
		{ rm -rf "$d"; echo "a non-ELF object accepted"; return 1; }
	echo "$out" | grep -q "fips140: cannot read the sections of $d/junk.o" ||
		{ rm -rf "$d"; echo "$out"; return 1; }
	out=$(sh "$src/scripts/fips140/check-objects.sh" readelf \
		"$d/ok.o" "$d/modver.o" "$d/early.o" 2>&1)
	rc=$?
	rm -rf "$d"
	echo "$out"
	[ $rc -ne 0 ] || { echo "accepted"; return 1; }
	echo "$out" | grep -q 'modver.o: section __modver is not one' &&
		echo "$out" | grep -q 'early.o: early_param() handler early_setup cannot run' &&
		! echo "$out" | grep -q -e plain_setup -e 'ok.o'
}

# check-objects.sh --vmlinux-copy refuses, naming object and sections,
# vmlinux's copy of a library object with an initcall, a parameter or a
# __setup() handler (they would run twice); a plain one passes.
refuses_copies()
{
	local src d out s rc=0
	src=$(src_of minimal-fips140)
	d=$(mktemp -d)
	for s in .initcall6.init __param .init.setup; do
		echo "static int v __attribute__((used, section(\"$s\"))) = 1;" |
			cc_obj "$d/copy$s.o"
		out=$(sh "$src/scripts/fips140/check-objects.sh" --vmlinux-copy \
			readelf "$d/copy$s.o" 2>&1) && { echo "$s accepted"; rc=1; }
		echo "$out"
		echo "$out" | grep -qF "fips140: $d/copy$s.o: vmlinux's copy of this object would have sections $s:" ||
			rc=1
	done
	echo 'int sha(int x) { return x; }' | cc_obj "$d/plain.o"
	sh "$src/scripts/fips140/check-objects.sh" --vmlinux-copy readelf "$d/plain.o" ||
		{ echo "a plain copy was refused"; rc=1; }
	rm -rf "$d"
	return $rc
}

# gen-redirect.sh refuses a global of the module that vmlinux.o also
# defines (weak or not), and an export vmlinux uses from .init.text or
# per-CPU data.
refuses_redirect()
{
	local src d out rc=0
	src=$(src_of minimal-fips140)
	d=$(mktemp -d)
	cc_obj "$d/ko.o" <<-'EOC'
	int dup_weak(void) { return 1; }
	int dup_strong(void) { return 1; }
	__attribute__((section(".init.text"))) int init_fn(void) { return 2; }
	__attribute__((section(".data..percpu"))) int pcpu_var;
	int good_fn(void) { return 3; }
	EOC
	cc_obj "$d/vmlinux-dup.o" <<-'EOC'
	__attribute__((weak)) int dup_weak(void) { return 0; }
	int dup_strong(void) { return 0; }
	EOC
	cc_obj "$d/vmlinux-use.o" <<-'EOC'
	extern int init_fn(void), good_fn(void);
	int use(void) { return init_fn() + good_fn(); }
	EOC
	# (a direct variable reference is refused on its own; the
	# per-CPU check is for variables reached through their pointer)
	cc_obj "$d/vmlinux-var.o" <<-'EOC'
	extern int *const __fips140_var_pcpu_var;
	int use_var(void) { return *__fips140_var_pcpu_var; }
	EOC
	for s in dup_weak dup_strong init_fn pcpu_var good_fn; do
		printf '0x00000000\t%s\tcrypto/fips140/fips140\tEXPORT_SYMBOL_GPL\t\n' $s
	done > "$d/symvers"
	out=$(sh "$src/scripts/fips140/gen-redirect.sh" nm readelf "$d/ko.o" \
		"$d/symvers" "$d/vmlinux-dup.o" "$d/r.S" "$d/r.wrap" 2>&1) && rc=1
	echo "$out"
	echo "$out" | grep -q 'dup_weak is defined in .* has a weak definition of it too' &&
		echo "$out" | grep -q 'dup_strong is defined in .* has a definition of it too' ||
		rc=1
	ld -r -o "$d/vmlinux-both.o" "$d/vmlinux-use.o" "$d/vmlinux-var.o"
	out=$(sh "$src/scripts/fips140/gen-redirect.sh" nm readelf "$d/ko.o" \
		"$d/symvers" "$d/vmlinux-both.o" "$d/r.S" "$d/r.wrap" 2>&1) && rc=1
	echo "$out"
	echo "$out" | grep -q 'uses the export init_fn of .* in its section .init.text' &&
		echo "$out" | grep -q 'uses the export pcpu_var of .* in its section .data..percpu' &&
		! echo "$out" | grep -q good_fn || rc=1
	echo 'extern int good_fn(void); int use(void) { return good_fn(); }' |
		cc_obj "$d/vmlinux-good.o"
	if out=$(sh "$src/scripts/fips140/gen-redirect.sh" nm readelf "$d/ko.o" \
		"$d/symvers" "$d/vmlinux-good.o" "$d/r.S" "$d/r.wrap" 2>&1); then
		grep -qx -- --wrap=good_fn "$d/r.wrap" ||
			{ echo "no trampoline for good_fn"; rc=1; }
	else
		echo "a good pairing was refused: $out"; rc=1
	fi
	rm -rf "$d"
	return $rc
}

# CONFIG_TRIM_UNUSED_KSYMS and the feature: refused by Kconfig.
refuses_trim_ksyms()
{
	local d out rc
	d=$(mktemp -d)
	printf '# include: minimal-fips140\nCONFIG_TRIM_UNUSED_KSYMS=y\n' \
		> "$d/trim-fips140.config"
	cp tools/testing/fips140/configs/*.config "$d/"
	out=$(FIPS140_CONFIG_DIR=$d $KDEV config trim-fips140 2>&1)
	rc=$?
	rm -rf "$d" "$WORK"/*/build/trim-fips140
	[ $rc -ne 0 ] || { echo "accepted: $out"; return 1; }
	echo "$out" | grep 'CONFIG_CRYPTO_FIPS140_EXTMOD=y (final .config has it unset)' ||
		{ echo "$out"; return 1; }
}

# build_warnings LOG DIR...: the warning lines of a build log (compiler,
# objtool, modpost, make, the tools' header check), paths of DIRs cut,
# each once.  LOG holds every build since the build dir was made: a
# source's diagnostics count until a later "CC" line compiles it again
# (a compiler line without a file, such as "cc1: some warnings being
# treated as errors", belongs to the file of the diagnostic before it).
build_warnings()
{
	local log=$1 d
	shift
	[ -f "$log" ] || return 0
	awk '
	function src_of(line) {
		if (match(line, /^[^ :]+\.[chS]:/))
			return substr(line, 1, RLENGTH - 1)
		return ""
	}
	# "  CC [M]  dir/file.o": the sources dir/file.[cS] are compiled again
	/^  (CC|AS)( \[M\])? +[^ ]+\.o$/ {
		o = $NF; sub(/\.o$/, "", o)
		for (i = 1; i <= n; i++)
			if (file[i] != "" && (file[i] ~ ("(^|/)" o "\\.[cS]$")))
				file[i] = "-"
		next
	}
	{ s = src_of($0); if (s != "") cur = s }
	tolower($0) ~ /warning|given more than once/ {
		n++; line[n] = $0; file[n] = (s != "" ? s : cur)
	}
	END { for (i = 1; i <= n; i++) if (file[i] != "-") print line[i] }
	' "$log" |
		while IFS= read -r l; do
			for d in "$@"; do l=${l//$d\//}; done
			printf '%s\n' "$l"
		done | LC_ALL=C sort -u
}

# A build log of three builds: a.c warns, b.c fails to compile (its
# error leaves the line "cc1: some warnings being treated as errors"),
# then a.c compiles clean.  b.c's diagnostics count, a.c's do not; once
# b.c compiles again, nothing does.
warnings_until_recompiled()
{
	local log got
	log=$(mktemp)
	cat > "$log" <<-'LOG'
	  CC      crypto/a.o
	../../linux/crypto/a.c:1:2: warning: 'x' defined but not used [-Wunused-function]
	  CC [M]  crypto/b.o
	../../linux/crypto/b.c: In function 'y':
	../../linux/crypto/b.c:3:4: error: implicit declaration of function 'z'
	  CC      crypto/c.o
	cc1: some warnings being treated as errors
	  CC      crypto/a.o
	LOG
	got=$(build_warnings "$log")
	[ "$got" = "cc1: some warnings being treated as errors" ] ||
		{ echo "before b.c compiles again: '$got'"; rm -f "$log"; return 1; }
	echo '  CC [M]  crypto/b.o' >> "$log"
	got=$(build_warnings "$log")
	rm -f "$log"
	[ -z "$got" ] || { echo "after: '$got'"; return 1; }
}

# no_new_warnings CONFIG [BASELINE [--pristine]]: every build of CONFIG
# in its build dir (logs/make-all.log, kept by mk/kdev build --quiet)
# printed no warning that BASELINE's builds did not print too.
no_new_warnings()
{
	local o b log
	o=$(out_of "$1")
	log=$o/logs/make-all.log
	[ -s "$log" ] || { echo "no build log $log"; return 1; }
	build_warnings "$log" "$o" "$(src_of "$1")" > "$o/warnings"
	: > "$o/warnings.base"
	if [ -n "${2:-}" ]; then
		b=$(out_of "$2" ${3:-})
		build_warnings "$b/logs/make-all.log" "$b" "$(src_of "$2" ${3:-})" \
			> "$o/warnings.base"
	fi
	if LC_ALL=C comm -23 "$o/warnings" "$o/warnings.base" | grep .; then
		return 1
	fi
	echo "$(grep -c '' "$log") lines of build output, no new warning" \
	     "($(grep -c '' "$o/warnings.base") in the baseline)"
}

# modpost_stops WHAT KO CONFIG MAKE-ARGS...: make fails, the last line but
# make's own is modpost's error on fips140_test_not_exported in KO, and
# nothing cascades into a later step.
modpost_stops()
{
	local what=$1 ko=$2 out rc last
	shift 2
	out=$($KDEV make "$@" 2>&1)
	rc=$?
	last=$(printf '%s\n' "$out" | grep -v -e '^make' -e '^ *[A-Z][A-Z]* ' | tail -n 1)
	echo "$what: exit $rc, last: $last"
	if [ $rc -eq 0 ]; then
		echo "the build succeeded"; return 1
	elif ! echo "$last" | grep -qF "ERROR: modpost: \"fips140_test_not_exported\" [$ko] undefined!"; then
		printf '%s\n' "$out" | tail -n 15; return 1
	elif printf '%s\n' "$out" | grep -E 'fatal error|No such file'; then
		return 1
	fi
}

# The embedded module's integrity digest, as the build embedded it (hex)
fips140_digest() { od -An -v -tx1 "$(out_of "$1")/crypto/fips140/fips140.hmac" | tr -d ' \n'; }

# hmac-sha256.sh, which computes the embedded digest, agrees with
# openssl's HMAC-SHA256 for keys of the block size and longer, with
# characters Kconfig escapes, and refuses a key under 112 bits.
hmac_script()
{
	local src d key a b out rc=0
	src=$(src_of minimal-fips140)
	d=$(mktemp -d)
	head -c 100000 /dev/urandom > "$d/blob"
	for key in 'fips140.ko integrity self-test, FIPS 140-3: not a secret' \
		   "$(printf 'k%.0s' $(seq 64))" \
		   'a "quoted" key with \back\slashes and = signs, longer than the SHA-256 block of 64 bytes'; do
		printf 'CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY=%s\n' "$key" > "$d/auto.conf"
		a=$(sh "$src/scripts/fips140/hmac-sha256.sh" "$d/auto.conf" "$d/blob" "$d/out") || rc=1
		b=$(openssl dgst -sha256 -hmac "$key" "$d/blob" | awk '{ print $NF }')
		[ "$a" = "$b" ] && [ "$(od -An -v -tx1 "$d/out" | tr -d ' \n')" = "$b" ] ||
			{ echo "key of ${#key} bytes: $a, openssl: $b"; rc=1; }
	done
	echo 'CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY=13 bytes only' > "$d/auto.conf"
	out=$(sh "$src/scripts/fips140/hmac-sha256.sh" "$d/auto.conf" "$d/blob" "$d/out" 2>&1) &&
		{ echo "a 13-byte key was accepted"; rc=1; }
	echo "$out"
	echo "$out" | grep -q 'fips140: CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY has 13 bytes: the integrity key needs at least 14 (112 bits)' || rc=1
	rm -rf "$d"
	return $rc
}

# integrity_flips CONFIG SEED: "label bit" for bits of the embedded image
# spread over the ELF file: fixed ones -- its header, the section headers,
# each kind of section (code, data, relocations, symbols, strings, notes),
# the symbol index of a relocation entry (the flip that oopsed in
# apply_relocate_add() while the loader still parsed the image unchecked),
# the last byte -- then FLIPS_RANDOM bits drawn over the whole image and
# FLIPS_RANDOM_RELA over its relocation sections from SEED (the same bits
# for the same seed on any host).
FLIPS_RANDOM=12
FLIPS_RANDOM_RELA=6
integrity_flips()
{
	local ko size shoff name type off sz
	ko=$(out_of "$1")/crypto/fips140/fips140.ko
	size=$(stat -c %s "$ko")
	shoff=$(readelf -hW "$ko" | sed -n 's/^ *Start of section headers: *\([0-9]*\).*/\1/p')
	echo "elf-ident-pad $((9 * 8 + 1))"
	echo "elf-shoff $((0x28 * 8 + 4))"
	echo "section-header-4 $(( (shoff + 4 * 64 + 16) * 8 + 2 ))"
	readelf -SW "$ko" | sed -n 's/^ *\[ *[0-9]*\] //p' > "$WORK/flips.sections"
	while read -r name type addr off sz rest; do
		case $name in
		.text|.init.text|.rela.text|.rodata|.data|.modinfo|__ksymtab|\
		__ksymtab_strings|.gnu.linkonce.this_module|.symtab|.strtab|\
		.shstrtab|.note.gnu.build-id)
			[ "$type" != NOBITS ] &&
			echo "$name $(( (0x$off + 0x$sz / 2) * 8 + 5 ))" ;;
		esac
		# r_info of the first entry: its symbol index, the high half
		[ "$name" = .rela.text ] && echo "rela-entry-symbol $(( (0x$off + 12) * 8 + 3 ))"
	done < "$WORK/flips.sections"
	echo "last-byte $(( (size - 1) * 8 + 7 ))"
	awk -v seed="$2" -v size="$size" -v n=$FLIPS_RANDOM -v nr=$FLIPS_RANDOM_RELA '
		$2 == "RELA" { off[++k] = hex($4); sz[k] = hex($5) }
		function hex(h,   i, v) {
			v = 0
			for (i = 1; i <= length(h); i++)
				v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
			return v
		}
		# the minimal standard generator of Park and Miller, exact in the
		# doubles of any awk: the same bits from the same seed anywhere
		function rnd(m) {
			x = (x * 16807) % 2147483647
			return x % m
		}
		END {
			x = seed % 2147483646 + 1
			for (i = 1; i <= n; i++)
				printf "random-%d %d\n", i, rnd(size * 8)
			total = 0
			for (j = 1; j <= k; j++)
				total += sz[j]
			for (i = 1; i <= nr && total > 0; i++) {
				r = rnd(total)
				for (j = 1; r >= sz[j]; j++)
					r -= sz[j]
				printf "random-rela-%d %d\n", i, (off[j] + r) * 8 + rnd(8)
			}
		}' "$WORK/flips.sections"
	rm -f "$WORK/flips.sections"
}

# A damaged image is never parsed: the boot stopped at the check before
# the load, with no word of the module loader, the module's own integrity
# test or its initcalls.
flip_not_parsed()
{
	local log
	log=$(out_of "$1")/logs/$2.log
	grep -aqE 'fips140: the embedded image \([a-z]+, [0-9]+ bytes\) is damaged, not loaded' "$log" ||
		{ echo "no check before the load in $log"; return 1; }
	! grep -aE 'fips140: (integrity|loaded the embedded)|fips140: .*(Unknown rela|relocation)|calling .*\[fips140\]' "$log"
}

# gen-approved.sh: an algorithm testmgr.c allows in fips mode that its
# lists do not classify stops the build, named; a file without the table
# is an error; the table of the tree's testmgr.c has crc32c allowed, not
# approved, and sha256 approved.
gen_approved_errors()
{
	local s d out rc=0
	s=$REPO_ROOT/scripts/fips140/gen-approved.sh
	d=$(mktemp -d)
	printf 'static const struct alg_test_desc alg_test_descs[] = {\n\t{\n\t\t.alg = "sha256",\n\t\t.fips_allowed = 1,\n\t}, {\n\t\t.alg = "newhash",\n\t\t.fips_allowed = 1,\n\t}\n};\n' > "$d/testmgr.c"
	out=$(sh "$s" "$d/testmgr.c" "$d/out.h" 2>&1) && { echo "an unclassified algorithm passed"; rc=1; }
	echo "$out" | grep -q 'neither approved nor listed as allowed: newhash (classify it in scripts/fips140/gen-approved.sh)' ||
		{ echo "gen-approved.sh: $out"; rc=1; }
	[ ! -e "$d/out.h" ] || { echo "a table was written all the same"; rc=1; }
	echo 'int x;' > "$d/empty.c"
	out=$(sh "$s" "$d/empty.c" "$d/out.h" 2>&1) && { echo "a file without the table passed"; rc=1; }
	echo "$out" | grep -q "gen-approved.sh: no alg_test_descs\[\] table in $d/empty.c" ||
		{ echo "gen-approved.sh: $out"; rc=1; }
	sh "$s" --list "$(src_of minimal-fips140)/crypto/testmgr.c" > "$d/list" || rc=1
	grep -qx 'crc32c ALLOWED' "$d/list" && grep -qx 'sha256 APPROVED' "$d/list" &&
		grep -qx 'ghash REFUSED' "$d/list" || { echo "not the expected classes:"; grep -E '^(crc32c|sha256|ghash) ' "$d/list"; rc=1; }
	echo "$(grep -c ' APPROVED$' "$d/list") approved, $(grep -c ' ALLOWED$' "$d/list") allowed, $(grep -c ' REFUSED$' "$d/list") refused"
	rm -rf "$d"
	return $rc
}

# fips140_test=notifier-race: of two late module notifiers unregistered by
# other threads during the late notifications, the one still to be called
# was not called after unregister_module_notifier() returned, and the
# unregistration of the one being called returned after its call did
notifier_race()
{
	local log
	log=$(out_of "$1")/logs/notifier-race.log
	grep -a 'fips140_test: notifier-race: unregister_module_notifier() of a pending notifier returned' "$log" &&
		grep -a 'fips140_test: notifier-race: unregister_module_notifier() of a running notifier returned after its call did' "$log" ||
		{ grep -a 'notifier-race' "$log"; return 1; }
	! grep -a 'called after unregister_module_notifier() returned' "$log"
}

# No initcall of fips140.ko ran before the boot stopped (initcall_debug
# names them "... [fips140]"): nothing of it was registered.
no_module_initcalls()
{
	local log
	log=$(out_of "$1")/logs/$2.log
	grep -q 'Kernel panic' "$log" || { echo "no panic in $log"; return 1; }
	! grep -a 'calling .*\[fips140\]' "$log"
}

# The module's debug info is not in it but in fips140.ko.debug, installed
# under /usr/lib/debug by path and by build ID; it resolves an address of
# the module to its source line.
debug_file()
{
	local o ko dbg link id addr line
	o=$(out_of "$1")
	ko=$o/crypto/fips140/fips140.ko
	grep -q '^CONFIG_DEBUG_INFO=y' "$o/.config" || { echo "$1 has no CONFIG_DEBUG_INFO"; return 1; }
	if readelf -SW "$ko" | grep -E '\.debug_|\.BTF'; then
		echo "fips140.ko carries debug info"; return 1
	fi
	dbg=$(find "$o/modinst/usr/lib/debug/lib/modules" -path '*/kernel/crypto/fips140/fips140.ko')
	[ -n "$dbg" ] || { echo "no debug file installed under $o/modinst/usr/lib/debug"; return 1; }
	id=$(readelf -n "$ko" | sed -n 's/^ *Build ID: //p')
	link=$o/modinst/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug
	[ "$(readlink -f "$link")" = "$(readlink -f "$dbg")" ] ||
		{ echo "no build-ID link $link"; return 1; }
	[ "$(readelf -n "$dbg" | sed -n 's/^ *Build ID: //p')" = "$id" ] ||
		{ echo "the debug file has another build ID"; return 1; }
	readelf -SW "$dbg" | grep -q '\.debug_line' || { echo "no .debug_line in $dbg"; return 1; }
	# sha256_update, a function of lib/crypto/sha256.c inside the module
	addr=$(nm "$ko" | awk '$3 == "sha256_update" { print $1 }')
	[ -n "$addr" ] || { echo "no sha256_update in fips140.ko"; return 1; }
	line=$(addr2line -e "$dbg" -j .text "0x$addr")
	echo "sha256_update at .text+0x$addr: $line"
	case $line in
	*lib/crypto/sha256.c:[0-9]*) ;;
	*) return 1 ;;
	esac
}

# The crypto code of lib/ counts as algorithm code: boundary-report.sh,
# run on a module object that imports the ASN.1 decoder and a string
# helper from a vmlinux.a built from those files, stops on the first,
# naming it and its file, and reports the second as a kernel service.
boundary_report_lib()
{
	local d out rc
	d=$(mktemp -d)
	mkdir "$d/lib"
	echo 'int asn1_ber_decoder(void) { return 0; }' > "$d/lib/asn1_decoder.c"
	echo 'int strlen_test(void) { return 0; }' > "$d/lib/string.c"
	printf 'int asn1_ber_decoder(void); int strlen_test(void);\n%s\n' \
		'int f(void) { return asn1_ber_decoder() + strlen_test(); }' > "$d/mod.c"
	for f in lib/asn1_decoder lib/string mod; do
		gcc -c -o "$d/$f.o" "$d/$f.c" || { rm -rf "$d"; return 1; }
		echo "source_$f.o := $d/$f.c" > "$d/$(dirname $f)/.$(basename $f).o.cmd"
	done
	# a thin archive, as vmlinux.a: its members keep their paths
	(cd "$d" && ar cDPrST vmlinux.a lib/asn1_decoder.o lib/string.o)
	: > "$d/allow"
	: > "$d/vmlinux.lds"
	out=$(cd "$d" && sh "$REPO_ROOT/scripts/fips140/boundary-report.sh" nm "$d" \
		x86 vmlinux.lds allow mod.o imports vmlinux.a 2>&1)
	rc=$?
	printf '%s\n' "$out"
	cat "$d/imports" 2>/dev/null | grep -v '^#'
	if [ $rc -eq 0 ]; then
		echo "the report accepted the import"; rc=1
	elif ! printf '%s\n' "$out" | grep -q '^fips140: fips140.ko imports asn1_ber_decoder from lib/asn1_decoder.c in vmlinux: algorithm code belongs inside the module' ||
	     ! grep -q '^strlen_test	lib/string.c	service$' "$d/imports"; then
		rc=1
	else
		rc=0
	fi
	rm -rf "$d"
	return $rc
}

# An object of fips140.ko that calls algorithm code vmlinux keeps (the
# BLAKE2s of lib/crypto, /dev/random's) stops the build at the boundary
# report, naming the symbol and its file, before modpost.  The check that
# follows in the suite rebuilds the build dir.
boundary_reach_out()
{
	local h out rc
	h=$(mktemp --suffix=.h)
	cat > "$h" <<-'EOC'
	#include <crypto/blake2s.h>
	void fips140_test_reach_out(struct blake2s_state *s);
	void fips140_test_reach_out(struct blake2s_state *s)
	{
		blake2s_update(s, NULL, 0);
	}
	EOC
	out=$($KDEV make "$1" "CFLAGS_fips140-module.o=-include $h" fips140-ready 2>&1)
	rc=$?
	rm -f "$h"
	printf '%s\n' "$out" | grep '^fips140: ' || true
	[ $rc -ne 0 ] || { echo "the build succeeded"; return 1; }
	printf '%s\n' "$out" | grep -q "^fips140: fips140.ko imports blake2s_update from lib/crypto/blake2s.c in vmlinux: algorithm code belongs inside the module" ||
		{ printf '%s\n' "$out" | tail -n 15; return 1; }
	if printf '%s\n' "$out" | grep -E 'MODPOST|fatal error|No such file'; then
		echo "the build went on past the report"; return 1
	fi
}

# An import of fips140.ko that vmlinux does not export stops the build at
# modpost, with modpost's line the last but make's own, and no cascade into
# later steps -- also with KBUILD_MODPOST_WARN, which makes unresolved
# imports of other modules warnings: fips140.ko must link at boot.  An
# unresolved import of an =m module stops the main modpost as upstream.  The
# import is added to fips140-module.o by forcing a header into it; the
# check that follows it in the suite rebuilds the build dir.
unresolved_import()
{
	local o src h bad=0 warn
	o=$(out_of "$1")
	src=$(src_of "$1")
	h=$(mktemp --suffix=.h)
	cat > "$h" <<-'EOC'
	extern int fips140_test_not_exported(void);
	static int __used fips140_test_unresolved(void)
	{
		return fips140_test_not_exported();
	}
	EOC
	for warn in "" 1; do
		modpost_stops "KBUILD_MODPOST_WARN=${warn:-unset}" \
			crypto/fips140/fips140.ko "$1" ${warn:+KBUILD_MODPOST_WARN=1} \
			"CFLAGS_fips140-module.o=-include $h" fips140-ready || bad=1
	done
	# The main modpost (vmlinux and the =m modules, which also reads
	# fips140.symvers) stops the build too: an unresolved import of an
	# =m module is an error, its line the last.
	modpost_stops "an =m module's import" crypto/aes_ti.ko "$1" \
		"CFLAGS_aes_ti.o=-include $h" modules || bad=1
	rm -f "$h"
	# (The suite's next check, reembeds_after_touch, rebuilds CONFIG:
	# fips140-module.o and aes_ti.o without the import, fips140.ko,
	# vmlinux, the modules.)
	return $bad
}
