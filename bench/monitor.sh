#!/usr/bin/env bash
# The monitor benchmark: GET /api/v1/teams/{team}/monitor over HTTP with wrk,
# on SQLite, for a team of 15 clinicians with four quarters of diary history
# (three past quarters and the current one so far, seeded as of now by
# crates/capa-web/examples/monitor_fixture.rs). Target: a median under 100 ms.
#
#   bench/monitor.sh                         release build, 4 connections, 15 s
#   CONNECTIONS=1 SECONDS_PER_RUN=10 bench/monitor.sh
#   PROFILE=dev bench/monitor.sh             the dev build (slower; for a quick look)
#
# Needs wrk. The database is in a temporary folder, removed after.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${PROFILE:-release}
connections=${CONNECTIONS:-4}
seconds=${SECONDS_PER_RUN:-15}
command -v wrk >/dev/null || { echo "bench/monitor.sh needs wrk (apt-get install wrk)" >&2; exit 1; }

if [ "$profile" = dev ]; then dir=debug; flag=(); else dir=release; flag=(--release); fi
cargo build "${flag[@]}" --quiet -p capa-cli
cargo build "${flag[@]}" --quiet -p capa-web --example monitor_fixture

work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
url="sqlite://$work/monitor.db"
read -r team token < <("target/$dir/examples/monitor_fixture" "$url")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"target/$dir/capa" serve --database-url "$url" --bind "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done

endpoint="http://127.0.0.1:$port/api/v1/teams/$team/monitor"
curl -fs -H "Authorization: Bearer $token" "$endpoint" | python3 -c '
import json, sys
b = json.load(sys.stdin)
print(f"== monitor of {b[\"quarter_label\"]}: {len(b[\"clinicians\"])} clinicians, {b[\"totals\"][\"published\"]} first appointments this quarter")'

echo "== capa ($profile), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $connections connections"
wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$endpoint" \
    | grep -E 'Latency|50%|90%|99%|Requests/sec'
echo "== one connection (a single lead's request, nothing queued behind it)"
wrk -t1 -c1 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$endpoint" \
    | grep -E 'Latency|50%|90%|99%|Requests/sec'
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
