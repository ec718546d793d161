# SPDX-License-Identifier: GPL-2.0
"""make bench: what the feature costs, feature off against feature on.

Builds what it needs, then boots each pair of configs (minimal and
minimal-fips140; arm64 and arm64-fips140 where both are built)
interleaved, A B A B ..., under QEMU: plain TCG boots for wall-clock
times, and -icount shift=0 boots, where a nanosecond of the guest is one
instruction, for exact instruction counts.  Each boot runs the guest's
mode=bench (tools/testing/fips140/guest/checks.sh): the memory after boot,
fips140_bench.ko (calls into the crypto API, tools/testing/fips140/bench/)
and afalg-kat bench (AF_ALG throughput).  Then the from-scratch build of
each config without ccache and the rebuild after touching one crypto
source.  Writes $WORK/bench/latest.md (printed) and latest.png.

  python3 -B mk/bench.py [--runs N] [--quick] [--no-build] [--append STR]
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
T = os.path.join(REPO, "tools", "testing", "fips140")
KDEV = [sys.executable, "-B", os.path.join(REPO, "mk", "kdev")]
PAIRS = [("minimal", "minimal-fips140"), ("arm64", "arm64-fips140")]
ICOUNT = "-icount shift=0,sleep=off"
SIZES = [16, 256, 4096, 65536]
ALGS = ["sha256", "hmac(sha256)", "gcm(aes)", "xts(aes)"]


class Error(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    res = subprocess.run(cmd, text=True, capture_output=True, **kw)
    if res.returncode:
        raise Error("%s failed (exit %d):\n%s" % (" ".join(cmd),
                    res.returncode, (res.stdout + res.stderr)[-3000:]))
    return res.stdout


def paths(config):
    out = run(KDEV + ["paths", config])
    return dict(line.split("=", 1) for line in out.splitlines())


def built(config):
    return os.path.exists(os.path.join(paths(config)["out"],
                                       ".fips140-build-ok"))


def work():
    d = os.path.join(os.environ.get("WORK") or os.path.join(REPO, "work"),
                     "bench")
    os.makedirs(d, exist_ok=True)
    return d


def kernel_image(p):
    """What QEMU boots (arch.sh's arch_boot_kernel)."""
    return run(["bash", "-c", '. "$1/arch.sh" && fips140_arch "$2" && '
                'arch_boot_kernel "$3"', "-", T, p["arch"], p["out"]]).strip()


def bench_initrd(config, base):
    """The architecture's initramfs without modules (the same for both
    sides: an installed fips140.ko would take the guest's memory) and
    fips140_bench.ko built against @config, as a second cpio archive."""
    mod = os.path.join(work(), "module", config)
    if os.path.exists(mod):
        shutil.rmtree(mod)
    shutil.copytree(os.path.join(T, "bench"), mod)
    run(KDEV + ["make", config, "M=" + mod, "modules"])
    stage = os.path.join(mod, "stage")
    os.makedirs(os.path.join(stage, "lib", "fips140", "bench"))
    shutil.copy(os.path.join(mod, "fips140_bench.ko"),
                os.path.join(stage, "lib", "fips140", "bench"))
    cpio = subprocess.run("find . | LC_ALL=C sort | cpio -o -H newc "
                          "--quiet", shell=True, cwd=stage,
                          capture_output=True, check=True).stdout
    initrd = os.path.join(work(), "initramfs-%s.cpio" % config)
    with open(base, "rb") as f, open(initrd, "wb") as o:
        o.write(f.read() + cpio)
    return initrd


def boot(config, p, initrd, icount, iters, ms, n, append):
    """One bench boot; again (three tries) when the guest's clock is
    jiffies: under TCG the TSC's calibration against the PIT fails now
    and then, and a jiffy (4 ms) is too coarse for the timings."""
    for attempt in range(3):
        r = boot_once(config, p, initrd, icount, iters, ms, n, append)
        if "jiffies" not in r.get("clocksource", ""):
            return r
        log("  BENCH   %s: clocksource %s (the TSC's calibration failed), "
            "booting again" % (config, r["clocksource"]))
    raise Error("%s: three boots without a TSC clocksource" % config)


def boot_once(config, p, initrd, icount, iters, ms, n, append):
    log_path = os.path.join(work(), "logs", "%s-%s-%d.log" %
                            (config, "icount" if icount else "tcg", n))
    cmd = ["bash", os.path.join(T, "run-qemu.sh"), "--kernel", p["image"],
           "--initrd", initrd, "--log", log_path, "--arch", p["arch"],
           "--quiet", "--timeout", "600", "--name",
           "%s/bench-%s" % (config, "icount" if icount else "tcg")]
    if icount:
        cmd += ["--accel", "tcg", "--qemu-args", ICOUNT]
    if append:
        cmd += ["--append", append]
    cmd += ["--", "mode=bench", "bench_iters=%d" % iters,
            "bench_ms=%g" % ms]
    res = subprocess.run(cmd, text=True, capture_output=True)
    if res.returncode:
        raise Error("bench boot of %s failed:\n%s" % (config, res.stdout))
    return parse(open(log_path, errors="replace").read().replace("\r", ""))


def parse(text):
    """The numbers of one boot's log."""
    r = {"call": {}, "afalg": {}, "driver": {}}
    m = re.search(r"^\[ *([0-9.]+)\] Run /init as init process", text, re.M)
    if not m:
        raise Error("no 'Run /init' line in the boot log")
    r["init"] = float(m.group(1))
    m = re.search(r"fips140: integrity: .* verified in (\d+) us", text)
    r["integrity_us"] = int(m.group(1)) if m else None
    for line in text.splitlines():
        w = line.split()
        if not line.startswith("fips140-bench: "):
            continue
        w = w[1:]
        if w[0] == "meminfo":
            r[w[1]] = int(w[2])
        elif w[0] == "module" and w[1] == "fips140":
            r["module"] = int(w[2])
        elif w[0] == "Freeing":
            r["initmem"] = int(w[-1].rstrip("K"))
        elif w[0] == "clocksource":
            r["clocksource"] = w[1]
        elif w[0] == "spectre_v2":
            r["spectre_v2"] = " ".join(w[1:])
        elif w[0] == "call" and len(w) == 4 and w[2] == "driver":
            r["driver"][w[1]] = w[3]
        elif w[0] == "call" and re.match(r"^call \w+ \w+ \d+ \d+$",
                                         " ".join(w)):
            r["call"][(w[1], w[2])] = int(w[4]) / int(w[3])
        elif w[0] == "afalg":
            r["afalg"][(w[1], int(w[2]))] = float(w[3])
    if not r["call"] or len(r["afalg"]) != len(ALGS) * len(SIZES) or \
            "MemFree" not in r:
        raise Error("the bench boot printed no complete measurement")
    return r


def size_of(vmlinux):
    """size(1)'s text, data and bss of @vmlinux, and the size of the
    embedded fips140.ko image (0 without one)."""
    out = run(["size", vmlinux]).splitlines()[1].split()
    syms = dict((w[2], int(w[0], 16)) for w in
                (line.split() for line in run(["nm", vmlinux]).splitlines())
                if len(w) == 3 and w[2].startswith("__fips140_image_"))
    return {"text": int(out[0]), "data": int(out[1]), "bss": int(out[2]),
            "image": syms.get("__fips140_image_end", 0) -
            syms.get("__fips140_image_start", 0)}


def timed_build(config, out, touch=None, env=None):
    if touch:
        os.utime(touch)
    t0 = time.time()
    run(KDEV + ["build", config, "--quiet", "--out", out], env=env)
    return time.time() - t0


def med(xs):
    return statistics.median(xs)


def cell(xs, fmt="%.0f"):
    """median [min-max] of the runs"""
    if not xs:
        return "-"
    if len(xs) == 1:
        return fmt % xs[0]
    return "%s [%s-%s]" % (fmt % med(xs), fmt % min(xs), fmt % max(xs))


def ratio(a, b):
    return "%.3f" % (med(b) / med(a)) if a and b and med(a) else "-"


def pair_tables(off, on, res):
    """Markdown of one pair: res[config][mode] = list of parsed boots."""
    md = []
    A, B = res[off], res[on]
    md.append("### %s (off) vs %s (on)\n" % (off, on))
    drv = B["tcg"][0]["driver"]
    md.append("Drivers: shash_tfm_digest %s, skcipher_encrypt %s; "
              "spectre_v2: %s.\n" % (drv.get("shash_tfm_digest", "?"),
                         drv.get("skcipher_encrypt", "?"),
                         B["tcg"][0].get("spectre_v2", "?")))
    md.append("**Calls** (fips140_bench.ko): instructions per call "
              "(-icount) and ns per call (TCG)\n")
    md.append("| call | form | insns off | insns on | ns off | ns on | "
              "ratio on/off (ns) |")
    md.append("|---|---|---:|---:|---:|---:|---:|")
    keys = sorted({k for r in B["tcg"] for k in r["call"]},
                  key=lambda k: (k[0], ["direct", "pointer",
                                        "trampoline"].index(k[1])))
    for k in keys:
        ia = [r["call"][k] for r in A["icount"] if k in r["call"]]
        ib = [r["call"][k] for r in B["icount"] if k in r["call"]]
        ta = [r["call"][k] for r in A["tcg"] if k in r["call"]]
        tb = [r["call"][k] for r in B["tcg"] if k in r["call"]]
        md.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            k[0], k[1], cell(ia, "%.1f"), cell(ib, "%.1f"), cell(ta, "%.1f"),
            cell(tb, "%.1f"), ratio(ta, tb)))
    md.append("")
    for api in sorted({k[0] for k in keys}):
        ib = {f: med([r["call"][(api, f)] for r in B["icount"]])
              for f in ("direct", "pointer", "trampoline")
              if all((api, f) in r["call"] for r in B["icount"])}
        if len(ib) == 3:
            md.append("- %s: the trampoline adds %.1f instructions to a "
                      "call (trampoline - pointer); the reference design's "
                      "pointer load and indirect call add %.1f (pointer - "
                      "direct)." % (api, ib["trampoline"] - ib["pointer"],
                                    ib["pointer"] - ib["direct"]))
    md.append("")
    md.append("**Throughput** through AF_ALG, MB/s (TCG wall clock; "
              "icount: bytes per microsecond of instructions)\n")
    md.append("| algorithm | bytes | off | on | ratio (TCG) | "
              "ratio (icount) |")
    md.append("|---|---:|---:|---:|---:|---:|")
    plot = []
    for alg in ALGS:
        for size in SIZES:
            k = (alg, size)
            ta = [r["afalg"][k] / 1e6 for r in A["tcg"]]
            tb = [r["afalg"][k] / 1e6 for r in B["tcg"]]
            ia = [r["afalg"][k] for r in A["icount"]]
            ib = [r["afalg"][k] for r in B["icount"]]
            md.append("| %s | %d | %s | %s | %s | %s |" % (
                alg, size, cell(ta, "%.1f"), cell(tb, "%.1f"), ratio(ta, tb),
                ratio(ia, ib)))
            plot.append((alg, size, med(tb) / med(ta), med(ib) / med(ia)))
    md.append("")
    ba = [r["init"] for r in A["tcg"]]
    bb = [r["init"] for r in B["tcg"]]
    it = [r["integrity_us"] / 1e3 for r in B["tcg"] if r["integrity_us"]]
    md.append("**Boot** to /init, s (TCG): off %s, on %s, ratio %s; the "
              "integrity self-test's own time: %s ms.\n" %
              (cell(ba, "%.2f"), cell(bb, "%.2f"), ratio(ba, bb),
               cell(it, "%.1f")))
    md.append("**Memory** after boot, KiB (the same initramfs on both "
              "sides)\n")
    md.append("| | off | on | on - off | ratio |")
    md.append("|---|---:|---:|---:|---:|")

    def row(name, a, b):
        md.append("| %s | %s | %s | %+d | %s |" % (
            name, cell(a), cell(b), med(b) - med(a), ratio(a, b)))
    row("MemTotal", [r["MemTotal"] for r in A["tcg"]],
        [r["MemTotal"] for r in B["tcg"]])
    row("MemFree", [r["MemFree"] for r in A["tcg"]],
        [r["MemFree"] for r in B["tcg"]])
    row("used (MemTotal - MemFree)",
        [r["MemTotal"] - r["MemFree"] for r in A["tcg"]],
        [r["MemTotal"] - r["MemFree"] for r in B["tcg"]])
    row("init memory freed", [r.get("initmem", 0) for r in A["tcg"]],
        [r.get("initmem", 0) for r in B["tcg"]])
    md.append("| fips140 in /proc/modules (resident) | - | %s | | |" %
              cell([r.get("module", 0) / 1024 for r in B["tcg"]]))
    md.append("| embedded fips140.ko image (init data, freed) | - | %d | | |"
              % (res[on]["size"]["image"] // 1024))
    sa, sb = res[off]["size"], res[on]["size"]
    for k in ("text", "data", "bss"):
        md.append("| vmlinux %s (size) | %d | %d | %+d | %.3f |" % (
            k, sa[k] // 1024, sb[k] // 1024, (sb[k] - sa[k]) // 1024,
            sb[k] / sa[k]))
    md.append("")
    if "build" in res[off]:
        ba, bb = res[off]["build"], res[on]["build"]
        md.append("**Build**, s (ccache disabled, %d core(s), one build "
                  "each): from scratch off %.0f, on %.0f, ratio %.3f; after "
                  "touching crypto/sha256_generic.c off %.0f, on %.0f, "
                  "ratio %.3f.\n" % (os.cpu_count(), ba[0], bb[0],
                                     bb[0] / ba[0], ba[1], bb[1],
                                     bb[1] / ba[1]))
    return md, plot


def write_plot(plot, png):
    if not shutil.which("gnuplot"):
        raise Error("gnuplot is not installed (apt-get install gnuplot-nox)")
    dat = png[:-4] + ".dat"
    with open(dat, "w") as f:
        for alg in ALGS:
            f.write("# %s\n" % alg)
            for a, size, rt, ri in plot:
                if a == alg:
                    f.write("%d %.4f %.4f\n" % (size, rt, ri))
            f.write("\n\n")
    script = ("set terminal png size 900,500; set output '%s';"
              "set logscale x 2; set xlabel 'message size (bytes)';"
              "set ylabel 'throughput on/off'; set key outside;"
              "set title 'fips140.ko: AF_ALG throughput, feature on / off';"
              "plot " % png + ", ".join(
                  "'%s' index %d using 1:2 with linespoints title '%s TCG', "
                  "'%s' index %d using 1:3 with lines dt 2 title '%s icount'"
                  % (dat, i, alg, dat, i, alg) for i, alg in enumerate(ALGS)))
    run(["gnuplot", "-e", script])


def main(argv):
    ap = argparse.ArgumentParser(prog="bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true",
                    help="one boot of each kind, few iterations, no "
                    "builds (make check)")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--append", default="",
                    help="more kernel command line for every bench boot")
    args = ap.parse_args(argv)
    if args.runs < 1:
        raise Error("--runs %d: at least one run of each kind" % args.runs)
    runs, iters, ms = args.runs, 20000, 200
    if args.quick:
        runs, iters, ms = 1, 200, 5
    pairs = [PAIRS[0]] + [p for p in PAIRS[1:] if built(p[0]) and
                          built(p[1])]
    for off, on in PAIRS[:1]:
        for c in (off, on):
            if not built(c):
                log("  BUILD   %s" % c)
                run(KDEV + ["build", c, "--quiet"])
    res, P = {}, {}
    for off, on in pairs:
        arch = paths(off)["arch"]
        base = os.path.join(work(), "initramfs-%s-base.cpio" % arch)
        run(["bash", os.path.join(T, "mkinitramfs.sh"), "-a", arch, "-o",
             base])
        for c in (off, on):
            P[c] = paths(c)
            P[c]["image"] = kernel_image(P[c])
            P[c]["initrd"] = bench_initrd(c, base)
            res[c] = {"tcg": [], "icount": [],
                      "size": size_of(os.path.join(P[c]["out"], "vmlinux"))}
    total = 2 * runs * 2 * len(pairs)
    n = 0
    t0 = time.time()
    for mode in ("tcg", "icount"):
        for i in range(runs):
            for off, on in pairs:
                for c in (off, on):
                    n += 1
                    log("  BENCH   [%d/%d] %s %s run %d (%.0f s)" %
                        (n, total, c, mode, i + 1, time.time() - t0))
                    res[c][mode].append(boot(c, P[c], P[c]["initrd"],
                                             mode == "icount", iters, ms, i,
                                             args.append))
    if not args.quick and not args.no_build:
        for off, on in pairs[:1]:
            src = P[off]["src"]
            env = dict(os.environ, CCACHE_DISABLE="1")
            outs = {c: os.path.join(work(), "build", c) for c in (off, on)}
            for c in (off, on):
                if os.path.exists(outs[c]):
                    shutil.rmtree(outs[c])
                log("  BENCH   build %s from scratch, no ccache" % c)
                res[c]["build"] = [timed_build(c, outs[c], env=env)]
            for c in (off, on):
                log("  BENCH   rebuild %s after a touch" % c)
                res[c]["build"].append(timed_build(
                    c, outs[c], os.path.join(src, "crypto",
                                             "sha256_generic.c"), env))
    qemu = run(["qemu-system-x86_64", "--version"]).splitlines()[0]
    cpu = re.search(r"^model name\s*: (.*)$", open("/proc/cpuinfo").read(),
                    re.M)
    mem = re.search(r"^MemTotal:\s*(\d+)", open("/proc/meminfo").read(),
                    re.M)
    md = ["# make bench: the feature's cost, off vs on", "",
          "Machine: %s, %d cores, %.0f GiB, %s %s. %s, TCG (no KVM): "
          "%d interleaved boots (A B A B ...) of each config for wall-clock "
          "numbers and %d with `%s` for instruction counts; %d calls per "
          "form, %g ms per throughput point. Median [min-max] of the runs."
          % (cpu.group(1) if cpu else platform.machine(), os.cpu_count(),
             int(mem.group(1)) / 2**20, platform.system(), platform.release(),
             qemu, runs, runs, ICOUNT, iters, ms), ""]
    if args.quick:
        md += ["(--quick: a smoke run of the bench, not a measurement.)", ""]
    plot = []
    for off, on in pairs:
        m, p = pair_tables(off, on, res)
        md += m
        if off == PAIRS[0][0]:
            plot = p
    out = os.path.join(work(), "latest.md")
    with open(out, "w") as f:
        f.write("\n".join(md) + "\n")
    write_plot(plot, os.path.join(work(), "latest.png"))
    print("\n".join(md))
    log("  BENCH   %s, %s (%.0f s)" % (out, os.path.join(work(),
                                                      "latest.png"),
                                       time.time() - t0))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Error as e:
        print("bench: %s" % e, file=sys.stderr)
        sys.exit(1)
