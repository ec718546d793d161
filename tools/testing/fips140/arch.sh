# SPDX-License-Identifier: GPL-2.0
#
# fips140_arch ARCH: read arch/ARCH.sh, everything the test harness and
# mk/ know about one architecture (as kunit.py keeps one
# qemu_configs/<arch>.py each): its arch_* variables and functions.
# Sourced by run-qemu.sh, mkinitramfs.sh, mk/boot.sh and mk/deps.sh;
# mk/kdev/configs.py reads the plain arch_*= assignments.  An architecture is
# added by adding its file.

fips140_arch()
{
	local dir known
	dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/arch
	if [ ! -r "$dir/$1.sh" ]; then
		known=$(cd "$dir" && ls -- *.sh | sed 's/\.sh$//' | tr '\n' ' ')
		echo "unknown arch '$1' (known: ${known% })" >&2
		return 2
	fi
	arch_accel= arch_debug_exit= arch_host_tools=
	# shellcheck disable=SC1090
	. "$dir/$1.sh"
}
