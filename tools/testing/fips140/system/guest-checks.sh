#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The checks of the Debian system (run by fips140-checks.service once
# multi-user.target is reached; installed by mkimage.sh), in the busybox
# guest's KTAP and with its check library (/lib/fips140/checks.sh).
# Arguments after "--" on the kernel command line select them:
#
#   checks=a,b,...   default "all": system,module,crypto,luks,plain,kcapi
#                    (module, built, prebuilt: of fips140; boundary: every
#                    module inside the boundary loads; selftests: the
#                    kernel's net/ipsec.c and net/tls.c; signed, unsigned,
#                    unsigned-fips: module signatures)
#   update=1         then install the packages of /var/cache/fips140/update
#                    with apt (a kernel update) and power off
#
# It ends as the busybox guest does: "fips140-guest: done status=N" and
# the verdict through QEMU's isa-debug-exit (qemu-exit).

# shellcheck source=../guest/checks.sh
. /lib/fips140/checks.sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

checks=all update=
for arg in $(sed 's/.* -- //' /proc/cmdline); do
	case $arg in
	checks=*) checks=${arg#checks=} ;;
	update=*) update=${arg#update=} ;;
	esac
done

# dm-crypt's two disks: LUKS2 on vdb (formatted by the first boot that
# finds it empty, read back by every later one), plain mode on vdc (a
# known answer the host checks with openssl)
LUKS=/dev/vdb PLAIN=/dev/vdc
PASS=fips140-system-test-passphrase
# 64 bytes: AES-256-XTS
PLAIN_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
PLAIN_KEY=${PLAIN_KEY}f0e0d0c0b0a090807060504030201000ffeeddccbbaa99887766554433221100

# 1 MiB of data every boot can regenerate
pattern() { seq 1 200000 2>/dev/null | head -c 1048576; }

# systemd reached multi-user.target with no failed unit; the time it took
system_running()
{
	local state failed
	state=$(systemctl is-system-running 2>&1)
	failed=$(systemctl list-units --failed --plain --no-legend 2>&1)
	[ -z "$failed" ] || { echo "failed units:"; echo "$failed"; return 1; }
	case $state in
	running|starting) ;;
	*) echo "system state: $state"; return 1 ;;
	esac
}

# The package put fips140.ko where modules_install puts it; kmod reads it
modinfo_fips140()
{
	local f
	f=$(modinfo -F filename fips140) || return 1
	[ "$f" = "/lib/modules/$(uname -r)/kernel/crypto/fips140/fips140.ko" ] ||
		{ echo "modinfo: filename $f"; return 1; }
	echo "$f: $(modinfo -F description fips140); version $(modinfo -F version fips140); license $(modinfo -F license fips140)"
	[ "$(modinfo -F license fips140)" = GPL ] || return 1
	[ "$(modinfo -F vermagic fips140 | cut -d' ' -f1)" = "$(uname -r)" ] ||
		{ echo "vermagic: $(modinfo -F vermagic fips140)"; return 1; }
	[ -n "$(modinfo -F signer fips140)" ] ||
		{ echo "not signed"; return 1; }
	grep -q 'kernel/crypto/fips140/fips140.ko:' "/lib/modules/$(uname -r)/modules.dep" ||
		{ echo "not in modules.dep"; return 1; }
}

# The kernel log of the boot at warning or above, for the host to compare
# with the feature-off twin's ("fips140-journal: " lines)
journal_lines()
{
	journalctl -k -b -p warning -o cat --no-pager | sed 's/^/fips140-journal: /'
}

# The driver dm-crypt holds for name $1: the one whose refcnt went up
# between two /proc/crypto tables
held_driver()
{
	awk -F': ' -v n="$1" '
	/^name/ { name = $2 } /^driver/ { drv = $2 } /^module/ { mod = $2 }
	/^refcnt/ { if (name == n) print drv, mod, $2 }' /proc/crypto | sort
}

luks_roundtrip()
{
	local before after drv sum want
	want=$(pattern | sha256sum | cut -c1-64)
	if ! cryptsetup isLuks $LUKS 2>/dev/null; then
		printf %s $PASS | cryptsetup luksFormat -q --type luks2 \
			--cipher aes-xts-plain64 --key-size 512 --hash sha256 \
			--pbkdf pbkdf2 --pbkdf-force-iterations 1000 $LUKS - || return 1
		printf %s $PASS | cryptsetup open $LUKS fips140-luks - || return 1
		pattern | dd of=/dev/mapper/fips140-luks bs=64k conv=fsync status=none || return 1
		cryptsetup close fips140-luks || return 1
		echo "formatted $LUKS (LUKS2, aes-xts-plain64) and wrote 1 MiB"
	else
		echo "$LUKS: LUKS2 of an earlier boot"
	fi
	before=$(held_driver 'xts(aes)')
	printf %s $PASS | cryptsetup open $LUKS fips140-luks - || return 1
	after=$(held_driver 'xts(aes)')
	drv=$(diff <(echo "$before") <(echo "$after") | sed -n 's/^> //p' | head -n 1)
	sum=$(head -c 1048576 /dev/mapper/fips140-luks | sha256sum | cut -c1-64)
	cryptsetup status fips140-luks | sed -n 's/^ *cipher: */cipher: /p'
	cryptsetup close fips140-luks || return 1
	[ "$sum" = "$want" ] || { echo "read back $sum, wrote $want"; return 1; }
	echo "read back after close/open: the same 1 MiB; driver: ${drv:-?}"
	echo "$drv" > /run/fips140-luks-driver
}

luks_driver()
{
	local drv
	drv=$(cat /run/fips140-luks-driver 2>/dev/null)
	echo "xts(aes) driver, module, refcnt: ${drv:-none found}"
	case $drv in
	*" fips140 "*) ;;
	*) return 1 ;;
	esac
}

# Plain mode (no header): 4 sectors of the pattern, which the host
# decrypts with openssl
plain_write()
{
	printf "$(echo $PLAIN_KEY | sed 's/../\\x&/g')" > /run/plain.key
	cryptsetup open --type plain -q --cipher aes-xts-plain64 --key-size 512 \
		--key-file /run/plain.key $PLAIN fips140-plain || return 1
	pattern | head -c 2048 2>/dev/null | dd of=/dev/mapper/fips140-plain bs=2048 \
		conv=fsync status=none || return 1
	cryptsetup close fips140-plain
}

# The kernel's own selftests net/ipsec.c and net/tls.c (built by the
# host, /usr/local/lib/fips140/selftests): each runs to its end, its plan
# met; each result as a "fips140-selftest: NAME: ok|not ok|skip WHAT"
# line, for the host to compare with the feature-off twin's
selftest()
{
	local name=$1 bin=/usr/local/lib/fips140/selftests/$1 plan n
	shift
	[ -x "$bin" ] || { echo "no $bin"; return 1; }
	(cd /run && timeout 900 "$bin" "$@") > /run/$name.ktap 2>&1
	echo "$name: exit $?"
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' /run/$name.ktap | head -n 1)
	sed -nE 's/^ok [0-9]+ (.*) # SKIP.*/skip \1/p; t; s/^(not ok|ok) [0-9]+ /\1 /p' \
		/run/$name.ktap | sed "s/^/fips140-selftest: $name: /" > /run/$name.verdicts
	n=$(grep -c . /run/$name.verdicts)
	echo "$name: $n results of $plan planned: $(grep -c ': ok ' /run/$name.verdicts) ok, $(grep -c ': not ok ' /run/$name.verdicts) not ok, $(grep -c ': skip ' /run/$name.verdicts) skipped"
	[ -n "$plan" ] && [ "$n" -eq "$plan" ]
}

selftest_verdicts() { cat /run/ipsec.verdicts /run/tls.verdicts 2>/dev/null; }

# A signed =m crypto module (ccm.ko, signed by modules_install) loads
signed_module()
{
	modprobe ccm || return 1
	grep -q '^ccm .* Live ' /proc/modules || { grep '^ccm ' /proc/modules; return 1; }
	echo "ccm: signer $(modinfo -F signer ccm), key $(modinfo -F sig_key ccm)"
	[ -n "$(modinfo -F signer ccm)" ]
}

update_install()
{
	local f
	f=$(ls /var/cache/fips140/update/*.deb 2>/dev/null) || { echo "no update packages"; return 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $f 2>&1 | tail -n 3
	[ "${PIPESTATUS[0]}" -eq 0 ]
}

echo "fips140-guest: /init mode=system checks=$checks"
[ "$checks" = all ] && checks=system,module,crypto,luks,plain,kcapi
status=0
for c in $(echo "$checks" | tr ',' ' '); do
	case $c in
	system)
		check "systemd: multi-user.target reached, no failed unit" system_running
		echo "fips140-system: multi-user.target after $(systemctl show -P ActiveEnterTimestampMonotonic multi-user.target) us"
		journal_lines ;;
	module)	check "fips140 is loaded (lsmod) and kmod reads the installed fips140.ko (modinfo, modules.dep)" \
			modinfo_fips140
		check_fips140 ;;
	built|prebuilt) check_$c ;;
	crypto)	check_fips; check_selftests; check_kat ;;
	boundary) check_boundary ;;
	luks)	check "dm-crypt: LUKS2 aes-xts-plain64, 1 MiB read back after close/open (and after a reboot)" \
			luks_roundtrip
		[ -e /sys/module/fips140 ] &&
			check "dm-crypt: the xts(aes) driver it holds is fips140's" luks_driver ;;
	plain)	check "dm-crypt: plain aes-xts-plain64, 4 sectors written for the host's known answer" plain_write ;;
	kcapi)	check_kcapi ;;
	signed)	check "a signed =m crypto module loads (modprobe ccm)" signed_module ;;
	unsigned) check_unsigned ;;
	# fips mode: the kernel panics (crypto/algapi.c), the host expects it
	unsigned-fips)
		check "an unsigned crypto module, inserted in fips mode, stops the kernel" \
			insmod /lib/fips140/unsigned/aes_ti.ko ;;
	selftests)
		# (each of its 105 tests sleeps 5 s between pings: 16 at once)
		check "net/ipsec.c, the kernel's IPsec selftest, ran to its end" selftest ipsec 16
		check "net/tls.c, the kernel's kTLS selftest, ran to its end" selftest tls
		selftest_verdicts ;;
	*)	check "unknown check '$c'" false ;;
	esac
done
[ -n "$update" ] && check "apt installs the kernel update" update_install
echo "1..$tap_n"
[ $fails -eq 0 ] || status=1
echo "fips140-guest: done status=$status"
qemu-exit $status
