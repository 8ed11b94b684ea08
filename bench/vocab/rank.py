"""pandas peer of bench/vocab/rank.yaml: load, rank a 1M-row column (ties share the lowest rank), write the last 1,000 rows."""
import sys
import pandas as pd

folder = sys.argv[1]
t = pd.read_csv(f"{folder}/rows.csv")
t["r"] = t["value"].rank(method="min")
t.tail(1000).to_csv(f"{folder}/out-pandas/rank.csv", index=False)
