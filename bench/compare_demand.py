#!/usr/bin/env python3
"""Times capa, pandas and polars on the same discharge report, side by side.

Each round runs, one after the other: `capa demand analyse FILE --format json`
(with its default parsing threads, then with `--threads 0`) as a whole process (start-up, reading, figures, JSON out) under
/usr/bin/time for its peak memory; then the same parse, duplicate removal and
group-by in pandas and in polars (bench/demand_frames.py), timed inside this
process after the libraries are imported, so their start-up is not counted
against them. The rounds are interleaved so that a busy machine slows all
three alike. Prints each run, then medians, ratios and capa's peak RSS.

Usage: compare_demand.py FILE [--runs N] [--capa PATH] [--today YYYY-MM-DD]
"""

import argparse
import gc
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demand_frames  # noqa: E402


def run_capa(capa, path, today, extra=()):
    cmd = ["/usr/bin/time", "-f", "%M", capa, "demand", "analyse", path,
           "--format", "json", "--today", today, *extra]
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"capa failed ({done.returncode}): {done.stderr[-2000:]}")
    rss_kib = int(done.stderr.strip().splitlines()[-1])
    return seconds, rss_kib


def timed(f, path):
    gc.collect()
    start = time.perf_counter()
    f(path)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--capa", default="target/release/capa")
    p.add_argument("--today", default="2025-01-01")
    a = p.parse_args()
    size = Path(a.file).stat().st_size
    with open(a.file, "rb") as f:
        rows = sum(1 for _ in f) - 1
    print(f"file: {a.file} ({rows:,} rows, {size / 1e6:.1f} MB); {a.runs} runs")
    capa, rss, capa1, rss1, pandas, polars = [], [], [], [], [], []
    for i in range(a.runs):
        c, m = run_capa(a.capa, a.file, a.today)
        capa.append(c)
        rss.append(m)
        c1, m1 = run_capa(a.capa, a.file, a.today, ("--threads", "0"))
        capa1.append(c1)
        rss1.append(m1)
        pandas.append(timed(demand_frames.pandas_figures, a.file))
        polars.append(timed(demand_frames.polars_figures, a.file))
        print(f"run {i + 1}: capa {c:.3f} s ({m / 1024:.1f} MiB)  "
              f"capa --threads 0 {c1:.3f} s ({m1 / 1024:.1f} MiB)  "
              f"pandas {pandas[-1]:.3f} s  polars {polars[-1]:.3f} s")
    mc, mc1, mp, ml = (statistics.median(x) for x in (capa, capa1, pandas, polars))
    print()
    print(f"median  capa             {mc:.3f} s   peak RSS {max(rss) / 1024:.1f} MiB (max of runs)")
    print(f"median  capa --threads 0 {mc1:.3f} s   peak RSS {max(rss1) / 1024:.1f} MiB "
          f"({mc1 / mc:.1f}x capa's time)")
    print(f"median  pandas           {mp:.3f} s   {mp / mc:.1f}x capa's time")
    print(f"median  polars           {ml:.3f} s   {ml / mc:.1f}x capa's time")
    print(f"pandas {pandas_version()}, polars {polars_version()}, "
          f"polars threads {polars_threads()}")


def pandas_version():
    return demand_frames.pd.__version__


def polars_version():
    return demand_frames.pl.__version__


def polars_threads():
    return demand_frames.pl.thread_pool_size()


if __name__ == "__main__":
    main()
