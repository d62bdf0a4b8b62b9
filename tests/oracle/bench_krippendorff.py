"""Times `krippendorff.alpha` (PyPI) on the reliability data chiiki's benchmark writes.

Usage: bench_krippendorff.py DATA.json LEVEL REPEATS — DATA.json holds {"data": [[value or null, ...] per coder]}.
Prints JSON: {"seconds": best wall time of REPEATS runs, "alpha": value}. Loading is not timed.
"""

import json
import sys
import time

import krippendorff
import numpy as np

path, level, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path) as f:
    rows = json.load(f)["data"]
data = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
best = float("inf")
alpha = None
for _ in range(repeats):
    start = time.perf_counter()
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    best = min(best, time.perf_counter() - start)
json.dump({"seconds": best, "alpha": float(alpha)}, sys.stdout)
