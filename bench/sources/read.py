#!/usr/bin/env python3
"""The pandas peer of bench/sources/read_KIND.yaml: read one data file into a DataFrame
and print the same figures (rows, sum of column a).
Usage: read.py xlsx|jsonl|sqlite DIR"""
import sqlite3, sys
import pandas as pd

kind, folder = sys.argv[1], sys.argv[2]
if kind == "xlsx":
    df = pd.read_excel(f"{folder}/sheet.xlsx", engine="openpyxl")
elif kind == "jsonl":
    df = pd.read_json(f"{folder}/rows.jsonl", lines=True)
else:
    with sqlite3.connect(f"file:{folder}/rows.db?mode=ro", uri=True) as db:
        df = pd.read_sql("SELECT * FROM rows", db)
print(len(df), round(df["a"].sum(), 3))
