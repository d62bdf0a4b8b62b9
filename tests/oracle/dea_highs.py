"""Reference DEA scores from SciPy's HiGHS (`scipy.optimize.linprog`), for chiiki's tests.

An independent implementation of the first-stage (radial) envelopment programmes, one linear
programme per evaluated unit:

  input orientation:  min θ  s.t.  X λ ≤ θ x_k,  Y λ ≥ y_k,  λ ≥ 0
  output orientation: max η  s.t.  X λ ≤ x_k,    Y λ ≥ η y_k, λ ≥ 0

with the returns-to-scale row on Σλ (crs: none, vrs: = 1, irs: ≥ 1, drs: ≤ 1). As in chiiki, every
column is divided by its mean (over the reference and the evaluated units together) first.

Reads JSON from standard input:
  {"cases": [{"reference": {"inputs": [[...] per unit], "outputs": [[...] per unit]},
              "points": {"inputs": ..., "outputs": ...},   (optional: the reference units)
              "returns": "crs" | "vrs" | "irs" | "drs",
              "orientation": "input" | "output",
              "exclude_self": false}]}                     (true: super-efficiency, unit k left
                                                           out of its own reference set)
and prints {"scores": [[score or null (infeasible) per point] per case], "scipy": version}.
"""

import json
import sys

import numpy as np
import scipy
from scipy.optimize import linprog


def scores(case):
    xr = np.asarray(case["reference"]["inputs"], dtype=float)
    yr = np.asarray(case["reference"]["outputs"], dtype=float)
    points = case.get("points") or case["reference"]
    xp = np.asarray(points["inputs"], dtype=float)
    yp = np.asarray(points["outputs"], dtype=float)
    mx = np.vstack([xr, xp]).mean(axis=0)
    my = np.vstack([yr, yp]).mean(axis=0)
    xr, yr, xp, yp = xr / mx, yr / my, xp / mx, yp / my
    n, m = xr.shape
    s = yr.shape[1]
    rts = case["returns"]
    output = case["orientation"] == "output"
    out = []
    for k in range(len(xp)):
        # Variables: the score, then λ_1..λ_n.
        c = np.zeros(n + 1)
        c[0] = -1.0 if output else 1.0
        if output:
            a_in = np.hstack([np.zeros((m, 1)), xr.T])
            b_in = xp[k]
            a_out = np.hstack([yp[k][:, None], -yr.T])
            b_out = np.zeros(s)
        else:
            a_in = np.hstack([-xp[k][:, None], xr.T])
            b_in = np.zeros(m)
            a_out = np.hstack([np.zeros((s, 1)), -yr.T])
            b_out = -yp[k]
        a_ub = [a_in, a_out]
        b_ub = [b_in, b_out]
        a_eq = b_eq = None
        ones = np.concatenate([[0.0], np.ones(n)])
        if rts == "vrs":
            a_eq, b_eq = ones[None, :], [1.0]
        elif rts == "irs":
            a_ub.append(-ones[None, :])
            b_ub.append([-1.0])
        elif rts == "drs":
            a_ub.append(ones[None, :])
            b_ub.append([1.0])
        bounds = [(0, None)] * (n + 1)
        if case.get("exclude_self"):
            bounds[k + 1] = (0, 0)
        res = linprog(c, A_ub=np.vstack(a_ub), b_ub=np.concatenate(b_ub), A_eq=a_eq, b_eq=b_eq,
                      bounds=bounds, method="highs")
        if res.status == 2:
            out.append(None)
        elif res.status == 0:
            out.append(float(-res.fun if output else res.fun))
        else:
            raise RuntimeError(f"HiGHS failed on unit {k}: {res.message}")
    return out


cases = json.load(sys.stdin)["cases"]
json.dump({"scores": [scores(case) for case in cases], "scipy": scipy.__version__}, sys.stdout)
