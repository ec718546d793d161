# SPDX-License-Identifier: GPL-2.0
"""make build / kdev config, make, paths: out-of-tree builds of a test
config, with ccache and fixed build metadata."""

import dataclasses
import os
import shutil
import subprocess
import sys
import time

from common import (Error, REPO, cache_dir, log, read_bytes, run, sha256_bytes,
                    slug, work_dir, write_bytes)
import configs
import fetch
import randconfig
import worktree


REPRO_ENV = {
    "KBUILD_BUILD_TIMESTAMP": "Thu Jan  1 00:00:00 UTC 2026",
    "KBUILD_BUILD_USER": "fips140",
    "KBUILD_BUILD_HOST": "fips140-build",
    "KBUILD_BUILD_VERSION": "1",
}


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
    compiler: str


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
    base = fetch.ensure_base(lock, version)
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
        src = worktree.tree_dir(version)
    out = os.path.abspath(out) if out else \
        os.path.join(top, "build", name)
    return Build(name, version, src, out, pristine, configs.config_arch(name),
                 configs.config_compiler(name))


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
    cross = configs.arch_var(b.arch, "cross_compile")
    # clang is a cross compiler of its own: its --target comes from
    # CROSS_COMPILE (scripts/Makefile.clang)
    cc = "clang" if b.compiler == "clang" else cross + "gcc"
    cmd = ["make", "-C", b.src, "O=" + b.out, "ARCH=" + b.arch, "-j" + jobs,
           "CC=%s%s" % (ccache, cc), "HOSTCC=%sgcc" % ccache,
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


def copy_build(name, b, lock):
    """A config with "# Copy-of: <config>" (the last such header of its
    fragments) starts as a copy of that config's finished build of the
    same tree, which it then rebuilds incrementally: only what its
    options change is rebuilt (timestamps are kept)."""
    of = None
    for path, value in configs.fragment_headers(name, "Copy-of"):
        of = value
    if not of or b.pristine or os.path.exists(os.path.join(b.out, ".config")):
        return
    configs.config_fragments(of)
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
    lock = lock or fetch.read_lock()
    version = configs.config_version(args.name, args.base, lock)
    if configs.random_seed(args.name) is not None:
        return randconfig.random_config(args, lock, version)
    frags = configs.config_fragments(args.name)
    if not args.pristine and not args.src:
        worktree.ensure_tree(lock, version)
    b = build_info(args.name, version, args.pristine, lock, args.src,
                   args.out)
    copy_build(args.name, b, lock)
    os.makedirs(b.out, exist_ok=True)
    if b.arch != configs.DEFAULT_ARCH:
        run(["bash", os.path.join(REPO, "mk", "deps.sh"), b.arch])
    # Config inputs: the fragments (from the repo, or kernel/configs/ in
    # the tree) plus the signing key location of this machine.
    paths = []
    for kind, p in frags:
        if kind == "tree":
            p = os.path.join(b.src, p)
            if not os.path.exists(p):
                raise Error("config %s includes %s, which this tree does "
                            "not have" % (args.name,
                                          os.path.relpath(p, b.src)))
        paths.append(p)
    keyfrag = os.path.join(b.out, "fips140-local.config")
    with open(keyfrag, "w") as f:
        f.write('CONFIG_MODULE_SIG_KEY="%s"\n' % signing_key())
    paths.append(keyfrag)
    inputs = "".join(open(p).read() for p in paths)
    start = configs.config_start(args.name)
    start_text = configs.debian_config(version, b.arch, start) \
        if start else b""
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
        want.update(configs.parse_config_lines(open(p).read()))
    got = configs.parse_config_lines(open(dotconfig).read())
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
    lock = fetch.read_lock()
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
    lock = fetch.read_lock()
    version = configs.config_version(args.name, args.base, lock)
    configs.config_fragments(args.name)
    b = build_info(args.name, version, False, lock)
    return kmake(b, *args.args, check=False).returncode


def cmd_deb(args):
    """The Debian packages of config @args.name's build, made by the
    kernel's own bindeb-pkg (scripts/package/builddeb), which writes them
    beside the build dir: moved into <build dir>/debs/, one directory per
    config, as configs of a base share a kernel release."""
    lock = fetch.read_lock()
    version = configs.config_version(args.name, args.base, lock)
    configs.config_fragments(args.name)
    b = build_info(args.name, version, False, lock)
    if not os.path.exists(os.path.join(b.out, ".fips140-build-ok")):
        raise Error("config %s is not built (make build CONFIG=%s)" %
                    (args.name, args.name))
    release = read_bytes(os.path.join(
        b.out, "include", "config", "kernel.release")).decode().strip()
    parent = os.path.dirname(b.out)
    # what an earlier bindeb-pkg of any config of this base left there
    mine = ("linux-image-%s_" % release, "linux-image-%s-dbg_" % release,
            "linux-headers-%s_" % release, "linux-libc-dev_",
            "linux-upstream_")
    def ours():
        return [f for f in os.listdir(parent) if f.startswith(mine) and
                f.endswith((".deb", ".buildinfo", ".changes"))]
    for f in ours():
        os.unlink(os.path.join(parent, f))
    t0 = time.time()
    log("  DEB     %s (bindeb-pkg) -> %s/debs" % (args.name, b.out))
    res = kmake(b, "bindeb-pkg", capture=True, check=False)
    out = (res.stdout or "") + (res.stderr or "")
    os.makedirs(os.path.join(b.out, "logs"), exist_ok=True)
    with open(os.path.join(b.out, "logs", "deb.log"), "w") as f:
        f.write(out)
    if res.returncode:
        raise Error("make bindeb-pkg of %s failed (log: %s):\n%s" %
                    (args.name, os.path.join(b.out, "logs", "deb.log"),
                     "\n".join(out.splitlines()[-20:])))
    debs = os.path.join(b.out, "debs")
    if os.path.exists(debs):
        shutil.rmtree(debs)
    os.makedirs(debs)
    made = ours()
    if not any(f.startswith("linux-image-%s_" % release) for f in made):
        raise Error("make bindeb-pkg of %s made no linux-image-%s package "
                    "in %s" % (args.name, release, parent))
    for f in sorted(made):
        shutil.move(os.path.join(parent, f), os.path.join(debs, f))
    if "CONFIG_CRYPTO_FIPS140_EXTMOD=y" in \
            open(os.path.join(b.out, ".config")).read():
        # the module set, for a lab and for the updates built against it
        image = [f for f in made if f.startswith("linux-image-%s_" % release)]
        res = run(["sh", os.path.join(b.src, "scripts", "fips140",
                                      "package-set.sh"), b.out,
                   os.path.join(debs, image[0]), debs], capture=True)
        made.append(os.path.basename(res.stdout.strip()))
    log("  DEB     %s in %.0f s: %s" % (args.name, time.time() - t0,
                                        " ".join(sorted(made))))


def cmd_paths(args):
    lock = fetch.read_lock()
    version = configs.config_version(args.name, args.base, lock)
    configs.config_fragments(args.name)
    b = build_info(args.name, version, args.pristine, lock, args.src,
                   args.out)
    print("src=%s\nout=%s\nversion=%s\narch=%s\nimage=%s" %
          (b.src, b.out, version, b.arch,
           os.path.join(b.out, configs.arch_var(b.arch, "boot_image"))))
