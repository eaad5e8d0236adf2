"""The demand figures of a discharge report, computed with pandas and with
polars, independently of capa.

Both follow docs/demand.md: duplicates (same NHI, discharge date and
diagnosis, the diagnosis compared without case or surrounding spaces) are
dropped keeping the first; Partnership is f/f > choice_max_ff; the Core range
is Partnership up to core_range_max_ff; percentiles interpolate linearly
(Excel's PERCENTILE.INC); referrals are the episodes that started
(discharge date - days in service) between the first and the last discharge.

The column names are those bench/generate_discharges.py writes.
"""

import math

import pandas as pd
import polars as pl

SETTINGS = {
    "choice_max_ff": 3,
    "core_range_max_ff": 15,
    "histogram_max": 30,
    "appointments_per_session": 2.0,
    "working_weeks_per_quarter": 11.25,
    "weeks_per_quarter": 13,
}
COLUMNS = {
    "NHI": "nhi",
    "Diagnosis": "diagnosis",
    "Days in service": "days",
    "F/F": "ff",
    "Discharge date": "discharge",
}
NO_DIAGNOSIS = "(no diagnosis)"


def finish(n, choice, partnership, core, extended, histogram, diagnoses, span, duplicates, test_nhis, s):
    """Common arithmetic on the aggregates both libraries produce."""
    first, last, span_days, started = span
    weeks_quarter = s["weeks_per_quarter"]
    core_mean = core["mean"]
    return {
        "episodes": n,
        "choice_or_one_off": choice,
        "partnership_episodes": partnership["count"],
        "partnership_mean_ff": partnership["mean"],
        "partnership_median_ff": partnership["median"],
        "partnership_p90_ff": partnership["p90"],
        "core_range_episodes": core["count"],
        "core_range_mean_ff": core_mean,
        "core_range_median_ff": core["median"],
        "core_range_p90_ff": core["p90"],
        "extended_episodes": extended,
        "extended_share": extended / partnership["count"] if partnership["count"] else None,
        "ff_histogram": histogram,
        "by_diagnosis": diagnoses,
        "first_discharge": first,
        "last_discharge": last,
        "span_days": span_days,
        "referrals_in_span": started,
        "referrals_per_week": started * 7 / span_days,
        "discharges_per_week": n * 7 / span_days,
        "choice_needed_per_quarter": -(-(started * 7 * weeks_quarter) // span_days),
        "suggested_core_multiplier": (
            s["appointments_per_session"] * s["working_weeks_per_quarter"] / core_mean
            if core_mean
            else None
        ),
        "duplicates": duplicates,
        "test_nhis": test_nhis,
    }


def histogram_of(counts, s):
    """{"0": n0, ..., "30": n30, "31+": rest} from a {f/f: count} mapping."""
    top = s["histogram_max"]
    h = {str(v): int(counts.get(v, 0)) for v in range(top + 1)}
    h[f"{top + 1}+"] = int(sum(c for v, c in counts.items() if v > top))
    return h


def sort_diagnoses(rows):
    rows.sort(key=lambda d: (-d["episodes"], d["diagnosis"]))
    return rows


def pandas_figures(path, s=SETTINGS):
    df = pd.read_csv(
        path,
        usecols=list(COLUMNS),
        dtype={"NHI": str, "Diagnosis": str, "Days in service": "int64", "F/F": "int64"},
        keep_default_na=False,
    ).rename(columns=COLUMNS)
    df["discharge"] = pd.to_datetime(df["discharge"], format="%d/%m/%Y")
    label = df["diagnosis"].str.strip()
    df["label"] = label.where(label != "", NO_DIAGNOSIS)
    df["dkey"] = df["label"].str.lower()
    df["nhi"] = df["nhi"].str.strip().str.upper()
    labels = df.groupby("dkey", sort=False)["label"].first()
    dup = df.duplicated(["nhi", "discharge", "dkey"], keep="first")
    kept = df[~dup]
    ff = kept["ff"]
    cmax, core_max = s["choice_max_ff"], s["core_range_max_ff"]

    def summary(values):
        if len(values) == 0:
            return {"count": 0, "mean": None, "median": None, "p90": None}
        return {
            "count": int(len(values)),
            "mean": float(values.mean()),
            "median": float(values.median()),
            "p90": float(values.quantile(0.9)),
        }

    part = kept[ff > cmax]
    by = part.groupby("dkey", sort=False)["ff"]
    stats = by.agg(["count", "mean", "median"])
    ext = (part["ff"] > core_max).groupby(part["dkey"], sort=False).sum()
    episodes = kept.groupby("dkey", sort=False).size()
    diagnoses = []
    for key, n in episodes.items():
        p = int(stats["count"].get(key, 0))
        e = int(ext.get(key, 0))
        median = float(stats["median"][key]) if p else None
        diagnoses.append({
            "diagnosis": labels[key],
            "episodes": int(n),
            "partnership_episodes": p,
            "mean_ff": float(stats["mean"][key]) if p else None,
            "median_ff": median,
            "extended_episodes": e,
            "extended_share": e / p if p else None,
            "suggested_specific": median is not None and median > core_max,
        })
    first, last = kept["discharge"].min(), kept["discharge"].max()
    starts = kept["discharge"] - pd.to_timedelta(kept["days"], unit="D")
    span = (first.date(), last.date(), (last - first).days + 1, int((starts >= first).sum()))
    return finish(
        int(len(kept)),
        int((ff <= cmax).sum()),
        summary(part["ff"]),
        summary(ff[(ff > cmax) & (ff <= core_max)]),
        int((ff > core_max).sum()),
        histogram_of(ff.value_counts().to_dict(), s),
        sort_diagnoses(diagnoses),
        span,
        int(dup.sum()),
        int(kept["nhi"].str.startswith("Z").sum()),
        s,
    )


def polars_figures(path, s=SETTINGS):
    cmax, core_max = s["choice_max_ff"], s["core_range_max_ff"]
    df = pl.read_csv(
        path,
        columns=list(COLUMNS),
        schema_overrides={"NHI": pl.String, "Diagnosis": pl.String},
    ).rename(COLUMNS)
    label = pl.col("diagnosis").fill_null("").str.strip_chars()
    df = df.with_columns(
        pl.col("discharge").str.to_date("%d/%m/%Y"),
        pl.col("nhi").str.strip_chars().str.to_uppercase(),
        pl.when(label == "").then(pl.lit(NO_DIAGNOSIS)).otherwise(label).alias("label"),
    ).with_columns(pl.col("label").str.to_lowercase().alias("dkey"))
    labels = dict(df.group_by("dkey", maintain_order=True).agg(pl.col("label").first()).iter_rows())
    kept = df.unique(["nhi", "discharge", "dkey"], keep="first", maintain_order=True)
    ff = kept["ff"]

    def summary(values):
        if values.len() == 0:
            return {"count": 0, "mean": None, "median": None, "p90": None}
        return {
            "count": values.len(),
            "mean": values.mean(),
            "median": float(values.median()),
            "p90": float(values.quantile(0.9, interpolation="linear")),
        }

    part = kept.filter(pl.col("ff") > cmax)
    per = part.group_by("dkey").agg(
        pl.len().alias("p"),
        pl.col("ff").mean().alias("mean"),
        pl.col("ff").median().alias("median"),
        (pl.col("ff") > core_max).sum().alias("ext"),
    )
    per = {r["dkey"]: r for r in per.iter_rows(named=True)}
    diagnoses = []
    for key, n in kept.group_by("dkey").len().iter_rows():
        r = per.get(key)
        p = r["p"] if r else 0
        e = r["ext"] if r else 0
        median = float(r["median"]) if r else None
        diagnoses.append({
            "diagnosis": labels[key],
            "episodes": n,
            "partnership_episodes": p,
            "mean_ff": r["mean"] if r else None,
            "median_ff": median,
            "extended_episodes": e,
            "extended_share": e / p if p else None,
            "suggested_specific": median is not None and median > core_max,
        })
    first, last = kept["discharge"].min(), kept["discharge"].max()
    started = kept.select(
        ((pl.col("discharge") - pl.duration(days=pl.col("days"))) >= first).sum()
    ).item()
    counts = dict(ff.value_counts().iter_rows())
    return finish(
        kept.height,
        int((ff <= cmax).sum()),
        summary(part["ff"]),
        summary(ff.filter((ff > cmax) & (ff <= core_max))),
        int((ff > core_max).sum()),
        histogram_of(counts, s),
        sort_diagnoses(diagnoses),
        (first, last, (last - first).days + 1, started),
        df.height - kept.height,
        int(kept["nhi"].str.starts_with("Z").sum()),
        s,
    )


def close(a, b):
    """Equal, or floats equal to a relative 1e-12 (an interpolated percentile
    may differ from capa's exact rational arithmetic in the last bit)."""
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return a == b
