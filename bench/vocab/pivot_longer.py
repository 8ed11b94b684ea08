"""pandas peer of pivot_longer.yaml. `melt` is the pandas idiom (its rows come column by
column, folio's row by row; the summary does not depend on the order)."""
import sys
import pandas as pd

folder, out = sys.argv[1], sys.argv[2]
w = pd.read_csv(f"{folder}/wide.csv")
l = w.melt(id_vars="id", var_name="name", value_name="v")
pd.DataFrame({"rows": [len(l)], "columns": [len(l.columns)], "total": [l["v"].sum()], "last": [l["name"].iloc[-1]]}) \
    .to_csv(f"{out}/summary.csv", index=False)
