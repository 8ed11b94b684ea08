#!/usr/bin/env python3
"""Checks that two grouped.csv files (year, country, total, average) hold the same groups
with the same numbers, in any order: totals and averages equal within 1e-9 relative.

Usage: same_answers.py REFERENCE.csv OTHER.csv   (standard library only)
Prints one line; exit status 1 on the first difference.
"""
import csv
import math
import sys


def groups(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for r in rows:
        key = (float(r["year"]), r["country"])
        if key in out:
            raise SystemExit(f"{path}: the group {key} appears twice")
        out[key] = (float(r["total"]), float(r["average"]))
    return out


def main(reference, other):
    a, b = groups(reference), groups(other)
    if a.keys() != b.keys():
        raise SystemExit(f"different groups: {len(a)} in {reference}, {len(b)} in {other}, "
                         f"{len(a.keys() ^ b.keys())} in only one")
    for key, (total, average) in a.items():
        t, m = b[key]
        if not (math.isclose(total, t, rel_tol=1e-9) and math.isclose(average, m, rel_tol=1e-9)):
            raise SystemExit(f"group {key}: {total}, {average} against {t}, {m}")
    print(f"same answers: {len(a):,} groups, totals and averages within 1e-9 relative")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
