#!/usr/bin/env bash
# Evidence at scale, chiiki against pandas on the same generated package in one run.
# Package: 1,700 regions × 1,000 industries × 20 years of employment (34,000,000 rows), 2,000,000
# organisations, about 10,000,000 collaboration rows (3,100,000 projects), plus patents, funding,
# mentions and migrations. Both sides compute every indicator for the last year (2024) from the CSV
# files, end to end (chiiki: row-by-row checks of every table, then the DataFusion queries,
# percentiles and marks, JSON written; pandas: read, compute, CSV written); then both again on the same
# package converted once to Parquet (`chiiki convert`; pandas reads it with pyarrow).
# Usage: benches/evidence.sh [REGIONS INDUSTRIES ORGS PROJECTS]   (defaults: 1700 1000 2000000 3100000)
# The package is kept in target/bench-evidence-* between runs (about 2 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
regions=${1:-1700}
industries=${2:-1000}
orgs=${3:-2000000}
projects=${4:-3100000}
cargo build --release --quiet
[ -x .venv/bin/python ] || { echo "run scripts/test once first: it prepares .venv with pandas" >&2; exit 1; }
pkg="target/bench-evidence-$regions-$industries-$orgs-$projects"
if [ ! -f "$pkg/datapackage.json" ]; then
  rm -rf "$pkg"
  ./target/release/chiiki generate --regions "$regions" --industries "$industries" --years 20 \
    --orgs "$orgs" --projects "$projects" --seed 1 --out "$pkg"
fi
wc -l "$pkg"/*.csv | sort -n | tail -n 4
du -sh "$pkg"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pq="$pkg-parquet"
if [ ! -f "$pq/datapackage.json" ]; then
  /usr/bin/time -f "%e s wall, %M KiB peak" -o "$out/convert.time" ./target/release/chiiki convert "$pkg" --out "$pq"
  echo "chiiki convert (once): $(cat "$out/convert.time")"
fi
du -sh "$pq"

# run LABEL PACKAGE: both sides on one package, then the ratio.
run() {
  local label=$1 p=$2
  # Each side starts with the package's files in the page cache (read once just before), so neither
  # pays for reading the disk: an idle machine of this type drops idle files' pages within seconds.
  cat "$p"/* > /dev/null
  /usr/bin/time -f "%e s wall, %M KiB peak" -o "$out/chiiki.time" \
    ./target/release/chiiki evidence "$p" --year 2024 --format json --out "$out/chiiki-$label.json"
  cat "$p"/* > /dev/null
  /usr/bin/time -f "%e s wall, %M KiB peak" -o "$out/pandas.time" \
    .venv/bin/python tests/oracle/indicators_pandas.py "$p" --year 2024 --out "$out/pandas-$label.csv" --timings
  echo "== $label: chiiki evidence $(cat "$out/chiiki.time"); pandas $(cat "$out/pandas.time")"
  python3 - "$out" <<'PY'
import re, sys
d = sys.argv[1]
def read(name):
    m = re.search(r"([\d.]+) s wall, (\d+) KiB", open(f"{d}/{name}.time").read())
    return float(m.group(1)), int(m.group(2))
(ct, cm), (pt, pm) = read("chiiki"), read("pandas")
print(f"speed: pandas / chiiki = {pt / ct:.1f}x; peak memory: chiiki {cm / 1048576:.2f} GiB, pandas {pm / 1048576:.2f} GiB")
PY
}
run csv "$pkg"
run parquet "$pq"
# CSV and Parquet give the same results: marks and percentiles equal, values within 1e-9 relative (parallel
# sums of floats differ in the last bits from run to run).
python3 - "$out" <<'PY'
import csv, json, sys
d = sys.argv[1]
def chiiki(name):
    out = {}
    for r in json.load(open(f"{d}/{name}"))["regions"]:
        for c in r["conditions"]:
            out[(r["id"], c["id"])] = c["measured_mark"]
            for i in c["indicators"]:
                out[(r["id"], c["id"], i["id"])] = (i["value"], i["percentile"])
    return out
def pandas(name):
    return {tuple(row[:3]): (float(row[3]) if row[3] else None,) for row in list(csv.reader(open(f"{d}/{name}")))[1:]}
def close(a, b):
    if isinstance(a, tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
    return a == b
for side, a, b in [("chiiki", chiiki("chiiki-csv.json"), chiiki("chiiki-parquet.json")),
                   ("pandas", pandas("pandas-csv.csv"), pandas("pandas-parquet.csv"))]:
    bad = [k for k in a if k not in b or not close(a[k], b[k])]
    print(f"{side}: {len(a)} values from CSV and Parquet, {len(bad)} differ beyond 1e-9")
    if bad or len(a) != len(b):
        sys.exit(1)
PY
