# SPDX-License-Identifier: GPL-2.0
#
# Guest-side checks of the fips140 boot tests (sourced by /init), in KTAP
# (Documentation/dev-tools/ktap.rst): each check prints "ok N what", or
# "# " lines explaining a failure and then "not ok N what"; run_checks and
# /init end with the plan line "1..N", since the number of checks depends
# on the configuration.  run-qemu.sh prints them again plan first.

tap_n=0
fails=0

# check DESCRIPTION CMD...: run CMD, report its success as one result.
check()
{
	local desc="$1" out
	shift
	tap_n=$((tap_n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $tap_n $desc"
		return 0
	fi
	[ -n "$out" ] && echo "$out" | sed 's/^/# /'
	echo "not ok $tap_n $desc"
	fails=$((fails + 1))
	return 1
}

fips_mode()
{
	[ "$(cat /proc/sys/crypto/fips_enabled 2>/dev/null)" = 1 ]
}

cmdline_has()
{
	case " $(cat /proc/cmdline) " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# /proc/crypto as one line per entry: driver|name|module|type|selftest|internal
crypto_table()
{
	awk -F': ' '
	function flush() {
		if (drv != "")
			print drv "|" name "|" mod "|" type "|" st "|" intl
		drv = name = mod = type = st = intl = ""
	}
	/^$/ { flush(); next }
	{ k = $1; sub(/ +$/, "", k); v = $2 }
	k == "name" { name = v } k == "driver" { drv = v }
	k == "module" { mod = v } k == "type" { type = v }
	k == "selftest" { st = v } k == "internal" { intl = v }
	END { flush() }' /proc/crypto
}

# Wait until no self-test is running (no larval entries).
settle()
{
	local i=0
	while grep -q '^type *: larval' /proc/crypto; do
		i=$((i + 1))
		if [ $i -ge 1200 ]; then
			echo "still testing after 120 s:"
			crypto_table | awk -F'|' '$4 == "larval" { print "  " $2 }'
			return 1
		fi
		sleep 0.1
	done
}

# Every registered algorithm passed its self-test.  In fips mode a failing
# self-test panics the kernel, and the test manager refuses algorithms
# that are not FIPS-allowed: those stay "unknown" (e.g. the sha384 DRBGs)
# or are logged as "disabled due to FIPS".  They are listed, not failed.
all_passed()
{
	local bad=0 total passed
	crypto_table > /tmp/crypto.tab
	total=$(wc -l < /tmp/crypto.tab)
	passed=$(grep -c '|passed|' /tmp/crypto.tab)
	[ "$passed" -ge "${minalgs:-20}" ] ||
		{ echo "only $passed of $total passed"; bad=1; }
	while IFS='|' read drv name mod type st intl; do
		[ "$st" = passed ] && continue
		if fips_mode && [ "$st" = unknown ]; then
			echo "refused in fips mode: $drv ($name)"
			continue
		fi
		echo "$drv ($name, module $mod): selftest $st"
		bad=1
	done < /tmp/crypto.tab
	return $bad
}

# The self-tests really ran: a kernel that skips them reports "passed"
# for everything.  The test manager must not have been disabled, and in
# fips mode (where each result is logged) every "passed" of an algorithm
# that is not internal (internal ones are tested through their wrappers)
# has its log line: tested, refused by FIPS policy, or without a test.
tests_ran()
{
	if dmesg | grep -q 'alg: self-tests disabled'; then
		echo "cryptomgr self-tests were disabled"
		return 1
	fi
	[ "$(cat /sys/module/cryptomgr/parameters/notests 2>/dev/null)" = N ] || {
		echo "cryptomgr.notests is not N"
		return 1
	}
	fips_mode || return 0
	local bad=0 n=0
	dmesg > /tmp/dmesg.txt
	crypto_table > /tmp/crypto.tab
	while IFS='|' read drv name mod type st intl; do
		[ "$st" = passed ] && [ "$intl" != yes ] || continue
		if grep -qF "alg: self-tests for $drv ($name) passed" \
				/tmp/dmesg.txt; then
			n=$((n + 1))
			continue
		fi
		grep -qF -e "alg: $name ($drv) is disabled due to FIPS" \
			-e "alg: No test for $name ($drv)" /tmp/dmesg.txt && continue
		echo "$drv ($name): 'passed' without a self-test log line"
		bad=1
	done < /tmp/crypto.tab
	[ $n -ge 20 ] || { echo "only $n self-test log lines"; bad=1; }
	return $bad
}

# driver_passed DRIVER [MODULE]: registered (by MODULE), its self-test passed
driver_passed()
{
	crypto_table | awk -F'|' -v d="$1" -v m="${2:-}" '
		$1 == d {
			found = 1
			if ($5 != "passed") bad = $5
			if (m != "" && $3 != m) mod = $3
		}
		END {
			if (!found) { print d " is not registered"; exit 1 }
			if (mod != "") { print d ": module " mod ", not " m; exit 1 }
			if (bad != "") { print d ": selftest " bad; exit 1 }
		}'
}

# expect WANT CMD...: CMD prints WANT.
expect()
{
	local want="$1" got
	shift
	got=$("$@" 2>&1)
	[ "$got" = "$want" ] && return 0
	echo "$*"
	echo "  expected: $want"
	echo "  got:      $got"
	return 1
}

# NIST GCM test case 3 (AES-128, 96-bit IV, 64-byte plaintext, no AAD).
GCM_KEY=feffe9928665731c6d6a8f9467308308
GCM_IV=cafebabefacedbaddecaf888
GCM_PT=d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
GCM_PT=${GCM_PT}1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255
GCM_CT=42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
GCM_CT=${GCM_CT}21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985
GCM_TAG=4d5c2af327cd64a62cf35abd2ba6fab4
GCM_BADTAG=4d5c2af327cd64a62cf35abd2ba6fab5

rng_works()
{
	local a b
	a=$(afalg-kat rng stdrng 32) || return 1
	b=$(afalg-kat rng stdrng 32) || return 1
	[ ${#a} -eq 64 ] || { echo "short read: $a"; return 1; }
	[ "$a" != "$b" ] || { echo "two reads are equal: $a"; return 1; }
	[ "$a" != 0000000000000000000000000000000000000000000000000000000000000000 ]
}

# The vectors themselves, so that a broken one cannot pass vacuously
vectors_intact()
{
	[ ${#GCM_KEY} -eq 32 ] && [ ${#GCM_IV} -eq 24 ] &&
		[ ${#GCM_PT} -eq 128 ] && [ ${#GCM_CT} -eq 128 ] &&
		[ ${#GCM_TAG} -eq 32 ] && [ "$GCM_TAG" != "$GCM_BADTAG" ]
}

check_kat()
{
	check "known-answer vectors are intact" vectors_intact
	check 'AF_ALG: SHA-256("abc")' expect \
		ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
		afalg-kat hash sha256 616263
	# RFC 4231 test case 1 (its 20-byte key is long enough for fips mode).
	check "AF_ALG: HMAC-SHA256, RFC 4231 test case 1" expect \
		b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7 \
		afalg-kat hash "hmac(sha256)" 4869205468657265 \
		0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b
	check "AF_ALG: AES-128-GCM encrypt (NIST test case 3)" \
		expect "$GCM_CT$GCM_TAG" \
		afalg-kat seal "gcm(aes)" $GCM_KEY $GCM_IV "" $GCM_PT 16
	check "AF_ALG: AES-128-GCM decrypt (NIST test case 3)" \
		expect "$GCM_PT" \
		afalg-kat open "gcm(aes)" $GCM_KEY $GCM_IV "" "$GCM_CT$GCM_TAG" 16
	check "AF_ALG: AES-128-GCM rejects a corrupted tag" \
		expect EBADMSG \
		afalg-kat open "gcm(aes)" $GCM_KEY $GCM_IV "" "$GCM_CT$GCM_BADTAG" 16
	check "AF_ALG: stdrng returns random bytes" rng_works
}

# The =m algorithm: AES-TI (aes_ti.ko, driver aes-fixed-time).
modprobe_aes_ti()
{
	modprobe aes_ti || return 1
	settle || return 1
	driver_passed aes-fixed-time aes_ti
}

check_modprobe()
{
	check "modprobe aes_ti: aes-fixed-time registered, self-test passed" \
		modprobe_aes_ti
	# FIPS 197 appendix C.1 through the module's cipher.
	check "AF_ALG: AES-128 (FIPS 197 C.1) through aes_ti.ko" \
		expect 69c4e0d86a7b0430d8cdb78070b4c55a \
		afalg-kat encrypt "cbc(aes-fixed-time)" \
		000102030405060708090a0b0c0d0e0f \
		00000000000000000000000000000000 00112233445566778899aabbccddeeff
}

check_fips()
{
	local want=0
	cmdline_has fips=1 && want=1
	check "fips_enabled is $want" expect $want cat /proc/sys/crypto/fips_enabled
}

check_selftests()
{
	check "self-tests settled (no larval entries)" settle
	check "every algorithm in /proc/crypto passed its self-test" all_passed
	check "the self-tests really ran" tests_ran
	[ "$(uname -m)" = x86_64 ] || return 0
	check "x86 SIMD: aes-aesni registered and passed" driver_passed aes-aesni
	check "x86 SIMD: sha256-avx2 registered and passed" \
		driver_passed sha256-avx2
}

# --- fips140.ko (CONFIG_CRYPTO_FIPS140_EXTMOD) ---

fips140_live()
{
	local line
	line=$(grep '^fips140 ' /proc/modules) || { echo "fips140 is not in /proc/modules"; return 1; }
	echo "$line" | grep -q ' Live ' || { echo "$line"; return 1; }
	lsmod | grep -q '^fips140 ' || { echo "lsmod does not list fips140"; return 1; }
	[ "$(cat /sys/module/fips140/initstate)" = live ] ||
		{ echo "initstate: $(cat /sys/module/fips140/initstate)"; return 1; }
}

# Every algorithm comes from fips140.ko or from a loaded crypto module;
# none is left in the kernel.
crypto_from_fips140()
{
	local bad=0 n
	crypto_table > /tmp/crypto.tab
	n=$(grep -c '|fips140|' /tmp/crypto.tab)
	[ "$n" -ge "${minalgs:-20}" ] ||
		{ echo "only $n algorithms from fips140"; bad=1; }
	while IFS='|' read drv name mod type st intl; do
		[ "$mod" = fips140 ] && continue
		if [ "$mod" = kernel ] || ! grep -q "^$mod " /proc/modules; then
			echo "$drv ($name): module $mod"
			bad=1
		fi
	done < /tmp/crypto.tab
	return $bad
}

rmmod_refused()
{
	local out
	if out=$(rmmod fips140 2>&1); then
		echo "rmmod fips140 succeeded"
		return 1
	fi
	echo "$out"
	grep -q '^fips140 .* Live ' /proc/modules
}

sysfs_like_a_module()
{
	local f
	for f in initstate refcnt coresize initsize taint version srcversion \
		 holders notes; do
		[ -e /sys/module/fips140/$f ] || { echo "no /sys/module/fips140/$f"; return 1; }
	done
	[ -e /sys/module/fips140/notes/.note.fips140 ] ||
		{ echo "no boundary note in /sys/module/fips140/notes"; return 1; }
	[ "$(cat /sys/module/fips140/taint)" = "" ] ||
		{ echo "fips140 taints the kernel: $(cat /sys/module/fips140/taint)"; return 1; }
}

# Parameters of the code in fips140.ko keep their built-in names, on the
# command line and in sysfs: cryptomgr.notests=1 reaches the test manager.
params_builtin_names()
{
	local want=N have f=/sys/module/cryptomgr/parameters/notests
	cmdline_has cryptomgr.notests=1 && want=Y
	have=$(cat $f 2>&1)
	[ "$have" = $want ] || { echo "$f: $have, want $want"; return 1; }
	[ -e /sys/module/cryptomgr/parameters/panic_on_fail ] ||
		{ echo "no /sys/module/cryptomgr/parameters/panic_on_fail"; return 1; }
	if [ $want = Y ]; then
		dmesg | grep -q 'alg: self-tests disabled' ||
			{ echo "cryptomgr.notests=1 did not disable the self-tests"; return 1; }
	fi
}

# Names of code that moved into fips140.ko still load: they are aliases
# of the loaded fips140, as they were built-in modules before.
builtin_names_load()
{
	local m
	for m in sha256_generic crypto-sha256 cryptomgr; do
		modprobe "$m" || { echo "modprobe $m failed"; return 1; }
	done
}

# The module's state, digest, name and version, in /sys/module/fips140/fips/:
# "operational" with its name and version in /proc/sys/crypto/ as well, or
# "error", without them, when its integrity test failed (outside fips
# mode); the digest is the one the integrity test checked.
module_identity()
{
	local d=/sys/module/fips140/fips f state digest
	for f in state integrity name version image; do
		[ -r $d/$f ] || { echo "no $d/$f"; return 1; }
	done
	state=$(cat $d/state)
	echo "state $state; $(cat $d/integrity); name $(cat $d/name); version $(cat $d/version); image $(cat $d/image)"
	if dmesg | grep -q 'fips140: crypto module .* operational (built module, not certified, '; then
		# this tree's module beside the certified one: its release, not
		# the certificate's version, which its modinfo carries too
		[ "$(cat $d/version)" = "$(uname -r)" ] ||
			{ echo "not certified, yet not the version $(uname -r)"; return 1; }
	else
		[ "$(cat $d/version)" = "$(cat /sys/module/fips140/version)" ] ||
			{ echo "modinfo version: $(cat /sys/module/fips140/version)"; return 1; }
	fi
	if dmesg | grep -q 'fips140: integrity test failed'; then
		[ "$state" = error ] || return 1
		[ ! -e /proc/sys/crypto/fips_name ] ||
			{ echo "fips_name registered in state error"; return 1; }
		return 0
	fi
	[ "$state" = operational ] || return 1
	digest=$(dmesg | sed -n 's/.*fips140: integrity: HMAC-SHA256 of the embedded image ([0-9]* bytes) is \([0-9a-f]*\).*/\1/p')
	[ "$(cat $d/integrity)" = "hmac(sha256) $digest" ] ||
		{ echo "the integrity test logged ${digest:-nothing}"; return 1; }
	if [ -e /proc/sys/crypto/fips_enabled ]; then
		[ "$(cat /proc/sys/crypto/fips_name)" = "$(cat $d/name)" ] &&
		[ "$(cat /proc/sys/crypto/fips_version)" = "$(cat $d/version)" ] || {
			echo "/proc/sys/crypto: $(cat /proc/sys/crypto/fips_name), $(cat /proc/sys/crypto/fips_version)"
			return 1
		}
	fi
}

# Allowed in fips mode, never approved: checksums, compression, the null
# cipher, the entropy source, ESSIV, raw RSA (scripts/fips140/gen-approved.sh)
NOT_APPROVED='crc32 crc32c crct10dif crc64-rocksoft xxhash64 lzo lzo-rle lz4 lz4hc deflate deflate-iaa zstd ecb(cipher_null) cipher_null jitterentropy_rng rsa essiv(cbc(aes),sha256) essiv(authenc(hmac(sha256),cbc(aes)),sha256)'

# The service indicator lists every algorithm of /proc/crypto, once, with
# its module and approved, not-approved, internal or untested.  Approved
# only while the module is operational, never for NOT_APPROVED (what is
# outside the boundary: check_outside).  In an operational fips boot
# everything else fips140 serves (tested, not internal) is approved: fips
# mode refuses the rest; outside fips mode, those it refuses are served,
# and listed not-approved.
service_indicator()
{
	local f=/sys/module/fips140/fips/service_indicator bad state
	[ -r $f ] || { echo "no $f"; return 1; }
	crypto_table | cut -d'|' -f1,2,3 | tr '|' ' ' | sort > /tmp/crypto.algs
	cut -d' ' -f1-3 $f | sort > /tmp/indicator.algs
	diff /tmp/crypto.algs /tmp/indicator.algs || { echo "not the algorithms of /proc/crypto"; return 1; }
	awk '$4 !~ /^(approved|not-approved|internal|untested)$/' $f | grep . &&
		{ echo "a status that is none of the four"; return 1; }
	echo "$(grep -c ' approved$' $f) approved, $(grep -c ' not-approved$' $f) not approved," \
	     "$(grep -c ' internal$' $f) internal, $(grep -c ' untested$' $f) untested"
	bad=$(awk -v list="$NOT_APPROVED" 'BEGIN { n = split(list, a, " "); for (i = 1; i <= n; i++) no[a[i]] = 1 }
		no[$2] && $4 == "approved"' $f)
	[ -z "$bad" ] || { echo "approved, but not an approved function:"; echo "$bad"; return 1; }
	state=$(cat /sys/module/fips140/fips/state)
	if [ "$state" != operational ]; then
		bad=$(grep ' approved$' $f)
		[ -z "$bad" ] || { echo "approved in state $state:"; echo "$bad"; return 1; }
		return 0
	fi
	grep -q '^sha256-generic sha256 fips140 approved$' $f ||
		{ grep sha256 $f; echo "sha256-generic not approved"; return 1; }
	if fips_mode; then
		bad=$(awk -v list="$NOT_APPROVED" 'BEGIN { n = split(list, a, " "); for (i = 1; i <= n; i++) no[a[i]] = 1 }
			$3 == "fips140" && $4 == "not-approved" && !no[$2]' $f)
		[ -z "$bad" ] || { echo "fips mode serves, not approved:"; echo "$bad"; return 1; }
	elif grep -q '^ghash-clmulni ' $f; then
		# testmgr: ghash is not allowed in fips mode
		grep -q '^ghash-clmulni ghash fips140 not-approved$' $f ||
			{ grep ghash $f; return 1; }
	fi
}

# A module outside the boundary (fips140-test-outside.ko, built with
# CONFIG_CRYPTO_FIPS140_EXTMOD_TEST) serving sha256, and fips140's hmac
# template over it: neither is approved, as their hashing runs outside the
# boundary, while hmac(sha256) over fips140's own sha256 is (in an
# operational boot).  Last in a boot: the module stays, held by the hmac.
indicator_outside()
{
	local f=/sys/module/fips140/fips/service_indicator want
	modprobe fips140_test_outside || { echo "modprobe fips140_test_outside failed"; return 1; }
	# (a key of 20 bytes: fips mode refuses HMAC keys under 112 bits)
	want=$(afalg-kat hash "hmac(sha256)" 616263 000102030405060708090a0b0c0d0e0f10111213) || return 1
	expect "$want" afalg-kat hash "hmac(sha256-outside)" 616263 000102030405060708090a0b0c0d0e0f10111213 || return 1
	settle || return 1
	grep -e -outside $f
	grep -q '^sha256-outside sha256 fips140_test_outside not-approved$' $f ||
		{ echo "sha256-outside, outside the boundary, not listed not-approved"; return 1; }
	grep -q '^hmac(sha256-outside) hmac(sha256) fips140 not-approved$' $f ||
		{ echo "hmac(sha256-outside), over it, not listed not-approved"; return 1; }
	[ "$(cat /sys/module/fips140/fips/state)" = operational ] || return 0
	grep -qE '^hmac\(sha256-[a-z0-9]+\) hmac\(sha256\) fips140 approved$' $f ||
		{ grep '^hmac(sha256' $f; echo "no hmac(sha256) of fips140 approved"; return 1; }
}

check_outside()
{
	check "the service indicator: sha256 from a module outside the boundary, and an hmac over it, not approved" \
		indicator_outside
}

check_fips140()
{
	check "the module's state, digest, name and version (sysfs, /proc/sys/crypto)" \
		module_identity
	check "the service indicator: approved only for approved functions of the boundary, while operational" \
		service_indicator
	check "fips140 is loaded and live (lsmod, /proc/modules, sysfs)" fips140_live
	check "/proc/crypto: every algorithm is served by fips140 or a loaded module" \
		crypto_from_fips140
	check "rmmod fips140 fails and leaves it loaded" rmmod_refused
	check "/sys/module/fips140 looks like any module's, untainted, marked" \
		sysfs_like_a_module
	check "parameters keep their built-in names (cryptomgr.notests)" \
		params_builtin_names
	check "modprobe of names built into fips140.ko succeeds (aliases)" \
		builtin_names_load
}

# An =m crypto module loaded by request_module() from a late initcall,
# while fips140 is still COMING (fips140_test=late-modprobe), links
# against it at once: no "gave up waiting", no 30 s stall.
late_modprobe()
{
	local line ms
	line=$(dmesg | grep 'fips140_test: request_module(aes_ti)') ||
		{ echo "no request_module at boot (fips140_test=late-modprobe?)"; return 1; }
	echo "$line"
	echo "$line" | grep -q 'returned 0 ' || return 1
	echo "$line" | grep -q 'fips140 coming' || { echo "fips140 was not COMING"; return 1; }
	ms=$(echo "$line" | sed -n 's/.* after \([0-9]*\) ms.*/\1/p')
	[ -n "$ms" ] && [ "$ms" -lt 5000 ] || { echo "took $ms ms"; return 1; }
	! dmesg | grep -q 'gave up waiting' || { dmesg | grep 'gave up waiting'; return 1; }
	grep -q '^aes_ti ' /proc/modules
}

check_latemod()
{
	check "an =m crypto module loads while fips140 is COMING, at once" late_modprobe
}

# An unsigned module that registers an algorithm, with MODULE_SIG=y not
# enforced and fips mode off: loads, taints (E), as on a stock kernel.
unsigned_module()
{
	local ko=/lib/fips140/unsigned/aes_ti.ko t
	[ -f $ko ] || { echo "no $ko"; return 1; }
	grep -q '^aes_ti ' /proc/modules && rmmod aes_ti
	insmod $ko || return 1
	settle
	driver_passed aes-fixed-time || return 1
	dmesg | grep -q 'module verification failed' ||
		{ echo "no 'module verification failed' message"; return 1; }
	t=$(cat /proc/sys/kernel/tainted)
	[ $((t & 8192)) -ne 0 ] || { echo "not tainted E: $t"; return 1; }
}

# A module of the name of the set's aes_ti.ko but other bytes (a section
# added: /lib/fips140/other/, by mkinitramfs.sh): the symbol versions the
# build accepted for the set's module are not given to it, saying so,
# and the module loader refuses its import of another version.
other_bytes_refused()
{
	local ko=/lib/fips140/other/aes_ti.ko out
	[ -f $ko ] || { echo "no $ko"; return 1; }
	! grep -q '^aes_ti ' /proc/modules || { echo "aes_ti is loaded already"; return 1; }
	out=$(insmod $ko 2>&1) && { echo "insmod $ko succeeded"; return 1; }
	echo "insmod: $out"
	dmesg | grep 'embedded module fips140: module aes_ti is not the boundary module the build accepted [0-9]* other symbol versions for (SHA-256 [0-9a-f]*, not [0-9a-f]*): its imports are checked as any module.s' &&
		dmesg | grep 'aes_ti: disagrees about version of symbol '
}

check_otherbytes()
{
	check "a module of the name of a boundary module with accepted versions, but other bytes: not accepted, named, refused" \
		other_bytes_refused
}

check_unsigned()
{
	check "an unsigned crypto module loads outside fips mode, tainting (E)" \
		unsigned_module
}

# Crypto modules (=m) link against fips140.ko, with symbol versions.
mods_link_fips140()
{
	local m users
	for m in aes_ti gcm xts md5 ecdh_generic; do
		modprobe $m || { echo "modprobe $m failed"; return 1; }
	done
	users=$(awk '$1 == "fips140" { print $4 }' /proc/modules)
	for m in aes_ti gcm xts md5 ecdh_generic; do
		echo "$users" | grep -q "$m" ||
			{ echo "$m does not use fips140 (used by: $users)"; return 1; }
	done
	! dmesg | grep -E 'disagrees about version|no symbol version' ||
		return 1
}

# cmac is =m: instantiating cmac(aes) loads it through request_module().
cmac_autoload()
{
	expect bb1d6929e95937287fa37d129b756746 \
		afalg-kat hash "cmac(aes)" "" 2b7e151628aed2a6abf7158809cf4f3c ||
		return 1
	grep -q '^cmac ' /proc/modules || { echo "cmac.ko was not loaded"; return 1; }
}

# fips140.ko is part of the kernel whatever the unload options: even a
# forced rmmod (CONFIG_MODULE_FORCE_UNLOAD) is refused, and crypto still
# works through it afterwards.
rmmod_force_refused()
{
	[ -e /sys/module/fips140 ] || { echo "fips140 is not loaded"; return 1; }
	if rmmod -f fips140; then
		echo "rmmod -f fips140 succeeded"
		return 1
	fi
	grep -q '^fips140 .* Live ' /proc/modules ||
		{ echo "fips140 left /proc/modules"; return 1; }
	expect ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
		afalg-kat hash sha256 616263
}

# With CONFIG_CONSTRUCTORS, the test constructor of fips140.ko
# (CONFIG_CRYPTO_FIPS140_EXTMOD_TEST) runs only once vmlinux's calls
# reach the module.
constructor_after_plug()
{
	local line
	line=$(dmesg | grep 'fips140_test: a constructor of fips140.ko ran') ||
		{ echo "the test constructor did not run"; return 1; }
	echo "$line"
	echo "$line" | grep -q 'ran after the trampolines'
}

check_mix()
{
	check "rmmod -f fips140 is refused; fips140 stays live and serves SHA-256" \
		rmmod_force_refused
	check "fips140.ko's constructors run after its trampolines are plugged" \
		constructor_after_plug
	check "=m crypto modules link against fips140.ko (modversions)" \
		mods_link_fips140
	check "AF_ALG: CMAC-AES (SP 800-38B), cmac.ko loaded on demand" cmac_autoload
}

# The embedded module is debuggable as built-in code is (btf-fips140:
# CONFIG_DEBUG_INFO_BTF_MODULES, ftrace, kprobes, livepatch, the printk
# index, and CONFIG_CRYPTO_FIPS140_EXTMOD_TEST's trace event and module
# notifier).
T=/sys/kernel/tracing

tracing()
{
	[ -e $T/trace ] || mount -t tracefs nodev $T 2>/dev/null
	[ -d /sys/kernel/debug/printk ] || mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
	[ -e $T/trace ] || { echo "no tracefs at $T"; return 1; }
}

# /sys/kernel/btf/fips140 is split BTF on vmlinux's, with the module's types
btf_split()
{
	local f=/sys/kernel/btf/fips140 first last n
	[ -r $f ] || { echo "no $f"; ls /sys/kernel/btf; return 1; }
	command -v bpftool > /dev/null || { echo "no bpftool in the guest"; return 1; }
	bpftool btf dump file $f > /tmp/fips140.btf.txt ||
		{ echo "bpftool cannot read $f"; return 1; }
	bpftool btf dump file /sys/kernel/btf/vmlinux > /tmp/vmlinux.btf.txt ||
		{ echo "bpftool cannot read vmlinux's BTF"; return 1; }
	# split BTF: its type ids follow vmlinux's
	last=$(sed -n 's/^\[\([0-9]*\)\].*/\1/p' /tmp/vmlinux.btf.txt | tail -n 1)
	first=$(sed -n '1s/^\[\([0-9]*\)\].*/\1/p' /tmp/fips140.btf.txt)
	n=$(grep -c '^\[' /tmp/fips140.btf.txt)
	[ -n "$first" ] && [ "$first" -eq $((last + 1)) ] ||
		{ echo "fips140's BTF starts at type ${first:-?}, vmlinux's ends at ${last:-?}: not split from it"; return 1; }
	# types that only the module's code defines
	grep "STRUCT 'fips140_approval'" /tmp/fips140.btf.txt ||
		{ echo "no struct fips140_approval (fips140-module.c) in fips140's BTF"; return 1; }
	grep "FUNC 'fips140_self_test'" /tmp/fips140.btf.txt ||
		{ echo "no function fips140_self_test in fips140's BTF"; return 1; }
	grep -q "STRUCT 'fips140_approval'" /tmp/vmlinux.btf.txt &&
		{ echo "vmlinux's BTF has struct fips140_approval too"; return 1; }
	rm -f /tmp/fips140.btf.txt /tmp/vmlinux.btf.txt
	echo "$n types, ids $first on (vmlinux's end at $last)"
}

kallsyms_module()
{
	grep -E '^[0-9a-f]+ [tT] crypto_shash_digest[[:space:]]+\[fips140\]$' /proc/kallsyms ||
		{ echo "/proc/kallsyms has no crypto_shash_digest [fips140]:"; grep -w crypto_shash_digest /proc/kallsyms; return 1; }
}

# A kprobe on a function of the module fires when AF_ALG hashes
kprobe_fires()
{
	local out
	tracing || return 1
	echo 'p:fips140_digest crypto_shash_digest' >> $T/kprobe_events ||
		{ echo "cannot place a kprobe on crypto_shash_digest"; return 1; }
	: > $T/trace
	echo 1 > $T/events/kprobes/fips140_digest/enable
	expect ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
		afalg-kat hash sha256 616263 > /dev/null
	echo 0 > $T/events/kprobes/fips140_digest/enable
	# (removing the probe empties the buffer)
	out=$(cat $T/trace)
	echo '-:fips140_digest' >> $T/kprobe_events
	echo "$out" | grep -m 1 -E 'fips140_digest: \(crypto_shash_digest\+0x[0-9a-f]+/0x[0-9a-f]+ \[fips140\]\)' ||
		{ echo "the kprobe on crypto_shash_digest did not fire:"; echo "$out" | tail -n 20; return 1; }
}

# The function tracer on the module's crypto_shash_digest, with stack
# traces: the module's frames are named with [fips140]
ftrace_fires()
{
	local out
	tracing || return 1
	echo crypto_shash_digest > $T/set_ftrace_filter ||
		{ echo "crypto_shash_digest is not in available_filter_functions"; return 1; }
	echo 1 > $T/options/sym-offset
	echo 1 > $T/options/func_stack_trace
	: > $T/trace
	echo function > $T/current_tracer
	expect ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
		afalg-kat hash sha256 616263 > /dev/null
	# (changing the tracer empties the buffer)
	out=$(cat $T/trace)
	echo nop > $T/current_tracer
	echo 0 > $T/options/func_stack_trace
	: > $T/set_ftrace_filter
	echo "$out" | grep -m 1 -E 'crypto_shash_digest\+0x[0-9a-f]+/0x[0-9a-f]+ \[fips140\] <-' ||
		{ echo "the function tracer did not see crypto_shash_digest [fips140]:"; echo "$out" | tail -n 20; return 1; }
	echo "$out" | grep -m 1 -E '=> hash_sendmsg\+0x[0-9a-f]+/0x[0-9a-f]+ \[fips140\]$' ||
		{ echo "its stack trace does not name hash_sendmsg [fips140]:"; echo "$out" | tail -n 20; return 1; }
}

# vmlinux calls into the module through its trampolines: module signature
# verification (certs/system_keyring.c) calls pkcs7_parse_message() when
# modprobe loads a signed module.  The trace shows the module's function
# called from vmlinux's caller; the trampolines, which are not traceable,
# appear nowhere.
ftrace_through_trampoline()
{
	local out
	tracing || return 1
	grep -q '^__wrap_' $T/available_filter_functions &&
		{ echo "a trampoline is in available_filter_functions"; return 1; }
	echo pkcs7_parse_message > $T/set_ftrace_filter ||
		{ echo "pkcs7_parse_message is not in available_filter_functions"; return 1; }
	: > $T/trace
	echo function > $T/current_tracer
	modprobe md5 || { echo "modprobe md5 failed"; echo nop > $T/current_tracer; return 1; }
	out=$(cat $T/trace)
	echo nop > $T/current_tracer
	: > $T/set_ftrace_filter
	echo 0 > $T/options/sym-offset
	echo "$out" | grep -m 1 -E 'pkcs7_parse_message\+0x[0-9a-f]+/0x[0-9a-f]+ \[fips140\] <-verify_pkcs7_signature\+' ||
		{ echo "no call of pkcs7_parse_message [fips140] from verify_pkcs7_signature:"; echo "$out" | tail -n 20; return 1; }
	echo "$out" | grep -q __wrap_ && { echo "the trace shows a trampoline"; return 1; }
	return 0
}

# A stack trace from inside the module (dump_stack() of a test parameter)
stack_names_module()
{
	echo dump_stack > /sys/module/fips140_test_event/parameters/fire ||
		{ echo "cannot write /sys/module/fips140_test_event/parameters/fire"; return 1; }
	dmesg | grep -m 1 -E 'fips140_test_fire\+0x[0-9a-f]+/0x[0-9a-f]+ \[fips140\]' ||
		{ echo "the stack trace does not name fips140_test_fire [fips140]:"; dmesg | tail -n 20; return 1; }
}

# A trace event of the module's code: the trace events' module notifier,
# registered after fips140 loaded, learnt of it
trace_event_fires()
{
	local ev=$T/events/fips140_test/fips140_test_event
	tracing || return 1
	[ -d $ev ] || { echo "no $ev"; ls $T/events | head -n 40; return 1; }
	: > $T/trace
	echo 1 > $ev/enable
	echo hello-from-userspace > /sys/module/fips140_test_event/parameters/fire
	echo 0 > $ev/enable
	grep -m 1 'fips140_test_event: hello-from-userspace' $T/trace ||
		{ echo "the trace event did not fire:"; cat $T/trace; return 1; }
}

# The printk index's notifier (a postcore initcall) learnt of the module
printk_index()
{
	local f=/sys/kernel/debug/printk/index/fips140
	tracing || return 1
	[ -r $f ] || { echo "no $f"; ls /sys/kernel/debug/printk/index; return 1; }
	grep -m 1 'crypto/fips140/fips140-module.c' $f ||
		{ echo "$f lists no format of fips140-module.c"; head -n 5 $f; return 1; }
}

# A module notifier registered at late_initcall was told COMING, then LIVE
late_notifier()
{
	local log
	log=$(dmesg | grep 'fips140_test: a module notifier registered at late_initcall was told fips140 is')
	echo "$log"
	[ "$(echo "$log" | sed 's/.* is //' | tr '\n' ' ')" = "coming live " ] ||
		{ echo "not told coming, then live"; return 1; }
	dmesg | grep 'module notifier .* failed' && return 1
	return 0
}

# A livepatch of the module is refused; the module is unchanged
livepatch_refused()
{
	local out
	out=$(modprobe fips140_test_klp 2>&1) &&
		{ echo "modprobe fips140_test_klp succeeded"; return 1; }
	echo "modprobe: $out"
	dmesg | grep -m 1 "livepatch: module 'fips140' is embedded in vmlinux: it cannot be patched, patch 'fips140_test_klp' refused" ||
		{ echo "no refusal in the kernel log"; dmesg | tail -n 10; return 1; }
	[ ! -e /sys/kernel/livepatch/fips140_test_klp ] ||
		{ echo "/sys/kernel/livepatch/fips140_test_klp exists"; return 1; }
	expect ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
		afalg-kat hash sha256 616263
}

# ca_keys=, a __setup() parameter of code in the module (boot with
# ca_keys=id:zz): the module's handler got it, start_kernel() did not
# report it unknown, and init did not get it
setup_param_consumed()
{
	cmdline_has ca_keys=id:zz || { echo "booted without ca_keys=id:zz"; return 1; }
	dmesg | grep -m 1 'Unparsable ca_keys id hex string' ||
		{ echo "the __setup(\"ca_keys=\") handler in fips140.ko did not get the parameter"; return 1; }
	dmesg | grep 'Unknown kernel command line parameters' | grep ca_keys &&
		{ echo "start_kernel() reported ca_keys= unknown"; return 1; }
	tr '\0' '\n' < /proc/1/environ | grep '^ca_keys' &&
		{ echo "init got ca_keys= in its environment"; return 1; }
	return 0
}

check_debug()
{
	check "/sys/kernel/btf/fips140: split BTF on vmlinux's, with the module's own types (bpftool)" \
		btf_split
	check "/proc/kallsyms lists the module's functions as [fips140]" kallsyms_module
	check "a kprobe on crypto_shash_digest [fips140] fires when AF_ALG hashes" kprobe_fires
	check "the function tracer on crypto_shash_digest [fips140] fires; its stack trace names module frames" \
		ftrace_fires
	check "a call from vmlinux through a trampoline traces as the module's function called by vmlinux's" \
		ftrace_through_trampoline
	check "a stack trace from inside the module names its frames [fips140]" stack_names_module
	check "a trace event of the module's code fires (trace events' notifier, registered late)" \
		trace_event_fires
	check "the printk index lists the module's formats (its notifier, registered late)" printk_index
	check "a module notifier registered at late_initcall is told fips140 is coming, then live" \
		late_notifier
	check "a livepatch of fips140 is refused, the module unchanged" livepatch_refused
	check "ca_keys=: consumed by the module's __setup() handler, not unknown, not passed to init" \
		setup_param_consumed
}

# For configurations the checks cannot know in advance (random crypto
# sets, a distribution's config): the self-tests without assuming any
# driver, and every crypto module of the boundary loaded.
check_alltests()
{
	check "self-tests settled (no larval entries)" settle
	check "every algorithm in /proc/crypto passed its self-test" all_passed
	check "the self-tests really ran" tests_ran
}

check_fips140core()
{
	check "fips140 is loaded and live (lsmod, /proc/modules, sysfs)" fips140_live
	check "/proc/crypto: every algorithm is served by fips140 or a loaded module" \
		crypto_from_fips140
	check "rmmod fips140 fails and leaves it loaded" rmmod_refused
}

# Which embedded module runs (/sys/module/fips140/fips/image): "prebuilt",
# the module of another kernel release (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT),
# reports its own version, not the running kernel's; "built", this
# kernel's own module, the running release.
module_image()
{
	local d=/sys/module/fips140/fips image version
	image=$(cat $d/image) || return 1
	version=$(cat $d/version)
	echo "image $image, version $version, uname -r $(uname -r)"
	[ "$image" = "$1" ] || return 1
	if [ "$1" = prebuilt ]; then
		[ "$version" != "$(uname -r)" ] || return 1
	else
		# this tree's module beside the certified one: its own name
		# and version, not the certificate's
		[ "$version" = "$(uname -r)" ] && [ "$(cat $d/name)" = fips140 ] ||
			{ echo "name $(cat $d/name)"; return 1; }
		dmesg | grep -q "fips140: crypto module fips140 $version operational (built module, not certified, " ||
			{ echo "no 'operational (built module, not certified, ...' line"; return 1; }
	fi
	dmesg | grep -q "fips140: loaded the embedded fips140.ko ($1, " ||
		{ echo "no 'loaded the embedded fips140.ko ($1, ...' line"; return 1; }
}

check_prebuilt()
{
	local d=/sys/module/fips140/fips
	check "the prebuilt fips140.ko runs, with its own version" module_image prebuilt
	# for the host: the running kernel's release and what the module
	# reports of itself (the host compares them with the module set)
	echo "# prebuilt: uname -r $(uname -r), module $(cat $d/name 2>&1) $(cat $d/version 2>&1), $(cat $d/integrity 2>&1), vermagic $(modinfo -F vermagic fips140 2>&1)"
}

check_built()
{
	check "this kernel's own fips140.ko runs, with its own name and the kernel's version, not certified" module_image built
}

# The data of the Security Policy's algorithm table
# (scripts/fips140/security-policy.sh): every algorithm in /proc/crypto
# served by fips140 or a module of the boundary, after loading those, as
# "fips140-policy: driver|name|module|type|selftest|status" lines on the
# console, the status from the service indicator; and the self-test log
# lines of fips mode.
policy_dump()
{
	local m n=0
	if [ -s /lib/fips140/boundary.list ]; then
		while read -r m; do
			[ "$m" = tcrypt ] || modprobe "$m" > /dev/null 2>&1
		done < /lib/fips140/boundary.list
	fi
	settle || return 1
	crypto_table > /tmp/policy.tab
	while IFS='|' read -r drv name mod type st intl; do
		if [ "$mod" != fips140 ] &&
		   ! grep -qx "$mod" /lib/fips140/boundary.list 2>/dev/null; then
			continue
		fi
		status=$(awk -v d="$drv" '$1 == d { print $4; exit }' \
			/sys/module/fips140/fips/service_indicator)
		echo "fips140-policy: $drv|$name|$mod|$type|$st|${status:-unknown}"
		n=$((n + 1))
	done < /tmp/policy.tab
	dmesg | sed -n 's/.*\(alg: self-tests for .* passed\)$/fips140-policy-test: \1/p'
	[ $n -gt 0 ]
}

check_policy()
{
	policy_dump > /tmp/policy.out
	local rc=$?
	cat /tmp/policy.out
	check "the algorithms of the Security Policy listed ($(grep -c '^fips140-policy:' /tmp/policy.out))" \
		[ $rc -eq 0 ]
}

# Every module inside the boundary (crypto-objs-m, listed by
# mkinitramfs.sh in /lib/fips140/boundary.list) loads with modprobe; one
# for hardware this CPU lacks may refuse with ENODEV (listed).  tcrypt,
# the speed test, fails by design.  Then all self-tests pass, each
# algorithm is served by fips140 or its loaded module.
modprobe_boundary()
{
	local m out n=0 bad=0
	[ -s /lib/fips140/boundary.list ] || { echo "no boundary modules listed"; return 1; }
	while read -r m; do
		[ "$m" = tcrypt ] && continue
		if out=$(modprobe "$m" 2>&1); then
			n=$((n + 1))
		elif echo "$out" | grep -q 'No such device'; then
			echo "not for this CPU: $m"
		else
			echo "modprobe $m: $out"
			bad=1
		fi
	done < /lib/fips140/boundary.list
	echo "$n modules loaded"
	settle || return 1
	all_passed > /tmp/all_passed.out || { cat /tmp/all_passed.out; bad=1; }
	crypto_from_fips140 > /tmp/from.out || { cat /tmp/from.out; bad=1; }
	return $bad
}

check_boundary()
{
	check "modprobe of every crypto-objs-m module; then all self-tests pass" \
		modprobe_boundary
}

# libkcapi, the user-space interface that the certified kernel modules of
# RHEL, Oracle Linux and AlmaLinux name: Debian's kcapi-dgst, kcapi-enc
# and kcapi-rng, through AF_ALG and NETLINK_CRYPTO (CONFIG_CRYPTO_USER),
# against fips140's hashes, HMACs, ciphers and RNG.  The answers were
# computed on the host by openssl (mkinitramfs.sh).
kcapi_answers()
{
	local d=/lib/fips140/kcapi name kind cipher want got n=0 bad=0 a b
	[ -x /usr/bin/kcapi-dgst ] && [ -r $d/expected ] ||
		{ echo "no libkcapi tools in the initramfs (kcapi-tools on the host?)"; return 1; }
	while read -r name kind cipher want; do
		case $kind in
		dgst) got=$(kcapi-dgst -c "$cipher" --hex -i $d/msg 2>&1) ;;
		hmac) got=$(kcapi-dgst -c "$cipher" --keyfd 3 --hex -i $d/msg 3<$d/key 2>&1) ;;
		enc)  got=$(kcapi-enc -e -c "$cipher" --keyfd 3 --iv "$(cat $d/iv)" \
				-i $d/msg64 3<$d/key 2>/dev/null | od -An -v -tx1 | tr -d ' \n') ;;
		esac
		n=$((n + 1))
		[ -n "$want" ] && [ "$got" = "$want" ] ||
			{ echo "$name: kcapi: $got; openssl: $want"; bad=1; }
	done < $d/expected
	a=$(kcapi-rng -b 32 --hex 2>&1)
	b=$(kcapi-rng -b 32 --hex 2>&1)
	[ ${#a} -eq 64 ] && [ "$a" != "$b" ] ||
		{ echo "kcapi-rng: $a, then $b"; bad=1; }
	echo "$n answers of kcapi-dgst and kcapi-enc as openssl's; kcapi-rng: 32 bytes, twice, different"
	return $bad
}

check_kcapi()
{
	check "libkcapi: kcapi-dgst, kcapi-enc, kcapi-rng answer as openssl on the host" \
		kcapi_answers
}

# arm64 (checks=arm64): the Crypto Extension and NEON drivers of
# arch/arm64/crypto are served by fips140.ko (sha512-ce by its own module,
# inside the boundary), passed their self-tests, and known answers go
# through each by its driver name.  The FIPS-approved ones are checked in
# both modes, the others outside fips mode, which refuses them.
ARM64_APPROVED="sha1-ce sha224-ce sha256-ce sha256-arm64 sha512-arm64
	sha3-256-ce aes-ce aes-arm64 cbc-aes-ce ctr-aes-ce xts-aes-ce
	cmac-aes-ce ccm-aes-ce gcm-aes-ce rfc4106-gcm-aes-ce cbc-aes-neonbs
	ctr-aes-neonbs xts-aes-neonbs"
ARM64_OTHERS="chacha20-neon xchacha20-neon poly1305-neon nhpoly1305-neon
	polyval-ce sm3-ce sm4-ce"

arm64_drivers()
{
	local d bad=0
	settle || return 1
	for d in $ARM64_APPROVED; do
		driver_passed "$d" fips140 || bad=1
	done
	fips_mode && return $bad
	for d in $ARM64_OTHERS; do
		driver_passed "$d" fips140 || bad=1
	done
	return $bad
}

modprobe_sha512_ce()
{
	modprobe sha512_ce || return 1
	settle || return 1
	driver_passed sha512-ce sha512_ce || return 1
	[ -e /sys/module/sha512_ce/notes/.note.fips140 ] ||
		{ echo "sha512_ce has no .note.fips140: outside the boundary"; return 1; }
	[ -e /sys/module/fips140/holders/sha512_ce ] ||
		{ echo "sha512_ce does not link against fips140"; return 1; }
}

# IEEE 1619 XTS-AES-128 vector 2; RFC 7539 2.4.2 ChaCha20; SHA-512("abc")
# (FIPS 180-4 example); FIPS 197 C.1
XTS_KEY=1111111111111111111111111111111122222222222222222222222222222222
XTS_IV=33333333330000000000000000000000
XTS_PT=4444444444444444444444444444444444444444444444444444444444444444
XTS_CT=c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0
CHACHA_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
CHACHA_IV=01000000000000000000004a00000000
CHACHA_PT=4c616469657320616e642047656e746c656d656e206f662074686520636c6173
CHACHA_PT=${CHACHA_PT}73206f66202739393a204966204920636f756c64206f6666657220796f75206f
CHACHA_PT=${CHACHA_PT}6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73
CHACHA_PT=${CHACHA_PT}637265656e20776f756c642062652069742e
CHACHA_CT=6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b
CHACHA_CT=${CHACHA_CT}f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8
CHACHA_CT=${CHACHA_CT}07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736
CHACHA_CT=${CHACHA_CT}5af90bbf74a35be6b40b8eedf2785e42874d
SHA512_ABC=ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a
SHA512_ABC=${SHA512_ABC}2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f
AES_C1_KEY=000102030405060708090a0b0c0d0e0f
AES_C1_PT=00112233445566778899aabbccddeeff
AES_C1_CT=69c4e0d86a7b0430d8cdb78070b4c55a
ZERO_IV=00000000000000000000000000000000

check_arm64()
{
	local d
	check "arm64: the CE and NEON drivers are served by fips140, self-tests passed" \
		arm64_drivers
	check 'arm64: AF_ALG: SHA-1("abc") through sha1-ce' expect \
		a9993e364706816aba3e25717850c26c9cd0d89d \
		afalg-kat hash sha1-ce 616263
	for d in sha256-ce sha256-arm64; do
		check "arm64: AF_ALG: SHA-256(\"abc\") through $d" expect \
			ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
			afalg-kat hash $d 616263
	done
	check "arm64: AF_ALG: HMAC-SHA256 (RFC 4231 case 1) through hmac(sha256-ce)" expect \
		b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7 \
		afalg-kat hash "hmac(sha256-ce)" 4869205468657265 \
		0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b
	check 'arm64: AF_ALG: SHA3-256("abc") through sha3-256-ce' expect \
		3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532 \
		afalg-kat hash sha3-256-ce 616263
	for d in cbc-aes-ce cbc-aes-neonbs "cbc(aes-ce)" "cbc(aes-arm64)"; do
		check "arm64: AF_ALG: AES-128 (FIPS 197 C.1) through $d" expect \
			$AES_C1_CT afalg-kat encrypt "$d" $AES_C1_KEY $ZERO_IV $AES_C1_PT
	done
	for d in xts-aes-ce xts-aes-neonbs; do
		check "arm64: AF_ALG: XTS-AES-128 (IEEE 1619 vector 2) through $d" expect \
			$XTS_CT afalg-kat encrypt $d $XTS_KEY $XTS_IV $XTS_PT
		check "arm64: AF_ALG: XTS-AES-128 decrypt through $d" expect \
			$XTS_PT afalg-kat decrypt $d $XTS_KEY $XTS_IV $XTS_CT
	done
	check "arm64: AF_ALG: AES-128-GCM (NIST test case 3) through gcm-aes-ce" \
		expect "$GCM_CT$GCM_TAG" \
		afalg-kat seal gcm-aes-ce $GCM_KEY $GCM_IV "" $GCM_PT 16
	check "arm64: AF_ALG: gcm-aes-ce rejects a corrupted tag" expect EBADMSG \
		afalg-kat open gcm-aes-ce $GCM_KEY $GCM_IV "" "$GCM_CT$GCM_BADTAG" 16
	check "arm64: modprobe sha512-ce: served by sha512_ce.ko, inside the boundary, linked to fips140" \
		modprobe_sha512_ce
	check 'arm64: AF_ALG: SHA-512("abc") through sha512-ce (sha512_ce.ko)' expect \
		$SHA512_ABC afalg-kat hash sha512-ce 616263
	fips_mode && return 0
	check "arm64: AF_ALG: ChaCha20 (RFC 7539 2.4.2) through chacha20-neon" expect \
		$CHACHA_CT afalg-kat encrypt chacha20-neon $CHACHA_KEY $CHACHA_IV $CHACHA_PT
}

run_checks()
{
	local list="$1" c
	[ "$list" = all ] && list="selftests,fips,kat,modprobe"
	for c in $(echo "$list" | tr ',' ' '); do
		case "$c" in
		selftests|fips|kat|modprobe|fips140|latemod|unsigned|mix|\
		alltests|fips140core|boundary|kcapi|prebuilt|built|policy|\
		debug|arm64|outside|otherbytes)
			check_$c ;;
		*) check "unknown check '$c'" false ;;
		esac
	done
	echo "1..$tap_n"
	[ $fails -eq 0 ]
}

report()
{
	settle
	echo "===== fips140 verification ====="
	echo "\$ uname -r"
	uname -r
	echo "\$ lsmod | grep fips140"
	lsmod | grep fips140 || echo "(fips140 not loaded)"
	echo "\$ cat /proc/sys/crypto/fips_enabled"
	cat /proc/sys/crypto/fips_enabled
	echo "\$ grep -E '^(driver|module|selftest)' /proc/crypto  (one line per algorithm)"
	crypto_table | awk -F'|' '{ printf "%-28s module: %-10s selftest: %s\n", $1, $3, $5 }'
	echo "\$ grep module /proc/crypto | sort | uniq -c"
	grep '^module' /proc/crypto | sort | uniq -c
	echo "===== end ====="
}

# mode=bench (make bench, mk/bench.py): the measurements as
# "fips140-bench: WHAT..." lines, and one check per part that they were
# taken.  bench_iters= calls per form of fips140_bench.ko (in the
# initramfs at /lib/fips140/bench/), bench_ms= milliseconds per
# throughput point of afalg-kat bench.
bench_calls()
{
	local sh sk want=4
	sh=$(awk '$3 == "__wrap_crypto_shash_tfm_digest" { print "0x" $1 }' /proc/kallsyms)
	sk=$(awk '$3 == "__wrap_crypto_skcipher_encrypt" { print "0x" $1 }' /proc/kallsyms)
	# vmlinux of the feature calls crypto_shash_tfm_digest() (module
	# signatures), through its trampoline
	if lsmod | grep -q '^fips140 ' && [ -z "$sh" ]; then
		echo "fips140 is loaded, but /proc/kallsyms has no __wrap_crypto_shash_tfm_digest"
		return 1
	fi
	# bench_swap=1, a harness self-test: the shash trampoline's address
	# given for the other function, which the module must refuse
	[ "$2" = 1 ] && { sk=$sh; sh=; }
	[ -n "$sh" ] && want=$((want + 1))
	[ -n "$sk" ] && want=$((want + 1))
	insmod /lib/fips140/bench/fips140_bench.ko iters="$1" \
		${sh:+tramp_shash=$sh} ${sk:+tramp_skcipher=$sk} ||
		{ dmesg | grep 'fips140_bench: '; return 1; }
	dmesg | sed -n 's/.*fips140_bench: /call /p' > /tmp/bench-calls
	[ "$(grep -c '^call [a-z_]* [a-z]* [0-9]* [0-9]*$' /tmp/bench-calls)" -eq $want ] ||
		{ echo "$want timings expected:"; cat /tmp/bench-calls; return 1; }
}

bench_afalg()
{
	afalg-kat bench "$1" > /tmp/bench-afalg || { cat /tmp/bench-afalg; return 1; }
	[ "$(grep -c '^afalg-bench: [a-z0-9()]* [0-9]* [0-9]* [0-9]*$' /tmp/bench-afalg)" = 16 ] ||
		{ cat /tmp/bench-afalg; return 1; }
}

bench()
{
	local iters=1000 ms=100 swap='' arg
	for arg in "$@"; do
		case $arg in
		bench_iters=*) iters=${arg#*=} ;;
		bench_ms=*) ms=${arg#*=} ;;
		bench_swap=*) swap=${arg#*=} ;;
		esac
	done
	settle
	# before the bench module takes any memory
	{
		sed -n 's/^\(MemTotal\|MemFree\):  *\([0-9]*\) kB$/meminfo \1 \2/p' /proc/meminfo
		awk '$1 == "fips140" { print "module fips140 " $2 }' /proc/modules
		dmesg | sed -n 's/.*\(Freeing unused kernel image (initmem) memory: [0-9]*K\).*/\1/p; s/.*\] \(Memory: .*\)$/\1/p'
		sed 's/^/spectre_v2 /' /sys/devices/system/cpu/vulnerabilities/spectre_v2 2>/dev/null
		# the timings' clock (under TCG the TSC's calibration can
		# fail, leaving jiffies: the host then boots again)
		sed 's/^/clocksource /' /sys/devices/system/clocksource/clocksource0/current_clocksource
	} > /tmp/bench-mem
	check "bench: memory read" grep -q '^meminfo MemFree ' /tmp/bench-mem
	check "bench: calls timed" bench_calls "$iters" "$swap"
	check "bench: AF_ALG throughput measured" bench_afalg "$ms"
	cat /tmp/bench-mem /tmp/bench-calls /tmp/bench-afalg 2>/dev/null |
		sed 's/^afalg-bench: /afalg /; s/^/fips140-bench: /'
	echo "1..$tap_n"
	[ $fails -eq 0 ]
}
