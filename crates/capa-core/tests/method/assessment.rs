//! The CAPA self-assessment (method page, section 8): evidence computed by
//! hand from the monitor's small team (see `monitor.rs`) and a capacity
//! report, the review as the API shows it, and the invariants of scoring.

use capa_core::assessment::evidence::{
    self, CoreSkillsFacts, DemandFacts, EvidenceFacts, FullBookingFacts, JobPlanningFacts,
    ReviewMarks, SkillMatchingFacts,
};
use capa_core::assessment::{
    self, Assessment, AssessmentSettings, ItemNumber, NO_EVIDENCE, Rating, Source,
};
use capa_core::monitor::{self, MonitorSettings, QuarterMonitor};
use capa_core::{SkillLevel, Team, capacity};
use chrono::NaiveDate;
use proptest::prelude::*;

use super::monitor::facts;
use super::{SEED_PLAN, clinician, plan, q1, settings};

fn n(k: i64) -> ItemNumber {
    ItemNumber::from_value(k).unwrap()
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// The monitor's team as of 3 August, with four bookings made by a skills search.
fn monitored() -> QuarterMonitor {
    let mut f = facts();
    for a in f
        .appointments
        .iter_mut()
        .filter(|a| a.booking.is_some())
        .take(4)
    {
        a.booking.as_mut().unwrap().skills_searched = true;
    }
    monitor::quarter(&f, &MonitorSettings::default())
}

fn suggestions(e: &assessment::ItemEvidence) -> Vec<Option<u32>> {
    e.evidence
        .iter()
        .map(|l| l.suggested.map(Rating::value))
        .collect()
}

#[test]
fn item_8_job_planning_from_the_monitor() {
    let m = monitored();
    let reviews = ReviewMarks {
        this_quarter: None,
        last_quarter: Some(d(4, 20)),
    };
    let f = JobPlanningFacts::from_monitor(&m, reviews);
    // In post: AD, BC, EF, GH (XY has left). GH has no job plan and no target.
    assert_eq!(f.clinicians.len(), 4);
    let e = evidence::job_planning(n(8), &f);
    let texts: Vec<&str> = e.evidence.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "3 of 4 clinicians have a job plan in force (75%); none for GH",
            "3 of 4 clinicians have a target for 2026/27 Q1; none for GH",
            // AD2 overdue, AD3 re-offered in time: 1 of 2.
            "1 of 2 DNA'd or cancelled first appointments re-offered within 5 working days (50%)",
            "the review of 2026/27 Q1 is not marked done yet; the last quarter's was, on 20/04/2026",
            "2 of 4 clinicians had their offers in the diary by the deadline (25/05/2026); short: AD, EF",
        ]
    );
    assert_eq!(
        suggestions(&e),
        [Some(1), Some(1), Some(1), Some(1), Some(1)]
    );
    assert_eq!(e.evidence[0].explain.working, "3 / 4 = 75%");
    assert_eq!(e.suggested, Some(Rating::Partial));
    // The review marked done this quarter: Yes on that line only.
    let done = ReviewMarks {
        this_quarter: Some(d(8, 1)),
        ..reviews
    };
    let e = evidence::job_planning(n(8), &JobPlanningFacts::from_monitor(&m, done));
    assert_eq!(e.evidence[3].suggested, Some(Rating::Yes));
    assert_eq!(e.suggested, Some(Rating::Partial));
}

#[test]
fn item_5_full_booking_from_the_monitor() {
    let m = monitored();
    let f = FullBookingFacts::from_monitor(&m, 6.0);
    // Eleven booked (AD1-5, BC11-14, EF17, XY19); all but AD4 at the end of Choice.
    assert_eq!((f.bookings, f.booked_from_choice), (11, 10));
    let e = evidence::full_booking(n(5), &f);
    assert_eq!(
        e.evidence[0].text,
        "10 of 11 first Partnership appointments were booked at the end of Choice (90.9%)"
    );
    assert_eq!(
        e.evidence[1].text,
        "internal wait: median 14 days, 90th percentile 16.1 days (aim 4 weeks, limit 6)"
    );
    // 2 on the managed list, within a week's 6 referrals: Partial.
    assert_eq!(e.evidence[2].explain.working, "2 against 6 x 1 = 6");
    assert_eq!(suggestions(&e), [Some(2), Some(2), Some(1)]);
    assert_eq!(e.suggested, Some(Rating::Partial));
}

#[test]
fn item_6_and_item_3_from_the_monitor() {
    let m = monitored();
    let e = evidence::skill_matching(n(6), &SkillMatchingFacts::from_monitor(&m));
    // 4 of 11 = 36.4%: between 30% and 80%.
    assert_eq!(e.evidence[0].explain.working, "4 / 11 = 36.4%");
    assert_eq!(e.suggested, Some(Rating::Partial));

    let f = DemandFacts {
        short: m.waits.short_target.clone(),
        long: m.waits.long_target.clone(),
        choice_needed: 78,
        choice_capacity: 72,
    };
    let e = evidence::demand(n(3), &f);
    // 60% within 3 weeks (target 80%), 100% within 8 (target 95%): one of two.
    assert_eq!(
        e.evidence[0].text,
        "60% seen within 3 weeks (target 80%), 100% within 8 weeks (target 95%)"
    );
    // 72 / 78 = 92.3%: within a tenth of the need.
    assert_eq!(e.evidence[1].explain.working, "72 / 78 = 92.3%");
    assert_eq!(suggestions(&e), [Some(1), Some(1)]);
}

#[test]
fn item_7_core_skills_from_the_team_and_its_capacity() {
    let s = settings();
    // Five clinicians on the seed's plan: 3 Core, 2 Choice, 1 DBT and 2 OT
    // Specific sessions each. AA is fully mapped and in both streams.
    let mut clinicians: Vec<_> = ["AA", "BB", "CC", "DD", "EE"]
        .iter()
        .map(|i| clinician(i, i, 1.0, plan(SEED_PLAN, &s)))
        .collect();
    for domain in capa_core::clinician::ABCDS {
        clinicians[0]
            .skills
            .insert(domain.to_string(), SkillLevel::Core);
    }
    clinicians[0].streams = ["DBT".to_string(), "OT".to_string()].into();
    let team = Team::new(s, clinicians).unwrap();
    let report = capacity::quarter(&team, q1());
    let f = CoreSkillsFacts::from_capacity(&team, &report);
    assert_eq!(
        (f.core_sessions, f.specific_sessions, f.choice_sessions),
        (15, 15, 10)
    );
    let e = evidence::core_skills(n(7), &f);
    // Core 15 / (15 + 15) = 50%: both planned, Core not outweighed.
    assert_eq!(e.evidence[0].explain.working, "15 / (15 + 15) = 50%");
    // (10 + 15) / 100 = 25%: below 30%.
    assert_eq!(e.evidence[1].explain.working, "(10 + 15) / 100 = 25%");
    // 45 / 53.04 = 84.8%: within a fifth of demand.
    assert_eq!(e.evidence[2].explain.working, "45 / 53.04 = 84.8%");
    assert_eq!(
        e.evidence[3].text,
        "skills map: ABCD'S levels not set for BB (Assessment, Behavioural, Cognitive, Dynamic, Systemic); \
         CC (Assessment, Behavioural, Cognitive, Dynamic, Systemic); DD (Assessment, Behavioural, \
         Cognitive, Dynamic, Systemic); EE (Assessment, Behavioural, Cognitive, Dynamic, Systemic); \
         every Specific stream has a clinician"
    );
    assert_eq!(suggestions(&e), [Some(2), Some(1), Some(1), Some(1)]);
    assert_eq!(e.suggested, Some(Rating::Partial));
}

fn all_evidence() -> Vec<assessment::ItemEvidence> {
    let m = monitored();
    let s = settings();
    let team = Team::new(
        s.clone(),
        vec![clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s))],
    )
    .unwrap();
    let report = capacity::quarter(&team, q1());
    evidence::all(&EvidenceFacts {
        demand: DemandFacts::from_monitor(&m, &report),
        full_booking: FullBookingFacts::from_monitor(&m, 6.0),
        skill_matching: SkillMatchingFacts::from_monitor(&m),
        core_skills: CoreSkillsFacts::from_capacity(&team, &report),
        job_planning: JobPlanningFacts::from_monitor(&m, ReviewMarks::default()),
    })
}

#[test]
fn the_review_as_the_api_shows_it() {
    let mut a = Assessment::new(d(8, 3));
    for k in 1..=11 {
        a.set(n(k), Some(Rating::Yes), String::new());
    }
    a.set(n(8), Some(Rating::Yes), "targets set and monitored".into());
    let v = assessment::view(&a, &AssessmentSettings::default(), &all_evidence());
    assert_eq!(
        (v.score, v.max_score, v.full_implementation),
        (22, 22, true)
    );
    let item8 = &v.items[7];
    // The evidence suggests less than the team's Yes; the rating stands.
    assert_eq!(item8.rating, Some(Rating::Yes));
    assert!(item8.suggested < Some(Rating::Yes));
    assert_eq!(item8.guidance.source, Source::Seed);
    for k in [1, 2, 4, 9, 10, 11] {
        let item = &v.items[k - 1];
        assert!(item.evidence.is_empty(), "{k}");
        assert_eq!(item.no_evidence, Some(NO_EVIDENCE), "{k}");
    }
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["score"], 22);
    assert_eq!(json["full_implementation"], true);
    assert_eq!(json["groups"][0]["name"], "Foundation");
    assert_eq!(json["groups"][0]["score"], 4);
    let i = &json["items"][7];
    assert_eq!(i["number"], 8);
    assert_eq!(i["component"], "Individual and team job planning");
    assert_eq!(i["group"], "Partnership");
    assert_eq!(i["tag"], "capacity");
    assert_eq!(i["rating"], 2);
    assert_eq!(i["note"], "targets set and monitored");
    assert!(i["evidence"][0]["text"].is_string());
    assert!(i["evidence"][0]["suggested"].is_number());
    assert!(json["items"][0]["rating"].is_number());
    let unrated = assessment::view(
        &Assessment::new(d(8, 3)),
        &AssessmentSettings::default(),
        &[],
    );
    let json = serde_json::to_value(&unrated).unwrap();
    assert!(json["items"][0]["rating"].is_null());
    assert_eq!(json["full_implementation"], false);
}

fn arb_assessment() -> impl Strategy<Value = Assessment> {
    proptest::collection::vec(proptest::option::of(0i64..3), 11).prop_map(|r| {
        let mut a = Assessment::new(d(6, 30));
        for (k, v) in ItemNumber::all().zip(r) {
            a.set(k, v.map(|v| Rating::from_value(v).unwrap()), String::new());
        }
        a
    })
}

proptest! {
    #[test]
    fn scores_add_up(a in arb_assessment()) {
        let s = assessment::score(&a, &AssessmentSettings::default());
        let sum: u32 = ItemNumber::all().filter_map(|k| a.rating(k)).map(Rating::value).sum();
        prop_assert_eq!(s.score, sum);
        prop_assert!(s.score <= 22);
        prop_assert_eq!(s.groups.iter().map(|g| g.score).sum::<u32>(), sum);
        prop_assert_eq!(s.groups.iter().map(|g| g.max).sum::<u32>(), 22);
        // Item 11 (demand and capacity) counts in both.
        let eleven = a.rating(n(11)).map_or(0, Rating::value);
        prop_assert_eq!(s.tags.iter().map(|t| t.score).sum::<u32>(), sum + eleven);
        let no = ItemNumber::all().any(|k| a.rating(k) == Some(Rating::No));
        let partial = ItemNumber::all().filter(|k| a.rating(*k) == Some(Rating::Partial)).count();
        let all_rated = ItemNumber::all().all(|k| a.rating(k).is_some());
        prop_assert_eq!(s.full_implementation.met, !no && partial <= 3 && all_rated);
        prop_assert_eq!(s.full_implementation.reason.starts_with("full"), s.full_implementation.met);
    }

    #[test]
    fn comparisons_are_mirror_images(a in arb_assessment(), b in arb_assessment()) {
        let s = AssessmentSettings::default();
        let ab = assessment::compare(&a, &b, &s);
        let ba = assessment::compare(&b, &a, &s);
        let numbers = |v: &[assessment::ItemChange]| v.iter().map(|x| x.number).collect::<Vec<_>>();
        prop_assert_eq!(numbers(&ab.up), numbers(&ba.down));
        prop_assert_eq!(numbers(&ab.down), numbers(&ba.up));
        prop_assert_eq!(ab.up.len() + ab.down.len() + ab.same.len() + ab.not_comparable.len(), 11);
    }

    #[test]
    fn a_suggestion_never_replaces_a_rating(a in arb_assessment()) {
        let v = assessment::view(&a, &AssessmentSettings::default(), &all_evidence());
        for item in &v.items {
            prop_assert_eq!(item.rating, a.rating(item.number));
        }
    }
}
