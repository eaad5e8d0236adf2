//! Booking into the diary: full booking to Choice, the earliest fitting
//! Partnership offer, the managed list, re-offers. These mirror capa-core's
//! `diary::search` (earliest vacant offer after now, of the kind asked for,
//! whose clinician has the skill; two Choice slots on different days) over
//! the model's time-ordered tables; a test checks them against it.

use super::super::diary::State;
use super::super::timeline::{DAY, Timeline};
use super::{Entries, Event, Rep, uniform};
use crate::engine::Calendar;

/// The first vacant entry starting after `now` from the cursor on, marking
/// vacant entries that have passed as expired and moving the cursor to it.
pub(super) fn expire_and_find(
    entries: &mut Entries,
    time: &[u32],
    cursor: &mut usize,
    end: usize,
    now: u32,
) -> Option<usize> {
    let mut from = *cursor;
    while let Some(i) = entries.next_vacant(from, end) {
        if time[i] > now {
            *cursor = i;
            return Some(i);
        }
        entries.set(i, State::Expired);
        from = i + 1;
    }
    *cursor = end;
    None
}

/// For each day (from the first simulated one), the first entry starting on
/// it or later: `day_starts(time)[d]`, with one more for the day after the last.
pub(crate) fn day_starts(time: &[u32]) -> Vec<u32> {
    let days = time.last().map_or(0, |t| t / DAY + 2);
    (0..=days)
        .map(|d| time.partition_point(|t| t / DAY < d) as u32)
        .collect()
}

/// Full booking to Choice: the earliest vacant slot after `now`, and the
/// earliest vacant one on a later day (`day_starts` from [`day_starts`]).
pub(super) fn two_slots(
    entries: &mut Entries,
    time: &[u32],
    day_starts: &[u32],
    cursor: &mut usize,
    end: usize,
    now: u32,
) -> (Option<usize>, Option<usize>) {
    let Some(first) = expire_and_find(entries, time, cursor, end, now) else {
        return (None, None);
    };
    let next_day = (time[first] / DAY + 1) as usize;
    let from = day_starts.get(next_day).map_or(end, |&i| i as usize);
    (Some(first), entries.next_vacant(from.max(first + 1), end))
}

/// What a Partnership booking looks for among a kind's vacant offers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Want<'a> {
    /// The skill need's bit, if the family has one.
    pub need: Option<u32>,
    /// Per clinician, the needs they meet.
    pub meets: &'a [u32],
    /// The latest start the managed-list rule allows (now + the team's limit).
    pub until: u32,
}

/// From `first` (the earliest vacant entry after `now`), the earliest vacant
/// one whose clinician meets the need (a bit of `meets`), if there is a need,
/// starting no later than `until`: capa-core's `waits::place`, whose "none"
/// is the managed list. Entries are in time order, so every vacant one from
/// `first` on is after `now`, and the first past `until` ends the search.
pub(super) fn fitting(
    entries: &Entries,
    time: &[u32],
    clinician: &[u16],
    first: usize,
    end: usize,
    want: Want<'_>,
) -> Option<usize> {
    let mut j = Some(first);
    while let Some(i) = j {
        if time[i] > want.until {
            return None;
        }
        match want.need {
            Some(bit) if want.meets[clinician[i] as usize] & bit == 0 => {}
            _ => return Some(i),
        }
        j = entries.next_vacant(i + 1, end);
    }
    None
}

impl Rep<'_> {
    /// Full booking to Choice: the two earliest vacant slots on different
    /// days; the family takes one. `false` when the diary has none.
    pub(super) fn book_choice(&mut self, r: u32, now: u32, cal: &mut Calendar<Event, u32>) -> bool {
        let t = &self.plan.choice;
        let (first, second) = two_slots(
            &mut self.choice,
            &t.time,
            &self.plan.choice_days,
            &mut self.choice_cursor,
            self.choice_end,
            now,
        );
        let Some(first) = first else {
            return false;
        };
        let pick = match second {
            Some(j) if uniform(&mut self.choice_rng) >= self.plan.earlier_choice => j,
            _ => first,
        };
        self.choice.set(pick, State::Booked);
        self.referrals[r as usize].booking = pick as u32;
        cal.schedule(t.time[pick], Event::Choice(r));
        true
    }

    pub(super) fn offer_choice(&mut self, r: u32, now: u32, cal: &mut Calendar<Event, u32>) {
        if !self.book_choice(r, now, cal) {
            self.unbooked.push_back(r);
        }
    }

    /// Books the earliest vacant offer of the referral's kind whose clinician
    /// meets its need. `false` when none fits.
    pub(super) fn book_partnership(
        &mut self,
        r: u32,
        now: u32,
        cal: &mut Calendar<Event, u32>,
    ) -> bool {
        let ref_ = self.referrals[r as usize];
        let k = ref_.kind as usize;
        let plan = self.plan;
        let t = &plan.offers[k];
        let end = self.scan_end[k];
        let Some(first) =
            expire_and_find(&mut self.offers[k], &t.time, &mut self.cursor[k], end, now)
        else {
            return false;
        };
        let want = Want {
            need: (ref_.need > 0).then(|| 1u32 << (ref_.need - 1)),
            meets: &plan.meets,
            until: now.saturating_add(plan.max_wait),
        };
        let found = fitting(&self.offers[k], &t.time, &t.clinician, first, end, want);
        let Some(i) = found else {
            return false;
        };
        self.offers[k].set(i, State::Booked);
        let c = t.clinician[i] as usize;
        self.use_seat(c, k, t.time[i]);
        self.out.offer_booked(c, t.quarter[i] as usize);
        self.referrals[r as usize].booking = i as u32;
        cal.schedule(t.time[i], Event::First(r));
        true
    }

    /// A booked first appointment takes one of the week's seats.
    pub(super) fn use_seat(&mut self, c: usize, k: usize, at: u32) {
        let weeks = self.plan.timeline.weeks;
        let w = Timeline::week_of(at);
        if w < weeks {
            let kinds = self.plan.kinds.len();
            self.first_booked[(c * kinds + k) * weeks as usize + w as usize] += 1;
        }
    }

    pub(super) fn place_partnership(&mut self, r: u32, now: u32, cal: &mut Calendar<Event, u32>) {
        if !self.book_partnership(r, now, cal) {
            let k = self.referrals[r as usize].kind as usize;
            self.managed[k].push_back(r);
        }
    }

    /// Offers vacancies of kind `k` within the team's limit to the managed
    /// list, longest waiting first.
    pub(super) fn serve_managed(&mut self, k: usize, now: u32, cal: &mut Calendar<Event, u32>) {
        if self.managed[k].is_empty() {
            return;
        }
        let mut waiting = std::mem::take(&mut self.managed[k]);
        let mut kept = std::mem::take(&mut self.managed_spare);
        kept.clear();
        let until = now.saturating_add(self.plan.max_wait);
        while let Some(r) = waiting.pop_front() {
            if !self.book_partnership(r, now, cal) {
                kept.push_back(r);
                let k_end = self.scan_end[k];
                let none_within =
                    self.cursor[k] >= k_end || self.plan.offers[k].time[self.cursor[k]] > until;
                if none_within {
                    // Nothing vacant within the limit: the rest keep their places.
                    kept.extend(waiting.drain(..));
                }
            }
        }
        self.managed[k] = kept;
        self.managed_spare = waiting;
    }

    pub(super) fn serve_unbooked(&mut self, now: u32, cal: &mut Calendar<Event, u32>) {
        while let Some(&r) = self.unbooked.front() {
            if !self.book_choice(r, now, cal) {
                break;
            }
            self.unbooked.pop_front();
        }
    }

    /// Re-offers a DNA'd first appointment: the clinician's next free session
    /// of the kind in the same quarter is published.
    pub(super) fn reoffer(&mut self, k: usize, lost: usize, now: u32) {
        let t = &self.plan.offers[k];
        let c = t.clinician[lost] as usize;
        let q = t.quarter[lost];
        let list = &self.plan.reserve[k][c];
        let cur = &mut self.reserve_cursor[k][c];
        while *cur < list.len() && t.time[list[*cur] as usize] <= now {
            *cur += 1;
        }
        let found = list[*cur..]
            .iter()
            .map(|&i| i as usize)
            .find(|&i| self.offers[k].get(i) == State::Reserve && t.quarter[i] == q);
        if let Some(i) = found {
            self.offers[k].set(i, State::Vacant);
            self.cursor[k] = self.cursor[k].min(i);
            self.scan_end[k] = self.scan_end[k].max(i + 1);
            self.out.offer_published(c, q as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use capa_core::diary::search::{ChoiceQuery, OfferQuery, OfferView, search, two_choice_slots};
    use capa_core::diary::waits::{Placement, place};
    use capa_core::diary::{AppointmentState, SlotKind};
    use capa_core::{Clinician, Fte, Initials, JobPlan, SessionLayout, SkillLevel};
    use chrono::{Duration, NaiveDate, NaiveDateTime};
    use proptest::prelude::*;

    use super::*;
    use crate::model::plan::meets_need;

    const DOMAINS: [&str; 2] = ["Dynamic", "Systemic"];

    fn base() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 7, 6)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    }

    fn clinician(i: usize, skills: u8) -> Clinician {
        Clinician {
            initials: Initials::parse(["AA", "BB", "CC"][i]).unwrap(),
            name: String::new(),
            discipline: None,
            fte: Fte::FULL,
            skills: DOMAINS
                .iter()
                .enumerate()
                .filter(|(b, _)| skills & (1 << b) != 0)
                .map(|(_, d)| (d.to_string(), SkillLevel::Advanced))
                .collect::<BTreeMap<_, _>>(),
            streams: BTreeSet::new(),
            does_choice: true,
            choice_allocation: None,
            start_date: None,
            leaving_date: None,
            job_plans: vec![JobPlan::blank(1, None, &SessionLayout::nz_four_session())],
        }
    }

    fn view(i: usize, minute: u32, c: usize, vacant: bool, kind: SlotKind) -> OfferView {
        let at = base() + Duration::minutes(i64::from(minute));
        OfferView {
            id: i as i64,
            clinician: Initials::parse(["AA", "BB", "CC"][c]).unwrap(),
            label: String::new(),
            starts_at: at,
            ends_at: at + Duration::hours(1),
            location: None,
            state: if vacant {
                AppointmentState::Vacant
            } else {
                AppointmentState::Booked
            },
            kind,
        }
    }

    fn table(entries: &[(u32, usize, bool)]) -> Entries {
        let states: Vec<State> = entries
            .iter()
            .map(|e| if e.2 { State::Vacant } else { State::Booked })
            .collect();
        let mut t = Entries::default();
        t.reset(&states, &Entries::bits(&states));
        t
    }

    /// A diary: (minute, clinician, vacant) in time order, then clinician.
    fn diary() -> impl Strategy<Value = Vec<(u32, usize, bool)>> {
        prop::collection::vec((0u32..80, 0usize..3, prop::bool::weighted(0.3)), 0..200).prop_map(
            |mut v| {
                for e in &mut v {
                    // Every 6 hours over 20 days.
                    e.0 *= 6 * 60;
                }
                v.sort_by_key(|e| (e.0, e.1));
                v.dedup_by_key(|e| (e.0, e.1));
                v
            },
        )
    }

    proptest! {
        #[test]
        fn partnership_booking_is_capa_cores_search(
            entries in diary(),
            skills in prop::collection::vec(0u8..4, 3),
            now in 0u32..(20 * 24 * 60),
            need in 0usize..3,
        ) {
            let clinicians: Vec<Clinician> = (0..3).map(|i| clinician(i, skills[i])).collect();
            let meets: Vec<u32> = clinicians
                .iter()
                .map(|c| (0..2).filter(|&b| meets_need(c, DOMAINS[b], SkillLevel::Advanced)).fold(0, |m, b| m | 1 << b))
                .collect();
            let time: Vec<u32> = entries.iter().map(|e| e.0).collect();
            let who: Vec<u16> = entries.iter().map(|e| e.1 as u16).collect();
            let mut states = table(&entries);
            let mut cursor = 0;
            let want = Want { need: (need > 0).then(|| 1 << (need - 1)), meets: &meets, until: u32::MAX };
            let ours = expire_and_find(&mut states, &time, &mut cursor, entries.len(), now).and_then(|first| {
                fitting(&states, &time, &who, first, entries.len(), want)
            });
            let views: Vec<OfferView> = entries.iter().enumerate().map(|(i, e)| view(i, e.0, e.1, e.2, SlotKind::Core)).collect();
            let mut q = OfferQuery::new(base() + Duration::minutes(i64::from(now)));
            if need > 0 {
                q.skills = vec![(DOMAINS[need - 1].to_string(), SkillLevel::Advanced)];
            }
            q.limit = 1;
            let core = search(&views, &clinicians, &q).first().map(|o| o.id as usize);
            prop_assert_eq!(ours, core);
        }

        #[test]
        fn the_managed_list_is_capa_cores_placement(
            entries in diary(),
            skills in prop::collection::vec(0u8..4, 3),
            now in 0u32..(20 * 24 * 60),
            need in 0usize..3,
            weeks in 0u32..4,
        ) {
            let clinicians: Vec<Clinician> = (0..3).map(|i| clinician(i, skills[i])).collect();
            let meets: Vec<u32> = clinicians
                .iter()
                .map(|c| (0..2).filter(|&b| meets_need(c, DOMAINS[b], SkillLevel::Advanced)).fold(0, |m, b| m | 1 << b))
                .collect();
            let time: Vec<u32> = entries.iter().map(|e| e.0).collect();
            let who: Vec<u16> = entries.iter().map(|e| e.1 as u16).collect();
            let mut states = table(&entries);
            let mut cursor = 0;
            let want = Want {
                need: (need > 0).then(|| 1 << (need - 1)),
                meets: &meets,
                until: now + weeks * 7 * 24 * 60,
            };
            let ours = expire_and_find(&mut states, &time, &mut cursor, entries.len(), now)
                .and_then(|first| fitting(&states, &time, &who, first, entries.len(), want));
            let views: Vec<OfferView> = entries.iter().enumerate().map(|(i, e)| view(i, e.0, e.1, e.2, SlotKind::Core)).collect();
            let mut q = OfferQuery::new(base() + Duration::minutes(i64::from(now)));
            if need > 0 {
                q.skills = vec![(DOMAINS[need - 1].to_string(), SkillLevel::Advanced)];
            }
            let core = match place(&views, &clinicians, &q, weeks) {
                Placement::Offers { offers } => offers.first().map(|o| o.id as usize),
                Placement::ManagedList(_) => None,
            };
            prop_assert_eq!(ours, core);
        }

        #[test]
        fn choice_booking_is_capa_cores_two_slots(entries in diary(), now in 0u32..(20 * 24 * 60)) {
            let time: Vec<u32> = entries.iter().map(|e| e.0).collect();
            let mut states = table(&entries);
            let mut cursor = 0;
            let days = day_starts(&time);
            let (a, b) = two_slots(&mut states, &time, &days, &mut cursor, entries.len(), now);
            let ours: Vec<usize> = a.into_iter().chain(b).collect();
            let views: Vec<OfferView> = entries.iter().enumerate().map(|(i, e)| view(i, e.0, e.1, e.2, SlotKind::Choice)).collect();
            let q = ChoiceQuery::new(base() + Duration::minutes(i64::from(now)));
            let core: Vec<usize> = two_choice_slots(&views, &q).iter().map(|o| o.id as usize).collect();
            prop_assert_eq!(ours, core);
        }
    }
}
