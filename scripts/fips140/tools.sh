# SPDX-License-Identifier: GPL-2.0
#
# Sourced by scripts/fips140/module-set.sh, which records the tools of a
# build in its manifest, and scripts/fips140/check-manifest.sh, which
# compares them with this machine's: one definition, so that the two read
# the same line.
#
# fips140_tool cc|ld|pahole: the version line of $CC, $LD or $PAHOLE
fips140_tools="cc ld pahole"

fips140_tool()
{
	case $1 in
	cc) ${CC:-cc} --version | head -n 1 ;;
	ld) ${LD:-ld} --version | head -n 1 ;;
	pahole) ${PAHOLE:-pahole} --version 2>/dev/null || echo none ;;
	esac
}
