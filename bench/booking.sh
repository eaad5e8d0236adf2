#!/usr/bin/env bash
# The booking benchmark, in two parts:
#
# - store: throughput and p50/p99 latency of Store::book under 64 concurrent
#   clients in-process (criterion, crates/capa-store/benches/booking.rs);
# - http: the same over HTTP with wrk: a release `capa demo` on a fresh
#   database and a random port, 64 connections for BENCH_SECONDS booking the
#   demo's vacant Partnership offers round-robin as the booking administrator
#   (an API token), each attempt for a new family, so once an offer is taken
#   the attempts on it are 409 "just taken"; then a check that no offer was
#   booked twice, that every 200 is in the database, that every offer was
#   booked and that no refused attempt left a client behind; then wrk on
#   GET /api/v1/offers of the team for a few seconds.
#
#   bench/booking.sh                      SQLite only, 10 s per load
#   CAPA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
#     BENCH_SECONDS=20 bench/booking.sh   both backends, 20 s per load
#   BENCH_PARTS=http bench/booking.sh     only the HTTP part
#   BENCH_COMPARE=/tmp/capa-before bench/booking.sh
#                                         the HTTP part also with another capa
#                                         binary, runs interleaved, for a
#                                         before/after ratio on a busy machine
#
# CAPA_TEST_DATABASE_URL is used when CAPA_BENCH_DATABASE_URL is not set. The
# URL is an admin URL: a fresh database is created there and dropped after.
# Release build (cargo's release and bench profiles); the SQLite files are in
# a temporary folder of the default temp dir (set TMPDIR to measure another
# disk). Needs wrk, curl, jq, sqlite3 and (for PostgreSQL) psql.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_LOAD=${BENCH_SECONDS:-10}
LIST_SECONDS=${BENCH_LIST_SECONDS:-3}
PARTS=${BENCH_PARTS:-store http}
ADMIN_URL=${CAPA_BENCH_DATABASE_URL:-${CAPA_TEST_DATABASE_URL:-}}
PASSWORD=bench-password-1

echo "== capa booking benchmark, $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), ${SECONDS_PER_LOAD} s per load, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ " $PARTS " == *" store "* ]]; then
  echo "== in-process (Store::book)"
  cargo bench --quiet -p capa-store --bench booking
fi

[[ " $PARTS " == *" http "* ]] || exit 0

cargo build --quiet --release -p capa-cli --bin capa
BINARIES=("after=target/release/capa")
if [[ -n "${BENCH_COMPARE:-}" ]]; then
  BINARIES=("before=$BENCH_COMPARE" "${BINARIES[@]}")
fi

WORK=$(mktemp -d)
SERVER=""
DATABASES=()
cleanup() {
  if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  for db in "${DATABASES[@]}"; do
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# SQL on the run's database: sqlite3 or psql, by the URL.
sql() {
  local url=$1 query=$2
  if [[ $url == sqlite://* ]]; then
    sqlite3 -batch -noheader "${url#sqlite://}" "$query"
  else
    psql -qtA "$url" -c "$query"
  fi
}

# Starts `capa demo` ($1 binary, $2 database URL) on a free port; sets BASE.
start_server() {
  local bin=$1 url=$2 port log="$WORK/server.log"
  port=$(free_port)
  "$bin" demo --database-url "$url" --bind "127.0.0.1:$port" --password "$PASSWORD" >"$log" 2>&1 &
  SERVER=$!
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do
    if grep -q "Open http" "$log"; then return 0; fi
    if ! kill -0 "$SERVER" 2>/dev/null; then cat "$log" >&2; echo "the server did not start" >&2; exit 1; fi
    sleep 0.1
  done
  echo "the server did not start within 60 s" >&2
  exit 1
}

stop_server() {
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

# An API token of the demo's booking administrator: signs in, then creates
# the token on the account page (a token cannot make tokens).
booking_token() {
  local jar="$WORK/cookies" csrf
  csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"booking\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session" | jq -r .csrf_token)
  curl -sf -b "$jar" --data-urlencode "name=bench" --data-urlencode "csrf=$csrf" \
    "$BASE/account/tokens" | grep -o 'capa_[0-9a-f]\{64\}' | head -1
}

# One HTTP run: $1 label, $2 binary, $3 backend name, $4 database URL.
http_run() {
  local label=$1 bin=$2 backend=$3 url=$4 token team offers count acked="$WORK/acked"
  start_server "$bin" "$url"
  token=$(booking_token)
  [[ -n "$token" ]] || { echo "no API token" >&2; exit 1; }
  team=$(curl -sf -H "Authorization: Bearer $token" "$BASE/api/v1/teams" | jq '.[0].id')
  offers=$(curl -sf -H "Authorization: Bearer $token" "$BASE/api/v1/offers?state=vacant&team=$team" | jq -r '[.[].id] | join(",")')
  count=$(awk -F, '{print NF}' <<<"$offers")
  local result
  result=$(BENCH_OFFERS=$offers BENCH_TOKEN=$token BENCH_ACKED=$acked BENCH_THREADS=2 \
    wrk -t2 -c64 -d"${SECONDS_PER_LOAD}s" --timeout 10s -s bench/booking.lua "$BASE" | grep '^RESULT')
  echo "$backend $label book: $count vacant offers; ${result#RESULT }"

  # The check: the acknowledged bookings against the database.
  local acked_n dup_acked values missing booked bench_bookings twice orphans
  acked_n=$(wc -l <"$acked")
  dup_acked=$(awk '{print $2}' "$acked" | sort | uniq -d | wc -l)
  values=$(awk '{printf "%s(%s, %s, '"'"'%s'"'"')", (NR > 1 ? ", " : ""), $1, $2, $3}' "$acked")
  missing=0
  if [[ $acked_n -gt 0 ]]; then
    missing=$(sql "$url" "WITH acked(booking, offer, client) AS (VALUES $values) \
      SELECT COUNT(*) FROM acked WHERE NOT EXISTS (SELECT 1 FROM bookings b JOIN clients c ON c.id = b.client_id \
      WHERE b.id = acked.booking AND b.appointment_id = acked.offer AND b.active AND c.local_ref = acked.client)")
  fi
  booked=$(sql "$url" "SELECT COUNT(*) FROM appointments WHERE id IN ($offers) AND state = 'booked'")
  bench_bookings=$(sql "$url" "SELECT COUNT(*) FROM bookings b JOIN clients c ON c.id = b.client_id WHERE c.local_ref LIKE 'BW%'")
  twice=$(sql "$url" "SELECT COUNT(*) FROM (SELECT appointment_id FROM bookings GROUP BY appointment_id HAVING COUNT(*) > 1) AS t")
  orphans=$(sql "$url" "SELECT COUNT(*) FROM clients c WHERE c.local_ref LIKE 'BW%' \
    AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.client_id = c.id)")
  echo "$backend $label check: $acked_n acknowledged (offers acknowledged twice: $dup_acked), not in the database: $missing; offers booked $booked of $count; bench bookings in the database $bench_bookings; offers with two bookings: $twice; clients left by refused attempts: $orphans"
  local ok=1
  [[ $dup_acked -eq 0 && $missing -eq 0 && $twice -eq 0 && $bench_bookings -eq $acked_n ]] || ok=0
  [[ $booked -eq $count && $acked_n -eq $count ]] || ok=0
  [[ $ok -eq 1 ]] || FAILED="$FAILED $backend/$label"

  # GET /api/v1/offers of the team (every offer, now booked).
  local list
  list=$(wrk -t2 -c8 -d"${LIST_SECONDS}s" --latency -H "Authorization: Bearer $token" \
    "$BASE/api/v1/offers?team=$team" | awk '/Requests\/sec/ {rps = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} END {printf "requests/s=%s p50=%s p99=%s", rps, p50, p99}')
  local size
  size=$(curl -sf -H "Authorization: Bearer $token" "$BASE/api/v1/offers?team=$team" | jq length)
  echo "$backend $label list: GET /api/v1/offers?team=$team ($size offers), 8 connections: $list"
  stop_server
}

FAILED=""
BACKENDS=("sqlite")
[[ -n "$ADMIN_URL" ]] && BACKENDS+=("postgres")
echo "== over HTTP (wrk, 64 connections, ${SECONDS_PER_LOAD} s)"
run=0
for backend in "${BACKENDS[@]}"; do
  for entry in "${BINARIES[@]}"; do
    label=${entry%%=*}
    bin=${entry#*=}
    run=$((run + 1))
    if [[ $backend == sqlite ]]; then
      url="sqlite://$WORK/bench-$run.db"
    else
      name="capa_bench_http_$$_$run"
      psql -q "$ADMIN_URL" -c "CREATE DATABASE $name" >/dev/null
      DATABASES+=("$name")
      url="${ADMIN_URL%/*}/$name"
    fi
    http_run "$label" "$bin" "$backend" "$url"
  done
done
if [[ -n "$FAILED" ]]; then
  echo "FAILED the booking check:$FAILED" >&2
  exit 1
fi
echo "every check held: no offer booked twice, every acknowledged booking in the database"
