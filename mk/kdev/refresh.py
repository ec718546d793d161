# SPDX-License-Identifier: GPL-2.0
"""make refresh: the work tree's edits and commits back into the
repository (new files, and git format-patch of each commit)."""

import os
import re
import shutil
import subprocess
import tempfile

from common import Error, REPO, SERIES_DIR, git, log, read_bytes, write_bytes
import chain
import worktree


def tree_commits(tree):
    """(id, subject, paths it touches) of each commit base..HEAD of the
    work tree, oldest first (one git log)."""
    out = git(tree, "-c", "core.quotePath=false", "log", "--reverse",
              "--no-renames", "--format=%x01%H %s", "--name-only",
              "base..HEAD")
    commits = []
    for rec in out.split("\x01")[1:]:
        head, *files = rec.split("\n")
        c, _, subject = head.partition(" ")
        commits.append((c, subject, [f for f in files if f]))
    return commits


def fold_edits(tree, base, commits, todo):
    """Commit the work tree's content of the files in @todo (commit index
    -> paths) into those commits, and into every later one: no later
    commit touches them.  Plumbing only: the work tree is not touched."""
    idx = os.path.join(tree, ".git", "fips140-fold.%d.index" % os.getpid())
    env = dict(os.environ, GIT_INDEX_FILE=idx)
    parent, entries = base, []
    try:
        for i, c in enumerate(commits):
            if i in todo:
                entries += chain.index_entries(tree, tree, todo[i])
            git(tree, "read-tree", c, env=env)
            git(tree, "update-index", "--index-info", env=env,
                input="".join(entries))
            a = git(tree, "log", "-1", "--format=%an <%ae>%x00%aD%x00%B",
                    c).split("\0")
            parent = chain.commit_index(tree, env, parent, a[0], a[1], a[2])
    finally:
        if os.path.exists(idx):
            os.unlink(idx)
    return parent


def write_if_changed(path, data, mode, what):
    if read_bytes(path) == data and (mode is None or
                                     os.stat(path).st_mode & 0o777 == mode):
        return 0
    write_bytes(path, data, mode=mode)
    log("  REFRESH %s" % what)
    return 1


def export_tree(tree):
    """The work tree's commits back into the repository: the new files as
    repository files, each commit that changes upstream files as a patch
    (git format-patch, without its new files) of patches/6.12/series."""
    new = set(f for f in git(tree, "diff", "--name-only", "-z",
                             "--diff-filter=A", "base", "HEAD").split("\0")
              if f)
    # A commit keeps the name of the patch with its subject.
    old = chain.read_series()
    known = {chain.parse_patch_mail(p)[2]: p.name for p in old}
    changed, names = 0, []
    out = tempfile.mkdtemp(prefix="fips140-refresh-")
    try:
        for c, subject, touched in tree_commits(tree):
            if re.match(r"(fixup|squash|amend)! ", subject):
                raise Error("commit %s (%s) is to be squashed first: git "
                            "rebase -i --autosquash base" % (c[:12], subject))
            files = [f for f in touched if f not in new]
            if not files:
                continue		# only new files: new-files has its message
            before = set(os.listdir(out))
            git(tree, "format-patch", "-q", "-1", "--zero-commit",
                "--no-signature", "--no-numbered", "--start-number",
                str(len(names) + 1), "-o", out, c, "--", *files)
            made, = set(os.listdir(out)) - before
            name = known.get(subject, made)
            names.append(name)
            with open(os.path.join(out, made), "rb") as f:
                changed += write_if_changed(os.path.join(SERIES_DIR, name),
                                            f.read(), None,
                                            "patches/6.12/" + name)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    changed += write_if_changed(os.path.join(SERIES_DIR, "series"),
                                "".join(n + "\n" for n in names).encode(),
                                None, "patches/6.12/series")
    for n in (p.name for p in old):
        if n not in names:
            os.unlink(os.path.join(SERIES_DIR, n))
            log("  REMOVE  patches/6.12/%s" % n)
    for f in sorted(new):
        mode = git(tree, "ls-tree", "HEAD", "--", f).split()[0]
        data = subprocess.run(["git", "-C", tree, "show", "HEAD:" + f],
                              capture_output=True, check=True).stdout
        changed += write_if_changed(os.path.join(REPO, f), data,
                                    0o755 if mode == "100755" else 0o644, f)
    for f in chain.overlay_files():
        if f not in new:
            os.unlink(os.path.join(REPO, f))
            log("  REMOVE  %s" % f)
    return changed


def cmd_refresh(args):
    version, tree, base = worktree.open_tree(args)
    synced = worktree.rev(tree, worktree.SYNCED)
    if synced is None:
        raise Error("%s was not made by `make tree` (or by an older one): "
                    "`make tree FORCE=1` makes it again, discarding its "
                    "edits" % tree)
    if chain.chain_commits(tree, base) != synced:
        raise Error("the repository changed since the last `make tree`; "
                    "refreshing now would undo those changes.  Keep the "
                    "work tree's edits aside, take the repository's, then "
                    "refresh:\n  git -C %s stash -u && make tree && "
                    "git -C %s stash pop && make refresh" % (tree, tree))
    commits, subjects, touched = [], [], []
    for c, subject, files in tree_commits(tree):
        commits.append(c)
        subjects.append(subject)
        touched.append(set(files))
    patches = chain.read_series()
    names = [p.name for p in patches]

    def commit_of(subject, what):
        if subject not in subjects:
            raise Error("%s has no commit in the work tree" % what)
        return subjects.index(subject)

    def commit_of_patch(name):
        return commit_of(chain.parse_patch_mail(patches[names.index(name)])[2],
                         name)

    if args.patch and args.patch not in names:
        raise Error("PATCH=%s is not in patches/6.12/series (%s)" %
                    (args.patch, ", ".join(names) or "empty"))
    if args.files and not args.patch:
        raise Error("FILES= needs PATCH=<name>")
    changed, new = worktree.tree_edits(tree)
    candidates = changed + new
    if args.files:
        missing = [f for f in args.files if f not in candidates]
        if missing:
            raise Error("FILES= names files without edits: %s" %
                        " ".join(missing))
        candidates = args.files
    groups = chain.read_new_file_groups(patches)
    todo = {}
    for f in candidates:
        owners = [i for i, t in enumerate(touched) if f in t]
        last = owners[-1] if owners else None
        if args.files or (args.patch and last is None and f not in new):
            i = commit_of_patch(args.patch)
            if last is not None and last > i:
                raise Error("%s is also changed by %s, later in the series: "
                            "refresh that patch" % (f, subjects[last]))
        elif last is not None:
            i = last
        elif f in new:
            g = chain.match_group(groups, f)
            if g is None:
                raise Error("%s is a new file that no stanza of "
                            "patches/6.12/new-files owns: add it to the "
                            "stanza of the patch that first uses it" % f)
            i = commit_of_patch(g["patch"]) if g["how"] == "with" else \
                commit_of(g["subject"], "the 'before' stanza of %s" %
                          g["patch"])
        else:
            raise Error("%s is changed in the work tree but no patch of the "
                        "series touches it; say which patch gets it: "
                        "`make refresh PATCH=<name>` (patches: %s)" %
                        (f, ", ".join(names) or
                         "none yet - add one to patches/6.12/series"))
        todo.setdefault(i, []).append(f)
    if todo:
        git(tree, "reset", "-q", fold_edits(tree, base, commits, todo))
    changed = export_tree(tree)
    # The repository now gives the work tree's commits (same content):
    # take its commit ids, so that `make tree` finds nothing to do.
    tip = chain.chain_commits(tree, base)
    have = git(tree, "rev-list", "--reverse", "--format=%T %s",
               "base..HEAD").split("\n")[1::2]
    want = git(tree, "rev-list", "--reverse", "--format=%T %s",
               "base.." + tip).split("\n")[1::2]
    for i, (h, w) in enumerate(zip(have, want)):
        if h != w:
            raise Error("commit %d of the work tree (%s) is not what the "
                        "repository now gives (%s): does new-files give "
                        "its new files to another commit?" %
                        (i + 1, h[41:], w[41:]))
    if len(have) != len(want):
        raise Error("the work tree has %d commits, the repository now "
                    "gives %d" % (len(have), len(want)))
    git(tree, "reset", "-q", tip)
    git(tree, "update-ref", worktree.SYNCED, tip)
    if not changed:
        log("  REFRESH nothing to do")
