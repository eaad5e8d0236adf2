#!/usr/bin/env bash
# The booking benchmark: throughput and p50/p99 latency of Store::book under
# 64 concurrent clients, on SQLite and PostgreSQL side by side.
#
#   bench/booking.sh                      SQLite only, 10 s per load
#   CAPA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
#     BENCH_SECONDS=20 bench/booking.sh   both backends, 20 s per load
#
# CAPA_TEST_DATABASE_URL is used when CAPA_BENCH_DATABASE_URL is not set. The
# URL is an admin URL: a fresh database is created there and dropped after.
# Release build (cargo's bench profile); the SQLite file is in a temporary
# folder of the default temp dir (set TMPDIR to measure another disk).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== capa booking benchmark, $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), ${BENCH_SECONDS:-10} s per load"
cargo bench --quiet -p capa-store --bench booking
