#!/bin/sh
# A 1,000,000-row discharge report uploaded over HTTP to `capa demo`, as a
# team lead's browser sends it: the time from the first byte sent to the
# analysis stored, and the server's resident memory above idle (the highest
# VmRSS sampled every 20 ms during the upload, less VmRSS before it).
#
# Usage: bench/demand_upload.sh [ROWS]   (default 1000000; needs python3, curl)
set -eu
rows=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

cargo build --release -p capa-cli --manifest-path "$root/Cargo.toml" >&2
python3 "$root/bench/generate_discharges.py" "$rows" "$work/report.csv"
size=$(wc -c < "$work/report.csv")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$work" && exec "$root/target/release/capa" demo --bind "127.0.0.1:$port" \
    --password bench-password --now 2026-09-14T09:30:00+12:00 > "$work/demo.log" 2>&1) &
pid=$!
until grep -q 'Stop with Ctrl-C' "$work/demo.log" 2>/dev/null; do sleep 0.2; done
pid=$(pgrep -P "$pid" capa || echo "$pid")
base="http://127.0.0.1:$port"

csrf=$(curl -s -c "$work/jar" -H 'content-type: application/json' \
    -d '{"username":"lead","password":"bench-password"}' "$base/api/v1/session" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
team=$(curl -s -b "$work/jar" "$base/api/v1/teams" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
idle=$(rss)
: > "$work/rss"
( while kill -0 "$pid" 2>/dev/null; do rss >> "$work/rss"; sleep 0.02; done ) &
sampler=$!
start=$(date +%s.%N)
status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -b "$work/jar" \
    -H 'content-type: text/csv' -H "x-csrf-token: $csrf" -H 'x-file-name: report.csv' \
    --data-binary @"$work/report.csv" "$base/api/v1/teams/$team/demand")
end=$(date +%s.%N)
kill $sampler 2>/dev/null || true
peak=$(sort -n "$work/rss" | tail -1)
[ "$status" = 200 ] || { echo "upload answered $status: $(head -c 400 "$work/answer.json")" >&2; exit 1; }
episodes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["analysis"]["episodes"])' "$work/answer.json")
python3 - "$rows" "$size" "$start" "$end" "$idle" "$peak" "$episodes" <<'PY'
import sys
rows, size, start, end, idle, peak, episodes = sys.argv[1:]
secs = float(end) - float(start)
print(f"rows {int(rows):,}  file {int(size)/1e6:.1f} MB  episodes {int(episodes):,}")
print(f"upload to stored analysis: {secs:.2f} s ({int(size)/1e6/secs:.0f} MB/s)")
print(f"server RSS: idle {int(idle)/1024:.1f} MiB, peak {int(peak)/1024:.1f} MiB, above idle {(int(peak)-int(idle))/1024:.1f} MiB")
PY
