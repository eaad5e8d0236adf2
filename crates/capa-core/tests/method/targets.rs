//! Targets as issue 9 asks for them, each case computed by hand: pro rata by
//! working days, long leave, a quarter and its year agreeing, "plan holds"
//! rounding down, inputs shown as entered, step 3 per clinician, a team's own
//! session layout.

use capa_core::layout::{Block, BlockKind};
use capa_core::{
    Activity, ChoicePolicy, JobPlan, Leave, MultiplierRule, PlanningYear, SessionLayout, Team,
    capacity, year,
};
use chrono::{NaiveDate, NaiveTime, Weekday};

use super::{SEED_PLAN, clinician, plan, q1, settings};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// `core` free sessions, the rest of the week admin.
fn free_sessions(core: usize) -> [[&'static str; 5]; 4] {
    let mut rows = [["Admin"; 5]; 4];
    for (i, cell) in rows.iter_mut().flatten().enumerate() {
        if i < core {
            *cell = "";
        }
    }
    rows
}

#[test]
fn leaving_on_a_friday_after_four_weeks_33_x_20_over_65_is_10() {
    let s = settings();
    let mut c = clinician("LV", "Leaving", 1.0, plan(free_sessions(11), &s));
    // 2026/27 Q1 starts Monday 6 July; leaving Friday 31 July: 20 working days of 65.
    c.leaving_date = Some(d(2026, 7, 31));
    let team = Team::new(s, vec![c]).unwrap();
    let r = capacity::quarter(&team, q1());
    let lv = &r.clinicians[0];
    assert_eq!((lv.in_post_days, lv.quarter_working_days), (20, 65));
    // 11 x 3 = 33 a quarter; 33 x 20/65 = 10.15, so 10 (by calendar days 33 x 26/91 = 9.43 gave 9).
    assert_eq!(lv.new_core_target, 10);
    let e = &lv.explain.new_core_target;
    assert_eq!(e.working, "round(11 x 3 x 20/65) = round(10.15) = 10");
    assert!(
        e.notes
            .iter()
            .any(|n| n == "pro rata: 20 of the quarter's 65 working days (Monday to Friday) count"),
        "{e}"
    );
    assert_eq!(lv.explain.in_post.working, "(20 - 0) / 65 = 0.307692");
}

#[test]
fn long_leave_reduces_the_target_ordinary_leave_does_not() {
    let s = settings();
    let ot = |leave: Vec<Leave>| {
        let c = clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s));
        Team::with_leave(s.clone(), vec![c], leave).unwrap()
    };
    let away = |from, to| Leave {
        clinician: capa_core::Initials::parse("OT").unwrap(),
        first_day: from,
        last_day: to,
    };
    // Parental leave from Monday 3 August to Friday 30 October 2026 (13 weeks,
    // more than the team's 4): Q1 loses 3 August to 2 October, 45 of its 65
    // working days; 9 x 20/65 = 2.77, so 3.
    let team = ot(vec![away(d(2026, 8, 3), d(2026, 10, 30))]);
    let r = capacity::quarter(&team, q1());
    let c = &r.clinicians[0];
    assert_eq!((c.long_leave_days, c.in_post_days), (45, 20));
    assert_eq!(c.new_core_target, 3);
    assert_eq!(
        c.explain.new_core_target.working,
        "round(3 x 3 x 20/65) = round(2.77) = 3"
    );
    assert!(r.warnings.iter().any(|w| w.code == "long-leave"));
    // Q2 loses 5 to 30 October, 20 days: 9 x 45/65 = 6.23; the year's
    // running total 2.77 + 6.23 = 9 also gives 9 - 3 = 6.
    let q2 = capacity::quarter(&team, q1().next());
    assert_eq!(q2.clinicians[0].new_core_target, 6);
    // Two weeks of annual leave (3 to 14 August) and exactly four weeks do not count.
    for last in [d(2026, 8, 14), d(2026, 8, 30)] {
        let r = capacity::quarter(&ot(vec![away(d(2026, 8, 3), last)]), q1());
        assert_eq!(r.clinicians[0].new_core_target, 9, "leave to {last}");
        assert_eq!(r.clinicians[0].long_leave_days, 0);
    }
    // The team sets the threshold: 1 week makes the fortnight long leave.
    let mut s1 = s.clone();
    s1.long_leave_weeks = 1;
    let c = clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s1));
    let team = Team::with_leave(s1, vec![c], vec![away(d(2026, 8, 3), d(2026, 8, 14))]).unwrap();
    // 9 x 55/65 = 7.62, so 8.
    assert_eq!(
        capacity::quarter(&team, q1()).clinicians[0].new_core_target,
        8
    );
}

#[test]
fn leave_for_someone_not_in_the_team_is_refused() {
    let s = settings();
    let c = clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s));
    let leave = vec![Leave {
        clinician: capa_core::Initials::parse("ZZ").unwrap(),
        first_day: d(2026, 8, 3),
        last_day: d(2026, 8, 1),
    }];
    let errors = Team::with_leave(s, vec![c], leave).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "leave for ZZ, who is not in the team",
            "leave cannot end (01/08/2026) before it starts (03/08/2026)"
        ]
    );
}

#[test]
fn year_and_quarter_agree_10_where_the_quarter_alone_gives_9() {
    // 11 one-hour sessions at 0.86 = 9.46 a quarter: the year gives 9, 10, 9, 10.
    let mut s = settings();
    s.core_multiplier = MultiplierRule::Fixed { value: 0.86 };
    let team = Team::new(
        s.clone(),
        vec![clinician("TR", "Hours", 1.0, plan(free_sessions(11), &s))],
    )
    .unwrap();
    let y = year::year(&team, PlanningYear::new(2026, 7));
    assert_eq!(y.new_core_targets, [9, 10, 9, 10]);
    for (k, q) in y.quarters.iter().enumerate() {
        let r = capacity::quarter(&team, *q);
        assert_eq!(
            r.clinicians[0].new_core_target, y.new_core_targets[k],
            "{q}"
        );
        assert_eq!(r.team.new_core_total, y.new_core_targets[k], "{q}");
    }
    let q2 = capacity::quarter(&team, q1().next());
    let tr = &q2.clinicians[0];
    assert_eq!((tr.new_core_target, tr.new_core_quarter_alone), (10, 9));
    let e = &tr.explain.new_core_target;
    assert_eq!(e.working, "round(18.92) - round(9.46) = 19 - 9 = 10");
    assert!(
        e.notes[0].starts_with("this quarter alone: round(11 x 0.86) = round(9.46) = 9"),
        "{e}"
    );
    // Q1 has no quarter before it: plain rounding.
    let q1r = capacity::quarter(&team, q1());
    assert_eq!(
        q1r.clinicians[0].explain.new_core_target.working,
        "round(11 x 0.86) = round(9.46) = 9"
    );
}

#[test]
fn plan_holds_22_of_23_allocated() {
    let mut s = settings();
    s.choice_allocation = ChoicePolicy::Manual;
    let mut c = clinician("TR", "Two Choice sessions", 1.0, plan(SEED_PLAN, &s));
    c.choice_allocation = Some(23);
    let r = capacity::quarter(&Team::new(s, vec![c]).unwrap(), q1());
    let tr = &r.clinicians[0];
    // 2 sessions x 1 appointment x 11.25 weeks = 22.5: 22 whole appointments.
    assert_eq!((tr.choice_capacity, tr.choice_plan_holds), (22, false));
    assert_eq!(
        tr.explain.choice_capacity.working,
        "floor(2 x 1 x 11.25) = floor(22.5) = 22"
    );
    assert_eq!(
        tr.explain.choice_capacity.notes,
        ["plan holds 22 of 23 allocated Choice appointments"]
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message == "TR: plan holds 22 of 23 allocated Choice appointments")
    );
}

#[test]
fn a_multiplier_of_1_125_is_shown_as_entered() {
    let mut s = settings();
    s.core_multiplier = MultiplierRule::Fixed { value: 1.125 };
    let team = Team::new(
        s.clone(),
        vec![clinician(
            "AB",
            "Four free",
            1.0,
            plan(free_sessions(4), &s),
        )],
    )
    .unwrap();
    let r = capacity::quarter(&team, q1());
    assert_eq!(r.clinicians[0].new_core_target, 5);
    assert_eq!(
        r.clinicians[0].explain.new_core_target.working,
        "round(4 x 1.125) = round(4.5) = 5"
    );
    assert_eq!(
        r.team.explain.core_multiplier.working,
        "team setting: 1.125"
    );
}

#[test]
fn step_3_each_clinicians_core_specific_balance_beside_the_teams() {
    let s = settings();
    let team = Team::new(
        s.clone(),
        vec![
            clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s)),
            clinician("AB", "Four free", 1.0, plan(free_sessions(4), &s)),
        ],
    )
    .unwrap();
    let r = capacity::quarter(&team, q1());
    // The seed OT: 3 Core, 3 Specific (DBT 1, OT 2); AB: 4 Core; the team 7 of 10.
    assert_eq!(r.clinicians[0].core_specific_share, Some(0.5));
    assert_eq!(
        r.clinicians[0].explain.core_specific_share.working,
        "3 / (3 + 3) = 50%"
    );
    assert_eq!(r.clinicians[1].core_specific_share, Some(1.0));
    assert_eq!(r.team.core_specific_share, Some(0.7));
    // Choice: 6 referrals a week is 6 a week and ceil(6 x 13) = 78 a quarter,
    // which needs ceil(78 / (1 x 11.25)) = 7 Choice sessions a week.
    assert_eq!(r.team.choice_needed_per_week, 6.0);
    assert_eq!(r.team.choice_needed, 78);
    assert_eq!(r.team.choice_sessions_needed, 7);
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn a_teams_own_layout_three_sessions_on_a_four_day_week() {
    let block = |label: &str, start, end| Block {
        label: label.into(),
        start,
        end,
        kind: BlockKind::Session,
    };
    let layout = SessionLayout::custom(
        "three-four",
        "Three a day, Monday to Thursday",
        vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu],
        vec![
            block("Morning", t(9, 0), t(11, 0)),
            block("Midday", t(11, 30), t(13, 30)),
            block("Afternoon", t(14, 0), t(16, 0)),
        ],
    )
    .unwrap();
    let mut s = settings();
    s.layout = layout.clone();
    let admin = Activity::parse_cell("Admin", &s.stream_names()).unwrap();
    let mut grid = vec![vec![admin; 4]; 3];
    grid[0][0] = Activity::Core;
    grid[1][1] = Activity::Core;
    grid[2][2] = Activity::Core;
    grid[0][3] = Activity::Core;
    let mut c = clinician(
        "FD",
        "Four days",
        0.8,
        JobPlan::new(1, None, grid, &layout).unwrap(),
    );
    // Leaving Thursday 30 July 2026: 4 weeks of 4 days, 16 of the quarter's 52.
    c.leaving_date = Some(d(2026, 7, 30));
    let r = capacity::quarter(&Team::new(s, vec![c]).unwrap(), q1());
    let fd = &r.clinicians[0];
    assert_eq!(fd.core_sessions, 4);
    assert_eq!((fd.in_post_days, fd.quarter_working_days), (16, 52));
    // 4 x 3 x 16/52 = 3.69, so 4.
    assert_eq!(fd.new_core_target, 4);
    assert!(
        fd.explain
            .new_core_target
            .notes
            .iter()
            .any(|n| n.contains("(Monday to Thursday)")),
        "{}",
        fd.explain.new_core_target
    );
}
