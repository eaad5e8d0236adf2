#!/usr/bin/env python3
"""Times the CAPA forecast model in SimPy and in capa, side by side.

Each round runs, one after the other: the SimPy model (bench/forecast_simpy.py,
imported here, each replication timed alone inside Python); then
`capa forecast run TEAM --reps 1000 --format json` as a whole process
(start-up, reading the team file, building the diary, 1,000 replications,
the bands, JSON out) on one thread and on two, and `--reps 1` for the fixed
cost. Both are timed by the clock on the wall and by the CPU time they used
(the processor time of this process for SimPy, of the child for capa): on a
machine shared with other work the CPU time is the steadier, the wall clock
what a user waits. Rounds are interleaved so that a busy machine slows both
alike. Prints each round, then medians and ratios, and the two models'
figures side by side.

Usage: compare_forecast.py --inputs INPUTS.json --team TEAM.toml --today DATE
       [--capa PATH] [--runs N] [--simpy-reps N]
"""

import argparse
import json
import math
import resource
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forecast_simpy  # noqa: E402


def capa_run(capa, team, today, reps, threads):
    """Runs capa; returns (wall seconds, CPU seconds of the child, its JSON)."""
    cmd = [capa, "forecast", "run", team, "--reps", str(reps), "--threads", str(threads),
           "--today", today, "--seed", "1", "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"capa failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, json.loads(done.stdout)


def simpy_round(model, reps, seed):
    """Runs SimPy replications; returns (wall seconds, CPU seconds, figures) of each."""
    walls, cpus, runs = [], [], []
    for rep in range(reps):
        rng = random.Random(seed * 1_000_003 + rep)
        wall, cpu = time.perf_counter(), time.process_time()
        runs.append(forecast_simpy.Model(model, rng).run())
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return walls, cpus, runs


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
    sp_wall, sp_cpu, simpy_runs = [], [], []
    one, one_cpu, two, two_cpu, fixed, fixed_cpu = [], [], [], [], [], []
    capa_json = None
    for i in range(a.runs):
        w, c, r = simpy_round(model, a.simpy_reps, i + 1)
        sp_wall += w
        sp_cpu += c
        simpy_runs += r
        s1, c1, _ = capa_run(a.capa, a.team, a.today, 1000, 1)
        s2, c2, capa_json = capa_run(a.capa, a.team, a.today, 1000, 2)
        s0, c0, _ = capa_run(a.capa, a.team, a.today, 1, 1)
        one.append(s1)
        one_cpu.append(c1)
        two.append(s2)
        two_cpu.append(c2)
        fixed.append(s0)
        fixed_cpu.append(c0)
        print(f"round {i + 1}: SimPy {statistics.median(w) * 1e3:.1f} ms a replication "
              f"({statistics.median(c) * 1e3:.1f} ms CPU)  capa 1000 replications: "
              f"{s1:.3f} s on 1 thread ({c1:.3f} s CPU), {s2:.3f} s on 2 ({c2:.3f} s CPU); "
              f"1 replication {s0 * 1e3:.1f} ms")
    med = statistics.median
    spw, spc = med(sp_wall), med(sp_cpu)
    m1, m1c, m2, m0, m0c = med(one), med(one_cpu), med(two), med(fixed), med(fixed_cpu)
    print()
    print(f"SimPy {forecast_simpy.simpy.__version__}, Python {sys.version.split()[0]}: "
          f"{spw * 1e3:.1f} ms a replication by the wall clock, {spc * 1e3:.1f} ms of CPU "
          f"(medians of {len(sp_wall)})")
    print(f"capa, 1 thread, whole process: {m1 / 1000 * 1e3:.3f} ms a replication by the wall "
          f"clock ({m1:.3f} s for 1000), {m1c / 1000 * 1e3:.3f} ms of CPU; "
          f"the fixed cost (start-up, team file, diary: --reps 1) is {m0 * 1e3:.1f} ms")
    print(f"ratio, one thread: capa is {spw / (m1 / 1000):.0f}x SimPy a replication by the wall "
          f"clock, {spc / (m1c / 1000):.0f}x by CPU time")
    # SimPy's figure is one replication alone, its inputs already loaded:
    # the like-for-like figure for capa is what the 999 replications beyond
    # the first add to the process (medians of each, so it is approximate).
    marginal, marginal_cpu = (m1 - m0) / 999, (m1c - m0c) / 999
    print(f"capa, 1 thread, a replication beyond the fixed cost ((1000 - 1 replications) / 999): "
          f"{marginal * 1e3:.3f} ms by the wall clock, {marginal_cpu * 1e3:.3f} ms of CPU; "
          f"{spw / marginal:.0f}x SimPy by the wall clock, {spc / marginal_cpu:.0f}x by CPU time")
    print(f"1000 replications on 2 threads: {m2:.3f} s by the wall clock (median of {len(two)}), "
          f"{med(two_cpu):.3f} s of CPU")
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
