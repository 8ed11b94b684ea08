"""Times each bench/language/*.py in-process: the first run ("cold") and the best of
three more ("warm"), the same protocol as the Swift harness (LanguageBench.swift)."""
import glob, os, sys, time, contextlib, io

here = os.path.dirname(os.path.abspath(__file__))
for path in sorted(glob.glob(os.path.join(here, "*.py"))):
    if path.endswith("time_python.py"):
        continue
    code = compile(open(path).read(), path, "exec")
    times = []
    for _ in range(4):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, {"__name__": "__bench__"})
        times.append(time.perf_counter() - start)
    print(f"python {os.path.basename(path)}: cold {times[0]:.3f}s, warm {min(times[1:]):.3f}s")
