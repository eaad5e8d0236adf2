//! What-if changes move the forecast the way a lead would expect, and never
//! touch the team they were applied to.

use capa_forecast::model::{self, Change, Forecast, ForecastInput, SessionKind, WhatIf};
use capa_forecast::replicate::Replications;

use crate::team::{d, input, team};

fn run(i: &ForecastInput) -> Forecast {
    model::forecast(i, Replications::new(30, 5)).unwrap()
}

fn with(i: &ForecastInput, changes: Vec<Change>) -> ForecastInput {
    WhatIf { changes }.apply(i).unwrap()
}

#[test]
fn leavers_lengthen_waits_and_hand_on_their_caseload() {
    let base = input(team(6, 2, 3, 9.0), 26);
    let leavers: Vec<Change> = ["AA", "BB", "CC"]
        .iter()
        .map(|c| Change::Leaver {
            clinician: c.to_string(),
            last_day: d(2026, 8, 31),
        })
        .collect();
    let changed = with(&base, leavers);
    assert_eq!(
        base.team.clinicians[0].leaving_date, None,
        "the input is untouched"
    );
    let (before, after) = (run(&base), run(&changed));
    assert!(
        after.wait_to_choice_days.mean > before.wait_to_choice_days.mean + 7.0,
        "{} then {}",
        before.wait_to_choice_days.mean,
        after.wait_to_choice_days.mean
    );
    let aa = &after.clinicians[0];
    assert_eq!(
        aa.caseload.last().unwrap().p95,
        0.0,
        "AA's episodes passed on"
    );
    let dd = &after.clinicians[3];
    assert!(dd.caseload.last().unwrap().p50 > before.clinicians[3].caseload.last().unwrap().p50);
}

#[test]
fn moving_sessions_to_choice_and_an_extra_clinician_shorten_waits() {
    // Six Choice sessions for 8 referrals a week: waits grow.
    let base = input(team(6, 1, 4, 8.0), 26);
    let moved = with(
        &base,
        ["AA", "BB", "CC", "DD"]
            .iter()
            .map(|c| Change::MoveSessions {
                clinician: c.to_string(),
                from: SessionKind::Core,
                to: SessionKind::Choice,
                sessions: 1,
                from_date: None,
            })
            .collect(),
    );
    let aa = &moved.team.clinicians[0];
    assert_eq!(aa.job_plans.len(), 2);
    assert_eq!(aa.job_plans[1].applies_from, Some(d(2026, 8, 3)));
    assert_eq!(aa.job_plans[1].counts().choice, 2);
    let extra = with(
        &base,
        vec![Change::ExtraClinician {
            initials: "NEW".into(),
            name: None,
            start: Some(d(2026, 8, 3)),
            like: Some("AA".into()),
            fte: None,
        }],
    );
    assert_eq!(extra.team.clinicians.len(), 7);
    let (b, m, e) = (run(&base), run(&moved), run(&extra));
    assert!(m.wait_to_choice_days.mean < b.wait_to_choice_days.mean / 2.0);
    assert!(e.wait_to_choice_days.mean < b.wait_to_choice_days.mean);
    assert!(m.share_within_3_weeks > b.share_within_3_weeks);
}

#[test]
fn the_referral_rate_and_conversion_change() {
    let base = input(team(6, 2, 3, 6.0), 26);
    let busier = with(
        &base,
        vec![
            Change::ReferralsPerWeek { value: 9.0 },
            Change::ConversionToCore { value: 0.5 },
        ],
    );
    assert_eq!(busier.team.settings.accepted_referrals_per_week, 9.0);
    let f = run(&busier);
    assert!((f.referrals_per_week - 9.0).abs() < 1e-9);
    let seen: f64 = f.weekly.iter().map(|w| w.seen_at_choice.mean).sum();
    assert!(
        f.partnerships_started < 0.56 * seen,
        "{} of {seen}",
        f.partnerships_started
    );
}

#[test]
fn impossible_changes_say_which_and_why() {
    let base = input(team(6, 1, 4, 6.0), 26);
    let err = |c: Change| {
        WhatIf { changes: vec![c] }
            .apply(&base)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(Change::Leaver {
            clinician: "ZZ".into(),
            last_day: d(2026, 9, 1)
        }),
        "what-if change 1: no clinician with initials ZZ in the team"
    );
    assert!(
        err(Change::MoveSessions {
            clinician: "AA".into(),
            from: SessionKind::Choice,
            to: SessionKind::Core,
            sessions: 3,
            from_date: None,
        })
        .contains("has 1 such sessions a week on 2026-08-03, fewer than the 3 to move")
    );
    assert!(
        err(Change::ConversionToStream {
            stream: "DBT".into(),
            value: 0.1
        })
        .contains("the team has no stream 'DBT'")
    );
    assert!(
        err(Change::ConversionToCore { value: 1.5 })
            .contains("conversion to Core must be between 0 and 1")
    );
}

#[test]
fn what_ifs_read_from_json() {
    let text = r#"{"changes": [
        {"change": "leaver", "clinician": "AA", "last_day": "2026-09-01"},
        {"change": "move_sessions", "clinician": "BB", "from": "core", "to": {"specific": "DBT"}, "sessions": 1},
        {"change": "extra_clinician", "initials": "NEW", "like": "CC"},
        {"change": "referrals_per_week", "value": 14}
    ]}"#;
    let w: WhatIf = serde_json::from_str(text).unwrap();
    assert_eq!(w.changes.len(), 4);
    assert_eq!(
        w.changes[1],
        Change::MoveSessions {
            clinician: "BB".into(),
            from: SessionKind::Core,
            to: SessionKind::Specific("DBT".into()),
            sessions: 1,
            from_date: None
        }
    );
    assert!(serde_json::from_str::<WhatIf>(r#"{"changes":[{"change":"hire"}]}"#).is_err());
}
