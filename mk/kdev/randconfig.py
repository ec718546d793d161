# SPDX-License-Identifier: GPL-2.0
"""random-<seed>: a random crypto configuration over RANDOM_BASE, and
Kconfig's reason when it refuses the feature."""

import argparse
import os
import re

from common import Error, log, read_bytes, sha256_bytes
import build
import configs


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
    seed = configs.random_seed(args.name)
    base = build.cmd_config(argparse.Namespace(
        name=configs.RANDOM_BASE, base=args.base, pristine=False, src=None,
        out=None, quiet=True), lock)
    b = build.build_info(args.name, version, False, lock,
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
        (args.name, configs.RANDOM_BASE, what))
    build.kmake(b, "randconfig", capture=True,
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
    build.kmake(b, "olddefconfig", capture=True)
    got = configs.parse_config_lines(open(dotconfig).read())
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

    def chain(op, operand, fold):
        v = operand()
        while peek() == op:
            take()
            v = fold(v, operand())
        return v

    def conj():
        return chain("&&", atom, min)

    def disj():
        return chain("||", conj, max)

    return disj()
