#!/usr/bin/env python3
"""Runs a command once under `/usr/bin/time -v` and reports its peak memory as JSON.

Two figures, because a Jupyter run is several processes (nbconvert or papermill plus the
kernel it starts) and `time -v` reports only the largest single process:
  max_rss_kb   "Maximum resident set size" from /usr/bin/time -v (largest one process)
  tree_rss_kb  peak of the summed RSS of the whole process tree, sampled every 5 ms
               from /proc (never less than max_rss_kb; a short run may be missed by the
               sampler, then it equals max_rss_kb)

Usage: peak_rss.py OUT.json -- COMMAND [ARG...]   (stdout/stderr of COMMAND are discarded)
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def children_map():
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: fields resume after the last ')'.
        fields = stat[stat.rfind(b")") + 2:].split()
        kids.setdefault(int(fields[1]), []).append(int(name))
    return kids


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root):
    kids = children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss_kb(pid)
        stack.extend(kids.get(pid, []))
    return total


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        raise SystemExit("usage: peak_rss.py OUT.json -- COMMAND [ARG...]")
    out, command = argv[1], argv[3:]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", report.name, *command],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss_kb(proc.pid))
            time.sleep(0.005)
        max_rss = 0
        status = proc.returncode
        for line in report.read().splitlines():
            line = line.strip()
            if line.startswith("Maximum resident set size (kbytes):"):
                max_rss = int(line.rsplit(":", 1)[1])
            elif line.startswith("Exit status:"):
                status = int(line.rsplit(":", 1)[1])
    # The sampled tree includes /usr/bin/time itself (about 2 MB); it is never below max_rss.
    result = {"command": command, "exit_status": status, "max_rss_kb": max_rss,
              "tree_rss_kb": max(peak, max_rss)}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    if status != 0:
        raise SystemExit(f"peak_rss.py: {' '.join(command)} exited with status {status}")


if __name__ == "__main__":
    main(sys.argv)
