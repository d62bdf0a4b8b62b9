#!/usr/bin/env bash
# Evidence at scale, chiiki against pandas on the same generated package in one run.
# Package: 1,700 regions × 1,000 industries × 20 years of employment (34,000,000 rows), 2,000,000
# organisations, about 10,000,000 collaboration rows (3,100,000 projects), plus patents, funding,
# mentions and migrations. Both sides compute every indicator for the last year (2024) from the CSV
# files, end to end (chiiki: row-by-row checks of every table, then the DataFusion queries,
# percentiles and marks, JSON written; pandas: read, compute, CSV written); then both again on the same
# package converted once to Parquet (`chiiki convert`; pandas reads it with pyarrow).
# Usage: benches/evidence.sh [REGIONS INDUSTRIES ORGS PROJECTS]   (defaults: 1700 1000 2000000 3100000)
# EVIDENCE_RUNS=N runs each side N times on each package (default 3) and reports the medians.
# The package is kept in target/bench-evidence-* between runs (about 2 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
regions=${1:-1700}
industries=${2:-1000}
orgs=${3:-2000000}
projects=${4:-3100000}
runs=${EVIDENCE_RUNS:-3}
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

# run LABEL PACKAGE: both sides on one package, RUNS times each (chiiki, pandas, chiiki, pandas, …),
# then each side's median and the ratio of the medians. Absolute times on these machines drift from
# minute to minute, so one run of each side can be off by a fifth either way; alternating the sides
# shares the drift between them.
run() {
  local label=$1 p=$2
  for i in $(seq "$runs"); do
    # Each side starts with the package's files in the page cache (read once just before), so neither
    # pays for reading the disk: an idle machine of this type drops idle files' pages within seconds.
    cat "$p"/* > /dev/null
    /usr/bin/time -f "%e s wall, %M KiB peak" -o "$out/chiiki-$i.time" \
      ./target/release/chiiki evidence "$p" --year 2024 --format json --out "$out/chiiki-$label.json"
    cat "$p"/* > /dev/null
    /usr/bin/time -f "%e s wall, %M KiB peak" -o "$out/pandas-$i.time" \
      .venv/bin/python tests/oracle/indicators_pandas.py "$p" --year 2024 --out "$out/pandas-$label.csv" \
      $([ "$i" = 1 ] && echo --timings)
    echo "== $label, run $i: chiiki evidence $(cat "$out/chiiki-$i.time"); pandas $(cat "$out/pandas-$i.time")"
  done
  python3 - "$out" "$runs" "$label" <<'PY'
import re, statistics, sys
d, runs, label = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def read(name):
    m = re.search(r"([\d.]+) s wall, (\d+) KiB", open(f"{d}/{name}.time").read())
    return float(m.group(1)), int(m.group(2))
c = [read(f"chiiki-{i}") for i in range(1, runs + 1)]
p = [read(f"pandas-{i}") for i in range(1, runs + 1)]
ct, pt = statistics.median(t for t, _ in c), statistics.median(t for t, _ in p)
cm, pm = max(m for _, m in c), max(m for _, m in p)
print(f"{label}: median of {runs} runs chiiki {ct:.2f} s, pandas {pt:.2f} s; speed: pandas / chiiki = {pt / ct:.1f}x "
      f"(run by run: {', '.join(f'{b[0] / a[0]:.1f}x' for a, b in zip(c, p))}); "
      f"peak memory: chiiki {cm / 1048576:.2f} GiB, pandas {pm / 1048576:.2f} GiB")
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
