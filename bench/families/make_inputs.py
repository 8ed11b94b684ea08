#!/usr/bin/env python3
"""Inputs of bench/families/run, written into WORK:

- matrix-N.yaml: N parameter sets of Notebooks/japan-defense-trajectory.yaml (a mapping
  of lists: gdp_growth × target_year × fixed_base; values are assumptions to vary, not
  data), and sets-N.json, the same sets for the papermill loop;
- diff/old, diff/new: two output folders (manifest.json + big.csv) whose CSVs have ROWS
  rows `id,region,value,share` and differ in every 1,000th row's `value`.
"""
import hashlib, json, os, random, sys

work, n, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(work, exist_ok=True)

# n = growth values × 5 target years × 2 bases.
per = max(1, n // 10)
growth = [round(0.005 + 0.045 * i / max(1, per - 1), 6) for i in range(per)]
years = [2023, 2024, 2025, 2026, 2027]
with open(f"{work}/matrix-{n}.yaml", "w") as f:
    f.write("gdp_growth: [" + ", ".join(repr(g) for g in growth) + "]\n")
    f.write("target_year: [" + ", ".join(map(str, years)) + "]\n")
    f.write("fixed_base: [true, false]\n")
sets = [{"gdp_growth": g, "target_year": y, "fixed_base": b} for g in growth for y in years for b in (True, False)]
json.dump(sets, open(f"{work}/sets-{n}.json", "w"))

def folder(path, text):
    os.makedirs(path, exist_ok=True)
    data = text.encode()
    open(f"{path}/big.csv", "wb").write(data)
    manifest = {"folio_version": "0.1.0", "notebook": "big.yaml", "title": "Big", "status": "ok",
                "parameters": [], "inputs": [], "cells": [{"id": "big", "kind": "code", "status": "ok"}],
                "outputs": [{"path": "big.csv", "sha256": hashlib.sha256(data).hexdigest()}]}
    json.dump(manifest, open(f"{path}/manifest.json", "w"), indent=2)

if rows and not os.path.exists(f"{work}/diff/new/big.csv"):
    rng = random.Random(7)
    regions = ["north", "south", "east", "west", "centre"]
    old, new = ["id,region,value,share\n"], ["id,region,value,share\n"]
    for i in range(rows):
        v = round(rng.uniform(0, 1e6), 2)
        s = round(rng.random(), 6)
        r = regions[i % 5]
        old.append(f"{i},{r},{v},{s}\n")
        new.append(f"{i},{r},{v + 1 if i % 1000 == 0 else v},{s}\n")
    folder(f"{work}/diff/old", "".join(old))
    folder(f"{work}/diff/new", "".join(new))
