# SPDX-License-Identifier: GPL-2.0
"""The repository as commits on the base, made one way only (git apply):
the work tree checks them out, make series formats them."""

import dataclasses
import fnmatch
import os
import re
import shutil

from common import (Error, NOT_OVERLAY, REPO, SERIES_DIR, git, log, run,
                    work_dir)
import fetch


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


def commit_index(repo, env, parent, author, date, msg):
    """Commit the index of @env (GIT_INDEX_FILE) on @parent."""
    m = re.match(r"^(.*?)\s*<(.+)>$", author)
    if not m:
        raise Error("author %r is not 'Name <email>'" % author)
    date = date or "2026-11-21T00:00:00Z"
    cenv = dict(env, GIT_AUTHOR_NAME=m.group(1), GIT_AUTHOR_EMAIL=m.group(2),
                GIT_COMMITTER_NAME=m.group(1),
                GIT_COMMITTER_EMAIL=m.group(2),
                GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    tree = git(repo, "write-tree", env=env).strip()
    return git(repo, "commit-tree", tree, "-p", parent, env=cenv,
               input=msg).strip()


def index_entries(repo, top, files):
    """`git update-index --index-info` lines that give each of @files the
    content of top/<file> (its blob written to @repo), or remove it where
    that file is gone."""
    there = [f for f in files if os.path.lexists(os.path.join(top, f))]
    blobs = git(repo, "hash-object", "-w", "--stdin-paths", input="".join(
        os.path.join(top, f) + "\n" for f in there)).split() if there else []
    lines = ["%s %s\t%s\n" % ("100755" if os.access(os.path.join(top, f),
                                                     os.X_OK) else "100644",
                               b, f) for f, b in zip(there, blobs)]
    return lines + ["0 %s\t%s\n" % ("0" * 40, f) for f in files
                    if f not in there]


def apply_error(patch, err):
    """git apply's complaint about @patch, with the failing hunk named."""
    text = open(patch.path).read()
    lines = []
    for line in err.splitlines():
        m = re.match(r"error: patch failed: (\S+):(\d+)$", line)
        if not m:
            if line.startswith("error: ") and not re.match(
                    r"error: (while searching for:|\S+: patch does not "
                    r"apply)$", line):
                lines.append("  " + line[len("error: "):])
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


def apply_patch(repo, env, p):
    """git apply @p to the index; a patch that applies only at an offset
    or with fuzz (one line of its context left, as patch(1)'s fuzz 2) is
    noted: `make refresh` rewrites it for this base."""
    cmd = ["git", "-C", repo, "apply", "--cached", "-v"]
    res = run(cmd + [p.path], env=env, capture=True, check=False)
    if res.returncode == 0:
        if "offset" in res.stderr:
            log("  NOTE: %s applies with an offset; `make refresh` "
                "updates it" % p.name)
        return
    if run(cmd + ["-C1", p.path], env=env, capture=True,
           check=False).returncode:
        raise apply_error(p, res.stderr)
    log("  NOTE: %s applies only with fuzz (less of its context matches); "
        "`make refresh` updates it" % p.name)


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
        files = assigned.get(id(g), [])
        if files:
            git(repo, "update-index", "--index-info", env=env,
                input="".join(index_entries(repo, REPO, files)))

    tip = base
    try:
        for p in patches:
            for g in groups:
                if g["patch"] == p.name and g["how"] == "before" and \
                   assigned.get(id(g)):
                    add_files(g)
                    tip = commit_index(repo, env, tip, g["author"], None,
                                       "%s\n\n%s\n" % (g["subject"],
                                                       g["body"]))
            for g in groups:
                if g["patch"] == p.name and g["how"] == "with":
                    add_files(g)
            apply_patch(repo, env, p)
            author, date, subject, body = parse_patch_mail(p)
            tip = commit_index(repo, env, tip, author, date,
                               subject + "\n\n" + body + "\n")
    finally:
        if os.path.exists(idx):
            os.unlink(idx)
    return tip


def cmd_series(args):
    lock = fetch.read_lock()
    version = fetch.resolve_base(args.base, lock)
    repo = fetch.ensure_base(lock, version)
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
