#!/usr/bin/env python3
"""Writes the benchmark CSV: N rows of (year, country, value), deterministic."""
import random
import sys

def main(path: str, rows: int) -> None:
    rng = random.Random(20261125)
    countries = ["United States", "China", "Japan", "Germany", "France", "United Kingdom", "India",
                 "South Korea", "Australia", "Italy", "Poland", "Canada", "Netherlands", "Spain",
                 "Taiwan", "Norway", "Sweden", "Finland", "Turkey", "Greece"]
    with open(path, "w", newline="\n") as f:
        f.write("year,country,value\n")
        for _ in range(rows):
            year = rng.randint(1990, 2029)
            country = rng.choice(countries)
            value = round(rng.uniform(0.5, 900.0), 3)
            f.write(f"{year},{country},{value}\n")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
