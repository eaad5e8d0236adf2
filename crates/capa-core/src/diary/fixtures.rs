//! Test fixtures shared by the diary's unit tests: a small team and its offers.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};

use crate::clinician::{Clinician, Fte, Initials, SkillLevel};
use crate::job_plan::JobPlan;
use crate::layout::SessionLayout;

use super::proposal::SlotKind;
use super::search::OfferView;
use super::state::AppointmentState;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A moment in 2026, on the hour.
pub fn at(month: u32, day: u32, hour: u32) -> NaiveDateTime {
    d(2026, month, day).and_hms_opt(hour, 0, 0).unwrap()
}

pub fn ini(text: &str) -> Initials {
    Initials::parse(text).unwrap()
}

pub fn clinician(initials: &str, skills: &[(&str, SkillLevel)], streams: &[&str]) -> Clinician {
    Clinician {
        initials: ini(initials),
        name: initials.into(),
        discipline: None,
        fte: Fte::FULL,
        skills: skills
            .iter()
            .map(|(d, l)| (d.to_string(), *l))
            .collect::<BTreeMap<_, _>>(),
        streams: streams
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        does_choice: true,
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: vec![JobPlan::blank(1, None, &SessionLayout::nz_four_session())],
    }
}

/// AD: advanced Dynamic, core Systemic, in DBT. BC: core Dynamic, advanced
/// Cognitive. EF: no recorded skills.
pub fn team() -> Vec<Clinician> {
    use SkillLevel::*;
    vec![
        clinician("AD", &[("Dynamic", Advanced), ("Systemic", Core)], &["DBT"]),
        clinician("BC", &[("Dynamic", Core), ("Cognitive", Advanced)], &[]),
        clinician("EF", &[], &[]),
    ]
}

pub fn offer(id: i64, who: &str, starts_at: NaiveDateTime, kind: SlotKind) -> OfferView {
    OfferView {
        id,
        clinician: ini(who),
        label: format!("{who}{id}"),
        starts_at,
        ends_at: starts_at + chrono::Duration::hours(1),
        location: Some("Porirua".into()),
        state: AppointmentState::Vacant,
        kind,
    }
}
