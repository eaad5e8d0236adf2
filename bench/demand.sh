#!/usr/bin/env bash
# The demand benchmark: capa against pandas and polars on a generated
# discharge report, then a field-by-field check of capa's figures.
#
#   bench/demand.sh            1,000,000 rows, 5 runs
#   ROWS=200000 RUNS=3 bench/demand.sh
#
# Needs python3 with pandas and polars (pip install pandas polars) and
# /usr/bin/time. The generated report goes to bench/data/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${ROWS:-1000000}
runs=${RUNS:-5}
data="bench/data/discharges_${rows}.csv"

python3 -c 'import pandas, polars' 2>/dev/null || {
    echo "bench/demand.sh needs pandas and polars: pip install pandas polars" >&2
    exit 1
}
[ -x /usr/bin/time ] || { echo "bench/demand.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet -p capa-cli
mkdir -p bench/data
if [ ! -f "$data" ]; then
    echo "generating $data ..."
    python3 bench/generate_discharges.py "$rows" "$data"
fi

echo "== capa $(target/release/capa --version | cut -d' ' -f2), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
python3 bench/compare_demand.py "$data" --runs "$runs" --capa target/release/capa
echo
echo "== correctness: every JSON field against pandas"
python3 bench/check_demand.py "$data" --capa target/release/capa
