#!/usr/bin/env python3
"""Writes the data files of bench/sources/run into DIR: a 100,000-row x 10-column
workbook (sheet.xlsx, openpyxl), a 1,000,000-line JSON Lines file (rows.jsonl) and a
1,000,000-row SQLite table (rows.db), all with the same 10 columns: two text columns
(country: 20 names, sector: 5) and eight numbers (id and year integers, six decimals).
Deterministic (seeded). Usage: make_data.py DIR [XLSX_ROWS] [ROWS]"""
import json, pathlib, random, sqlite3, sys
import openpyxl

out = pathlib.Path(sys.argv[1])
xlsx_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
out.mkdir(parents=True, exist_ok=True)
countries = ["Country %02d" % i for i in range(20)]
sectors = ["army", "navy", "air", "space", "cyber"]
names = ["id", "country", "sector", "year", "a", "b", "c", "d", "e", "f"]

def row(i, rng):
    return [i, countries[i % 20], sectors[i % 5], 1990 + i % 35] + [round(rng.uniform(-1000, 1000), 3) for _ in range(6)]

rng = random.Random(7)
if not (out / "sheet.xlsx").exists():
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(names)
    for i in range(xlsx_rows):
        ws.append(row(i, rng))
    wb.save(out / "sheet.xlsx")
rng = random.Random(7)
if not (out / "rows.jsonl").exists():
    with open(out / "rows.jsonl", "w") as f:
        for i in range(rows):
            f.write(json.dumps(dict(zip(names, row(i, rng)))) + "\n")
rng = random.Random(7)
if not (out / "rows.db").exists():
    db = sqlite3.connect(out / "rows.db")
    db.execute("CREATE TABLE rows(id INTEGER, country TEXT, sector TEXT, year INTEGER, a REAL, b REAL, c REAL, d REAL, e REAL, f REAL)")
    db.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?)", (row(i, rng) for i in range(rows)))
    db.commit()
    db.close()
