//! The Partnership and Choice diaries (method page, section 6): the worked
//! example of a clinician publishing their quarter, and the invariants of
//! proposals, numbering and searches for any input.

use std::collections::{BTreeMap, BTreeSet};

use capa_core::diary::proposal::{self, ProposalRequest};
use capa_core::diary::search::{ChoiceQuery, OfferQuery, OfferView, fits};
use capa_core::diary::{
    AppointmentState, SlotKind, label, next_numbers, nz_public_holidays, search, two_choice_slots,
};
use capa_core::{
    Activity, Clinician, Fte, Initials, JobPlan, SessionLayout, SkillLevel, Team, capacity,
};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use proptest::prelude::*;

use super::{SEED_PLAN, clinician, plan, q1, settings};

fn day0() -> NaiveDate {
    q1().start()
}

#[test]
fn seed_ot_publishes_9_offers_spread_through_the_quarter_numbered_in_date_order() {
    let s = settings();
    let ot = clinician("OT", "Seed OT", 1.0, plan(SEED_PLAN, &s));
    let team = Team::new(s.clone(), vec![ot.clone()]).unwrap();
    let report = capacity::quarter(&team, q1());
    let target = proposal::target_for(&report, &ot.initials, &SlotKind::Core).unwrap();
    assert_eq!(target, 9);

    // The team's holidays for the quarter (Matariki is Friday 10 July 2026).
    let holidays: Vec<NaiveDate> = nz_public_holidays(2026)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    let request = ProposalRequest {
        clinician: &ot,
        layout: &s.layout,
        quarter: q1(),
        kind: &SlotKind::Core,
        holidays: &holidays,
        leave: &[],
        taken: &[],
        choice_appointments_per_session: 1,
    };
    let p = proposal::propose(&request, target, &[]);
    // Three blank sessions a week for 13 weeks; none falls on a holiday this quarter.
    assert_eq!(p.candidates.len(), 39);
    assert_eq!(p.suggested.len(), 9);
    let chosen: Vec<NaiveDateTime> = p
        .suggested
        .iter()
        .map(|&i| p.candidates[i].date.and_time(p.candidates[i].starts))
        .collect();
    let numbers = next_numbers(&[], &chosen);
    assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
    let labels: Vec<String> = numbers.iter().map(|n| label(&ot.initials, *n)).collect();
    assert_eq!(labels.first().map(String::as_str), Some("OT1"));
    assert_eq!(labels.last().map(String::as_str), Some("OT9"));
    // Spread: the last suggested offer is in the quarter's last third.
    let last = p.candidates[*p.suggested.last().unwrap()].date;
    assert!((last - day0()).num_days() >= 7 * 9, "{last}");
}

const DOMAINS: [&str; 3] = ["Dynamic", "Systemic", "Cognitive"];
const PEOPLE: [&str; 3] = ["AD", "BC", "EF"];

fn level(code: u8) -> Option<SkillLevel> {
    match code % 3 {
        0 => None,
        1 => Some(SkillLevel::Core),
        _ => Some(SkillLevel::Advanced),
    }
}

fn kind(code: u8) -> SlotKind {
    match code % 4 {
        0 | 1 => SlotKind::Core,
        2 => SlotKind::Specific("DBT".into()),
        _ => SlotKind::Choice,
    }
}

fn team_of(skills: &[[u8; 3]; 3], in_dbt: [bool; 3]) -> Vec<Clinician> {
    PEOPLE
        .iter()
        .enumerate()
        .map(|(i, who)| Clinician {
            initials: Initials::parse(who).unwrap(),
            name: who.to_string(),
            discipline: None,
            fte: Fte::FULL,
            skills: DOMAINS
                .iter()
                .zip(skills[i])
                .filter_map(|(d, code)| level(code).map(|l| (d.to_string(), l)))
                .collect::<BTreeMap<_, _>>(),
            streams: if in_dbt[i] {
                BTreeSet::from(["DBT".to_string()])
            } else {
                BTreeSet::new()
            },
            does_choice: true,
            choice_allocation: None,
            start_date: None,
            leaving_date: None,
            job_plans: Vec::new(),
        })
        .collect()
}

prop_compose! {
    fn arb_offer()(id in 0i64..10_000, who in 0usize..3, day in 0u64..70, hour in 8u32..17,
                   state in 0usize..6, kind_code in any::<u8>(), place in 0u8..3) -> OfferView {
        let starts_at = (day0() + Days::new(day)).and_hms_opt(hour, 0, 0).unwrap();
        OfferView {
            id,
            clinician: Initials::parse(PEOPLE[who]).unwrap(),
            label: format!("{}{id}", PEOPLE[who]),
            starts_at,
            ends_at: starts_at + chrono::Duration::hours(1),
            location: match place { 0 => None, 1 => Some("Porirua".into()), _ => Some("Kenepuru".into()) },
            state: AppointmentState::ALL[state],
            kind: kind(kind_code),
        }
    }
}

fn weekdays(mask: u8) -> Vec<Weekday> {
    (0..7)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| Weekday::try_from(i as u8).unwrap())
        .collect()
}

fn time(hour: Option<u32>) -> Option<NaiveTime> {
    hour.and_then(|h| NaiveTime::from_hms_opt(h, 0, 0))
}

prop_compose! {
    fn arb_query()(skills in proptest::collection::vec((0usize..3, any::<bool>()), 0..3),
                   stream in any::<bool>(), preferred in proptest::option::of(0usize..4),
                   mask in any::<u8>(), before in proptest::option::of(8u32..18),
                   after in proptest::option::of(8u32..18), place in 0u8..3,
                   from in 0u64..40, limit in 0usize..12, within in 0u32..12) -> OfferQuery {
        let mut q = OfferQuery::new(day0().and_hms_opt(0, 0, 0).unwrap() + Days::new(from));
        q.skills = skills.iter().map(|(d, adv)| (DOMAINS[*d].to_string(),
            if *adv { SkillLevel::Advanced } else { SkillLevel::Core })).collect();
        q.stream = stream.then(|| "DBT".to_string());
        q.preferred = preferred.map(|i| Initials::parse(["AD", "BC", "EF", "ZZ"][i]).unwrap());
        q.excluded_weekdays = weekdays(mask & 0b0011111);
        q.not_before_time = time(before);
        q.not_after_time = time(after);
        q.location = match place { 0 => None, 1 => Some("porirua".into()), _ => Some("Kenepuru".into()) };
        q.limit = limit;
        q.preferred_within_weeks = within;
        q
    }
}

proptest! {
    #[test]
    fn numbering_is_a_bijection_onto_1_to_n_in_date_order(
        days in proptest::collection::vec((0u64..90, 8u32..17), 0..40),
        used in proptest::collection::vec(1u32..50, 0..10),
    ) {
        let dates: Vec<NaiveDateTime> = days.iter()
            .map(|(d, h)| (day0() + Days::new(*d)).and_hms_opt(*h, 0, 0).unwrap())
            .collect();
        let numbers = next_numbers(&[], &dates);
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (1..=dates.len() as u32).collect::<Vec<_>>());
        for i in 0..dates.len() {
            for j in 0..dates.len() {
                if dates[i] < dates[j] {
                    prop_assert!(numbers[i] < numbers[j]);
                }
            }
        }
        // Later batches continue after the highest number used.
        let base = used.iter().copied().max().unwrap_or(0);
        let later = next_numbers(&used, &dates);
        prop_assert!(later.iter().zip(&numbers).all(|(l, n)| *l == base + n));
    }

    #[test]
    fn search_returns_only_vacant_fitting_offers_sorted_within_the_limit(
        offers in proptest::collection::vec(arb_offer(), 0..40),
        skills in proptest::array::uniform3(proptest::array::uniform3(any::<u8>())),
        in_dbt in proptest::array::uniform3(any::<bool>()),
        q in arb_query(),
    ) {
        let clinicians = team_of(&skills, in_dbt);
        let found = search(&offers, &clinicians, &q);
        prop_assert!(found.len() <= q.limit);
        for o in &found {
            prop_assert_eq!(o.state, AppointmentState::Vacant);
            prop_assert!(o.starts_at > q.from);
            prop_assert!(!q.excluded_weekdays.contains(&o.starts_at.weekday()));
            prop_assert!(fits(o, &clinicians, &q));
        }
        let window = q.from + chrono::Duration::weeks(i64::from(q.preferred_within_weeks));
        let rank = |o: &OfferView| {
            let first = q.preferred.as_ref() == Some(&o.clinician) && o.starts_at <= window;
            (!first, o.starts_at)
        };
        prop_assert!(found.windows(2).all(|w| rank(w[0]) <= rank(w[1])));
        // Nothing that fits is left out except for the limit.
        let fitting = offers.iter().filter(|o| fits(o, &clinicians, &q)).count();
        prop_assert_eq!(found.len(), fitting.min(q.limit));
    }

    #[test]
    fn two_choice_slots_are_the_earliest_fitting_on_different_days(
        slots in proptest::collection::vec(arb_offer(), 0..40),
        mask in any::<u8>(),
        from in 0u64..40,
    ) {
        let mut q = ChoiceQuery::new(day0().and_hms_opt(0, 0, 0).unwrap() + Days::new(from));
        q.excluded_weekdays = weekdays(mask & 0b0011111);
        let two = two_choice_slots(&slots, &q);
        prop_assert!(two.len() <= 2);
        prop_assert!(two.iter().all(|s| q.fits(s)));
        let earliest = slots.iter().filter(|s| q.fits(s)).map(|s| s.starts_at).min();
        prop_assert_eq!(two.first().map(|s| s.starts_at), earliest);
        if two.len() == 2 {
            prop_assert_ne!(two[0].starts_at.date(), two[1].starts_at.date());
        } else if let Some(first) = two.first() {
            // Only one: no fitting slot on another day.
            prop_assert!(slots.iter().filter(|s| q.fits(s))
                .all(|s| s.starts_at.date() == first.starts_at.date()));
        }
    }

    #[test]
    fn proposals_avoid_holidays_and_leave_and_never_exceed_the_need(
        cells in proptest::collection::vec(0u8..4, 20),
        holiday_days in proptest::collection::vec(0u64..91, 0..10),
        leave in proptest::collection::vec((0u64..91, 0u64..14), 0..3),
        target in 0u32..40,
        published in proptest::collection::vec(0usize..6, 0..12),
        kind_code in any::<u8>(),
        seats in 1u32..4,
    ) {
        let layout = SessionLayout::nz_four_session();
        let grid = cells.chunks(5).map(|row| row.iter().map(|c| match c {
            0 => Activity::Core,
            1 => Activity::Choice,
            2 => Activity::Specific("DBT".into()),
            _ => Activity::Other { label: "MDT".into(), category: capa_core::OtherCategory::Mdt },
        }).collect()).collect();
        let mut c = team_of(&[[0; 3]; 3], [true; 3]).remove(0);
        c.job_plans = vec![JobPlan::new(1, None, grid, &layout).unwrap()];
        let holidays: Vec<NaiveDate> = holiday_days.iter().map(|d| day0() + Days::new(*d)).collect();
        let leave: Vec<(NaiveDate, NaiveDate)> = leave.iter()
            .map(|(d, len)| (day0() + Days::new(*d), day0() + Days::new(d + len)))
            .collect();
        let kind = kind(kind_code);
        let request = ProposalRequest {
            clinician: &c, layout: &layout, quarter: q1(), kind: &kind,
            holidays: &holidays, leave: &leave, taken: &[], choice_appointments_per_session: seats,
        };
        let states: Vec<AppointmentState> = published.iter().map(|i| AppointmentState::ALL[*i]).collect();
        let p = proposal::propose(&request, target, &states);
        for s in &p.candidates {
            prop_assert!(!holidays.contains(&s.date));
            prop_assert!(!leave.iter().any(|(a, b)| *a <= s.date && s.date <= *b));
            prop_assert!(s.date >= q1().start() && s.date < q1().end_exclusive());
            prop_assert!(s.starts < s.ends);
        }
        prop_assert!(p.candidates.windows(2).all(|w| (w[0].date, w[0].starts) <= (w[1].date, w[1].starts)));
        prop_assert!(p.suggested.len() as u32 <= p.needed.needed);
        prop_assert!(p.suggested.len() <= p.candidates.len());
        prop_assert!(p.suggested.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(p.suggested.iter().all(|&i| i < p.candidates.len()));
        prop_assert_eq!(p.suggested.len() as u32 + p.short, p.needed.needed);
    }
}
