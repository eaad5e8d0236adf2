//! What an absence costs: the new Partnerships a clinician would have
//! started in the quarter and will not.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::capacity::ClinicianCapacity;
use crate::clinician::working_days;
use crate::explain::{Explanation, n2, percent};
use crate::rounding::round_half_up;

use super::{Absence, WhatIfRequest, day};

/// New Partnerships lost in the quarter to the absence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityLost {
    /// New Core Partnerships lost.
    pub core: u32,
    /// New Specific Partnerships lost, per stream.
    pub specific: BTreeMap<String, u32>,
    /// Core and Specific together.
    pub total: u32,
    /// The working.
    pub explain: Explanation,
}

/// The capacity lost in the request's quarter: for a leaver, the targets in
/// post all quarter less the targets pro rata to the leaving date (both from
/// the capacity rules); for leave, the unrounded targets times the share of
/// the quarter away, rounded half up (the method's pro rata for weeks not
/// worked at all, which the capacity rules leave to the caller).
pub(super) fn lost(
    req: &WhatIfRequest,
    full: &ClinicianCapacity,
    actual: &ClinicianCapacity,
) -> CapacityLost {
    let q = req.quarter;
    match req.absence {
        Absence::Leaving { last_day } => {
            let specific: BTreeMap<String, u32> = full
                .specific_targets
                .iter()
                .map(|(s, n)| {
                    let now = actual.specific_targets.get(s).copied().unwrap_or(0);
                    (s.clone(), n.saturating_sub(now))
                })
                .collect();
            let core = full.new_core_target.saturating_sub(actual.new_core_target);
            let total = core + specific.values().sum::<u32>();
            CapacityLost {
                core,
                total,
                explain: Explanation::new(
                    "targets in post all quarter - targets pro rata to the leaving date (capacity rules)",
                    format!(
                        "Core {} - {} = {core}{}",
                        full.new_core_target,
                        actual.new_core_target,
                        specific
                            .iter()
                            .map(|(s, n)| format!("; {s} {n}"))
                            .collect::<String>()
                    ),
                )
                .note(format!(
                    "last day {}; in post {} of {q}",
                    day(last_day),
                    percent(actual.in_post)
                )),
                specific,
            }
        }
        Absence::Leave {
            first_day,
            last_day,
        } => {
            let weekdays = &req.team.settings.layout.days;
            let from = first_day.max(q.start());
            let to = last_day
                .succ_opt()
                .unwrap_or(last_day)
                .min(q.end_exclusive());
            let away = working_days(from, to, weekdays);
            let of = working_days(q.start(), q.end_exclusive(), weekdays);
            let share = f64::from(away) / f64::from(of.max(1));
            let part = |raw: f64| round_half_up(raw * share);
            let core = part(full.new_core_unrounded);
            let specific: BTreeMap<String, u32> = full
                .specific_unrounded
                .iter()
                .map(|(s, raw)| (s.clone(), part(*raw)))
                .collect();
            let total = core + specific.values().sum::<u32>();
            CapacityLost {
                core,
                total,
                explain: Explanation::new(
                    "unrounded target x working days away in the quarter / working days in the quarter, rounded half up",
                    format!(
                        "Core round({} x {away}/{of}) = {core}{}",
                        n2(full.new_core_unrounded),
                        full.specific_unrounded
                            .iter()
                            .map(|(s, raw)| format!(
                                "; {s} round({} x {away}/{of}) = {}",
                                n2(*raw),
                                part(*raw)
                            ))
                            .collect::<String>()
                    ),
                )
                .note(format!(
                    "away {} to {}; the method reduces targets pro rata for weeks not worked at all",
                    day(first_day),
                    day(last_day)
                )),
                specific,
            }
        }
    }
}
