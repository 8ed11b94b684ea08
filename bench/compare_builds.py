#!/usr/bin/env python3
"""Start-up, end-to-end and language time of several folio binaries side by side, e.g. a
plain `swift build -c release` against `--static-swift-stdlib`, or a build before a change
against one after it: `--version`, a one-cell run, the Japan notebook, fib(27) and the
10M-iteration scalar loop (bench/programs/). The binaries take turns within each round (interleaved), so load that
drifts during the measurement hits all of them alike; prints a Markdown table of
median (min) wall time, mean CPU time (user + sys) and peak RSS, and warns if their outputs
differ.

Usage: bench/compare_builds.py [--rounds N] FOLIO_BINARY...      (standard library only)
"""
import filecmp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work", "compare_builds")
# FOLIO_COMPARE_NOTEBOOK: another notebook for the end-to-end case (e.g. an older version of
# the Japan notebook that an older binary can run).
JAPAN = os.environ.get("FOLIO_COMPARE_NOTEBOOK", os.path.join(ROOT, "Notebooks", "japan-defense-trajectory.yaml"))
ONE = os.path.join(ROOT, "bench", "programs", "startup.yaml")
FIB = os.path.join(ROOT, "bench", "programs", "fib.yaml")
LOOP = os.path.join(ROOT, "bench", "programs", "loop.yaml")


def timed(argv):
    """Wall seconds, CPU seconds (user + sys of the child) and max RSS (KiB) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def main(argv):
    rounds = 40
    if len(argv) > 2 and argv[1] == "--rounds":
        rounds, argv = int(argv[2]), [argv[0]] + argv[3:]
    binaries = [os.path.abspath(b) for b in argv[1:]]
    if not binaries:
        raise SystemExit("usage: compare_builds.py [--rounds N] FOLIO_BINARY...")
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    cases = {
        "--version": lambda b, i: [b, "--version"],
        "one-cell run": lambda b, i: [b, "run", ONE, "-o", f"{WORK}/one-{i}", "--quiet"],
        "Japan notebook": lambda b, i: [b, "run", JAPAN, "-o", f"{WORK}/japan-{i}", "--quiet"],
        "fib(27)": lambda b, i: [b, "run", FIB, "-o", f"{WORK}/fib-{i}", "--quiet"],
        "loop 10M": lambda b, i: [b, "run", LOOP, "-o", f"{WORK}/loop-{i}", "--quiet"],
    }
    wall = {(i, c): [] for i in range(len(binaries)) for c in cases}
    cpu = {(i, c): [] for i in range(len(binaries)) for c in cases}
    for r in range(rounds + 3):                 # 3 warm-up rounds
        for c, make in cases.items():
            for i, b in enumerate(binaries):
                w, u, _ = timed(make(b, i))
                if r >= 3:
                    wall[(i, c)].append(w)
                    cpu[(i, c)].append(u)
    print(f"| binary | {' | '.join(f'{c}: median (min), CPU' for c in cases)} | peak RSS (Japan) |")
    print("|---|" + "---:|" * (len(cases) + 1))
    for i, b in enumerate(binaries):
        # A fresh process per binary, so ru_maxrss is this binary's alone.
        rss = subprocess.run([sys.executable, "-c",
                              "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
                              " stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                              *cases["Japan notebook"](b, i)], capture_output=True, text=True).stdout.strip()
        cells = [f"{statistics.median(wall[(i, c)]) * 1000:.1f} ms ({min(wall[(i, c)]) * 1000:.1f}), "
                 f"{statistics.mean(cpu[(i, c)]) * 1000:.1f} ms" for c in cases]
        print(f"| `{os.path.relpath(b, ROOT)}` | {' | '.join(cells)} | {int(rss) / 1024:.1f} MiB |")
    for i in range(1, len(binaries)):
        cmp = filecmp.dircmp(f"{WORK}/japan-0", f"{WORK}/japan-{i}")
        if cmp.diff_files or cmp.left_only or cmp.right_only:
            print(f"note: the outputs of binary {i + 1} differ from binary 1: {cmp.diff_files}", file=sys.stderr)
    print(f"\n{rounds} interleaved rounds after 3 warm-up rounds; wall time median (min), mean CPU time (user + sys).")


if __name__ == "__main__":
    main(sys.argv)
