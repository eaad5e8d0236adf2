//! Hand-computed tests of what is stored, compared and applied.

use chrono::NaiveDate;

use super::apply::{ApplyChoices, CoreChoice, apply, targets};
use super::*;
use crate::settings::{MultiplierRule, Stream, TeamSettings};
use crate::{Quarter, Team};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn nhi(i: u32) -> Nhi {
    (i * 7..)
        .flat_map(|n| (0..10).map(move |c| format!("JBX{:03}{c}", n % 1000)))
        .find_map(|s| Nhi::parse(&s).ok())
        .unwrap()
}

/// 19 episodes discharged from 1 January to 10 March 2024 (70 days), each on
/// its day of discharge started: 19 x 7 / 70 = 1.9 referrals a week.
fn report() -> DemandReport {
    let rows: &[(&str, &[u32])] = &[
        ("ADHD", &[0, 3, 4, 6, 8, 10]),
        ("Anxiety", &[4, 5, 6, 7, 20]),
        ("Rett syndrome", &[18, 2]),
        ("Tourette", &[30]),
        ("Eating disorder", &[16, 18, 20, 22, 24]),
    ];
    let today = date(2024, 12, 31);
    let mut acc = DemandAccumulator::new(DemandSettings::default()).unwrap();
    let mut n = 0;
    for (diagnosis, ffs) in rows {
        for &ff in *ffs {
            n += 1;
            let discharge = match n {
                1 => date(2024, 1, 1),
                19 => date(2024, 3, 10),
                _ => date(2024, 2, 1),
            };
            let e = Episode::new(nhi(n), diagnosis, 0, ff, discharge, today).unwrap();
            acc.add(&e).unwrap();
        }
    }
    acc.finish()
}

#[test]
fn rare_diagnoses_are_merged_into_one_row() {
    let stored = StoredDemand::from_report(&report(), 19, 0);
    let names: Vec<&str> = stored
        .by_diagnosis
        .iter()
        .map(|d| d.diagnosis.as_str())
        .collect();
    assert_eq!(
        names,
        ["ADHD", "Anxiety", "Eating disorder", OTHER_DIAGNOSES]
    );
    let other = stored.by_diagnosis.last().unwrap();
    // Rett syndrome (18, 2) and Tourette (30): 3 episodes, Partnership 18 and
    // 30, mean 24, both extended.
    assert_eq!(other.merged, 2);
    assert_eq!(other.episodes, 3);
    assert_eq!(other.partnership_episodes, 2);
    assert_eq!(other.mean_ff, Some(24.0));
    assert_eq!(other.median_ff, None);
    assert_eq!(other.extended_episodes, 2);
    assert_eq!(other.extended_share, Some(1.0));
    assert!(!other.suggested_specific);
    let json = serde_json::to_string(&stored).unwrap();
    assert!(
        !json.contains("Rett") && !json.contains("Tourette"),
        "{json}"
    );
    assert!(!json.contains("JBX"));
}

#[test]
fn stored_figures_are_the_reports() {
    let r = report();
    let stored = StoredDemand::from_report(&r, 21, 2);
    assert_eq!(stored.episodes, 19);
    assert_eq!(stored.rows, 21);
    assert_eq!(stored.rows_left_out, 2);
    assert_eq!(stored.span_days, 70);
    assert_eq!(stored.referrals_per_week, Some(1.9));
    // Core range 4-15: 4 6 8 10 and 4 5 6 7: 50 / 8.
    assert_eq!(stored.core_range_mean_ff, Some(6.25));
    assert_eq!(stored.histogram(), r.ff_histogram);
    assert_eq!(stored.ff_counts.len(), 32);
    assert_eq!(stored.ff_counts[4], 2);
    assert_eq!(stored.ff_counts.iter().sum::<u64>(), 19);
    let back: StoredDemand =
        serde_json::from_str(&serde_json::to_string(&stored).unwrap()).unwrap();
    assert_eq!(back, stored);
    let names: Vec<&str> = stored
        .suggested_streams()
        .map(|d| d.diagnosis.as_str())
        .collect();
    assert_eq!(names, ["Eating disorder"]);
    assert_eq!(stored.diagnosis(" anxiety").unwrap().mean_ff, Some(8.4));
    assert!(stored.diagnosis(OTHER_DIAGNOSES).is_none());
}

#[test]
fn comparing_two_years() {
    let first = StoredDemand::from_report(&report(), 19, 0);
    let mut second = first.clone();
    second.referrals_per_week = Some(2.4);
    second.by_diagnosis.retain(|d| d.diagnosis != "ADHD");
    let c = compare(&first, &second);
    let referrals = c
        .figures
        .iter()
        .find(|f| f.label == "accepted referrals a week")
        .unwrap();
    assert_eq!((referrals.first, referrals.second), (Some(1.9), Some(2.4)));
    assert!((referrals.change.unwrap() - 0.5).abs() < 1e-12);
    let adhd = c
        .by_diagnosis
        .iter()
        .find(|d| d.diagnosis == "ADHD")
        .unwrap();
    assert_eq!(adhd.episodes, (6, 0));
    assert_eq!(adhd.mean_ff, (Some(7.0), None));
    assert_eq!(c.by_diagnosis.len(), 4);
}

fn settings() -> TeamSettings {
    let mut s = TeamSettings::new("T");
    s.streams.push(Stream {
        name: "anxiety".into(),
        multiplier: None,
    });
    s
}

#[test]
fn applying_sets_referrals_multipliers_and_streams() {
    let stored = StoredDemand::from_report(&report(), 19, 0);
    let a = apply(&settings(), &stored, &ApplyChoices::default());
    let s = &a.settings;
    assert_eq!(s.accepted_referrals_per_week, 1.9);
    let derived = |avg: f64| MultiplierRule::Derived {
        appointments_per_session: 2.0,
        working_weeks_per_quarter: None,
        average_appointments: avg,
    };
    assert_eq!(s.core_multiplier, derived(6.25));
    assert_eq!(s.streams[0].multiplier, Some(derived(8.4)));
    assert_eq!(s.streams[1].name, "Eating disorder");
    assert_eq!(s.streams[1].multiplier, Some(derived(20.0)));
    let changed: Vec<(&str, &str, &str)> = a
        .changes
        .iter()
        .map(|c| (c.setting.as_str(), c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(changed[0], ("accepted_referrals_per_week", "0", "1.9"));
    assert_eq!(changed[1].0, "core_multiplier");
    assert_eq!(changed[1].1, "fixed 3");
    assert_eq!(changed[2].0, "stream 'anxiety' multiplier");
    assert_eq!(changed[3].0, "new stream 'Eating disorder'");
    assert_eq!(changed.len(), 4);
    // Applied twice, nothing more changes.
    assert!(
        apply(s, &stored, &ApplyChoices::default())
            .changes
            .is_empty()
    );
}

#[test]
fn keeping_the_fixed_multiplier() {
    let stored = StoredDemand::from_report(&report(), 19, 0);
    let choices = ApplyChoices {
        core: CoreChoice::Keep,
        stream_multipliers: false,
        add_suggested_streams: false,
        ..ApplyChoices::default()
    };
    let a = apply(&settings(), &stored, &choices);
    assert_eq!(
        a.settings.core_multiplier,
        MultiplierRule::Fixed { value: 3.0 }
    );
    assert_eq!(a.settings.streams.len(), 1);
    assert_eq!(a.changes.len(), 1);
}

#[test]
fn targets_before_and_after() {
    let stored = StoredDemand::from_report(&report(), 19, 0);
    let before = Team::new(settings(), Vec::new()).unwrap();
    let a = apply(&before.settings, &stored, &ApplyChoices::default());
    let after = Team::new(a.settings, Vec::new()).unwrap();
    let q = Quarter::parse("2026Q1", 7).unwrap();
    let rows = targets(&before, &after, q);
    let get = |t: &str| rows.iter().find(|r| r.target == t).unwrap();
    assert_eq!(get("accepted referrals a week").after, Some(1.9));
    // 2 x 11.25 / 6.25 = 3.6.
    let core = get("Core multiplier");
    assert_eq!(core.before, Some(3.0));
    assert!((core.after.unwrap() - 3.6).abs() < 1e-9);
    let ed = get("new Specific Partnerships: Eating disorder");
    assert_eq!(ed.before, None);
    assert_eq!(ed.after, Some(0.0));
}
