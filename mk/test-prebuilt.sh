# SPDX-License-Identifier: GPL-2.0
#
# Certification reuse (sourced by mk/check.sh): a fips140.ko built from
# one Debian base embedded, byte for byte, into the kernel of another
# (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT), the ABI guard that proves or
# refuses such a pairing, the module set and manifest every feature build
# writes, and the reproducibility of the module.
#
# Needs: out_of (mk/test-fips140.sh), t, build, built, boot (mk/check.sh).

# The certified module of the boots is the pinned base's minimal-fips140,
# embedded in the kernel of a later served Debian version (prebuilt-fips140
# on patches/6.12/BASE's "update"), as a distribution ships an update;
# mix-fips140's in a kernel of another release of the same tree
# (prebuilt-mix-fips140: <pin>-update1).  The other base is an older
# served one whose module the guard must refuse in this kernel: Debian's
# 6.12.y updates changed structures its code reads (struct key, struct
# proto_ops, ...).  It is the first checksummed version of
# patches/6.12/BASE that is neither the pin nor the update.
OTHER_BASE=${FIPS140_OTHER_BASE:-$(awk '$1 == "pin" { pin = $2 } $1 == "update" { up = $2 }
	$1 == "sha256" && $2 != pin && $2 != up { print $2; exit }' "$REPO_ROOT/patches/6.12/BASE")}
[ -n "$OTHER_BASE" ] || { echo "patches/6.12/BASE: no checksummed version but the pin and the update, for the reuse checks of another base" >&2; exit 2; }

other_out() { $KDEV --base "$OTHER_BASE" paths minimal-fips140 | sed -n 's/^out=//p'; }
# An older served base whose module the frozen rebuild accepts in this
# kernel, though imports have other symbol versions: from Debian's
# 6.12.115 to 6.12.117 the boundary's sources changed only in
# crypto/algif_skcipher.c, and need_parent_lock moved from struct bus_type
# to struct device_type, which no code of the module touches (check-full)
ACCEPT_BASE=${FIPS140_ACCEPT_BASE:-6.12.115-2~deb12u1}
accept_out() { $KDEV --base "$ACCEPT_BASE" paths minimal-fips140 | sed -n 's/^out=//p'; }
# certified_out [CONFIG]: the build dir of the certified module's build,
# minimal-fips140 unless CONFIG names another
certified_out() { out_of "${1:-minimal-fips140}"; }

# install_set CONFIG SET: configure CONFIG (a copy of its Copy-of build,
# the first time) and put the module set SET where its
# CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT_DIR points, fips140-certified/ in
# its build dir
install_set()
{
	local to
	$KDEV config "$1" > /dev/null || return 1
	to=$(out_of "$1")
	rm -rf "$to/fips140-certified"
	cp -a "$2" "$to/fips140-certified"
}

# The module set has what a release engineer copies, and its manifest
# lists the module's sources with their digests, its config options, tools,
# exports and imports.
module_set_complete()
{
	local s m f kept
	s=$(out_of "$1")/crypto/fips140/module-set
	m=$s/manifest
	for f in fips140.ko fips140.hmac fips140.symvers fips140.symtypes manifest; do
		[ -s "$s/$f" ] || { echo "no $s/$f"; return 1; }
	done
	cmp "$s/fips140.ko" "$(out_of "$1")/crypto/fips140/fips140.ko" || return 1
	[ "$(sed -n 's/^sha256 //p' "$m")" = "$(sha256sum < "$s/fips140.ko" | cut -c 1-64)" ] ||
		{ echo "the manifest's sha256 is not the module's"; return 1; }
	grep -q '^file src [0-9a-f]\{64\} crypto/sha256_generic.c$' "$m" &&
		grep -q '^file src [0-9a-f]\{64\} include/linux/module.h$' "$m" &&
		grep -q '^config CONFIG_MODVERSIONS=y$' "$m" &&
		grep -q '^tool cc gcc' "$m" &&
		grep -q '^export crypto_alloc_shash 0x[0-9a-f]\{8\} EXPORT_SYMBOL_GPL$' "$m" &&
		grep -q '^import module_layout 0x[0-9a-f]\{8\}$' "$m" || {
		echo "manifest lacks an expected record:"; head -n 20 "$m"; return 1; }
	# the boundary modules (crypto-objs-m), as the final link wrote them
	[ -f "$s/modules.sha256" ] && [ -f "$s/modules.symvers" ] ||
		{ echo "no modules.sha256 or modules.symvers in $s"; return 1; }
	grep -q '  crypto/aes_ti\.ko$' "$s/modules.sha256" ||
		{ echo "modules.sha256 lacks crypto/aes_ti.ko:"; cat "$s/modules.sha256"; return 1; }
	(cd "$s/modules" && sha256sum --quiet -c ../modules.sha256) || return 1
	cmp "$s/modules/crypto/aes_ti.ko" "$(out_of "$1")/crypto/aes_ti.ko" || return 1
	# the types behind the version of an import and of an export
	grep -q '^#object ' "$s/fips140.symtypes" &&
		grep -q '^s#crypto_alg struct crypto_alg {' "$s/fips140.symtypes" ||
		{ echo "fips140.symtypes lacks struct crypto_alg"; return 1; }
	grep -q '^s#crypto_alg struct crypto_alg {' "$s/modules.symtypes" ||
		{ echo "modules.symtypes lacks struct crypto_alg (aes_ti.ko's import)"; return 1; }
	# the frozen sources: the module's own files, its directories'
	# private headers and what the build generated for them; not the
	# kernel's headers
	sh "$REPO_ROOT/scripts/fips140/check-manifest.sh" --frozen "$s" || return 1
	# and the kernel's headers it was built with
	[ -f "$s/headers/include/linux/module.h" ] && [ -f "$s/headers/include/crypto/algapi.h" ] &&
		[ -f "$s/headers/arch/x86/include/asm/processor.h" ] ||
		{ echo "the set does not carry the kernel's headers it was built with"; return 1; }
	for f in crypto/sha256_generic.c crypto/internal.h crypto/rsapubkey.asn1.c \
		 crypto/fips140/fips140-module.c lib/crypto/mpi/mpi-internal.h; do
		grep -qx "frozen [0-9a-f]\{64\} $f" "$m" && [ -f "$s/src/$f" ] ||
			{ echo "the set does not carry $f frozen"; return 1; }
	done
	! grep -qE '^frozen [0-9a-f]+ (include|arch/[^/]+/include|scripts|tools)/' "$m" ||
		{ echo "frozen files from the kernel's interface:"; grep -E '^frozen [0-9a-f]+ (include|arch/[^/]+/include|scripts|tools)/' "$m" | head -n 3; return 1; }
	# and the objects, in link order
	[ "$(sed -n 's/^object //p' "$m")" = "$(cat "$(out_of "$1")/crypto/fips140/fips140.mod")" ] ||
		{ echo "the manifest's objects are not fips140.mod's"; return 1; }
	# the boundary module's own: manifest, frozen sources, headers
	f=$s/modules/crypto/aes_ti.frozen
	sh "$REPO_ROOT/scripts/fips140/check-manifest.sh" --frozen "$f" || return 1
	grep -qx 'module crypto/aes_ti.ko' "$f/manifest" &&
		grep -qx "sha256 $(sha256sum < "$s/modules/crypto/aes_ti.ko" | cut -c 1-64)" "$f/manifest" &&
		grep -qx 'object crypto/aes_ti.o' "$f/manifest" &&
		grep -qx 'frozen [0-9a-f]\{64\} crypto/aes_ti.c' "$f/manifest" && [ -f "$f/src/crypto/aes_ti.c" ] &&
		grep -q '^import module_layout 0x[0-9a-f]\{8\}$' "$f/manifest" &&
		grep -q '^file src [0-9a-f]\{64\} scripts/module-common.c$' "$f/manifest" ||
		{ echo "aes_ti.ko's manifest lacks an expected record:"; head -n 12 "$f/manifest"; return 1; }
	# a make vmlinux that rewrites the set keeps what make modules added
	kept=$(cd "$s" && sha256sum modules.sha256 modules.symvers modules.symtypes) || return 1
	rm "$s/manifest"
	$KDEV make "$1" vmlinux > /dev/null 2>&1 || { echo "make vmlinux failed"; return 1; }
	[ -f "$m" ] || { echo "make vmlinux did not write $m again"; return 1; }
	[ "$(cd "$s" && sha256sum modules.sha256 modules.symvers modules.symtypes 2>&1)" = "$kept" ] ||
		{ echo "the set's boundary module files did not survive make vmlinux"; return 1; }
	echo "$(grep -c '' "$s/modules.sha256") boundary module(s)," \
	     "$(grep -c '^file ' "$m") files ($(grep -c '^frozen ' "$m") frozen)," \
	     "$(grep -c '^object ' "$m") objects, $(grep -c '^config ' "$m") options," \
	     "$(grep -c '^export ' "$m") exports, $(grep -c '^import ' "$m") imports;" \
	     "symtypes $(wc -c < "$s/fips140.symtypes") bytes"
}

# make fips140-check: the tree still builds the module of its manifest;
# a changed source file is named (a copy of the manifest with one digest
# changed stands for a tree edited since).
manifest_check()
{
	local out m d rc=0
	m=$(out_of minimal-fips140)/crypto/fips140/module-set/manifest
	out=$($KDEV make minimal-fips140 fips140-check 2>&1) ||
		{ echo "$out"; return 1; }
	echo "$out" | grep -q '^unchanged: this tree still builds the module of' ||
		{ echo "$out"; return 1; }
	d=$(mktemp -d)
	sed -e 's/^\(file src \)[0-9a-f]\{64\}\( crypto\/sha256_generic.c\)$/\10000000000000000000000000000000000000000000000000000000000000000\2/' \
	    -e 's/^config CONFIG_MODVERSIONS=y$/config CONFIG_MODVERSIONS is not set/' \
		"$m" > "$d/manifest"
	out=$($KDEV make minimal-fips140 fips140-check FIPS140_MANIFEST="$d/manifest" 2>&1) && rc=1
	echo "$out" | grep -q '^changed: src crypto/sha256_generic.c$' || rc=1
	echo "$out" | grep -q '^config: CONFIG_MODVERSIONS is y here, not set in the manifest$' || rc=1
	[ $rc -eq 0 ] || echo "$out"
	rm -rf "$d"
	return $rc
}

# The guard's verdict on the pairing, from its report
guard_verdict()
{
	local r
	r=$(out_of "$1")/crypto/fips140/fips140.guard
	[ -f "$r" ] || { echo "no $r"; return 1; }
	head -n 3 "$r"
	grep -qx compatible "$r"
}

# embedded_is_certified CONFIG [CERTIFIED]: the bytes vmlinux embeds are
# those of the certified build's fips140.ko (CERTIFIED's, minimal-fips140
# unless named)
embedded_is_certified()
{
	local d rc=0 a b set
	d=$(mktemp -d)
	set=$(certified_out "${2:-}")/crypto/fips140/module-set
	"$REPO_ROOT/scripts/fips140/extract-fips140" "$(out_of "$1")/vmlinux" "$d" > /dev/null || rc=1
	a=$(sha256sum < "$d/fips140.ko" | cut -c 1-64)
	b=$(sha256sum < "$set/fips140.ko" | cut -c 1-64)
	echo "embedded sha256 $a, ${2:-minimal-fips140}'s fips140.ko $b"
	[ "$a" = "$b" ] || rc=1
	cmp -s "$(out_of "$1")/crypto/fips140/fips140.ko" "$set/fips140.ko" ||
		{ echo "the fips140.ko modules_install installs is another"; rc=1; }
	rm -rf "$d"
	return $rc
}

# prebuilt_reported CONFIG BOOT [CERTIFIED]: in boot BOOT of CONFIG, the
# running kernel is CONFIG's release and the module reports the certified
# build's (in build dir CERTIFIED, minimal-fips140's unless given): its
# name and version, its HMAC digest as the set records it, its vermagic's
# release
prebuilt_reported()
{
	local line o c hmac want rc=0
	o=$(out_of "$1")
	c=${3:-$(certified_out)}
	line=$(grep -a '^# prebuilt: ' "$o/logs/$2.log" | tr -d '\r' | head -n 1)
	[ -n "$line" ] || { echo "no '# prebuilt:' line in $o/logs/$2.log"; return 1; }
	echo "$line"
	hmac=$(od -An -v -tx1 "$c/crypto/fips140/module-set/fips140.hmac" | tr -d ' \n')
	want="# prebuilt: uname -r $(cat "$o/include/config/kernel.release"), module"
	want="$want $(sed -n 's/^CONFIG_CRYPTO_FIPS_NAME="\(.*\)"$/\1/p' "$c/.config")"
	want="$want $(sed -n 's/^CONFIG_CRYPTO_FIPS_VERSION="\(.*\)"$/\1/p' "$c/.config"),"
	want="$want hmac(sha256) $hmac, vermagic $(cat "$c/include/config/kernel.release") "
	case $line in
	"$want"*) ;;
	*) echo "expected: $want..."; rc=1 ;;
	esac
	[ "$(cat "$o/include/config/kernel.release")" != "$(cat "$c/include/config/kernel.release")" ] ||
		{ echo "the update's release is the certified build's"; rc=1; }
	return $rc
}

# installs_certified_modules CONFIG [CERTIFIED]: the boundary modules
# installed are the certified build's (CERTIFIED's, minimal-fips140 unless
# named), each of them, though this tree's of the same sources were built
# too (crypto/aes_ti.ko in the build dir, of this release):
# modules_install treats the set's as any module (INSTALL_MOD_STRIP,
# signing with this build's key) and installs the same bytes as the
# certified build installed.
installs_certified_modules()
{
	local o c a b ko n=0 rc=0
	o=$(out_of "$1")
	c=$(certified_out "${2:-}")
	guard_verdict "$1" || return 1
	grep -qx compatible "$o/crypto/fips140/modules.guard" ||
		{ cat "$o/crypto/fips140/modules.guard"; return 1; }
	while read -r _ ko; do
		n=$((n + 1))
		a=$(find "$o/modinst/lib/modules" -path "*/kernel/${ko}*")
		b=$(find "$c/modinst/lib/modules" -path "*/kernel/${ko}*")
		[ -n "$a" ] && [ -n "$b" ] || { echo "$ko not installed"; rc=1; continue; }
		echo "$ko installed: $(modinfo -F vermagic "$a"); this tree's:" \
		     "$(modinfo -F vermagic "$o/$ko")"
		[ "$(modinfo -F vermagic "$a")" = "$(modinfo -F vermagic "$b")" ] || rc=1
		[ "$(modinfo -F vermagic "$a")" != "$(modinfo -F vermagic "$o/$ko")" ] ||
			{ echo "the installed $ko has this release's vermagic"; rc=1; }
		cmp "$a" "$b" || { echo "$ko: not what the certified build installed"; rc=1; }
	done < "$c/crypto/fips140/module-set/modules.sha256"
	[ $n -gt 0 ] || { echo "the certified set has no boundary module"; rc=1; }
	return $rc
}

# With CONFIG_DEBUG_INFO the prebuilt build installs the set's
# fips140.ko.debug, whose build ID is the embedded module's: it resolves
# the certified module's code to source lines (debug_file), byte for byte
# the certified build's debug file.
prebuilt_debug()
{
	local o dbg
	o=$(out_of "$1")
	debug_file "$1" || return 1
	dbg=$(find "$o/modinst/usr/lib/debug/lib/modules" -path '*/kernel/crypto/fips140/fips140.ko')
	cmp "$dbg" "$(certified_out "$2")/crypto/fips140/module-set/fips140.ko.debug" ||
		{ echo "the installed debug file is not the set's"; return 1; }
}

# prebuilt_debug_missing CONFIG SET: with CONFIG_DEBUG_INFO, a set without
# fips140.ko.debug stops the build, saying so
prebuilt_debug_missing()
{
	local o log rc=0
	install_set "$1" "$2" || return 1
	o=$(out_of "$1")
	log=$o/logs/make.log
	rm "$o/fips140-certified/fips140.ko.debug"
	$KDEV build "$1" --quiet > /dev/null 2>&1 && { echo "built"; rc=1; }
	grep -q 'fips140: fips140-certified has no fips140.ko.debug, which CONFIG_DEBUG_INFO installs' "$log" ||
		{ grep 'fips140:' "$log" | tail -n 5; rc=1; }
	rm -rf "$o/fips140-certified"
	return $rc
}

# The guard of the set's boundary modules names each problem: a damaged
# module, one the set lacks or this build lacks, an import whose version
# changed, an export this tree's module lacks, a BTF section under
# CONFIG_DEBUG_INFO_BTF_MODULES, other ABI options (a vermagic word changed);
# a set that does not record its boundary modules; with the verdict of a
# frozen rebuild, the import it accepted is accepted, and a rebuild that
# differs, a verdict for another Module.symvers, none, or a set without
# the modules' sources are named as the reason for refusing one it did
# not; the frozen rebuild without a module's sources, and the judge
# without a rebuilt module, say so.  Run on the build dir of $1, a
# prebuilt build of minimal-fips140's set.
modules_guard_errors()
{
	local o d s set out rc=0 off have sum
	o=$(out_of "$1")
	d=$(mktemp -d)
	s=$REPO_ROOT/scripts/fips140/boundary-modules.sh
	set=$(certified_out)/crypto/fips140/module-set
	guard() { (cd "$o" && sh "$s" guard "$1" modules.order Module.symvers \
		"${2:-include/config/auto.conf}" "$d/report" \
		.vmlinux.objs crypto/fips140/fresh/fips140.mod) 2>&1; }
	expect()
	{
		local what=$1 p
		shift
		for p in "$@"; do
			echo "$out" | grep -qE "$p" || { echo "$what: no /$p/ in:"; echo "$out"; rc=1; }
		done
	}
	# a set, copied, whose aes_ti.ko a python snippet may change
	copy() { rm -rf "$d/set"; cp -a "$set" "$d/set"; }
	resum() { (cd "$d/set/modules" && find . -name '*.ko' | sed 's|^\./||' |
		LC_ALL=C sort | xargs sha256sum) > "$d/set/modules.sha256"; }

	copy
	printf 'x' >> "$d/set/modules/crypto/aes_ti.ko"
	out=$(guard "$d/set") && rc=1
	expect damaged 'fips140: set: crypto/aes_ti.ko is not the module modules.sha256 records'

	copy
	rm "$d/set/modules/crypto/aes_ti.ko"
	resum
	out=$(guard "$d/set") && rc=1
	expect lacking 'fips140: boundary: crypto/aes_ti.ko is a boundary module of this build \(crypto-objs-m\); the prebuilt set has none'

	copy
	cp "$d/set/modules/crypto/aes_ti.ko" "$d/set/modules/crypto/extra.ko"
	resum
	printf '0x12345678\tfips140_no_such_export\tcrypto/aes_ti\tEXPORT_SYMBOL_GPL\t\n' \
		>> "$d/set/modules.symvers"
	out=$(guard "$d/set") && rc=1
	expect extra 'fips140: boundary: crypto/extra.ko is in the prebuilt set; this build has no boundary module at that path' \
		'fips140: exports: crypto/aes_ti.ko of the prebuilt set exports fips140_no_such_export, which this tree.s crypto/aes_ti.ko does not'

	# the version of crypto_register_alg in __versions, changed, and a
	# member of struct crypto_alg renamed in the set's type dumps: the
	# guard names the import, the structure and the member
	copy
	grep -q '^s#crypto_alg struct crypto_alg { .* int cra_priority ;' "$d/set/modules.symtypes" ||
		{ echo "no struct crypto_alg with cra_priority in $set/modules.symtypes"; rc=1; }
	sed -i 's/^\(s#crypto_alg struct crypto_alg { .* int \)cra_priority ;/\1cra_rank ;/' \
		"$d/set/modules.symtypes"
	off=$(python3 -c 'import sys, subprocess
out = subprocess.run(["readelf", "-SW", sys.argv[1]], capture_output=True, text=True).stdout
for l in out.splitlines():
    f = l.replace("[ ", "[").split()
    if len(f) > 5 and f[1] == "__versions":
        start, size = int(f[4], 16), int(f[5], 16)
data = open(sys.argv[1], "rb").read()[start:start + size]
for i in range(0, size, 64):
    if data[i + 8:i + 64].rstrip(b"\0") == b"crypto_register_alg":
        print(start + i)' "$d/set/modules/crypto/aes_ti.ko")
	[ -n "$off" ] || { echo "aes_ti.ko does not import crypto_register_alg"; rc=1; }
	printf '\336\255\276\357' | dd of="$d/set/modules/crypto/aes_ti.ko" bs=1 seek="${off:-0}" \
		conv=notrunc status=none
	resum
	out=$(guard "$d/set") && rc=1
	expect import 'fips140: imports: crypto/aes_ti.ko of the prebuilt set imports crypto_register_alg with version 0xefbeadde, this build exports it with 0x[0-9a-f]{8}: its type or prototype changed' \
		'fips140: why: struct crypto_alg changed, behind the version of crypto_register_alg' \
		'fips140: +- int cra_rank' 'fips140: +\+ int cra_priority'
	rm "$d/set/modules.symtypes"
	out=$(guard "$d/set") && rc=1
	expect notypes 'fips140: \(no modules.symtypes in the prebuilt set, or no symbol versions here: the types cannot be named\)'

	copy
	printf 'BTF' > "$d/btf"
	objcopy --add-section .BTF="$d/btf" "$d/set/modules/crypto/aes_ti.ko"
	resum
	{ cat "$o/include/config/auto.conf"; echo CONFIG_DEBUG_INFO_BTF_MODULES=y; } > "$d/auto.conf"
	out=$(guard "$d/set" "$d/auto.conf") && rc=1
	expect btf "fips140: BTF: crypto/aes_ti.ko of the prebuilt set has a .BTF section, split from the certified build's vmlinux BTF"

	# other ABI options: a vermagic word of the module changed
	copy
	python3 -c 'import sys
p = sys.argv[1]
d = open(p, "rb").read()
assert d.count(b" mod_unload ") == 1
open(p, "wb").write(d.replace(b" mod_unload ", b" mod_unl0ad "))' "$d/set/modules/crypto/aes_ti.ko" ||
		{ echo "no vermagic word mod_unload in aes_ti.ko"; rc=1; }
	resum
	out=$(guard "$d/set") && rc=1
	expect vermagic 'fips140: vermagic: crypto/aes_ti.ko has "[^"]* mod_unl0ad [^"]*" in the prebuilt set, "[^"]* mod_unload [^"]*" here'

	copy
	rm "$d/set/modules.sha256"
	out=$(guard "$d/set") && rc=1
	expect unrecorded "fips140: $d/set/modules.sha256 is missing: the module set does not record its boundary modules"

	# the frozen rebuild's verdict (frozen=DIR): an import of another
	# version is accepted when the verdict, made for this Module.symvers,
	# lists that very pair for the module; refused, with the reason, when
	# the rebuild differs, the verdict is another Module.symvers's, or
	# there is none
	copy
	printf '\336\255\276\357' | dd of="$d/set/modules/crypto/aes_ti.ko" bs=1 seek="${off:-0}" \
		conv=notrunc status=none
	resum
	have=$(awk -F '\t' '$2 == "crypto_register_alg" { print $1 }' "$o/Module.symvers")
	mkdir -p "$d/fz/crypto/aes_ti"
	verdict()
	{
		{ echo "symvers ${1:-$(sha256sum < "$o/Module.symvers" | cut -c 1-64)}"; shift
		  printf '%s\n' "$@"; } > "$d/fz/verdict"
	}
	fguard() { (cd "$o" && sh "$s" guard "$d/set" modules.order Module.symvers \
		include/config/auto.conf "$d/report" frozen="$d/fz" \
		.vmlinux.objs crypto/fips140/fresh/fips140.mod) 2>&1; }
	sum=$(sha256sum < "$d/set/modules/crypto/aes_ti.ko" | cut -c 1-64)
	verdict "" "same crypto/aes_ti.ko" \
		"accept crypto/aes_ti.ko aes_ti $sum $sum crypto_register_alg 0xefbeadde $have"
	out=$(fguard "$d/set") || { echo "accepted: refused: $out"; rc=1; }
	grep -qx "# accepted: crypto/aes_ti.ko imports crypto_register_alg (version 0xefbeadde in the prebuilt set, $have in this build): its frozen rebuild is the module" \
		"$d/report" && grep -qx compatible "$d/report" ||
		{ echo "accepted: no such line in $d/report:"; cat "$d/report"; rc=1; }
	rm -f "$d/report.install"
	verdict "" "same crypto/aes_ti.ko" \
		"accept crypto/aes_ti.ko aes_ti $sum $sum crypto_register_alg 0xefbeadde 0x00000001"
	out=$(fguard "$d/set") && rc=1
	expect otherpair 'fips140: imports: crypto/aes_ti.ko of the prebuilt set imports crypto_register_alg with version 0xefbeadde'
	printf 'code: aes_encrypt (.text): 4 byte(s) differ\n' > "$d/fz/crypto/aes_ti/compare"
	verdict "" "differs crypto/aes_ti.ko 1"
	out=$(fguard "$d/set") && rc=1
	expect differs "fips140: frozen: crypto/aes_ti.ko: the set's sources, compiled against this tree, do not give the prebuilt module \\(1 difference\\(s\\), in $d/fz/crypto/aes_ti/compare\\): its code depends on what changed" \
		'fips140: frozen: crypto/aes_ti.ko: code: aes_encrypt \(.text\): 4 byte\(s\) differ'
	verdict 0000 "same crypto/aes_ti.ko"
	out=$(fguard "$d/set") && rc=1
	expect stale "fips140: frozen: crypto/aes_ti.ko: $d/fz/verdict was made for another Module.symvers \\(make vmlinux or make modules alone since\\): make both together \\(make\\)"
	rm "$d/fz/verdict"
	out=$(fguard "$d/set") && rc=1
	expect noverdict "fips140: frozen: crypto/aes_ti.ko: no $d/fz/verdict: the frozen rebuild of the boundary modules is made when vmlinux is linked with the modules \\(make\\)"
	out=$(guard "$d/set") && rc=1
	expect nosources 'fips140: frozen: crypto/aes_ti.ko: the set keeps no frozen sources of its boundary modules \(a set written before it did\): its symbol versions decide'

	# boundary-modules.sh frozen and judge name what they cannot do
	copy
	rm -r "$d/set/modules/crypto/aes_ti.frozen"
	out=$( (cd "$o" && sh "$s" frozen "$d/set" "$(src_of "$1")" "$d/fz2" Module.symvers) 2>&1) && rc=1
	expect nofrozen "fips140: $d/set/modules/crypto/aes_ti.frozen/manifest is missing: the set does not keep the sources of its boundary module crypto/aes_ti.ko"
	mkdir -p "$d/fz2/crypto/aes_ti"
	out=$( (cd "$o" && sh "$s" judge "$d/set" "$d/fz2" Module.symvers) 2>&1) && rc=1
	expect nokorebuilt "fips140: frozen-compare: $d/fz2/crypto/aes_ti/obj/crypto/aes_ti.ko is missing"

	[ ! -e "$d/report.install" ] || { echo "a failed guard left $d/report.install"; rc=1; }
	rm -rf "$d"
	return $rc
}

# frozen-set.sh on build $1 (a prebuilt build, whose frozen rebuild is
# linked in crypto/fips140/frozen/): written as a module set, with the
# frozen-of record of the certified module, the certified set's frozen
# records one for one, objects and sources by their paths in the tree,
# the set's boundary modules; a frozen rebuild not linked, and a set of
# other sources, named.
frozen_set_script()
{
	local o d s set out rc=0 glue
	o=$(out_of "$1")
	s=$REPO_ROOT/scripts/fips140/frozen-set.sh
	set=$o/fips140-certified
	d=$(mktemp -d)
	glue="crypto/fips140/frozen/fips140.mod.o crypto/fips140/frozen/.module-common.o crypto/fips140/frozen/fips140-aliases.o crypto/fips140/frozen/fips140-initcalls.o crypto/fips140/fips140.lds scripts/module.lds"
	# shellcheck disable=SC2086
	out=$( (cd "$o" && sh "$s" "$set" crypto/fips140/frozen "$d/fs" include/config/auto.conf \
		"$(src_of "$1")" .vmlinux.objs -- $glue) 2>&1) || { echo "$out"; rc=1; }
	frozen_set_check "$d/fs" "$set" "$(src_of "$1")" || rc=1
	cmp "$d/fs/fips140.ko" "$o/crypto/fips140/frozen/fips140.ko" || rc=1
	out=$( (cd "$o" && sh "$s" "$set" "$d/none" "$d/fs2" include/config/auto.conf "$(src_of "$1")" -- $glue) 2>&1) && rc=1
	echo "$out" | grep -q "fips140: frozen set: no $d/none/fips140.ko: the frozen rebuild was not linked" ||
		{ echo "not linked: $out"; rc=1; }
	cp -a "$set" "$d/other"
	sed -i '0,/^frozen [0-9a-f]* /s/^frozen [0-9a-f]\{64\} /frozen 0000000000000000000000000000000000000000000000000000000000000000 /' \
		"$d/other/manifest"
	# shellcheck disable=SC2086
	out=$( (cd "$o" && sh "$s" "$d/other" crypto/fips140/frozen "$d/fs3" include/config/auto.conf \
		"$(src_of "$1")" .vmlinux.objs -- $glue) 2>&1) && rc=1
	echo "$out" | grep -q "fips140: frozen set: the frozen rebuild's sources are not those of $d/other/manifest" &&
		[ ! -e "$d/fs3" ] || { echo "other sources: $out"; rc=1; }
	rm -rf "$d"
	return $rc
}

# frozen_set_check FROZEN_SET CERTIFIED_SET SRCTREE: the frozen set has
# the frozen-of record of the certified module, its frozen records are the
# certified set's, its objects and sources are named by their paths in
# the tree, its frozen sources check, it has the certified set's boundary
# modules
frozen_set_check()
{
	local fs=$1 set=$2 src=$3
	[ "$(sed -n 's/^frozen-of //p' "$fs/manifest")" = "$(sed -n 's/^sha256 //p' "$set/manifest")" ] ||
		{ echo "no frozen-of record of the certified module in $fs/manifest"; return 1; }
	[ "$(grep '^frozen ' "$fs/manifest")" = "$(grep '^frozen ' "$set/manifest")" ] ||
		{ echo "the frozen set's sources are not the certified set's"; return 1; }
	grep -qx "release $(sed -n 's/^vermagic \([^ ]*\) .*/\1/p' "$set/manifest")" "$fs/manifest" ||
		{ echo "no release record of the certified build in $fs/manifest"; return 1; }
	[ "$(grep '^object ' "$fs/manifest")" = "$(grep '^object ' "$set/manifest")" ] ||
		{ echo "the frozen set's objects are not the certified set's:"; grep '^object ' "$fs/manifest" | head -n 3; return 1; }
	! grep -q "^file sys [0-9a-f]* $src/" "$fs/manifest" ||
		{ echo "the frozen set's manifest names the tree's files as the compiler's"; return 1; }
	sh "$REPO_ROOT/scripts/fips140/check-manifest.sh" --frozen "$fs" || return 1
	cmp "$fs/modules.sha256" "$set/modules.sha256"
}

# The kernel surface in the module set of $1 (a build with debug info):
# every object of the module has records, or says it has no debug info;
# what the frozen rebuild found changed from 6.12.107 to 6.12.117 is
# among them: signal_pending() inlined into crypto/algboss.o,
# schedule_work() into crypto/algapi.o, struct proto_ops handled by
# crypto/algif_skcipher.o, struct key by crypto/asymmetric_keys/public_key.o
surface_written()
{
	local s o r
	s=$(out_of "$1")/crypto/fips140/module-set/surface
	[ -s "$s" ] || { echo "no $s"; return 1; }
	r=0
	while read -r o; do
		grep -q "^$o " "$s" || { echo "$o: not in the surface"; r=1; }
	done < "$(out_of "$1")/crypto/fips140/fips140.mod"
	for o in 'crypto/algboss.o inline signal_pending include/linux/sched/signal.h' \
		 'crypto/algapi.o inline schedule_work include/linux/workqueue.h' \
		 'crypto/algif_skcipher.o struct proto_ops include/linux/net.h' \
		 'crypto/asymmetric_keys/public_key.o struct key include/linux/key.h'; do
		grep -qx "$o" "$s" || { echo "not in the surface: $o"; r=1; }
	done
	echo "$(grep -c ' inline ' "$s") inline functions, $(grep -c ' struct \| union ' "$s") structures, $(grep -c ' none$' "$s") object(s) using neither, $(grep -c ' no-debug-info$' "$s") without debug info"
	return $r
}

# The frozen rebuild of the set's boundary modules in build $1
# (scripts/fips140/boundary-modules.sh frozen and judge, when vmlinux is
# linked): the set's aes_ti.ko is its frozen rebuild; the verdict is for
# the build's Module.symvers; vmlinux's table (fips140-boundary.S) has
# one entry per module with accepted imports; the guard of make modules
# passed.
boundary_frozen_verdict()
{
	local o v n t
	o=$(out_of "$1")
	v=$o/crypto/fips140/boundary/verdict
	[ -f "$v" ] || { echo "no $v"; return 1; }
	cat "$v"
	grep -qx 'same crypto/aes_ti.ko' "$v" || return 1
	[ "$(sed -n 's/^symvers //p' "$v")" = "$(sha256sum < "$o/Module.symvers" | cut -c 1-64)" ] ||
		{ echo "the verdict is not for this Module.symvers"; return 1; }
	n=$(awk '$1 == "accept" { print $3 }' "$v" | sort -u | wc -l)
	t=$(awk '/^__fips140_boundary_count:$/ { getline; print $2 }' "$o/crypto/fips140/fips140-boundary.S")
	[ "$n" = "$t" ] || { echo "$n module(s) with accepted imports in the verdict, ${t:-none} in vmlinux's table"; return 1; }
	grep -qx compatible "$o/crypto/fips140/modules.guard" ||
		{ head -n 5 "$o/crypto/fips140/modules.guard"; return 1; }
}

# In a build, a set whose boundary modules do not fit stops make modules,
# naming the problem, and modules_install without a passed guard refuses
# to install.
modules_guard_stops_build()
{
	local o log set rc=0 out
	set=$(certified_out)/crypto/fips140/module-set
	install_set guard-fips140 "$set" || return 1
	o=$(out_of guard-fips140)
	rm "$o/fips140-certified/modules/crypto/aes_ti.ko"
	: > "$o/fips140-certified/modules.sha256"
	$KDEV build guard-fips140 --quiet > /dev/null 2>&1 && { echo "built"; rc=1; }
	log=$o/logs/make.log
	grep -q 'fips140: boundary: crypto/aes_ti.ko is a boundary module of this build' "$log" ||
		{ grep 'fips140:' "$log" | tail -n 5; rc=1; }
	[ ! -e "$o/crypto/fips140/modules.guard.install" ] ||
		{ echo "modules.guard.install written"; rc=1; }
	out=$($KDEV make guard-fips140 modules_install INSTALL_MOD_PATH="$o/modinst-test" 2>&1) &&
		{ echo "modules_install ran"; rc=1; }
	echo "$out" | grep -q 'fips140: crypto/fips140/modules.guard.install is missing: make modules writes it when the prebuilt set.s boundary modules pass the ABI guard' ||
		{ echo "$out" | tail -n 5; rc=1; }
	rm -rf "$o"
	return $rc
}

# A dual kernel carries both modules, each extractable offline: the
# certified one for fips=1, with --nofips this tree's; a kernel with one
# image has no second one, and extract-fips140 says so.
dual_extract()
{
	local d o x rc=0 out
	d=$(mktemp -d)
	o=$(out_of "$1")
	x=$REPO_ROOT/scripts/fips140/extract-fips140
	sh "$x" "$o/vmlinux" "$d/fips" > /dev/null || rc=1
	sh "$x" --nofips "$o/vmlinux" "$d/nofips" > /dev/null || rc=1
	cmp "$d/fips/fips140.ko" "$(certified_out)/crypto/fips140/module-set/fips140.ko" ||
		{ echo "the fips image is not the certified module"; rc=1; }
	cmp "$d/nofips/fips140.ko" "$o/crypto/fips140/fresh/fips140.ko" ||
		{ echo "the nofips image is not this tree's module"; rc=1; }
	[ "$(cat "$d/nofips/fips140.hmac")" = \
	  "$(od -An -v -tx1 "$o/crypto/fips140/fresh/fips140.hmac" | tr -d ' \n')" ] ||
		{ echo "the nofips digest is not this tree's module's"; rc=1; }
	cmp -s "$d/fips/fips140.ko" "$d/nofips/fips140.ko" &&
		{ echo "the two images are the same module"; rc=1; }
	out=$(sh "$x" --nofips "$(out_of "$2")/vmlinux" "$d/none" 2>&1) && rc=1
	echo "$out" | grep -q 'FIPS140-NOFIPS-1 header.* for boots without fips=1: not a CONFIG_CRYPTO_FIPS140_DUAL_VERSION kernel' ||
		{ echo "$2: $out"; rc=1; }
	echo "fips: $(sha256sum < "$d/fips/fips140.ko" | cut -c 1-16)...," \
	     "nofips: $(sha256sum < "$d/nofips/fips140.ko" | cut -c 1-16)..."
	rm -rf "$d"
	return $rc
}

# guard_refuses CONFIG SET PATTERN...: with SET as the prebuilt module,
# the build of CONFIG stops, and its error output has every PATTERN
# (grep -E), each a problem the guard names
guard_refuses()
{
	local config=$1 set=$2 out p rc=0
	shift 2
	install_set "$config" "$set" || return 1
	$KDEV build "$config" --quiet > /dev/null 2>&1 && { echo "built"; return 1; }
	out=$(out_of "$config")/logs/make.log
	for p in "$@"; do
		grep -qE "$p" "$out" || { echo "no /$p/"; rc=1; }
	done
	[ $rc -eq 0 ] || grep 'fips140:' "$out" | head -n 40
	return $rc
}

# A real source change: this tree exports a new function of the crypto
# API that vmlinux calls, and a structure that crosses the boundary has a
# new member; the prebuilt module, built before, lacks both.  The build
# must stop naming the function, the structure and the member, and the
# frozen rebuild the functions of the module whose code reads the
# structure, with the structure as the reason, and no other object.  The
# sources are restored with their timestamps, and the build dir, whose
# objects are of the edited sources, removed.
guard_source_change()
{
	local src set rc=0 out d f
	src=$(src_of minimal-fips140)
	set=$(out_of minimal-fips140)/crypto/fips140/module-set
	d=$(mktemp -d)
	for f in crypto/api.c crypto/fips.c include/crypto/public_key.h; do
		mkdir -p "$d/$(dirname $f)"
		cp -p "$src/$f" "$d/$f"
	done
	cat >> "$src/crypto/api.c" <<-'EOF'

	int fips140_guard_probe(void)
	{
		return 0;
	}
	EXPORT_SYMBOL_GPL(fips140_guard_probe);
	EOF
	cat >> "$src/crypto/fips.c" <<-'EOF'

	int fips140_guard_probe(void);
	int fips140_guard_caller(void);
	int fips140_guard_caller(void)
	{
		return fips140_guard_probe();
	}
	EOF
	sed -i 's/^struct public_key_signature {$/&\n\tu32 fips140_guard_member;/' \
		"$src/include/crypto/public_key.h"
	grep -q fips140_guard_member "$src/include/crypto/public_key.h" || rc=1
	if [ $rc -eq 0 ]; then
		out=$(guard_refuses guard-fips140 "$set" \
			'exports: vmlinux needs fips140_guard_probe from fips140.ko' \
			'versions: public_key_verify_signature has version 0x[0-9a-f]+ in the prebuilt module, 0x[0-9a-f]+ in this tree' \
			'fips140: why: struct public_key_signature changed, behind the version of ' \
			'fips140:       \+ u32 fips140_guard_member' \
			'fips140: frozen: the set.s sources, compiled against this tree, do not give the prebuilt module' \
			'fips140: frozen: code: public_key_verify_signature \(\.text[^)]*\): ([0-9]+ byte\(s\) differ|0x[0-9a-f]+ byte\(s\) in the prebuilt module)' \
			'fips140: frozen: why: crypto/asymmetric_keys/public_key\.o \([^)]*public_key_verify_signature[^)]*\): struct public_key_signature \(include/crypto/public_key\.h\) changed') || rc=1
		echo "$out"
		# symbol by symbol: only the objects that use the structure
		# differ, not every one linked after them
		grep '^fips140: frozen: why: ' "$(out_of guard-fips140)/logs/make.log" |
			grep -v 'include/crypto/public_key\.h' && { echo "an object that does not include public_key.h differs"; rc=1; }
	fi
	for f in crypto/api.c crypto/fips.c include/crypto/public_key.h; do
		cp -p "$d/$f" "$src/$f"
	done
	rm -rf "$d" "$(out_of guard-fips140)"
	return $rc
}

# Reproducible: minimal-fips140 built again from the same sources and
# config, from another path (a hard-linked copy of the tree), into another
# build dir, with another build time, user and host name (kbuild's
# KBUILD_BUILD_TIMESTAMP, _USER, _HOST; the real user is the same),
# makes a byte-identical fips140.ko.  The compiler cache hits, as it maps
# both paths alike: the build is the same as one without it.
reproducible()
{
	local src top a b rc=0
	src=$(src_of minimal-fips140)
	top=$(mktemp -d /tmp/fips140-repro.XXXXXX)
	cp -al "$src" "$top/linux"
	KBUILD_BUILD_TIMESTAMP="$(date -u)" KBUILD_BUILD_USER=someone-else \
	KBUILD_BUILD_HOST=another-host \
		$KDEV build minimal-fips140 --src "$top/linux" \
		--out "$top/build/minimal-fips140" --quiet > "$top/log" 2>&1 ||
		{ tail -n 20 "$top/log"; rm -rf "$top"; return 1; }
	a=$(out_of minimal-fips140)/crypto/fips140/fips140.ko
	b=$top/build/minimal-fips140/crypto/fips140/fips140.ko
	echo "fips140.ko: $(sha256sum < "$a" | cut -c 1-64) in $(dirname "$a")," \
	     "$(sha256sum < "$b" | cut -c 1-64) in $(dirname "$b")"
	cmp "$a" "$b" || rc=1
	# and so is the manifest, but for nothing
	cmp "$(dirname "$a")/module-set/manifest" "$(dirname "$b")/module-set/manifest" || rc=1
	grep -q 'someone-else' "$top/build/minimal-fips140/include/generated/compile.h" ||
		{ echo "the build did not take KBUILD_BUILD_USER"; rc=1; }
	rm -rf "$top"
	return $rc
}

# The build refuses a module set it cannot use, saying why: none where
# CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT_DIR points; a digest that is not
# the HMAC of the module with this build's key (a damaged set, or one of
# a build with another key).
prebuilt_set_errors()
{
	local to log rc=0
	$KDEV config prebuilt-fips140 > /dev/null || return 1
	to=$(out_of prebuilt-fips140)
	log=$to/logs/make.log
	rm -rf "$to/fips140-certified"
	$KDEV build prebuilt-fips140 --quiet > /dev/null 2>&1 && rc=1
	grep -q 'fips140: no prebuilt module set at fips140-certified (CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT_DIR; looked in ' "$log" ||
		{ tail -n 5 "$log"; rc=1; }
	cp -a "$(out_of minimal-fips140)/crypto/fips140/module-set" "$to/fips140-certified"
	head -c 32 /dev/zero > "$to/fips140-certified/fips140.hmac"
	$KDEV build prebuilt-fips140 --quiet > /dev/null 2>&1 && rc=1
	grep -q 'fips140: .*/fips140.hmac is not the HMAC-SHA256 of .*/fips140.ko with CONFIG_CRYPTO_FIPS140_EXTMOD_HMAC_KEY' "$log" ||
		{ grep 'fips140:' "$log" | tail -n 5; rc=1; }
	rm -rf "$to/fips140-certified"
	return $rc
}

# The scripts behind the module set and the guard refuse bad input, each
# naming it: a __versions section that is no table of 64-byte entries,
# objects without debug info for the surface, an object without its .cmd
# file, a directory that is not a module set, a file that is not a
# manifest, a table or verdict line that is not one.
reuse_script_errors()
{
	local d s o out rc=0
	d=$(mktemp -d)
	s=$REPO_ROOT/scripts/fips140
	o=$(out_of minimal-fips140)
	echo 'char v[60] __attribute__((section("__versions"))) = "x";' |
		gcc -c -x c -o "$d/bad.o" -
	out=$(sh "$s/ko-versions.sh" objcopy "$d/bad.o" 2>&1) && rc=1
	echo "$out" | grep -q "fips140: $d/bad.o: __versions is not a table of 64-byte entries" ||
		{ echo "ko-versions: $out"; rc=1; }
	# objects without debug info: surface.sh says so of each, and
	# minimal-fips140's set (no CONFIG_DEBUG_INFO) has no surface
	out=$(cd "$o" && sh "$s/surface.sh" crypto/fips140/fips140.mod 2>&1) || rc=1
	[ "$(echo "$out" | grep -c ' no-debug-info$')" -eq "$(grep -c . "$o/crypto/fips140/fips140.mod")" ] &&
		[ "$(echo "$out" | grep -c .)" -eq "$(grep -c . "$o/crypto/fips140/fips140.mod")" ] ||
		{ echo "surface: $(echo "$out" | head -n 3)"; rc=1; }
	[ ! -e "$o/crypto/fips140/module-set/surface" ] || { echo "a surface without debug info"; rc=1; }
	echo nosuch/thing.o > "$d/objs"
	out=$(cd "$o" && sh "$s/module-set.sh" "$d/set" crypto/fips140 \
		include/config/auto.conf "$(src_of minimal-fips140)" "$d/objs" 2>&1) && rc=1
	echo "$out" | grep -q 'fips140: nosuch/.thing.o.cmd is missing: cannot list the sources of nosuch/thing.o' ||
		{ echo "module-set: $out"; rc=1; }
	[ ! -e "$d/set" ] || { echo "module-set left $d/set"; rc=1; }
	mkdir "$d/notaset"
	out=$(cd "$o" && sh "$s/abi-guard.sh" "$d/notaset" crypto/fips140 vmlinux.o \
		crypto/fips140/.fips140-all.symvers include/config/auto.conf \
		crypto/fips140/fips140-placeholders.S crypto/fips140/fips140.mod .vmlinux.objs "$d/r" 2>&1) && rc=1
	echo "$out" | grep -q "fips140: $d/notaset/fips140.ko is missing: $d/notaset is not a module set" ||
		{ echo "abi-guard: $out"; rc=1; }
	out=$(sh "$s/check-manifest.sh" "$d/nosuch" . . 2>&1) && rc=1
	echo "$out" | grep -q "no such manifest" || { echo "check-manifest: $out"; rc=1; }
	out=$(sh "$s/check-manifest.sh" "$d/objs" . . 2>&1) && rc=1
	echo "$out" | grep -q "is not a fips140 module manifest" || { echo "check-manifest: $out"; rc=1; }
	# frozen sources that are not the manifest's: each file named
	cp -a "$o/crypto/fips140/module-set" "$d/set"
	echo '/* edited */' >> "$d/set/src/crypto/internal.h"
	rm "$d/set/src/lib/oid_registry.c"
	touch "$d/set/src/crypto/extra.c"
	# and kernel headers that are not those it was built with
	echo '/* edited */' >> "$d/set/headers/include/linux/module.h"
	rm "$d/set/headers/include/linux/key.h"
	out=$(sh "$s/check-manifest.sh" --frozen "$d/set" 2>&1) && rc=1
	printf '%s\n' "$out" | grep -qx 'changed: src/crypto/internal.h' &&
		printf '%s\n' "$out" | grep -qx 'missing: src/lib/oid_registry.c' &&
		printf '%s\n' "$out" | grep -qx 'not in the manifest: src/crypto/extra.c' &&
		printf '%s\n' "$out" | grep -qx 'changed: headers/include/linux/module.h' &&
		printf '%s\n' "$out" | grep -qx 'missing: headers/include/linux/key.h' ||
		{ echo "check-manifest --frozen: $out"; rc=1; }
	# which the frozen rebuild refuses before it compiles anything
	out=$(cd "$o" && sh "$s/frozen-rebuild.sh" "$d/set" "$(src_of minimal-fips140)" \
		crypto/fips140 "$d/frozen" 2>&1) && rc=1
	printf '%s\n' "$out" | grep -q "^fips140: frozen rebuild: the frozen sources of $d/set are not those of its manifest" ||
		{ echo "frozen-rebuild: $out"; rc=1; }
	sed -i '/^frozen /d' "$d/set/manifest"
	out=$(sh "$s/check-manifest.sh" --frozen "$d/set" 2>&1) && rc=1
	echo "$out" | grep -q "records no frozen sources" || { echo "check-manifest --frozen: $out"; rc=1; }
	# the table of accepted versions: unsorted, malformed, not for an
	# HMAC-SHA256
	printf 'kmalloc 0x1 0x2\nkfree 0x3 0x4\n' > "$d/acc"
	out=$(sh "$s/gen-accepted.sh" "$d/acc" "$d/set/fips140.hmac" "$d/acc.S" 2>&1) && rc=1
	echo "$out" | grep -q "fips140: $d/acc is not sorted by symbol, as the module loader searches it" ||
		{ echo "gen-accepted: $out"; rc=1; }
	printf 'kfree 0x3\n' > "$d/acc"
	out=$(sh "$s/gen-accepted.sh" "$d/acc" "$d/set/fips140.hmac" "$d/acc.S" 2>&1) && rc=1
	echo "$out" | grep -q "fips140: $d/acc:1: not \"<symbol> <version> <version>\": kfree 0x3" ||
		{ echo "gen-accepted: $out"; rc=1; }
	out=$(sh "$s/gen-accepted.sh" "$d/acc" "$d/acc" "$d/acc.S" 2>&1) && rc=1
	echo "$out" | grep -q "fips140: $d/acc is not an HMAC-SHA256 (32 bytes)" ||
		{ echo "gen-accepted: $out"; rc=1; }
	printf 'same crypto/a.ko\naccept crypto/a.ko a 00 00 s 0x1 0x2\n' > "$d/verdict"
	out=$(sh "$s/gen-accepted.sh" --boundary "$d/verdict" "$d/b.S" 2>&1) && rc=1
	echo "$out" | grep -qF "fips140: $d/verdict:2: not \"accept <path> <name> <sha256> <sha256> <symbol> <version> <version>\": accept crypto/a.ko a 00 00 s 0x1 0x2" ||
		{ echo "gen-accepted --boundary: $out"; rc=1; }
	out=$(sh "$s/frozen-compare.sh" "$d/nosuch.ko" "$o/crypto/fips140/fips140.ko" 2>&1)
	[ $? -eq 2 ] && echo "$out" | grep -q "fips140: frozen-compare: $d/nosuch.ko is missing" ||
		{ echo "frozen-compare: $out"; rc=1; }
	# __COUNTER__'s number is no difference, also in a static local gcc
	# numbered (__UNIQUE_ID_<prefix><counter>.<n>, as DEFINE_STATIC_CALL's
	# addressable entries); its value is
	for n in 314:1 318:1 318:2; do
		echo "int f(void) { static int __UNIQUE_ID_x${n%:*} __attribute__((used)) = ${n#*:}; return 0; }" |
			gcc -O2 -c -x c -o "$d/u$n.o" -
	done
	out=$(sh "$s/frozen-compare.sh" "$d/u314:1.o" "$d/u318:1.o" 2>&1) ||
		{ echo "frozen-compare: a renumbered __UNIQUE_ID_ local: $out"; rc=1; }
	out=$(sh "$s/frozen-compare.sh" "$d/u314:1.o" "$d/u318:2.o" 2>&1) &&
		{ echo "frozen-compare: another value of a __UNIQUE_ID_ local is the same"; rc=1; }
	echo "$out" | grep -q '^code: __UNIQUE_ID_x<n>\.<n> (\.data): ' ||
		{ echo "frozen-compare: $out"; rc=1; }
	rm -rf "$d"
	return $rc
}

# frozen-compare.sh: a module against itself, nothing; against a module of
# another configuration (mix-fips140's: other preemption, other
# algorithms), each difference named by the symbol it lies in
frozen_compare_names()
{
	local a b d out rc=0
	a=$(out_of minimal-fips140)/crypto/fips140/fips140.ko
	b=$(out_of mix-fips140)/crypto/fips140/fips140.ko
	out=$(sh "$REPO_ROOT/scripts/fips140/frozen-compare.sh" "$a" "$a" 2>&1) ||
		{ echo "against itself: $out"; return 1; }
	[ -z "$out" ] || { echo "against itself: $out"; return 1; }
	d=$(mktemp -d)
	# (into a file: thousands of lines, which grep -q stops reading)
	sh "$REPO_ROOT/scripts/fips140/frozen-compare.sh" "$a" "$b" > "$d/out" 2>&1
	[ $? -eq 1 ] || { echo "against mix-fips140's: not refused"; rc=1; }
	grep -qE '^code: [a-z_][a-z0-9_]* \(\.text[^)]*\): [0-9]+ byte\(s\) differ$' "$d/out" &&
		grep -qE '^relocation: [a-z_][a-z0-9_]* \([^)]*\): [0-9]+ relocation\(s\) differ; the first at \+0x[0-9a-f]+: R_X86_64_[A-Z0-9]+ to ' "$d/out" &&
		grep -qx 'modinfo: in the prebuilt module: crypto_null.file=crypto/crypto_null' "$d/out" ||
		{ head -n 20 "$d/out"; rc=1; }
	cut -d: -f1 "$d/out" | sort | uniq -c | tr -s ' \n' ' '
	echo
	rm -rf "$d"
	return $rc
}

# edited_build CONFIG FILE NEW: CONFIG built afresh with minimal-fips140's
# module set in place and the pinned tree's FILE replaced by NEW; FILE is
# restored with its timestamp (the objects of an earlier run are of an
# edited file now restored: the build dir is made afresh each time)
edited_build()
{
	local src d rc=0
	src=$(src_of minimal-fips140)
	d=$(mktemp -d)
	cp -p "$src/$2" "$d/orig"
	cp "$3" "$src/$2"
	rm -rf "$(out_of "$1")"
	install_set "$1" "$(certified_out)/crypto/fips140/module-set" &&
		$KDEV build "$1" --quiet > /dev/null 2>&1 ||
		{ grep 'fips140:\|error' "$(out_of "$1")/logs/make.log" | head -n 20; rc=1; }
	cp -p "$d/orig" "$src/$2"
	rm -rf "$d"
	return $rc
}

# build_check CONFIG FUNC NAME: FUNC, which builds CONFIG, as check NAME
# (a build made by a check: the boots of it follow if it passed)
build_check()
{
	local out rc=0
	out=$($2 2>&1) || rc=$?
	leaf "$rc" "$3" "$out"
	[ $rc -ne 0 ] || BUILT[$1]=1
}

# A header change behind the symbol versions of imports, to a structure
# the module only passes by pointer: a member in struct kmem_cache, the
# slab allocator's own (mm/slab.h, which no code outside mm/ includes),
# as stable updates change it.  The versions of the slab imports change
# (kmalloc()'s among them); the frozen rebuild is the certified module,
# so the guard accepts the pairing with the imports' new versions, and
# lists them; the build writes them into vmlinux for the module loader.
# (A structure most files include, such as struct bus_type, one of whose
# members Debian's 6.12.115 to 6.12.117 moved, changes more versions, at
# the cost of a full rebuild.)  The header is restored with its
# timestamp.
guard_accepts_pointer_only()
{
	local f=mm/slab.h d rc=0 r n
	d=$(mktemp -d)
	awk '{ print } /^struct kmem_cache \{$/ { on = 1 }
	     on && /^\tunsigned int size;/ { print "\tunsigned int fips140_accept_member;"; on = 0 }' \
		"$(src_of minimal-fips140)/$f" > "$d/slab.h"
	grep -q fips140_accept_member "$d/slab.h" && edited_build accept-fips140 "$f" "$d/slab.h" || rc=1
	rm -rf "$d"
	[ $rc -eq 0 ] || return 1
	r=$(out_of accept-fips140)/crypto/fips140/fips140.guard
	head -n 3 "$r" | cut -c 1-200
	grep -qx compatible "$r" || return 1
	n=$(grep -c '^# accepted: ' "$r")
	[ "$n" -gt 0 ] && [ "$n" -eq "$(grep -c . "$r.accepted")" ] ||
		{ echo "$n imports accepted in the report, $(grep -c . "$r.accepted") in the table"; return 1; }
	grep -qE '^# accepted: __kmalloc_cache_noprof \(version 0x[0-9a-f]+ in the prebuilt module, 0x[0-9a-f]+ in this vmlinux\)$' "$r" ||
		{ echo "__kmalloc_cache_noprof is not among the accepted imports"; return 1; }
	grep -q "^# frozen rebuild: the set's sources, compiled against this tree, give the prebuilt module: $n import(s)" "$r"
}

# A member of struct module that only genksyms sees, in the lines after
# its kunit members (the "#endif" and two blank lines become "#elif
# defined(__GENKSYMS__)", the member and "#endif": with CONFIG_KUNIT off
# the compiler's input is the same text, line for line, so every object
# comes from the compiler cache).  The symbol version of every export
# whose type reaches struct module changes, module_layout's among them,
# as a member moved in struct bus_type changed them from Debian's
# 6.12.115 to 6.12.117, and no code does: the frozen rebuilds of
# fips140.ko and of the set's aes_ti.ko are the modules, the imports are
# accepted, aes_ti.ko's for its bytes in vmlinux's table.  The header is
# restored with its timestamp, the build dir made afresh each time.
genksyms_build_run()
{
	local f=include/linux/module.h d rc=0 o v
	d=$(mktemp -d)
	grep -qx '# CONFIG_KUNIT is not set' "$(out_of minimal-fips140)/.config" ||
		{ echo "minimal-fips140 has CONFIG_KUNIT: the edit would not be seen"; return 1; }
	awk '{ l[NR] = $0 } /^\tstruct kunit_suite \*\*kunit_suites;$/ { k = NR }
	     END { for (i = 1; i <= NR; i++) {
			if (k && i == k + 1 && l[i] == "#endif" && l[i + 1] == "" && l[i + 2] == "") {
				print "#elif defined(__GENKSYMS__)"; print "\tint fips140_genksyms_only;"; print "#endif"; i += 2; n++
			} else print l[i]
	     } exit n != 1 }' "$(src_of minimal-fips140)/$f" > "$d/module.h" || rc=1
	[ "$(wc -l < "$d/module.h")" -eq "$(wc -l < "$(src_of minimal-fips140)/$f")" ] || rc=1
	[ $rc -eq 0 ] || echo "struct module does not end its kunit members as expected"
	[ $rc -ne 0 ] || edited_build genksyms-fips140 "$f" "$d/module.h" || rc=1
	rm -rf "$d"
	[ $rc -eq 0 ] || return 1
	o=$(out_of genksyms-fips140)
	guard_verdict genksyms-fips140 || return 1
	grep -c '^# accepted: ' "$o/crypto/fips140/fips140.guard" | sed 's/$/ import(s) of fips140.ko accepted/'
	v=$o/crypto/fips140/boundary/verdict
	grep -q '^accept crypto/aes_ti.ko aes_ti [0-9a-f]\{64\} [0-9a-f]\{64\} module_layout 0x[0-9a-f]* 0x[0-9a-f]*$' "$v" ||
		{ cat "$v"; echo "module_layout of aes_ti.ko is not accepted"; return 1; }
	boundary_frozen_verdict genksyms-fips140 > /dev/null || { boundary_frozen_verdict genksyms-fips140; return 1; }
	grep '^# accepted: crypto/aes_ti.ko imports module_layout ' "$o/crypto/fips140/modules.guard"
}

# The boot of the pairing accepted above logs the accepted imports
accepted_logged()
{
	local n
	n=$(grep -c . "$(out_of accept-fips140)/crypto/fips140/fips140.guard.accepted")
	grep -a "fips140: $n imports of the prebuilt fips140.ko have another symbol version in this kernel, accepted by the build: its frozen rebuild is the module" \
		"$(out_of accept-fips140)/logs/$1.log"
}

# The import dropped from the table (its last entry) is refused by the
# module loader, named
accepted_drop_named()
{
	local s
	s=$(tail -n 1 "$(out_of accept-fips140)/crypto/fips140/fips140.guard.accepted" | cut -d ' ' -f 1)
	grep -a "fips140: disagrees about version of symbol $s" "$(out_of accept-fips140)/logs/accepted-drop.log"
}

# frozen_rebuild_same CERTIFIED PREBUILT: the frozen rebuild
# (scripts/fips140/frozen-rebuild.sh) of CERTIFIED's module set in
# PREBUILT's build (the same sources: no debug info, whose DWARF names
# the frozen sources' paths) is CERTIFIED's fips140.o, byte for byte; an
# object the tree does not build and a
# frozen source that does not compile are errors naming them (with
# minimal-fips140's set and build).
frozen_rebuild_same()
{
	local o d s set out a b rc=0 f sum
	o=$(out_of minimal-fips140)
	s=$REPO_ROOT/scripts/fips140
	set=$o/crypto/fips140/module-set
	d=$(mktemp -d)
	a=$(out_of "$1")/crypto/fips140/fips140.o
	b=$(out_of "$2")/crypto/fips140/frozen/fips140.o
	echo "$1's fips140.o: $(sha256sum < "$a" | cut -c 1-64) built," \
	     "$(sha256sum < "$b" | cut -c 1-64) from the frozen sources in $2 ($(cat "$(out_of "$2")/include/config/kernel.release"))" \
	     "($(grep -c . "$(dirname "$b")/objects") objects)"
	cmp "$a" "$b" || rc=1
	# an object this tree does not build
	cp -a "$set" "$d/set"
	sed -i 's|^object crypto/sha256_generic.o$|object crypto/no_such.o|' "$d/set/manifest"
	out=$(cd "$o" && sh "$s/frozen-rebuild.sh" "$d/set" "$(src_of minimal-fips140)" \
		crypto/fips140 "$d/f2" 2>&1) && rc=1
	echo "$out" | grep -q "^fips140: frozen rebuild: crypto/no_such.o: this tree does not build it (no crypto/.no_such.o.cmd)" ||
		{ echo "no-such object: $out"; rc=1; }
	# a frozen source that does not compile here (its record updated,
	# as if the certified source had it)
	rm -rf "$d/set" && cp -a "$set" "$d/set"
	f=crypto/fips140/fips140-module.c
	echo '#error this frozen source does not compile' >> "$d/set/src/$f"
	sum=$(sha256sum < "$d/set/src/$f" | cut -c 1-64)
	sed -i "s|^frozen [0-9a-f]* $f\$|frozen $sum $f|" "$d/set/manifest"
	out=$(cd "$o" && sh "$s/frozen-rebuild.sh" "$d/set" "$(src_of minimal-fips140)" \
		crypto/fips140 "$d/f3" 2>&1) && rc=1
	echo "$out" | grep -q "$f:[0-9]*:[0-9]*: error: #error this frozen source does not compile" &&
		echo "$out" | grep -q "^fips140: frozen rebuild: the frozen sources do not compile against this tree" ||
		{ echo "no compile: $(echo "$out" | tail -n 5)"; rc=1; }
	rm -rf "$d"
	return $rc
}

# The module of another served base in this kernel: the guard refuses
# it, its first lines naming the reasons the frozen rebuild finds, each
# with the functions and data of the module it changes (Debian's
# 6.12.107 to 6.12.117: struct key grew, struct proto_ops gained a
# member, signal_pending() reads task->jobctl, schedule_work() queues on
# system_percpu_wq), and then the structures behind the symbol versions
guard_other_base()
{
	local rc=0 log first
	guard_refuses guard-fips140 "$(other_out)/crypto/fips140/module-set" \
		'fips140: frozen: the set.s sources, compiled against this tree, do not give the prebuilt module' \
		'fips140: imports: key_put has version 0x[0-9a-f]+ in the prebuilt module, 0x[0-9a-f]+ in this vmlinux' \
		'fips140: why: struct keyring_index_key changed, behind the version of ' || rc=1
	log=$(out_of guard-fips140)/logs/make.log
	# the first 20 lines after the verdict
	first=$(sed -n '/^fips140: incompatible: /,$p' "$log" | head -n 21)
	for p in \
		'^fips140: frozen: why: crypto/asymmetric_keys/[a-z_]+\.o \([^)]*public_key_describe[^)]*\): .*struct key \(include/linux/key\.h\)' \
		'^fips140: frozen: why: crypto/algif_skcipher\.o \([^)]*algif_skcipher_ops[^)]*\): .*struct proto_ops \(include/linux/net\.h\)' \
		'^fips140: frozen: why: crypto/algboss\.o \([^)]*cryptomgr_probe[^)]*\): .*signal_pending\(\) \(include/linux/sched/signal\.h\)' \
		'^fips140: frozen: why: crypto/algapi\.o \([^)]*crypto_destroy_instance[^)]*\): .*schedule_work\(\) \(include/linux/workqueue\.h\)'; do
		printf '%s\n' "$first" | grep -qE "$p" || { echo "not in the first lines: /$p/"; rc=1; }
	done
	printf '%s\n' "$first" | cut -c 1-160
	frozen_set_written "$log" "$(out_of guard-fips140)/crypto/fips140/frozen-set" \
		"$(other_out)/crypto/fips140/module-set" || rc=1
	rm -rf "$(out_of guard-fips140)"
	return $rc
}

# frozen_set_written LOG FROZEN_SET CERTIFIED_SET: the guard that refused
# the certified module wrote its frozen rebuild as a module set, said so;
# its manifest says whose sources it has, and they are those, one for
# one; its frozen sources check; it has the certified set's boundary
# modules.  It is kept in $FROZEN_SET for rebuilt-fips140.
FROZEN_SET=$WORK/check/frozen-set
frozen_set_written()
{
	local log=$1 fs=$2 set=$3
	grep -a "fips140: the frozen rebuild, the certified sources byte for byte built for this kernel, is written as a module set: crypto/fips140/frozen-set/ (its manifest: frozen-of $(sed -n 's/^sha256 //p' "$set/manifest"))" "$log" ||
		{ echo "the build did not say it wrote the frozen set"; return 1; }
	frozen_set_check "$fs" "$set" "$(src_of minimal-fips140)" || return 1
	rm -rf "$FROZEN_SET"
	mkdir -p "$(dirname "$FROZEN_SET")"
	cp -a "$fs" "$FROZEN_SET"
}

# The frozen set, embedded with CONFIG_CRYPTO_FIPS140_EXTMOD_PREBUILT in
# rebuilt-fips140: its own frozen rebuild is the module, compatible; the
# module reports the certified build's version
rebuilt_embedded()
{
	local r
	r=$(out_of rebuilt-fips140)/crypto/fips140/fips140.guard
	guard_verdict rebuilt-fips140 || return 1
	grep -q "^# frozen rebuild: the set's sources, compiled against this tree, give the prebuilt module" "$r" ||
		{ grep '^# frozen' "$r"; return 1; }
	cmp "$(out_of rebuilt-fips140)/crypto/fips140/fips140.ko" "$FROZEN_SET/fips140.ko"
}

# update_reported CONFIG: the guard's report of CONFIG (minimal-fips140's
# module in the update's kernel): the frozen rebuild is the module, no
# symbol version differs, and what the update changed in the boundary's
# own files is listed (Debian's 6.12.118 fixed crypto/testmgr.c)
update_reported()
{
	local r
	r=$(out_of "$1")/crypto/fips140/fips140.guard
	grep '^# frozen rebuild: \|^# in this update' "$r" | cut -c 1-160
	grep -qx "# frozen rebuild: the set's sources, compiled against this tree, give the prebuilt module: 0 import(s) and 0 export(s) have another symbol version here, and no code or data of it depends on what changed them" "$r" &&
		grep -qE '^# in this update, not in the certified module: crypto/testmgr\.c \+[0-9]+ -[0-9]+$' "$r"
}

# reuse_set_in_place: ACCEPT_BASE's module set where reuse-fips140 reads it
reuse_set_in_place()
{
	install_set reuse-fips140 "$(accept_out)/crypto/fips140/module-set"
}

# The module of ACCEPT_BASE in this kernel: imports of other symbol
# versions (struct bus_type and struct device_type changed), the frozen
# rebuild the module: compatible, each import accepted, and what this
# tree changed in the boundary's own files listed
guard_accepts_other_base()
{
	local r n
	r=$(out_of reuse-fips140)/crypto/fips140/fips140.guard
	guard_verdict reuse-fips140 || return 1
	n=$(grep -c '^# accepted: ' "$r")
	grep '^# frozen rebuild: \|^# in this update' "$r"
	[ "$n" -gt 0 ] && [ "$n" -eq "$(grep -c . "$r.accepted")" ] ||
		{ echo "$n imports accepted in the report, $(grep -c . "$r.accepted") in the table"; return 1; }
	grep -qE '^# in this update, not in the certified module: crypto/algif_skcipher.c \+[0-9]+ -[0-9]+$' "$r" ||
		{ echo "crypto/algif_skcipher.c is not listed as changed by the update"; return 1; }
}

# boundary_accepted_logged CONFIG BOOT: the boot says how many boundary
# modules have accepted versions, and modprobe aes_ti took them
boundary_accepted_logged()
{
	local l
	l=$(out_of "$1")/logs/$2.log
	grep -a 'fips140: 1 boundary module(s) of the prebuilt set have imports of another symbol version in this kernel, accepted by the build for their bytes only' "$l" &&
		grep -a 'embedded module fips140: boundary module aes_ti: [0-9]* imports have another symbol version in this kernel, accepted by the build: its frozen rebuild is the module' "$l"
}

# The Security Policy's tables, generated from the module set's manifest,
# the test manager and a fips-mode boot (checks=policy): the module's
# identity, every algorithm served with its implementation, status and
# self-test, the boundary's files with their digests
security_policy()
{
	local o p m rc=0 sum
	o=$(out_of "$1")
	p=$o/fips140-security-policy.rst
	m=$o/crypto/fips140/module-set/manifest
	sh "$REPO_ROOT/scripts/fips140/security-policy.sh" "$m" \
		"$(src_of "$1")/crypto/testmgr.c" "$o/logs/$2.log" "$o" > "$p" || return 1
	grep -q "^sha256          $(sha256sum < "$o/crypto/fips140/fips140.ko" | cut -c 1-64)$" "$p" ||
		{ echo "no sha256 of fips140.ko"; rc=1; }
	grep -qE '^sha256-avx2 +sha256 +shash +arch/x86/crypto/sha256_ssse3_glue\.c +fips140 +approved +sha256: passed, logged$' "$p" ||
		{ echo "no row for sha256-avx2"; rc=1; }
	grep -qE '^drbg_pr_ctr_aes128 +stdrng +rng +crypto/drbg\.c ' "$p" ||
		{ echo "no row for the CTR DRBG"; rc=1; }
	grep -qE '^hmac\(sha256-avx2\) .* hmac over arch/x86/crypto/sha256_ssse3_glue\.c ' "$p" ||
		{ echo "no row for hmac(sha256-avx2)"; rc=1; }
	# the allowed, non-approved services: listed, and so reported
	sed -n '/^Non-approved services allowed in fips mode$/,/^Boundary files$/p' "$p" > "$p.allowed"
	grep -qx -- '- crc32c' "$p.allowed" && grep -qx -- '- jitterentropy_rng' "$p.allowed" &&
		! grep -qx -- '- sha256' "$p.allowed" ||
		{ echo "the non-approved services are not those of the indicator's table:"; cat "$p.allowed"; rc=1; }
	grep -qE '^jitterentropy_rng +jitterentropy_rng +rng +.* fips140 +not-approved ' "$p" ||
		{ echo "no row for jitterentropy_rng, not approved"; rc=1; }
	rm -f "$p.allowed"
	sum=$(sha256sum < "$(src_of "$1")/crypto/sha256_generic.c" | cut -c 1-64)
	grep -q "^src  $sum crypto/sha256_generic.c$" "$p" ||
		{ echo "no boundary file crypto/sha256_generic.c with its sha256"; rc=1; }
	# every algorithm of the module has its row
	[ "$(grep -c '^fips140-policy: [^|]*|[^|]*|fips140|' "$o/logs/$2.log")" = \
	  "$(grep -cE '^[^ ]+ +[^ ]+ +[^ ]+ +.+ fips140 +(approved|not-approved|internal|untested) ' "$p")" ] ||
		{ echo "rows and algorithms differ"; rc=1; }
	echo "$p: $(grep -c ' fips140 ' "$p") algorithms of fips140, $(grep -c '^src ' "$p") files"
	return $rc
}

# guard_on_set D [ARGS]: scripts/fips140/abi-guard.sh on the module set
# D/set in minimal-fips140's build, its report in D/report
guard_on_set()
{
	local d=$1
	shift
	(cd "$(out_of minimal-fips140)" && sh "$REPO_ROOT/scripts/fips140/abi-guard.sh" \
		"$d/set" crypto/fips140 vmlinux.o \
		crypto/fips140/.fips140-all.symvers include/config/auto.conf \
		crypto/fips140/fips140-placeholders.S crypto/fips140/fips140.mod \
		.vmlinux.objs "$d/report" "$@" 2>&1)
}

# first_version KO: "<symbol> <offset>" of the first entry of KO's
# __versions (its 8-byte version, then its name) and of that section
first_version()
{
	local name off
	name=$(sh "$REPO_ROOT/scripts/fips140/ko-versions.sh" objcopy "$1" | awk 'NR == 1 { print $1 }')
	off=$(readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] __versions  *[A-Z]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')
	[ -n "$name" ] && [ -n "$off" ] && echo "$name $off"
}

# The guard refuses what the loader refuses: an import without a symbol
# version (the first entry of the set's __versions renamed, so that its
# symbol has none), which 6.12's check_version() refuses where vmlinux's
# exports have versions; and a module of another loader interface version
# (__fips140_layout's first word changed).  The set as built is
# compatible.
guard_loader_refusals()
{
	local o d out rc=0 off name sym
	o=$(out_of minimal-fips140)
	d=$(mktemp -d)
	cp -r "$o/crypto/fips140/module-set" "$d/set"
	out=$(guard_on_set "$d") || { echo "the set as built is refused:"; echo "$out"; rc=1; }
	set -- $(first_version "$d/set/fips140.ko")
	name=${1:-} off=${2:-}
	[ -n "$off" ] || { echo "no __versions in the set's fips140.ko"; rm -rf "$d"; return 1; }
	# the name follows the 8-byte version
	printf 'X' | dd of="$d/set/fips140.ko" bs=1 seek=$((0x$off + 8)) conv=notrunc status=none
	out=$(guard_on_set "$d") && { echo "an unversioned import of $name passed:"; echo "$out"; rc=1; }
	echo "$out" | grep -E "^fips140: imports: the prebuilt module imports $name without a symbol version, which this vmlinux exports with version 0x[0-9a-f]+: the module loader refuses it$" ||
		{ echo "no refusal of the unversioned $name:"; echo "$out" | head -n 5; rc=1; }
	cp "$o/crypto/fips140/module-set/fips140.ko" "$d/set/fips140.ko"
	# "<value> <section>" of __fips140_layout, and that section's offset
	sym=$(readelf -sW "$d/set/fips140.ko" | awk '$NF == "__fips140_layout" { print $2, $7 }')
	off=$(readelf -SW "$d/set/fips140.ko" |
		sed -n "s/^ *\[ *${sym#* }\] [^ ]*  *[A-Z_]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p")
	[ -n "$off" ] || { echo "no __fips140_layout in the set's fips140.ko"; rm -rf "$d"; return 1; }
	printf '\001' | dd of="$d/set/fips140.ko" bs=1 seek=$((0x$off + 0x${sym% *})) conv=notrunc status=none
	out=$(guard_on_set "$d") && { echo "interface version 1 passed:"; echo "$out"; rc=1; }
	echo "$out" | grep -E "^fips140: interface: the prebuilt module has the loader interface version 1, this kernel's loader [0-9]+ \(FIPS140_LAYOUT_VERSION\): the loader refuses it$" ||
		{ echo "no refusal of interface version 1:"; echo "$out" | head -n 5; rc=1; }
	rm -rf "$d"
	return $rc
}

# The guard's verdicts with a frozen rebuild, on a set whose module has
# the version of its first import changed (its __versions patched: the
# module's code is the same): with a frozen rebuild that is the module,
# the import is accepted with this vmlinux's version and listed; without
# one, it is refused as before; with another compiler than the
# manifest's, the frozen rebuild decides nothing, and that is named.
guard_frozen_verdicts()
{
	local o d out rc=0 off name
	o=$(out_of minimal-fips140)
	d=$(mktemp -d)
	cp -r "$o/crypto/fips140/module-set" "$d/set"
	set -- $(first_version "$d/set/fips140.ko")
	name=${1:-} off=${2:-}
	[ -n "$off" ] || { echo "no __versions in the set's fips140.ko"; rm -rf "$d"; return 1; }
	printf '\136\136\136\136' | dd of="$d/set/fips140.ko" bs=1 seek=$((0x$off)) conv=notrunc status=none
	# this build's module is the frozen rebuild of its own set
	out=$(guard_on_set "$d" frozen=crypto/fips140) || { echo "refused with the frozen rebuild:"; echo "$out" | head -n 5; rc=1; }
	grep -qE "^# accepted: $name \(version 0x5e5e5e5e in the prebuilt module, 0x[0-9a-f]+ in this vmlinux\)$" "$d/report" &&
		grep -qE "^$name 0x5e5e5e5e 0x[0-9a-f]+$" "$d/report.accepted" &&
		[ "$(grep -c . "$d/report.accepted")" -eq 1 ] ||
		{ echo "$name not accepted, listed:"; head -n 5 "$d/report"; rc=1; }
	grep '^# accepted: ' "$d/report"
	out=$(guard_on_set "$d") && { echo "accepted without a frozen rebuild"; rc=1; }
	echo "$out" | grep -qE "^fips140: imports: $name has version 0x5e5e5e5e in the prebuilt module, 0x[0-9a-f]+ in this vmlinux: its type or prototype changed$" ||
		{ echo "no refusal without the frozen rebuild:"; echo "$out" | head -n 5; rc=1; }
	[ ! -e "$d/report.accepted" ] || { echo "a refused pairing left its table"; rc=1; }
	sed -i 's/^tool cc .*/tool cc gcc (Debian 1.0-1) 1.0/' "$d/set/manifest"
	out=$(guard_on_set "$d" frozen=crypto/fips140) && { echo "accepted with another compiler"; rc=1; }
	echo "$out" | grep -q "^fips140: toolchain: cc is \"[^\"]*\" here, \"gcc (Debian 1.0-1) 1.0\" in the build of the prebuilt module: the frozen rebuild cannot tell its sources from the compilers$" &&
		echo "$out" | grep -qE "^fips140: imports: $name has version 0x5e5e5e5e in the prebuilt module" ||
		{ echo "no toolchain refusal:"; echo "$out" | head -n 5; rc=1; }
	rm -rf "$d"
	return $rc
}

# A dual kernel's modules (the set's boundary modules among them) were
# linked against the certified module's exports: this tree's module,
# loaded without fips=1, must have each one they import (scripts/fips140/
# dual-exports.sh, run by make modules).  The build's own pair passes;
# this tree's symvers without one of the symbols a module imports is
# refused, naming the module and the symbol.
dual_export_gap()
{
	local o d s out rc=0 sym
	o=$(out_of dual-fips140)
	s=$REPO_ROOT/scripts/fips140
	d=$(mktemp -d)
	[ -s "$o/crypto/fips140/dual.guard" ] && grep -q '^compatible$' "$o/crypto/fips140/dual.guard" ||
		{ echo "the build wrote no compatible crypto/fips140/dual.guard"; rc=1; }
	# a symbol of both modules that a module imports
	sym=$(cd "$o" && sed 's/\.o$/.ko/' modules.order | xargs nm -u | awk '{ print $NF }' |
		LC_ALL=C sort -u | LC_ALL=C join - <(cut -f2 crypto/fips140/fips140.symvers | LC_ALL=C sort -u) |
		LC_ALL=C join - <(cut -f2 crypto/fips140/fresh/fips140.symvers | LC_ALL=C sort -u) |
		head -n 1)
	[ -n "$sym" ] || { echo "no module imports from fips140.ko"; rm -rf "$d"; return 1; }
	awk -F '\t' -v s="$sym" '$2 != s' "$o/crypto/fips140/fresh/fips140.symvers" > "$d/fresh.symvers"
	out=$(cd "$o" && sh "$s/dual-exports.sh" fips140-certified crypto/fips140/fips140.symvers \
		"$d/fresh.symvers" modules.order "$d/report" 2>&1) &&
		{ echo "an export gap for $sym passed:"; echo "$out"; rc=1; }
	echo "$out" | grep -E "^fips140: exports: [^ ]+\.ko imports $sym from the certified fips140.ko; this tree's module, embedded for boots without fips=1, does not export it$" ||
		{ echo "no refusal naming $sym:"; echo "$out" | head -n 5; rc=1; }
	out=$(sh "$s/dual-exports.sh" "$d" "$d/nosuch" "$d/fresh.symvers" "$d/nosuch" "$d/r" 2>&1) && rc=1
	echo "$out" | grep -q "fips140: $d/nosuch: no such file" || { echo "dual-exports: $out"; rc=1; }
	rm -rf "$d"
	return $rc
}

# ---------------------------------------------------------------------------
# The reuse matrix (check-full): minimal-fips140 built on every served
# base (the versions of patches/6.12/BASE with a checksum), and each
# one's module set embedded in the kernel of each other one, as a
# distribution would reuse it: what the ABI guard decides, and on what.
# (FIPS140_MATRIX_BASES="A B ...": those bases only; the pin, the update
# and OTHER_BASE among them)
MATRIX_BASES=$(echo "${FIPS140_MATRIX_BASES:-$(awk '$1 == "sha256" { print $2 }' "$REPO_ROOT/patches/6.12/BASE")}" |
	tr ' ' '\n' | grep . | sort -V | tr '\n' ' ')
# matrix_pairs: "A B" for each pairing, A an earlier base than B: an
# update is a later version
matrix_pairs()
{
	local a b
	for a in $MATRIX_BASES; do
		for b in $MATRIX_BASES; do
			[ "$(printf '%s\n' "$a" "$b" | sort -V | head -n 1)" = "$a" ] &&
				[ "$a" != "$b" ] && echo "$a $b"
		done
	done
}
MATRIX=$WORK/check/matrix
# the interface layers part of the boundary today that a distribution
# could keep in vmlinux: user space's (the AF_ALG socket family,
# crypto_user's netlink) and the asymmetric-key type (its parsers and
# keyring glue)
MATRIX_LAYERS='^crypto/(af_alg|algif_[a-z]+|crypto_user)\.o$|^crypto/asymmetric_keys/'
matrix_out() { $KDEV --base "$1" paths minimal-fips140 | sed -n 's/^out=//p'; }

# matrix_build V: base V's work tree, and minimal-fips140 built on it
matrix_build()
{
	second_base "$1" || return 1
	$KDEV --base "$1" build minimal-fips140 --quiet
}

# matrix_pair A B: base A's module set in base B's kernel: a copy of B's
# minimal-fips140 build with the prebuilt option (reuse-fips140), A's set
# in its fips140-certified/, built.  The build stops where the guard
# refuses; either way what the verdict rests on is kept in
# $MATRIX/<A>,<B>/ and the build dir removed:
#   verdict   "compatible", or the guard's "incompatible: N problem(s)"
#   frozen    "same", "differs: N symbol(s)", or "does not compile"
#   versions  "<changed> <imports>": the imports of A's module whose
#             symbol version B's vmlinux does not have (the old criterion)
#   why       the guard's reasons: the kernel entities the differing
#             objects use that B changed
#   update    B's changes to the boundary's own files
#   objects   for a frozen rebuild that differs, the objects whose code
#             differs: each object of A's build compared with its frozen
#             rebuild in B (frozen-compare.sh), one by one
#   modules   the boundary modules' guard: "compatible <n>" (n imports
#             accepted by their frozen rebuild), or its problems
#   boots     for a pairing both guards accept, the kernel of B booted
#             with A's module, normally and with fips=1, every check of
#             a fresh build: "ok", or the failed boots (their logs kept
#             as boot.log and fips.log), or "build" when the build that
#             both guards passed failed after them (build.log)
# A pairing the guard never judged (a build that failed before it) fails.
matrix_pair()
{
	local a=$1 b=$2 o d log set imports changed n ao ob fo built
	ao=$(matrix_out "$a")
	set=$ao/crypto/fips140/module-set
	o=$(dirname "$(matrix_out "$b")")/matrix
	d=$MATRIX/$a,$b
	rm -rf "$o" "$d"
	mkdir -p "$d"
	$KDEV --base "$b" config reuse-fips140 --out "$o" > "$d/config.log" 2>&1 ||
		{ tail -n 5 "$d/config.log"; return 1; }
	cp -a "$set" "$o/fips140-certified"
	built=y
	$KDEV --base "$b" build reuse-fips140 --out "$o" --quiet > "$d/build.log" 2>&1 || built=
	log=$o/logs/make.log
	cp "$log" "$d/make.log"
	if [ -f "$o/crypto/fips140/fips140.guard" ]; then
		sed -n '/^[a-z]/{p;q}' "$o/crypto/fips140/fips140.guard" > "$d/verdict"
	else
		sed -n 's/^fips140: \(incompatible: [0-9]* problem(s)\)$/\1/p' "$log" | head -n 1 > "$d/verdict"
	fi
	if [ -f "$o/crypto/fips140/frozen/compare" ]; then
		if [ -s "$o/crypto/fips140/frozen/compare" ]; then
			echo "differs: $(sed -n 's/^[a-z]*: \([^ (]*\) (.*/\1/p' "$o/crypto/fips140/frozen/compare" |
				sort -u | grep -c .) symbol(s)"
		else
			echo same
		fi > "$d/frozen"
		cp "$o/crypto/fips140/frozen/update" "$d/update" 2>/dev/null || : > "$d/update"
	elif grep -q 'fips140: frozen rebuild: the frozen sources do not compile' "$log"; then
		echo "does not compile" > "$d/frozen"
		: > "$d/update"
	fi
	# the objects whose code differs, exactly: the reasons above are
	# hints, this is what moving an object out of the boundary would
	# change
	: > "$d/objects"
	if [ -s "$o/crypto/fips140/frozen/compare" ]; then
		sed -n 's/^object //p' "$set/manifest" | while read -r ob; do
			fo=$o/crypto/fips140/frozen/obj/$ob
			cmp -s "$ao/$ob" "$fo" && continue
			sh "$REPO_ROOT/scripts/fips140/frozen-compare.sh" "$ao/$ob" "$fo" > /dev/null 2>&1
			case $? in
			0) ;;
			1) echo "$ob" ;;
			*) echo "$ob (not compared)" ;;
			esac
		done > "$d/objects"
	fi
	# the old criterion: A's imports against the exports of B's vmlinux
	# (B's minimal-fips140: the same vmlinux exports)
	imports=$(grep -c '^import ' "$set/manifest")
	changed=$(awk -F '\t' 'NR == FNR { split($0, f, " "); if (f[1] == "import") v[f[2]] = f[3]; next }
	     $4 == "vmlinux" || $3 == "vmlinux" { if (($2 in v) && v[$2] != $1) n++ }
	     END { print n + 0 }' "$set/manifest" "$(matrix_out "$b")/Module.symvers")
	echo "$changed $imports" > "$d/versions"
	sed -n 's/^fips140: frozen: why: [^:]*: \(.*\) changed$/\1/p' "$log" |
		sed 's/), /)\n/g' | sed 's/ (.*//' | sort -u > "$d/why"
	# the boundary modules' guard runs (make modules) once fips140.ko's
	# passed
	: > "$d/modules"
	if [ -f "$o/crypto/fips140/modules.guard" ]; then
		echo "compatible $(grep -c '^# accepted: ' "$o/crypto/fips140/modules.guard")" > "$d/modules"
	elif [ -f "$o/crypto/fips140/fips140.guard" ]; then
		grep '^fips140: \(set\|boundary\|vermagic\|imports\|exports\|frozen\|BTF\): ' "$log" > "$d/modules" ||
			echo "fips140: no verdict of the boundary modules' guard" > "$d/modules"
	fi
	: > "$d/boots"
	if grep -qx compatible "$d/verdict" && grep -q '^compatible ' "$d/modules" && [ -z "$built" ]; then
		echo "build" > "$d/boots"
	elif grep -qx compatible "$d/verdict" && grep -q '^compatible ' "$d/modules"; then
		for n in boot fips; do
			bash "$REPO_ROOT/mk/boot.sh" --base "$b" --config reuse-fips140 --out "$o" \
				--name "$n" --quiet $([ $n = fips ] && echo --append fips=1) \
				-- checks=selftests,fips,kat,fips140,prebuilt,modprobe > "$d/$n.ktap" 2>&1 ||
				echo "$n" >> "$d/boots"
			cp "$o/logs/$n.log" "$d/$n.log" 2>/dev/null || :
		done
		[ -s "$d/boots" ] || echo ok > "$d/boots"
	fi
	rm -rf "$o"
	[ -s "$d/verdict" ] || { echo "no verdict of the guard: the build failed before it"; grep -m 5 'error\|fips140:' "$log"; return 1; }
	if grep -q ' (not compared)$' "$d/objects"; then
		echo "$a -> $b: objects frozen-compare.sh could not compare:"
		grep ' (not compared)$' "$d/objects"
		return 1
	fi
	if [ -s "$d/boots" ] && [ "$(cat "$d/boots")" != ok ]; then
		echo "$a -> $b: compatible, but these failed: $(tr '\n' ' ' < "$d/boots")"
		grep -h '^not ok\|not built' "$d"/*.ktap 2>/dev/null | head -n 10
		tail -n 5 "$d/build.log"
		return 1
	fi
	echo "$a -> $b: $(cat "$d/verdict"), frozen rebuild $(cat "$d/frozen" 2>/dev/null || echo -)," \
	     "$(cut -d ' ' -f 1 "$d/versions") of $(cut -d ' ' -f 2 "$d/versions") import versions changed"
}

# reuse_matrix: the table of every pairing (written to $MATRIX/matrix.rst
# for Documentation/crypto/fips140.rst) and the verdicts the suite knows
# the reasons of: the pin's module in the update's kernel compatible, the
# frozen rebuild the module; ACCEPT_BASE's in the pin's kernel too, its
# boundary module's imports accepted by its frozen rebuild; OTHER_BASE's
# refused in the pin's kernel, for struct key and struct proto_ops among
# others.
reuse_matrix()
{
	local a b d rc=0 t
	t=$MATRIX/matrix.rst
	{
		echo "=============  =============  ==================  =================  ============================================"
		echo "certified      update         versions changed    frozen rebuild     verdict; reasons; the update's boundary files"
		echo "=============  =============  ==================  =================  ============================================"
		while read -r a b; do
			d=$MATRIX/$a,$b
			[ -s "$d/verdict" ] || { echo "$a -> $b: not judged" >&2; rc=1; continue; }
			printf '%-13s  %-13s  %-18s  %-17s  %s' "${a%%-*}" "${b%%-*}" \
				"$(cut -d ' ' -f 1 "$d/versions") of $(cut -d ' ' -f 2 "$d/versions")" \
				"$(sed 's/ symbol(s)$//' "$d/frozen" 2>/dev/null || echo -)" "$(cut -d : -f 1 "$d/verdict")"
			if [ -s "$d/why" ]; then
				printf '; %s' "$(tr '\n' ',' < "$d/why" | sed 's/,$//; s/,/, /g')"
			fi
			if [ -s "$d/update" ]; then
				printf '; %s' "$(cut -d ' ' -f 1 "$d/update" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
			fi
			[ "$(cat "$d/boots" 2>/dev/null)" != ok ] ||
				printf '; booted, normally and with fips=1'
			case $(cat "$d/modules") in
			"") ;;
			"compatible 0") ;;
			"compatible "*)
				printf '; boundary modules: %s import version(s) accepted by their frozen rebuild' \
					"$(cut -d ' ' -f 2 "$d/modules")" ;;
			*)
				printf '; boundary modules refused (%s problem(s))' "$(grep -c . "$d/modules")" ;;
			esac
			echo
		done < <(matrix_pairs)
		echo "=============  =============  ==================  =================  ============================================"
	} > "$t"
	# the pairings whose frozen rebuild differs: the objects whose code
	# differs, and whether the code of the objects outside the
	# interface layers of MATRIX_LAYERS is the same: what a boundary
	# without those layers (built into vmlinux, as dm-crypt and IPsec
	# are) would have had to differ by, object by object
	{
		echo
		echo "=============  =============  ==========================  ==============================================="
		echo "certified      update         outside the layers          objects whose code differs"
		echo "=============  =============  ==========================  ==============================================="
		while read -r a b; do
			d=$MATRIX/$a,$b
			[ -s "$d/objects" ] || continue
			printf '%-13s  %-13s  %-26s  %s\n' "${a%%-*}" "${b%%-*}" \
				"$(if grep -qvE "$MATRIX_LAYERS" "$d/objects"; then
					echo "code differs"; else echo "the same code"; fi)" \
				"$(tr '\n' ',' < "$d/objects" | sed 's/,$//; s/,/, /g')"
		done < <(matrix_pairs)
		echo "=============  =============  ==========================  ==============================================="
	} >> "$t"
	cat "$t"
	d=$MATRIX/$PIN,$UPDATE
	grep -qx compatible "$d/verdict" && grep -qx same "$d/frozen" ||
		{ echo "$PIN -> $UPDATE: not compatible by its frozen rebuild"; rc=1; }
	case " $MATRIX_BASES " in
	*" $ACCEPT_BASE "*)
		d=$MATRIX/$ACCEPT_BASE,$PIN
		grep -qx compatible "$d/verdict" && grep -qx same "$d/frozen" &&
			grep -q '^compatible ' "$d/modules" ||
			{ echo "$ACCEPT_BASE -> $PIN: not compatible by the frozen rebuilds"; rc=1; }
		;;
	esac
	d=$MATRIX/$OTHER_BASE,$PIN
	grep -q '^incompatible' "$d/verdict" && grep -q '^differs' "$d/frozen" &&
		grep -qx 'struct key' "$d/why" && grep -qx 'struct proto_ops' "$d/why" ||
		{ echo "$OTHER_BASE -> $PIN: not refused for struct key and struct proto_ops"; rc=1; }
	grep -qx crypto/af_alg.o "$d/objects" && grep -q '^crypto/asymmetric_keys/' "$d/objects" ||
		{ echo "$OTHER_BASE -> $PIN: crypto/af_alg.o and crypto/asymmetric_keys/ not among the objects that differ"; rc=1; }
	return $rc
}
