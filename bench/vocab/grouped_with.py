"""pandas peer of grouped_with.yaml: the rank of each row within its group (ties sharing the
lowest rank), kept in table order (dplyr group_by + mutate; pandas groupby().rank())."""
import sys
import pandas as pd

folder, out = sys.argv[1], sys.argv[2]
t = pd.read_csv(f"{folder}/rows.csv")
t["r"] = t.groupby("k", sort=False)["v"].rank(method="min")
pd.DataFrame({"rows": [len(t)], "columns": [len(t.columns)], "total": [t["r"].sum()], "first": [t["r"].iloc[0]]}) \
    .to_csv(f"{out}/summary.csv", index=False)
