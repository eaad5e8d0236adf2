//! The leaver and maternity what-if (the seed's item 8: "Can the person who
//! is running up to maternity leave use their capacity for Choice and free
//! someone else up for their Core Partnership allocation?"), by hand.

use capa_core::monitor::{self, Absence, WhatIfError, WhatIfRequest};
use capa_core::{Activity, Initials, Team};
use chrono::NaiveDate;

use super::{SEED_PLAN, clinician, plan, q1, settings};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ini(s: &str) -> Initials {
    Initials::parse(s).unwrap()
}

/// AD: the seed's OT plan (3 free Core sessions, 2 Choice). BC: 3 Choice,
/// 10 Core, 7 admin. EF: 1 Choice, 4 Core, 15 admin. 6 referrals a week: 78
/// Choice appointments, 26 each.
fn team() -> Team {
    let s = settings();
    let mut bc = [["Admin"; 5]; 4];
    let mut ef = [["Admin"; 5]; 4];
    for (i, cell) in bc.iter_mut().flatten().enumerate() {
        *cell = match i {
            0..3 => "Choice",
            3..13 => "",
            _ => "Admin",
        };
    }
    for (i, cell) in ef.iter_mut().flatten().enumerate() {
        *cell = match i {
            0 => "Choice",
            1..5 => "",
            _ => "Admin",
        };
    }
    Team::new(
        s.clone(),
        vec![
            clinician("AD", "Ana Dee", 1.0, plan(SEED_PLAN, &s)),
            clinician("BC", "Ben Cole", 1.0, plan(bc, &s)),
            clinician("EF", "Eve Fox", 1.0, plan(ef, &s)),
        ],
    )
    .unwrap()
}

#[test]
fn maternity_leave_swaps_core_for_another_clinicians_choice() {
    let team = team();
    let ad = ini("AD");
    // Away 1 September 2026 to 28 February 2027; re-plan 2026/27 Q1.
    let absence = Absence::Leave {
        first_day: d(2026, 9, 1),
        last_day: d(2027, 2, 28),
    };
    let w = monitor::what_if(&WhatIfRequest {
        team: &team,
        clinician: &ad,
        absence,
        quarter: q1(),
        partners: &[],
    })
    .unwrap();
    // 1 September to 4 October: 24 of the quarter's 65 working days (Tuesday
    // 1 to Friday 4 September, then four whole weeks; 6 July to 2 October is
    // 13 weeks of 5). Core 9 x 24/65 = 3.32: 3; DBT 1.5 x 24/65 = 0.55: 1;
    // OT 6 x 24/65 = 2.22: 2.
    assert_eq!(w.lost.core, 3);
    assert_eq!(w.lost.specific["DBT"], 1);
    assert_eq!(w.lost.specific["OT"], 2);
    assert_eq!(w.lost.total, 6);
    assert_eq!(
        w.lost.explain.working,
        "Core round(9 x 24/65) = 3; DBT round(1.5 x 24/65) = 1; OT round(6 x 24/65) = 2"
    );
    // BC has the most Choice sessions (3) and takes all three of AD's Core sessions.
    assert_eq!(w.moves.len(), 6);
    assert!(
        w.moves
            .iter()
            .filter(|m| m.clinician == ad)
            .all(|m| m.to == "Choice")
    );
    let bc = w
        .targets
        .iter()
        .find(|t| t.initials.as_str() == "BC")
        .unwrap();
    assert_eq!(bc.core_sessions.pair(), (10, 13));
    assert_eq!(bc.core_target.pair(), (30, 39));
    // 3 x 11.25 = 33.75 holds 33 whole appointments ("plan holds" rounds down).
    assert_eq!(bc.choice_capacity.pair(), (33, 0));
    let a = &w.targets[0];
    assert_eq!(a.core_target.pair(), (9, 0));
    assert_eq!(a.choice_sessions.pair(), (2, 5));
    // 5 x 11.25 = 56.25: the plan holds 56.
    // 2 x 11.25 = 22.5 holds 22.
    assert_eq!(a.choice_capacity.pair(), (22, 56));
    assert_eq!(w.team_new_core.pair(), (51, 51));
    assert_eq!(w.team_choice_capacity.pair(), (66, 67));
    // BC's plan no longer holds their 26 Choice appointments (equal allocation).
    assert_eq!(w.new_warnings.len(), 1);
    assert_eq!(
        w.new_warnings[0].message,
        "BC: plan holds 0 of 26 allocated Choice appointments"
    );
    // New versions from 6 July, and the old plans back from 5 April 2027
    // (the first quarter after the leave).
    let versions: Vec<(&str, u32, Option<NaiveDate>)> = w
        .plans
        .iter()
        .map(|p| (p.clinician.as_str(), p.plan.version, p.plan.applies_from))
        .collect();
    assert_eq!(
        versions,
        [
            ("AD", 2, Some(d(2026, 7, 6))),
            ("AD", 3, Some(d(2027, 4, 5))),
            ("BC", 2, Some(d(2026, 7, 6))),
            ("BC", 3, Some(d(2027, 4, 5))),
        ]
    );
    assert_eq!(
        w.plans[1].plan.grid(),
        team.clinicians[0].job_plans[0].grid()
    );
    let ad_new = w.plans[0].plan.counts();
    assert_eq!((ad_new.core, ad_new.choice), (0, 5));
    assert_eq!(
        w.explain.working,
        "AD: 3 Core -> Choice, BC: 3 Choice -> Core; new Core total 51 -> 51"
    );
}

#[test]
fn a_leaver_swaps_with_named_partners_in_order() {
    let team = team();
    let ad = ini("AD");
    // Leaving Friday 14 August 2026: in post 40 of the quarter's 91 days.
    let partners = [ini("EF"), ini("BC")];
    let w = monitor::what_if(&WhatIfRequest {
        team: &team,
        clinician: &ad,
        absence: Absence::Leaving {
            last_day: d(2026, 8, 14),
        },
        quarter: q1(),
        partners: &partners,
    })
    .unwrap();
    // Core: 9 in post all quarter, round(9 x 40/91) = round(3.96) = 4 pro rata: 5 lost.
    assert_eq!(w.lost.core, 5);
    assert!(w.lost.explain.working.starts_with("Core 9 - 4 = 5"));
    // EF gives its one Choice session, BC the other two.
    let given: Vec<(&str, usize)> = ["EF", "BC"]
        .iter()
        .map(|who| {
            (
                *who,
                w.moves
                    .iter()
                    .filter(|m| m.clinician.as_str() == *who && m.to == Activity::Core.label())
                    .count(),
            )
        })
        .collect();
    assert_eq!(given, [("EF", 1), ("BC", 2)]);
    // AD's target was pro rata (4); the sessions now go to clinicians in
    // post all quarter: 1 x 3 + 2 x 3 = 9 more, so the team gains 5.
    assert_eq!(w.team_new_core.pair(), (46, 51));
    assert_eq!(w.plans.len(), 3, "no restoring versions for a leaver");
    assert!(
        w.notes
            .iter()
            .any(|n| n.contains("Choice sessions go with them"))
    );
}

#[test]
fn what_if_errors_name_the_problem() {
    let team = team();
    let who = ini("ZZ");
    let req = WhatIfRequest {
        team: &team,
        clinician: &who,
        absence: Absence::Leaving {
            last_day: d(2026, 8, 14),
        },
        quarter: q1(),
        partners: &[],
    };
    assert_eq!(
        monitor::what_if(&req).unwrap_err(),
        WhatIfError::UnknownClinician("ZZ".into())
    );
    let ad = ini("AD");
    let gone = WhatIfRequest {
        clinician: &ad,
        absence: Absence::Leaving {
            last_day: d(2026, 6, 30),
        },
        ..req
    };
    assert_eq!(
        monitor::what_if(&gone).unwrap_err().to_string(),
        "AD leaves on 30/06/2026, before 2026/27 Q1 starts: re-plan an earlier quarter"
    );
    let partners = [ini("AD")];
    let selfish = WhatIfRequest {
        clinician: &ad,
        partners: &partners,
        ..req
    };
    assert!(matches!(
        monitor::what_if(&selfish),
        Err(WhatIfError::UnknownPartner(_))
    ));
}

#[test]
fn the_absence_to_plan_for() {
    use capa_core::monitor::LeavePeriod;
    let today = d(2026, 8, 3);
    let leave = [
        LeavePeriod {
            first_day: d(2026, 7, 1),
            last_day: d(2026, 7, 10),
        },
        LeavePeriod {
            first_day: d(2026, 12, 1),
            last_day: d(2027, 5, 31),
        },
    ];
    // A leaving date still to come wins; a past one does not count.
    assert_eq!(
        Absence::upcoming(Some(d(2026, 9, 30)), &leave, today),
        Some(Absence::Leaving {
            last_day: d(2026, 9, 30)
        })
    );
    assert_eq!(
        Absence::upcoming(Some(d(2026, 7, 31)), &leave, today),
        Some(Absence::Leave {
            first_day: d(2026, 12, 1),
            last_day: d(2027, 5, 31)
        })
    );
    assert_eq!(Absence::upcoming(None, &leave[..1], today), None);
}

#[test]
fn leave_costs_working_days_not_calendar_days() {
    let team = team();
    let ad = ini("AD");
    // Saturday 5 to Sunday 20 September 2026: 16 calendar days but 10
    // working days (7-11 and 14-18 September) of the quarter's 65. Core
    // 9 x 10/65 = 1.38: 1 (by calendar days, 9 x 16/91 = 1.58 would cost 2);
    // DBT 1.5 x 10/65 = 0.23: 0; OT 6 x 10/65 = 0.92: 1.
    let w = monitor::what_if(&WhatIfRequest {
        team: &team,
        clinician: &ad,
        absence: Absence::Leave {
            first_day: d(2026, 9, 5),
            last_day: d(2026, 9, 20),
        },
        quarter: q1(),
        partners: &[],
    })
    .unwrap();
    assert_eq!(
        (w.lost.core, w.lost.specific["DBT"], w.lost.specific["OT"]),
        (1, 0, 1)
    );
    assert_eq!(w.lost.total, 2);
    assert_eq!(
        w.lost.explain.working,
        "Core round(9 x 10/65) = 1; DBT round(1.5 x 10/65) = 0; OT round(6 x 10/65) = 1"
    );
    // A weekend away costs nothing.
    let w = monitor::what_if(&WhatIfRequest {
        team: &team,
        clinician: &ad,
        absence: Absence::Leave {
            first_day: d(2026, 9, 5),
            last_day: d(2026, 9, 6),
        },
        quarter: q1(),
        partners: &[],
    })
    .unwrap();
    assert_eq!(w.lost.total, 0);
}
