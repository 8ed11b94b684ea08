#!/usr/bin/env python3
"""Start-up of two folio binaries in the same run: `folio --version` and a one-cell run
(bench/programs/startup.yaml, writing the HTML report and manifest), the binaries taking
turns within each round so that load drifting during the measurement hits both alike.
Prints a Markdown table: median (min) wall time, mean CPU time, and B's median over A's.

Usage: bench/startup_ab.py [--rounds N] BEFORE_BINARY AFTER_BINARY   (standard library only)
`bench/startup-against REF` builds both (REF and this checkout) and runs this.
"""
import os
import shutil
import statistics
import sys

from compare_builds import timed

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work", "startup_ab")
ONE = os.path.join(ROOT, "bench", "programs", "startup.yaml")


def main(argv):
    rounds = 60
    if len(argv) > 2 and argv[1] == "--rounds":
        rounds, argv = int(argv[2]), [argv[0]] + argv[3:]
    if len(argv) != 3:
        raise SystemExit("usage: startup_ab.py [--rounds N] BEFORE_BINARY AFTER_BINARY")
    binaries = [os.path.abspath(b) for b in argv[1:]]
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    cases = {
        "folio --version": lambda b, i: [b, "--version"],
        "one-cell run": lambda b, i: [b, "run", ONE, "-o", f"{WORK}/one-{i}", "--quiet"],
    }
    wall = {(i, c): [] for i in range(2) for c in cases}
    cpu = {(i, c): [] for i in range(2) for c in cases}
    for r in range(rounds + 3):  # 3 warm-up rounds
        for c, make in cases.items():
            for i, b in enumerate(binaries):
                w, u, _ = timed(make(b, i))
                if r >= 3:
                    wall[(i, c)].append(w)
                    cpu[(i, c)].append(u)
    print("| case | before: median (min), CPU | after: median (min), CPU | after / before (median) |")
    print("|---|---:|---:|---:|")
    for c in cases:
        cells = [f"{statistics.median(wall[(i, c)]) * 1000:.2f} ms ({min(wall[(i, c)]) * 1000:.2f}), "
                 f"{statistics.mean(cpu[(i, c)]) * 1000:.2f} ms" for i in range(2)]
        ratio = statistics.median(wall[(1, c)]) / statistics.median(wall[(0, c)])
        print(f"| {c} | {cells[0]} | {cells[1]} | {ratio:.3f} |")
    print(f"\n{rounds} interleaved rounds after 3 warm-up rounds; before = `{binaries[0]}`, after = `{binaries[1]}`.")


if __name__ == "__main__":
    main(sys.argv)
