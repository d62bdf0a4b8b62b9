"""Reference values of Krippendorff's alpha from the `krippendorff` package (PyPI), for chiiki's tests.

Reads JSON from standard input: {"cases": [{"data": [[value or null, ...] per coder], "level": "ordinal"}]}
(rows are coders, columns units, null = missing) and prints a JSON list with one alpha per case
(null where the package returns NaN or raises because alpha is undefined).
"""

import json
import math
import sys

import krippendorff
import numpy as np

cases = json.load(sys.stdin)["cases"]
out = []
for case in cases:
    data = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float)
    try:
        a = krippendorff.alpha(reliability_data=data, level_of_measurement=case["level"])
        out.append(None if math.isnan(a) else float(a))
    except (ValueError, ZeroDivisionError):
        out.append(None)
json.dump({"alphas": out, "version": krippendorff.__version__ if hasattr(krippendorff, "__version__") else None}, sys.stdout)
