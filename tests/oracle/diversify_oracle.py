"""An independent computation of `chiiki diversify` from a data package, with NumPy.

Usage: diversify_oracle.py PACKAGE_DIR REGION YEAR
Prints JSON: the region's specialised industries (LQ >= 1 against all regions), relatedness density of
every other industry (proximity = min of conditional probabilities, diagonal left out, as EconGeo),
and related/unrelated variety (Frenken, Van Oort & Verburg 2007, log base 2) with the groups of
industries.csv.
"""

import csv
import json
import sys

import numpy as np

package, region, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
regions = [r["id"] for r in csv.DictReader(open(f"{package}/regions.csv", encoding="utf-8"))]
rows = [r for r in csv.DictReader(open(f"{package}/employment.csv", encoding="utf-8"))]
industries = []
for r in rows:
    if r["industry"] not in industries:
        industries.append(r["industry"])
x = np.zeros((len(regions), len(industries)))
for r in rows:
    if int(r["year"]) == year:
        x[regions.index(r["region_id"]), industries.index(r["industry"])] += float(r["employees"])

total = x.sum()
with np.errstate(divide="ignore", invalid="ignore"):
    lq = (x / x.sum(axis=1, keepdims=True)) / (x.sum(axis=0, keepdims=True) / total)
m = np.nan_to_num(lq) >= 1.0
counts = m.sum(axis=0).astype(float)
co = m.T.astype(float) @ m.astype(float)
with np.errstate(divide="ignore", invalid="ignore"):
    cond = co / counts[None, :]  # P(i | j) in column j
    phi = np.minimum(cond, cond.T)
phi = np.nan_to_num(phi)
np.fill_diagonal(phi, 0.0)
i = regions.index(region)
den = phi.sum(axis=1)
density = {}
for k, name in enumerate(industries):
    if den[k] > 0:
        density[name] = 100.0 * float(m[i] @ phi[:, k]) / float(den[k])

groups = {r["id"]: r["group"] for r in csv.DictReader(open(f"{package}/industries.csv", encoding="utf-8"))}
share = x[i] / x[i].sum()
entropy = float(-(share[share > 0] * np.log2(share[share > 0])).sum())
by_group = {}
for k, name in enumerate(industries):
    by_group.setdefault(groups[name], []).append(share[k])
unrelated = 0.0
related = 0.0
for members in by_group.values():
    pg = sum(members)
    if pg > 0:
        unrelated += pg * np.log2(1.0 / pg)
        within = np.array([s / pg for s in members if s > 0])
        related += pg * float(-(within * np.log2(within)).sum())
json.dump(
    {
        "specialised": sorted(industries[k] for k in range(len(industries)) if m[i, k]),
        "density": density,
        "variety": {"entropy": entropy, "unrelated": float(unrelated), "related": float(related)},
    },
    sys.stdout,
)
