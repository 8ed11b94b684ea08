#!/usr/bin/env python3
"""Checks that folio and its peer computed the same tables: each named CSV in folio's output
folder against the peer's, cell by cell; numbers compared with a relative tolerance of 1e-9
(pandas and folio may print the same double differently, e.g. `0` and `0.0`).

Usage: compare_outputs.py FOLIO_DIR PEER_DIR NAME.csv...   (standard library only)
Prints one line; exit status 1 on the first difference.
"""
import csv
import math
import sys


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def main(argv):
    if len(argv) < 4:
        raise SystemExit("usage: compare_outputs.py FOLIO_DIR PEER_DIR NAME.csv...")
    folio_dir, peer_dir, names = argv[1], argv[2], argv[3:]
    cells = 0
    for name in names:
        with open(f"{folio_dir}/{name}", newline="", encoding="utf-8") as f:
            a = list(csv.reader(f))
        with open(f"{peer_dir}/{name}", newline="", encoding="utf-8") as f:
            b = list(csv.reader(f))
        if len(a) != len(b):
            raise SystemExit(f"{name}: {len(a) - 1} rows from folio, {len(b) - 1} from the peer")
        for i, (ra, rb) in enumerate(zip(a, b)):
            if len(ra) != len(rb) or not all(same(x, y) for x, y in zip(ra, rb)):
                raise SystemExit(f"{name} line {i + 1}: folio {ra} vs peer {rb}")
            cells += len(ra)
    print(f"outputs agree: {', '.join(names)} ({cells:,} fields)")


if __name__ == "__main__":
    main(sys.argv)
