# SPDX-License-Identifier: GPL-2.0
"""Developer workflow for the fips140 kernel series: python3 mk/kdev JOB.

The repository holds the files this feature owns at their kernel paths
and patches/<series>/ with the changes to upstream files.  One module per
job: fetch (the pinned Debian kernel base), chain (the repository as
commits on it), worktree (make tree), refresh (make refresh), chain's
cmd_series (make series), configs, build and randconfig (the test
configs and their out-of-tree builds).

Everything is driven from the top-level Makefile; see README.md.
"""

import argparse
import os
import sys

import build
import chain
import configs
import fetch
import randconfig
import refresh
import worktree
from common import Error

JOBS = {
    "base": fetch.cmd_base, "tree": worktree.cmd_tree,
    "refresh": refresh.cmd_refresh, "series": chain.cmd_series,
    "config": build.cmd_config, "build": build.cmd_build,
    "paths": build.cmd_paths, "configs": configs.cmd_configs,
    "make": build.cmd_make, "deb": build.cmd_deb,
}


def main(argv):
    ap = argparse.ArgumentParser(prog="kdev")
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
    p = sub.add_parser("deb")
    p.add_argument("name")
    p = sub.add_parser("make")
    p.add_argument("name")
    p.add_argument("args", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    fn = JOBS[args.cmd]
    try:
        rc = fn(args)
        if args.cmd == "make":
            return rc
    except Error as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except randconfig.Refused as e:
        print("refused: %s" % e, file=sys.stderr)
        return 3
    except OSError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
