//! The worked examples of the method page (`capa-method.md`), one named test
//! each, and the invariants that hold for any team.

mod assessment;
mod diary;
mod explanations;
mod monitor;
mod monitor_properties;
mod properties;
mod targets;
mod what_if;

use std::collections::{BTreeMap, BTreeSet};

use capa_core::capacity;
use capa_core::multiplier;
use capa_core::rounding::cumulative;
use capa_core::{
    Activity, ChoicePolicy, Clinician, Fte, Initials, JobPlan, MultiplierRule, Nhi, PlanningYear,
    Quarter, SessionLayout, Stream, Team, TeamSettings,
};

pub(crate) fn settings() -> TeamSettings {
    let mut s = TeamSettings::new("Seed CAMHS");
    s.accepted_referrals_per_week = 6.0;
    s.streams = vec![
        Stream {
            name: "DBT".into(),
            multiplier: Some(MultiplierRule::Fixed { value: 1.5 }),
        },
        Stream {
            name: "OT".into(),
            multiplier: None,
        },
    ];
    s
}

pub(crate) fn plan(rows: [[&str; 5]; 4], s: &TeamSettings) -> JobPlan {
    let streams = s.stream_names();
    let grid = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| Activity::parse_cell(c, &streams).unwrap())
                .collect()
        })
        .collect();
    JobPlan::new(1, None, grid, &SessionLayout::nz_four_session()).unwrap()
}

pub(crate) fn clinician(initials: &str, name: &str, fte: f64, plan: JobPlan) -> Clinician {
    Clinician {
        initials: Initials::parse(initials).unwrap(),
        name: name.into(),
        discipline: None,
        fte: Fte::new(fte).unwrap(),
        skills: BTreeMap::new(),
        streams: BTreeSet::new(),
        does_choice: true,
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: vec![plan],
    }
}

/// The seed's real plan (a full-time OT), as laid out in section 3 of the method page.
pub(crate) const SEED_PLAN: [[&str; 5]; 4] = [
    [
        "Business meeting",
        "DBT consult",
        "Travel",
        "",
        "Supervision (own)",
    ],
    [
        "",
        "CHOICE",
        "DBT consult",
        "Travel",
        "Supervision (others)",
    ],
    ["CHOICE", "DBT group", "MDT", "", "OT specific"],
    [
        "OT MTG",
        "DBT group",
        "travel",
        "DBT specific",
        "OT specific",
    ],
];

pub(crate) fn q1() -> Quarter {
    PlanningYear::new(2026, 7).quarters()[0]
}

#[test]
fn seed_real_plan_gives_9_new_core_partnerships() {
    let s = settings();
    let team = Team::new(
        s.clone(),
        vec![clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s))],
    )
    .unwrap();
    let report = capacity::quarter(&team, q1());
    let c = &report.clinicians[0];
    assert_eq!(c.core_sessions, 3, "the three blank sessions");
    assert_eq!(c.choice_sessions, 2);
    assert_eq!(c.new_core_target, 9, "3 blank sessions x 3");
    assert_eq!(c.specific_sessions["OT"], 2);
    assert_eq!(c.specific_sessions["DBT"], 1);
    assert_eq!(c.explain.new_core_target.working, "3 x 3 = 9");
}

#[test]
fn capa_multiplier_derivation_2_x_11_25_over_7_5_is_3() {
    assert!((multiplier::derive(2.0, 11.25, 7.5) - 3.0).abs() < 1e-12);
}

#[test]
fn capa_year_9_4_a_quarter_gives_9_10_9_10() {
    assert_eq!(cumulative(&[9.4; 4]), [9, 10, 9, 10]);
    assert_eq!(cumulative(&[9.4; 4]).iter().sum::<u32>(), 38);
}

#[test]
fn capa_year_view_rounds_a_clinicians_quarters_cumulatively() {
    // 11 weekly hours at 0.86 new Core Partnerships per hour, expressed as a
    // derived multiplier of 0.86 on 11 Core sessions of one hour.
    let mut s = settings();
    s.core_multiplier = MultiplierRule::Fixed { value: 0.86 };
    s.layout = SessionLayout::nz_four_session();
    let mut rows = [[""; 5]; 4];
    for (i, cell) in rows.iter_mut().flatten().enumerate() {
        if i >= 11 {
            *cell = "Admin";
        }
    }
    let team = Team::new(
        s.clone(),
        vec![clinician("AB", "Hours", 1.0, plan(rows, &s))],
    )
    .unwrap();
    let y = capa_core::year::year(&team, PlanningYear::new(2026, 7));
    assert_eq!(y.clinicians[0].new_core_targets, [9, 10, 9, 10]);
    assert_eq!(y.new_core_total, 38);
}

#[test]
fn capa_andrew_down_full_time_3_free_sessions_writes_his_name_9_times() {
    // UK half-day layout: 10 sessions; 6 of other work, 1 Choice clinic, 3 free.
    let mut s = settings();
    s.layout = SessionLayout::uk_half_day();
    let streams = s.stream_names();
    let rows = [
        ["Team meeting", "Choice", "", "Supervision (own)", "Admin"],
        ["", "MDT", "Group", "", "Training"],
    ];
    let grid = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| Activity::parse_cell(c, &streams).unwrap())
                .collect()
        })
        .collect();
    let p = JobPlan::new(1, None, grid, &s.layout).unwrap();
    let team = Team::new(s, vec![clinician("AD", "Andrew Down", 1.0, p)]).unwrap();
    let c = &capacity::quarter(&team, q1()).clinicians[0];
    assert_eq!(
        (c.core_sessions, c.choice_sessions, c.other_sessions),
        (3, 1, 6)
    );
    assert_eq!(c.new_core_target, 9);
}

#[test]
fn nhi_examples_of_the_method_page() {
    for ok in [
        "JBX3656", "ZZZ0016", "ZZZ0024", "ZAC5361", "ZZZ00AC", "ZBN77VL",
    ] {
        assert!(Nhi::parse(ok).is_ok(), "{ok}");
    }
    for bad in ["ZZZ0044", "ZZZ0017", "ZZZ00AA", "ZZZ00AX"] {
        assert!(Nhi::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn choice_need_and_balance_for_6_referrals_a_week() {
    let s = settings();
    let mut clinicians = Vec::new();
    for (i, ini) in ["AA", "BB", "CC", "DD", "EE"].iter().enumerate() {
        clinicians.push(clinician(
            ini,
            ini,
            if i % 2 == 0 { 1.0 } else { 0.5 },
            plan(SEED_PLAN, &s),
        ));
    }
    let team = Team::new(s, clinicians).unwrap();
    let r = capacity::quarter(&team, q1());
    assert_eq!(r.team.choice_needed, 78);
    assert_eq!(r.team.choice_allocated, 78);
    // 78 / 5 = 15.6: three remainders go to the full-timers AA, CC, EE.
    let alloc: Vec<u32> = r.clinicians.iter().map(|c| c.choice_allocation).collect();
    assert_eq!(alloc, [16, 15, 16, 15, 16]);
    assert!((r.team.core_demand - 53.04).abs() < 1e-9);
    assert_eq!(r.team.new_core_total, 45);
    assert_eq!(r.team.balance_ratio, Some(7.5));
    assert!(r.warnings.iter().any(|w| w.code == "balance-below"));
    assert!(r.warnings.iter().any(|w| w.code == "core-shortfall"));
    // 2 Choice sessions x 1 x 11.25 = 22.5 holds 16.
    assert!(r.clinicians.iter().all(|c| c.choice_plan_holds));
}

#[test]
fn leaving_mid_quarter_reduces_targets_pro_rata() {
    let s = settings();
    let mut c = clinician("LV", "Leaving", 1.0, plan(SEED_PLAN, &s));
    let q = q1();
    // Leaving on Friday 31 July, after four weeks: 20 of the quarter's 65
    // working days (it was 26 of 91 calendar days before the method page's
    // "pro rata by weeks" was followed).
    c.leaving_date = Some(q.start() + chrono::Days::new(25));
    let team = Team::new(s, vec![c]).unwrap();
    let r = capacity::quarter(&team, q);
    let cc = &r.clinicians[0];
    assert!((cc.in_post - 20.0 / 65.0).abs() < 1e-12);
    assert_eq!(
        cc.new_core_target, 3,
        "round(3 x 3 x 20/65) = round(2.77) = 3"
    );
    assert!(r.warnings.iter().any(|w| w.code == "leaving-in-quarter"));
}

#[test]
fn manual_choice_policy_needs_numbers_and_checks_the_total() {
    let mut s = settings();
    s.choice_allocation = ChoicePolicy::Manual;
    let c = clinician("MA", "Manual", 1.0, plan(SEED_PLAN, &s));
    let errors = Team::new(s.clone(), vec![c.clone()]).unwrap_err();
    assert_eq!(errors[0].field, "choice_allocation");
    let mut c = c;
    c.choice_allocation = Some(30);
    let r = capacity::quarter(&Team::new(s, vec![c]).unwrap(), q1());
    assert_eq!(r.clinicians[0].choice_allocation, 30);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == "choice-allocation-total")
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message == "MA: plan holds 22 of 30 allocated Choice appointments")
    );
}

#[test]
fn duplicate_initials_are_refused() {
    let s = settings();
    let a = clinician("AD", "Alex Doe", 1.0, plan(SEED_PLAN, &s));
    let b = clinician("ad", "Ann Dunn", 0.8, plan(SEED_PLAN, &s));
    let errors = Team::new(s, vec![a, b]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .message
            .contains("initials AD are already used by Alex Doe")
    );
}
