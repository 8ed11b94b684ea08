#!/usr/bin/env python3
"""Writes a notebook of N small code cells twice: as folio YAML (DIR/cells-N.yaml) and as
the equivalent Jupyter notebook (DIR/cells-N.ipynb), for the scale benchmark of bench/run.

Cell k binds a name from the previous cell's and shows it, so every cell does the same small
amount of work, depends on the one before, and has one output:
    a1 = 1                          a{k} = a{k-1} * 0.5 + k
    a1                              a{k}
The .ipynb is written as plain JSON (nbformat 4.5, the layout nbformat itself writes), so
this script needs no third-party package.

Usage: gen_cells.py N DIR [--no-ipynb]
"""
import json
import os
import sys


def cell_code(k):
    if k == 1:
        return "a1 = 1\na1"
    return f"a{k} = a{k - 1} * 0.5 + {k}\na{k}"


def write_yaml(n, path):
    lines = ["folio: 1", f"title: {n} small code cells", "cells:"]
    for k in range(1, n + 1):
        lines.append(f"  - id: c{k}")
        lines.append("    code: |")
        lines.extend("      " + line for line in cell_code(k).split("\n"))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_ipynb(n, path):
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{k}", "metadata": {},
              "outputs": [], "source": cell_code(k)} for k in range(1, n + 1)]
    nb = {"cells": cells,
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        raise SystemExit("usage: gen_cells.py N DIR [--no-ipynb]")
    n, folder = int(argv[1]), argv[2]
    os.makedirs(folder, exist_ok=True)
    write_yaml(n, os.path.join(folder, f"cells-{n}.yaml"))
    if "--no-ipynb" not in argv:
        write_ipynb(n, os.path.join(folder, f"cells-{n}.ipynb"))


if __name__ == "__main__":
    main(sys.argv)
