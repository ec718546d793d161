#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the developer workflow (make tree / refresh / series) against a
# small fake repository and fake kernel base, so that they run in seconds.
# Sourced by mk/check.sh, which provides run_t() and the results file.

wf_setup()
{
	wf=$(mktemp -d /tmp/fips140-wf.XXXXXX)
	export FIPS140_REPO=$wf/repo FIPS140_CACHE=$wf/cache WORK=$wf/work
	local base=$FIPS140_CACHE/base/6.12.99-1
	mkdir -p "$base/crypto" "$base/include/linux"
	printf 'obj-y += api.o\nobj-y += algapi.o\nobj-y += hash.o\n' \
		> "$base/crypto/Makefile"
	seq 1 40 | sed 's/^/int line/; s/$/;/' > "$base/include/linux/init.h"
	chmod +x "$base/crypto/Makefile"	# a patched file keeps its mode
	(cd "$base" && git init -q && git add -A &&
		git -c user.name=t -c user.email=t@t commit -q -m base) || return 1
	echo "6.12.99-1 fake" > "$base/.git/fips140-base-ok"

	mkdir -p "$FIPS140_REPO/patches/6.12" "$FIPS140_REPO/crypto/fips140"
	cat > "$FIPS140_REPO/patches/6.12/BASE" <<-EOF
	package linux-source-6.12
	pin 6.12.99-1
	EOF
	# New files arrive with the patch that uses them, or in a commit of
	# their own before a patch.
	cat > "$FIPS140_REPO/patches/6.12/new-files" <<-EOF
	[tools/testing/fake/] before 0001-crypto-wire-in-fips140.patch
	From: T Tester <t@example.org>
	Subject: selftests: add a fake test

	A test.

	[crypto/fips140/] with 0001-crypto-wire-in-fips140.patch
	EOF
	echo "Subject: test series" > "$FIPS140_REPO/patches/6.12/cover-letter"
	echo 'obj-y += loader.o' > "$FIPS140_REPO/crypto/fips140/Makefile"
	echo 'int loader;' > "$FIPS140_REPO/crypto/fips140/loader.c"
	mkdir -p "$FIPS140_REPO/tools/testing/fake"
	echo 'exit 0' > "$FIPS140_REPO/tools/testing/fake/run.sh"
	# One patch to an upstream file, in git format-patch form.
	cat > "$FIPS140_REPO/patches/6.12/0001-crypto-wire-in-fips140.patch" <<-'EOF'
	From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
	From: T Tester <t@example.org>
	Date: Sat, 21 Nov 2026 00:00:00 +0000
	Subject: [PATCH] crypto: wire in fips140

	Descend into crypto/fips140/.

	Signed-off-by: T Tester <t@example.org>
	---
	diff --git a/crypto/Makefile b/crypto/Makefile
	--- a/crypto/Makefile
	+++ b/crypto/Makefile
	@@ -1,3 +1,4 @@
	 obj-y += api.o
	 obj-y += algapi.o
	 obj-y += hash.o
	+obj-y += fips140/
	-- 
	2.39.5
	EOF
	echo 0001-crypto-wire-in-fips140.patch > "$FIPS140_REPO/patches/6.12/series"
	(cd "$FIPS140_REPO" && git init -q && git add -A) || return 1
	tree=$WORK/6.12.99-1/linux
}

kdev() { /usr/bin/python3 -B "$REPO_ROOT/mk/kdev" "$@"; }

wf_assembles()
{
	kdev tree >/dev/null || return 1
	[ -f "$tree/crypto/fips140/loader.c" ] || { echo "overlay file missing"; return 1; }
	git -C "$tree" diff --stat base | grep crypto/Makefile > /dev/null ||
		{ echo "git diff base does not show the patched file"; return 1; }
	[ "$(git -C "$tree" log --format=%s base..HEAD | tr '\n' '|')" = \
	  "crypto: wire in fips140|selftests: add a fake test|" ] ||
		{ echo "the tree's commits are not the series':"; git -C "$tree" log --oneline; return 1; }
	[ -z "$(git -C "$tree" status --porcelain)" ] ||
		{ echo "the tree has uncommitted changes:"; git -C "$tree" status --short; return 1; }
	[ -x "$tree/crypto/Makefile" ] ||
		{ echo "the patched file lost its exec bit"; return 1; }
}

wf_incremental()
{
	local before after out
	before=$(stat -c %Y "$tree/crypto/fips140/Makefile")
	sleep 1.1
	echo 'int loader = 1;' > "$FIPS140_REPO/crypto/fips140/loader.c"
	out=$(kdev tree) || return 1
	echo "$out" | grep -q '(1 file updated' || { echo "$out"; return 1; }
	after=$(stat -c %Y "$tree/crypto/fips140/Makefile")
	[ "$before" = "$after" ] || { echo "an unchanged file was rewritten"; return 1; }
	[ "$(stat -c %Y "$tree/crypto/fips140/loader.c")" -ge \
	  "$(stat -c %Y "$FIPS140_REPO/crypto/fips140/loader.c")" ] ||
		{ echo "the copied file is older than the repo's"; return 1; }
	cmp -s "$tree/crypto/fips140/loader.c" "$FIPS140_REPO/crypto/fips140/loader.c" || return 1
	# An object built after the repo edit but before `make tree`, from
	# the old content, must not look up to date: new content is newer.
	echo 'int loader = 2;' > "$FIPS140_REPO/crypto/fips140/loader.c"
	sleep 1.1
	touch "$tree/crypto/fips140/loader.o"
	kdev tree > /dev/null || return 1
	[ "$tree/crypto/fips140/loader.c" -nt "$tree/crypto/fips140/loader.o" ] ||
		{ echo "new content is older than an object built before it was copied"; return 1; }
	rm -f "$tree/crypto/fips140/loader.o"
}

wf_refuses_tree_edits()
{
	local out
	echo 'int edited_in_tree;' >> "$tree/crypto/fips140/loader.c"
	echo 'obj-y += edited.o' >> "$tree/crypto/Makefile"
	if out=$(kdev tree 2>&1); then
		echo "make tree overwrote work-tree edits"
		return 1
	fi
	echo "$out" | grep -q 'crypto/fips140/loader.c' &&
		echo "$out" | grep -q 'crypto/Makefile' &&
		echo "$out" | grep -q 'make refresh' || { echo "$out"; return 1; }
	grep -q edited_in_tree "$tree/crypto/fips140/loader.c" ||
		{ echo "the edit is gone"; return 1; }
}

wf_refresh()
{
	local out
	out=$(kdev refresh) || { echo "$out"; return 1; }
	grep -q edited_in_tree "$FIPS140_REPO/crypto/fips140/loader.c" ||
		{ echo "overlay edit not refreshed into the repo"; return 1; }
	grep -q '^+obj-y += edited.o' \
		"$FIPS140_REPO/patches/6.12/0001-crypto-wire-in-fips140.patch" ||
		{ echo "upstream edit not refreshed into the patch"; return 1; }
	grep -q '^Subject: \[PATCH\] crypto: wire in fips140' \
		"$FIPS140_REPO/patches/6.12/0001-crypto-wire-in-fips140.patch" ||
		{ echo "patch header lost"; return 1; }
	# A new file created in the tree becomes a repository file.
	echo 'int helper;' > "$tree/crypto/fips140/helper.c"
	kdev refresh >/dev/null || return 1
	[ -f "$FIPS140_REPO/crypto/fips140/helper.c" ] ||
		{ echo "new file not refreshed"; return 1; }
	out=$(kdev tree) || { echo "$out"; return 1; }
	echo "$out" | grep -q '(0 files updated' || { echo "$out"; return 1; }
}

# A commit made in the work tree is kept: make tree refuses to drop it,
# make refresh makes it a patch of the series (a fixup! commit is to be
# squashed first); FILES= moves edits to PATCH=, not before a later
# patch changing the file; a commit dropped in the tree leaves the series.
wf_tree_commits()
{
	local out p=$FIPS140_REPO/patches/6.12/0002-crypto-build-more.patch
	gitt() { git -C "$tree" -c user.name=T -c user.email=t@example.org "$@"; }
	echo 'obj-y += more.o' >> "$tree/crypto/Makefile"
	gitt commit -q -am "crypto: build more" || return 1
	if out=$(kdev tree 2>&1); then echo "make tree dropped a commit"; return 1; fi
	echo "$out" | grep -q 'has commits that are not in the repository' || { echo "$out"; return 1; }
	echo 'obj-y += evenmore.o' >> "$tree/crypto/Makefile"
	gitt commit -q -a --fixup=HEAD || return 1
	if out=$(kdev refresh 2>&1); then echo "a fixup! commit was exported"; return 1; fi
	echo "$out" | grep -q 'is to be squashed first' || { echo "$out"; return 1; }
	gitt reset -q --soft HEAD~1 || return 1
	out=$(kdev refresh 2>&1) || { echo "$out"; return 1; }
	[ "$(tail -n 1 "$FIPS140_REPO/patches/6.12/series")" = 0002-crypto-build-more.patch ] ||
		{ echo "no new patch in the series:"; cat "$FIPS140_REPO/patches/6.12/series"; return 1; }
	grep -q '^+obj-y += more.o' "$p" && grep -q '^+obj-y += evenmore.o' "$p" &&
		grep -q '^Subject: \[PATCH\] crypto: build more' "$p" || { cat "$p"; return 1; }
	out=$(kdev tree) || { echo "$out"; return 1; }
	echo "$out" | grep -q '(0 files updated' || { echo "$out"; return 1; }
	# FILES=: the edits of those files go to PATCH=, never before a
	# later patch that changes the file too
	echo 'obj-y += moved.o' >> "$tree/crypto/Makefile"
	echo 'int moved;' >> "$tree/include/linux/init.h"
	expect_err() { if out=$(kdev refresh "$@" 2>&1); then echo "accepted: $*"; return 1; fi
		echo "$out" | grep -qF "$msg" || { echo "$out"; return 1; }; }
	msg='crypto/Makefile is also changed by crypto: build more, later in the series' \
		expect_err --patch 0001-crypto-wire-in-fips140.patch crypto/Makefile || return 1
	msg='FILES= needs PATCH=<name>' expect_err crypto/Makefile || return 1
	msg='FILES= names files without edits: crypto/fips140/Makefile' \
		expect_err --patch 0002-crypto-build-more.patch crypto/fips140/Makefile || return 1
	git -C "$tree" checkout -q crypto/Makefile
	kdev refresh --patch 0002-crypto-build-more.patch include/linux/init.h > /dev/null || return 1
	grep -q '^+int moved;' "$p" || { echo "FILES= did not move the edit:"; cat "$p"; return 1; }
	gitt reset -q --hard HEAD~1 || return 1
	out=$(kdev refresh) || { echo "$out"; return 1; }
	[ ! -e "$p" ] && ! grep -q more "$FIPS140_REPO/patches/6.12/series" ||
		{ echo "the dropped commit is still a patch:"; echo "$out"; return 1; }
}

# make refresh refuses to overwrite repository changes made since the
# last make tree (and says how to take them), a new file no stanza of
# new-files owns, and a tree make tree did not make.
wf_refresh_guards()
{
	local out mk=$FIPS140_REPO/crypto/fips140/Makefile
	echo 'obj-y += repo-edit.o' >> "$mk"
	echo 'int tree_edit;' >> "$tree/crypto/fips140/loader.c"
	if out=$(kdev refresh 2>&1); then echo "refresh overwrote a repository change"; return 1; fi
	echo "$out" | grep -q 'repository changed since the last `make tree`' || { echo "$out"; return 1; }
	git -C "$tree" stash -q -u && kdev tree > /dev/null && git -C "$tree" stash pop -q &&
		kdev refresh > /dev/null || return 1
	grep -q repo-edit.o "$mk" && grep -q tree_edit "$FIPS140_REPO/crypto/fips140/loader.c" ||
		{ echo "an edit was lost"; return 1; }
	sed -i '/repo-edit.o/d' "$tree/crypto/fips140/Makefile"
	sed -i '/tree_edit/d' "$tree/crypto/fips140/loader.c"
	kdev refresh > /dev/null || return 1
	echo 'int n;' > "$tree/include/linux/new.h"
	if out=$(kdev refresh 2>&1); then echo "refresh took an unowned new file"; return 1; fi
	echo "$out" | grep -q 'include/linux/new.h is a new file that no stanza of patches/6.12/new-files owns' ||
		{ echo "$out"; return 1; }
	rm "$tree/include/linux/new.h"
	git -C "$tree" update-ref -d refs/fips140/synced
	if out=$(kdev refresh 2>&1); then echo "refresh of a tree make tree did not make"; return 1; fi
	echo "$out" | grep -q 'was not made by `make tree`' || { echo "$out"; return 1; }
	kdev tree --force > /dev/null
}

# A patch that applies at an offset, or only with fuzz, is noted; make
# refresh rewrites it at its place.
wf_offset()
{
	local out p=$FIPS140_REPO/patches/6.12/0002-init-more.patch s=$FIPS140_REPO/patches/6.12/series
	cat > "$p" <<-'EOF'
	From: T Tester <t@example.org>
	Subject: [PATCH] init: more

	---
	diff --git a/include/linux/init.h b/include/linux/init.h
	--- a/include/linux/init.h
	+++ b/include/linux/init.h
	@@ -10,6 +10,7 @@
	 int line13;
	 int line14;
	 int line15;
	+int more;
	 int line16;
	 int line17;
	 int line18;
	EOF
	echo 0002-init-more.patch >> "$s"
	out=$(kdev tree 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -q 'NOTE: 0002-init-more.patch applies with an offset' || { echo "$out"; return 1; }
	kdev refresh > /dev/null || return 1
	grep -q '^@@ -13,6 +13,7 @@' "$p" || { echo "not rewritten at its place:"; cat "$p"; return 1; }
	out=$(kdev tree 2>&1) || { echo "$out"; return 1; }
	! echo "$out" | grep -q offset || { echo "$out"; return 1; }
	# one line of its context no longer matches: fuzz
	sed -i 's/^ int line13;$/ int line13_was;/' "$p"
	out=$(kdev tree 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -q 'NOTE: 0002-init-more.patch applies only with fuzz' || { echo "$out"; return 1; }
	grep -qx 'int more;' "$tree/include/linux/init.h" || { echo "not applied"; return 1; }
	kdev refresh > /dev/null || return 1
	out=$(kdev tree 2>&1) || { echo "$out"; return 1; }
	! echo "$out" | grep -q fuzz || { echo "$out"; return 1; }
	sed -i '/0002-init-more.patch/d' "$s" && rm "$p"
	kdev tree > /dev/null
}

wf_unassigned_edit()
{
	local out
	echo 'int x;' >> "$tree/include/linux/init.h"
	if out=$(kdev refresh 2>&1); then
		echo "refresh accepted an edit no patch owns"
		return 1
	fi
	echo "$out" | grep -q 'include/linux/init.h.*PATCH=' || { echo "$out"; return 1; }
	kdev refresh --patch 0001-crypto-wire-in-fips140.patch >/dev/null || return 1
	grep -q '^+int x;' \
		"$FIPS140_REPO/patches/6.12/0001-crypto-wire-in-fips140.patch"
}

wf_bad_patch()
{
	local out p=$FIPS140_REPO/patches/6.12/0002-broken.patch
	cat > "$p" <<-'EOF'
	From: T Tester <t@example.org>
	Subject: [PATCH] broken

	---
	diff --git a/crypto/Makefile b/crypto/Makefile
	--- a/crypto/Makefile
	+++ b/crypto/Makefile
	@@ -1,3 +1,3 @@
	 obj-y += nosuch.o
	-obj-y += missing.o
	+obj-y += other.o
	 obj-y += alsomissing.o
	EOF
	echo 0002-broken.patch >> "$FIPS140_REPO/patches/6.12/series"
	out=$(kdev tree 2>&1)
	local rc=$?
	sed -i '/0002-broken.patch/d' "$FIPS140_REPO/patches/6.12/series"
	rm -f "$p"
	[ $rc -ne 0 ] || { echo "a broken patch applied"; return 1; }
	echo "$out" | grep -q 'patch patches/6.12/0002-broken.patch does not apply' &&
		echo "$out" | grep -q 'crypto/Makefile: Hunk #1 FAILED at line 1' ||
		{ echo "$out"; return 1; }
	# the hunk, not git apply's progress and context dump
	[ "$(echo "$out" | wc -l)" -le 3 ] || { echo "$out"; return 1; }
}

wf_series_am()
{
	local out am=$wf/am
	out=$(kdev series --out "$wf/series" 2>&1) || { echo "$out"; return 1; }
	ls "$wf/series"/0000-cover-letter.patch >/dev/null || return 1
	git clone -q "$FIPS140_CACHE/base/6.12.99-1" "$am" || return 1
	git -C "$am" -c user.name=t -c user.email=t@t am -q \
		$(ls "$wf/series"/0*.patch | grep -v 0000-cover) || return 1
	[ "$(git -C "$am" rev-list --count HEAD)" = 3 ] ||
		{ echo "expected base + the test's commit + 1 patch"; return 1; }
	[ "$(git -C "$am" diff --name-status HEAD~2 HEAD~1)" = "A	tools/testing/fake/run.sh" ] ||
		{ echo "the 'before' commit is not the test's files:"; git -C "$am" diff --stat HEAD~2 HEAD~1; return 1; }
	git -C "$am" diff --name-status HEAD~1 HEAD | tr '\t\n' ' ' |
		grep -q 'M crypto/Makefile A crypto/fips140/Makefile .*A crypto/fips140/loader.c ' ||
		{ echo "the patch does not bring its new files:"; git -C "$am" diff --stat HEAD~1 HEAD; return 1; }
	diff -r -x .git "$am" "$tree" || return 1
}

# patches/6.12/new-files: a stanza without 'with' or 'before', one naming
# no patch of the series, a 'with' stanza with a message of its own, text
# before the first stanza, a 'before' stanza without Subject: and a new
# file no stanza owns are errors naming them.
wf_new_files_errors()
{
	local nf=$FIPS140_REPO/patches/6.12/new-files saved rc=0 out
	saved=$(cat "$nf")
	expect()
	{
		out=$(kdev series --out "$wf/series-bad" 2>&1) && { echo "accepted: $1"; rc=1; return; }
		printf '%s\n' "$out" | grep -qF -- "$2" ||
			{ echo "$1: not an error saying '$2':"; echo "$out"; rc=1; }
	}
	printf '[crypto/fips140/ tools/]\n' > "$nf"
	expect "no with/before" "new-files:1: a stanza needs 'with PATCH' or 'before PATCH'"
	printf '[crypto/fips140/ tools/] with 0009-none.patch\n' > "$nf"
	expect "unknown patch" "new-files:1: 0009-none.patch is not a patch of the series; the series has: 0001-crypto-wire-in-fips140.patch"
	printf '[crypto/fips140/ tools/] with 0001-crypto-wire-in-fips140.patch\nSubject: x\n' > "$nf"
	expect "a message in a with stanza" "new-files:1: a 'with' stanza has no message of its own"
	printf 'From: x\n[crypto/fips140/ tools/] with 0001-crypto-wire-in-fips140.patch\n' > "$nf"
	expect "text before a stanza" "new-files:1: text before the first stanza"
	printf '[crypto/fips140/ tools/] before 0001-crypto-wire-in-fips140.patch\nFrom: T <t@t>\n\nno subject\n' > "$nf"
	expect "a 'before' stanza without Subject:" "new-files:1: a 'before' stanza needs From: and Subject:"
	printf '[crypto/fips140/] with 0001-crypto-wire-in-fips140.patch\n' > "$nf"
	expect "an unowned file" "tools/testing/fake/run.sh is not assigned to a commit in patches/6.12/new-files"
	printf '%s\n' "$saved" > "$nf"
	return $rc
}

# The pristine base is copied beside the work tree for its builds: hard
# links where $WORK and the cache share a file system, a plain copy where
# they do not (cp -al fails with EXDEV).  Both must give the base's files.
wf_pristine_copy()
{
	local cfg=$FIPS140_REPO/tools/testing/fips140/configs src w
	mkdir -p "$cfg" && echo 'CONFIG_CRYPTO=y' > "$cfg/wf.config"
	for w in "$wf/work-same" "/dev/shm/fips140-wf.$$"; do
		src=$(WORK=$w kdev paths wf --pristine 2>&1 | sed -n 's/^src=//p')
		[ "$src" = "$w/6.12.99-1/pristine/linux" ] ||
			{ echo "no pristine tree under $w"; rm -rf "/dev/shm/fips140-wf.$$"; return 1; }
		diff -r -x .git "$FIPS140_CACHE/base/6.12.99-1" "$src" ||
			{ rm -rf "/dev/shm/fips140-wf.$$"; return 1; }
	done
	# same file system: hard links; tmpfs: a copy with its own inodes
	[ "$(stat -c %h "$wf/work-same/6.12.99-1/pristine/linux/crypto/Makefile")" -gt 1 ] ||
		{ echo "not hard-linked on one file system"; return 1; }
	[ "$(stat -c %h "/dev/shm/fips140-wf.$$/6.12.99-1/pristine/linux/crypto/Makefile")" = 1 ] ||
		{ echo "the tmpfs copy is not a copy"; return 1; }
	[ -x "/dev/shm/fips140-wf.$$/6.12.99-1/pristine/linux/crypto/Makefile" ] ||
		{ echo "the copy lost the exec bit"; return 1; }
	rm -rf "/dev/shm/fips140-wf.$$"
}

# A build dir of its own (--out, as the reuse matrix builds and boots
# its pairings): `kdev paths` names it, so mk/boot.sh boots that build,
# not the config's default one
wf_paths_out()
{
	local out
	out=$(WORK=$wf/work-same kdev paths wf --out "$wf/elsewhere" 2>&1 | sed -n 's/^out=//p')
	[ "$out" = "$wf/elsewhere" ] || { echo "kdev paths wf --out $wf/elsewhere: out=$out"; return 1; }
	out=$(WORK=$wf/work-same bash "$REPO_ROOT/mk/boot.sh" --config wf --out "$wf/elsewhere" 2>&1) &&
		{ echo "booted an unbuilt build dir"; return 1; }
	echo "$out" | grep -qx 'boot.sh: wf is not built: run make build CONFIG=wf' || { echo "boot.sh: $out"; return 1; }
}

# The workflow checks, one level of subtests (mk/check.sh's nested).  In a
# subshell: the fake repository and cache are exported only there.
run_workflow_tests() { nested "workflow: make tree, refresh and series on a fake base and repository" workflow_tests; }
workflow_tests()
(
	ktap_plan 13
	wf_setup || { leaf 1 "workflow: fake base and repository" "setup failed"; exit 1; }
	run_t "workflow: make tree assembles base + repo files + series" wf_assembles
	run_t "workflow: make tree is incremental; new content is never older than the last build" wf_incremental
	run_t "workflow: make tree refuses to overwrite work-tree edits" wf_refuses_tree_edits
	run_t "workflow: make refresh turns tree edits into repo files and patches" wf_refresh
	run_t "workflow: a commit made in the work tree becomes a patch of the series (fixup! commits squashed first); FILES= moves edits to PATCH=" wf_tree_commits
	run_t "workflow: make refresh keeps repository changes made since make tree, refuses unowned new files and trees make tree did not make" wf_refresh_guards
	run_t "workflow: a patch applying at an offset or with fuzz is noted and refreshed at its place" wf_offset
	run_t "workflow: make refresh asks which patch gets an edit to a new upstream file" wf_unassigned_edit
	run_t "workflow: a patch that does not apply is named with its hunk" wf_bad_patch
	run_t "workflow: make series applies with git am and equals the tree" wf_series_am
	run_t "workflow: new-files: a stanza without with/before or naming no patch, a 'with' stanza's message, stray text, a 'before' stanza without Subject:, an unowned file: errors, named" \
		wf_new_files_errors
	run_t "workflow: the pristine base is hard-linked, or copied across file systems" wf_pristine_copy
	run_t "workflow: kdev paths and boot.sh --out name the build dir given, not the config's" wf_paths_out
	rm -rf "$wf"
	[ "$LFAIL" -eq 0 ]
)
