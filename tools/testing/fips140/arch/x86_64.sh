# SPDX-License-Identifier: GPL-2.0
#
# x86_64, the architecture of test configs without a "# Arch:" line (see
# ../arch.sh for who reads this).

# The kernel build: ARCH=x86_64, CROSS_COMPILE= and the boot image in O=
arch_cross_compile=
arch_boot_image=arch/x86/boot/bzImage
# Debian's name of the architecture (linux-config-6.12's configs)
arch_debian=amd64
# Debian packages the build and the boots need beyond mk/deps.sh's own
arch_packages="qemu-system-x86 kcapi-tools bpftool"
# The guest's static busybox (Debian's busybox-static, of the host), how
# file(1) names its machine, and whether the guest can run the host's
# binaries (libkcapi's tools, guest check "kcapi")
arch_busybox=/bin/busybox
arch_elf=x86-64
arch_host_tools=1
# The guest's verdict reaches QEMU's exit status through isa-debug-exit
# (src/qemu-exit.c); without it the host reads the guest's last line.
arch_debug_exit=1
arch_console=ttyS0

# arch_qemu ACCEL: QEMU's command line, up to -kernel
arch_qemu()
{
	local cpu=max bios=()
	[ "$1" = kvm ] && cpu=host
	[ -r /usr/share/qemu/qboot.rom ] && bios=(-bios /usr/share/qemu/qboot.rom)
	echo qemu-system-x86_64 -accel "$1" -cpu "$cpu" -smp 2 -m 1G \
		-nodefaults -display none -no-reboot "${bios[@]}" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
}

# arch_boot_kernel OUT: what QEMU boots of the build in OUT; a PVH kernel
# boots from vmlinux directly
arch_boot_kernel()
{
	if grep -q '^CONFIG_PVH=y' "$1/.config"; then
		echo "$1/vmlinux"
	else
		echo "$1/$arch_boot_image"
	fi
}
