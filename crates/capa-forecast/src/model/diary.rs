//! The diary the model books into, built once per forecast before any
//! replication: every Partnership offer and Choice slot of the simulated
//! quarters, when each is published, and the free sessions held back for
//! re-offers. It comes from capa-core's rules (targets from
//! `capacity::quarter`, offers from `diary::proposal`, the deadline from
//! `diary::sheet`), or from the snapshot for quarters already in the diary.
//! Replications only copy the states.

use capa_core::diary::proposal::{ProposalRequest, propose, target_for};
use capa_core::diary::sheet::deadline;
use capa_core::diary::{ProposedSlot, SlotKind};
use capa_core::{Clinician, Quarter, capacity};
use chrono::NaiveDate;

use super::timeline::Timeline;
use super::{ForecastError, ForecastInput};

/// Where a diary entry stands in a replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// Not published yet: its quarter's deadline is still to come.
    Unpublished,
    /// A free session held back, published only as a re-offer.
    Reserve,
    /// Free to book.
    Vacant,
    /// A family is booked.
    Booked,
    /// Attended.
    Attended,
    /// Not attended.
    Dna,
    /// Passed without a booking.
    Expired,
}

/// Diary entries of one kind, in time order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// Start minute.
    pub time: Vec<u32>,
    /// Clinician index.
    pub clinician: Vec<u16>,
    /// Quarter index.
    pub quarter: Vec<u16>,
    /// State at minute 0.
    pub initial: Vec<State>,
}

/// One entry before sorting.
struct Raw {
    time: u32,
    clinician: u16,
    quarter: u16,
    state: State,
    /// Minute of publication for `Unpublished` entries.
    publish: u32,
    /// The snapshot's booking it carries, by its index in the snapshot list.
    booking: Option<usize>,
}

/// The entries of one kind while they are gathered.
#[derive(Default)]
pub(crate) struct TableBuilder {
    raw: Vec<Raw>,
}

/// What sorting a table gives back besides it.
pub(crate) struct Sorted {
    pub table: Table,
    /// (minute, entry) for each entry published later.
    pub publications: Vec<(u32, u32)>,
    /// (snapshot booking, entry).
    pub bookings: Vec<(usize, u32)>,
    /// Reserve entries of each clinician, in time order.
    pub reserve: Vec<Vec<u32>>,
}

impl TableBuilder {
    pub fn push(
        &mut self,
        time: u32,
        clinician: usize,
        quarter: usize,
        state: State,
        publish: u32,
    ) {
        self.raw.push(Raw {
            time,
            clinician: clinician as u16,
            quarter: quarter as u16,
            state,
            publish,
            booking: None,
        });
    }

    pub fn push_booked(&mut self, time: u32, clinician: usize, quarter: usize, booking: usize) {
        self.push(time, clinician, quarter, State::Booked, 0);
        if let Some(last) = self.raw.last_mut() {
            last.booking = Some(booking);
        }
    }

    pub fn finish(mut self, clinicians: usize) -> Sorted {
        self.raw.sort_by_key(|r| (r.time, r.clinician));
        let mut s = Sorted {
            table: Table::default(),
            publications: Vec::new(),
            bookings: Vec::new(),
            reserve: vec![Vec::new(); clinicians],
        };
        for (i, r) in self.raw.into_iter().enumerate() {
            let i = i as u32;
            s.table.time.push(r.time);
            s.table.clinician.push(r.clinician);
            s.table.quarter.push(r.quarter);
            s.table.initial.push(r.state);
            match r.state {
                State::Unpublished => s.publications.push((r.publish, i)),
                State::Reserve => s.reserve[r.clinician as usize].push(i),
                _ => {}
            }
            if let Some(b) = r.booking {
                s.bookings.push((b, i));
            }
        }
        s
    }
}

/// A quarter the forecast touches, with each clinician's target.
#[derive(Debug, Clone)]
pub(crate) struct PlanQuarter {
    pub quarter: Quarter,
    /// New Partnerships to start (Core and Specific) per clinician.
    pub targets: Vec<u32>,
}

/// The quarters whose offers can matter: from the one containing the start
/// to the last whose deadline falls before the end.
pub(crate) fn quarters(input: &ForecastInput, timeline: &Timeline) -> Vec<PlanQuarter> {
    let s = &input.team.settings;
    let mut q = Quarter::containing(timeline.start, s.year_start_month);
    let mut out = Vec::new();
    while deadline(q, s.diary_notice_weeks).0 < timeline.end() || q.start() < timeline.end() {
        let report = capacity::quarter(&input.team, q);
        let targets = input
            .team
            .clinicians
            .iter()
            .map(|c| {
                report
                    .clinicians
                    .iter()
                    .find(|r| r.initials == c.initials)
                    .map_or(0, |r| {
                        r.new_core_target + r.specific_targets.values().sum::<u32>()
                    })
            })
            .collect();
        out.push(PlanQuarter {
            quarter: q,
            targets,
        });
        q = q.next();
        if out.len() > 60 {
            break;
        }
    }
    out
}

/// The sessions of a kind in a quarter, for one clinician.
pub(crate) struct SessionQuery<'a> {
    pub input: &'a ForecastInput,
    pub clinician: &'a Clinician,
    pub leave: &'a [(NaiveDate, NaiveDate)],
    pub quarter: Quarter,
    pub kind: &'a SlotKind,
    pub taken: &'a [(NaiveDate, usize)],
}

impl SessionQuery<'_> {
    fn request(&self) -> ProposalRequest<'_> {
        let s = &self.input.team.settings;
        ProposalRequest {
            clinician: self.clinician,
            layout: &s.layout,
            quarter: self.quarter,
            kind: self.kind,
            holidays: &self.input.holidays,
            leave: self.leave,
            taken: self.taken,
            choice_appointments_per_session: s.choice_appointments_per_session.round().max(1.0)
                as u32,
        }
    }

    /// Every free session of the kind in the quarter.
    pub fn candidates(&self) -> Vec<ProposedSlot> {
        self.request().candidates()
    }

    /// The offers the clinician would publish for a target (capa-core's
    /// spread), and the other free sessions, held back for re-offers.
    pub fn proposal(
        &self,
        report: &capacity::CapacityReport,
    ) -> (Vec<ProposedSlot>, Vec<ProposedSlot>) {
        let target = target_for(report, &self.clinician.initials, self.kind).unwrap_or(0);
        let p = propose(&self.request(), target, &[]);
        let mut chosen = vec![false; p.candidates.len()];
        for &i in &p.suggested {
            chosen[i] = true;
        }
        let mut published = Vec::new();
        let mut reserve = Vec::new();
        for (slot, c) in p.candidates.into_iter().zip(chosen) {
            if c {
                published.push(slot);
            } else {
                reserve.push(slot);
            }
        }
        (published, reserve)
    }
}

/// The minute a quarter's offers are published: its deadline (the quarter's
/// start less the team's notice), or the start if that has passed.
pub(crate) fn publication(input: &ForecastInput, timeline: &Timeline, q: Quarter) -> u32 {
    timeline.midnight(deadline(q, input.team.settings.diary_notice_weeks).0)
}

/// A slot's start minute, if not before the start. Slots after the end stay:
/// families seen near the end book them, though the forecast does not
/// follow them there.
pub(crate) fn slot_minute(timeline: &Timeline, slot: &ProposedSlot) -> Option<u32> {
    timeline.minute(slot.date.and_time(slot.starts))
}

/// The job-plan row of a moment in the team's layout: the session it starts in.
pub(crate) fn session_row(input: &ForecastInput, at: chrono::NaiveDateTime) -> Option<usize> {
    let t = at.time();
    input
        .team
        .settings
        .layout
        .sessions()
        .position(|b| b.start <= t && t < b.end)
}

/// Checks that a clinician named in the snapshot is in the team.
pub(crate) fn clinician_index(
    input: &ForecastInput,
    initials: &str,
) -> Result<usize, ForecastError> {
    let want = capa_core::Initials::parse(initials)
        .map_err(|e| ForecastError::Snapshot(format!("clinician '{initials}': {e}")))?;
    input
        .team
        .clinicians
        .iter()
        .position(|c| c.initials == want)
        .ok_or_else(|| ForecastError::Snapshot(format!("no clinician {want} in the team")))
}
