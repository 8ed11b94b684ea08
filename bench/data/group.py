"""pandas peer of bench/data/group.yaml: load, two-key group with sum and mean, write."""
import sys
import pandas as pd

folder = sys.argv[1]
t = pd.read_csv(f"{folder}/rows.csv")
g = t.groupby(["year", "country"], sort=False).agg(total=("value", "sum"), average=("value", "mean")).reset_index()
g.to_csv(f"{folder}/out-pandas/grouped.csv", index=False)
