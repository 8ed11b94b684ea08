"""pandas peer of grouped_with.yaml: a running sum within each group, kept in table order
(dplyr group_by + mutate; pandas groupby().cumsum())."""
import sys
import pandas as pd

folder, out = sys.argv[1], sys.argv[2]
t = pd.read_csv(f"{folder}/rows.csv")
t["r"] = t.groupby("k", sort=False)["v"].cumsum()
pd.DataFrame({"rows": [len(t)], "columns": [len(t.columns)], "total": [t["r"].sum()], "first": [t["r"].iloc[0]]}) \
    .to_csv(f"{out}/summary.csv", index=False)
