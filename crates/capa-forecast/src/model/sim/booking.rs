//! Booking into the diary: full booking to Choice, the earliest fitting
//! Partnership offer, the managed list, re-offers. These mirror capa-core's
//! `diary::search` (earliest vacant offer after now, of the kind asked for,
//! whose clinician has the skill; two Choice slots on different days) over
//! the model's time-ordered tables; a test checks them against it.

use std::collections::VecDeque;

use rand::RngExt;

use super::super::diary::State;
use super::super::timeline::{DAY, Timeline};
use super::{Event, Rep};
use crate::engine::Calendar;

/// The first vacant entry starting after `now` from the cursor on, marking
/// vacant entries that have passed as expired and moving the cursor to it.
pub(super) fn expire_and_find(
    states: &mut [State],
    time: &[u32],
    cursor: &mut usize,
    end: usize,
    now: u32,
) -> Option<usize> {
    let mut i = *cursor;
    while i < end {
        if states[i] == State::Vacant {
            if time[i] > now {
                break;
            }
            states[i] = State::Expired;
        }
        i += 1;
    }
    *cursor = i;
    (i < end).then_some(i)
}

impl Rep<'_> {
    /// Full booking to Choice: the two earliest vacant slots on different
    /// days; the family takes one. `false` when the diary has none.
    pub(super) fn book_choice(&mut self, r: u32, now: u32, cal: &mut Calendar<Event>) -> bool {
        let t = &self.plan.choice;
        let Some(first) = expire_and_find(
            &mut self.choice,
            &t.time,
            &mut self.choice_cursor,
            self.choice_end,
            now,
        ) else {
            return false;
        };
        let day = t.time[first] / DAY;
        let second = (first + 1..self.choice_end)
            .find(|&j| self.choice[j] == State::Vacant && t.time[j] / DAY != day);
        let pick = match second {
            Some(j) if self.choice_rng.random::<f64>() >= self.plan.earlier_choice => j,
            _ => first,
        };
        self.choice[pick] = State::Booked;
        self.referrals[r as usize].booking = pick as u32;
        cal.schedule(f64::from(t.time[pick]), Event::Choice(r, pick as u32));
        true
    }

    pub(super) fn offer_choice(&mut self, r: u32, now: u32, cal: &mut Calendar<Event>) {
        if !self.book_choice(r, now, cal) {
            self.unbooked.push_back(r);
        }
    }

    /// Books the earliest vacant offer of the referral's kind whose clinician
    /// meets its need. `false` when none fits.
    pub(super) fn book_partnership(&mut self, r: u32, now: u32, cal: &mut Calendar<Event>) -> bool {
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
        let states = &self.offers[k];
        let found = if ref_.need == 0 {
            Some(first)
        } else {
            let bit = 1u32 << (ref_.need - 1);
            (first..end).find(|&i| {
                states[i] == State::Vacant
                    && t.time[i] > now
                    && self.plan.meets[t.clinician[i] as usize] & bit != 0
            })
        };
        let Some(i) = found else {
            return false;
        };
        self.offers[k][i] = State::Booked;
        let c = t.clinician[i] as usize;
        self.use_seat(c, k, t.time[i]);
        self.out.offer_booked(c, t.quarter[i] as usize);
        self.referrals[r as usize].booking = i as u32;
        cal.schedule(f64::from(t.time[i]), Event::First(r, i as u32));
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

    pub(super) fn place_partnership(&mut self, r: u32, now: u32, cal: &mut Calendar<Event>) {
        if !self.book_partnership(r, now, cal) {
            let k = self.referrals[r as usize].kind as usize;
            self.managed[k].push_back(r);
        }
    }

    /// Offers new vacancies of kind `k` to the managed list, longest waiting first.
    pub(super) fn serve_managed(&mut self, k: usize, now: u32, cal: &mut Calendar<Event>) {
        let mut waiting = std::mem::take(&mut self.managed[k]);
        let mut kept = VecDeque::with_capacity(waiting.len());
        while let Some(r) = waiting.pop_front() {
            if !self.book_partnership(r, now, cal) {
                kept.push_back(r);
                if self.cursor[k] >= self.scan_end[k] {
                    // Nothing vacant is left: the rest keep their places.
                    kept.extend(waiting.drain(..));
                }
            }
        }
        self.managed[k] = kept;
    }

    pub(super) fn serve_unbooked(&mut self, now: u32, cal: &mut Calendar<Event>) {
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
            .find(|&i| self.offers[k][i] == State::Reserve && t.quarter[i] == q);
        if let Some(i) = found {
            self.offers[k][i] = State::Vacant;
            self.cursor[k] = self.cursor[k].min(i);
            self.scan_end[k] = self.scan_end[k].max(i + 1);
            self.out.offer_published(c, q as usize);
        }
    }
}
