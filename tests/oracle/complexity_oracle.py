"""Reference values of economic complexity from py-ecomplexity (PyPI `ecomplexity`), for chiiki's tests.

Reads JSON from standard input: {"cases": [{"values": [[count, ...] per region]}]} (regions in rows,
industries in columns; every row and column total must be positive, as py-ecomplexity drops the
others). For each case runs `ecomplexity()` (RCA >= 1 presence, eigenvector ECI/PCI, proximity-based
density) and `proximity()` on the matrix written as a one-year long table, and prints JSON:
{"version": ..., "cases": [{"rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density",
"proximity", "eigenvalues"}]} with matrices as lists of rows, every number written as a string (Python's
shortest round-trip repr: serde_json's default float parser may be one unit in the last place off,
Rust's `str::parse` is exact) and NaN as null. "eigenvalues"
are the three largest eigenvalues of py-ecomplexity's product matrix (NumPy), so a test can see how
well separated the second one is.
"""

import contextlib
import json
import math
import sys
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd
from ecomplexity import ecomplexity, proximity

warnings.simplefilter("ignore")


def clean(x):
    """Nested lists of floats as round-trip strings, NaN as None."""
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(v) for v in x]
    x = float(x)
    return None if math.isnan(x) else repr(x)


def run(values):
    x = np.array(values, dtype=float)
    regions, industries = x.shape
    r, i = np.meshgrid(np.arange(regions), np.arange(industries), indexing="ij")
    df = pd.DataFrame({"year": 2000, "region": r.ravel(), "industry": i.ravel(), "value": x.ravel()})
    cols = {"time": "year", "loc": "region", "prod": "industry", "val": "value"}
    # The package prints progress and a log-supermodularity percentage on standard output.
    with contextlib.redirect_stdout(sys.stderr):
        out = ecomplexity(df, cols, verbose=False, check_logsupermodularity=False)
        prox = proximity(df, cols)
    out = out.sort_values(["region", "industry"])

    def grid(column):
        return out[column].to_numpy(dtype=float).reshape(regions, industries)

    phi = np.zeros((industries, industries))
    phi[prox["industry_1"].to_numpy(), prox["industry_2"].to_numpy()] = prox["proximity"].to_numpy()

    mcp = grid("mcp")
    d = mcp.sum(axis=1)
    u = mcp.sum(axis=0)
    keep_r, keep_p = d > 0, u > 0
    m = mcp[keep_r][:, keep_p]
    mpp = (m / u[keep_p][None, :]).T @ (m / d[keep_r][:, None])
    eig = np.sort(np.real(np.linalg.eigvals(mpp)))[::-1][:3]

    return {
        "rca": clean(grid("rca")),
        "mcp": clean(mcp),
        "diversity": clean(grid("diversity")[:, 0]),
        "ubiquity": clean(grid("ubiquity")[0, :]),
        "eci": clean(grid("eci")[:, 0]),
        "pci": clean(grid("pci")[0, :]),
        "density": clean(grid("density")),
        "proximity": clean(phi),
        "eigenvalues": clean(eig),
    }


cases = json.load(sys.stdin)["cases"]
json.dump({"version": version("ecomplexity"), "cases": [run(c["values"]) for c in cases]}, sys.stdout)
