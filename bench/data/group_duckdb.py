"""DuckDB peer of bench/data/group.yaml: load, two-key group with sum and mean, write.

Usage: group_duckdb.py FOLDER   (reads FOLDER/rows.csv, writes FOLDER/out-duckdb/grouped.csv)
DuckDB uses every core (its default); the whole process is measured, start-up included.
"""
import os
import sys

import duckdb

folder = sys.argv[1]
os.makedirs(f"{folder}/out-duckdb", exist_ok=True)
duckdb.sql(
    f"COPY (SELECT year, country, sum(value) AS total, avg(value) AS average "
    f"FROM read_csv('{folder}/rows.csv') GROUP BY ALL) TO '{folder}/out-duckdb/grouped.csv' (HEADER)"
)
