"""polars peer of bench/data/group.yaml: load, two-key group with sum and mean, write.

Usage: group_polars.py FOLDER   (reads FOLDER/rows.csv, writes FOLDER/out-polars/grouped.csv)
The lazy API (scan, group, collect), polars' fastest way; it uses every core.
"""
import os
import sys

import polars as pl

folder = sys.argv[1]
os.makedirs(f"{folder}/out-polars", exist_ok=True)
g = (pl.scan_csv(f"{folder}/rows.csv")
     .group_by(["year", "country"], maintain_order=True)
     .agg(pl.col("value").sum().alias("total"), pl.col("value").mean().alias("average"))
     .collect())
g.write_csv(f"{folder}/out-polars/grouped.csv")
