#!/usr/bin/env bash
# Evidence at scale, chiiki against pandas on the same generated package in one run.
# Package: 1,700 regions × 1,000 industries × 20 years of employment (34,000,000 rows), 2,000,000
# organisations, about 10,000,000 collaboration rows (3,100,000 projects), plus patents, funding,
# mentions and migrations. Both sides compute every indicator for the last year (2024) from the CSV
# files, end to end (chiiki: row-by-row checks of every table, then the DataFusion queries,
# percentiles and marks, JSON written; pandas: read, compute, CSV written).
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
/usr/bin/time -f "chiiki evidence: %e s wall, %M KiB peak" -o "$out/chiiki.time" \
  ./target/release/chiiki evidence "$pkg" --year 2024 --format json --out "$out/chiiki.json"
/usr/bin/time -f "pandas: %e s wall, %M KiB peak" -o "$out/pandas.time" \
  .venv/bin/python tests/oracle/indicators_pandas.py "$pkg" --year 2024 --out "$out/pandas.csv" --timings
cat "$out/chiiki.time" "$out/pandas.time"
python3 - "$out" <<'PY'
import re, sys
d = sys.argv[1]
def read(name):
    m = re.search(r"([\d.]+) s wall, (\d+) KiB", open(f"{d}/{name}.time").read())
    return float(m.group(1)), int(m.group(2))
(ct, cm), (pt, pm) = read("chiiki"), read("pandas")
print(f"speed: pandas / chiiki = {pt / ct:.1f}x; peak memory: chiiki {cm / 1048576:.2f} GiB, pandas {pm / 1048576:.2f} GiB")
PY
