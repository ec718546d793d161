# SPDX-License-Identifier: GPL-2.0
"""make tree: the work tree, a clone of the base with the series checked
out as commits; it never drops edits or commits the repository lacks."""

import fnmatch
import os

from common import Error, JUNK, git, log, run, slug, work_dir
import chain
import fetch


SYNCED = "refs/fips140/synced"	# the commits the repository last gave


def tree_dir(version):
    return os.path.join(work_dir(), slug(version), "linux")


def ensure_tree(lock, version):
    base = fetch.ensure_base(lock, version)
    tree = tree_dir(version)
    if not os.path.exists(os.path.join(tree, ".git")):
        log("  CLONE   %s" % tree)
        os.makedirs(os.path.dirname(tree), exist_ok=True)
        git(os.path.dirname(tree), "clone", "-q", "--shared", base,
            os.path.basename(tree))
    if not rev(tree, "base"):
        git(tree, "tag", "base", git(base, "rev-parse", "HEAD").strip())
    return tree


def rev(repo, name):
    res = run(["git", "-C", repo, "rev-parse", "-q", "--verify",
               name + "^{commit}"], capture=True, check=False)
    return res.stdout.strip() if res.returncode == 0 else None


def tree_edits(tree):
    """Uncommitted edits of the work tree: (changed or deleted tracked
    files, new files)."""
    changed = git(tree, "diff", "--name-only", "-z", "HEAD").split("\0")
    new = git(tree, "ls-files", "-z", "--others").split("\0")
    new = [p for p in new if p and not any(
        fnmatch.fnmatch(os.path.basename(p), j) for j in JUNK)]
    return sorted(p for p in changed if p), sorted(new)


def open_tree(args):
    lock = fetch.read_lock()
    version = fetch.resolve_base(args.base, lock)
    tree = ensure_tree(lock, version)
    return version, tree, rev(tree, "base")


def cmd_tree(args):
    version, tree, base = open_tree(args)
    tip = chain.chain_commits(tree, base)
    head, synced = rev(tree, "HEAD"), rev(tree, SYNCED)
    if not args.force:
        changed, _ = tree_edits(tree)
        if changed:
            raise Error("the work tree %s has edits that are not in the "
                        "repository:\n%s\nRun `make refresh` to keep them, "
                        "or `make tree FORCE=1` to discard them." %
                        (tree, "\n".join("  " + p for p in changed)))
        if head != (synced or base):
            raise Error("the work tree %s has commits that are not in the "
                        "repository (git log %s..HEAD).\nRun `make refresh` "
                        "to keep them, or `make tree FORCE=1` to discard "
                        "them." % (tree, synced or "base"))
    files = git(tree, "diff", "--name-only", "-z", head, tip).split("\0")
    files = [f for f in files if f]
    # Only the files that differ are written: kbuild rebuilds what
    # depends on them, and they are newer than any object built before.
    git(tree, "checkout", "-q", *(["-f"] if args.force else []), "-B",
        "fips140", tip)
    git(tree, "update-ref", SYNCED, tip)
    n = int(git(tree, "rev-list", "--count", "base..HEAD"))
    log("  TREE    %s (%d file%s updated, %d commits on %s)" %
        (tree, len(files), "" if len(files) == 1 else "s", n, version))
    return tree
