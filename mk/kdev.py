#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Developer workflow for the fips140 kernel series.

The repository holds the files this feature owns at their kernel paths
(the "overlay") and patches/<series>/ with the changes to upstream files.
This tool fetches the pinned Debian kernel base, turns the repository
into commits on it (git apply), checks them out as the work tree, folds
work-tree edits and commits back into the repository (git format-patch),
exports a git-am series, and builds named test configs out of tree.

Everything is driven from the top-level Makefile; see README.md.
"""

import argparse
import dataclasses
import fnmatch
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# The repository and the test configs can be pointed elsewhere (the test
# suite runs the workflow against a small fake repository and base).
REPO = os.environ.get("FIPS140_REPO") or \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERIES_DIR = os.path.join(REPO, "patches", "6.12")
CONFIG_DIR = os.environ.get("FIPS140_CONFIG_DIR") or \
    os.path.join(REPO, "tools", "testing", "fips140", "configs")

# Repository paths that are not kernel files (never copied into the tree).
NOT_OVERLAY = ("Makefile", "README.md", ".gitignore", ".ci/", "mk/",
               "patches/", "work/")
# Junk never picked up from a work tree by `refresh`.
JUNK = ("*.orig", "*.rej", "*~", ".*.swp", "*.patch")

REPRO_ENV = {
    "KBUILD_BUILD_TIMESTAMP": "Thu Jan  1 00:00:00 UTC 2026",
    "KBUILD_BUILD_USER": "fips140",
    "KBUILD_BUILD_HOST": "fips140-build",
    "KBUILD_BUILD_VERSION": "1",
}


class Error(Exception):
    """A user-facing failure: printed without a traceback."""


def log(msg):
    print(msg, flush=True)


def run(cmd, cwd=None, env=None, check=True, capture=False, input=None):
    """Run a command; raise Error naming it when it fails."""
    res = subprocess.run(cmd, cwd=cwd, env=env, input=input,
                         stdout=subprocess.PIPE if capture else None,
                         stderr=subprocess.PIPE if capture else None,
                         text=True)
    if check and res.returncode != 0:
        detail = ""
        if capture:
            detail = "\n" + (res.stdout or "") + (res.stderr or "")
        raise Error("command failed (exit %d): %s%s" %
                    (res.returncode, " ".join(cmd), detail.rstrip()))
    return res


def git(repo, *args, capture=True, check=True, env=None, input=None):
    res = run(["git", "-C", repo] + list(args), capture=capture,
              check=check, env=env, input=input)
    return res.stdout if capture else res


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def write_bytes(path, data, mode=None):
    """Write @path atomically; keep its permissions unless @mode is given."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if mode is None and os.path.exists(path):
        mode = os.stat(path).st_mode & 0o777
    tmp = path + ".fips140-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, path)


# --------------------------------------------------------------------------
# Paths and the base lock
# --------------------------------------------------------------------------

def cache_dir():
    return os.environ.get("FIPS140_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "fips140-kernel")


def work_dir():
    return os.environ.get("WORK") or os.path.join(REPO, "work")


def slug(version):
    """A version as a path component ('~' upsets some tools)."""
    return version.replace("~", "_")


@dataclasses.dataclass
class BaseLock:
    package: str
    pin: str
    sums: dict


def read_lock(path=None):
    path = path or os.path.join(SERIES_DIR, "BASE")
    package, pin, sums = None, None, {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            if words[0] == "package" and len(words) == 2:
                package = words[1]
            elif words[0] == "pin" and len(words) == 2:
                pin = words[1]
            elif words[0] == "sha256" and len(words) == 3:
                sums[words[1]] = words[2]
            else:
                raise Error("%s:%d: cannot parse %r" % (path, n, line))
    if not package or not pin:
        raise Error("%s: needs 'package' and 'pin' lines" % path)
    return BaseLock(package, pin, sums)


def served_versions(package):
    """Versions of @package that apt can download, newest first."""
    res = run(["apt-cache", "madison", package], capture=True, check=False)
    vers = []
    for line in res.stdout.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 2 and parts[0] == package and parts[1] not in vers:
            vers.append(parts[1])
    if vers:
        cmp = subprocess.run(["sort", "-V", "-r"], input="\n".join(vers),
                             capture_output=True, text=True)
        vers = [v for v in cmp.stdout.split("\n") if v]
    return vers


def resolve_base(requested, lock):
    if not requested:
        return lock.pin
    if requested == "newest":
        vers = served_versions(lock.package)
        if not vers:
            raise Error("apt serves no version of %s (run apt-get update?)" %
                        lock.package)
        return vers[0]
    return requested


# --------------------------------------------------------------------------
# Fetching the base
# --------------------------------------------------------------------------

def deb_path(package, version, arch="all"):
    return os.path.join(cache_dir(), "debs", "%s_%s_%s.deb" %
                        (package, version.replace(":", "%3a"), arch))


def not_served(package, version, served):
    msg = ["%s %s is not served by the configured apt sources." %
           (package, version)]
    if served:
        msg.append("Served versions: " + ", ".join(served))
    else:
        msg.append("No version of %s is served at all." % package)
    msg.append("Pick a base with `make BASE=<version> ...`, or opt into the "
               "newest with `make BASE=newest ...`; to make it the default, "
               "change the 'pin' line in patches/6.12/BASE.")
    return Error("\n".join(msg))


def apt_download(package, version, arch="all"):
    """The cached .deb of @package @version (for @arch, or "all"),
    downloaded with apt-get on first use."""
    path = deb_path(package, version, arch)
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    served = served_versions(package)
    if not served and os.geteuid() == 0:
        # A fresh machine may have stale or no package lists.
        log("  APT     update")
        run(["apt-get", "update", "-q"], capture=True, check=False)
        served = served_versions(package)
    if version not in served:
        raise not_served(package, version, served)
    spec = "%s%s=%s" % (package, "" if arch == "all" else ":" + arch,
                        version)
    log("  DOWNLOAD %s" % spec)
    res = run(["apt-get", "download", "-q", spec],
              cwd=os.path.dirname(path), capture=True, check=False)
    if res.returncode != 0 or not os.path.exists(path):
        raise Error("apt-get download %s failed:\n%s" %
                    (spec, (res.stdout + res.stderr).strip()))
    return path


def ensure_base(lock, version):
    """Return the pristine base repository for @version, creating it."""
    repo = os.path.join(cache_dir(), "base", slug(version))
    done = os.path.join(repo, ".git", "fips140-base-ok")
    if os.path.exists(done):
        return repo
    deb = apt_download(lock.package, version)
    if os.path.exists(repo):
        shutil.rmtree(repo)
    os.makedirs(repo)
    tarball = os.path.join(repo, ".linux-source.tar.xz")
    log("  EXTRACT %s" % os.path.basename(deb))
    with open(tarball, "wb") as out:
        p1 = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                              stdout=subprocess.PIPE)
        p2 = subprocess.run(["tar", "-xO",
                             "./usr/src/%s.tar.xz" % lock.package],
                            stdin=p1.stdout, stdout=out)
        p1.wait()
        if p1.returncode or p2.returncode:
            raise Error("cannot extract the kernel tarball from %s" % deb)
    h = hashlib.sha256()
    with open(tarball, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    digest = h.hexdigest()
    want = lock.sums.get(version)
    if want and want != digest:
        os.unlink(tarball)
        raise Error("checksum mismatch for %s %s:\n  expected %s\n  got      "
                    "%s\n(the package in %s differs from the pinned one)" %
                    (lock.package, version, want, digest, deb))
    if not want:
        log("  NOTE: %s %s is not pinned; its tarball sha256 is %s\n"
            "        add 'sha256 %s %s' to patches/6.12/BASE to pin it" %
            (lock.package, version, digest, version, digest))
    run(["tar", "-xJf", tarball, "-C", repo, "--strip-components=1"])
    os.unlink(tarball)
    log("  GIT     base %s" % version)
    git(repo, "init", "-q")
    git(repo, "add", "-A", "-f", ".")
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    git(repo, "-c", "user.name=fips140 base", "-c",
        "user.email=fips140@localhost", "commit", "-q", "-m",
        "%s %s (pristine base)" % (lock.package, version), env=env)
    with open(done, "w") as f:
        f.write("%s %s\n" % (version, digest))
    return repo


# --------------------------------------------------------------------------
# The series as commits
# --------------------------------------------------------------------------
#
# The repository's files and patches/6.12/ are turned into commits on the
# base in one way only, chain_commits(): the work tree checks them out,
# `make series` formats them as patches, `make refresh` formats the work
# tree's commits back into the repository.

def overlay_files(repo=REPO):
    """Repository files that live at kernel paths, relative paths."""
    out = git(repo, "ls-files", "-z", "--cached", "--others",
              "--exclude-standard")
    files = []
    for path in out.split("\0"):
        if not path or not os.path.isfile(os.path.join(repo, path)):
            continue
        if any(path == p or (p.endswith("/") and path.startswith(p))
               for p in NOT_OVERLAY):
            continue
        files.append(path)
    return sorted(files)


@dataclasses.dataclass
class Patch:
    name: str
    path: str
    header: str


def read_series(series_dir=SERIES_DIR):
    path = os.path.join(series_dir, "series")
    patches = []
    if not os.path.exists(path):
        return patches
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            ppath = os.path.join(series_dir, line)
            if not os.path.exists(ppath):
                raise Error("%s:%d: patch %s does not exist" %
                            (path, n, line))
            with open(ppath) as pf:
                text = pf.read()
            m = re.search(r"^(diff --git |--- )", text, re.M)
            if re.search(r"^(--- /dev/null|new file mode)", text, re.M):
                raise Error("%s creates a file: new files belong in the "
                            "repository at their kernel path, not in the "
                            "series" % line)
            patches.append(Patch(line, ppath, text[:m.start()] if m else text))
    return patches


def parse_patch_mail(patch):
    """Author, date, subject and message of a series patch."""
    head = patch.header
    author = re.search(r"^From: (.+)$", head, re.M)
    date = re.search(r"^Date: (.+)$", head, re.M)
    subj = re.search(r"^Subject: (?:\[PATCH[^\]]*\] )?(.+(?:\n [^\n]+)*)$",
                     head, re.M)
    if not author or not subj:
        raise Error("%s: needs From: and Subject: headers" % patch.name)
    parts = head.split("\n\n", 1)
    body = parts[1] if len(parts) > 1 else ""
    body = re.split(r"^---$", body, flags=re.M)[0].strip("\n")
    subject = re.sub(r"\n\s+", " ", subj.group(1)).strip()
    return (author.group(1).strip(), date.group(1).strip() if date else None,
            subject, body)


def read_new_file_groups(patches):
    """patches/6.12/new-files: which commit introduces each new file.

    "[GLOB...] with PATCH": the files arrive in the commit of PATCH, the
    first that uses them.  "[GLOB...] before PATCH", then From:, Subject:
    and a message: a commit of their own, just before PATCH (files that no
    patch uses, such as the tests)."""
    path = os.path.join(SERIES_DIR, "new-files")
    names = [p.name for p in patches]
    groups = []
    cur = None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"^\[(.+)\]\s*(?:(with|before)\s+(\S+))?\s*$", line)
            if m:
                if not m.group(2):
                    raise Error("%s:%d: a stanza needs 'with PATCH' or "
                                "'before PATCH' after its files" % (path, n))
                if m.group(3) not in names:
                    raise Error("%s:%d: %s is not a patch of the series; "
                                "the series has: %s" %
                                (path, n, m.group(3), ", ".join(names)))
                cur = {"globs": m.group(1).split(), "how": m.group(2),
                       "patch": m.group(3), "text": "", "line": n}
                groups.append(cur)
            elif cur is not None:
                cur["text"] += line
            elif line.strip() and not line.startswith("#"):
                raise Error("%s:%d: text before the first stanza" % (path, n))
    for g in groups:
        mail = g["text"].strip("\n")
        if g["how"] == "with":
            if mail:
                raise Error("%s:%d: a 'with' stanza has no message of its "
                            "own: the patch's message describes its files"
                            % (path, g["line"]))
            continue
        hdr, _, body = mail.partition("\n\n")
        a = re.search(r"^From: (.+)$", hdr, re.M)
        s = re.search(r"^Subject: (.+)$", hdr, re.M)
        if not a or not s:
            raise Error("%s:%d: a 'before' stanza needs From: and Subject:" %
                        (path, g["line"]))
        g["author"], g["subject"], g["body"] = (a.group(1), s.group(1),
                                                body.strip("\n"))
    return groups


def match_group(groups, path):
    for g in groups:
        for glob in g["globs"]:
            if path == glob or (glob.endswith("/") and
                                path.startswith(glob)) or \
               fnmatch.fnmatch(path, glob):
                return g
    return None


def commit_tree(repo, env, tree, parent, author, date, msg):
    m = re.match(r"^(.*?)\s*<(.+)>$", author)
    if not m:
        raise Error("author %r is not 'Name <email>'" % author)
    date = date or "2026-11-21T00:00:00Z"
    cenv = dict(env, GIT_AUTHOR_NAME=m.group(1), GIT_AUTHOR_EMAIL=m.group(2),
                GIT_COMMITTER_NAME=m.group(1),
                GIT_COMMITTER_EMAIL=m.group(2),
                GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return git(repo, "commit-tree", tree, "-p", parent, env=cenv,
               input=msg).strip()


def apply_error(patch, err):
    """git apply's complaint about @patch, with the failing hunk named."""
    text = open(patch.path).read()
    lines = []
    for line in err.splitlines():
        m = re.match(r"error: patch failed: (\S+):(\d+)$", line)
        if not m:
            if not re.match(r"error: \S+: patch does not apply$", line):
                lines.append("  " + line.strip())
            continue
        # number the hunks of that file's section, as patch(1) does
        sec = re.search(r"^diff --git a/%s b/.*?(?=^diff --git |\Z)" %
                        re.escape(m.group(1)), text, re.M | re.S)
        starts = re.findall(r"^@@ -(\d+)", sec.group(0) if sec else "", re.M)
        hunk = starts.index(m.group(2)) + 1 if m.group(2) in starts else "?"
        lines.append("  %s: Hunk #%s FAILED at line %s" %
                     (m.group(1), hunk, m.group(2)))
    return Error("patch %s does not apply:\n%s" %
                 (os.path.relpath(patch.path, REPO), "\n".join(lines)))


def chain_commits(repo, base):
    """Commit the repository on @base in @repo and return the tip: per
    patch of the series, the new files that arrive with it and the patch
    (git apply), one commit with the patch's author, date and message; the
    files of a 'before' stanza in a commit of their own.  The same
    repository gives the same commit ids."""
    patches = read_series()
    groups = read_new_file_groups(patches)
    assigned = {}
    for f in overlay_files():
        g = match_group(groups, f)
        if g is None:
            raise Error("%s is not assigned to a commit in "
                        "patches/6.12/new-files" % f)
        assigned.setdefault(id(g), []).append(f)
    idx = os.path.join(repo, ".git", "fips140-chain.%d.index" % os.getpid())
    env = dict(os.environ, GIT_INDEX_FILE=idx)
    git(repo, "read-tree", base, env=env)

    def add_files(g):
        for f in assigned.get(id(g), []):
            full = os.path.join(REPO, f)
            blob = git(repo, "hash-object", "-w", full).strip()
            mode = "100755" if os.access(full, os.X_OK) else "100644"
            git(repo, "update-index", "--add", "--cacheinfo",
                "%s,%s,%s" % (mode, blob, f), env=env)

    tip = base
    try:
        for p in patches:
            for g in groups:
                if g["patch"] == p.name and g["how"] == "before" and \
                   assigned.get(id(g)):
                    add_files(g)
                    tip = commit_tree(repo, env, git(repo, "write-tree",
                                                     env=env).strip(),
                                      tip, g["author"], None,
                                      "%s\n\n%s\n" % (g["subject"],
                                                      g["body"]))
            for g in groups:
                if g["patch"] == p.name and g["how"] == "with":
                    add_files(g)
            res = run(["git", "-C", repo, "apply", "--cached", "-v", p.path],
                      env=env, capture=True, check=False)
            if res.returncode:
                raise apply_error(p, res.stderr)
            if "offset" in res.stderr:
                log("  NOTE: %s applies with an offset; `make refresh` "
                    "updates it" % p.name)
            author, date, subject, body = parse_patch_mail(p)
            tip = commit_tree(repo, env, git(repo, "write-tree",
                                             env=env).strip(), tip, author,
                              date, subject + "\n\n" + body + "\n")
    finally:
        if os.path.exists(idx):
            os.unlink(idx)
    return tip


# --------------------------------------------------------------------------
# The work tree: a clone of the base with the series checked out as commits
# --------------------------------------------------------------------------

SYNCED = "refs/fips140/synced"	# the commits the repository last gave


def tree_dir(version):
    return os.path.join(work_dir(), slug(version), "linux")


def ensure_tree(lock, version):
    base = ensure_base(lock, version)
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
    lock = read_lock()
    version = resolve_base(args.base, lock)
    tree = ensure_tree(lock, version)
    return version, tree, rev(tree, "base")


def cmd_tree(args):
    version, tree, base = open_tree(args)
    tip = chain_commits(tree, base)
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


# --------------------------------------------------------------------------
# refresh: work tree -> repository
# --------------------------------------------------------------------------

def commit_files(tree, c):
    return [f for f in git(tree, "diff-tree", "--no-commit-id", "-r", "-z",
                           "--name-only", c).split("\0") if f]


def fold_edits(tree, base, commits, todo):
    """Commit the work tree's content of the files in @todo (commit index
    -> paths) into those commits, and into every later one: no later
    commit touches them.  Plumbing only: the work tree is not touched."""
    idx = os.path.join(tree, ".git", "fips140-fold.%d.index" % os.getpid())
    env = dict(os.environ, GIT_INDEX_FILE=idx)
    parent, files = base, []
    try:
        for i, c in enumerate(commits):
            files += todo.get(i, [])
            git(tree, "read-tree", c, env=env)
            for f in files:
                full = os.path.join(tree, f)
                if os.path.lexists(full):
                    blob = git(tree, "hash-object", "-w", full).strip()
                    mode = "100755" if os.access(full, os.X_OK) else "100644"
                    git(tree, "update-index", "--add", "--cacheinfo",
                        "%s,%s,%s" % (mode, blob, f), env=env)
                else:
                    git(tree, "update-index", "--force-remove", f, env=env)
            a = git(tree, "log", "-1", "--format=%an <%ae>%x00%aD%x00%B",
                    c).split("\0")
            parent = commit_tree(tree, env, git(tree, "write-tree",
                                                env=env).strip(),
                                 parent, a[0], a[1], a[2])
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


def export_tree(tree, base):
    """The work tree's commits back into the repository: the new files as
    repository files, each commit that changes upstream files as a patch
    (git format-patch, without its new files) of patches/6.12/series."""
    new = set(f for f in git(tree, "diff", "--name-only", "-z",
                             "--diff-filter=A", "base", "HEAD").split("\0")
              if f)
    # A commit keeps the name of the patch with its subject.
    known = {parse_patch_mail(p)[2]: p.name for p in read_series()}
    changed, names = 0, []
    out = tempfile.mkdtemp(prefix="fips140-refresh-")
    try:
        for c in git(tree, "rev-list", "--reverse",
                     "base..HEAD").split():
            subject = git(tree, "log", "-1", "--format=%s", c).strip()
            if re.match(r"(fixup|squash|amend)! ", subject):
                raise Error("commit %s (%s) is to be squashed first: git "
                            "rebase -i --autosquash base" % (c[:12], subject))
            files = [f for f in commit_files(tree, c) if f not in new]
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
    old = [p.name for p in read_series()]
    changed += write_if_changed(os.path.join(SERIES_DIR, "series"),
                                "".join(n + "\n" for n in names).encode(),
                                None, "patches/6.12/series")
    for n in old:
        if n not in names:
            os.unlink(os.path.join(SERIES_DIR, n))
            log("  REMOVE  patches/6.12/%s" % n)
    for f in sorted(new):
        mode = git(tree, "ls-tree", "HEAD", "--", f).split()[0]
        data = subprocess.run(["git", "-C", tree, "show", "HEAD:" + f],
                              capture_output=True, check=True).stdout
        changed += write_if_changed(os.path.join(REPO, f), data,
                                    0o755 if mode == "100755" else 0o644, f)
    for f in overlay_files():
        if f not in new:
            os.unlink(os.path.join(REPO, f))
            log("  REMOVE  %s" % f)
    return changed


def cmd_refresh(args):
    version, tree, base = open_tree(args)
    synced = rev(tree, SYNCED)
    if synced is None:
        raise Error("%s was not made by `make tree` (or by an older one): "
                    "`make tree FORCE=1` makes it again, discarding its "
                    "edits" % tree)
    if chain_commits(tree, base) != synced:
        raise Error("the repository changed since the last `make tree`; "
                    "refreshing now would undo those changes.  Keep the "
                    "work tree's edits aside, take the repository's, then "
                    "refresh:\n  git -C %s stash -u && make tree && "
                    "git -C %s stash pop && make refresh" % (tree, tree))
    commits = git(tree, "rev-list", "--reverse", "base..HEAD").split()
    touched = [set(commit_files(tree, c)) for c in commits]
    subjects = [git(tree, "log", "-1", "--format=%s", c).strip()
                for c in commits]
    patches = read_series()
    names = [p.name for p in patches]

    def commit_of(subject, what):
        if subject not in subjects:
            raise Error("%s has no commit in the work tree" % what)
        return subjects.index(subject)

    def commit_of_patch(name):
        return commit_of(parse_patch_mail(patches[names.index(name)])[2],
                         name)

    if args.patch and args.patch not in names:
        raise Error("PATCH=%s is not in patches/6.12/series (%s)" %
                    (args.patch, ", ".join(names) or "empty"))
    if args.files and not args.patch:
        raise Error("FILES= needs PATCH=<name>")
    changed, new = tree_edits(tree)
    candidates = changed + new
    if args.files:
        missing = [f for f in args.files if f not in candidates]
        if missing:
            raise Error("FILES= names files without edits: %s" %
                        " ".join(missing))
        candidates = args.files
    groups = read_new_file_groups(patches)
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
            g = match_group(groups, f)
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
    changed = export_tree(tree, base)
    # The repository now gives the work tree's commits (same content):
    # take its commit ids, so that `make tree` finds nothing to do.
    tip = chain_commits(tree, base)
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
    git(tree, "update-ref", SYNCED, tip)
    if not changed:
        log("  REFRESH nothing to do")


# --------------------------------------------------------------------------
# series: export a git-am series
# --------------------------------------------------------------------------

def cmd_series(args):
    lock = read_lock()
    version = resolve_base(args.base, lock)
    repo = ensure_base(lock, version)
    base = git(repo, "rev-parse", "HEAD").strip()
    tip = chain_commits(repo, base)
    out = args.out or os.path.join(work_dir(), "series")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    git(repo, "format-patch", "-q", "--cover-letter", "--no-signature",
        "--zero-commit", "--base", base, "-o", out, "%s..%s" % (base, tip))
    # Fill in the cover letter.
    names = sorted(os.listdir(out))
    cl = os.path.join(out, names[0])
    with open(os.path.join(SERIES_DIR, "cover-letter")) as f:
        csubj, _, cbody = f.read().strip("\n").partition("\n\n")
    csubj = re.sub(r"^Subject:\s*", "", csubj)
    with open(cl) as f:
        t = f.read()
    t = t.replace("*** SUBJECT HERE ***", csubj)
    t = t.replace("*** BLURB HERE ***", cbody.strip("\n"))
    with open(cl, "w") as f:
        f.write(t)
    with open(os.path.join(out, "TIP"), "w") as f:
        f.write("%s %s %s\n" % (version, base, tip))
    log("  SERIES %s (%d patches on %s %s)" %
        (out, len(names) - 1, lock.package, version))


# --------------------------------------------------------------------------
# Test configs
# --------------------------------------------------------------------------

def known_configs():
    return sorted(f[:-len(".config")] for f in os.listdir(CONFIG_DIR)
                  if f.endswith(".config"))


# random-<seed>: a random crypto configuration over RANDOM_BASE (see
# random_config()); its fragments are those of RANDOM_BASE.
RANDOM_BASE = "minimal-fips140"


def random_seed(name):
    m = re.match(r"^random-(\d+)$", name)
    return int(m.group(1)) if m else None


def config_fragments(name, seen=None):
    """Fragment files making up config @name, in merge order."""
    if random_seed(name) is not None:
        return config_fragments(RANDOM_BASE, seen)
    seen = seen or []
    path = os.path.join(CONFIG_DIR, name + ".config")
    if not os.path.exists(path):
        raise Error("unknown config %r; known configs: %s" %
                    (name, ", ".join(known_configs())))
    if name in seen:
        raise Error("config include loop: %s" % " -> ".join(seen + [name]))
    frags = []
    with open(path) as f:
        for line in f:
            m = re.match(r"^#\s*include:\s*(\S+)", line)
            if m:
                inc = m.group(1)
                if inc.startswith("kernel/"):
                    frags.append(("tree", inc))
                else:
                    frags += config_fragments(inc, seen + [name])
    frags.append(("repo", path))
    return frags


# Kernel ARCH of a test config ("# Arch: name" in one of its fragments),
# x86_64 without one.  Each architecture is one file of
# tools/testing/fips140/arch/ (see arch.sh there), this checkout's also
# for another FIPS140_REPO; of it this reads the plain arch_NAME=VALUE
# assignments.
ARCH_DIR = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "tools", "testing", "fips140", "arch")
DEFAULT_ARCH = "x86_64"


def known_arches():
    return sorted(f[:-3] for f in os.listdir(ARCH_DIR) if f.endswith(".sh"))


def arch_var(arch, key):
    """arch_@key of tools/testing/fips140/arch/@arch.sh ("" if unset)."""
    with open(os.path.join(ARCH_DIR, arch + ".sh")) as f:
        for line in f:
            m = re.match(r"^arch_%s=(.*)$" % key, line.rstrip("\n"))
            if m:
                return m.group(1).strip("\"'")
    return ""


def fragment_headers(name, key):
    """(path, value) of each "# <key>: <value>" line in the repo's
    fragments of config @name, in merge order."""
    for kind, path in config_fragments(name):
        if kind != "repo":
            continue
        with open(path) as f:
            for line in f:
                m = re.match(r"^#\s*%s:\s*(.*\S)" % key, line)
                if m:
                    yield path, m.group(1)


def config_arch(name):
    arch = DEFAULT_ARCH
    for path, value in fragment_headers(name, "Arch"):
        arch = value
    if arch not in known_arches():
        raise Error("config %s: unknown arch %r; known: %s (%s)" %
                    (name, arch, ", ".join(known_arches()), ARCH_DIR))
    return arch


# Where a test config starts ("# Start: debian <config>" in one of its
# fragments): tinyconfig, or one of the distribution configs of Debian's
# linux-config-6.12 package of the same version as the base.
DEBIAN_CONFIG_PACKAGE = "linux-config-6.12"


def config_start(name):
    start = None
    for path, value in fragment_headers(name, "Start"):
        words = value.split()
        if len(words) != 2 or words[0] != "debian" or \
                not re.match(r"^config\.[\w.-]+$", words[1]):
            raise Error("%s: cannot parse '# Start: %s' (expected "
                        "'# Start: debian config.<flavour>')" % (path, value))
        start = words[1]
    return start


def version_le(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "le", b]
                          ).returncode == 0


def debian_config_version(version, arch):
    """The version of linux-config-6.12 to take Debian's configs from for
    the base @version: its own when cached or served, else the nearest
    served one above it (or the newest).  Debian's archive keeps only the
    newest linux-config-6.12 while it serves several linux-source-6.12
    versions, so a pinned base soon has no config package of its own; a
    config of another 6.12.y, merged by olddefconfig, is the closest a
    distribution engineer can get, and the build says which one it used."""
    if os.path.exists(deb_path(DEBIAN_CONFIG_PACKAGE, version,
                               arch_var(arch, "debian"))):
        return version
    served = served_versions(DEBIAN_CONFIG_PACKAGE)
    if not served or version in served:
        return version  # apt_download() names what is (not) served
    above = [v for v in served if version_le(version, v)]
    use = above[-1] if above else served[0]
    log("  NOTE    %s %s is not served; Debian's configs come from %s "
        "(served: %s)" % (DEBIAN_CONFIG_PACKAGE, version, use,
                          ", ".join(served)))
    return use


def debian_config(version, arch, config):
    """The text of Debian's distribution config @config (as named in
    linux-config-6.12, e.g. config.amd64_none_cloud-amd64) for the base
    @version (see debian_config_version())."""
    version = debian_config_version(version, arch)
    path = apt_download(DEBIAN_CONFIG_PACKAGE, version,
                        arch_var(arch, "debian"))
    member = "./usr/src/%s/%s.xz" % (DEBIAN_CONFIG_PACKAGE, config)
    p1 = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", path],
                          stdout=subprocess.PIPE)
    p2 = subprocess.run(["tar", "-xO", member], stdin=p1.stdout,
                        capture_output=True)
    p1.wait()
    if p1.returncode or p2.returncode:
        listing = subprocess.run(["dpkg-deb", "-c", path],
                                 capture_output=True, text=True).stdout
        known = sorted(set(re.findall(r"/(config\.[\w.-]+)\.xz", listing)))
        raise Error("%s %s has no %s; it has: %s" %
                    (DEBIAN_CONFIG_PACKAGE, version, config,
                     ", ".join(known)))
    return subprocess.run(["xz", "-dc"], input=p2.stdout,
                          capture_output=True, check=True).stdout


def parse_config_lines(text):
    want = {}
    for line in text.splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
        if m:
            want[m.group(1)] = m.group(2)
            continue
        m = re.match(r"^# (CONFIG_\w+) is not set", line)
        if m:
            want[m.group(1)] = "n"
    return want


def signing_key():
    """A module signing key kept outside every build dir."""
    key = os.path.join(cache_dir(), "keys", "signing_key.pem")
    if os.path.exists(key):
        return key
    os.makedirs(os.path.dirname(key), exist_ok=True)
    genkey = os.path.join(os.path.dirname(key), "x509.genkey")
    with open(genkey, "w") as f:
        f.write("[ req ]\ndefault_bits = 4096\ndistinguished_name = "
                "req_distinguished_name\nprompt = no\nstring_mask = utf8only\n"
                "x509_extensions = myexts\n\n[ req_distinguished_name ]\n"
                "O = fips140 test\nCN = fips140 test module signing key\n\n"
                "[ myexts ]\nbasicConstraints=critical,CA:FALSE\n"
                "keyUsage=digitalSignature\nsubjectKeyIdentifier=hash\n"
                "authorityKeyIdentifier=keyid\n")
    log("  GENKEY  %s" % key)
    run(["openssl", "req", "-new", "-nodes", "-utf8", "-sha256", "-days",
         "36500", "-batch", "-x509", "-config", genkey, "-outform", "PEM",
         "-out", key + ".tmp", "-keyout", key + ".tmp"], capture=True)
    os.replace(key + ".tmp", key)
    return key


@dataclasses.dataclass
class Build:
    name: str
    version: str
    src: str
    out: str
    pristine: bool
    arch: str


def pristine_tree(lock, version):
    """A copy of the pristine base (hard links where the file system
    allows) laid out as the work tree is, <version>/pristine/linux beside
    <version>/pristine/build/: a build of it gets the same relative paths,
    and so the same compiler command lines, as a build of the work tree,
    and shares the compiler cache for every file the series leaves
    alone."""
    top = os.path.join(work_dir(), slug(version), "pristine")
    tree, done = os.path.join(top, "linux"), os.path.join(top, ".linux-ok")
    if os.path.exists(done):
        return tree
    base = ensure_base(lock, version)
    if os.path.exists(tree):
        shutil.rmtree(tree)
    os.makedirs(tree)
    log("  COPY    pristine base %s" % version)
    entries = [os.path.join(base, e) for e in sorted(os.listdir(base))
               if e != ".git"]
    if subprocess.run(["cp", "-al"] + entries + [tree],
                      stderr=subprocess.DEVNULL).returncode:
        shutil.rmtree(tree)
        os.makedirs(tree)
        run(["cp", "-a"] + entries + [tree])
    with open(done, "w") as f:
        f.write("%s\n" % version)
    return tree


def build_info(name, version, pristine, lock, src=None, out=None):
    """The build of config @name: of the work tree, the pristine base, or
    of the source tree @src (into @out)."""
    top = os.path.join(work_dir(), slug(version))
    if src:
        src = os.path.abspath(src)
    elif pristine:
        src = pristine_tree(lock, version)
        top = os.path.dirname(src)
    else:
        src = tree_dir(version)
    out = os.path.abspath(out) if out else \
        os.path.join(top, "build", name)
    return Build(name, version, src, out, pristine, config_arch(name))


def kmake(b, *targets, capture=False, check=True, extra=(), tee=None):
    jobs = str(os.cpu_count() or 2)
    # (a caller may set its own, as the reproducibility test does)
    env = dict(REPRO_ENV, **os.environ)
    env.setdefault("CCACHE_DIR", os.path.join(cache_dir(), "ccache"))
    # Room for the test configs, random ones and Debian's (debug info)
    # together, so that none evicts another's objects
    env.setdefault("CCACHE_MAXSIZE", "20G")
    env["CCACHE_BASEDIR"] = os.path.dirname(os.path.dirname(b.out))
    env["CCACHE_NOHASHDIR"] = "1"
    env["CCACHE_SLOPPINESS"] = "time_macros,include_file_mtime," \
                               "include_file_ctime"
    ccache = "ccache " if shutil.which("ccache") else ""
    cross = arch_var(b.arch, "cross_compile")
    cmd = ["make", "-C", b.src, "O=" + b.out, "ARCH=" + b.arch, "-j" + jobs,
           "CC=%s%sgcc" % (ccache, cross), "HOSTCC=%sgcc" % ccache,
           "LOCALVERSION="]
    if cross:
        cmd.append("CROSS_COMPILE=" + cross)
    if os.path.commonpath([b.src, env["CCACHE_BASEDIR"]]) == \
            env["CCACHE_BASEDIR"]:
        # ccache hands the compiler source paths relative to the build
        # dir; map them as kbuild maps its absolute srctree, so that
        # __FILE__ does not depend on where the tree is.
        rel = os.path.relpath(b.src, b.out)
        cmd += ["KCFLAGS=-fmacro-prefix-map=%s/=" % rel,
                "KAFLAGS=-fmacro-prefix-map=%s/=" % rel]
    cmd += list(extra) + list(targets)
    if tee:
        return run_tee(cmd, env, tee)
    return run(cmd, env=env, capture=capture, check=check)


def run_tee(cmd, env, stream):
    """Run @cmd, copying its output (stdout and stderr, merged) to @stream
    as it comes; the result holds it in .stdout."""
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in p.stdout:
        stream.write(line)
        stream.flush()
        lines.append(line)
    p.wait()
    return subprocess.CompletedProcess(cmd, p.returncode, "".join(lines), "")


# What a random configuration draws.  Every option whose name matches
# RANDOM_FREE is left to `make randconfig` (y, m or n, as Kconfig allows);
# every other option keeps its value of RANDOM_BASE.  Then a random subset
# of RANDOM_FLIPS, the options distributions set that change code
# generation or which crypto symbols vmlinux uses, is flipped (each with
# what it needs), and olddefconfig settles it.
RANDOM_FREE = re.compile(
    r"^CONFIG_(CRYPTO_(?!FIPS140_EXTMOD|MANAGER_DISABLE_TESTS$|HW$)\w+|"
    r"ASYMMETRIC_\w+|X509_\w+|PKCS7_\w+|PKCS8_\w+|SIGNED_PE_FILE\w+|"
    r"SYSTEM_TRUSTED_KEYRING|SECONDARY_TRUSTED_KEYRING\w*|"
    r"SYSTEM_BLACKLIST_KEYRING|INTEGRITY_\w*KEYRING\w*|KEYS|"
    r"ENCRYPTED_KEYS|TRUSTED_KEYS|KEY_DH_OPERATIONS|"
    r"CRC\w*|LIBCRC\w*)=")
RANDOM_FLIPS = {
    "MITIGATION_SLS": ["CONFIG_MITIGATION_SLS"],
    "MITIGATION_RETPOLINE": ["CONFIG_MITIGATION_RETPOLINE"],
    "CALL_DEPTH_TRACKING": ["CONFIG_MITIGATION_CALL_DEPTH_TRACKING"],
    "X86_KERNEL_IBT": ["CONFIG_X86_KERNEL_IBT"],
    "MODVERSIONS": ["CONFIG_MODVERSIONS"],
    "UNWINDER_ORC": ["CONFIG_UNWINDER_ORC"],
    "SECONDARY_TRUSTED_KEYRING": ["CONFIG_SECONDARY_TRUSTED_KEYRING"],
    "KEXEC_SIG": ["CONFIG_KEXEC_FILE", "CONFIG_KEXEC_SIG"],
    "IMA": ["CONFIG_SECURITY", "CONFIG_INTEGRITY", "CONFIG_IMA"],
    "DM_CRYPT": ["CONFIG_BLOCK", "CONFIG_MD", "CONFIG_BLK_DEV_DM",
                 "CONFIG_DM_CRYPT"],
    "MODULE_FORCE_UNLOAD": ["CONFIG_MODULE_FORCE_UNLOAD"],
    # on in RANDOM_BASE: flipped, a production build without fault injection
    "FIPS140_EXTMOD_TEST": ["CONFIG_CRYPTO_FIPS140_EXTMOD_TEST"],
}


def random_config(args, lock, version):
    """random-<seed>: draw a random crypto configuration over RANDOM_BASE.
    Returns the build; raises Error with Kconfig's reason if the feature
    did not survive (a refused combination)."""
    import random
    seed = random_seed(args.name)
    base = cmd_config(argparse.Namespace(
        name=RANDOM_BASE, base=args.base, pristine=False, src=None,
        out=None, quiet=True), lock)
    b = build_info(args.name, version, False, lock,
                   out=getattr(args, "out", None))
    os.makedirs(b.out, exist_ok=True)
    dotconfig = os.path.join(b.out, ".config")
    stamp = os.path.join(b.out, ".fips140-config-inputs")
    basecfg = open(os.path.join(base.out, ".config")).read()
    rng = random.Random(seed)
    flips = sorted(k for k in sorted(RANDOM_FLIPS) if rng.random() < 0.5)
    # FIPS140_RANDOM_SET="CONFIG_A=y ...": set after the flips, to try a
    # combination on top of a seed
    extra = os.environ.get("FIPS140_RANDOM_SET", "").split()
    for e in extra:
        if not re.match(r"^CONFIG_\w+=[ymn]$", e):
            raise Error("FIPS140_RANDOM_SET: cannot parse %r (expected "
                        "CONFIG_<NAME>=y, m or n)" % e)
    digest = sha256_bytes(("%d %s %s %s %s %s" % (
        seed, flips, extra, RANDOM_FREE.pattern,
        sorted(RANDOM_FLIPS.items()), basecfg)).encode())
    what = "seed %d; flipped: %s" % (seed, ", ".join(flips) or "none")
    if extra:
        what += "; set: " + " ".join(extra)
    with open(os.path.join(b.out, "fips140-random.txt"), "w") as f:
        f.write(what + "\n")
    if os.path.exists(dotconfig) and read_bytes(stamp) == digest.encode():
        return b
    pinned = [l for l in basecfg.splitlines()
              if not RANDOM_FREE.match(l.replace("# ", "").replace(
                  " is not set", "="))]
    pinned.append("CONFIG_CRYPTO_FIPS140_EXTMOD=y")
    allconfig = os.path.join(b.out, "fips140-random-pinned.config")
    with open(allconfig, "w") as f:
        f.write("\n".join(pinned) + "\n")
    log("  CONFIG  %s (randconfig of the crypto options over %s, %s)" %
        (args.name, RANDOM_BASE, what))
    kmake(b, "randconfig", capture=True,
          extra=("KCONFIG_ALLCONFIG=" + allconfig,
                 "KCONFIG_SEED=%d" % seed))
    cfg = open(dotconfig).read()
    for k in flips:
        # a group is switched as one: on (all of it) if its last option
        # is off, else that option off
        opts = RANDOM_FLIPS[k]
        if re.search(r"^%s=[ym]$" % opts[-1], cfg, re.M):
            sets = ["# %s is not set" % opts[-1]]
            opts = opts[-1:]
        else:
            sets = ["%s=y" % o for o in opts]
        for opt in opts:
            cfg = re.sub(r"^(%s=.*|# %s is not set)$" % (opt, opt), "",
                         cfg, flags=re.M)
        cfg += "\n" + "\n".join(sets) + "\n"
    for e in extra:
        opt, v = e.split("=")
        cfg = re.sub(r"^(%s=.*|# %s is not set)$" % (opt, opt), "", cfg,
                     flags=re.M)
        cfg += (e if v != "n" else "# %s is not set" % opt) + "\n"
    with open(dotconfig, "w") as f:
        f.write(cfg)
    kmake(b, "olddefconfig", capture=True)
    got = parse_config_lines(open(dotconfig).read())
    if got.get("CONFIG_CRYPTO_FIPS140_EXTMOD") != "y":
        # Kconfig refused the combination: say why, from the option's
        # unmet dependencies.
        os.unlink(dotconfig)
        raise Refused("config %s (seed %d): Kconfig refuses "
                      "CONFIG_CRYPTO_FIPS140_EXTMOD with this combination: "
                      "crypto/fips140/Kconfig: %s" %
                      (args.name, seed, kconfig_refusal(got, b.src)))
    with open(stamp, "w") as f:
        f.write(digest)
    return b


class Refused(Exception):
    pass


def kconfig_refusal(got, src):
    """The 'depends on' lines of CONFIG_CRYPTO_FIPS140_EXTMOD (read from
    @src's crypto/fips140/Kconfig) that the config values @got break, each
    with the values of its symbols."""
    text = open(os.path.join(src, "crypto", "fips140", "Kconfig")).read()
    block = re.search(r"^config CRYPTO_FIPS140_EXTMOD\n(.*?)(?=^\S)", text,
                      re.M | re.S).group(1)
    broken = []
    for expr in re.findall(r"^\s+depends on\s+(.*)$", block, re.M):
        if kconfig_eval(expr, got) == 0:
            syms = sorted(set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", expr)))
            broken.append("'depends on %s' with %s" % (expr, ", ".join(
                "%s=%s" % (x, got.get("CONFIG_" + x, "n")) for x in syms)))
    return "; ".join(broken) or "no 'depends on' line is broken"


def kconfig_eval(expr, got):
    """Evaluate the Kconfig expression @expr over @got: 2 (y), 1 (m) or
    0 (n), as Kconfig does (&& is min, || is max, ! is 2 - x)."""
    toks = re.findall(r"&&|\|\||!=|[!=()]|\w+", expr)
    val = {"y": 2, "m": 1, "n": 0}
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        pos[0] += 1
        return toks[pos[0] - 1]

    def sym(t):
        return t if t in val else got.get("CONFIG_" + t, "n")

    def atom():
        t = take()
        if t == "!":
            return 2 - atom()
        if t == "(":
            v = disj()
            take()
            return v
        if peek() in ("=", "!="):
            op, other = take(), take()
            return 2 if (sym(t) == sym(other)) == (op == "=") else 0
        return val.get(sym(t), 0)

    def conj():
        v = atom()
        while peek() == "&&":
            take()
            v = min(v, atom())
        return v

    def disj():
        v = conj()
        while peek() == "||":
            take()
            v = max(v, conj())
        return v

    return disj()


def copy_build(name, b, lock):
    """A config with "# Copy-of: <config>" (the last such header of its
    fragments) starts as a copy of that config's finished build of the
    same tree, which it then rebuilds incrementally: only what its
    options change is rebuilt (timestamps are kept)."""
    of = None
    for path, value in fragment_headers(name, "Copy-of"):
        of = value
    if not of or b.pristine or os.path.exists(os.path.join(b.out, ".config")):
        return
    config_fragments(of)
    sb = build_info(of, b.version, False, lock, None, None)
    if sb.src != b.src:
        return
    if not os.path.exists(os.path.join(sb.out, ".fips140-build-ok")):
        raise Error("config %s starts as a copy of the build of %s, which "
                    "is not built: build %s first" % (name, of, of))
    log("  COPY    %s -> %s" % (sb.out, b.out))
    if os.path.exists(b.out):
        shutil.rmtree(b.out)
    run(["cp", "-a", sb.out, b.out])
    for junk in ("logs", "modinst", ".fips140-build-ok"):
        p = os.path.join(b.out, junk)
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.unlink(p)


def cmd_config(args, lock=None):
    lock = lock or read_lock()
    if random_seed(args.name) is not None:
        return random_config(args, lock, resolve_base(args.base, lock))
    version = resolve_base(args.base, lock)
    frags = config_fragments(args.name)
    if not args.pristine and not args.src:
        ensure_tree(lock, version)
    b = build_info(args.name, version, args.pristine, lock, args.src,
                   args.out)
    copy_build(args.name, b, lock)
    os.makedirs(b.out, exist_ok=True)
    if b.arch != DEFAULT_ARCH:
        run(["bash", os.path.join(REPO, "mk", "deps.sh"), b.arch])
    # Config inputs: the fragments (from the repo, or kernel/configs/ in
    # the tree) plus the signing key location of this machine.
    paths = []
    for kind, p in frags:
        if kind == "tree":
            p = os.path.join(b.src, p)
            if not os.path.exists(p):
                raise Error("config %s includes %s, which this tree does "
                            "not have" % (args.name, os.path.relpath(p, b.src)))
        paths.append(p)
    keyfrag = os.path.join(b.out, "fips140-local.config")
    with open(keyfrag, "w") as f:
        f.write('CONFIG_MODULE_SIG_KEY="%s"\n' % signing_key())
    paths.append(keyfrag)
    inputs = "".join(open(p).read() for p in paths)
    start = config_start(args.name)
    start_text = debian_config(version, b.arch, start) if start else b""
    stamp = os.path.join(b.out, ".fips140-config-inputs")
    digest = sha256_bytes(inputs.encode() + b.src.encode() + start_text)
    dotconfig = os.path.join(b.out, ".config")
    if os.path.exists(dotconfig) and read_bytes(stamp) == digest.encode():
        return b
    log("  CONFIG  %s%s (%s)" % (args.name, " [pristine]" if b.pristine
                                else "", ", ".join(
                                    ([start] if start else []) +
                                    [os.path.basename(p) for p in paths])))
    if start:
        write_bytes(dotconfig, start_text)
    else:
        kmake(b, "tinyconfig", capture=True)
    run([os.path.join(b.src, "scripts", "kconfig", "merge_config.sh"), "-m",
         "-O", b.out, dotconfig] + paths, capture=True)
    kmake(b, "olddefconfig", capture=True)
    want = {}
    for p in paths:
        want.update(parse_config_lines(open(p).read()))
    got = parse_config_lines(open(dotconfig).read())
    dropped = []
    for opt, val in sorted(want.items()):
        have = got.get(opt, "n")
        if have != val:
            dropped.append("  %s=%s (final .config has %s)" %
                           (opt, val, "it unset" if have == "n" else
                            opt + "=" + have))
    if dropped:
        os.unlink(dotconfig)
        raise Error("config %s: fragment options did not survive "
                    "olddefconfig (unmet dependencies or misspelt names):\n%s"
                    % (args.name, "\n".join(dropped)))
    with open(stamp, "w") as f:
        f.write(digest)
    return b


def cmd_build(args):
    lock = read_lock()
    b = cmd_config(args, lock)
    t0 = time.time()
    log("  BUILD   %s -> %s" % (args.name, b.out))
    res = kmake(b, "all", capture=True, check=False,
                tee=None if args.quiet else sys.stdout)
    # What make printed, this build and all since the build dir was made
    # (for the suite's check that the build printed no warning)
    out = (res.stdout or "") + (res.stderr or "")
    os.makedirs(os.path.join(b.out, "logs"), exist_ok=True)
    with open(os.path.join(b.out, "logs", "make.log"), "w") as f:
        f.write(out)
    with open(os.path.join(b.out, "logs", "make-all.log"), "a") as f:
        f.write(out)
    if res.returncode:
        tail = ""
        if args.quiet:
            out = (res.stdout or "") + (res.stderr or "")
            errs = [l for l in out.splitlines() if "error" in l.lower() or
                    "fips140: " in l]
            tail = "\n" + "\n".join((errs or out.splitlines())[-40:])
        raise Error("build of %s failed%s" % (args.name, tail))
    mods = os.path.join(b.out, "modinst")
    if os.path.exists(mods):
        shutil.rmtree(mods)
    dotconfig = open(os.path.join(b.out, ".config")).read()
    if "CONFIG_MODULES=y" in dotconfig:
        # With debug info, installed modules are stripped of it (before
        # they are signed), as distributions ship them: the guest's
        # initramfs stays small.  The build dir keeps them whole.
        strip = ["INSTALL_MOD_STRIP=1"] if "CONFIG_DEBUG_INFO=y" in \
            dotconfig else []
        kmake(b, "modules_install", "INSTALL_MOD_PATH=" + mods, *strip,
              capture=True)
    log("  BUILT   %s in %.0f s" % (args.name, time.time() - t0))
    with open(os.path.join(b.out, ".fips140-build-ok"), "w") as f:
        f.write("%s\n" % time.time())


def cmd_make(args):
    """make in the build dir of config @args.name, with the variables of
    every build of it (ccache, CC, KCFLAGS, ...): anything else would
    change every object's command line and rebuild the whole tree."""
    lock = read_lock()
    version = resolve_base(args.base, lock)
    config_fragments(args.name)
    b = build_info(args.name, version, False, lock)
    return kmake(b, *args.args, check=False).returncode


def cmd_paths(args):
    lock = read_lock()
    version = resolve_base(args.base, lock)
    config_fragments(args.name)
    b = build_info(args.name, version, args.pristine, lock)
    print("src=%s\nout=%s\nversion=%s\narch=%s\nimage=%s" %
          (b.src, b.out, version, b.arch,
           os.path.join(b.out, arch_var(b.arch, "boot_image"))))


def cmd_configs(args):
    for name in known_configs():
        desc = ""
        with open(os.path.join(CONFIG_DIR, name + ".config")) as f:
            for line in f:
                m = re.match(r"^# Description:\s*(.*)", line)
                if m:
                    desc = m.group(1)
        print("  %-16s %s" % (name, desc))


def cmd_base(args):
    lock = read_lock()
    version = resolve_base(args.base, lock)
    print(ensure_base(lock, version))


def main(argv):
    ap = argparse.ArgumentParser(prog="kdev.py")
    ap.add_argument("--base", default=os.environ.get("BASE") or None)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("base")
    p = sub.add_parser("tree")
    p.add_argument("--force", action="store_true")
    p = sub.add_parser("refresh")
    p.add_argument("--patch")
    p.add_argument("files", nargs="*")
    p = sub.add_parser("series")
    p.add_argument("--out")
    for c in ("config", "build", "paths"):
        p = sub.add_parser(c)
        p.add_argument("name")
        p.add_argument("--pristine", action="store_true")
        p.add_argument("--quiet", action="store_true")
        p.add_argument("--src", help="build this source tree instead")
        p.add_argument("--out", help="in this build dir")
    sub.add_parser("configs")
    p = sub.add_parser("make")
    p.add_argument("name")
    p.add_argument("args", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    fn = globals()["cmd_" + args.cmd]
    try:
        rc = fn(args)
        if args.cmd == "make":
            return rc
    except Error as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except Refused as e:
        print("refused: %s" % e, file=sys.stderr)
        return 3
    except OSError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
