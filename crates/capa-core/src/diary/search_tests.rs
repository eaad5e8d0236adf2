//! Booking searches, with hand-checked cases (July 2026: Monday 6, Tuesday 7 ...).

use chrono::{NaiveTime, Weekday};

use super::*;
use crate::diary::fixtures::{at, ini, offer, team};

fn ids(found: &[&OfferView]) -> Vec<i64> {
    found.iter().map(|o| o.id).collect()
}

fn diary() -> Vec<OfferView> {
    vec![
        offer(1, "EF", at(7, 6, 9), SlotKind::Core), // Monday 09:00
        offer(2, "BC", at(7, 7, 11), SlotKind::Core), // Tuesday 11:00
        offer(3, "AD", at(7, 8, 15), SlotKind::Core), // Wednesday 15:00
        offer(4, "AD", at(7, 13, 9), SlotKind::Core), // Monday 09:00
        offer(5, "BC", at(7, 9, 13), SlotKind::Core), // Thursday 13:00
        offer(6, "AD", at(7, 10, 15), SlotKind::Specific("DBT".into())),
        offer(7, "AD", at(7, 6, 13), SlotKind::Choice),
    ]
}

#[test]
fn any_core_offer_earliest_first() {
    let offers = diary();
    let q = OfferQuery::new(at(7, 1, 0));
    assert_eq!(ids(&search(&offers, &team(), &q)), [1, 2, 3, 5, 4]);
}

#[test]
fn only_vacant_offers_after_from() {
    let mut offers = diary();
    offers[1].state = AppointmentState::Booked;
    let q = OfferQuery::new(at(7, 6, 9));
    // Offer 1 starts exactly at `from`: not after it.
    assert_eq!(ids(&search(&offers, &team(), &q)), [3, 5, 4]);
}

#[test]
fn skills_at_least_at_the_level_asked() {
    let offers = diary();
    let mut q = OfferQuery::new(at(7, 1, 0));
    q.skills = vec![("dynamic".into(), SkillLevel::Core)];
    // Advanced satisfies core: AD and BC; EF has no Dynamic skills.
    assert_eq!(ids(&search(&offers, &team(), &q)), [2, 3, 5, 4]);
    q.skills = vec![("D".into(), SkillLevel::Advanced)];
    assert_eq!(ids(&search(&offers, &team(), &q)), [3, 4]);
    q.skills.push(("Cognitive".into(), SkillLevel::Core));
    assert!(search(&offers, &team(), &q).is_empty());
}

#[test]
fn a_stream_asks_for_the_streams_offers_from_its_clinicians() {
    let mut offers = diary();
    offers.push(offer(
        8,
        "BC",
        at(7, 10, 9),
        SlotKind::Specific("DBT".into()),
    ));
    let mut q = OfferQuery::new(at(7, 1, 0));
    q.stream = Some("DBT".into());
    // BC is not in the DBT stream.
    assert_eq!(ids(&search(&offers, &team(), &q)), [6]);
}

#[test]
fn days_times_and_location() {
    let mut offers = diary();
    offers[4].location = Some("Kenepuru".into());
    let mut q = OfferQuery::new(at(7, 1, 0));
    q.excluded_weekdays = vec![Weekday::Mon, Weekday::Tue];
    assert_eq!(ids(&search(&offers, &team(), &q)), [3, 5]);
    q.not_before_time = NaiveTime::from_hms_opt(13, 0, 0);
    assert_eq!(ids(&search(&offers, &team(), &q)), [3, 5]);
    q.not_after_time = NaiveTime::from_hms_opt(15, 30, 0);
    // Offer 3 runs 15:00-16:00: it ends after 15:30.
    assert_eq!(ids(&search(&offers, &team(), &q)), [5]);
    q.location = Some(" porirua ".into());
    assert!(search(&offers, &team(), &q).is_empty());
}

#[test]
fn preferred_clinicians_offers_come_first_when_there_are_any() {
    let offers = diary();
    let mut q = OfferQuery::new(at(7, 1, 0));
    q.preferred = Some(ini("AD"));
    assert_eq!(ids(&search(&offers, &team(), &q)), [3, 4, 1, 2, 5]);
    q.preferred = Some(ini("ZZ"));
    assert_eq!(ids(&search(&offers, &team(), &q)), [1, 2, 3, 5, 4]);
    q.limit = 2;
    assert_eq!(ids(&search(&offers, &team(), &q)), [1, 2]);
}

#[test]
fn a_preference_counts_only_within_the_teams_limit() {
    // AD prefers; AD's only Core offer is on 2 September, 9 weeks after 1 July.
    let offers = vec![
        offer(1, "EF", at(7, 6, 9), SlotKind::Core),
        offer(2, "BC", at(7, 20, 9), SlotKind::Core),
        offer(3, "AD", at(9, 2, 9), SlotKind::Core),
        offer(4, "AD", at(8, 10, 9), SlotKind::Core),
    ];
    let mut q = OfferQuery::new(at(7, 1, 0));
    q.preferred = Some(ini("AD"));
    // Within 6 weeks (by 12 August): AD's 10 August first; 2 September by date.
    assert_eq!(ids(&search(&offers, &team(), &q)), [4, 1, 2, 3]);
    q.preferred_within_weeks = 4;
    assert_eq!(ids(&search(&offers, &team(), &q)), [1, 2, 4, 3]);
}

#[test]
fn each_result_shows_the_wait_from_today() {
    let offers = diary();
    let mut q = OfferQuery::new(at(7, 1, 17));
    q.preferred = Some(ini("AD"));
    let today = crate::diary::fixtures::d(2026, 7, 1);
    let found = search_with_waits(&offers, &team(), &q, today);
    let waits: Vec<(i64, i64, bool)> = found
        .iter()
        .map(|f| (f.offer.id, f.wait.days, f.preferred))
        .collect();
    // AD's 8 and 13 July first (7 and 12 days), then EF 6 July (5), BC 7 and 9 July.
    assert_eq!(
        waits,
        [
            (3, 7, true),
            (4, 12, true),
            (1, 5, false),
            (2, 6, false),
            (5, 8, false)
        ]
    );
    assert_eq!(
        found[0].wait.explain.working,
        "08/07/2026 - 01/07/2026 = 7 days"
    );
}

#[test]
fn unknown_or_departed_clinicians_offers_do_not_fit() {
    let offers = diary();
    let mut clinicians = team();
    clinicians[0].leaving_date = Some(crate::diary::fixtures::d(2026, 7, 10));
    clinicians.remove(2);
    let q = OfferQuery::new(at(7, 1, 0));
    // EF unknown; AD leaves on the 10th, so offer 4 (the 13th) is out.
    assert_eq!(ids(&search(&offers, &clinicians, &q)), [2, 3, 5]);
}

#[test]
fn two_choice_slots_on_different_days() {
    let slots = vec![
        offer(1, "AD", at(7, 6, 9), SlotKind::Choice),
        offer(2, "BC", at(7, 6, 13), SlotKind::Choice),
        offer(3, "EF", at(7, 8, 11), SlotKind::Choice),
        offer(4, "AD", at(7, 7, 15), SlotKind::Core),
        offer(5, "BC", at(7, 9, 9), SlotKind::Choice),
    ];
    let q = ChoiceQuery::new(at(7, 1, 0));
    assert_eq!(ids(&two_choice_slots(&slots, &q)), [1, 3]);
    let mut q = ChoiceQuery::new(at(7, 1, 0));
    q.not_before_time = NaiveTime::from_hms_opt(10, 0, 0);
    assert_eq!(ids(&two_choice_slots(&slots, &q)), [2, 3]);
    q.excluded_weekdays = vec![Weekday::Wed, Weekday::Thu];
    assert_eq!(ids(&two_choice_slots(&slots, &q)), [2]);
    q.excluded_weekdays = vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];
    assert!(two_choice_slots(&slots, &q).is_empty());
}

#[test]
fn criteria_describe_themselves() {
    let mut q = OfferQuery::new(at(7, 1, 0));
    q.skills = vec![("d".into(), SkillLevel::Advanced)];
    q.excluded_weekdays = vec![Weekday::Mon, Weekday::Fri];
    q.not_before_time = NaiveTime::from_hms_opt(15, 0, 0);
    let words: Vec<String> = q.criteria().iter().map(|c| c.describe(&q)).collect();
    assert_eq!(
        words,
        [
            "vacant",
            "after 01/07/2026 00:00",
            "for Core Partnership",
            "from a clinician in post",
            "with advanced Dynamic skills",
            "on a day other than Monday, Friday",
            "starting at or after 15:00",
        ]
    );
}
