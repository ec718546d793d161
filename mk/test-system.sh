# SPDX-License-Identifier: GPL-2.0
# Checks of the Debian system tests' scripts (tools/testing/fips140/system/,
# scripts/fips140/package-set.sh), sourced by mk/check.sh.

# Each script names its bad input and stops: wrong arguments, a package
# or disk that is not there, a disk without a kernel, a build without a
# module set, an unbuilt config, no mmdebstrap, no root.
system_script_errors()
{
	local d s t out rc=0
	d=$(mktemp -d)
	s=$REPO_ROOT/tools/testing/fips140/system
	# expect WANT CMD...: CMD fails, printing WANT (a grep -E pattern)
	expect_err()
	{
		local want=$1
		shift
		out=$("$@" 2>&1) && { echo "succeeded: $*"; rc=1; return; }
		echo "$out" | grep -qE -- "$want" || { echo "$*: $out"; rc=1; }
	}
	expect_err '^usage: mkimage.sh -o DISK.img -k KBUILD_OUTPUT' bash "$s/mkimage.sh" -o "$d/x.img"
	expect_err "^mkimage.sh: no package $d/nosuch.deb$" bash "$s/mkimage.sh" -o "$d/x.img" -k "$d" "$d/nosuch.deb"
	expect_err '^mkimage.sh: unknown option -q$' bash "$s/mkimage.sh" -q
	touch "$d/a.deb"
	chmod 755 "$d"
	expect_err '^mkimage.sh: needs root' setpriv --reuid=65534 --regid=65534 --clear-groups \
		bash "$s/mkimage.sh" -o "$d/x.img" -k "$d" "$d/a.deb"
	expect_err "^run-system.sh: no disk $d/nosuch.img$" bash "$s/run-system.sh" --disk "$d/nosuch.img" --log "$d/l.log"
	expect_err '^usage: run-system.sh --disk' bash "$s/run-system.sh" --log "$d/l.log"
	mkdir "$d/empty"
	mke2fs -q -t ext4 -d "$d/empty" "$d/nokernel.img" 8M > /dev/null
	expect_err "^run-system.sh: $d/nokernel.img has no /boot/vmlinuz-\\*$" \
		bash "$s/run-system.sh" --disk "$d/nokernel.img" --log "$d/l.log"
	expect_err "^check-system.sh: unknown argument 'X=1'" bash "$s/check-system.sh" O=a WORK=b X=1
	mkdir -p "$d/obj/include/config"
	echo 6.12.0 > "$d/obj/include/config/kernel.release"
	touch "$d/obj/.config"
	expect_err "^package-set.sh: no module set in $d/obj/crypto/fips140/module-set" \
		sh "$REPO_ROOT/scripts/fips140/package-set.sh" "$d/obj" "$d/a.deb" "$d"
	expect_err '^usage: package-set.sh OBJTREE IMAGE_DEB OUTDIR$' \
		sh "$REPO_ROOT/scripts/fips140/package-set.sh" "$d/obj"
	# a build's set, a file that is not a package
	mkdir -p "$d/obj/crypto/fips140/module-set"
	echo x > "$d/obj/crypto/fips140/module-set/manifest"
	echo x > "$d/obj/crypto/fips140/module-set/fips140.ko"
	expect_err "^package-set.sh: $d/a.deb is not a Debian package" \
		sh "$REPO_ROOT/scripts/fips140/package-set.sh" "$d/obj" "$d/a.deb" "$d"
	# no mmdebstrap: a copy of mkrootfs.sh (another key, nothing cached)
	sed 's/^# The kernel is not in it/# (a copy)\n&/' "$s/mkrootfs.sh" > "$d/mkrootfs.sh"
	mkdir "$d/bin"
	for t in sha256sum cut cat mkdir dirname; do
		ln -s "$(command -v $t)" "$d/bin/$t"
	done
	expect_err '^mkrootfs.sh: mmdebstrap is not installed' \
		env PATH="$d/bin" FIPS140_CACHE="$d/cache" "$BASH" "$d/mkrootfs.sh"
	[ ! -e "$d/cache/rootfs" ] || [ -z "$(ls "$d/cache/rootfs")" ] || { echo "mkrootfs.sh left $(ls "$d/cache/rootfs")"; rc=1; }
	mkdir "$d/configs"
	cp "$REPO_ROOT"/tools/testing/fips140/configs/*.config "$d/configs/"
	printf '# include: minimal\n' > "$d/configs/no-deb-here.config"
	expect_err "^error: config no-deb-here is not built \(make build CONFIG=no-deb-here\)$" \
		env FIPS140_CONFIG_DIR="$d/configs" $KDEV deb no-deb-here
	rm -rf "$d"
	return $rc
}
