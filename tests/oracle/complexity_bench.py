"""Times py-ecomplexity (PyPI `ecomplexity`) on the long table chiiki's complexity benchmark writes.

Usage: complexity_bench.py TABLE.csv — TABLE.csv has the columns year, region, industry, employment
(non-zero cells only; py-ecomplexity fills the rest with zeros). Reading the CSV is not timed.

Timed, each once:
- `ecomplexity(df, cols, verbose=False)` with its defaults (RCA >= 1 presence, eigenvector ECI/PCI,
  proximity-based density, COI/COG, log-supermodularity check), over all years in one call;
- `proximity(df, cols)` over all years in one call;
- the same steps written directly in NumPy with float64 BLAS, year by year, on dense arrays built
  before timing: RCA, presence, co-occurrence as a float matrix product, proximity, density, and the
  eigenvector of py-ecomplexity's product matrix with `np.linalg.eig` (its method). This is not a
  package; it shows how much of the package's time is its own overhead (pandas, integer matrix
  products).

Prints JSON: {"ecomplexity_seconds", "proximity_seconds", "numpy_seconds", "eci": [[year, region, eci],
...] from `ecomplexity()`, "peak_rss_gb", versions}. The packages' progress output goes to standard
error.
"""

import contextlib
import json
import resource
import sys
import time
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd
from ecomplexity import ecomplexity, proximity

warnings.simplefilter("ignore")

path = sys.argv[1]
df = pd.read_csv(path)
cols = {"time": "year", "loc": "region", "prod": "industry", "val": "employment"}

# Dense arrays for the NumPy version, built before any timing.
years = sorted(df["year"].unique())
regions = df["region"].max() + 1
industries = df["industry"].max() + 1
dense = []
for y in years:
    part = df[df["year"] == y]
    x = np.zeros((regions, industries))
    x[part["region"].to_numpy(), part["industry"].to_numpy()] = part["employment"].to_numpy(dtype=float)
    dense.append(x)

with contextlib.redirect_stdout(sys.stderr):
    start = time.perf_counter()
    out = ecomplexity(df, cols, verbose=False)
    eco_seconds = time.perf_counter() - start
    start = time.perf_counter()
    prox = proximity(df, cols)
    prox_seconds = time.perf_counter() - start


def numpy_year(x):
    """RCA, presence, proximity, density and ECI/PCI as py-ecomplexity computes them, in plain NumPy."""
    # Without empty regions and industries, as py-ecomplexity; then every row and column of the
    # presence matrix has a one (the RCAs of a row or column average 1, weighted by size).
    x = x[x.sum(axis=1) > 0][:, x.sum(axis=0) > 0]
    rca = (x / x.sum(axis=1, keepdims=True)) / (x.sum(axis=0, keepdims=True) / x.sum())
    m = (rca >= 1).astype(float)
    d, u = m.sum(axis=1), m.sum(axis=0)
    phi = (m.T @ m) / u[np.newaxis, :]
    phi = np.minimum(phi, phi.T)
    density = m @ (phi.T / phi.sum(axis=1)[np.newaxis, :])
    m1 = m / d[:, np.newaxis]
    mpp = (m / u[np.newaxis, :]).T @ m1
    values, vectors = np.linalg.eig(mpp)
    kp = np.real(vectors[:, values.argsort()[-2]])
    kc = m1 @ kp
    s = np.sign(np.corrcoef(d, kc)[0, 1])
    eci = s * (kc - kc.mean()) / kc.std()
    pci = s * (kp - kc.mean()) / kc.std()
    return density, eci, pci


start = time.perf_counter()
for x in dense:
    numpy_year(x)
numpy_seconds = time.perf_counter() - start

eci = out.groupby(["year", "region"])["eci"].first()
rows = [[int(y), int(r), float(v)] for (y, r), v in eci.items() if not np.isnan(v)]
json.dump(
    {
        "ecomplexity_seconds": eco_seconds,
        "proximity_seconds": prox_seconds,
        "numpy_seconds": numpy_seconds,
        "eci": rows,
        "proximity_rows": len(prox),
        "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
        "ecomplexity_version": version("ecomplexity"),
        "pandas_version": pd.__version__,
        "numpy_version": np.__version__,
    },
    sys.stdout,
)
