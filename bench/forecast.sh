#!/usr/bin/env bash
# The forecast benchmark: the CAPA model in SimPy and in capa, side by side in
# one run on one team (examples/forecast-team.toml: 12 clinicians, 12
# referrals a week, 52 weeks after a 13-week warm-up), then criterion's
# in-process figures.
#
#   bench/forecast.sh                 5 interleaved rounds
#   RUNS=3 SIMPY_REPS=4 bench/forecast.sh
#
# Needs python3 with SimPy (pip install -r bench/requirements-forecast.txt).
# The model's inputs go to bench/data/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
simpy_reps=${SIMPY_REPS:-6}
team=examples/forecast-team.toml
today=2026-08-03

python3 -c 'import simpy' 2>/dev/null || {
    echo "bench/forecast.sh needs SimPy: pip install -r bench/requirements-forecast.txt" >&2
    exit 1
}

cargo build --release --quiet -p capa-cli
mkdir -p bench/data
target/release/capa forecast inputs "$team" --today "$today" > bench/data/forecast-inputs.json

echo "== capa $(target/release/capa --version | cut -d' ' -f2), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/compare_forecast.py --inputs bench/data/forecast-inputs.json --team "$team" \
    --today "$today" --capa target/release/capa --runs "$runs" --simpy-reps "$simpy_reps"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== criterion, in process (cargo bench -p capa-forecast --bench forecast)"
cargo bench --quiet -p capa-forecast --bench forecast 2>&1 | grep -E 'forecast/|time:'
