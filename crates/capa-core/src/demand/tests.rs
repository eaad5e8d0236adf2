//! Hand-computed reports and the invariants of the demand figures.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2024, 7, 31) {
    Some(d) => d,
    None => panic!(),
};

/// The `i`-th valid old-format NHI of the form `JBX{nnn}{check}` (or `ZZZ...`
/// for a test number).
fn nhi(i: u32, test: bool) -> Nhi {
    let prefix = if test { "ZZZ" } else { "JBX" };
    (i * 7..)
        .flat_map(|n| (0..10).map(move |c| format!("{prefix}{:03}{c}", n % 1000)))
        .find_map(|s| Nhi::parse(&s).ok())
        .unwrap()
}

fn episode(n: u32, diagnosis: &str, ff: u32, days: u32, discharge: NaiveDate) -> Episode<'_> {
    Episode::new(nhi(n, n == 99), diagnosis, days, ff, discharge, TODAY).unwrap()
}

/// Ten episodes and one duplicate, computed by hand in the comments.
fn small_report() -> (DemandReport, Vec<Added>) {
    let rows = [
        episode(1, "ADHD", 0, 0, date(2024, 1, 1)),
        episode(2, "ADHD", 3, 20, date(2024, 1, 15)),
        episode(3, "ADHD", 4, 60, date(2024, 2, 1)),
        episode(4, "ADHD", 8, 100, date(2024, 3, 1)),
        episode(5, "Anxiety", 5, 70, date(2024, 3, 15)),
        episode(6, "Anxiety", 6, 90, date(2024, 4, 1)),
        // Same NHI, date and diagnosis as the fourth: a duplicate.
        episode(4, " adhd ", 9, 100, date(2024, 3, 1)),
        episode(99, "Anxiety", 15, 200, date(2024, 5, 1)),
        episode(8, "Eating disorder", 16, 300, date(2024, 6, 1)),
        episode(9, "Eating disorder", 40, 400, date(2024, 6, 30)),
        episode(10, "eating DISORDER", 20, 250, date(2024, 6, 30)),
    ];
    let mut acc = DemandAccumulator::new(DemandSettings::default()).unwrap();
    let added = rows.iter().map(|e| acc.add(e).unwrap()).collect();
    (acc.finish(), added)
}

#[test]
fn hand_computed_counts_and_duplicates() {
    let (r, added) = small_report();
    assert_eq!(added[6], Added::Duplicate);
    assert_eq!(added.iter().filter(|a| **a == Added::Counted).count(), 10);
    assert_eq!(r.episodes, 10);
    assert_eq!(r.duplicates, 1);
    assert_eq!(r.test_nhis, 1);
    // f/f 0 and 3.
    assert_eq!(r.choice_or_one_off, 2);
    assert_eq!(r.partnership_episodes, 8);
}

#[test]
fn hand_computed_partnership_and_core_range() {
    let (r, _) = small_report();
    // Partnership f/f sorted: 4 5 6 8 15 16 20 40; sum 114.
    assert_eq!(r.partnership_mean_ff, Some(14.25));
    assert_eq!(r.partnership_median_ff, Some(11.5)); // (8 + 15) / 2
    // h = 7 x 0.9 = 6.3: 20 + (40 - 20) x 0.3 = 26.
    assert_eq!(r.partnership_p90_ff, Some(26.0));
    // Core range 4-15: 4 5 6 8 15; sum 38.
    assert_eq!(r.core_range_episodes, 5);
    assert_eq!(r.core_range_mean_ff, Some(7.6));
    assert_eq!(r.core_range_median_ff, Some(6.0));
    // h = 4 x 0.9 = 3.6: 8 + (15 - 8) x 0.6 = 12.2.
    assert_eq!(r.core_range_p90_ff, Some(12.2));
    assert_eq!(r.extended_episodes, 3);
    assert_eq!(r.extended_share, Some(0.375));
}

#[test]
fn hand_computed_histogram() {
    let (r, _) = small_report();
    let h = &r.ff_histogram.counts;
    assert_eq!(h.len(), 32);
    for (ff, count) in h.iter().enumerate() {
        let expected = u64::from([0, 3, 4, 5, 6, 8, 15, 16, 20].contains(&ff) || ff == 31);
        assert_eq!(*count, expected, "bar {ff}");
    }
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["ff_histogram"]["31+"], 1);
    assert_eq!(json["ff_histogram"]["0"], 1);
    assert_eq!(json["ff_histogram"].as_object().unwrap().len(), 32);
}

#[test]
fn hand_computed_pivot_by_diagnosis() {
    let (r, _) = small_report();
    let names: Vec<&str> = r
        .by_diagnosis
        .iter()
        .map(|d| d.diagnosis.as_str())
        .collect();
    // ADHD has 4; Anxiety and Eating disorder tie on 3 and go alphabetically;
    // spellings differing in case and spaces are one diagnosis, first label kept.
    assert_eq!(names, ["ADHD", "Anxiety", "Eating disorder"]);
    let adhd = &r.by_diagnosis[0];
    assert_eq!((adhd.episodes, adhd.partnership_episodes), (4, 2));
    assert_eq!((adhd.mean_ff, adhd.median_ff), (Some(6.0), Some(6.0)));
    assert_eq!(adhd.extended_share, Some(0.0));
    let anxiety = &r.by_diagnosis[1];
    assert_eq!(anxiety.mean_ff, Some(26.0 / 3.0));
    assert_eq!(anxiety.median_ff, Some(6.0));
    assert!(!anxiety.suggested_specific);
    let eating = &r.by_diagnosis[2];
    assert_eq!((eating.episodes, eating.partnership_episodes), (3, 3));
    assert_eq!(eating.median_ff, Some(20.0));
    assert_eq!(eating.extended_episodes, 3);
    assert_eq!(eating.extended_share, Some(1.0));
    assert!(
        eating.suggested_specific,
        "median 20 is above the Core range"
    );
}

#[test]
fn hand_computed_referrals_choice_and_multiplier() {
    let (r, _) = small_report();
    assert_eq!(r.first_discharge, Some(date(2024, 1, 1)));
    assert_eq!(r.last_discharge, Some(date(2024, 6, 30)));
    // 1 January to 30 June 2024, both included: 182 days.
    assert_eq!(r.span_days, 182);
    // Starts in the span: 01/01 (0 days), 05/01 (15/03 - 70), 02/01 (01/04 - 90).
    assert_eq!(r.referrals_in_span, 3);
    assert_eq!(r.referrals_per_week, Some(3.0 * 7.0 / 182.0));
    assert_eq!(r.discharges_per_week, Some(10.0 * 7.0 / 182.0));
    // ceil(3 x 7 x 13 / 182) = ceil(1.5) = 2.
    assert_eq!(r.choice_needed_per_quarter, Some(2));
    // 2 x 11.25 / 7.6.
    assert_eq!(r.suggested_core_multiplier, Some(22.5 / 7.6));
    let explain = serde_json::to_value(&r.explain).unwrap();
    assert_eq!(
        explain["suggested_core_multiplier"],
        "appointments per session x working weeks per quarter / mean f/f of Core-range episodes (4-15): 2 x 11.25 / 7.6 = 2.96 (a suggestion: CAPA keeps 3 when the derivation gives about 3; the team chooses)"
    );
    assert!(
        explain["referrals_per_week"]
            .as_str()
            .unwrap()
            .contains("3 / (182 days / 7 = 26 weeks) = 0.12 per week")
    );
    assert!(
        explain["choice_needed_per_quarter"]
            .as_str()
            .unwrap()
            .contains("ceil(0.12 x 13 = 1.5) = 2")
    );
}

#[test]
fn exact_products_are_not_rounded_up() {
    // 27 starts in 91 days: 27 x 7 / 91 x 13 is 27 exactly, though in
    // floating point it comes out as 27.000000000000004.
    let mut acc = DemandAccumulator::new(DemandSettings::default()).unwrap();
    for i in 0..26 {
        acc.add(&episode(i, "x", 1, 0, date(2024, 1, 1))).unwrap();
    }
    acc.add(&episode(40, "x", 1, 0, date(2024, 3, 31))).unwrap();
    let r = acc.finish();
    assert_eq!((r.span_days, r.referrals_in_span), (91, 27));
    assert!((r.referrals_per_week.unwrap() * 13.0).ceil() > 27.0);
    assert_eq!(r.choice_needed_per_quarter, Some(27));
}

#[test]
fn settings_change_the_thresholds() {
    let settings = DemandSettings {
        choice_max_ff: 1,
        core_range_max_ff: 5,
        histogram_max: 4,
        ..DemandSettings::default()
    };
    let mut acc = DemandAccumulator::new(settings).unwrap();
    for (i, ff) in [1, 2, 5, 6, 9].into_iter().enumerate() {
        acc.add(&episode(i as u32, "d", ff, 10, date(2024, 3, 1)))
            .unwrap();
    }
    let r = acc.finish();
    assert_eq!((r.choice_or_one_off, r.partnership_episodes), (1, 4));
    assert_eq!((r.core_range_episodes, r.extended_episodes), (2, 2));
    assert_eq!(r.ff_histogram.counts, vec![0, 1, 1, 0, 0, 3]);
    assert!(r.by_diagnosis[0].suggested_specific); // median 5.5 > 5
}

#[test]
fn settings_are_checked_and_parsed_with_defaults() {
    let bad = DemandSettings {
        core_range_max_ff: 3,
        ..DemandSettings::default()
    };
    assert!(matches!(
        DemandAccumulator::new(bad),
        Err(DemandError::Settings(_))
    ));
    for bad in [
        DemandSettings {
            core_range_max_ff: u32::MAX,
            ..DemandSettings::default()
        },
        DemandSettings {
            histogram_max: 0,
            ..DemandSettings::default()
        },
        DemandSettings {
            appointments_per_session: f64::NAN,
            ..DemandSettings::default()
        },
        DemandSettings {
            working_weeks_per_quarter: 14.0,
            ..DemandSettings::default()
        },
        DemandSettings {
            weeks_per_quarter: 0,
            ..DemandSettings::default()
        },
    ] {
        assert!(bad.check().is_err(), "{bad:?}");
    }
    let s: DemandSettings = serde_json::from_str(r#"{"choice_max_ff": 2}"#).unwrap();
    assert_eq!(s.choice_max_ff, 2);
    assert_eq!(s.working_weeks_per_quarter, 11.25);
    assert!(serde_json::from_str::<DemandSettings>(r#"{"choice_max": 2}"#).is_err());
}

#[test]
fn dates_are_checked_against_today_and_1900() {
    let n = nhi(1, false);
    assert_eq!(
        Episode::new(n, "d", 0, 1, date(2024, 8, 1), TODAY),
        Err(EpisodeError::FutureDischarge {
            discharge: date(2024, 8, 1),
            today: TODAY
        })
    );
    let e = Episode::new(n, "d", 0, 1, date(1899, 12, 31), TODAY).unwrap_err();
    assert_eq!(e.field(), EpisodeField::DischargeDate);
    let e = Episode::new(n, "d", 40_000, 1, date(2000, 1, 1), TODAY).unwrap_err();
    assert_eq!(e.field(), EpisodeField::DaysInService);
    assert_eq!(
        e.to_string(),
        "40000 days before the discharge on 01/01/2000 is before 01/01/1900: days in service do not fit the dates"
    );
    let ok = Episode::new(n, "d", 10, 1, date(2024, 7, 31), TODAY).unwrap();
    assert_eq!(ok.start_date(), date(2024, 7, 21));
}

#[test]
fn keys_tell_test_numbers_and_differ_by_each_part() {
    let a = nhi(1, false);
    let z = Nhi::parse("ZZZ00AC").unwrap();
    assert!(!key_is_test(episode_key(a, 5, 1)));
    assert!(key_is_test(episode_key(z, 5, 1)));
    assert!(key_is_test(episode_key(
        Nhi::parse("ZAC5361").unwrap(),
        0,
        0
    )));
    let k = episode_key(a, 5, 1);
    assert_ne!(k, episode_key(a, 6, 1));
    assert_ne!(k, episode_key(a, 5, 2));
    assert_ne!(k, episode_key(nhi(2, false), 5, 1));
    assert_eq!(with_diagnosis(k, 7), episode_key(a, 5, 7));
    assert_eq!(diagnosis_of(k), 1);
}

#[test]
fn empty_report_has_no_averages() {
    let r = DemandAccumulator::new(DemandSettings::default())
        .unwrap()
        .finish();
    assert_eq!(r.episodes, 0);
    assert_eq!(r.partnership_mean_ff, None);
    assert_eq!(r.referrals_per_week, None);
    assert_eq!(r.choice_needed_per_quarter, None);
    assert_eq!(r.suggested_core_multiplier, None);
    assert!(r.by_diagnosis.is_empty());
}

/// A row for the property tests: NHI index (a small pool so duplicates
/// happen), diagnosis index, f/f, days in service, discharge offset.
type Row = (u32, u8, u32, u32, u32);

fn rows() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec((0..8u32, 0..6u8, 0..60u32, 0..500u32, 0..40u32), 0..120)
}

const DIAGNOSES: [&str; 6] = ["ADHD", "adhd", "Anxiety", "Eating disorder", "", "Whānau"];

fn to_episode(nhis: &[Nhi], r: &Row) -> Episode<'static> {
    let discharge = date(2023, 6, 1) + chrono::Days::new(u64::from(r.4));
    Episode::new(
        nhis[r.0 as usize],
        DIAGNOSES[usize::from(r.1)],
        r.3,
        r.2,
        discharge,
        TODAY,
    )
    .unwrap()
}

fn pool() -> Vec<Nhi> {
    (0..8).map(|i| nhi(i, i % 3 == 0)).collect()
}

proptest! {
    #[test]
    fn counts_add_up(rows in rows()) {
        let nhis = pool();
        let mut acc = DemandAccumulator::new(DemandSettings::default()).unwrap();
        for r in &rows {
            acc.add(&to_episode(&nhis, r)).unwrap();
        }
        let r = acc.finish();
        prop_assert_eq!(r.episodes + r.duplicates, rows.len() as u64);
        prop_assert_eq!(r.choice_or_one_off + r.partnership_episodes, r.episodes);
        prop_assert_eq!(r.core_range_episodes + r.extended_episodes, r.partnership_episodes);
        prop_assert_eq!(r.ff_histogram.counts.iter().sum::<u64>(), r.episodes);
        prop_assert_eq!(r.by_diagnosis.iter().map(|d| d.episodes).sum::<u64>(), r.episodes);
        prop_assert_eq!(
            r.by_diagnosis.iter().map(|d| d.partnership_episodes).sum::<u64>(),
            r.partnership_episodes
        );
        prop_assert!(r.referrals_in_span <= r.episodes);
        prop_assert!(r.test_nhis <= r.episodes);
    }

    #[test]
    fn medians_lie_between_min_and_max(rows in rows()) {
        let nhis = pool();
        let mut acc = DemandAccumulator::new(DemandSettings::default()).unwrap();
        let mut kept = Vec::new();
        for r in &rows {
            if acc.add(&to_episode(&nhis, r)).unwrap() == Added::Counted {
                kept.push(r.2);
            }
        }
        let r = acc.finish();
        let partnership: Vec<f64> = kept.iter().filter(|&&f| f >= 4).map(|&f| f64::from(f)).collect();
        if let (Some(median), Some(p90), Some(mean)) =
            (r.partnership_median_ff, r.partnership_p90_ff, r.partnership_mean_ff)
        {
            let min = partnership.iter().cloned().fold(f64::MAX, f64::min);
            let max = partnership.iter().cloned().fold(f64::MIN, f64::max);
            prop_assert!(min <= median && median <= max);
            prop_assert!(median <= p90 && p90 <= max);
            prop_assert!(min <= mean && mean <= max);
            prop_assert!((mean - partnership.iter().sum::<f64>() / partnership.len() as f64).abs() < 1e-9);
        } else {
            prop_assert!(partnership.is_empty());
        }
        for d in &r.by_diagnosis {
            if let Some(m) = d.median_ff {
                prop_assert!(m >= 4.0);
                prop_assert_eq!(d.suggested_specific, m > 15.0);
            }
        }
    }

    #[test]
    fn parts_merged_in_order_equal_one_pass(rows in rows(), cuts in prop::collection::vec(0..120usize, 0..5)) {
        let nhis = pool();
        let mut one = DemandAccumulator::new(DemandSettings::default()).unwrap();
        let mut expected_duplicates = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if one.add(&to_episode(&nhis, r)).unwrap() == Added::Duplicate {
                expected_duplicates.push(i);
            }
        }
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rows.len())).collect();
        cuts.push(0);
        cuts.push(rows.len());
        cuts.sort_unstable();
        let mut merged = DemandAccumulator::new(DemandSettings::default()).unwrap();
        let mut duplicates = Vec::new();
        for w in cuts.windows(2) {
            let mut part = merged.new_part();
            for r in &rows[w[0]..w[1]] {
                part.add(&to_episode(&nhis, r)).unwrap();
            }
            prop_assert_eq!(part.len(), w[1] - w[0]);
            duplicates.extend(merged.merge(part).unwrap().into_iter().map(|i| i + w[0]));
        }
        prop_assert_eq!(duplicates, expected_duplicates);
        prop_assert_eq!(merged.finish(), one.finish());
    }
}
