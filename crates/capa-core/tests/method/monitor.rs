//! Quarterly monitoring (method page, section 7), computed by hand on a small
//! team in 2026/27 Q1 (Monday 6 July to Sunday 4 October 2026; Matariki,
//! Friday 10 July, is the quarter's one public holiday; the publishing
//! deadline six weeks before is Monday 25 May), judged as of Monday 3 August.

use std::collections::BTreeMap;

use capa_core::capacity;
use capa_core::diary::AppointmentState::{self, *};
use capa_core::explain::Explanation;
use capa_core::monitor::{
    self, Booking, Caseload, ChoiceAppointment, ClinicianFacts, ClinicianTarget, FirstAppointment,
    FlagCode, MonitorSettings, Phase, QuarterFacts, QuarterMonitor, Reoffer, TeamDemand,
};
use capa_core::{Initials, Quarter, Team};
use chrono::{Days, NaiveDate};

use super::{SEED_PLAN, clinician, plan, q1, settings};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn ini(s: &str) -> Initials {
    Initials::parse(s).unwrap()
}

fn facts_for(who: &str, core: u32, fte: f64) -> ClinicianFacts {
    ClinicianFacts {
        initials: ini(who),
        name: format!("Clinician {who}"),
        fte,
        target: ClinicianTarget {
            job_plan_version: Some(1),
            core,
            specific: BTreeMap::new(),
            choice_allocated: 10,
            in_post: 1.0,
            explain: Explanation::new("capacity rules", core.to_string()),
        },
        start_date: None,
        leaving_date: None,
        leave: Vec::new(),
        caseload: Caseload::default(),
    }
}

/// A first Core appointment at 09:00; taken ones booked from a Choice
/// appointment two weeks before, outcomes recorded on the day.
fn appt(id: i64, who: &str, day: NaiveDate, state: AppointmentState) -> FirstAppointment {
    FirstAppointment {
        id,
        clinician: ini(who),
        label: format!("{who}{id}"),
        stream: None,
        starts_at: day.and_hms_opt(9, 0, 0).unwrap(),
        state,
        published_on: d(5, 20),
        outcome_recorded_on: (state.is_taken() && state != Booked).then_some(day),
        booking: state.is_taken().then(|| Booking {
            booked_on: day - Days::new(14),
            choice_date: Some(day - Days::new(14)),
            skills_searched: false,
        }),
    }
}

fn choice(
    who: &str,
    day: NaiveDate,
    accepted: Option<NaiveDate>,
    state: AppointmentState,
) -> ChoiceAppointment {
    ChoiceAppointment {
        clinician: ini(who),
        date: day,
        state,
        referral_accepted: accepted,
    }
}

/// AD (target 9): AD1 attended, AD2 DNA on Wednesday 8 July (never
/// re-offered), AD3 cancelled by the family on Thursday 9 July and re-offered
/// as AD10 on Monday 13 July, AD4 (booked directly, not from Choice) and AD5
/// attended, AD6-AD10 vacant. BC (target 6, caseload 30 - 5): BC11 and BC12
/// attended, BC13 (booked from a Choice appointment on 6 July) and BC14
/// booked ahead, BC15-16 vacant. EF (target 3, 0.5 FTE, leaving Friday 28
/// August): EF17 booked ahead, EF18 vacant. GH: no job plan. XY, no longer in
/// the team, has one attended appointment.
pub fn facts() -> QuarterFacts {
    let mut ef = facts_for("EF", 3, 0.5);
    ef.leaving_date = Some(d(8, 28));
    let mut bc = facts_for("BC", 6, 1.0);
    bc.caseload = Caseload {
        started: 30,
        closed: 5,
    };
    let mut gh = facts_for("GH", 0, 1.0);
    gh.target.job_plan_version = None;
    let mut appointments = vec![
        appt(1, "AD", d(7, 7), Attended),
        appt(2, "AD", d(7, 8), Dna),
        appt(3, "AD", d(7, 9), CancelledByFamily),
        appt(4, "AD", d(7, 14), Attended),
        appt(5, "AD", d(7, 15), Attended),
    ];
    appointments[3].booking.as_mut().unwrap().choice_date = None;
    appointments.extend((6..=9).map(|id| appt(id, "AD", d(8, 10 + id as u32), Vacant)));
    appointments.push(appt(10, "AD", d(8, 20), Vacant));
    appointments.extend([
        appt(11, "BC", d(7, 13), Attended),
        appt(12, "BC", d(7, 16), Attended),
        appt(13, "BC", d(8, 10), Booked),
        appt(14, "BC", d(8, 11), Booked),
        appt(15, "BC", d(8, 12), Vacant),
        appt(16, "BC", d(8, 13), Vacant),
        appt(17, "EF", d(8, 4), Booked),
        appt(18, "EF", d(8, 5), Vacant),
        appt(19, "XY", d(7, 20), Attended),
    ]);
    appointments[12].booking.as_mut().unwrap().choice_date = Some(d(7, 6));
    QuarterFacts {
        quarter: q1(),
        today: d(8, 3),
        holidays: vec![d(7, 10)],
        diary_notice_weeks: 6,
        clinicians: vec![facts_for("AD", 9, 1.0), bc, ef, gh],
        appointments,
        reoffers: vec![Reoffer {
            original: 3,
            replacement: 10,
            published_on: d(7, 13),
        }],
        choice: vec![
            choice("AD", d(7, 6), Some(d(6, 29)), Attended),
            choice("AD", d(7, 13), Some(d(6, 22)), Attended),
            choice("AD", d(7, 20), Some(d(6, 1)), Attended),
            choice("AD", d(7, 27), Some(d(7, 1)), Dna),
            choice("BC", d(7, 7), Some(d(6, 9)), Attended),
            choice("BC", d(7, 28), Some(d(7, 14)), Attended),
        ],
        demand: TeamDemand {
            choice_needed: 78,
            core_demand: 53.04,
            choice_explain: Explanation::new("need", "78"),
            core_explain: Explanation::new("demand", "53.04"),
        },
        managed_list: 2,
    }
}

fn run() -> QuarterMonitor {
    monitor::quarter(&facts(), &MonitorSettings::default())
}

fn codes(m: &QuarterMonitor, who: &str) -> Vec<&'static str> {
    m.clinicians
        .iter()
        .find(|c| c.initials.as_str() == who)
        .unwrap()
        .flags
        .iter()
        .map(|f| f.code.code())
        .collect()
}

#[test]
fn each_clinician_counted_by_hand() {
    let m = run();
    assert_eq!(m.phase, Phase::Current);
    assert_eq!(m.deadline, d(5, 25));
    assert!(m.deadline_passed);
    let ad = &m.clinicians[0];
    let c = ad.counts;
    assert_eq!(
        (c.published, c.booked, c.started, c.dna, c.cancelled),
        (10, 5, 3, 1, 1)
    );
    assert_eq!((c.cancelled_by_family, c.cancelled_by_service), (1, 0));
    assert_eq!((c.reoffered, c.not_reoffered, c.counting), (1, 1, 8));
    assert_eq!((ad.choice_allocated, ad.choice_done), (10, 3));
    // 20 weekdays before 3 August less Matariki = 19 passed; 64 in the
    // quarter: 3 / 19 x 64 = 10.1, rounded 10.
    assert_eq!((ad.availability.elapsed, ad.availability.total), (19, 64));
    assert_eq!(ad.projected, Some(10));
    assert_eq!(ad.explain["projected"].working, "3 / 19 x 64 = 10.11 = 10");
    let bc = &m.clinicians[1];
    // 2 / 19 x 64 = 6.7: 7; two booked ahead.
    assert_eq!(
        (bc.counts.started, bc.projected, bc.booked_ahead),
        (2, Some(7), 2)
    );
    assert_eq!(bc.open_caseload, 25);
    let ef = &m.clinicians[2];
    // In post to 28 August: 8 weeks = 40 weekdays less Matariki = 39.
    assert_eq!((ef.availability.total, ef.projected), (39, Some(0)));
    assert_eq!(ef.caseload_threshold, 10.0);
    let xy = &m.clinicians[4];
    assert_eq!(
        (xy.initials.as_str(), xy.target, xy.counts.started),
        ("XY", 0, 1)
    );
    assert!(xy.flags.is_empty());
}

#[test]
fn every_flag_with_its_reason() {
    let m = run();
    assert_eq!(
        codes(&m, "AD"),
        ["offers_short_at_deadline", "not_reoffered"]
    );
    assert_eq!(codes(&m, "BC"), ["caseload_high"]);
    assert_eq!(
        codes(&m, "EF"),
        [
            "offers_short_at_deadline",
            "under_target",
            "leaving_in_quarter"
        ]
    );
    assert_eq!(codes(&m, "GH"), ["no_job_plan"]);
    let ad = &m.clinicians[0].flags;
    assert_eq!(
        ad[0].reason,
        "8 offers that count against a target of 9 after the publishing deadline of 25/05/2026 (1 short)"
    );
    assert_eq!(ad[0].explain.working, "10 - 2 = 8 < 9");
    // DNA on Wednesday 8 July: five working days (skipping Matariki) run to Thursday 16 July.
    assert_eq!(
        ad[1].reason,
        "1 DNA'd or cancelled first appointment not re-offered within 5 working days: AD2 (DNA on 08/07/2026, due by 16/07/2026)"
    );
    let bc = &m.clinicians[1].flags[0];
    assert_eq!(bc.explain.working, "30 - 5 = 25 > 20 x 1 = 20");
    let ef = &m.clinicians[2].flags;
    assert_eq!(
        ef[1].reason,
        "projected to start 0 new Partnerships at the rate so far against a target of 3"
    );
    assert_eq!(
        ef[2].explain.working,
        "06/07/2026 <= 28/08/2026 < 05/10/2026"
    );
    assert_eq!(
        m.clinicians[3].flags[0].reason,
        "GH has no job plan in force for 2026/27 Q1, so capa can set no target"
    );
    // The missed list: AD2 overdue, AD3 re-offered in time (one working day).
    assert_eq!(m.missed.len(), 2);
    assert!(m.missed[0].overdue);
    assert!(m.missed[1].in_time);
}

#[test]
fn team_totals_and_demand() {
    let m = run();
    let t = &m.team;
    assert_eq!(t.clinicians, 5);
    assert_eq!(t.target, 18);
    assert_eq!(t.explain["target"].working, "9 + 6 + 3 + 0 + 0 = 18");
    assert_eq!(
        (
            t.counts.published,
            t.counts.started,
            t.counts.dna,
            t.counts.cancelled
        ),
        (19, 6, 1, 1)
    );
    assert_eq!((t.choice_done, t.choice_needed), (5, 78));
    assert_eq!((t.core_started, t.specific_started), (6, 0));
    // 10 + 7 + 0 + 0 (GH) + 1 (XY, out of post: what was started).
    assert_eq!(t.projected, Some(18));
    assert_eq!(t.open_caseload, 25);
    let flagged: BTreeMap<&str, Vec<&str>> = t
        .flags
        .iter()
        .map(|f| {
            (
                f.code.code(),
                f.clinicians.iter().map(|c| c.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(flagged["offers_short_at_deadline"], ["AD", "EF"]);
    assert_eq!(flagged["caseload_high"], ["BC"]);
    assert_eq!(m.managed_list, 2);
}

#[test]
fn waits_by_hand() {
    let w = run().waits;
    // External: 7, 21, 49 (AD), 28, 14 (BC); the DNA'd Choice is not a wait.
    // Sorted 7, 14, 21, 28, 49: median 21; 90th at 4.6: 28 + 0.6 x 21 = 40.6.
    assert_eq!(w.to_choice_days.n, 5);
    assert_eq!(w.to_choice_days.median, Some(21.0));
    assert!((w.to_choice_days.p90.unwrap() - 40.6).abs() < 1e-9);
    assert_eq!(w.share_within_3_weeks, Some(0.6));
    assert_eq!(w.share_within_8_weeks, Some(1.0));
    assert_eq!(w.short_target.meets, Some(false));
    assert_eq!(w.long_target.meets, Some(true));
    // Internal: nine of 14 days and BC13 at 35 (AD4 was not booked from Choice).
    // Sorted, n = 10: median 14; 90th at 1 + 9 x 0.9 = 9.1: 14 + 0.1 x 21 = 16.1.
    assert_eq!(w.to_partnership_days.n, 10);
    assert_eq!(w.to_partnership_days.median, Some(14.0));
    assert!((w.to_partnership_days.p90.unwrap() - 16.1).abs() < 1e-9);
    assert_eq!(w.partnership_within_aim.within, 9);
    let months: Vec<&str> = w.by_month.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months, ["2026-07", "2026-08"]);
}

#[test]
fn the_api_json_carries_the_issues_field_names() {
    let json = serde_json::to_value(run()).unwrap();
    let ad = &json["clinicians"][0];
    for key in [
        "initials",
        "name",
        "target",
        "published",
        "booked",
        "started",
        "dna",
        "cancelled",
        "reoffered",
        "not_reoffered",
        "choice_allocated",
        "choice_done",
        "projected",
        "flags",
    ] {
        assert!(ad.get(key).is_some(), "clinician line lacks {key}");
    }
    assert_eq!(ad["flags"][1]["code"], "not_reoffered");
    assert!(ad["flags"][1]["reason"].is_string());
    let w = &json["waits"];
    assert_eq!(w["to_choice_days"]["median"], 21.0);
    assert!(w["to_partnership_days"]["p90"].is_number());
    assert_eq!(w["share_within_3_weeks"], 0.6);
    assert_eq!(w["share_within_8_weeks"], 1.0);
    assert_eq!(json["managed_list"], 2);
    assert_eq!(json["quarter"], "2026/27 Q1");
    assert_eq!(json["as_of"], "2026-08-03");
    assert_eq!(json["team"]["target"], 18);
}

#[test]
fn a_past_quarter_is_final_and_judged_against_target() {
    let mut f = facts();
    f.today = d(10, 5);
    let m = monitor::quarter(&f, &MonitorSettings::default());
    assert_eq!(m.phase, Phase::Past);
    assert!(m.clinicians.iter().all(|c| c.projected.is_none()));
    // AD started 3 of 9, BC 2 of 6, EF 0 of 3: all under target.
    for who in ["AD", "BC", "EF"] {
        assert!(codes(&m, who).contains(&"under_target"), "{who}");
    }
    let ad = &m.clinicians[0].flags;
    let under = ad.iter().find(|f| f.code == FlagCode::UnderTarget).unwrap();
    assert_eq!(
        under.reason,
        "started 3 new Partnerships against a target of 9 (6 short)"
    );
    // The caseload is today's: not flagged on a past quarter.
    assert!(!codes(&m, "BC").contains(&"caseload_high"));
}

#[test]
fn targets_come_from_the_capacity_report_with_specific_streams() {
    let s = settings();
    let mut ot = clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s));
    ot.streams = ["DBT".to_string(), "OT".to_string()].into();
    let team = Team::new(s, vec![ot]).unwrap();
    let report = capacity::quarter(&team, q1());
    let facts = ClinicianFacts::all(&team.clinicians, &report);
    let t = &facts[0].target;
    // Core 3 x 3 = 9; DBT round(1 x 1.5) = 2; OT 2 x 3 = 6 (Core multiplier).
    assert_eq!((t.core, t.specific["DBT"], t.specific["OT"]), (9, 2, 6));
    assert_eq!(t.total(), 17);
    assert_eq!(t.explain.working, "9 (Core) + 2 (DBT) + 6 (OT) = 17");
    let demand = TeamDemand::from_capacity(&report);
    assert_eq!(demand.choice_needed, 78);
    assert_eq!(demand.choice_explain.working, "ceil(6 x 13) = 78");
}

fn quarter_with_started(q: Quarter, started: u32, today: NaiveDate) -> QuarterMonitor {
    let appointments = (0..started)
        .map(|i| {
            appt(
                i64::from(i),
                "AD",
                q.start() + Days::new(u64::from(i)),
                Attended,
            )
        })
        .collect();
    let f = QuarterFacts {
        quarter: q,
        today,
        holidays: vec![],
        diary_notice_weeks: 6,
        clinicians: vec![facts_for("AD", 9, 1.0)],
        appointments,
        reoffers: vec![],
        choice: vec![],
        demand: TeamDemand {
            choice_needed: 0,
            core_demand: 0.0,
            choice_explain: Explanation::default(),
            core_explain: Explanation::default(),
        },
        managed_list: started,
    };
    monitor::quarter(&f, &MonitorSettings::default())
}

#[test]
fn trends_take_the_last_four_quarters() {
    let y = capa_core::PlanningYear::new(2025, 7).quarters();
    let later = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let monitors: Vec<QuarterMonitor> = [(y[0], 3), (y[1], 6), (y[2], 9), (y[3], 7)]
        .into_iter()
        .map(|(q, n)| quarter_with_started(q, n, later))
        .chain([quarter_with_started(q1(), 8, later)])
        .collect();
    let t = monitor::trends(&monitors);
    let names: Vec<String> = t.quarters.iter().map(|q| q.quarter.to_string()).collect();
    assert_eq!(
        names,
        ["2025/26 Q2", "2025/26 Q3", "2025/26 Q4", "2026/27 Q1"]
    );
    let started: Vec<u32> = t.quarters.iter().map(|q| q.started).collect();
    assert_eq!(started, [6, 9, 7, 8]);
    assert_eq!(
        t.clinicians[0].quarters[0],
        Some(monitor::TargetStarted {
            target: 9,
            started: 6
        })
    );
    let share = &t.changes[0];
    assert_eq!(share.figure, "share_of_target");
    // 6/9 = 66.7% -> 8/9 = 88.9%: up, and better.
    assert_eq!(share.explain.working, "66.7% -> 88.9%");
    assert_eq!(
        (share.direction, share.better),
        (monitor::Direction::Up, Some(true))
    );
    let list = t
        .changes
        .iter()
        .find(|c| c.figure == "managed_list")
        .unwrap();
    assert_eq!(
        (list.direction, list.better),
        (monitor::Direction::Up, Some(false))
    );
}
