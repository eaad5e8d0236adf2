//! One replication of the CAPA model on the engine: referrals arrive, are
//! fully booked to Choice, attend or not, convert, are booked into the
//! earliest fitting Partnership offer (or wait on the managed list), and are
//! seen weekly in their clinician's sessions until their episode ends.

use std::collections::VecDeque;

use rand::Rng as _;

mod arrivals;
mod booking;
mod entries;

pub(crate) use booking::day_starts;

/// The vacancy bits of a table's states at minute 0.
pub(crate) fn vacancy_bits(states: &[State]) -> Vec<u64> {
    Entries::bits(states)
}

use entries::Entries;

use super::diary::State;
use super::plan::Plan;
use super::record::{RepOut, WeekOut};
use super::timeline::{DAY, Timeline, WEEK};
use crate::engine::{Calendar, Model, run_until};
use crate::replicate::{self, Rng};

/// A uniform draw in [0, 1) from 32 random bits: fine enough for every
/// share in the model, and half the generator's work of a 53-bit draw.
pub(crate) fn uniform(rng: &mut Rng) -> f64 {
    f64::from(rng.next_u32()) * (1.0 / 4_294_967_296.0)
}

/// What happens.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Event {
    /// The next accepted referral.
    Arrival,
    /// A referral's booked Choice appointment (the slot is its booking).
    Choice(u32),
    /// A referral's booked first Partnership appointment.
    First(u32),
    /// The end of a week: the week's ongoing appointments, and its figures.
    WeekEnd(u32),
    /// A publication of offers and slots (index into the plan's list).
    Publish(u32),
    /// A clinician has left: their caseload passes to colleagues.
    Leave(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    AwaitingChoice,
    AwaitingPartnership,
    Done,
}

#[derive(Debug, Clone, Copy)]
struct Referral {
    /// Day accepted (negative: before the start).
    accepted: i32,
    /// Minute accepted, for Little's law (0 when before the start).
    accepted_minute: u32,
    /// Day of the attended Choice appointment.
    seen: i32,
    kind: u8,
    need: u8,
    dnas: u8,
    booking: u32,
    stage: Stage,
}

/// Memory a thread's replications share, so that each does not allocate
/// (and the kernel zero) its own.
#[derive(Default)]
pub(crate) struct Buffers {
    /// The event calendar.
    pub calendar: Calendar<Event, u32>,
    referrals: Vec<Referral>,
    offers: Vec<Entries>,
    choice: Entries,
    caseload: Vec<Vec<u32>>,
    first_booked: Vec<u16>,
}

/// One replication's state.
pub(crate) struct Rep<'p> {
    plan: &'p Plan,
    arrivals: Rng,
    choice_rng: Rng,
    partnership_rng: Rng,
    /// Arrival process position: (week, working minute within it, exponential left).
    arrival_week: u32,
    arrival_x: f64,
    referrals: Vec<Referral>,
    offers: Vec<Entries>,
    cursor: Vec<usize>,
    scan_end: Vec<usize>,
    reserve_cursor: Vec<Vec<usize>>,
    choice: Entries,
    choice_cursor: usize,
    choice_end: usize,
    unbooked: VecDeque<u32>,
    managed: Vec<VecDeque<u32>>,
    /// A spare list for serving the managed list without allocating.
    managed_spare: VecDeque<u32>,
    caseload: Vec<Vec<u32>>,
    /// First appointments booked per (clinician, kind, week): they use a seat.
    first_booked: Vec<u16>,
    choice_waiting: u32,
    partnership_waiting: u32,
    left: Vec<bool>,
    report_start: u32,
    out: RepOut,
    /// Little's law on the Choice stage: last change, area.
    last_change: u32,
}

impl<'p> Rep<'p> {
    pub fn new(plan: &'p Plan, seed: u64, replication: usize, b: &mut Buffers) -> Self {
        let n = plan.initials.len();
        let k = plan.kinds.len();
        let mut referrals = std::mem::take(&mut b.referrals);
        referrals.clear();
        let mut offers = std::mem::take(&mut b.offers);
        offers.resize_with(k, Entries::default);
        for ((o, t), bits) in offers.iter_mut().zip(&plan.offers).zip(&plan.offer_bits) {
            o.reset(&t.initial, bits);
        }
        let mut choice = std::mem::take(&mut b.choice);
        choice.reset(&plan.choice.initial, &plan.choice_bits);
        let mut caseload = std::mem::take(&mut b.caseload);
        caseload.resize_with(n * k, Vec::new);
        caseload.iter_mut().for_each(Vec::clear);
        let mut first_booked = std::mem::take(&mut b.first_booked);
        first_booked.clear();
        first_booked.resize(n * k * plan.timeline.weeks as usize, 0);
        let scan_end = plan
            .offers
            .iter()
            .map(|t| {
                t.initial
                    .iter()
                    .rposition(|s| !matches!(s, State::Unpublished | State::Reserve))
                    .map_or(0, |i| i + 1)
            })
            .collect();
        let choice_end = plan
            .choice
            .initial
            .iter()
            .rposition(|s| *s != State::Unpublished)
            .map_or(0, |i| i + 1);
        Self {
            plan,
            arrivals: replicate::stream(seed, replication, 0),
            choice_rng: replicate::stream(seed, replication, 1),
            partnership_rng: replicate::stream(seed, replication, 2),
            arrival_week: 0,
            arrival_x: 0.0,
            referrals,
            offers,
            cursor: vec![0; k],
            scan_end,
            reserve_cursor: vec![vec![0; n]; k],
            choice,
            choice_cursor: 0,
            choice_end,
            unbooked: VecDeque::new(),
            managed: vec![VecDeque::new(); k],
            managed_spare: VecDeque::new(),
            caseload,
            first_booked,
            choice_waiting: 0,
            partnership_waiting: 0,
            left: vec![false; n],
            report_start: plan.report_start(),
            out: RepOut::new(plan),
            last_change: plan.report_start(),
        }
    }

    fn in_report(&self, now: u32) -> bool {
        now >= self.report_start
    }

    /// Adds the Choice stage's area up to now (for Little's law).
    fn account(&mut self, now: u32) {
        if now > self.last_change {
            self.out.choice_area +=
                f64::from(self.choice_waiting) * f64::from(now - self.last_change);
            self.last_change = now;
        }
    }

    fn add_referral(&mut self, r: Referral) -> u32 {
        self.referrals.push(r);
        (self.referrals.len() - 1) as u32
    }

    fn choice_appointment(&mut self, r: u32, now: u32, cal: &mut Calendar<Event, u32>) {
        let ref_ = self.referrals[r as usize];
        let slot = ref_.booking;
        if self.choice.get(slot as usize) != State::Booked {
            return;
        }
        self.account(now);
        if uniform(&mut self.choice_rng) < self.plan.choice_dna {
            self.choice.set(slot as usize, State::Dna);
            let ref_ = &mut self.referrals[r as usize];
            ref_.dnas += 1;
            if ref_.dnas >= self.plan.close_after {
                ref_.stage = Stage::Done;
                self.choice_waiting -= 1;
                self.leave_choice_stage(r, now);
                if self.in_report(now) {
                    self.out.closed_after_dna += 1;
                }
            } else {
                self.offer_choice(r, now, cal);
            }
            return;
        }
        self.choice.set(slot as usize, State::Attended);
        let day = (now / DAY) as i32;
        self.choice_waiting -= 1;
        self.leave_choice_stage(r, now);
        let wait = (day - ref_.accepted).max(0) as u32;
        self.out.seen_at_choice(now, wait);
        let u = uniform(&mut self.choice_rng);
        let kind = self.plan.outcome.iter().position(|&c| u < c);
        let need = if self.plan.needs.is_empty() {
            0
        } else {
            let v = uniform(&mut self.choice_rng);
            self.plan
                .needs
                .iter()
                .position(|&c| v < c)
                .map_or(0, |i| i as u8 + 1)
        };
        let ref_ = &mut self.referrals[r as usize];
        ref_.seen = day;
        match kind {
            Some(k) => {
                ref_.kind = k as u8;
                ref_.need = need;
                ref_.stage = Stage::AwaitingPartnership;
                self.partnership_waiting += 1;
                self.place_partnership(r, now, cal);
            }
            None => ref_.stage = Stage::Done,
        }
    }

    /// Little's law needs the time in the Choice stage of families who
    /// arrived in the forecast period and left the stage in it.
    fn leave_choice_stage(&mut self, r: u32, now: u32) {
        let accepted = self.referrals[r as usize].accepted_minute;
        if accepted != u32::MAX && accepted >= self.report_start {
            self.out.choice_stage_minutes += f64::from(now - accepted);
            self.out.choice_stage_left += 1;
        }
    }

    fn first_appointment(&mut self, r: u32, now: u32, cal: &mut Calendar<Event, u32>) {
        let ref_ = self.referrals[r as usize];
        let k = ref_.kind as usize;
        let i = ref_.booking as usize;
        if self.offers[k].get(i) != State::Booked {
            return;
        }
        let t = &self.plan.offers[k];
        let c = t.clinician[i] as usize;
        let q = t.quarter[i] as usize;
        if uniform(&mut self.partnership_rng) < self.plan.partnership_dna {
            self.offers[k].set(i, State::Dna);
            self.reoffer(k, i, now);
            self.serve_managed(k, now, cal);
            self.place_partnership(r, now, cal);
            return;
        }
        self.offers[k].set(i, State::Attended);
        self.partnership_waiting -= 1;
        self.referrals[r as usize].stage = Stage::Done;
        let day = (now / DAY) as i32;
        self.out.started(now, c, q, (day - ref_.seen).max(0) as u32);
        let visits = self.plan.visits[k].sample(uniform(&mut self.partnership_rng));
        if visits > 0 {
            let kinds = self.plan.kinds.len();
            self.caseload[c * kinds + k].push(visits);
        }
    }

    fn week_end(&mut self, w: u32, now: u32, cal: &mut Calendar<Event, u32>) {
        let kinds = self.plan.kinds.len();
        let weeks = self.plan.timeline.weeks as usize;
        for c in 0..self.plan.initials.len() {
            for k in 0..kinds {
                let slot = (c * kinds + k) * weeks + w as usize;
                let seats = self
                    .plan
                    .seat(c, k, w)
                    .saturating_sub(self.first_booked[slot]);
                // Each open episode holds the visits it still needs (misses
                // were drawn when it started). Those seen this week go to
                // the back of the queue, so a short week's families take turns.
                let queue = &mut self.caseload[c * kinds + k];
                let n = (seats as usize).min(queue.len());
                for v in &mut queue[..n] {
                    *v -= 1;
                }
                if n < queue.len() {
                    queue.rotate_left(n);
                }
                queue.retain(|v| *v > 0);
            }
        }
        // The managed list is looked at every week: an offer that was past
        // the team's limit may have come within it.
        for k in 0..kinds {
            self.serve_managed(k, now, cal);
        }
        if w >= self.plan.timeline.warm_up {
            self.account(now);
            let week = w - self.plan.timeline.warm_up;
            for c in 0..self.plan.initials.len() {
                let open = (0..kinds)
                    .map(|k| self.caseload[c * kinds + k].len() as u32)
                    .sum();
                self.out.caseload_at(week, c, open);
            }
            self.out.week_end(
                week,
                WeekOut {
                    choice_waiting: self.choice_waiting,
                    choice_unbooked: self.unbooked.len() as u32,
                    partnership_waiting: self.partnership_waiting,
                    managed_list: self.managed.iter().map(|m| m.len() as u32).sum(),
                    ..WeekOut::default()
                },
            );
        }
        if w + 1 < self.plan.timeline.weeks {
            cal.schedule((w + 2) * WEEK, Event::WeekEnd(w + 1));
        }
    }

    fn publish(&mut self, p: u32, now: u32, cal: &mut Calendar<Event, u32>) {
        let kinds = self.plan.kinds.len();
        let plan = self.plan;
        for part in &plan.publications[p as usize].1 {
            let (first, end) = (part.first as usize, part.last as usize + 1);
            if part.table as usize == kinds {
                self.choice.publish(&part.words);
                self.choice_cursor = self.choice_cursor.min(first);
                self.choice_end = self.choice_end.max(end);
            } else {
                let k = part.table as usize;
                self.offers[k].publish(&part.words);
                self.cursor[k] = self.cursor[k].min(first);
                self.scan_end[k] = self.scan_end[k].max(end);
            }
        }
        self.serve_unbooked(now, cal);
        for part in &plan.publications[p as usize].1 {
            if (part.table as usize) < kinds {
                self.serve_managed(part.table as usize, now, cal);
            }
        }
    }

    /// A leaver's open episodes pass to the colleague in the same work with
    /// the most seats to spare next week.
    fn leave(&mut self, c: usize, now: u32) {
        self.left[c] = true;
        let kinds = self.plan.kinds.len();
        let w = (Timeline::week_of(now) + 1).min(self.plan.timeline.weeks - 1);
        for k in 0..kinds {
            let cases = std::mem::take(&mut self.caseload[c * kinds + k]);
            for case in cases {
                let to = (0..self.plan.initials.len())
                    .filter(|&o| o != c && !self.left[o] && self.plan.in_kind[o][k])
                    .max_by_key(|&o| {
                        (
                            i64::from(self.plan.seat(o, k, w))
                                - self.caseload[o * kinds + k].len() as i64,
                            std::cmp::Reverse(o),
                        )
                    });
                match to {
                    Some(o) => self.caseload[o * kinds + k].push(case),
                    None => self.caseload[c * kinds + k].push(case),
                }
            }
        }
    }

    fn start(&mut self, cal: &mut Calendar<Event, u32>) {
        let plan = self.plan;
        let init = &plan.initial;
        let new = |rep: &mut Self, accepted: i32, dnas: u8, stage: Stage| {
            rep.add_referral(Referral {
                accepted,
                accepted_minute: u32::MAX,
                seen: 0,
                kind: 0,
                need: 0,
                dnas,
                booking: u32::MAX,
                stage,
            })
        };
        for &(entry, day, dnas) in &init.choice_booked {
            let r = new(self, day, dnas, Stage::AwaitingChoice);
            self.choice_waiting += 1;
            self.referrals[r as usize].booking = entry;
            cal.schedule(plan.choice.time[entry as usize], Event::Choice(r));
        }
        for &(day, dnas) in &init.awaiting {
            let r = new(self, day, dnas, Stage::AwaitingChoice);
            self.choice_waiting += 1;
            self.offer_choice(r, 0, cal);
        }
        for &(kind, entry, day) in &init.partnership_booked {
            let r = new(self, day, 0, Stage::AwaitingPartnership);
            let ref_ = &mut self.referrals[r as usize];
            ref_.kind = kind;
            ref_.seen = day;
            ref_.booking = entry;
            self.partnership_waiting += 1;
            let t = &plan.offers[kind as usize];
            self.use_seat(
                t.clinician[entry as usize] as usize,
                kind as usize,
                t.time[entry as usize],
            );
            cal.schedule(t.time[entry as usize], Event::First(r));
        }
        for &(kind, day) in &init.managed {
            let r = new(self, day, 0, Stage::AwaitingPartnership);
            self.referrals[r as usize].kind = kind;
            self.referrals[r as usize].seen = day;
            self.partnership_waiting += 1;
            self.place_partnership(r, 0, cal);
        }
        for &(c, kind, open) in &init.caseload {
            for _ in 0..open {
                let visits =
                    plan.residual[kind as usize].sample(uniform(&mut self.partnership_rng));
                self.caseload[c as usize * plan.kinds.len() + kind as usize].push(visits);
            }
        }
        for (i, (minute, _)) in plan.publications.iter().enumerate() {
            cal.schedule(*minute, Event::Publish(i as u32));
        }
        for &(c, minute) in &plan.leavers {
            cal.schedule(minute, Event::Leave(c));
        }
        if let Some(m) = self.next_arrival() {
            cal.schedule_lane(m, Event::Arrival);
        }
        cal.schedule(WEEK, Event::WeekEnd(0));
    }

    /// Runs the replication to the end of the period, handing its memory
    /// back to `b` for the next.
    pub fn run(mut self, b: &mut Buffers) -> RepOut {
        let cal = &mut b.calendar;
        cal.reset();
        self.start(cal);
        let end = self.plan.timeline.weeks * WEEK;
        run_until(&mut self, cal, end);
        self.account(self.plan.timeline.weeks * WEEK);
        self.out.choice_waiting_at_end = self.choice_waiting;
        b.referrals = self.referrals;
        b.offers = self.offers;
        b.choice = self.choice;
        b.caseload = self.caseload;
        b.first_booked = self.first_booked;
        self.out
    }
}

impl Model for Rep<'_> {
    type Event = Event;
    type Time = u32;

    fn handle(&mut self, now: u32, event: Event, cal: &mut Calendar<Event, u32>) {
        match event {
            Event::Arrival => {
                self.account(now);
                let r = self.add_referral(Referral {
                    accepted: (now / DAY) as i32,
                    accepted_minute: now,
                    seen: 0,
                    kind: 0,
                    need: 0,
                    dnas: 0,
                    booking: u32::MAX,
                    stage: Stage::AwaitingChoice,
                });
                self.choice_waiting += 1;
                self.out.arrival(now);
                self.offer_choice(r, now, cal);
                if let Some(m) = self.next_arrival() {
                    cal.schedule_lane(m, Event::Arrival);
                }
            }
            Event::Choice(r) => self.choice_appointment(r, now, cal),
            Event::First(r) => self.first_appointment(r, now, cal),
            Event::WeekEnd(w) => self.week_end(w, now, cal),
            Event::Publish(p) => self.publish(p, now, cal),
            Event::Leave(c) => self.leave(c as usize, now),
        }
    }
}
