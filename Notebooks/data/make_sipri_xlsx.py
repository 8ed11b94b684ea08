#!/usr/bin/env python3
"""Writes sipri_milex.xlsx: the SIPRI figures of milex_trend.csv and milex_by_country.csv
as a workbook laid out like SIPRI's Military Expenditure Database (a title block above
the header row, one sheet per measure, a country per row and a year per column, notes
under the table). No figure is changed; an empty cell is a figure not verified.

    python3 Notebooks/data/make_sipri_xlsx.py      # needs openpyxl (pip install openpyxl)

Re-running it on unchanged CSV files gives the same cells (only the archive's file times
differ); commit the .xlsx with the CSV files it came from.
"""
import csv, datetime, pathlib
import openpyxl
from openpyxl.styles import Font

here = pathlib.Path(__file__).resolve().parent

def rows(name):
    with open(here / name, newline="") as f:
        return list(csv.DictReader(f))

def number(text):
    return None if text == "" else (int(text) if text.isdigit() else float(text))

def sheet(wb, title, heading, lines, header_years, table, notes):
    ws = wb.create_sheet(title)
    ws["A1"] = heading
    ws["A1"].font = Font(bold=True, size=13)
    for i, line in enumerate(lines):
        ws.cell(row=2 + i, column=1, value=line)
    header = 2 + len(lines) + 1
    for j, value in enumerate(["Country", "Notes"] + header_years):
        ws.cell(row=header, column=1 + j, value=value).font = Font(bold=True)
    for i, (country, note, values) in enumerate(table):
        ws.cell(row=header + 1 + i, column=1, value=country)
        ws.cell(row=header + 1 + i, column=2, value=note)
        for j, value in enumerate(values):
            if value is not None:
                ws.cell(row=header + 1 + i, column=3 + j, value=value)
    row = header + len(table) + 2
    for note in notes:
        ws.cell(row=row, column=1, value=note)
        row += 1
    return header

wb = openpyxl.Workbook()
wb.remove(wb.active)
source_line = ("Built by make_sipri_xlsx.py from milex_trend.csv and milex_by_country.csv (sources: SOURCES.md); "
               "laid out like SIPRI's Military Expenditure Database. An empty cell is a figure not verified.")

# Current US$, 2014-2024: the trend series (as first published in each year's fact sheet).
trend = rows("milex_trend.csv")
years = sorted({int(r["year"]) for r in trend})
countries = list(dict.fromkeys(r["country"] for r in trend))
table, notes = [], []
for country in countries:
    by_year = {int(r["year"]): r for r in trend if r["country"] == country}
    last = by_year[max(years)]
    table.append((country, last["note"], [number(by_year[y]["milex_usd_bn"]) if y in by_year else None for y in years]))
    for y in years:
        if y in by_year and by_year[y]["note"] != last["note"]:
            notes.append(f"{country} {y}: {by_year[y]['note']}")
header = sheet(wb, "Current US$", f"Military expenditure by country, in billions of US$ at current prices and exchange rates, {years[0]}-{years[-1]}",
               ["Figures for each year as first published in SIPRI's fact sheet of the next year (SIPRI-FS-2015 to SIPRI-FS-2025); "
                "SIPRI revises earlier years in every release.", source_line],
               years, table, ["Notes:"] + notes)

# Share of GDP, 2023-2024: every country of milex_by_country.csv.
by_country = rows("milex_by_country.csv")
share_years = sorted({int(r["year"]) for r in by_country})
table = []
for country in dict.fromkeys(r["country"] for r in by_country):
    by_year = {int(r["year"]): r for r in by_country if r["country"] == country}
    table.append((country, "", [number(by_year[y]["share_gdp_pct"]) if y in by_year else None for y in share_years]))
sheet(wb, "Share of GDP", f"Military expenditure by country as percentage of gross domestic product, {share_years[0]}-{share_years[-1]}",
      ["Figures as published in SIPRI's fact sheets SIPRI-FS-2024 (2023) and SIPRI-FS-2025 (2024).", source_line],
      share_years, table, [])

fixed = datetime.datetime(2025, 4, 28)
wb.properties.created = fixed
wb.properties.modified = fixed
wb.properties.creator = "make_sipri_xlsx.py"
wb.save(here / "sipri_milex.xlsx")
print(f"wrote sipri_milex.xlsx: 'Current US$' header on row {header}, {len(countries)} countries, {len(years)} years")
