#!/usr/bin/env python3
"""Turns bench/run's measurements into a Markdown report (bench/work/results.md).

Reads RESULTS/rows.tsv (section, benchmark, tool, id per line), RESULTS/ID.json (hyperfine
--export-json), RESULTS/ID.rss.json (bench/peak_rss.py), RESULTS/env.txt and notes.txt.
Every ratio compares two commands measured in the same run, on the same machine.

Usage: report.py RESULTS_DIR OUT.md      (standard library only)
"""
import json
import os
import statistics
import sys

SECTIONS = [
    ("e2e", "1. End to end: `folio run Notebooks/japan-defense-trajectory.yaml`",
     "the same notebook as pandas + matplotlib (bench/peers/japan-defense-trajectory.ipynb), "
     "executed and rendered by `jupyter nbconvert --execute --to html` and by `papermill`. "
     "Target: folio at least 100× faster in wall time, with a fraction of the peak memory."),
    ("cells", "2. Scale in cells",
     "generated notebooks of N small code cells (bench/gen_cells.py; each cell `a{k} = a{k-1} * 0.5 + k` "
     "and shows it). Target: folio's time linear in N, under 1 ms per cell."),
    ("language", "3. Language",
     "one-cell notebooks in bench/programs/: `s = 0; for i in 1..10000000 { s = s + i }`, "
     "`fib(27)`, `xs = seq(1, 10000000); ys = xs * 2 + 1; sum(ys)`; peers are CPython "
     "(pure Python) and numpy. `fib30`, `acc` (`acc = acc + i * 2`, ten million times) at a cell's top level, "
     "and `fib30_fn`, `acc_fn` inside a function, against Lua 5.4 (`local` variables). "
     "Times include each process's start-up and, for folio, writing the report."),
    ("data", "4. Data",
     "load a 1,000,000-row CSV (bench/data/make_csv.py), group by two keys with a sum and a mean, "
     "write the result (bench/data/group.yaml vs bench/data/group.py with pandas)."),
    ("data10m", "4b. Data at 10 million rows",
     "the same load + two-key group + write on a 10,000,000-row CSV (224 MB), whole processes: "
     "DuckDB (`COPY (SELECT … GROUP BY ALL) TO …`, every core), polars (lazy scan, group, collect), pandas; "
     "`folio, load only` runs the notebook with `len(spending)` in place of the group. "
     "Targets: folio faster than DuckDB and polars, peak memory at most 1.5× the CSV."),
    ("startup", "5. Start-up",
     "`folio --version`, `folio run` of a one-cell notebook (`1 + 1`, writing the HTML report "
     "and manifest), and `python3 -c pass` as a reference point."),
    ("vocab", "6. Vocabulary",
     "table verbs on 1,000,000 rows (bench/vocab/: each NAME.yaml against NAME.py with pandas, on the CSVs "
     "bench/vocab/make_csv.py writes): load, the verb, a one-row summary written as CSV. "
     "Target: folio at least as fast as pandas."),
]


def seconds(t):
    if t < 1:
        return f"{t * 1000:.3g} ms" if t >= 0.001 else f"{t * 1e6:.3g} µs"
    return f"{t:.2f} s"


def mib(kb):
    return f"{kb / 1024:.1f} MiB" if kb else "–"


def ratio(x):
    return f"{x:.0f}×" if x >= 100 else f"{x:.3g}×"


def speedup(folio, peer):
    """How many times faster folio's median is than the peer's, in words when slower."""
    if folio["median"] <= 0 or peer["median"] <= 0:
        return "–"
    x = peer["median"] / folio["median"]
    return ratio(x) if x >= 1 else f"folio {ratio(1 / x)} slower"


def share(folio, peer):
    """folio's peak memory (process tree) as a percentage of the peer's."""
    return f"{100 * folio['tree_rss'] / peer['tree_rss']:.0f}%" if peer["tree_rss"] and folio["tree_rss"] else "–"


def startup_table(rows):
    """Start-up rows all compare against the `python3 -c pass` reference point."""
    ref = next((r for r in rows if r["tool"] == "python3 -c pass"), None)
    out = ["| command | min | median | max | runs | CPU (user+sys, mean) | peak RSS (largest process) | vs `python3 -c pass` (median) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if ref is None or r is ref:
            vs = "reference" if r is ref else "–"
        else:
            vs = f"{r['median'] / ref['median']:.3g}× its time"
        out.append(f"| {r['tool']} | {seconds(r['min'])} | {seconds(r['median'])} | {seconds(r['max'])} "
                   f"| {r['runs']} | {seconds(r['cpu'])} | {mib(r['max_rss'])} | {vs} |")
    return out


def load(results):
    rows = []
    path = os.path.join(results, "rows.tsv")
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            section, bench, tool, rid = line.rstrip("\n").split("\t")
            with open(os.path.join(results, rid + ".json"), encoding="utf-8") as h:
                times = json.load(h)["results"][0]["times"]
            rss = {}
            rss_path = os.path.join(results, rid + ".rss.json")
            if os.path.exists(rss_path):
                with open(rss_path, encoding="utf-8") as h:
                    rss = json.load(h)
            with open(os.path.join(results, rid + ".json"), encoding="utf-8") as h:
                res = json.load(h)["results"][0]
            cpu = (res.get("user") or 0) + (res.get("system") or 0)
            rows.append({"section": section, "bench": bench, "tool": tool, "runs": len(times), "cpu": cpu,
                         "min": min(times), "median": statistics.median(times), "max": max(times),
                         "max_rss": rss.get("max_rss_kb", 0), "tree_rss": rss.get("tree_rss_kb", 0)})
    return rows


def section_table(rows):
    out = ["| benchmark | tool | min | median | max | runs | CPU (user+sys, mean) | peak RSS (largest process) "
           "| peak RSS (process tree) | folio faster by (median) | folio's memory (tree) |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    benches = []
    for r in rows:
        if r["bench"] not in benches:
            benches.append(r["bench"])
    for b in benches:
        group = [r for r in rows if r["bench"] == b]
        ref = next((r for r in group if r["tool"] == "folio"), None)
        for r in group:
            if r is ref or ref is None:
                speed, mem = ("reference" if r is ref else "–"), "–"
            else:
                speed, mem = speedup(ref, r), share(ref, r)
            out.append(f"| {b} | {r['tool']} | {seconds(r['min'])} | {seconds(r['median'])} | "
                       f"{seconds(r['max'])} | {r['runs']} | {seconds(r['cpu'])} | {mib(r['max_rss'])} | {mib(r['tree_rss'])} "
                       f"| {speed} | {mem} |")
    return out


def find(rows, section, bench, tool):
    return next((r for r in rows if r["section"] == section and r["bench"] == bench and r["tool"] == tool), None)


def verdicts(rows, section):
    out = []
    if section == "e2e":
        f = find(rows, "e2e", "japan-defense-trajectory", "folio")
        for peer in ("nbconvert", "papermill"):
            p = find(rows, "e2e", "japan-defense-trajectory", peer)
            if f and p:
                x = p["median"] / f["median"]
                cpu = f"; CPU time {ratio(p['cpu'] / f['cpu'])} less" if f["cpu"] > 0 and p["cpu"] > 0 else ""
                out.append(f"- vs {peer}: folio {speedup(f, p)} faster by median wall time, {ratio(p['min'] / f['min'])} "
                           f"by best run (target ≥ 100×: {'met' if x >= 100 else 'NOT met'}){cpu}; peak memory "
                           f"{100 * f['tree_rss'] / p['tree_rss']:.0f}% of {peer}'s process tree.")
    elif section == "cells":
        pts = []
        for r in rows:
            if r["section"] == "cells" and r["tool"] == "folio":
                pts.append((int(r["bench"].split()[0]), r))
        pts.sort(key=lambda p: p[0])
        if pts:
            out.append("| cells N | folio median | per cell (median / N) | marginal per cell (median) "
                       "| CPU (mean) | marginal per cell (CPU) |")
            out.append("|---:|---:|---:|---:|---:|---:|")
            prev = None
            for n, r in pts:
                marginal, marginal_cpu = "–", "–"
                if prev:
                    marginal = seconds((r["median"] - prev[1]["median"]) / (n - prev[0]))
                    marginal_cpu = seconds((r["cpu"] - prev[1]["cpu"]) / (n - prev[0]))
                out.append(f"| {n:,} | {seconds(r['median'])} | {seconds(r['median'] / n)} | {marginal} "
                           f"| {seconds(r['cpu'])} | {marginal_cpu} |")
                prev = (n, r)
            n_max, r_max = pts[-1]
            per = r_max["median"] / n_max
            out.append("")
            out.append(f"- Largest notebook: {per * 1000:.3g} ms per cell (target < 1 ms: "
                       f"{'met' if per < 0.001 else 'NOT met'}).")
            if len(pts) >= 3:
                for key, label in (("median", "wall (median)"), ("cpu", "CPU")):
                    m1 = (pts[1][1][key] - pts[0][1][key]) / (pts[1][0] - pts[0][0])
                    m2 = (pts[2][1][key] - pts[1][1][key]) / (pts[2][0] - pts[1][0])
                    out.append(f"- Linearity, {label}: the marginal cost per cell is {seconds(m1)} from "
                               f"{pts[0][0]:,} to {pts[1][0]:,} cells and {seconds(m2)} from {pts[1][0]:,} to "
                               f"{pts[2][0]:,} (ratio {m2 / m1:.2f}; 1.00 is perfectly linear).")
        for n in (100, 1000):
            f, p = find(rows, "cells", f"{n} cells", "folio"), find(rows, "cells", f"{n} cells", "nbconvert")
            if f and p:
                out.append(f"- {n:,} cells vs nbconvert: folio {speedup(f, p)} faster; "
                           f"nbconvert takes {seconds(p['median'] / n)} per cell.")
    return out


def main(results, out_path):
    rows = load(results)
    env = {}
    env_path = os.path.join(results, "env.txt")
    if os.path.exists(env_path):
        with open(env_path, encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    env[k] = v
    notes = []
    notes_path = os.path.join(results, "notes.txt")
    if os.path.exists(notes_path):
        with open(notes_path, encoding="utf-8") as f:
            notes = [line.rstrip("\n") for line in f if line.strip()]

    md = ["# folio benchmark results", "",
          "Generated by `bench/run` (reproduce: `make bench`, or `FOLIO=path/to/folio bench/run`). "
          "Wall time by hyperfine (min / median / max over the runs shown, after warm-up runs); "
          "peak memory from one more run: `/usr/bin/time -v`'s maximum resident set size of the "
          "largest single process, and the peak of the whole process tree's summed RSS (a Jupyter "
          "run is the front end plus a kernel process). CPU is hyperfine's mean user + system time, "
          "steadier than wall time on a shared machine. Ratios compare medians measured in this run.", ""]
    md.append("**Machine:** " + ", ".join(f"{k} {env[k]}" for k in ("nproc", "cpu", "memory", "kernel") if k in env))
    md.append("")
    md.append("**Versions:** " + ", ".join(f"{k} {env[k]}" for k in
              ("folio", "swift", "python", "pandas", "numpy", "matplotlib", "nbconvert", "nbclient",
               "ipykernel", "papermill", "duckdb", "polars", "marimo", "lua", "hyperfine") if k in env))
    md.append("")
    if "date_utc" in env:
        md.append(f"**Run:** {env['date_utc']}, {env.get('elapsed_s', '?')} s in all.")
        md.append("")
        md.append(f"**Machine load** (loadavg 1/5/15 min; pressure = share of the last minute in which some "
                  f"task waited for a CPU or for IO, from /proc/pressure): before: {env.get('pressure_before', '?')}; "
                  f"after: {env.get('pressure_after', '?')}. With more than a little pressure, read the min "
                  f"and CPU columns rather than the medians.")
        md.append("")
    for key, title, what in SECTIONS:
        sec_rows = [r for r in rows if r["section"] == key]
        sec_notes = [n for n in notes if n.startswith(key + " /")]
        if not sec_rows and not sec_notes:
            continue
        md += [f"## {title}", "", what[0].upper() + what[1:], ""]
        if sec_rows:
            md += startup_table(sec_rows) if key == "startup" else section_table(sec_rows)
            md.append("")
            v = verdicts(rows, key)
            if v:
                md += v + [""]
        for n in sec_notes:
            text = n.split(' / ', 1)[1]
            md.append(f"- **Check:** {text}" if text.startswith("outputs agree") else f"- **Note:** {text}")
        if sec_notes:
            md.append("")
    general = [n for n in notes if not any(n.startswith(k + " /") for k, _, _ in SECTIONS)]
    if general:
        md += ["## Notes", ""] + [f"- {n}" for n in general] + [""]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(md))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: report.py RESULTS_DIR OUT.md")
    main(sys.argv[1], sys.argv[2])
