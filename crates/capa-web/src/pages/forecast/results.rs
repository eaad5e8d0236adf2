//! The results fragment from a forecast (and the one without the changes):
//! headline figures, fan charts, clinicians, assumptions, the apply form.

use capa_core::explain::percent;
use capa_forecast::model::{Forecast, ForecastInput, Start, WeekBands, WhatIf};
use capa_forecast::stats::Band;

use super::form::WhatIfQuery;
use super::is_plan_change;
use crate::auth::TeamContext;
use crate::views::forecast::{ApplyForm, ClinicianLine, FanChart, ForecastResults, Headline};

/// What the fragment is built from.
pub struct Inputs<'a> {
    pub ctx: &'a TeamContext,
    pub input: &'a ForecastInput,
    /// The plan as it is.
    pub base: &'a Forecast,
    /// With the changes, when there are any.
    pub with: Option<&'a Forecast>,
    /// The changes in words.
    pub words: Vec<String>,
    pub query: &'a WhatIfQuery,
    pub what_if: &'a WhatIf,
    pub errors: Vec<String>,
    /// Whether the user may apply the changes.
    pub may_apply: bool,
}

fn days(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.0} days")
    } else {
        "none seen".into()
    }
}

fn band_words(b: &Band, f: impl Fn(f64) -> String) -> String {
    format!("5-95% of replications: {} to {}", f(b.p5), f(b.p95))
}

fn chart(
    id: &str,
    title: &str,
    unit: &str,
    f: &Forecast,
    base: Option<&Forecast>,
    get: fn(&WeekBands) -> &Band,
) -> FanChart {
    let weeks: Vec<(String, Band)> = f
        .weekly
        .iter()
        .map(|w| (w.starts.format("%d %b").to_string(), *get(w)))
        .collect();
    let baseline: Option<Vec<f64>> = base.map(|b| b.weekly.iter().map(|w| get(w).p50).collect());
    FanChart::new(id, title, unit, &weeks, baseline.as_deref(), 1)
}

/// The fragment.
pub fn view(i: Inputs<'_>) -> ForecastResults {
    let f = i.with.unwrap_or(i.base);
    let before = i.with.map(|_| i.base);
    let was = |get: fn(&Forecast) -> String| {
        before.map_or(String::new(), |b| {
            format!("; without the changes {}", get(b))
        })
    };
    let within3 = f.share_within_3_weeks;
    let headlines = vec![
        Headline {
            label: "Mean wait, referral to Choice".into(),
            value: days(f.wait_to_choice_days.mean),
            note: format!(
                "Median {}, 90% within {}{}",
                days(f.wait_to_choice_days.p50),
                days(f.wait_to_choice_days.p90),
                was(|b| days(b.wait_to_choice_days.mean))
            ),
            tone: if f.wait_to_choice_days.p90 <= 21.0 {
                "ok"
            } else {
                "warn"
            },
        },
        Headline {
            label: "Mean wait, Choice to first Partnership".into(),
            value: days(f.wait_to_partnership_days.mean),
            note: format!(
                "Median {}, 90% within {}{}",
                days(f.wait_to_partnership_days.p50),
                days(f.wait_to_partnership_days.p90),
                was(|b| days(b.wait_to_partnership_days.mean))
            ),
            tone: "",
        },
        Headline {
            label: "Seen at Choice within 3 weeks".into(),
            value: percent(within3),
            note: format!(
                "{}{}",
                band_words(&f.share_within_3_weeks_band, percent),
                was(|b| percent(b.share_within_3_weeks))
            ),
            tone: if within3 >= 0.8 { "ok" } else { "warn" },
        },
        Headline {
            label: "Seen at Choice within 8 weeks".into(),
            value: percent(f.share_within_8_weeks),
            note: format!(
                "{}{}",
                band_words(&f.share_within_8_weeks_band, percent),
                was(|b| percent(b.share_within_8_weeks))
            ),
            tone: "",
        },
        Headline {
            label: format!("First Partnerships started in {} weeks", f.weeks),
            value: format!("{:.0}", f.partnerships_started),
            note: format!(
                "{}{}",
                band_words(&f.partnerships_started_band, |v| format!("{v:.0}")),
                was(|b| format!("{:.0}", b.partnerships_started))
            ),
            tone: "",
        },
    ];
    let charts = vec![
        chart(
            "fan-choice",
            "Wait from referral to Choice, days",
            "Mean days waited by the families seen at Choice that week.",
            f,
            before,
            |w| &w.wait_to_choice_days,
        ),
        chart(
            "fan-partnership",
            "Wait from Choice to first Partnership, days",
            "Mean days waited by the families whose first Partnership appointment was that week.",
            f,
            before,
            |w| &w.wait_to_partnership_days,
        ),
        chart(
            "fan-choice-list",
            "Families waiting for Choice",
            "Referrals waiting for Choice at the end of the week.",
            f,
            before,
            |w| &w.choice_waiting,
        ),
        chart(
            "fan-managed",
            "Families waiting for a first Partnership appointment",
            "Families past Choice waiting for their first Partnership appointment at the end of the week (the managed list among them).",
            f,
            before,
            |w| &w.partnership_waiting,
        ),
    ];
    let quarters: Vec<String> = f
        .clinicians
        .first()
        .map(|c| c.quarters.iter().map(|q| q.quarter.clone()).collect())
        .unwrap_or_default();
    let clinicians = f
        .clinicians
        .iter()
        .map(|c| ClinicianLine {
            who: i.ctx.who(&c.initials),
            caseload: c.caseload.last().map_or("0".into(), |b| {
                if (b.p95 - b.p5).abs() < 1e-9 {
                    format!("{:.0}", b.p50)
                } else {
                    format!("{:.0} ({:.0}-{:.0})", b.p50, b.p5, b.p95)
                }
            }),
            quarters: quarters
                .iter()
                .map(|name| {
                    c.quarters.iter().find(|q| &q.quarter == name).map_or_else(
                        || "not in post".into(),
                        |q| {
                            format!(
                                "target {}, {:.0} started, {:.0} booked of {:.0} offered",
                                q.target,
                                q.partnerships_started.p50,
                                q.offers_booked.p50,
                                q.offers_published.p50
                            )
                        },
                    )
                })
                .collect(),
        })
        .collect();
    let start = match &i.input.start {
        Start::Snapshot(s) => format!(
            "from today's diary ({} Partnership offers and {} Choice slots ahead, {} booked; {} families waiting for Choice, {} on the managed list; {} open episodes estimated from first appointments attended)",
            s.offers.len(),
            s.choice_slots.len(),
            s.offers.iter().filter(|o| o.booked.is_some()).count()
                + s.choice_slots.iter().filter(|c| c.booked.is_some()).count(),
            s.awaiting_choice.len(),
            s.managed_list.len(),
            s.caseload.iter().map(|c| c.open).sum::<u32>()
        ),
        Start::Empty { .. } => "from an empty diary after a warm-up".into(),
    };
    let summary = format!(
        "{} replications of the {} weeks from {} to {}, {start}.",
        f.reps,
        f.weeks,
        f.start.format("%d/%m/%Y"),
        f.end.format("%d/%m/%Y"),
    );
    let apply = (i.may_apply && i.what_if.changes.iter().any(is_plan_change)).then(|| {
        let (plan, not): (Vec<_>, Vec<_>) = i
            .what_if
            .changes
            .iter()
            .zip(&i.words)
            .partition(|(c, _)| is_plan_change(c));
        ApplyForm {
            action: i.ctx.urls.forecast_apply(),
            fields: i.query.pairs(),
            changes: plan.into_iter().map(|(_, w)| w.clone()).collect(),
            not_applied: not.into_iter().map(|(_, w)| w.clone()).collect(),
        }
    });
    ForecastResults {
        summary,
        changes: i.words,
        headlines,
        charts,
        clinicians,
        quarters,
        assumptions: f.assumptions.clone(),
        headroom_url: format!(
            "{}{}",
            i.ctx.urls.forecast_headroom(),
            i.query.query_string()
        ),
        apply,
        csrf: i.ctx.user.csrf(),
        errors: i.errors,
    }
}
