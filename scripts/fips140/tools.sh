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

# fips140_config_diff CONF: for each config record on stdin
# ("CONFIG_X=value" or "CONFIG_X is not set", as a manifest's "config"
# lines have them), "CONFIG_X is <value here> here, <value recorded>"
# where CONF (include/config/auto.conf) has another value; one pass over
# both, for the hundreds of records of a manifest
fips140_config_diff()
{
	awk 'NR == FNR {
		i = index($0, "=")
		if (i > 1 && $0 !~ /^#/)
			have[substr($0, 1, i - 1)] = substr($0, i + 1)
		next
	}
	{
		if ($0 ~ / is not set$/) {
			opt = $1
			want = ""
		} else {
			i = index($0, "=")
			opt = substr($0, 1, i - 1)
			want = substr($0, i + 1)
		}
		h = opt in have ? have[opt] : ""
		if (h != want)
			printf "%s is %s here, %s\n", opt, h == "" ? "not set" : h, \
			       want == "" ? "not set" : want
	}' "$1" -
}

# fips140_import_check KO EXPORTS: for each symbol the module KO imports,
# "<symbol> <version> <exported>": the version KO was linked against (its
# __versions, "none" for an import without one) and the version EXPORTS
# ("<symbol> <version>" lines, sorted by symbol) gives it, or "missing"
fips140_import_check()
{
	fips140_ic=$(mktemp -d)
	if ! ${CONFIG_SHELL:-sh} "$(dirname "$0")/ko-versions.sh" "${OBJCOPY:-objcopy}" "$1" \
		> "$fips140_ic/versions.raw"; then
		rm -rf "$fips140_ic"
		return 1
	fi
	LC_ALL=C sort -k1,1 "$fips140_ic/versions.raw" > "$fips140_ic/versions"
	"${NM:-nm}" -u "$1" | awk '{ print $NF }' | LC_ALL=C sort -u |
		LC_ALL=C join -v 1 - "$fips140_ic/versions" | sed 's/$/ none/' \
		> "$fips140_ic/unversioned"
	LC_ALL=C sort -k1,1 "$fips140_ic/versions" "$fips140_ic/unversioned" |
		LC_ALL=C join -a 1 -e missing -o 0,1.2,2.2 - "$2"
	rm -rf "$fips140_ic"
}

# The report of a guard (scripts/fips140/abi-guard.sh, boundary-modules.sh
# guard): fips140_report_start FILE, then fips140_problem TEXT for each
# problem (TEXT may span lines) or fips140_problems_from FILE (one problem
# a line), then fips140_verdict OUT with the report's header on stdin.
# OUT gets the header, "compatible" or "incompatible: N problem(s)", and
# the problems; an incompatible report also goes to stderr, each line
# prefixed "fips140: ", OUT is removed and the verdict fails.
fips140_report_start()
{
	fips140_report=$1
	fips140_problems=0
	: > "$fips140_report"
}

fips140_problem()
{
	echo "$*" >> "$fips140_report"
	fips140_problems=$((fips140_problems + 1))
}

fips140_problems_from()
{
	cat "$1" >> "$fips140_report"
	fips140_problems=$((fips140_problems + $(wc -l < "$1")))
}

fips140_verdict()
{
	{
		cat
		if [ "$fips140_problems" -eq 0 ]; then
			echo "compatible"
		else
			echo "incompatible: $fips140_problems problem(s)"
			cat "$fips140_report"
		fi
	} > "$1.tmp"
	mv "$1.tmp" "$1"
	[ "$fips140_problems" -ne 0 ] || return 0
	sed 's/^/fips140: /' "$1" >&2
	rm -f "$1"
	return 1
}
