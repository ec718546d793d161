# SPDX-License-Identifier: GPL-2.0
#
# Helpers sourced by the scripts of scripts/fips140/ that describe a
# module: one definition of each, so that what one script records,
# another reads alike.
#
# fips140_tool cc|ld|pahole: the version line of $CC, $LD or $PAHOLE, as
# scripts/fips140/module-set.sh records the tools of a build in its
# manifest and scripts/fips140/check-manifest.sh compares them with this
# machine's
fips140_tools="cc ld pahole"

fips140_tool()
{
	case $1 in
	cc) ${CC:-cc} --version | head -n 1 ;;
	ld) ${LD:-ld} --version | head -n 1 ;;
	pahole) ${PAHOLE:-pahole} --version 2>/dev/null || echo none ;;
	esac
}

# fips140_modinfo KO FIELD: the first FIELD=value of the module's .modinfo
fips140_modinfo()
{
	fips140_modinfo_tmp=$(mktemp)
	${OBJCOPY:-objcopy} -O binary --only-section=.modinfo "$1" "$fips140_modinfo_tmp"
	tr '\0' '\n' < "$fips140_modinfo_tmp" | sed -n "s/^$2=//p" | head -n 1
	rm -f "$fips140_modinfo_tmp"
}
