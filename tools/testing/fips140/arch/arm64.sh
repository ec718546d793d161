# SPDX-License-Identifier: GPL-2.0
#
# arm64, cross-built on the x86_64 host ("# Arch: arm64" in a fragment;
# see ../arch.sh for who reads this).

arch_cross_compile=aarch64-linux-gnu-
arch_boot_image=arch/arm64/boot/Image
arch_debian=arm64
# clang: arm64-bti-fips140 (BTI needs clang in 6.12)
arch_packages="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm clang"
# Debian's arm64 busybox-static, which mk/deps.sh unpacks into the cache
arch_busybox=${FIPS140_CACHE:-$HOME/.cache/fips140-kernel}/arm64/busybox
arch_elf=aarch64
# No isa-debug-exit: the guest's verdict comes from its "done" line.
# earlycon: the PL011 console driver registers at device_initcall, and a
# panic before it must still be seen.
arch_console="ttyAMA0 earlycon=pl011,0x9000000"
# No KVM for a foreign architecture
arch_accel=tcg

arch_qemu()
{
	# pauth-impdef: the same pointer authentication, cheaper to
	# emulate than the architected algorithm.
	echo qemu-system-aarch64 -M virt -accel "$1" \
		-cpu max,pauth-impdef=on -smp 2 -m 1G -nodefaults \
		-display none -no-reboot
}

arch_boot_kernel() { echo "$1/$arch_boot_image"; }
