#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# gen-btf.sh BASE
# gen-btf.sh --none
#
# The BTF of the module embedded in vmlinux (CONFIG_CRYPTO_FIPS140_EXTMOD
# with CONFIG_DEBUG_INFO_BTF_MODULES), for scripts/link-vmlinux.sh, run
# in the object tree.  Each embedded image, crypto/fips140/fips140.ko
# (and with CONFIG_CRYPTO_FIPS140_DUAL_VERSION crypto/fips140/fresh/
# fips140.ko), gets its BTF in crypto/fips140/<image>.btf, which
# crypto/fips140/fips140-btf.S puts beside the images in vmlinux's init
# data; the loader hands it to the module loader as the module's .BTF,
# and /sys/kernel/btf/fips140 shows it.
#
# The BTF is generated, as scripts/Makefile.modfinal generates a module's,
# by pahole against BASE, the first link of vmlinux once its own BTF is
# in it (.tmp_vmlinux1): the BTF vmlinux embeds is that one, so the
# module's is split from the very types it will be checked against.  It
# is read from the image's debug info, <image>.ko.debug (scripts/
# Makefile.fips140; the module set's with a prebuilt module), which must
# carry the image's build ID: the BTF describes the exact module that
# is embedded.  The image itself is not touched: the module carries no
# .BTF, and the bytes its integrity test covers are the same with BTF and
# without.  No resolve_btfids: the module has no .BTF_ids to resolve
# (scripts/fips140/check-objects.sh refuses the section).
#
# With --none each <image>.btf is empty: the first link of vmlinux, which
# comes before its BTF.
#
# Then crypto/fips140/fips140-btf.o is made (scripts/Makefile.build).
set -e

fips=crypto/fips140
kos=$fips/fips140.ko
if grep -q '^CONFIG_CRYPTO_FIPS140_DUAL_VERSION=y' include/config/auto.conf; then
	kos="$kos $fips/fresh/fips140.ko"
fi

fail()
{
	echo "fips140: BTF: $*" >&2
	exit 1
}

# build_id FILE: the GNU build ID of an ELF file, or nothing
build_id()
{
	"${READELF:-readelf}" -nW "$1" 2>/dev/null |
		sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p' | head -n 1
}

for ko in $kos; do
	btf=${ko%.ko}.btf
	if [ "$1" = --none ]; then
		: > "$btf"
		continue
	fi
	base=$1
	debug=$ko.debug
	[ -f "$debug" ] ||
		fail "no $debug, the debug info of $ko that its BTF is generated from"
	id=$(build_id "$ko")
	[ -n "$id" ] || fail "$ko has no build ID"
	did=$(build_id "$debug")
	[ "$did" = "$id" ] ||
		fail "$debug is not the debug info of $ko: build ID ${did:-none}, the module's $id"
	tmp=$btf.tmp
	cp "$debug" "$tmp"
	# shellcheck disable=SC2086
	LLVM_OBJCOPY="${OBJCOPY:-objcopy}" ${PAHOLE:-pahole} -J ${PAHOLE_FLAGS} \
		${MODULE_PAHOLE_FLAGS} --btf_base "$base" "$tmp" ||
		fail "pahole failed on $debug"
	# (.BTF is not allocated: -O binary would write nothing)
	"${OBJCOPY:-objcopy}" --dump-section .BTF="$btf" "$tmp" "$tmp.out" ||
		fail "pahole wrote no .BTF section for $ko"
	rm -f "$tmp.out"
	rm -f "$tmp"
	[ -s "$btf" ] || fail "pahole wrote no BTF for $ko"
done

# shellcheck disable=SC2086
${MAKE:-make} -f "${srctree:-.}/scripts/Makefile.build" obj=$fips $fips/fips140-btf.o
