#!/usr/bin/env python3
"""Writes the CSVs of bench/vocab/ (standard library only, fixed seed, so every run and
machine measures the same bytes):

  rows.csv   ROWS rows (default 1,000,000): id,name,k,v in a shuffled order
             id  0..999 (a number), name n0..n999 (text): every (id, name) pair exactly once
                 when ROWS is 1,000,000 (pivot_wider makes 1,000 ids x 1,000 names)
             k   g0..g999 (text), a random group key (about 1,000 rows a group)
             v   a random number with two decimals in [0, 1000)
  wide.csv   rows.csv pivoted: id, then n0..n999 (1,000 rows x 1,001 columns), the input of
             pivot_longer

Usage: make_csv.py DIR [ROWS]
"""
import os
import random
import sys


def main(folder, rows):
    rng = random.Random(20260415)
    side = 1000
    order = list(range(rows))
    rng.shuffle(order)
    cells = {}
    tmp = os.path.join(folder, "rows.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("id,name,k,v\n")
        out = []
        for i in order:
            ident, name = (i // side) % side, i % side
            v = rng.randrange(100000) / 100
            cells[(ident, name)] = v
            out.append(f"{ident},n{name},g{rng.randrange(1000)},{v}\n")
            if len(out) >= 100000:
                f.write("".join(out))
                out.clear()
        f.write("".join(out))
    os.replace(tmp, os.path.join(folder, "rows.csv"))
    ids = sorted({k[0] for k in cells})
    tmp = os.path.join(folder, "wide.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("id," + ",".join(f"n{j}" for j in range(side)) + "\n")
        for ident in ids:
            f.write(f"{ident}," + ",".join("" if (ident, j) not in cells else str(cells[(ident, j)]) for j in range(side)) + "\n")
    os.replace(tmp, os.path.join(folder, "wide.csv"))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: make_csv.py DIR [ROWS]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 1000000)
