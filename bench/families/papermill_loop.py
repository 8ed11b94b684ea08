#!/usr/bin/env python3
"""The papermill peer of `folio run --matrix`: runs the pandas + matplotlib notebook
bench/peers/japan-defense-trajectory.ipynb once per set of SETS (JSON), the first COUNT
sets, JOBS at a time (separate processes, as a shell loop with xargs -P would), each into
its own folder; CWD is the folder the notebook reads `data/` from. Prints the wall time.

Usage: papermill_loop.py NOTEBOOK SETS.json COUNT JOBS OUT CWD"""
import json, os, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor

notebook, sets_file, count, jobs, out, cwd = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
sets = json.load(open(sets_file))[:count]
os.makedirs(out, exist_ok=True)

def run(i):
    folder = os.path.abspath(f"{out}/set-{i}")
    os.makedirs(folder, exist_ok=True)
    args = [sys.executable, "-m", "papermill", notebook, f"{folder}/out.ipynb", "--cwd", cwd,
            "-p", "out_dir", folder, "--no-progress-bar", "--log-level", "ERROR"]
    for k, v in sets[i].items():
        args += ["-p", k, str(v)] if not isinstance(v, bool) else ["-y", f"{k}: {'true' if v else 'false'}"]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

start = time.monotonic()
with ThreadPoolExecutor(jobs) as pool:
    list(pool.map(run, range(len(sets))))
print(f"{time.monotonic() - start:.3f}")
