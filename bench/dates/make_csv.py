#!/usr/bin/env python3
"""Writes the CSV pair of bench/dates/ (standard library only, fixed seed, so every run
and machine measures the same bytes):

  dates.csv  ROWS rows (default 1,000,000): day,v
             day  a random day from 1990-01-01 to 2030-12-31 as YYYY-MM-DD (a date column)
             v    a random number with two decimals in [0, 1000)
  days.csv   the same rows with `day` as its day number since 1970-01-01 (an integer
             column of 4 to 5 digits): the baseline the date column is measured against

Usage: make_csv.py DIR [ROWS]
"""
import datetime
import os
import random
import sys


def main(folder, rows):
    rng = random.Random(20260416)
    epoch = datetime.date(1970, 1, 1)
    first = (datetime.date(1990, 1, 1) - epoch).days
    last = (datetime.date(2030, 12, 31) - epoch).days
    files = {"dates.csv": [], "days.csv": []}
    handles = {name: open(os.path.join(folder, name + ".tmp"), "w", encoding="utf-8", newline="\n") for name in files}
    for f in handles.values():
        f.write("day,v\n")
    for i in range(rows):
        n = rng.randint(first, last)
        v = rng.randrange(100000) / 100
        files["dates.csv"].append(f"{epoch + datetime.timedelta(days=n)},{v}\n")
        files["days.csv"].append(f"{n},{v}\n")
        if len(files["days.csv"]) >= 100000 or i == rows - 1:
            for name, out in files.items():
                handles[name].write("".join(out))
                out.clear()
    for name, f in handles.items():
        f.close()
        os.replace(os.path.join(folder, name + ".tmp"), os.path.join(folder, name))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: make_csv.py DIR [ROWS]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 1000000)
