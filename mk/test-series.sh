#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks of the exported series (make series), sourced by mk/check.sh.

# Apply work/series with git am to a worktree of the pristine base at $1;
# print the number of commits.
series_worktree()
{
	local base am=$1 patches
	patches=$(ls "$WORK/series"/0*.patch 2>/dev/null | grep -v 0000-cover-letter)
	[ -n "$patches" ] ||
		{ echo "no exported series in $WORK/series (make series writes it)" >&2; return 1; }
	base=$($KDEV base) || return 1
	rm -rf "$am"
	git -C "$base" worktree prune
	git -C "$base" worktree add -q --detach "$am" HEAD || return 1
	git -C "$am" -c user.name=check -c user.email=check@localhost am -q \
		$patches >&2 ||
		{ git -C "$am" am --abort; return 1; }
	git -C "$am" rev-list --count "$(git -C "$base" rev-parse HEAD)..HEAD"
}

series_worktree_remove()
{
	git -C "$($KDEV base)" worktree remove --force "$1"
}

# make series applies with git am to the pristine base and gives exactly
# the assembled work tree; each new file arrives with the patch that first
# uses it: the one commit that only adds files is the tests' (selftests:).
series_applies()
{
	local out am=$WORK/check/am n tree have want base c adders=()
	out=$($KDEV series 2>&1) || { echo "$out"; return 1; }
	n=$(series_worktree "$am") || return 1
	tree=$($KDEV paths minimal | sed -n 's/^src=//p')
	have=$(git -C "$am" rev-parse 'HEAD^{tree}')
	want=$(cd "$tree" && GIT_INDEX_FILE=$WORK/check/tree.index \
		sh -c 'git read-tree HEAD && git add -A -f . && git write-tree')
	rm -f "$WORK/check/tree.index"
	base=$(git -C "$($KDEV base)" rev-parse HEAD)
	for c in $(git -C "$am" rev-list --reverse "$base..HEAD"); do
		git -C "$am" diff --name-status "$c^" "$c" | grep -qv '^A' ||
			adders+=("$(git -C "$am" log -1 --format=%s "$c")")
	done
	series_worktree_remove "$am"
	[ "$have" = "$want" ] || { echo "git am result $have != work tree $want"; return 1; }
	[ "${#adders[@]}" -eq 1 ] && [[ ${adders[0]} == "selftests: "* ]] ||
		{ echo "commits that only add files: ${adders[*]:-none}"; return 1; }
	echo "$n commits; one only adds files: ${adders[0]}"
}

# Build the series at every step (make check-full): the config with the
# feature once the feature exists, minimal before.  Commits that only add
# files are built once, at the last of them.
series_builds()
{
	local dir=$WORK/check/series-steps am n base c i=0 cfg subj log next
	am=$dir/linux
	n=$(series_worktree "$am") || return 1
	base=$(git -C "$($KDEV base)" rev-parse HEAD)
	for c in $(git -C "$am" rev-list --reverse "$base..HEAD"); do
		i=$((i + 1))
		next=$(git -C "$am" rev-list --reverse "$base..HEAD" | sed -n "$((i + 1))p")
		if [ -n "$next" ] &&
		   ! git -C "$am" diff --name-status "$c^" "$c" | grep -v '^A' > /dev/null &&
		   ! git -C "$am" diff --name-status "$c" "$next" | grep -v '^A' > /dev/null; then
			continue	# only adds files, and so does the next
		fi
		git -C "$am" checkout -q "$c" || return 1
		subj=$(git -C "$am" log -1 --format=%s "$c")
		cfg=minimal
		grep -q 'crypto/fips140/Kconfig' "$am/crypto/Kconfig" && cfg=minimal-fips140
		log=$dir/step-$i.log
		if ! $KDEV build "$cfg" --src "$am" --out "$dir/build-$cfg" --quiet \
				> "$log" 2>&1; then
			echo "step $i/$n ($subj) does not build ($cfg):"
			tail -n 15 "$log"
			series_worktree_remove "$am"
			return 1
		fi
		echo "step $i/$n builds ($cfg): $subj"
	done
	series_worktree_remove "$am"
}
