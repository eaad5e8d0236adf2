#!/usr/bin/env python3
"""Times the CAPA forecast model in SimPy and in capa, side by side.

Each round runs, one after the other: the SimPy model (bench/forecast_simpy.py,
imported here, each replication timed alone inside Python); then
`capa forecast run TEAM --reps 1000 --format json` as a whole process
(start-up, reading the team file, building the diary, 1,000 replications,
JSON out) on one thread and on two, and `--reps 1` for the fixed cost. Rounds
are interleaved so that a busy machine slows both alike. Prints each round,
then medians and ratios, and the two models' figures side by side.

Usage: compare_forecast.py --inputs INPUTS.json --team TEAM.toml --today DATE
       [--capa PATH] [--runs N] [--simpy-reps N]
"""

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forecast_simpy  # noqa: E402


def capa_run(capa, team, today, reps, threads):
    cmd = [capa, "forecast", "run", team, "--reps", str(reps), "--threads", str(threads),
           "--today", today, "--seed", "1", "--format", "json"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"capa failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def simpy_round(model, reps, seed):
    times, runs = [], []
    for rep in range(reps):
        rng = random.Random(seed * 1_000_003 + rep)
        start = time.perf_counter()
        runs.append(forecast_simpy.Model(model, rng).run())
        times.append(time.perf_counter() - start)
    return times, runs


def mean_se(values):
    m = statistics.fmean(values)
    se = statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
    return m, se


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inputs", required=True)
    p.add_argument("--team", required=True)
    p.add_argument("--today", required=True)
    p.add_argument("--capa", default="target/release/capa")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--simpy-reps", type=int, default=6, help="SimPy replications per round")
    a = p.parse_args()
    model = forecast_simpy.load(a.inputs)
    simpy_times, simpy_runs, one, two, fixed = [], [], [], [], []
    capa_json = None
    for i in range(a.runs):
        t, r = simpy_round(model, a.simpy_reps, i + 1)
        simpy_times += t
        simpy_runs += r
        s1, _ = capa_run(a.capa, a.team, a.today, 1000, 1)
        s2, capa_json = capa_run(a.capa, a.team, a.today, 1000, 2)
        s0, _ = capa_run(a.capa, a.team, a.today, 1, 1)
        one.append(s1)
        two.append(s2)
        fixed.append(s0)
        print(f"round {i + 1}: SimPy {statistics.median(t) * 1e3:.1f} ms a replication  "
              f"capa 1000 reps: {s1:.3f} s on 1 thread, {s2:.3f} s on 2; 1 rep {s0 * 1e3:.1f} ms")
    sp = statistics.median(simpy_times)
    m1, m2, m0 = (statistics.median(x) for x in (one, two, fixed))
    per_rep = m1 / 1000
    per_rep_net = (m1 - m0) / 999
    print()
    print(f"SimPy {forecast_simpy.simpy.__version__}, Python {sys.version.split()[0]}: "
          f"{sp * 1e3:.1f} ms a replication (median of {len(simpy_times)})")
    print(f"capa, 1 thread: {per_rep * 1e3:.3f} ms a replication counting the whole process "
          f"({m1:.3f} s for 1000), {per_rep_net * 1e3:.3f} ms without the fixed "
          f"{m0 * 1e3:.1f} ms of start-up, file and diary")
    print(f"ratio: capa is {sp / per_rep:.0f}x SimPy a replication on one thread "
          f"({sp / per_rep_net:.0f}x without the fixed cost)")
    print(f"1000 replications on 2 threads: {m2:.3f} s (median of {len(two)}), "
          f"{m1 / m2:.2f}x the one-thread time")
    print()
    print("the same model, two implementations (mean over replications +- standard error):")
    rows = [
        ("wait to Choice, days", "wait_to_choice_days", capa_json["wait_to_choice_days"]["mean_band"]["mean"]),
        ("share seen within 3 weeks", "share_within_3_weeks", capa_json["share_within_3_weeks_band"]["mean"]),
        ("Partnerships started", "partnerships_started", capa_json["partnerships_started"]),
        ("wait to Partnership, days", "wait_to_partnership_days",
         capa_json["wait_to_partnership_days"]["mean_band"]["mean"]),
    ]
    for name, key, capa_value in rows:
        m, se = mean_se([r[key] for r in simpy_runs])
        print(f"  {name:28s} SimPy {m:9.3f} +- {se:.3f}   capa {capa_value:9.3f} (1000 replications)")


if __name__ == "__main__":
    main()
