"""pandas peer of bench/vocab/rolling.yaml: load, 12-row rolling mean of a 1M-row column, write the last 1,000 rows."""
import sys
import pandas as pd

folder = sys.argv[1]
t = pd.read_csv(f"{folder}/rows.csv")
t["m"] = t["value"].rolling(12).mean()
t.tail(1000).to_csv(f"{folder}/out-pandas/rolling.csv", index=False)
