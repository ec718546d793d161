#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The feature as a distribution ships it: the kernel packaged by
# bindeb-pkg, installed with apt into Debian 12, booted with systemd and
# used by the kernel's crypto clients; then, optionally, its feature-off
# twin as the control, and a kernel update installed with apt in the
# running system around the certified module.
#
#   check-system.sh O=DIR WORK=DIR [OFF=DIR] [UPDATE=DIR]
#
#   O=DIR       a build with the feature, packaged (make deb: DIR/debs/)
#   WORK=DIR    where the disks and boot logs go (made again each run)
#   OFF=DIR     the same config with the feature off, packaged: booted
#               the same way; every guest check must give the same verdict,
#               the kernel log no warning the control's has not, and the
#               time to multi-user.target is compared
#   UPDATE=DIR  a later base's build embedding O's module set (the
#               prebuilt option), packaged: installed by apt inside the
#               booted system, which then boots it
#
# Needs root (mkimage.sh), mmdebstrap, QEMU, debugfs and
# python3-cryptography (the host's known answer of dm-crypt's plain
# mode).  Runs in the kernel tree (kselftest's KTAP helpers, extract-fips140).
# The output is KTAP: one result per check, each boot's own as a subtest.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../selftests/kselftest/ktap_helpers.sh
. "$srctree/tools/testing/selftests/kselftest/ktap_helpers.sh"

O= WORK= OFF= UPDATE=
for arg in "$@"; do
	case $arg in
	O=*|WORK=*|OFF=*|UPDATE=*) declare "$arg" ;;
	*)	echo "check-system.sh: unknown argument '$arg' (known: O=, WORK=, OFF=, UPDATE=)" >&2
		exit 2 ;;
	esac
done
[ -n "$O" ] && [ -n "$WORK" ] ||
	{ echo "usage: check-system.sh O=DIR WORK=DIR [OFF=DIR] [UPDATE=DIR]" >&2; exit 2; }

# the key of dm-crypt's plain mode, as guest-checks.sh has it
PLAIN_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
PLAIN_KEY=${PLAIN_KEY}f0e0d0c0b0a090807060504030201000ffeeddccbbaa99887766554433221100

release_of() { cat "$1/include/config/kernel.release"; }
image_deb() { ls "$1"/debs/linux-image-"$(release_of "$1")"_*.deb 2>/dev/null | head -n 1; }

# result DESC CMD...: CMD's output as "# " lines, its status as the result
result()
{
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
	if [ $rc -eq 0 ]; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

# boot_as DESC NAME DISK ARGS...: run-system.sh, its KTAP as a subtest
boot_as()
{
	local desc=$1 name=$2 disk=$3 out rc
	shift 3
	out=$(bash "$here/run-system.sh" --disk "$disk" --log "$WORK/$name.log" \
		--quiet --timeout 900 "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/  /'
	if [ $rc -eq 0 ]; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

# boot NAME DISK ARGS...: a boot whose checks all pass
boot() { boot_as "$1: every check of the booted system passed" "$@"; }

# --- the packages ---
package_has()
{
	local b=$1 deb rel x
	deb=$(image_deb "$b")
	rel=$(release_of "$b")
	[ -n "$deb" ] || { echo "no linux-image-$rel package in $b/debs (make deb)"; return 1; }
	x=$WORK/pkg-$(basename "$b")
	rm -rf "$x"
	dpkg-deb -x "$deb" "$x" || return 1
	echo "$(basename "$deb"): $(find "$x" -type f | wc -l) files"
	[ -f "$x/boot/vmlinuz-$rel" ] || { echo "no /boot/vmlinuz-$rel"; return 1; }
	[ -f "$x/lib/modules/$rel/kernel/crypto/fips140/fips140.ko" ] ||
		{ echo "no /lib/modules/$rel/kernel/crypto/fips140/fips140.ko"; return 1; }
	[ -f "$x/lib/modules/$rel/modules.dep" ] || { echo "no modules.dep"; return 1; }
}

# embedded_sha256 KERNEL DIR: the module KERNEL embeds, taken out into DIR
# by extract-fips140 as a lab runs it on an installed kernel; its sha256
embedded_sha256()
{
	sh "$srctree/scripts/fips140/extract-fips140" "$1" "$2" > /dev/null || return 1
	sha256sum < "$2/fips140.ko" | cut -c1-64
}

# The packaged vmlinuz embeds the module the build embedded; a prebuilt
# one, the set's bytes
embeds_build_module()
{
	local b=$1 x want got set
	x=$WORK/pkg-$(basename "$b")
	got=$(embedded_sha256 "$x/boot/vmlinuz-$(release_of "$b")" "$x/extracted") || return 1
	want=$(sha256sum < "$b/crypto/fips140/fips140.ko" | cut -c1-64)
	echo "extracted fips140.ko: sha256 $got"
	[ "$got" = "$want" ] || { echo "the build's fips140.ko: $want"; return 1; }
	set=$b/fips140-certified
	if grep -q '^CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT=y' "$b/.config"; then
		grep -qx "sha256 $got" "$set/manifest" ||
			{ echo "not the set's: $(grep '^sha256 ' "$set/manifest")"; return 1; }
		echo "= the sha256 of the certified module set's manifest"
	fi
}

set_deb() { ls "$1"/debs/linux-fips140-"$(release_of "$1")"_*_all.deb 2>/dev/null | head -n 1; }

# The linux-fips140 package (scripts/fips140/package-set.sh) carries the
# module set of the module the packaged vmlinuz embeds
set_package()
{
	local b=$1 x deb d got
	x=$WORK/pkg-$(basename "$b")
	deb=$(set_deb "$b")
	[ -n "$deb" ] || { echo "no linux-fips140-$(release_of "$b") package in $b/debs"; return 1; }
	dpkg-deb -x "$deb" "$x/set" || return 1
	d=$x/set/usr/share/fips140/$(release_of "$b")
	echo "$(basename "$deb"): $(find "$x/set" -type f | wc -l) files"
	got=$(sha256sum < "$x/extracted/fips140.ko" | cut -c1-64)
	grep -qx "sha256 $got" "$d/module-set/manifest" ||
		{ echo "its manifest: $(grep '^sha256 ' "$d/module-set/manifest"), the embedded module: $got"; return 1; }
	cmp "$d/module-set/fips140.ko" "$x/extracted/fips140.ko" || return 1
	[ -x "$d/extract-fips140" ] || { echo "no extract-fips140"; return 1; }
	echo "module-set/manifest: sha256 $got, the embedded module's; module-set/fips140.ko is it"
}

# /lib/modules of the package: fips140.ko and the boundary modules as
# modules_install installs them: the build's module (with the prebuilt
# option, the set's) stripped of debug info (builddeb's
# INSTALL_MOD_STRIP=1), then signed.  Each is compared without its
# signature, which is checked to be there.
unsigned_part()
{
	python3 - "$1" "$2" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
magic = b"~Module signature appended~\n"
if not data.endswith(magic):
    sys.exit("%s: not signed" % sys.argv[1])
# struct module_signature: 12 bytes before the magic, sig_len last (be32)
sig_len = struct.unpack(">I", data[-len(magic) - 4:-len(magic)])[0]
open(sys.argv[2], "wb").write(data[:len(data) - len(magic) - 12 - sig_len])
PY
}

installs_as_modules_install()
{
	local b=$1 x rel m src set n=0 bad=0 want
	x=$WORK/pkg-$(basename "$b")
	rel=$(release_of "$b")
	want=$(sh "$srctree/scripts/fips140/list-boundary-modules.sh" "$b/modinst/lib/modules/$rel" | wc -l)
	set=
	grep -q '^CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT=y' "$b/.config" && set=$b/fips140-certified/modules
	for m in $(sh "$srctree/scripts/fips140/list-boundary-modules.sh" \
			"$x/lib/modules/$rel" | sed "s|^$x/lib/modules/$rel/kernel/||"); do
		n=$((n + 1))
		src=$b/$m
		[ -n "$set" ] && [ -f "$set/$m" ] && src=$set/$m
		[ "$m" = crypto/fips140/fips140.ko ] && src=$b/crypto/fips140/fips140.ko
		unsigned_part "$x/lib/modules/$rel/kernel/$m" "$WORK/m.unsigned" || { bad=1; continue; }
		strip --strip-debug -o "$WORK/m.stripped" "$src" || { bad=1; continue; }
		cmp -s "$WORK/m.unsigned" "$WORK/m.stripped" ||
			{ echo "$m: not $src as modules_install installs it"; bad=1; }
	done
	echo "$n modules (fips140.ko and the boundary's), each signed, its bytes before the signature those of modules_install (strip --strip-debug)"
	[ "$n" -gt 1 ] && [ "$n" -eq "$want" ] ||
		{ echo "the build's modules_install has $want"; bad=1; }
	return $bad
}

# The host's known answer for dm-crypt's plain mode: the first 4 sectors
# of the disk decrypt, with another implementation (OpenSSL's, through
# python3-cryptography), to what the guest wrote
plain_answer()
{
	python3 - "$1" "$PLAIN_KEY" <<'PY'
import subprocess, sys
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
disk, key = sys.argv[1], bytes.fromhex(sys.argv[2])
seq = subprocess.run("seq 1 200000 | head -c 2048", shell=True,
                     capture_output=True).stdout
data = open(disk, "rb").read(2048)
for i in range(4):
    enc = Cipher(algorithms.AES(key), modes.XTS(i.to_bytes(16, "little"))).encryptor()
    want = enc.update(seq[i * 512:(i + 1) * 512]) + enc.finalize()
    if data[i * 512:(i + 1) * 512] != want:
        sys.exit("sector %d: not AES-256-XTS of the pattern (plain64 IV %d)" % (i, i))
print("4 sectors: AES-256-XTS (plain64) of the pattern, as OpenSSL computes it")
PY
}

# The kernel's selftests net/ipsec.c and net/tls.c, built from this tree
# against the uapi headers of O's linux-libc-dev package, into
# $WORK/selftests.  Debian's 6.12.117 tls.c does not compile as shipped:
# tests backported from later kernels pass tls_crypto_info_init() their
# fourth argument, a key generation.  The copy built here gets it
# (tls_crypto_info_init_gen(), whose keys are filled with that byte), and
# the three-argument calls pass 0: the keys they had.
selftests_built()
{
	local s=$srctree/tools/testing/selftests hdr=$WORK/libc-dev f
	f=$(ls "$O"/debs/linux-libc-dev_*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ] || { echo "no linux-libc-dev package in $O/debs"; return 1; }
	rm -rf "$hdr" "$WORK/selftests" "$WORK/tls-src"
	dpkg-deb -x "$f" "$hdr" || return 1
	mkdir -p "$WORK/selftests" "$WORK/tls-src/net"
	cp "$s/net/tls.c" "$WORK/tls-src/net/"
	f=$WORK/tls-src/net/tls.c
	if grep -q ', &tls12, [01]);' "$f" &&
	   grep -q '^static void tls_crypto_info_init(uint16_t tls_version, uint16_t cipher_type,$' "$f"; then
		sed -i -e 's/^static void tls_crypto_info_init(/static void tls_crypto_info_init_gen(/' \
			-e 's/^\([[:space:]]*\)struct tls_crypto_info_keys \*tls12)$/\1struct tls_crypto_info_keys *tls12, char key_generation)/' \
			-e '0,/^\tmemset(tls12, 0, sizeof(\*tls12));$/s//\tmemset(tls12, key_generation, sizeof(*tls12));\n\tmemset(tls12, 0, sizeof(struct tls_crypto_info));/' \
			-e '0,/^#include/s//#define tls_crypto_info_init(v, c, k, ...) tls_crypto_info_init_gen(v, c, k, __VA_ARGS__ + 0)\n#include/' "$f"
		grep -q 'char key_generation)$' "$f" ||
			{ echo "tls.c: the key generation fix did not apply"; return 1; }
		echo "tls.c: tls_crypto_info_init() given the key generation of the backported tests"
	fi
	gcc -O2 -Wall -isystem "$hdr/usr/include" -isystem "$hdr/usr/include/$(gcc -dumpmachine)" \
		-I"$s" -o "$WORK/selftests/ipsec" "$s/net/ipsec.c" || return 1
	gcc -O2 -Wall -isystem "$hdr/usr/include" -isystem "$hdr/usr/include/$(gcc -dumpmachine)" \
		-I"$s" -I"$s/net" -o "$WORK/selftests/tls" "$f" -lpthread || return 1
	echo "built: $(ls "$WORK/selftests" | tr '\n' ' ')"
}

# verdicts LOG: "ok|not ok what" of the guest checks of a boot's console
# log, the numbers cut
verdicts()
{
	tr -d '\r' < "$1" | sed -n '/^fips140-guest: \/init/,/^fips140-guest: done/p' |
		grep -E '^(not )?ok [0-9]+ ' | sed -E 's/^(not ok|ok) [0-9]+ /\1 /'
}

# selftest_verdicts LOG: the results of net/ipsec.c and net/tls.c
selftest_verdicts() { tr -d '\r' < "$1" | sed -n 's/^fips140-selftest: //p' | LC_ALL=C sort; }

# The kernel log lines at warning or above of a boot ("fips140-journal: "),
# with what differs between boots of one kernel (numbers, addresses) cut
journal() { sed -n 's/^fips140-journal: //p' "$1" | tr -d '\r' | sed -E 's/[0-9a-fx]*[0-9][0-9a-fx]*/N/g' | sort -u; }

# same_verdicts ON OFF [ON OFF]...: each check of the control's boot OFF
# has the verdict the boot of the feature ON gave it; ON's kernel log has
# no line at warning or above that OFF's has not
same_verdicts()
{
	local on off bad=0 diffs
	while [ $# -ge 2 ]; do
		on=$WORK/$1.log off=$WORK/$2.log
		shift 2
		diffs=$(LC_ALL=C comm -13 <(verdicts "$on" | LC_ALL=C sort -u) \
			<(verdicts "$off" | LC_ALL=C sort -u))
		[ -z "$diffs" ] || { echo "$(basename "$off" .log): verdicts that $(basename "$on" .log) did not give:"; echo "$diffs"; bad=1; }
		echo "$(basename "$off" .log): $(verdicts "$off" | grep -c .) checks, the same verdicts in $(basename "$on" .log)"
		diffs=$(diff <(selftest_verdicts "$off") <(selftest_verdicts "$on"))
		[ -z "$diffs" ] || { echo "net/ipsec.c, net/tls.c: $(basename "$off" .log) < > $(basename "$on" .log):"; echo "$diffs"; bad=1; }
		echo "net/ipsec.c, net/tls.c: $(selftest_verdicts "$off" | grep -c .) results, the same in both:" \
			"$(selftest_verdicts "$on" | grep -c ': ok ') ok, $(selftest_verdicts "$on" | grep -c ': not ok ') not ok, $(selftest_verdicts "$on" | grep -c ': skip ') skipped"
		diffs=$(LC_ALL=C comm -23 <(journal "$on") <(journal "$off"))
		[ -z "$diffs" ] || { echo "$(basename "$on" .log): kernel log lines (warning or above) $(basename "$off" .log) has not:"; echo "$diffs"; bad=1; }
	done
	return $bad
}

multi_user_us() { sed -n 's/.*fips140-system: multi-user.target after \([0-9]*\) us.*/\1/p' "$1" | tail -n 1; }

# The update booted: its release, the certified module byte for byte
update_booted()
{
	local log=$1 rel got want
	rel=$(release_of "$UPDATE")
	grep -q "prebuilt: uname -r $rel," "$log" ||
		{ grep 'prebuilt: uname -r' "$log"; echo "not the update's release $rel"; return 1; }
	got=$(embedded_sha256 "$WORK/$(basename "$log" .log).boot/vmlinuz" \
		"$WORK/update-extracted") || return 1
	want=$(sha256sum < "$O/crypto/fips140/fips140.ko" | cut -c1-64)
	echo "uname -r $rel; the installed vmlinuz embeds fips140.ko sha256 $got"
	[ "$got" = "$want" ] || { echo "the certified build's: $want"; return 1; }
	grep 'prebuilt: uname -r' "$log" | sed 's/^ *# //'
}

ktap_print_header
n=9
[ -n "$OFF" ] && n=$((n + 5))
[ -n "$UPDATE" ] && n=$((n + 8))
ktap_set_plan $n
rm -rf "$WORK"
mkdir -p "$WORK"

result "$(basename "$O"): bindeb-pkg's linux-image package has vmlinuz and /lib/modules with fips140.ko" \
	package_has "$O"
result "$(basename "$O"): the packaged vmlinuz embeds the build's fips140.ko (extract-fips140)" \
	embeds_build_module "$O"
result "$(basename "$O"): the package installs fips140.ko and the boundary modules as modules_install does" \
	installs_as_modules_install "$O"
result "$(basename "$O"): the linux-fips140 package carries the module set of the embedded module" \
	set_package "$O"

debs=("$(image_deb "$O")" "$(set_deb "$O")")
update=()
if [ -n "$UPDATE" ]; then
	result "$(basename "$UPDATE"): the update's linux-image package has vmlinuz and /lib/modules with fips140.ko" \
		package_has "$UPDATE"
	result "$(basename "$UPDATE"): the update's packaged vmlinuz embeds the certified module set's fips140.ko" \
		embeds_build_module "$UPDATE"
	result "$(basename "$UPDATE"): the update's package installs fips140.ko and the set's boundary modules as modules_install does" \
		installs_as_modules_install "$UPDATE"
	result "$(basename "$UPDATE"): the update's linux-fips140 package carries the certified module set" \
		set_package "$UPDATE"
	update=(-u "$(image_deb "$UPDATE")" "$(set_deb "$UPDATE")")
fi
# with the control: the kernel's IPsec and kTLS selftests in every boot
st= sel=()
if [ -n "$OFF" ]; then
	result "net/ipsec.c and net/tls.c built from this tree, against the package's uapi headers" \
		selftests_built
	st=,selftests
	sel=(-s "$WORK/selftests")
fi
result "a Debian 12 disk with $(basename "$O")'s linux-image installed by apt (postinst, initramfs-tools)" \
	bash "$here/mkimage.sh" -o "$WORK/system.img" -k "$O" "${sel[@]}" "${debs[@]}" "${update[@]}"
data=(--data "$WORK/luks.img" --data "$WORK/plain.img")
boot system "$WORK/system.img" "${data[@]}" -- checks=system,module,crypto,luks,plain,kcapi,signed,unsigned$st
result "dm-crypt plain mode: the disk holds what OpenSSL computes for the guest's data" \
	plain_answer "$WORK/plain.img"
boot system-fips "$WORK/system.img" --append fips=1 "${data[@]}" -- \
	checks=system,module,crypto,luks,kcapi,signed$st ${UPDATE:+update=1}

if [ -n "$UPDATE" ]; then
	boot update "$WORK/system.img" "${data[@]}" -- checks=system,module,prebuilt,crypto,luks,kcapi
	result "update: the system booted the update, whose vmlinuz embeds the certified fips140.ko byte for byte" \
		update_booted "$WORK/update.log"
	boot update-fips "$WORK/system.img" --append fips=1 "${data[@]}" -- \
		checks=system,module,prebuilt,crypto,luks,kcapi
	result "update-fips: the certified module in fips mode, in the update" \
		update_booted "$WORK/update-fips.log"
fi

# in fips mode an unsigned crypto module stops the kernel, as without
# the feature (crypto/algapi.c: crypto_check_module_sig())
boot_as "unsigned-fips: an unsigned crypto module inserted in fips mode panics the kernel, as without the feature" \
	unsigned-fips "$WORK/system.img" --append fips=1 \
	--expect-panic 'Module aes_ti signature verification failed in FIPS mode' -- checks=unsigned-fips

if [ -n "$OFF" ]; then
	result "a Debian 12 disk with the feature-off twin's linux-image installed by apt" \
		bash "$here/mkimage.sh" -o "$WORK/control.img" -k "$OFF" "${sel[@]}" "$(image_deb "$OFF")"
	data=(--data "$WORK/control-luks.img" --data "$WORK/control-plain.img")
	boot control "$WORK/control.img" "${data[@]}" -- checks=system,crypto,luks,plain,kcapi,signed,unsigned$st
	boot control-fips "$WORK/control.img" --append fips=1 "${data[@]}" -- checks=system,crypto,luks,kcapi,signed$st
	result "the control's checks, IPsec and kTLS selftests included, give the same verdicts with the feature; no new kernel warning" \
		same_verdicts system control system-fips control-fips
	on=$(multi_user_us "$WORK/system.log") off=$(multi_user_us "$WORK/control.log")
	ktap_print_msg "boot to multi-user.target, one boot each (TCG): ${on:-?} us with the feature, ${off:-?} us without, ratio $(echo "scale=2; ${on:-0} / ${off:-1}" | bc)"
fi
ktap_finished
