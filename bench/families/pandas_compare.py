#!/usr/bin/env python3
"""The pandas peer of `folio diff` on two CSVs: read both (first column as the index) and
list the changed cells with `DataFrame.compare`. Usage: pandas_compare.py OLD.csv NEW.csv"""
import sys
import pandas as pd

old = pd.read_csv(sys.argv[1], index_col=0)
new = pd.read_csv(sys.argv[2], index_col=0)
print(len(old.compare(new)), "rows with changed cells")
