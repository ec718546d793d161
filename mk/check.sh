#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test suite (`make check`), in KTAP (Documentation/dev-tools/ktap.rst):
# one test per stage, each with its checks as subtests; a boot is a check
# whose subtests are the guest's checks.  Every level has its plan line;
# the output ends with kselftest's "# Totals:" line and "N passed,
# N failed", and the exit status is non-zero on any failure.
#
#   FIPS140_CHECK_FULL=1   (make check-full) also the long stages
#   FIPS140_CHECK_T=GLOB   (make check T=GLOB) only the checks whose name,
#                          or whose stage's name, matches the shell glob
#                          GLOB, and the builds and checks they need
#   FIPS140_CHECK_LIST=1   (make check-list) list the checks of check-full
#                          (those FIPS140_CHECK_T selects), run nothing
#
# A check is registered first (t, build, boot, call below) and run after:
# the plan of each level is known before its first result.
set -uo pipefail

REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO_ROOT"
WORK=${WORK:-$REPO_ROOT/work}
export WORK
KDEV="/usr/bin/python3 -B $REPO_ROOT/mk/kdev"
RESULTS=$WORK/check/results
TIMES=$WORK/check/times
LOGDIR=$WORK/check/logs
CONFIGS=$REPO_ROOT/tools/testing/fips140/configs
# The pinned base (patches/6.12/BASE) and the release of its kernels
PIN=$(sed -n 's/^pin //p' "$REPO_ROOT/patches/6.12/BASE")
PIN_RELEASE=${PIN%%-*}
# The update base: the later served version whose kernel embeds the pinned
# base's certified module (configs with "# Base: update")
UPDATE=$(sed -n 's/^update //p' "$REPO_ROOT/patches/6.12/BASE")
UPDATE_RELEASE=${UPDATE%%-*}

# ---------------------------------------------------------------------------
# KTAP output.  IND is the indentation of the running level, NUM its last
# test number, LFAIL whether one of its tests failed.  Leaf results are
# also appended to $RESULTS ("PASS|FAIL|SKIP name") for the totals.
IND= NUM=0 LFAIL=0

# ktap_plan N: the version and plan lines of the running level
ktap_plan() { printf '%sKTAP version 1\n%s1..%s\n' "$IND" "$IND" "$1"; }

# ktap_result RC NAME [DIAG]: one result line; RC 0 passes, 4 is a skip
# (the first line of DIAG its reason), anything else fails (DIAG, up to
# 30 lines, as diagnostic lines before the result).
ktap_result()
{
	local rc=$1 name=${2//#/} diag=${3:-}
	NUM=$((NUM + 1))
	case $rc in
	0)	echo "${IND}ok $NUM $name" ;;
	4)	echo "${IND}ok $NUM $name # SKIP $(printf '%s\n' "$diag" | head -n 1)" ;;
	*)	[ -n "$diag" ] && printf '%s\n' "$diag" | head -n 30 | sed "s/^/${IND}# /"
		echo "${IND}not ok $NUM $name"
		LFAIL=1 ;;
	esac
}

# leaf RC NAME [DIAG]: the result of a check without subtests
leaf()
{
	ktap_result "$@"
	case $1 in
	0) echo "PASS $2" ;;
	4) echo "SKIP $2" ;;
	*) echo "FAIL $2" ;;
	esac >> "$RESULTS"
}

# nested NAME CMD...: run CMD one level deeper; CMD prints the level's plan
# (ktap_plan) and its tests; NAME fails if one of them failed.
nested()
{
	local name=$1 sind=$IND snum=$NUM sfail=$LFAIL f
	shift
	IND="$IND  " NUM=0 LFAIL=0
	"$@" || LFAIL=1
	f=$LFAIL
	IND=$sind NUM=$snum LFAIL=$sfail
	ktap_result "$f" "$name"
}

# ---------------------------------------------------------------------------
# Checks, run at once (inside a running level).

# run_t NAME CMD...: CMD's success is the result; exit status 4 is a skip
# whose reason CMD prints; CMD's output is shown if it fails.
run_t()
{
	local name=$1 out rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	leaf "$rc" "$name" "$out"
}

# run_build CONFIG [--pristine]: a build whose failure is one failed check
# (and makes the checks that need it fail, not vanish).
declare -A BUILT
# A config of the pinned tree whose build may start as a copy of another
# config's finished build, then rebuilt incrementally, as kbuild rebuilds
# a build dir after a change of options: minimal, the feature off, from
# minimal-fips140 (about 200 of its 1000 objects differ; a new build dir
# costs about 4 minutes even when ccache has every object).  The pristine
# twin of check-full, built from scratch, is compared with it.  And
# system-fips140, minimal-fips140 with what a Debian system needs.
declare -A SEED_OF=([minimal]=minimal-fips140 [system-fips140]=minimal-fips140)

# seed_build FROM TO: TO's build dir a copy of FROM's, without what is
# FROM's own (its logs, installed modules, build stamp, initramfs, module
# set and the feature's directory)
seed_build()
{
	local from to f
	from=$(out_of "$1")
	to=$(out_of "$2")
	echo "  SEED    $to from $from"
	rm -rf "$to"
	cp -a "$from" "$to"
	for f in logs modinst .fips140-build-ok initramfs.cpio crypto/fips140; do
		rm -rf "${to:?}/$f"
	done
}

run_build()
{
	local name=$1 flag=${2:-} key=$1${2:-} log from
	log=$LOGDIR/build-$name${flag:+-pristine}.log
	from=${SEED_OF[$name]:-}
	: > "$log"
	if [ -z "$flag" ] && [ -n "$from" ] && built "$from" &&
	   [ ! -e "$(out_of "$name")/.config" ]; then
		seed_build "$from" "$name" >> "$log"
	fi
	if $KDEV build "$name" $flag --quiet >>"$log" 2>&1; then
		leaf 0 "build: $name${flag:+ (pristine base)}"
		BUILT[$key]=1
	else
		leaf 1 "build: $name${flag:+ (pristine base)}" "$(tail -n 25 "$log")"
		BUILT[$key]=
	fi
}
built() { [ -n "${BUILT[$1]:-}" ]; }

# run_ktap NAME CMD...: one test whose subtests are the KTAP results CMD
# prints (its first level: "ok N what", "not ok N what"), each counted as
# "NAME: what"; CMD reporting none is a failure
run_ktap()
{
	local name=$1 out rc=0 res
	shift
	out=$("$@" 2>&1) || rc=$?
	res=$(printf '%s\n' "$out" | NAME=$name awk '
		/^(not )?ok [0-9]+ / {
			v = /^ok/ ? "PASS" : "FAIL"
			d = $0
			sub(/^(not )?ok [0-9]+ /, "", d)
			if (v == "PASS" && sub(/ # SKIP.*/, "", d))
				v = "SKIP"
			print v " " ENVIRON["NAME"] ": " d
		}')
	if [ -z "$res" ]; then
		leaf $((rc ? rc : 1)) "$name" "$(printf '%s\n' "$out" | tail -n 20)"
		return 1
	fi
	printf '%s\n' "$res" >> "$RESULTS"
	printf '%s\n' "$out" | sed "s/^/$IND  /"
	ktap_result "$rc" "$name"
	return $rc
}

# run_boot CONFIG NAME [run-qemu options] [-- guest args]: one test whose
# subtests are the boot's results (mk/boot.sh, run-qemu.sh)
run_boot()
{
	local config=$1 name=$2
	shift 2
	if ! built "$config"; then
		leaf 1 "$config/$name" "$config is not built"
		return 1
	fi
	run_ktap "$config/$name" bash "$REPO_ROOT/mk/boot.sh" --config "$config" \
		--name "$name" --quiet "$@"
}

# run_check_build NAME CONFIG [ARGS]: tools/testing/fips140/check-build.sh
# on the build of CONFIG, from its source tree; in ARGS, OFF=C and
# PRISTINE=C name configs (C--pristine: of the pristine base)
run_check_build()
{
	local name=$1 c=$2 a v args=()
	shift 2
	for a in "$@"; do
		v=${a#*=}
		case $v in
		*--pristine) args+=("${a%%=*}=$(out_of "${v%--pristine}" --pristine)") ;;
		*) args+=("${a%%=*}=$(out_of "$v")") ;;
		esac
	done
	run_ktap "$name" bash "$(src_of "$c")/tools/testing/fips140/check-build.sh" \
		O="$(out_of "$c")" "${args[@]}"
}

# ---------------------------------------------------------------------------
# Registration.  Each entry prints one result at the level it runs at: the
# name, its stage, the command, what it needs (configs to be built, or
# what other entries provide) and what it provides.
STAGES=() STAGE_FULL=()
R_STAGE=() R_NAME=() R_CMD=() R_NEEDS=() R_PROV=()
declare -A BUILD_KEY

stage()
{
	STAGES+=("$1")
	STAGE_FULL+=("${2:-}")
}

# register NEEDS PROVIDES NAME CMD...
register()
{
	local needs=$1 prov=$2 name=$3
	shift 3
	R_STAGE+=($((${#STAGES[@]} - 1)))
	R_NAME+=("$name")
	R_CMD+=("$(printf '%q ' "$@")")
	R_NEEDS+=("$needs")
	R_PROV+=("$prov")
}

# The arguments of a check that are test configs: what it needs built
configs_in()
{
	local a
	for a in "$@"; do
		[[ $a != */* && -f $CONFIGS/$a.config ]] && printf '%s ' "$a"
	done
}

# opts: -n "A B" (also needs A, B), -p P (provides P)
ENT_NEEDS= ENT_PROV= ENT_SHIFT=0
entry_opts()
{
	ENT_NEEDS= ENT_PROV= ENT_SHIFT=0
	while [ $# -gt 0 ]; do
		case $1 in
		-n) ENT_NEEDS+=" $2"; ENT_SHIFT=$((ENT_SHIFT + 2)); shift 2 ;;
		-p) ENT_PROV=$2; ENT_SHIFT=$((ENT_SHIFT + 2)); shift 2 ;;
		*) break ;;
		esac
	done
}

# t [-n NEEDS] [-p PROVIDES] NAME CMD...: a check (run_t); it needs the
# configs among CMD's arguments and NEEDS.
t()
{
	entry_opts "$@"
	shift $ENT_SHIFT
	local name=$1
	shift
	register "$ENT_NEEDS $(configs_in "$@")" "$ENT_PROV" "$name" run_t "$name" "$@"
}

# build CONFIG [--pristine]
build()
{
	local key=$1${2:-}
	BUILD_KEY[$key]=1
	register "" "$key" "build: $1${2:+ (pristine base)}" run_build "$@"
}

# boot CONFIG NAME [options]: needs CONFIG, provides CONFIG/NAME (its log)
boot() { register "$1" "$1/$2" "$1/$2" run_boot "$@"; }

# call [-n NEEDS] [-p PROVIDES] NAME CMD...: CMD prints the result itself
call()
{
	entry_opts "$@"
	shift $ENT_SHIFT
	local name=$1
	shift
	register "$ENT_NEEDS" "$ENT_PROV" "$name" "$@"
}

# ---------------------------------------------------------------------------
# Selection and running
declare -A SEL

# Select the entries matching FIPS140_CHECK_T (all of make check, or of
# check-full, without it), then what they need, until nothing is added.
select_entries()
{
	local glob=${FIPS140_CHECK_T:-} i j n s changed=1
	for i in "${!R_NAME[@]}"; do
		s=${R_STAGE[$i]}
		[ -n "${STAGE_FULL[$s]}" ] && [ -z "${FIPS140_CHECK_FULL:-}" ] && continue
		# The setup stage always runs.
		if [ "$s" -eq 0 ] || [ -z "$glob" ] ||
		   [[ ${R_NAME[$i]} == $glob || ${STAGES[$s]} == $glob ]]; then
			SEL[$i]=1
		fi
	done
	while [ -n "$changed" ]; do
		changed=
		for i in "${!SEL[@]}"; do
			for n in ${R_NEEDS[$i]}; do
				for j in "${!R_PROV[@]}"; do
					[ "${R_PROV[$j]}" = "$n" ] && [ -z "${SEL[$j]:-}" ] &&
						{ SEL[$j]=1; changed=1; }
				done
			done
		done
	done
}

# A check that needs what a later entry provides (a boot's log, a
# call's result) would read a missing or stale file: refuse the suite.
# Builds are exempt: the steps that prepare a build come before it.
check_order()
{
	local i j n bad=0
	declare -A first=()
	for j in "${!R_PROV[@]}"; do
		[ -n "${R_PROV[$j]}" ] && [ -z "${first[${R_PROV[$j]}]:-}" ] &&
			first[${R_PROV[$j]}]=$((j + 1))
	done
	for i in "${!R_NAME[@]}"; do
		for n in ${R_NEEDS[$i]}; do
			[ -n "${BUILD_KEY[$n]:-}" ] && continue
			j=${first[$n]:-}
			if [ -z "$j" ]; then
				echo "make check: '${R_NAME[$i]}' needs '$n', which no entry provides" >&2
				bad=1
			elif [ $((j - 1)) -gt "$i" ]; then
				echo "make check: '${R_NAME[$i]}' needs '$n', which runs after it" >&2
				bad=1
			fi
		done
	done
	return $bad
}

# The selected entries of stage $1, in order
stage_entries()
{
	local i
	for i in "${!R_NAME[@]}"; do
		[ "${R_STAGE[$i]}" -eq "$1" ] && [ -n "${SEL[$i]:-}" ] && echo "$i"
	done
}

# run_entry I: entry I, or its failure if a build it needs has run and
# failed (a check may run before the build of a config it names: the
# steps that prepare that build)
run_entry()
{
	local i=$1 n
	for n in ${R_NEEDS[$i]}; do
		if [ -n "${BUILD_KEY[$n]:-}" ] && [ -n "${BUILT[$n]+ran}" ] &&
		   [ -z "${BUILT[$n]}" ]; then
			leaf 1 "${R_NAME[$i]}" "needs $n, which did not build"
			return
		fi
	done
	eval "${R_CMD[$i]}"
}

# Each entry's duration goes to $TIMES ("<seconds> <stage> | <entry>"),
# for the slowest-entries summary at the end.
run_stage()
{
	local i t0
	ktap_plan $#
	for i in "$@"; do
		t0=$(date +%s)
		run_entry "$i"
		echo "$(( $(date +%s) - t0 )) ${STAGES[${R_STAGE[$i]}]} | ${R_NAME[$i]}" >> "$TIMES"
	done
}

run_suite()
{
	local s t0 ents=()
	for s in "${!STAGES[@]}"; do
		ents[s]=$(stage_entries "$s")
		[ -n "${ents[s]}" ] || unset 'ents[s]'
	done
	echo "KTAP version 1"
	echo "1..${#ents[@]}"
	for s in "${!ents[@]}"; do
		echo "# == ${STAGES[$s]}"
		t0=$(date +%s)
		# shellcheck disable=SC2086
		nested "${STAGES[$s]}" run_stage ${ents[s]}
		echo "# == ${STAGES[$s]}: $(( $(date +%s) - t0 )) s"
	done
}

list_suite()
{
	local s i ents
	for s in "${!STAGES[@]}"; do
		ents=$(stage_entries "$s")
		[ -n "$ents" ] || continue
		case ${STAGES[$s]} in
		*check-full*) echo "${STAGES[$s]}" ;;
		*) echo "${STAGES[$s]}${STAGE_FULL[$s]:+ (check-full)}" ;;
		esac
		for i in $ents; do
			echo "  ${R_NAME[$i]}"
		done
	done
}

# ---------------------------------------------------------------------------
# Groups: checks whose subtests are known only when they run

# boot_meta NAME CONFIG BOOTNAME EXPECT [options] [-- guest]: a harness
# self-test: the boot must be reported failed, and its report must say
# EXPECT (a grep -E pattern).  Its own results do not count.
boot_meta()
{
	local config=$1 name=$2 expect=$3 out rc t0
	shift 3
	built "$config" || { echo "$config not built"; return 1; }
	t0=$(date +%s)
	out=$(bash "$REPO_ROOT/mk/boot.sh" --config "$config" --name "$name" \
		--quiet "$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "the harness reported success:"
		printf '%s\n' "$out"
		return 1
	elif ! printf '%s\n' "$out" | grep -qE "$expect"; then
		echo "report does not match /$expect/:"
		printf '%s\n' "$out"
		return 1
	fi
	echo "reported failed as expected ($(( $(date +%s) - t0 )) s)"
}

# feature_artefacts CONFIG: the checks of a feature config's install, an
# external module and the build log
feature_artefacts()
{
	t "$1: modules_install installs fips140.ko; modinfo shows name, version, license" \
		modinfo_fips140 "$1"
	t "$1: an external module (make M=) using crypto builds and depends on fips140" \
		external_module "$1"
}

# random_config SEED: the random crypto configuration random-SEED
# (mk/kdev/randconfig.py random_config()): refused by Kconfig with its reason, or
# built, booted, every self-test passed and every boundary module loaded.
random_config() { nested "random-$1 (replay: make check-random SEED=$1)" random_config_tests "$1"; }
random_config_tests()
{
	local seed=$1 name=random-$1 log rc
	log=$LOGDIR/build-$name.log
	$KDEV build "$name" --quiet >"$log" 2>&1
	rc=$?
	if [ $rc -eq 3 ]; then
		ktap_plan 1
		leaf 0 "$name: refused: $(sed -n 's/^refused: //p' "$log")"
		return
	fi
	ktap_plan 3
	if [ $rc -ne 0 ]; then
		leaf 1 "build: $name" "$(tail -n 25 "$log")"
	else
		leaf 0 "build: $name ($(cat "$(out_of "$name")/fips140-random.txt"))"
		BUILT[$name]=1
	fi
	run_check_build "$name: build artefacts (check-build.sh)" "$name"
	run_boot "$name" boot -- checks=alltests,fips140core,boundary minalgs=1
}
# The options of RANDOM_FLIPS (mk/kdev/randconfig.py) that change the compiler's flags
# for every object, so that a build with one of them flipped shares no
# object with minimal-fips140.  A change to RANDOM_FLIPS redraws every
# seed's flips: if a fixed seed now flips one of these, pick another.
seeds_keep_flags()
{
	local seed f o bad=
	for seed in "$@"; do
		f=$(out_of "random-$seed")/fips140-random.txt
		[ -f "$f" ] || { echo "no $f"; return 1; }
		for o in MITIGATION_SLS MITIGATION_RETPOLINE CALL_DEPTH_TRACKING \
			 X86_KERNEL_IBT UNWINDER_ORC; do
			grep -Eq "flipped: (.*, )?$o(,|$)" "$f" && bad+=" $seed:$o"
		done
	done
	[ -z "$bad" ] || { echo "flips that change compiler flags:$bad"; return 1; }
}

random_configs()
{
	local seed full=$1
	shift
	stage "random crypto configurations (seeds: $*)" $full
	for seed in "$@"; do
		call -p "random-$seed" "random-$seed" random_config "$seed"
	done
}

# with_digest CMD ARGS...: CMD with @DIGEST@ in ARGS replaced by the
# digest of minimal-fips140's module (known once it is built)
with_digest()
{
	local d a args=()
	d=$(fips140_digest minimal-fips140)
	for a in "$@"; do
		args+=("${a//@DIGEST@/$d}")
	done
	"${args[@]}"
}

# Bits flipped over the image (integrity_flips), from a seed printed first
# (a new one each run; `make check SEED=n` replays it): each stops the
# boot at the check before the load, in fips mode and, for the first
# FLIPS_NOFIPS of the random ones, outside it; none is parsed.
FLIPS_NOFIPS=8
FLIP_SEED=${FIPS140_FLIP_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
integrity_flips_group() { nested "minimal-fips140: bits flipped over the image (seed $FLIP_SEED), each stopped before the load" integrity_flip_boots; }
integrity_flip_boots()
{
	local label bit flips n digest nofips
	local panic='fips140: the embedded image \(built, [0-9]+ bytes\) is damaged, not loaded: HMAC-SHA256 [0-9a-f]{64}, expected '
	flips=$(integrity_flips minimal-fips140 "$FLIP_SEED")
	digest=$(fips140_digest minimal-fips140)
	n=$(printf '%s\n' "$flips" | grep -c .)
	nofips=$(printf '%s\n' "$flips" | grep '^random-[0-9]' | head -n $FLIPS_NOFIPS)
	echo "$IND# flip seed $FLIP_SEED: make check SEED=$FLIP_SEED replays these bits"
	ktap_plan $((2 * n + 2 * $(printf '%s\n' "$nofips" | grep -c .) + 1))
	while read -r label bit; do
		run_boot minimal-fips140 "flip-$label" --timeout 60 \
			--append "fips=1 initcall_debug fips140_test=flip-bit:$bit" \
			--expect-panic "$panic$digest"
		run_t "minimal-fips140/flip-$label: stopped before the load, nothing of it parsed" \
			flip_not_parsed minimal-fips140 "flip-$label"
	done <<< "$flips"
	while read -r label bit; do
		[ -n "$label" ] || continue
		run_boot minimal-fips140 "flip-$label-nofips" --timeout 60 \
			--append "initcall_debug fips140_test=flip-bit:$bit" \
			--expect-panic "$panic$digest"
		run_t "minimal-fips140/flip-$label-nofips: stopped before the load outside fips mode too" \
			flip_not_parsed minimal-fips140 "flip-$label-nofips"
	done <<< "$nofips"
	run_t "minimal-fips140: $n bits flipped over the image (at least 32), $FLIPS_NOFIPS of them outside fips mode too" \
		test "$n" -ge 32
}

. "$REPO_ROOT/mk/test-fips140.sh"
. "$REPO_ROOT/mk/test-prebuilt.sh"
. "$REPO_ROOT/mk/test-series.sh"
. "$REPO_ROOT/mk/test-workflow.sh"
. "$REPO_ROOT/mk/test-system.sh"

# artefacts CONFIG [OFF=C | PRISTINE=C]: the build-artefact checks of
# tools/testing/fips140/check-build.sh on the build of CONFIG (OFF=: a
# build of C with the feature off; PRISTINE=: C--pristine, the
# unpatched build of C), as a distribution runs them on its own build
artefacts()
{
	local c=$1 a needs=$1 what="build artefacts"
	shift
	for a in "$@"; do
		needs+=" ${a#*=}"
		case $a in
		OFF=*) what+=", exports against ${a#*=}" ;;
		PRISTINE=*) what="the feature off: vmlinux equals the unpatched build's" ;;
		esac
	done
	call -n "$needs" "$c: $what (check-build.sh)" \
		run_check_build "$c: $what (check-build.sh)" "$c" "$@"
}

# Debian's own cloud-amd64 config with the feature (check-full; alone:
# make check-debian)
debian_cloud()
{
	stage "Debian's cloud-amd64 config with the feature (check-full)" full
	build debian-cloud-fips140
	artefacts debian-cloud-fips140
	t "debian-cloud-fips140: modules_install installs fips140.ko; modinfo shows name, version, license" \
		modinfo_fips140 debian-cloud-fips140
	t "debian-cloud-fips140: the build printed no warning" \
		no_new_warnings debian-cloud-fips140
	boot debian-cloud-fips140 boot --timeout 600 \
		-- checks=alltests,kat,fips140core,boundary
	boot debian-cloud-fips140 fips --append fips=1 --timeout 600 \
		-- checks=alltests,fips,kat,fips140core,boundary
}

# The kernel as a distribution ships it (tools/testing/fips140/system/):
# system-fips140 packaged by bindeb-pkg (make deb), installed with apt
# into Debian 12, booted with systemd, used by dm-crypt and libkcapi, in a
# normal and a fips boot.  FULL (check-full; alone: make check-system)
# adds the feature-off control, the kernel's IPsec and kTLS selftests,
# and the update: the update base's kernel embedding system-fips140's
# module set, installed with apt inside the running system and booted.
run_deb()
{
	local log=$LOGDIR/deb-$1.log
	if $KDEV deb "$1" > "$log" 2>&1; then
		leaf 0 "deb: $1 (make deb: bindeb-pkg)"
	else
		leaf 1 "deb: $1 (make deb: bindeb-pkg)" "$(tail -n 25 "$log")"
	fi
}

# run_check_system NAME CONFIG [OFF=C] [UPDATE=C]
run_check_system()
{
	local name=$1 c=$2 a args=() work
	shift 2
	work=$WORK/check/system/$c
	[ $# -eq 0 ] || work=$work-full
	for a in "$@"; do
		args+=("${a%%=*}=$(out_of "${a#*=}")")
	done
	run_ktap "$name" bash "$(src_of "$c")/tools/testing/fips140/system/check-system.sh" \
		O="$(out_of "$c")" WORK="$work" "${args[@]}"
}

system_checks()
{
	local full=${1:-} desc
	if [ -z "$full" ]; then
		stage "system: the kernel as a Debian package, in Debian 12 with systemd"
		t "system: the scripts name bad input: arguments, a missing package or disk, a disk without a kernel, a build without a module set, no mmdebstrap, no root" \
			system_script_errors
		build system-fips140
		call -n system-fips140 -p system-fips140/deb "deb: system-fips140 (make deb: bindeb-pkg)" \
			run_deb system-fips140
		desc="system-fips140: packaged, installed with apt, booted with systemd, used by dm-crypt and libkcapi (check-system.sh)"
		call -n system-fips140/deb "$desc" run_check_system "$desc" system-fips140
		return
	fi
	stage "system: the feature-off control, IPsec and kTLS, a kernel update installed with apt (check-full)" full
	build system
	call -n system -p system/deb "deb: system (make deb: bindeb-pkg)" run_deb system
	t -n system-fips140 -p prebuilt-system-fips140 "prebuilt-system-fips140: system-fips140's module set in place" \
		install_set prebuilt-system-fips140 "$(out_of system-fips140)/crypto/fips140/module-set"
	build prebuilt-system-fips140
	call -n prebuilt-system-fips140 -p prebuilt-system-fips140/deb \
		"deb: prebuilt-system-fips140 (make deb: bindeb-pkg)" run_deb prebuilt-system-fips140
	desc="system-fips140: the same verdicts as the feature-off control; $UPDATE_RELEASE's package installed by apt in the running system, booted with the certified module (check-system.sh)"
	call -n "system-fips140/deb system/deb prebuilt-system-fips140/deb" "$desc" \
		run_check_system "$desc" system-fips140 OFF=system UPDATE=prebuilt-system-fips140
}

# arm64 (check-full; alone: make check-extra): arm64-fips140, built with
# GCC as distributions build it, with every driver of arch/arm64/crypto;
# then arm64-bti-fips140, built with clang (6.12's BTI needs it) with BTI
# enforced; then (arm64_full) the feature-off comparison with the
# unpatched build.
arm64_checks()
{
	stage "fips140: arm64 (arm64-fips140, check-full)" full
	build arm64-fips140
	artefacts arm64-fips140
	boot arm64-fips140 boot --timeout 300 --append fips140_test=late-modprobe \
		-- checks=selftests,fips,kat,modprobe,fips140,latemod,unsigned,arm64
	boot arm64-fips140 fips --append fips=1 --timeout 300 \
		-- checks=selftests,fips,kat,modprobe,fips140,arm64
	t -n arm64-fips140/boot "arm64-fips140: trampolines are direct branches when in reach" \
		far_jumps arm64-fips140 boot none
	boot arm64-fips140 early-call --append fips140_test=early-call --timeout 120 \
		--expect-panic 'fips140: crypto_has_alg\(\) called before fips140.ko was loaded'

	stage "fips140: arm64 with BTI enforced (arm64-bti-fips140, clang, check-full)" full
	build arm64-bti-fips140
	t -n "arm64-bti-fips140 arm64-fips140" "arm64-bti-fips140: built by clang with CONFIG_ARM64_BTI_KERNEL; fips140.ko's exports start with landing pads" \
		bti_build arm64-bti-fips140
	boot arm64-bti-fips140 far-jumps --append fips140_test=far-jumps --timeout 300 \
		-- checks=selftests,kat,fips140,arm64
	t -n arm64-bti-fips140/far-jumps "arm64-bti-fips140: the CPU has BTI, and every trampoline took its far form (through x16, onto a landing pad)" \
		bti_far_jumps arm64-bti-fips140 far-jumps
	boot arm64-bti-fips140 bti-miss --timeout 120 \
		--append "fips140_test=bti-miss oops=panic" \
		--expect-panic 'Oops - BTI: Fatal exception'
	t -n arm64-bti-fips140/bti-miss "arm64-bti-fips140/bti-miss: the trap is a module function entered past its landing pad" \
		grep -aE 'pc : [A-Za-z0-9_.]+\+0x[48]/0x[0-9a-f]+ \[fips140\]' \
		"$(out_of arm64-bti-fips140)/logs/bti-miss.log"
}

# The feature off on arm64 (check-full): with arch/arm64/crypto converted,
# vmlinux equals the unpatched build's, and vmlinux + fips140.ko export
# what it does
arm64_full()
{
	stage "fips140: arm64, the feature off leaves the kernel as it was (check-full)" full
	build arm64
	build arm64 --pristine
	artefacts arm64 PRISTINE=arm64--pristine
	artefacts arm64-fips140 OFF=arm64
}

# ---------------------------------------------------------------------------
# The checks (the build dirs first: out_of() is asked often, in subshells)
for c in "$CONFIGS"/*.config; do
	c=${c##*/}
	OUT_OF[${c%.config}]=$($KDEV paths "${c%.config}" | sed -n 's/^out=//p')
done
for c in minimal arm64; do
	OUT_OF[$c--pristine]=$($KDEV paths $c --pristine | sed -n 's/^out=//p')
done

stage "setup: deps, kernel base, work tree"
t "make tree: base $($KDEV paths minimal | sed -n 's/^version=//p') + repo files + series" \
	$KDEV tree
# the update base (prebuilt-fips140's), synced as the pinned one: a
# config's build makes its tree when there is none, and never syncs it
case ${FIPS140_CHECK_ONLY:-} in
""|system)
	t "make tree BASE=$UPDATE: the update base + repo files + series" \
		$KDEV --base "$UPDATE" tree ;;
esac

# make check-random SEED=n: that random configuration only;
# make check-debian: Debian's config only; make check-extra: arm64;
# make check-system: the Debian system stages
case ${FIPS140_CHECK_ONLY:-} in
random)	random_configs "" ${FIPS140_RANDOM_SEEDS:?} ;;
debian)	FIPS140_CHECK_FULL=1; debian_cloud ;;
extra)	FIPS140_CHECK_FULL=1; arm64_checks; arm64_full ;;
system)	FIPS140_CHECK_FULL=1; system_checks; system_checks full ;;
esac

if [ -z "${FIPS140_CHECK_ONLY:-}" ]; then

stage "workflow and config tooling"
call "workflow: make tree, refresh and series on a fake base and repository" \
	run_workflow_tests

unknown_config()
{
	local out
	out=$($KDEV config no-such-config 2>&1) && return 1
	echo "$out" | grep -q "unknown config 'no-such-config'; known configs: .*minimal" ||
		{ echo "$out"; return 1; }
}
t "an unknown config name is an error listing the known configs" unknown_config

unserved_base()
{
	local out
	out=$($KDEV --base 6.12.0-0 base 2>&1) && return 1
	echo "$out" | grep -q '6.12.0-0 is not served' &&
		echo "$out" | grep -q 'Served versions: .*6\.12\.' &&
		echo "$out" | grep -q 'BASE=newest' || { echo "$out"; return 1; }
}
t "an unserved base version names the served ones and BASE=newest" unserved_base

dropped_option()
{
	local d out
	d=$(mktemp -d)
	# jitterentropy selects SHA3, so SHA3=m cannot survive olddefconfig.
	sed 's/^CONFIG_CRYPTO_AES_TI=m/CONFIG_CRYPTO_SHA3=m/' \
		tools/testing/fips140/configs/minimal.config > "$d/dropped.config"
	out=$(FIPS140_CONFIG_DIR=$d $KDEV config dropped 2>&1)
	local rc=$?
	rm -rf "$d" "$WORK"/*/build/dropped
	[ $rc -ne 0 ] || { echo "accepted: $out"; return 1; }
	echo "$out" | grep -q 'CONFIG_CRYPTO_SHA3=m (final .config has CONFIG_CRYPTO_SHA3=y)' ||
		{ echo "$out"; return 1; }
}
t "a fragment option dropped by olddefconfig is an error naming it" dropped_option

# A random configuration that Kconfig refuses the feature with is reported
# as refused (exit 3), naming the broken 'depends on' line and the values
# that break it.
refused_random()
{
	local d out rc=0
	d=$(mktemp -d)
	out=$(FIPS140_RANDOM_SET=CONFIG_TRIM_UNUSED_KSYMS=y \
		$KDEV config random-1 --out "$d" 2>&1)
	[ $? -eq 3 ] || rc=1
	echo "$out" | grep -q "^refused: .*Kconfig refuses CONFIG_CRYPTO_FIPS140_EXTMOD.*'depends on !TRIM_UNUSED_KSYMS' with TRIM_UNUSED_KSYMS=y" ||
		rc=1
	out2=$(FIPS140_RANDOM_SET=TRIM=y $KDEV config random-1 --out "$d" 2>&1)
	[ $? -eq 2 ] && echo "$out2" | grep -q "FIPS140_RANDOM_SET: cannot parse 'TRIM=y'" ||
		rc=1
	rm -rf "$d"
	[ $rc -eq 0 ] || printf '%s\n%s\n' "$out" "$out2"
	return $rc
}
t "a random config Kconfig refuses is reported as refused, naming the broken 'depends on'" \
	refused_random

# "# Start: debian <config>": a malformed line is an error quoting it; a
# config Debian's linux-config-6.12 does not have is an error listing
# those it has.
bad_start()
{
	local d out rc=0
	d=$(mktemp -d)
	printf '# Start: fedora config.x\nCONFIG_CRYPTO=y\n' > "$d/badstart.config"
	printf '# Start: debian config.amd64_none_nosuch\nCONFIG_CRYPTO=y\n' \
		> "$d/nosuch.config"
	out=$(FIPS140_CONFIG_DIR=$d $KDEV config badstart 2>&1) && rc=1
	echo "$out" | grep -q "cannot parse '# Start: fedora config.x'" ||
		{ echo "$out"; rc=1; }
	out=$(FIPS140_CONFIG_DIR=$d $KDEV config nosuch 2>&1) && rc=1
	echo "$out" | grep -q 'has no config.amd64_none_nosuch; it has: .*config.amd64_none_cloud-amd64' ||
		{ echo "$out"; rc=1; }
	# A base whose linux-config-6.12 apt no longer serves takes the
	# nearest served one, saying so; a package apt does not serve at all
	# is an error.
	out=$(python3 -B -c 'import sys; sys.path.insert(0, sys.argv[1]); import configs, common
t = configs.debian_config("6.12.0-0", "x86_64", "config.amd64_none_cloud-amd64")
print("CONFIG_CRYPTO lines:", t.count(b"\nCONFIG_CRYPTO_"))
configs.DEBIAN_CONFIG_PACKAGE = "linux-config-6.99"
try:
    configs.debian_config("6.12.0-0", "x86_64", "config.amd64_none_cloud-amd64")
except common.Error as e:
    sys.exit(str(e))' "$REPO_ROOT/mk/kdev" 2>&1) && rc=1
	echo "$out" | grep -q "linux-config-6.12 6.12.0-0 is not served; Debian's configs come from 6\.12\." &&
		echo "$out" | grep -Eq 'CONFIG_CRYPTO lines: [1-9][0-9]' &&
		echo "$out" | grep -q 'No version of linux-config-6.99 is served at all' ||
		{ echo "$out"; rc=1; }
	rm -rf "$d" "$WORK"/*/build/badstart "$WORK"/*/build/nosuch
	return $rc
}
t "a bad 'Start:' line or an unknown Debian config is an error naming what exists; an unserved linux-config falls back, saying so" \
	bad_start

# The words of Documentation/crypto/fips140.rst's "Terms" are the only
# ones for their concepts: no "slot" or "stub" (once words for the
# placeholder, the unplugged handler and the variable pointer) in the
# feature's files or in the lines the series adds.
glossary_words()
{
	local bad
	bad=$(cd "$REPO_ROOT" && {
		grep -rniwE 'slots?|stubs?' crypto arch include kernel scripts \
			Documentation tools/testing/fips140
		grep -niwE '^\+.*\b(slots?|stubs?)\b' patches/6.12/*.patch
	})
	[ -z "$bad" ] || { echo "$bad"; return 1; }
	sed -n '/^Terms$/,/^Using it$/p' "$REPO_ROOT/Documentation/crypto/fips140.rst" |
		grep -c '^[a-z]' | sed 's/$/ terms in the glossary; no other word for them/'
}
t "the glossary's words are the only ones for their concepts (no slot, no stub)" \
	glossary_words

# make check T=GLOB: a glob that matches nothing is an error (exit 2,
# before anything runs), and one matching only check-full's checks says
# to run make check-full
check_t_errors()
{
	local out rc=0
	out=$(FIPS140_CHECK_T='no such check' bash "$0" 2>&1)
	[ $? -eq 2 ] && printf '%s\n' "$out" | grep -qx "make check: T='no such check' matches no check or stage; make check-list lists them" ||
		{ echo "no match: $out"; rc=1; }
	out=$(FIPS140_CHECK_T='*debian-cloud*' bash "$0" 2>&1)
	[ $? -eq 2 ] && printf '%s\n' "$out" | grep -qx "make check: T='\*debian-cloud\*' matches checks of make check-full only: run make check-full T='\*debian-cloud\*'" ||
		{ echo "check-full only: $out"; rc=1; }
	return $rc
}
t "make check T=: a glob matching nothing is an error; one matching only check-full's checks says so" \
	check_t_errors

# A check registered before the boot whose log it reads is refused
# before anything runs (a copy of mk/ with one such pair, in list mode)
check_order_errors()
{
	local d out rc=0
	d=$(mktemp -d)
	mkdir -p "$d/patches/6.12" && cp -r "$REPO_ROOT/mk" "$d/" &&
		cp "$REPO_ROOT/patches/6.12/BASE" "$d/patches/6.12/" &&
		sed -i '/^check_order || exit 2$/i \
t -n minimal/too-late "reads a later boot" true\
boot minimal too-late' "$d/mk/check.sh"
	out=$(FIPS140_CHECK_LIST=1 WORK="$d/work" bash "$d/mk/check.sh" 2>&1)
	[ $? -eq 2 ] &&
		printf '%s\n' "$out" | grep -qx "make check: 'reads a later boot' needs 'minimal/too-late', which runs after it" ||
		{ echo "$out" | tail -5; rc=1; }
	rm -rf "$d"
	return $rc
}
t "make check: a check that reads a boot registered after it is refused before anything runs" \
	check_order_errors

# refused_header DIR NAME LINE MESSAGE: kdev config refuses config NAME,
# a fragment in DIR with the header LINE, printing MESSAGE
refused_header()
{
	local out rc=0
	printf '%s\nCONFIG_CRYPTO=y\n' "$3" > "$1/$2.config"
	out=$(FIPS140_CONFIG_DIR=$1 $KDEV config "$2" 2>&1) && rc=1
	echo "$out" | grep -q "$4" || { echo "$out"; rc=1; }
	rm -rf "$WORK"/*/build/"$2"
	return $rc
}

# An architecture without a file in tools/testing/fips140/arch/: a
# config's "# Arch:" line, run-qemu.sh --arch and mk/deps.sh name the
# known ones.
unknown_arch()
{
	local d out rc=0 known
	known=$(cd "$REPO_ROOT/tools/testing/fips140/arch" && ls -- *.sh | sed 's/\.sh$//' | tr '\n' ' ')
	known=${known% }
	d=$(mktemp -d)
	refused_header "$d" sparc '# Arch: sparc' \
		"config sparc: unknown arch 'sparc'; known: ${known// /, } " || rc=1
	out=$(bash "$REPO_ROOT/tools/testing/fips140/run-qemu.sh" --arch sparc \
		--kernel /dev/null --initrd /dev/null --log "$d/log" 2>&1)
	[ $? -eq 2 ] && echo "$out" | grep -q "unknown arch 'sparc' (known: $known)" ||
		{ echo "run-qemu.sh: $out"; rc=1; }
	out=$(bash "$REPO_ROOT/mk/deps.sh" sparc 2>&1) && rc=1
	echo "$out" | grep -q "unknown arch 'sparc' (known: $known)" ||
		{ echo "deps.sh: $out"; rc=1; }
	rm -rf "$d"
	return $rc
}
t "an unknown architecture (an 'Arch:' line, run-qemu.sh --arch, deps.sh) is an error naming the known ones" \
	unknown_arch

# A "# Compiler:" line naming a compiler the build does not know
unknown_compiler()
{
	local d rc=0
	d=$(mktemp -d)
	refused_header "$d" icc '# Compiler: icc' \
		"$d/icc.config: unknown compiler 'icc' in '# Compiler:'; known: gcc, clang" || rc=1
	rm -rf "$d"
	return $rc
}
t "an unknown compiler (a 'Compiler:' line) is an error naming the known ones" \
	unknown_compiler

# A config's base ("# Base: update": the later served version of
# patches/6.12/BASE): an unknown one is an error naming the known ones;
# "update" with a BASE without an "update" line (a copy of mk/ and BASE)
# is an error saying so.
unknown_base()
{
	local d out rc=0
	d=$(mktemp -d)
	refused_header "$d" stable '# Base: stable' \
		"$d/stable.config: unknown base 'stable' in '# Base:'; known: pin, update" || rc=1
	mkdir -p "$d/patches/6.12" "$d/cfg" && cp -r "$REPO_ROOT/mk" "$d/" &&
		grep -v '^update ' "$REPO_ROOT/patches/6.12/BASE" > "$d/patches/6.12/BASE" &&
		printf '# Base: update\nCONFIG_CRYPTO=y\n' > "$d/cfg/upd.config"
	out=$(FIPS140_CONFIG_DIR=$d/cfg WORK=$d/work python3 "$d/mk/kdev" config upd 2>&1) && rc=1
	echo "$out" | grep -q "config upd builds the update base, and patches/6.12/BASE has no 'update <version>' line" ||
		{ echo "$out"; rc=1; }
	rm -rf "$d"
	return $rc
}
t "an unknown base (a 'Base:' line) is an error naming the known ones; the update base needs BASE's 'update' line" \
	unknown_base

# The reuse checks' other base is read from patches/6.12/BASE (its first
# checksummed version but the pin); a BASE with none stops the suite,
# saying so (a copy of mk/ and BASE, in list mode).
other_base_from_lock()
{
	local d out rc=0
	[ -n "$OTHER_BASE" ] && [ "$OTHER_BASE" != "$PIN" ] &&
		grep -q "^sha256 $OTHER_BASE " "$REPO_ROOT/patches/6.12/BASE" ||
		{ echo "other base '$OTHER_BASE' is not a checksummed version of BASE but the pin"; return 1; }
	d=$(mktemp -d)
	# (every checksummed version but the pin and the update left out)
	mkdir -p "$d/patches/6.12" && cp -r "$REPO_ROOT/mk" "$d/" &&
		awk -v pin="$PIN" -v up="$UPDATE" '$1 != "sha256" || $2 == pin || $2 == up' \
		"$REPO_ROOT/patches/6.12/BASE" > "$d/patches/6.12/BASE"
	out=$(env -u FIPS140_OTHER_BASE FIPS140_CHECK_LIST=1 WORK="$d/work" \
		bash "$d/mk/check.sh" 2>&1) && rc=1
	printf '%s\n' "$out" | grep -q '^patches/6.12/BASE: no checksummed version but the pin and the update' ||
		{ echo "$out"; rc=1; }
	rm -rf "$d"
	echo "other base: $OTHER_BASE"
	return $rc
}
t "the reuse checks' other base is read from patches/6.12/BASE; a BASE without one is an error" \
	other_base_from_lock

# ---------------------------------------------------------------------------
stage "build: minimal-fips140"
build minimal-fips140
stage "build: minimal"
build minimal

stage "boot: minimal (baseline: built-in crypto)"
t -n minimal "minimal: self-tests are compiled in (CONFIG_CRYPTO_MANAGER_DISABLE_TESTS unset)" \
	grep -qx '# CONFIG_CRYPTO_MANAGER_DISABLE_TESTS is not set' "$(out_of minimal)/.config"
boot minimal boot --append "initcall_debug ignore_loglevel" \
	-- checks=selftests,fips,kat,modprobe,unsigned
boot minimal fips --append fips=1

stage "harness self-tests"
t "harness: a failing guest check is reported failed" \
	boot_meta minimal fail 'not ok [0-9]+ harness self-test: a check that fails' -- mode=fail
t "harness: a guest that reports fewer checks than its plan line fails the boot" \
	boot_meta minimal shortplan '# the guest planned 2 checks and reported 1' -- mode=shortplan
t "harness: a kernel panic is reported failed with its panic line" \
	boot_meta minimal panic 'Kernel panic - not syncing: Requested init /nonexistent failed' \
	--append "rdinit=/nonexistent init=/nonexistent" --timeout 60
t "harness: the warning check counts a source's warnings until it is compiled again, not after" \
	warnings_until_recompiled

# ---------------------------------------------------------------------------
stage "fips140: build-time refusals"
t "check-objects.sh: a section the loader drops, an early_param(), no or a non-ELF object: refused, named" \
	refuses_objects
t "check-objects.sh --vmlinux-copy: a library copy with an initcall, parameter or __setup(): refused, named" \
	refuses_copies
t "hmac-sha256.sh: the embedded digest agrees with openssl; a key under 112 bits is refused" \
	hmac_script
t "gen-redirect.sh: a weak or second definition in vmlinux, an .init/per-CPU export: refused, named" \
	refuses_redirect
t "Kconfig: CONFIG_TRIM_UNUSED_KSYMS with the feature is refused" \
	refuses_trim_ksyms
t "initcall-placeholders.sh: a __setup() handler gets a placeholder; one it cannot copy is refused, named" \
	setup_placeholders

stage "fips140: build artefacts"
artefacts minimal-fips140 OFF=minimal
t "check-build.sh: what it cannot check is an error naming it; exports against a build with the feature on fail; so do a digest that is not the HMAC with the build's key and fault injection in a production build; a prebuilt module's offline check is skipped" \
	check_build_errors minimal-fips140 minimal
feature_artefacts minimal-fips140
t "make help lists fips140-ready and fips140-check" help_lists_target minimal-fips140
t "modpost of fips140.ko takes W=1 (-W) and make -i (-n) as any module's" \
	modpost_options minimal-fips140
t "a crypto-objs entry without a source fails the build, naming it" \
	missing_object minimal-fips140
t "a misspelt FIPS140_INCLUDE_/_EXCLUDE_/_VMLINUX_COPY_ marker fails the build, naming it" \
	misspelt_marker minimal-fips140
t "boundary-report.sh: an import from lib/asn1_decoder.c is algorithm code, one from lib/string.c a service" \
	boundary_report_lib
t -n minimal-fips140 "gen-approved.sh: each algorithm allowed in fips mode classified approved or not; one it does not know stops the build, named" \
	gen_approved_errors
# (in this order: the last rebuilds what the others broke on purpose)
t "minimal-fips140: an import of algorithm code left in vmlinux stops the build, naming symbol and file" \
	boundary_reach_out minimal-fips140
t "minimal-fips140: an unresolved import stops the build at modpost (fips140.ko: also with KBUILD_MODPOST_WARN; an =m module)" \
	unresolved_import minimal-fips140
t "minimal-fips140: touching a crypto source rebuilds and re-embeds fips140.ko" \
	reembeds_after_touch minimal-fips140

stage "fips140: boot minimal-fips140"
boot minimal-fips140 boot \
	--append "initcall_debug ignore_loglevel fips140_test=late-modprobe" \
	-- checks=selftests,fips,kat,modprobe,fips140,latemod,unsigned,kcapi,outside
boot minimal-fips140 fips --append fips=1 \
	-- checks=selftests,fips,kat,modprobe,fips140,kcapi,policy,outside
boot minimal-fips140 params --append cryptomgr.notests=1 -- checks=fips140,kat
boot minimal-fips140 early-call --append fips140_test=early-call --timeout 60 \
	--expect-panic 'fips140: crypto_has_alg\(\) called before fips140.ko was loaded'
boot minimal-fips140 bad-image --append "initcall_debug fips140_test=bad-image" --timeout 60 \
	--expect-panic 'fips140: the embedded image \(built, [0-9]+ bytes\) is damaged, not loaded: HMAC-SHA256 [0-9a-f]{64}, expected [0-9a-f]{64}'
boot minimal-fips140 wrong-name --append fips140_test=wrong-name --timeout 60 \
	--expect-panic 'fips140: cannot load the embedded fips140.ko \([0-9]+ bytes, its integrity verified\): error -2'
boot minimal-fips140 early-var --append fips140_test=early-var --timeout 60 \
	--expect-panic 'fips140: sha256_zero_message_hash used before fips140.ko was loaded'
boot minimal-fips140 initcall-swap --append fips140_test=initcall-swap --timeout 60 \
	--expect-panic 'fips140: initcall level [0-7], placeholder 0: vmlinux expects __initcall__kmod_[A-Za-z0-9_]+, fips140.ko has __initcall__kmod_[A-Za-z0-9_]+ there'
boot minimal-fips140 initcall-unnamed --append fips140_test=initcall-unnamed --timeout 60 \
	--expect-panic 'fips140: initcall level [0-7], placeholder 0: vmlinux expects \(none\), fips140.ko has \(none\) there'
boot minimal-fips140 layout-version --append fips140_test=layout-version --timeout 60 \
	--expect-panic "fips140: fips140.ko has the loader interface version 2, this kernel's loader 3"
boot minimal-fips140 init-fail --append fips140_test=init-fail --timeout 60 \
	--expect-panic 'fips140: the embedded module failed to initialize: error -5'

stage "fips140: the integrity self-test of minimal-fips140"
t -n "minimal-fips140 minimal-fips140/fips" "minimal-fips140: the fips boot logs the integrity test with the build's digest and its cost" \
	with_digest grep -aE "fips140: integrity: HMAC-SHA256 of the embedded image \([0-9]+ bytes\) is @DIGEST@: verified in [0-9]+ us" \
	"$(out_of minimal-fips140)/logs/fips.log"
boot minimal-fips140 early-user --append "fips=1 fips140_test=early-user" \
	-- checks=fips140
t -n "minimal-fips140 minimal-fips140/early-user" "minimal-fips140/early-user: a caller before the module is operational gets an error" \
	grep -aE 'fips140_test: sha256 asked for while the module is not operational: error -[0-9]+' \
	"$(out_of minimal-fips140)/logs/early-user.log"
call -n minimal-fips140 "minimal-fips140: bits flipped over the image, each stopped before the load" \
	integrity_flips_group
call -n minimal-fips140 -p minimal-fips140/wrong-digest minimal-fips140/wrong-digest \
	with_digest run_boot minimal-fips140 wrong-digest --timeout 60 \
	--append "fips=1 initcall_debug fips140_test=wrong-digest" \
	--expect-panic "fips140: the embedded image \(built, [0-9]+ bytes\) is damaged, not loaded: HMAC-SHA256 @DIGEST@, expected [0-9a-f]{64}"
boot minimal-fips140 fail-kat --timeout 60 \
	--append "fips=1 initcall_debug fips140_test=fail-kat" \
	--expect-panic 'fips140: integrity test failed: the HMAC-SHA256 known-answer test \(RFC 4231 case 2\) gave [0-9a-f]{64}'
# vmlinux enforces the self-test's verdict, whatever the module's code does
boot minimal-fips140 kat-go-on --timeout 60 \
	--append "fips=1 initcall_debug fips140_test=kat-go-on" \
	--expect-panic 'fips140: the self-test of fips140.ko failed \(error -74, state error\): vmlinux stops the fips boot'
boot minimal-fips140 kat-lie --timeout 60 \
	--append "fips=1 initcall_debug fips140_test=kat-lie" \
	--expect-panic 'fips140: the self-test of fips140.ko failed \(error 0, state error\): vmlinux stops the fips boot'
boot minimal-fips140 not-operational --timeout 60 \
	--append "fips=1 fips140_test=not-operational" \
	--expect-panic 'fips140: fips140.ko is not operational after its init \(state self-test\): vmlinux stops the fips boot'
boot minimal-fips140 fail-selftest --timeout 60 \
	--append "fips=1 cryptomgr.fail_selftest=sha256-generic" \
	--expect-panic 'alg: self-tests for sha256-generic \(sha256\) failed in fips mode!'
for b in wrong-digest fail-kat kat-go-on kat-lie; do
	t -n minimal-fips140/$b "minimal-fips140/$b: stopped before any initcall of fips140.ko" \
		no_module_initcalls minimal-fips140 "$b"
done
# outside fips mode: a damaged image stops the boot all the same; the
# module's own self-test failing is logged, and the boot goes on with the
# module in state error, nothing approved
call -n minimal-fips140 -p minimal-fips140/wrong-digest-nofips minimal-fips140/wrong-digest-nofips \
	with_digest run_boot minimal-fips140 wrong-digest-nofips --timeout 60 \
	--append "initcall_debug fips140_test=wrong-digest" \
	--expect-panic "fips140: the embedded image \(built, [0-9]+ bytes\) is damaged, not loaded: HMAC-SHA256 @DIGEST@, expected [0-9a-f]{64}"
for b in bad-image wrong-digest wrong-digest-nofips; do
	t -n minimal-fips140/$b "minimal-fips140/$b: stopped before the load, nothing of the image parsed" \
		flip_not_parsed minimal-fips140 "$b"
done
boot minimal-fips140 fail-kat-nofips --append fips140_test=fail-kat \
	-- checks=selftests,fips140
t -n "minimal-fips140 minimal-fips140/fail-kat-nofips" "minimal-fips140/fail-kat-nofips: the failure is logged, the kernel goes on" \
	grep -a "fips140: integrity test failed: the HMAC-SHA256 known-answer test (RFC 4231 case 2) gave [0-9a-f]\{64\} (not in fips mode: going on)" \
	"$(out_of minimal-fips140)/logs/fail-kat-nofips.log"
boot minimal-fips140 notifier-race --append fips140_test=notifier-race -- checks=fips140core
t -n minimal-fips140/notifier-race "minimal-fips140/notifier-race: late module notifiers unregistered meanwhile: a pending one not called after, a running one waited for" \
	notifier_race minimal-fips140
t -n "minimal/boot minimal-fips140/boot" \
	"minimal-fips140: initcalls run at the same levels and in the same order as built in" \
	initcall_order minimal-fips140
t -n minimal "minimal-fips140: boot time to /init within 15% of the feature off (less the integrity checks, reported)" \
	boot_time_ratio minimal-fips140
boot minimal-fips140 setup-unnamed --append fips140_test=setup-unnamed --timeout 60 \
	--expect-panic 'fips140: vmlinux holds the parameter ca_keys= for fips140.ko, which has no __setup\(\) handler of that name'

stage "fips140: debugging the embedded module (btf-fips140, check-full)" full
build btf-fips140
t "btf-fips140: the module's BTF is in vmlinux beside the image, which is fips140.ko, without BTF; other modules have theirs" \
	btf_embedded btf-fips140
t "gen-btf.sh: debug info that is not the embedded module's is refused, named" \
	gen_btf_refuses btf-fips140
boot btf-fips140 debug --append "ca_keys=id:zz" -- checks=debug,fips140,kat
boot btf-fips140 notifier-fail --append fips140_test=notifier-fail -- checks=fips140core,kat
t -n btf-fips140/notifier-fail "btf-fips140/notifier-fail: a module notifier failing on the late COMING is named, the boot goes on" \
	grep -aE 'embedded module fips140: module notifier fips140_test_module_notify failed: error -22' \
	"$(out_of btf-fips140)/logs/notifier-fail.log"

stage "reuse: a certified fips140.ko in a kernel update"
t "minimal-fips140: its module set has the module, digest, symvers, symtypes, manifest and frozen sources" \
	module_set_complete minimal-fips140
t -n minimal-fips140 "make fips140-check: the tree still builds its module; a changed source file and a changed option are named" \
	manifest_check
t -n minimal-fips140 "the module set and guard scripts name bad input: __versions, a missing .cmd, not a set, not a manifest, frozen sources not the manifest's" \
	reuse_script_errors
t -n minimal-fips140 "prebuilt-fips140: no module set, or a digest that is not its module's HMAC, stops the build, saying so" \
	prebuilt_set_errors
t -n minimal-fips140 "ABI guard: a source change is refused, naming the export vmlinux needs, the structure and its new member, and the functions the frozen rebuild finds changed" \
	guard_source_change
t -n minimal-fips140 "ABI guard: what the loader refuses is refused: an import without a symbol version, another loader interface" \
	guard_loader_refusals
t -n minimal-fips140 "ABI guard: an import of another version is accepted, listed, when the frozen rebuild is the module; refused without one, or with another compiler, named" \
	guard_frozen_verdicts
t -n minimal-fips140 -p prebuilt-fips140 "prebuilt-fips140: minimal-fips140's module set in place" \
	install_set prebuilt-fips140 "$(certified_out)/crypto/fips140/module-set"
build prebuilt-fips140
t "ABI guard: minimal-fips140's fips140.ko ($PIN_RELEASE) in the $UPDATE_RELEASE kernel: compatible" \
	guard_verdict prebuilt-fips140
t -n prebuilt-fips140 "ABI guard: prebuilt-fips140's frozen rebuild is minimal-fips140's module, no import version differs; what $UPDATE_RELEASE changed in the boundary is listed" \
	update_reported prebuilt-fips140
t -n minimal-fips140 "prebuilt-fips140: vmlinux embeds, and modules_install installs, minimal-fips140's fips140.ko byte for byte" \
	embedded_is_certified prebuilt-fips140
t -n minimal-fips140 "prebuilt-fips140: modules_install installs the set's boundary module (aes_ti.ko), as the certified build installed it" \
	installs_certified_modules prebuilt-fips140
boot prebuilt-fips140 boot -- checks=selftests,fips,kat,modprobe,fips140,prebuilt
boot prebuilt-fips140 fips --append fips=1 -- checks=selftests,fips,kat,modprobe,fips140,prebuilt
for b in boot fips; do
	t -n prebuilt-fips140/$b "prebuilt-fips140/$b: the kernel is $UPDATE_RELEASE's; the module reports the certified name, version, digest and release ($PIN_RELEASE)" \
		prebuilt_reported prebuilt-fips140 $b
done
t -n minimal-fips140 "boundary-modules.sh guard: a damaged, lacking or extra module, a changed import (with the structure and member), an export lost, BTF, other ABI options, an unrecorded set: refused, named; with a frozen rebuild's verdict, the pair it accepted accepted, and why not named (a rebuild that differs, a stale verdict, none)" \
	modules_guard_errors prebuilt-fips140
t -n prebuilt-fips140 "frozen-set.sh: prebuilt-fips140's frozen rebuild written as a module set: frozen-of the certified module, its sources one for one, paths in the tree; a rebuild not linked, or of other sources, named" \
	frozen_set_script prebuilt-fips140
t -n prebuilt-fips140 "boundary modules: the frozen rebuild of the set's aes_ti.ko against $UPDATE_RELEASE is the module; vmlinux's table has the modules whose imports the verdict accepted" \
	boundary_frozen_verdict prebuilt-fips140
call -n minimal-fips140 -p accept-fips140 "ABI guard: a new member of struct kmem_cache, which the module only passes by pointer, changes the versions of its slab imports, not its frozen rebuild: accepted, each import listed" \
	build_check accept-fips140 guard_accepts_pointer_only "ABI guard: a new member of struct kmem_cache, which the module only passes by pointer, changes the versions of its slab imports, not its frozen rebuild: accepted, each import listed"
boot accept-fips140 fips --append fips=1 -- checks=selftests,fips,kat,fips140,prebuilt
t -n accept-fips140/fips "accept-fips140: the boot logs the imports accepted with another version" \
	accepted_logged fips
boot accept-fips140 accepted-drop --append "fips=1 fips140_test=accepted-drop" --timeout 60 \
	--expect-panic 'fips140: cannot load the embedded fips140.ko \([0-9]+ bytes, its integrity verified\): error -22'
t -n accept-fips140/accepted-drop "accept-fips140/accepted-drop: the import the table lacks is refused by the module loader, named" \
	accepted_drop_named
boot accept-fips140 accepted-other --append "fips=1 fips140_test=accepted-other" --timeout 60 \
	--expect-panic 'fips140: cannot load the embedded fips140.ko \([0-9]+ bytes, its integrity verified\): error -22'
t -n "minimal-fips140 accept-fips140" "frozen rebuild: minimal-fips140's frozen sources, compiled in accept-fips140's build (the same tree, struct kmem_cache edited), give its fips140.o byte for byte; an object not built there and a source that does not compile are named" \
	frozen_rebuild_same minimal-fips140 accept-fips140
t -n accept-fips140/accepted-other "accept-fips140/accepted-other: a table for another image is not used, saying so" \
	grep -aqE 'fips140: the accepted symbol versions are those of the image with HMAC-SHA256 [0-9a-f]{64}, not of this one: none is accepted' \
	"$(out_of accept-fips140)/logs/accepted-other.log"
t -n minimal-fips140 -p dual-fips140 "dual-fips140: minimal-fips140's module set in place" \
	install_set dual-fips140 "$(certified_out)/crypto/fips140/module-set"
build dual-fips140
boot dual-fips140 boot -- checks=selftests,kat,fips140,built
boot dual-fips140 fips --append fips=1 -- checks=selftests,fips,kat,fips140,prebuilt
# each of the two images is checked before the load
boot dual-fips140 flip-nofips --append "initcall_debug fips140_test=flip-bit:8005" --timeout 60 \
	--expect-panic 'fips140: the embedded image \(built, [0-9]+ bytes\) is damaged, not loaded: HMAC-SHA256 [0-9a-f]{64}, expected [0-9a-f]{64}'
boot dual-fips140 flip-fips --append "fips=1 initcall_debug fips140_test=flip-bit:8005" --timeout 60 \
	--expect-panic 'fips140: the embedded image \(prebuilt, [0-9]+ bytes\) is damaged, not loaded: HMAC-SHA256 [0-9a-f]{64}, expected [0-9a-f]{64}'
for b in flip-nofips flip-fips; do
	t -n dual-fips140/$b "dual-fips140/$b: stopped before the load, nothing of the image parsed" \
		flip_not_parsed dual-fips140 "$b"
done
t -n minimal-fips140 "dual-fips140: extract-fips140 extracts the certified module, and with --nofips this tree's; none from prebuilt-fips140" \
	dual_extract dual-fips140 prebuilt-fips140
t -n dual-fips140 "dual-fips140: every export of the certified module a module imports, this tree's module has too; a gap is refused, named" \
	dual_export_gap
t -n minimal-fips140/fips "minimal-fips140: the Security Policy tables, generated from its manifest, testmgr.c and its fips boot" \
	security_policy minimal-fips140 fips

# ---------------------------------------------------------------------------
stage "series: export and git am on the pristine base"
t "make series: applies with git am to the pristine base, equals the work tree; new files come with their first user" \
	series_applies

system_checks

stage "fips140: the feature off leaves the kernel as it was (check-full)" full
build minimal --pristine
artefacts minimal PRISTINE=minimal--pristine
t -n minimal--pristine "minimal-fips140: the build printed no warning the unpatched minimal's did not" \
	no_new_warnings minimal-fips140 minimal --pristine

stage "bench: make bench, a short run (check-full)" full
t -n "minimal minimal-fips140" "make bench --quick: calls timed in instructions and ns, AF_ALG throughput, memory and boot measured; table and plot written" \
	bench_quick

stage "fips140: mix-fips140, more crypto as modules, debug info (check-full)" full
build mix-fips140
artefacts mix-fips140
feature_artefacts mix-fips140
t -n minimal--pristine "mix-fips140: the build printed no warning the unpatched minimal's did not" \
	no_new_warnings mix-fips140 minimal --pristine
# mix-fips140 is the configuration with CONFIG_DEBUG_INFO
t "mix-fips140: fips140.ko has no debug info; fips140.ko.debug, installed by build ID, resolves its code to source lines" \
	debug_file mix-fips140
t "mix-fips140: its module set has the module's kernel surface: per object, the inline functions and structures of kernel headers its code uses" \
	surface_written mix-fips140
boot mix-fips140 boot -- checks=selftests,fips,kat,modprobe,fips140,mix,kcapi
boot mix-fips140 fips --append fips=1 -- checks=selftests,fips,kat,modprobe,fips140,mix,kcapi

stage "reuse: more pairings and refusals (check-full)" full
t -n "minimal-fips140 mix-fips140" "frozen-compare.sh: a module against itself is the same; against mix-fips140's, each difference is named by its function or data object" \
	frozen_compare_names
t -n mix-fips140 "ABI guard: a module built with other ABI options (mix-fips140's) is refused, naming vermagic and the options" \
	guard_refuses prebuilt-fips140 "$(out_of mix-fips140)/crypto/fips140/module-set" \
	'fips140: vermagic: the prebuilt module has "[^"]* preempt ' \
	'fips140: config: CONFIG_PREEMPT_BUILD is not set here, y in the build of the prebuilt module'
t -n minimal-fips140 "guard-fips140: a set lacking a boundary module of the build stops make modules; modules_install refuses without a passed guard" \
	modules_guard_stops_build
mix_set=$(out_of mix-fips140)/crypto/fips140/module-set
t -n mix-fips140 "prebuilt-mix-fips140: a set without fips140.ko.debug stops a CONFIG_DEBUG_INFO build, saying so" \
	prebuilt_debug_missing prebuilt-mix-fips140 "$mix_set"
t -n mix-fips140 -p prebuilt-mix-fips140 "prebuilt-mix-fips140: mix-fips140's module set in place" \
	install_set prebuilt-mix-fips140 "$mix_set"
build prebuilt-mix-fips140
t "ABI guard: mix-fips140's fips140.ko in the $PIN_RELEASE-update1 kernel, with symbol versions: compatible" \
	guard_verdict prebuilt-mix-fips140
t "prebuilt-mix-fips140: vmlinux embeds, and modules_install installs, mix-fips140's fips140.ko byte for byte" \
	embedded_is_certified prebuilt-mix-fips140 mix-fips140
t "prebuilt-mix-fips140: modules_install installs each of the set's boundary modules, as the certified build installed them" \
	installs_certified_modules prebuilt-mix-fips140 mix-fips140
t "prebuilt-mix-fips140: modules_install installs the set's fips140.ko.debug, which resolves the embedded module's code" \
	prebuilt_debug prebuilt-mix-fips140 mix-fips140
boot prebuilt-mix-fips140 boot -- checks=selftests,fips,kat,modprobe,fips140,mix,prebuilt
t -n minimal-fips140 "reproducible: minimal-fips140 from another path, build dir, time, user and host: the same fips140.ko" \
	reproducible

# Two fixed seeds, whose draws flip no option that changes the
# compiler's flags, the first a production build
# (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST off); check-full draws fresh ones
# too.
random_configs full 749 1426
t -n "random-749 random-1426" "random: the fixed seeds 749 and 1426 flip no option that changes compiler flags" \
	seeds_keep_flags 749 1426

stage "series: builds at every step (check-full)" full
t "make series: every step of the series builds" series_builds

stage "reuse: a module of another base (check-full)" full
# second_base VERSION: make tree of another served base, beside the pin
second_base()
{
	local v=$1 out tree
	out=$($KDEV --base "$v" tree 2>&1) || { echo "$out"; return 1; }
	tree=$WORK/${v//\~/_}/linux
	[ -d "$WORK/${PIN//\~/_}/linux" ] || { echo "the pinned tree is gone"; return 1; }
	git -C "$tree" log -1 --format=%s base | grep -q "$v" ||
		{ echo "$tree is not on $v"; return 1; }
	grep -q 'crypto-objs-' "$tree/crypto/Makefile" || { echo "series not applied"; return 1; }
	echo "$out" | tail -n 1
}
t -p other-base "make tree BASE=$OTHER_BASE: a second base beside the pinned one, series applied" \
	second_base "$OTHER_BASE"
t -p other-base "build: minimal-fips140 on $OTHER_BASE" \
	$KDEV --base "$OTHER_BASE" build minimal-fips140 --quiet
t -n other-base -p frozen-set "ABI guard: $OTHER_BASE's fips140.ko in this kernel is refused, naming the structures that changed; its frozen rebuild is written as a module set of the same sources" \
	guard_other_base
t -n "minimal-fips140 frozen-set" -p rebuilt-fips140 "rebuilt-fips140: the frozen set of $OTHER_BASE's module in place" \
	install_set rebuilt-fips140 "$FROZEN_SET"
build rebuilt-fips140
t -n rebuilt-fips140 "ABI guard: the frozen set, embedded: its frozen rebuild is the module, compatible" \
	rebuilt_embedded
boot rebuilt-fips140 fips --append fips=1 -- checks=selftests,fips,kat,fips140,prebuilt,modprobe
t -p accept-base "make tree BASE=$ACCEPT_BASE: another base beside the pinned one, series applied" \
	second_base "$ACCEPT_BASE"
t -p accept-base "build: minimal-fips140 on $ACCEPT_BASE" \
	$KDEV --base "$ACCEPT_BASE" build minimal-fips140 --quiet
t -n "accept-base minimal-fips140" -p reuse-fips140 "reuse-fips140: $ACCEPT_BASE's module set in place" \
	reuse_set_in_place
build reuse-fips140
t -n reuse-fips140 "ABI guard: $ACCEPT_BASE's fips140.ko in the $PIN_RELEASE kernel: its imports have other versions, its frozen rebuild is the module: accepted, with what the update changed in the boundary" \
	guard_accepts_other_base
t -n reuse-fips140 "boundary modules: $ACCEPT_BASE's aes_ti.ko in the $PIN_RELEASE kernel: its frozen rebuild is the module, its imports the same versions" \
	boundary_frozen_verdict reuse-fips140
boot reuse-fips140 boot -- checks=selftests,kat,fips140,prebuilt,modprobe
boot reuse-fips140 fips --append fips=1 -- checks=selftests,fips,kat,fips140,prebuilt,modprobe
for b in boot fips; do
	t -n reuse-fips140/$b "reuse-fips140/$b: the kernel is $PIN_RELEASE's; the module reports the certified name, version, digest and release (${ACCEPT_BASE%%-*})" \
		prebuilt_reported reuse-fips140 $b "$(accept_out)"
done

stage "reuse: symbol versions changed, no code (check-full)" full
call -n minimal-fips140 -p genksyms-fips140 "ABI guard: a member of struct module only genksyms sees: the versions of module_layout and others change, no code does; fips140.ko's and aes_ti.ko's imports accepted by their frozen rebuilds, aes_ti.ko's in vmlinux's table for its bytes" \
	build_check genksyms-fips140 genksyms_build_run "ABI guard: a member of struct module only genksyms sees: the versions of module_layout and others change, no code does; fips140.ko's and aes_ti.ko's imports accepted by their frozen rebuilds, aes_ti.ko's in vmlinux's table for its bytes"
boot genksyms-fips140 boot -- checks=selftests,kat,fips140,prebuilt,otherbytes,modprobe
boot genksyms-fips140 fips --append fips=1 -- checks=selftests,fips,kat,fips140,prebuilt,modprobe
for b in boot fips; do
	t -n genksyms-fips140/$b "genksyms-fips140/$b: modprobe aes_ti gets the versions accepted for the set's aes_ti.ko, logged" \
		boundary_accepted_logged genksyms-fips140 $b
done

stage "reuse: the matrix of the served bases (check-full)" full
# minimal-fips140 on every base of patches/6.12/BASE with a checksum, and
# each one's module set in each other one's kernel (mk/test-prebuilt.sh)
for v in $MATRIX_BASES; do
	t -p "matrix-$v" "make tree BASE=$v, build: minimal-fips140 on $v" \
		matrix_build "$v"
done
pairs=
while read -r a b; do
	t -n "matrix-$a matrix-$b" -p "matrix-$a,$b" \
		"reuse matrix: the module of $a in the kernel of $b, judged by the ABI guards" \
		matrix_pair "$a" "$b"
	pairs+=" matrix-$a,$b"
done < <(matrix_pairs)
t -n "$pairs" "reuse matrix: every pairing judged; $PIN's module compatible in $UPDATE's kernel by its frozen rebuild, $ACCEPT_BASE's in $PIN's with its boundary module's, $OTHER_BASE's refused in $PIN's (struct key, struct proto_ops)" \
	reuse_matrix

arm64_checks
arm64_full
system_checks full

# Fresh seeds each run, printed: a failure replays with SEED=
seeds=
for i in $(seq 12); do
	seeds="$seeds $(( (RANDOM << 15 | RANDOM) % 1000000 ))"
done
random_configs full $seeds

debian_cloud

fi	# not FIPS140_CHECK_ONLY

# ---------------------------------------------------------------------------
check_order || exit 2
if [ -n "${FIPS140_CHECK_LIST:-}" ]; then
	FIPS140_CHECK_FULL=1 select_entries
	list_suite
	exit 0
fi
select_entries
if [ -n "${FIPS140_CHECK_T:-}" ] && [ "${#SEL[@]}" -eq "$(stage_entries 0 | grep -c .)" ]; then
	# the same selection over check-full's checks
	nsel=${#SEL[@]}
	SEL=()
	FIPS140_CHECK_FULL=1 select_entries
	if [ -z "${FIPS140_CHECK_FULL:-}" ] && [ "${#SEL[@]}" -gt "$nsel" ]; then
		echo "make check: T='$FIPS140_CHECK_T' matches checks of make check-full only: run make check-full T='$FIPS140_CHECK_T'" >&2
	else
		echo "make check: T='$FIPS140_CHECK_T' matches no check or stage; make check-list lists them" >&2
	fi
	exit 2
fi

mkdir -p "$LOGDIR"
: > "$RESULTS"
: > "$TIMES"
suite_start=$(date +%s)
run_suite
passed=$(grep -c '^PASS' "$RESULTS")
failed=$(grep -c '^FAIL' "$RESULTS")
skipped=$(grep -c '^SKIP' "$RESULTS")
total=$(( $(date +%s) - suite_start ))
echo "# == total: $total s"
echo "# slowest entries (seconds, stage | entry; all in $TIMES):"
sort -rn "$TIMES" | head -n 12 | sed 's/^/#   /'
# The durations of every run are kept beside the cache, so that a run
# whose output is gone (a CI run that passed) can still be measured.
{
	echo "run $(date -u +%FT%TZ) $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo -) ci=${CI:-false} full=${FIPS140_CHECK_FULL:-0} T=${FIPS140_CHECK_T:-} total=$total"
	cat "$TIMES"
} >> "${FIPS140_CACHE:-$HOME/.cache/fips140-kernel}/check-times.log" 2>/dev/null || true
if [ "$failed" -gt 0 ]; then
	echo "# failed:"
	sed -n 's/^FAIL /#   /p' "$RESULTS"
fi
echo "# Totals: pass:$passed fail:$failed xfail:0 xpass:0 skip:$skipped error:0"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
