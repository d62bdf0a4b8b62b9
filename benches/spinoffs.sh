#!/usr/bin/env bash
# Spin-off genealogy at scale: generates a synthetic package of 5,000,000 organisations (1,700
# regions, 2,000,000 projects) and times `chiiki spinoffs` end to end (reading and checking the
# tables, building the forest, measuring every anchor, writing JSON), with peak memory.
# Usage: benches/spinoffs.sh [ORGS]   (default 5000000)
set -euo pipefail
cd "$(dirname "$0")/.."
orgs=${1:-5000000}
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
./target/release/chiiki generate --orgs "$orgs" --regions 1700 --projects $((orgs / 5 * 2)) --out "$dir/pkg"
du -sh "$dir/pkg/organizations.csv"
for format in json text; do
  /usr/bin/time -f "spinoffs --format $format: %e s wall, %M KiB peak" \
    ./target/release/chiiki spinoffs "$dir/pkg" --format "$format" --out "$dir/out.$format"
done
python3 -c "import json,sys; d=json.load(open('$dir/out.json')); a=d['anchors']; print(f'{len(a)} anchors, largest tree {a[0][\"size\"]}, {sum(x[\"passes\"] for x in a)} pass the 10-in-20-years test')"
