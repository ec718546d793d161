# SPDX-License-Identifier: GPL-2.0
"""Shared helpers of the workflow: paths, errors, running commands."""

import hashlib
import os
import subprocess


# The repository and the test configs can be pointed elsewhere (the test
# suite runs the workflow against a small fake repository and base).
REPO = os.environ.get("FIPS140_REPO") or \
    os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
SERIES_DIR = os.path.join(REPO, "patches", "6.12")
CONFIG_DIR = os.environ.get("FIPS140_CONFIG_DIR") or \
    os.path.join(REPO, "tools", "testing", "fips140", "configs")


# Repository paths that are not kernel files (never copied into the tree).
NOT_OVERLAY = ("Makefile", "README.md", ".gitignore", ".ci/", "mk/",
               "patches/", "work/")


# Junk never picked up from a work tree by `refresh`.
JUNK = ("*.orig", "*.rej", "*~", ".*.swp", "*.patch")


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


def cache_dir():
    return os.environ.get("FIPS140_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "fips140-kernel")


def work_dir():
    return os.environ.get("WORK") or os.path.join(REPO, "work")


def slug(version):
    """A version as a path component ('~' upsets some tools)."""
    return version.replace("~", "_")
