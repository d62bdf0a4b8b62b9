#!/usr/bin/env bash
# Load test of the web app on loopback: the public region page (/regions/kobe: published chart as SVG,
# diagnosis, strengths and proposals) under 100 concurrent connections, with wrk (Debian package `wrk`).
# Also the overview (heat map + map of Japan) and the chart's JSON download. Prints wrk's latency
# percentiles (p50, p99) and the request rate.
# Usage: benches/web.sh [SECONDS]   (default 20 per page)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
command -v wrk >/dev/null || { echo "benches/web.sh needs wrk: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet -p chiiki --no-default-features
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
./target/release/chiiki serve --db "$dir/chiiki.db" --addr "127.0.0.1:$port" 2>"$dir/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
run() {  # run LABEL PATH [wrk options…]
  local label=$1 path=$2
  shift 2
  curl -fs -o /dev/null "$@" "http://127.0.0.1:$port$path" 2>/dev/null || true  # warm up
  echo "== GET $path ($label), 100 connections, 2 threads, ${seconds} s"
  wrk -t2 -c100 -d"${seconds}s" --latency "$@" "http://127.0.0.1:$port$path" \
    | grep -E "^\s+(50|99)%|Requests/sec|requests in|Non-2xx|errors"
}
run anonymous /regions/kobe
run anonymous /
run anonymous /regions/kobe/chart.json
# A logged-in viewer: each request also looks up the session in the database.
printf 'bench-viewer-password\n' | ./target/release/chiiki user add bench --role viewer --db "$dir/chiiki.db" 2>/dev/null
cookie=$(curl -fs -c - -H 'Content-Type: application/json' -d '{"name":"bench","password":"bench-viewer-password"}' \
  "http://127.0.0.1:$port/api/session" | awk '$6 == "chiiki_session" { print $7 }')
[[ -n $cookie ]] || { echo "benches/web.sh: could not log in" >&2; exit 1; }
run "logged-in viewer" /regions/kobe -H "Cookie: chiiki_session=$cookie"
