#!/usr/bin/env python3
"""Writes bench/peers/japan-defense-trajectory.ipynb, the pandas + matplotlib peer of
Notebooks/japan-defense-trajectory.yaml, for the end-to-end benchmark (bench/run).

The code cells are hand translations of the YAML notebook's code cells: the same data
files, the same computations in the same order, the same tables (each also written as a
CSV, as folio writes one per table) and matplotlib line charts (each also saved as SVG,
as folio writes one per chart). Markdown cells are taken from the YAML itself; a cell
with `{{ expr }}` inline values becomes a code cell that displays the Markdown with each
value computed by the Python expression in INLINE below (hand-written; an expression
missing from that table is an error, so the peer cannot silently drift from the YAML).

Usage: make_ipynb.py [OUT.ipynb]   (needs nbformat and PyYAML, both in bench/.venv)
"""
import os
import re
import sys

import nbformat
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
YAML_PATH = os.path.join(HERE, "..", "..", "Notebooks", "japan-defense-trajectory.yaml")

# The folio inline expressions of the notebook's Markdown, translated to Python.
# fmt patterns: "0.0" -> ".1f", "0.00" -> ".2f", "0" -> ".0f", "0%" -> ".0%", "0.0%" -> ".1%".
INLINE = {
    'fmt(plan_level, "0.0")': 'f"{plan_level:.1f}"',
    'fmt(plan_level / prev_level, "0.0")': 'f"{plan_level / prev_level:.1f}"',
    'fmt(prev_level, "0.00")': 'f"{prev_level:.2f}"',
    'fmt(prev_contracts, "0.00")': 'f"{prev_contracts:.2f}"',
    'fmt(plan_contracts, "0.0")': 'f"{plan_contracts:.1f}"',
    'fmt(plan_budget_total, "0.0")': 'f"{plan_budget_total:.1f}"',
    'fmt(plan_acceleration, "0.0")': 'f"{plan_acceleration:.1f}"',
    'fmt(plan_surplus, "0.0")': 'f"{plan_surplus:.1f}"',
    'fmt(plan_dbp_2027, "0.0")': 'f"{plan_dbp_2027:.1f}"',
    'fmt(package_sum, "0.0")': 'f"{package_sum:.1f}"',
    'fmt(gdp_base, "0")': 'f"{gdp_base:.0f}"',
    'fmt(package_sum / gdp_base, "0.0%")': 'f"{package_sum / gdp_base:.1%}"',
    'fmt(first(path.incl_saco_trn_yen), "0.00")': 'f"{path.incl_saco_trn_yen.iloc[0]:.2f}"',
    'first(path.fiscal_year)': 'general(path.fiscal_year.iloc[0])',
    'fmt(budget_2022, "0.00")': 'f"{budget_2022:.2f}"',
    'fmt(min(pre_plan.pct_of_gdp), "0.00")': 'f"{pre_plan.pct_of_gdp.min():.2f}"',
    'fmt(max(pre_plan.pct_of_gdp), "0.00")': 'f"{pre_plan.pct_of_gdp.max():.2f}"',
    'fmt(budget_2023 / budget_2022 - 1, "0%")': 'f"{budget_2023 / budget_2022 - 1:.0%}"',
    'fmt(dbp_cagr, "0.0%")': 'f"{dbp_cagr:.1%}"',
    'fmt(dbp_2022, "0.00")': 'f"{dbp_2022:.2f}"',
    'fmt(last(envelope.cumulative_trn_yen), "0.00")': 'f"{envelope.cumulative_trn_yen.iloc[-1]:.2f}"',
    'fmt(plan_budget_total - envelope_before_2027, "0.00")': 'f"{plan_budget_total - envelope_before_2027:.2f}"',
    'fmt(target_share, "0%")': 'f"{target_share:.0%}"',
    'fmt(last(path.pct_of_gdp), "0.00")': 'f"{path.pct_of_gdp.iloc[-1]:.2f}"',
    'fmt(gdp_growth, "0.0%")': 'f"{gdp_growth:.1%}"',
    'fmt(last(path.pct_of_fixed_base), "0.00")': 'f"{path.pct_of_fixed_base.iloc[-1]:.2f}"',
    'fmt(package_sum - plan_dbp_2027 - plan_saco_2027, "0.0")':
        'f"{package_sum - plan_dbp_2027 - plan_saco_2027:.1f}"',
    'fmt(target_share * last(gdp_path.nominal_gdp_trn_yen), "0.0")':
        'f"{target_share * gdp_path.nominal_gdp_trn_yen.iloc[-1]:.1f}"',
    'fmt(target_share * gdp_base, "0.0")': 'f"{target_share * gdp_base:.1f}"',
    'if fixed_base { "the fixed FY2022 GDP base" } else { "projected GDP" }':
        '"the fixed FY2022 GDP base" if fixed_base else "projected GDP"',
    'target_year': 'general(target_year)',
    'fmt(target_level, "0.0")': 'f"{target_level:.1f}"',
    'fmt(target_level / budget_2022, "0.00")': 'f"{target_level / budget_2022:.2f}"',
    'fmt(growth_needed, "0.0%")': 'f"{growth_needed:.1%}"',
    'fmt(last(doubling.gap_trn_yen), "0.0")': 'f"{doubling.gap_trn_yen.iloc[-1]:.1f}"',
    'if len(ahead) > 0 { "The defense budget alone ran ahead of the path in FY" + join(map(ahead.fiscal_year, y => str(y)), ", FY") + ": the plan front-loaded its increases." } else { "" }':
        '("The defense budget alone ran ahead of the path in FY" + ", FY".join(general(y) for y in ahead.fiscal_year)'
        ' + ": the plan front-loaded its increases.") if len(ahead) > 0 else ""',
    'fmt(last(path.incl_saco_trn_yen) / budget_2022, "0.00")':
        'f"{path.incl_saco_trn_yen.iloc[-1] / budget_2022:.2f}"',
    'fmt(security_2025, "0.0")': 'f"{security_2025:.1f}"',
    'fmt(security_2025 / gdp_base, "0.0%")': 'f"{security_2025 / gdp_base:.1%}"',
    'fmt(supplementary_2025, "0.0")': 'f"{supplementary_2025:.1f}"',
    'fmt(security_2025 + supplementary_2025, "0.0")': 'f"{security_2025 + supplementary_2025:.1f}"',
    'fmt((security_2025 + supplementary_2025) / gdp_base, "0.0%")':
        'f"{(security_2025 + supplementary_2025) / gdp_base:.1%}"',
    'fmt(package_sum / last(gdp_path.nominal_gdp_trn_yen), "0.0%")':
        'f"{package_sum / gdp_path.nominal_gdp_trn_yen.iloc[-1]:.1%}"',
    'fmt(last(path.pct_of_gdp), "0.0")': 'f"{path.pct_of_gdp.iloc[-1]:.1f}"',
}

SETUP = '''\
import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

os.makedirs(out_dir, exist_ok=True)


def general(x):
    """A number as folio's general format shows it in text (integral values exactly)."""
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.6g}"


budgets = pd.read_csv("data/japan_defense_budget.csv")
gdp = pd.read_csv("data/japan_gdp.csv")
plan_items = pd.read_csv("data/japan_buildup_targets.csv")'''

PARAMETERS = '''\
gdp_growth = 0.02    # nominal GDP growth a year after the last GDP figure (FY2025): an assumption
target_year = 2027   # fiscal year by which the 2% goal is to be met (2023-2027)
target_share = 0.02  # the goal, as a share of GDP (0.02 = 2%)
fixed_base = True    # measure the goal against the fixed FY2022 GDP estimate
out_dir = "out"      # where the tables (CSV) and charts (SVG) are written, as folio does'''

# Code cells by the YAML cell id they translate.
CODE = {
    "plan": '''\
# One figure of the plan file by its key (the `item` column).
def plan_value(key):
    return plan_items.loc[plan_items["item"] == key, "value_trn_yen"].iloc[0]

plan_level = plan_value("dbp_fy2023_27_total_level")
plan_budget_total = plan_value("dbp_fy2023_27_budget_total")
plan_acceleration = plan_value("dbp_measure_facility_acceleration")
plan_surplus = plan_value("dbp_measure_surplus_use")
plan_contracts = plan_value("dbp_fy2023_27_new_contracts")
prev_level = plan_value("mtdp_fy2019_23_total_level")
prev_contracts = plan_value("mtdp_fy2019_23_new_contracts")
plan_dbp_2027 = plan_value("dbp_fy2027_dbp_target_expenses")
plan_saco_2027 = plan_value("fy2027_saco_realignment")
plan_security_2027 = plan_value("fy2027_security_related_2pct_level")
gdp_base = plan_value("fy2027_gdp_base_fy2022_estimate")

security_2025 = plan_value("fy2025_security_related_initial")
supplementary_2025 = plan_value("fy2025_supplementary_security_related")

assert 2023 <= target_year <= 2027, "target_year must lie in the plan period, 2023 to 2027"

# The four parts of the FY2027 security-related total, in file order.
package_items = ["dbp_fy2027_dbp_target_expenses", "fy2027_saco_realignment",
    "fy2027_other_ministries_jcg_pko", "fy2027_four_complementary_areas"]
package = plan_items[plan_items["item"].isin(package_items)]
package_sum = package["value_trn_yen"].sum()
assert abs(package_sum - plan_security_2027) < 0.05, \\
    "the FY2027 components no longer add up to the security-related total"

plan_table = package[["item", "value_trn_yen", "source", "note"]]
plan_table.to_csv(f"{out_dir}/plan.csv", index=False)
plan_table.style.format({"value_trn_yen": "{:.1f}"}).hide(axis="index")''',

    "yearly": '''\
# The two bases of the budget file, by the text of its `basis` column.
dbp_bases = ["initial, excl. SACO & US-realignment", "draft initial, excl. SACO & US-realignment"]
incl_bases = ["initial, incl. SACO & US-realignment", "draft initial, incl. SACO & US-realignment"]

def budget_series(bases, name, source_name):
    picked = budgets[budgets["basis"].isin(bases)].copy()
    picked["status"] = np.where(picked["basis"].str.startswith("draft"), "draft budget", "initial budget")
    return (picked[["fiscal_year", "status", "defense_budget_trn_yen", "source"]]
        .rename(columns={"defense_budget_trn_yen": name, "source": source_name}))

dbp = budget_series(dbp_bases, "dbp_trn_yen", "dbp_source")
incl = budget_series(incl_bases, "incl_saco_trn_yen", "incl_source").drop(columns="status")
budget_years = dbp.merge(incl, on="fiscal_year", how="inner")

# FY2027 has no budget yet: the plan's DBP-target figure, plus the plan's
# SACO/realignment component for the headline basis.
plan_row = pd.DataFrame({"fiscal_year": [2027], "status": ["plan (DBP)"],
    "dbp_trn_yen": [plan_dbp_2027], "dbp_source": ["MOD-DBP-2022"],
    "incl_saco_trn_yen": [plan_dbp_2027 + plan_saco_2027], "incl_source": ["MOD-DBP-2022 + MOD-WP2024-COL"]})
budget_years = pd.concat([budget_years, plan_row], ignore_index=True)

# GDP: the file's years, then the assumed growth rate up to FY2027.
gdp_known = (gdp[["fiscal_year", "nominal_gdp_trn_yen", "status", "source"]]
    .rename(columns={"status": "gdp_status", "source": "gdp_source"}))
last_gdp_year = gdp_known["fiscal_year"].iloc[-1]
extra_years = list(range(last_gdp_year + 1, 2027 + 1))
last_gdp = gdp_known["nominal_gdp_trn_yen"].iloc[-1]
extra_gdp = [last_gdp * (1 + gdp_growth) ** k for k in range(1, len(extra_years) + 1)]
gdp_path = pd.concat([gdp_known, pd.DataFrame({"fiscal_year": extra_years, "nominal_gdp_trn_yen": extra_gdp,
    "gdp_status": "assumed growth", "gdp_source": "parameter gdp_growth"})], ignore_index=True)

path = budget_years.merge(gdp_path, on="fiscal_year", how="inner")
path["pct_of_gdp"] = 100 * path["incl_saco_trn_yen"] / path["nominal_gdp_trn_yen"]
path["pct_of_fixed_base"] = 100 * path["incl_saco_trn_yen"] / gdp_base

pre_plan = path[path["fiscal_year"] <= 2022]
budget_2022 = path.loc[path["fiscal_year"] == 2022, "incl_saco_trn_yen"].iloc[0]
budget_2023 = path.loc[path["fiscal_year"] == 2023, "incl_saco_trn_yen"].iloc[0]
dbp_2022 = path.loc[path["fiscal_year"] == 2022, "dbp_trn_yen"].iloc[0]
dbp_cagr = (plan_dbp_2027 / dbp_2022) ** (1 / (2027 - 2022)) - 1

path.to_csv(f"{out_dir}/japan-defense-path.csv", index=False)
path.style.format({"dbp_trn_yen": "{:.3f}", "incl_saco_trn_yen": "{:.3f}", "nominal_gdp_trn_yen": "{:,.1f}",
    "pct_of_gdp": "{:.2f}", "pct_of_fixed_base": "{:.2f}"}).hide(axis="index")''',

    "envelope": '''\
envelope = path[path["fiscal_year"] >= 2023][["fiscal_year", "status", "dbp_trn_yen"]].copy()
envelope["cumulative_trn_yen"] = envelope["dbp_trn_yen"].cumsum()
envelope["share_of_plan_total"] = envelope["dbp_trn_yen"].cumsum() / plan_budget_total
envelope_before_2027 = envelope.loc[envelope["fiscal_year"] < 2027, "dbp_trn_yen"].sum()

envelope.to_csv(f"{out_dir}/envelope.csv", index=False)
envelope.style.format({"dbp_trn_yen": "{:.3f}", "cumulative_trn_yen": "{:.3f}",
    "share_of_plan_total": "{:.0%}"}).hide(axis="index")''',

    "share-chart": '''\
share_chart_data = path[["fiscal_year", "pct_of_gdp", "pct_of_fixed_base"]].copy()
share_chart_data["target_pct"] = [100 * target_share for y in share_chart_data["fiscal_year"]]
share_chart_data = share_chart_data.rename(columns={
    "pct_of_gdp": "Defense budget, % of that year's GDP",
    "pct_of_fixed_base": "Defense budget, % of FY2022 base",
    "target_pct": "Goal (defense and related spending)"})

fig, ax = plt.subplots(figsize=(8, 4.5))
for series in ["Defense budget, % of that year's GDP", "Defense budget, % of FY2022 base",
               "Goal (defense and related spending)"]:
    ax.plot(share_chart_data["fiscal_year"], share_chart_data[series], marker="o", label=series)
ax.set_title("Japan: defense budget as a share of GDP")
ax.set_xlabel("Fiscal year")
ax.set_ylabel("% of GDP")
ax.legend()
fig.savefig(f"{out_dir}/share-chart.svg")
plt.show()''',

    "doubling": '''\
# The goal's denominator in a year: the fixed base, or that year's (projected) GDP.
def goal_denominator(year):
    if fixed_base:
        return gdp_base
    return gdp_path.loc[gdp_path["fiscal_year"] == year, "nominal_gdp_trn_yen"].iloc[0]

target_level = target_share * goal_denominator(target_year)
growth_needed = (target_level / budget_2022) ** (1 / (target_year - 2022)) - 1

# Constant growth up to the target year, then the goal itself.
def path_level(y):
    if y <= target_year:
        return budget_2022 * (1 + growth_needed) ** (y - 2022)
    return target_share * goal_denominator(y)

doubling = path[path["fiscal_year"] >= 2022][["fiscal_year", "status", "incl_saco_trn_yen"]].copy()
doubling["path_trn_yen"] = [path_level(y) for y in doubling["fiscal_year"]]
doubling["gap_trn_yen"] = doubling["path_trn_yen"] - doubling["incl_saco_trn_yen"]
ahead = doubling[doubling["gap_trn_yen"] < 0]

doubling.to_csv(f"{out_dir}/doubling.csv", index=False)
display(doubling.style.format({"incl_saco_trn_yen": "{:.3f}", "path_trn_yen": "{:.3f}",
    "gap_trn_yen": "{:.3f}"}).hide(axis="index"))

doubling_chart_data = (doubling[["fiscal_year", "incl_saco_trn_yen", "path_trn_yen"]]
    .rename(columns={"incl_saco_trn_yen": "Defense budget (incl. SACO)",
                     "path_trn_yen": "Constant-growth path to the goal"}))
fig, ax = plt.subplots(figsize=(8, 4.5))
for series in ["Defense budget (incl. SACO)", "Constant-growth path to the goal"]:
    ax.plot(doubling_chart_data["fiscal_year"], doubling_chart_data[series], marker="o", label=series)
ax.set_title("Doubling path and the budget")
ax.set_xlabel("Fiscal year")
ax.set_ylabel("trillion yen")
ax.legend()
fig.savefig(f"{out_dir}/doubling.svg")
plt.show()''',
}

INLINE_RE = re.compile(r"(?<!\\)\{\{(.*?)\}\}", re.S)


def markdown_code(text):
    """A code cell that displays `text` with each {{ expr }} replaced by its value."""
    parts = []
    last = 0
    for m in INLINE_RE.finditer(text):
        parts.append(repr(text[last:m.start()]))
        expr = " ".join(m.group(1).split())
        if expr not in INLINE:
            raise SystemExit(f"make_ipynb.py: no Python translation for the inline expression {expr!r}")
        parts.append(f"str({INLINE[expr]})")
        last = m.end()
    parts.append(repr(text[last:]))
    body = ",\n    ".join(parts)
    return f"display(Markdown(\"\".join([\n    {body},\n])))"


def main(out):
    with open(YAML_PATH, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    cells = [
        nbformat.v4.new_markdown_cell(f"# {doc['title']}\n\n*{doc['subtitle']}*\n\n{doc['description']}",
                                      id="header"),
        nbformat.v4.new_code_cell(PARAMETERS, id="parameters", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(SETUP, id="setup"),
    ]
    for cell in doc["cells"]:
        cid = cell["id"]
        meta = {}
        if cell.get("echo") is False:
            meta["jupyter"] = {"source_hidden": True}
        if "markdown" in cell:
            text = cell["markdown"].rstrip("\n")
            if INLINE_RE.search(text):
                cells.append(nbformat.v4.new_code_cell(markdown_code(text), id=cid,
                                                       metadata={"jupyter": {"source_hidden": True}}))
            else:
                cells.append(nbformat.v4.new_markdown_cell(text, id=cid))
        else:
            if cid not in CODE:
                raise SystemExit(f"make_ipynb.py: no Python translation for the code cell {cid!r}")
            cells.append(nbformat.v4.new_code_cell(CODE[cid], id=cid, metadata=meta))
    nb.cells = cells
    nbformat.validate(nb)
    with open(out, "w", encoding="utf-8") as f:
        nbformat.write(nb, f)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "japan-defense-trajectory.ipynb"))
