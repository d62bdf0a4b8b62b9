"""Peer timings for chiiki's DEA benchmark (`cargo bench -p chiiki-methods --bench dea`).

Usage: dea_bench.py DATA.json

DATA.json holds {"inputs": [[...] per unit], "outputs": [[...] per unit]}. Times, on the same data,
the input-oriented CCR model (constant returns) with
  - DEAPack (PyPI `DEAPack`, SciPy/HiGHS underneath): scores only (`CCR(compute_slacks=False)`)
    and the two-stage model with max-slack completion (`CCRInput()`);
  - a plain SciPy baseline: one `linprog(method="highs")` per unit, scores only, data divided by
    the column means.
Only the model calls are timed (not reading the data or building DEAPack's data object). Prints
JSON: {"peers": [{"name", "version", "task", "seconds", "scores"}]}.
"""

import json
import sys
import time

import numpy as np
import pandas as pd
import scipy
from scipy.optimize import linprog

import deapack
from deapack import CCR, CCRInput, DEAData


def highs_ccr_input(x, y):
    """Input-oriented CCR scores, one HiGHS programme per unit (variables θ, λ)."""
    x = x / x.mean(axis=0)
    y = y / y.mean(axis=0)
    n, m = x.shape
    s = y.shape[1]
    c = np.zeros(n + 1)
    c[0] = 1.0
    a_ub = np.zeros((m + s, n + 1))
    a_ub[:m, 1:] = x.T
    a_ub[m:, 1:] = -y.T
    b_ub = np.zeros(m + s)
    scores = []
    for k in range(n):
        a_ub[:m, 0] = -x[k]
        b_ub[m:] = -y[k]
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        if res.status != 0:
            raise RuntimeError(f"HiGHS failed on unit {k}: {res.message}")
        scores.append(float(res.fun))
    return scores


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    x = np.asarray(data["inputs"], dtype=float)
    y = np.asarray(data["outputs"], dtype=float)
    m, s = x.shape[1], y.shape[1]
    frame = pd.DataFrame(np.hstack([x, y]), columns=[f"x{i}" for i in range(m)] + [f"y{r}" for r in range(s)])
    frame["dmu"] = range(len(frame))
    dea_data = DEAData.from_frame(frame, inputs=[f"x{i}" for i in range(m)],
                                  outputs=[f"y{r}" for r in range(s)], dmu="dmu")
    peers = []
    for task, model in [("scores", CCR(orientation="input", compute_slacks=False)), ("scores and slacks", CCRInput())]:
        start = time.perf_counter()
        result = model.fit(dea_data)
        seconds = time.perf_counter() - start
        scores = result.summary_frame.sort_values("dmu_id")["score"].astype(float).tolist()
        peers.append({"name": "DEAPack", "version": deapack.__version__, "task": task, "seconds": seconds,
                      "scores": scores})
    start = time.perf_counter()
    scores = highs_ccr_input(x, y)
    seconds = time.perf_counter() - start
    peers.append({"name": "SciPy linprog (HiGHS)", "version": scipy.__version__, "task": "scores",
                  "seconds": seconds, "scores": scores})
    json.dump({"peers": peers}, sys.stdout)


main()
