#!/usr/bin/env python3
"""Writes a benchmark CSV: ROWS rows of year,country,value (default 1,000,000)."""
import random, sys
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
out = sys.argv[1]
random.seed(1)
countries = ["Norway", "Sweden", "Denmark", "Finland", "Germany", "France", "Poland", "Estonia",
             "Latvia", "Lithuania", "United Kingdom", "United States", "Canada", "Italy", "Spain",
             "Netherlands", "Belgium", "Czechia", "Slovakia", "Hungary", "Romania", "Bulgaria",
             "Greece", "Türkiye", "Portugal", "Croatia", "Slovenia", "Albania", "Montenegro", "Iceland"]
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("year,country,value\n")
    for i in range(rows):
        f.write(f"{1990 + i % 40},{countries[(i * 7919) % len(countries)]},{round(random.uniform(0, 100000), 2)}\n")
