# SPDX-License-Identifier: GPL-2.0
"""The named test configs: their fragments, architecture and starting
config (tinyconfig or one of Debian's)."""

import os
import re
import subprocess

from common import CONFIG_DIR, REPO, SERIES_DIR, Error, log
import fetch


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
ARCH_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "tools", "testing", "fips140", "arch")
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


# The compiler of a test config ("# Compiler: clang" in one of its
# fragments; GCC, as Debian builds its kernels, by default): clang builds
# what GCC cannot, such as arm64's BTI (ARM64_BTI_KERNEL depends on
# !CC_IS_GCC in 6.12).  Binutils stay GNU's, as with GCC.
COMPILERS = ("gcc", "clang")


def header_choice(name, key, what, known):
    """The last "# @key: <value>" of config @name's fragments, one of
    @known (the first unless given); another value is an error naming
    the @what and the known ones."""
    choice = known[0]
    for path, value in fragment_headers(name, key):
        if value not in known:
            raise Error("%s: unknown %s %r in '# %s:'; known: %s"
                        % (path, what, value, key, ", ".join(known)))
        choice = value
    return choice


def config_compiler(name):
    return header_choice(name, "Compiler", "compiler", COMPILERS)


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


# Which base a test config builds ("# Base: update" in one of its
# fragments): the pinned one, or the later served version patches/6.12/BASE
# names as "update", the kernel update the pinned base's certified module
# is embedded in.  --base (BASE=) overrides both.
BASES = ("pin", "update")


def config_version(name, requested, lock):
    if requested:
        return fetch.resolve_base(requested, lock)
    if header_choice(name, "Base", "base", BASES) == "pin":
        return lock.pin
    if not lock.update:
        raise Error("config %s builds the update base, and %s has no "
                    "'update <version>' line" %
                    (name, os.path.relpath(os.path.join(SERIES_DIR, "BASE"), REPO)))
    return lock.update


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
    if os.path.exists(fetch.deb_path(DEBIAN_CONFIG_PACKAGE, version,
                               arch_var(arch, "debian"))):
        return version
    served = fetch.served_versions(DEBIAN_CONFIG_PACKAGE)
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
    path = fetch.apt_download(DEBIAN_CONFIG_PACKAGE, version,
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


def cmd_configs(args):
    for name in known_configs():
        desc = ""
        with open(os.path.join(CONFIG_DIR, name + ".config")) as f:
            for line in f:
                m = re.match(r"^# Description:\s*(.*)", line)
                if m:
                    desc = m.group(1)
        print("  %-16s %s" % (name, desc))
