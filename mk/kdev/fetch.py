# SPDX-License-Identifier: GPL-2.0
"""The kernel base: the pinned, checksummed linux-source-6.12 from apt,
kept as a one-commit git repository in the cache (make tree, kdev base)."""

import dataclasses
import hashlib
import os
import shutil
import subprocess

from common import Error, SERIES_DIR, cache_dir, git, log, run, slug


@dataclasses.dataclass
class BaseLock:
    package: str
    pin: str
    sums: dict
    update: str = None


def read_lock(path=None):
    path = path or os.path.join(SERIES_DIR, "BASE")
    package, pin, update, sums = None, None, None, {}
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
            elif words[0] == "update" and len(words) == 2:
                update = words[1]
            elif words[0] == "sha256" and len(words) == 3:
                sums[words[1]] = words[2]
            else:
                raise Error("%s:%d: cannot parse %r" % (path, n, line))
    if not package or not pin:
        raise Error("%s: needs 'package' and 'pin' lines" % path)
    return BaseLock(package, pin, sums, update)


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


def cmd_base(args):
    lock = read_lock()
    version = resolve_base(args.base, lock)
    print(ensure_base(lock, version))
