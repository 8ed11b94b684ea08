"""pandas peer of pivot_wider.yaml: ids and names in order of first appearance, as folio."""
import sys
import pandas as pd

folder, out = sys.argv[1], sys.argv[2]
t = pd.read_csv(f"{folder}/rows.csv")
w = t.pivot(index="id", columns="name", values="v").reindex(index=t["id"].unique(), columns=t["name"].unique())
w = w.reset_index()
pd.DataFrame({"rows": [len(w)], "columns": [len(w.columns)], "first": [w["n0"].sum()], "last": [w["n999"].sum()]}) \
    .to_csv(f"{out}/summary.csv", index=False)
