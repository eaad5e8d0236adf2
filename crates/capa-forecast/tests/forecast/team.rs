//! Teams made in code for the model's tests.

use std::collections::{BTreeMap, BTreeSet};

use capa_core::activity::{Activity, OtherCategory};
use capa_core::{Clinician, Fte, Initials, JobPlan, SessionLayout, SkillLevel, Team, TeamSettings};
use capa_forecast::model::ForecastInput;
use chrono::NaiveDate;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The forecasts' first day: Monday 3 August 2026.
pub fn today() -> NaiveDate {
    d(2026, 8, 3)
}

/// A clinician with `choice` Choice and `core` Core sessions a week (spread
/// over the days), the rest admin.
pub fn clinician(initials: &str, choice: usize, core: usize) -> Clinician {
    let layout = SessionLayout::nz_four_session();
    let admin = Activity::Other {
        label: "Admin".into(),
        category: OtherCategory::Admin,
    };
    let mut grid = vec![vec![admin; 5]; 4];
    // Row by row across the week, so sessions of a kind fall on different days.
    let cells: Vec<(usize, usize)> = (0..20).map(|i| (i / 5, i % 5)).collect();
    for &(r, c) in &cells[..choice] {
        grid[r][c] = Activity::Choice;
    }
    for &(r, c) in &cells[choice..choice + core] {
        grid[r][c] = Activity::Core;
    }
    Clinician {
        initials: Initials::parse(initials).unwrap(),
        name: initials.into(),
        discipline: None,
        fte: Fte::FULL,
        skills: BTreeMap::from([("Assessment".to_string(), SkillLevel::Core)]),
        streams: BTreeSet::new(),
        does_choice: choice > 0,
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: vec![JobPlan::new(1, None, grid, &layout).unwrap()],
    }
}

/// `n` clinicians with the given sessions, taking `referrals` a week.
pub fn team(n: usize, choice: usize, core: usize, referrals: f64) -> Team {
    let mut s = TeamSettings::new("Test team");
    s.accepted_referrals_per_week = referrals;
    let names = [
        "AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH", "II", "JJ", "KK", "LL",
    ];
    Team::new(
        s,
        (0..n).map(|i| clinician(names[i], choice, core)).collect(),
    )
    .unwrap()
}

/// A forecast of `team` from an empty diary, `weeks` after the warm-up.
pub fn input(team: Team, weeks: u32) -> ForecastInput {
    let mut i = ForecastInput::new(team, today());
    i.settings.weeks = Some(weeks);
    i
}
