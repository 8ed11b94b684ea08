"""pandas peer of rank.yaml: rank a 1M-row column, ties sharing the lowest rank."""
import sys
import pandas as pd

folder, out = sys.argv[1], sys.argv[2]
t = pd.read_csv(f"{folder}/rows.csv")
t["r"] = t["v"].rank(method="min")
pd.DataFrame({"rows": [len(t)], "total": [t["r"].sum()], "first": [t["r"].iloc[0]], "last": [t["r"].iloc[-1]]}) \
    .to_csv(f"{out}/summary.csv", index=False)
