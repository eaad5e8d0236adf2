//! Starting from today's diary: the snapshot's offers, slots, waiting
//! families and caseloads are where the forecast begins.

use capa_core::diary::SlotKind;
use capa_forecast::model::snapshot::{
    AwaitingChoice, BookedPartnership, ManagedFamily, OpenCaseload, SnapshotOffer, SnapshotSlot,
};
use capa_forecast::model::{self, ForecastError, Snapshot, Start};
use capa_forecast::replicate::Replications;
use chrono::NaiveDateTime;

use crate::team::{d, input, team, today};

fn at(m: u32, day: u32, h: u32) -> NaiveDateTime {
    d(2026, m, day).and_hms_opt(h, 0, 0).unwrap()
}

fn snapshot() -> Snapshot {
    let offer = |who: &str, when, booked: bool| SnapshotOffer {
        clinician: who.into(),
        starts_at: when,
        kind: SlotKind::Core,
        booked: booked.then(|| BookedPartnership {
            choice_date: Some(d(2026, 7, 30)),
        }),
    };
    let slot = |who: &str, when, booked: bool| SnapshotSlot {
        clinician: who.into(),
        starts_at: when,
        booked: booked.then_some(AwaitingChoice {
            accepted: Some(d(2026, 7, 20)),
            dnas: 0,
        }),
    };
    Snapshot {
        today: today(),
        offers: vec![
            offer("AA", at(8, 10, 9), true),
            offer("AA", at(8, 17, 11), true),
            offer("AA", at(8, 24, 13), false),
        ],
        choice_slots: vec![
            slot("BB", at(8, 4, 9), true),
            slot("BB", at(8, 5, 9), false),
            slot("CC", at(8, 12, 13), false),
        ],
        awaiting_choice: (0..10)
            .map(|_| AwaitingChoice {
                accepted: Some(d(2026, 7, 20)),
                dnas: 0,
            })
            .collect(),
        managed_list: vec![
            ManagedFamily {
                choice_date: Some(d(2026, 7, 27)),
                kind: SlotKind::Core,
            };
            3
        ],
        caseload: ["AA", "BB", "CC", "DD", "EE", "FF"]
            .iter()
            .map(|c| OpenCaseload {
                clinician: c.to_string(),
                kind: SlotKind::Core,
                open: 8,
            })
            .collect(),
    }
}

#[test]
fn a_forecast_from_today_starts_where_the_diary_is() {
    let mut i = input(team(6, 2, 3, 6.0), 26);
    i.settings.weeks = None;
    i.start = Start::Snapshot(snapshot());
    let f = model::forecast(&i, Replications::new(40, 3)).unwrap();
    assert_eq!(
        (f.started_from, f.weeks, f.warm_up_weeks),
        ("snapshot", 26, 0)
    );
    assert_eq!(f.start, today());
    // 48 open episodes to begin with; a week later most are still open.
    let first = &f.weekly[0];
    assert!((38.0..=58.0).contains(&first.caseload.p50), "{first:?}");
    // Ten referrals were waiting since 20 July with nothing booked: the
    // first week's waits are at least the two weeks they had waited.
    assert!(first.wait_to_choice_days.p50 >= 14.0, "{first:?}");
    // The current quarter (its deadline passed) holds only the snapshot's
    // offers: AA's three (and re-offers); BB published none.
    let q1 = |c: usize| &f.clinicians[c].quarters[0];
    assert_eq!(q1(0).quarter, "2026/27 Q1");
    assert!(q1(0).offers_published.p50 >= 3.0, "{:?}", q1(0));
    assert_eq!(q1(1).offers_published.p95, 0.0);
    // The next quarter is proposed from the plan at its deadline.
    assert!(
        f.clinicians
            .iter()
            .all(|c| c.quarters[1].offers_published.p50 >= 9.0)
    );
}

#[test]
fn a_snapshot_reads_back_from_json() {
    let s = snapshot();
    let text = serde_json::to_string(&s).unwrap();
    assert!(text.contains(r#""kind":"core""#), "{text}");
    let back: Snapshot = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s);
    let bad = r#"{"today":"2026-08-03","offers":[],"colour":"red"}"#;
    assert!(
        serde_json::from_str::<Snapshot>(bad)
            .unwrap_err()
            .to_string()
            .contains("colour")
    );
}

#[test]
fn a_snapshot_naming_someone_else_is_refused() {
    let mut s = snapshot();
    s.caseload[0].clinician = "ZZ".into();
    let mut i = input(team(6, 2, 3, 6.0), 26);
    i.start = Start::Snapshot(s);
    let e = model::forecast(&i, Replications::new(2, 3)).unwrap_err();
    assert_eq!(
        e,
        ForecastError::Snapshot("no clinician ZZ in the team".into())
    );
    let mut s = snapshot();
    s.offers[0].kind = SlotKind::Specific("DBT".into());
    i.start = Start::Snapshot(s);
    let e = model::forecast(&i, Replications::new(2, 3)).unwrap_err();
    assert!(
        e.to_string()
            .contains("not a Partnership kind of this team"),
        "{e}"
    );
}
