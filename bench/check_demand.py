#!/usr/bin/env python3
"""Checks every field of `capa demand analyse --format json` against an
independent pandas computation (bench/demand_frames.py) of the same report.

Counts, dates and texts must be equal; floats equal to a relative 1e-12
(pandas interpolates percentiles in floating point where capa uses exact
rational arithmetic). The explanations are rebuilt from the pandas figures
with the same wording, and compared as text. Exits 1 on any difference.

Usage: check_demand.py FILE [--capa PATH] [--today YYYY-MM-DD]
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demand_frames  # noqa: E402
from demand_frames import SETTINGS, close  # noqa: E402


def n2(x, places=2):
    s = f"{x:.{places}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def dmy(d):
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def explanations(f, s):
    weeks = f["span_days"] / 7
    rate = f["referrals_in_span"] / weeks
    product = rate * s["weeks_per_quarter"]
    lo, hi = s["choice_max_ff"] + 1, s["core_range_max_ff"]
    return {
        "referrals_per_week": (
            "episodes started within the report's span / (days in the span / 7): "
            f"{f['referrals_in_span']} / ({f['span_days']} days / 7 = {n2(weeks)} weeks) = {n2(rate)} per week"
            f" (the span runs from the first discharge ({dmy(f['first_discharge'])}) to the last "
            f"({dmy(f['last_discharge'])}); an episode started on discharge date - days in service; "
            f"{f['referrals_in_span']} of the {f['episodes']} episodes started within it)"
            f" (discharges per week over the same span: {n2(f['episodes'] / weeks)}; episodes that "
            "started in the span and were still open at its end are not in the report, so the start "
            "count is a floor)"
        ),
        "choice_needed_per_quarter": (
            f"ceil(accepted referrals per week x {s['weeks_per_quarter']} weeks): "
            f"ceil({n2(rate)} x {s['weeks_per_quarter']} = {n2(product, 3)}) = "
            f"{f['choice_needed_per_quarter']} (planned for full attendance)"
        ),
        "suggested_core_multiplier": (
            "appointments per session x working weeks per quarter / mean f/f of Core-range "
            f"episodes ({lo}-{hi}): {n2(s['appointments_per_session'])} x "
            f"{n2(s['working_weeks_per_quarter'])} / {n2(f['core_range_mean_ff'])} = "
            f"{n2(f['suggested_core_multiplier'])} (a suggestion: CAPA keeps 3 when the "
            "derivation gives about 3; the team chooses)"
        ),
    }


def compare(path, want, got, problems):
    """Appends the differences to `problems`; returns how many values it compared."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or set(want) != set(got):
            problems.append(f"{path}: keys differ: {sorted(set(want) ^ set(got or {}))}")
            return 1
        return sum(compare(f"{path}.{k}", want[k], got[k], problems) for k in want)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            problems.append(f"{path}: lengths differ")
            return 1
        return sum(compare(f"{path}[{i}]", w, g, problems) for i, (w, g) in enumerate(zip(want, got)))
    if not close(want, got):
        problems.append(f"{path}: pandas {want!r}, capa {got!r}")
    return 1


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file")
    p.add_argument("--capa", default="target/release/capa")
    p.add_argument("--today", default="2025-01-01")
    a = p.parse_args()
    out = subprocess.run(
        [a.capa, "demand", "analyse", a.file, "--format", "json", "--today", a.today],
        capture_output=True, text=True,
    )
    if out.returncode != 0:
        sys.exit(f"capa failed ({out.returncode}): {out.stderr[-2000:]}")
    got = json.loads(out.stdout)
    f = demand_frames.pandas_figures(a.file)
    want = dict(f)
    want["first_discharge"] = f["first_discharge"].isoformat()
    want["last_discharge"] = f["last_discharge"].isoformat()
    want["settings"] = SETTINGS
    want["explain"] = explanations(f, SETTINGS)
    import pandas as pd

    raw = pd.read_csv(a.file, usecols=["NHI", "Diagnosis", "Discharge date"], dtype=str,
                      keep_default_na=False)
    key = (raw["NHI"].str.strip().str.upper() + "|" + raw["Discharge date"] + "|"
           + raw["Diagnosis"].str.strip().str.lower())
    # The generated file has no blank or multi-line rows: row = index + 2.
    dup_rows = [int(i) + 2 for i in raw.index[key.duplicated(keep="first")]]
    want.update({
        "file": a.file,
        "rows": len(raw),
        "errors": [],
        "errors_omitted": 0,
        "duplicate_rows": dup_rows[:1000],
        "notes": got.get("notes"),
    })
    headers = ["NHI", "Diagnosis", "Days in service", "F/F", "Discharge date"]
    expected_notes = [
        "read as CSV, values separated by ','",
        "columns used: " + ", ".join(
            f"{n} = '{h}'" for n, h in zip(
                ["nhi", "diagnosis", "days_in_service", "face_to_face", "discharge_date"], headers)),
        "never read (names): 'Name'",
        "ignored: 'Team'",
    ]
    problems = []
    values = compare("", want, got, problems)
    values += compare(".notes", expected_notes, got.get("notes"), problems)
    if problems:
        print(f"{len(problems)} differences between capa and pandas:")
        for line in problems[:50]:
            print("  " + line)
        sys.exit(1)
    print(f"capa and pandas agree on every field ({len(got)} top-level fields, "
          f"{len(got['by_diagnosis'])} diagnoses, {len(got['ff_histogram'])} histogram bars, "
          f"{got['episodes']:,} episodes, {got['duplicates']} duplicates; {values} values compared)")


if __name__ == "__main__":
    main()
