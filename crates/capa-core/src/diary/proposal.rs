//! Proposing a clinician's diary appointments for a quarter from their job plan.
//!
//! About six weeks before a quarter every clinician puts their first-Partnership
//! offers in the diary, in the sessions their job plan gives to that work (method
//! page, section 6). capa lists every free session of the right kind in the
//! quarter, suggests a spread of them, and the clinician chooses.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::activity::Activity;
use crate::capacity::CapacityReport;
use crate::clinician::{Clinician, Initials};
use crate::explain::Explanation;
use crate::layout::SessionLayout;
use crate::quarter::Quarter;
use crate::settings::TeamSettings;

use super::state::AppointmentState;

/// What a diary appointment is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    /// A first Core Partnership appointment, in a Core (or free) session.
    Core,
    /// A first appointment in a Specific stream (the team's spelling), in a
    /// session of that stream.
    Specific(String),
    /// A Choice appointment, in a Choice session.
    Choice,
}

impl SlotKind {
    /// Whether a job-plan session holding `activity` is where this kind of
    /// appointment goes. Streams are compared without regard to case, since
    /// both sides come from the team's own spelling.
    pub fn fits(&self, activity: &Activity) -> bool {
        match (self, activity) {
            (Self::Core, Activity::Core) | (Self::Choice, Activity::Choice) => true,
            (Self::Specific(want), Activity::Specific(have)) => want.eq_ignore_ascii_case(have),
            _ => false,
        }
    }

    /// Whether this is a Partnership offer (Core or Specific), as opposed to a Choice slot.
    pub fn is_partnership(&self) -> bool {
        !matches!(self, Self::Choice)
    }
}

impl fmt::Display for SlotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Core => f.write_str("Core Partnership"),
            Self::Specific(stream) => write!(f, "{stream} Specific Partnership"),
            Self::Choice => f.write_str("Choice"),
        }
    }
}

/// A date and time capa suggests for a diary appointment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ProposedSlot {
    /// The day.
    pub date: NaiveDate,
    /// The job-plan row (0-based session of the day).
    pub session: usize,
    /// Which appointment of the session, from 0. Always 0 for a Partnership
    /// offer (one first appointment per session); a Choice session may hold
    /// several appointments, one after another.
    pub seat: u32,
    /// Start time.
    pub starts: NaiveTime,
    /// End time.
    pub ends: NaiveTime,
    /// What the appointment is for.
    pub kind: SlotKind,
}

/// What a proposal needs to know about one clinician and quarter.
#[derive(Debug, Clone, Copy)]
pub struct ProposalRequest<'a> {
    /// The clinician, with their job plans and start and leaving dates.
    pub clinician: &'a Clinician,
    /// The team's session layout (the times of each job-plan row).
    pub layout: &'a SessionLayout,
    /// The quarter.
    pub quarter: Quarter,
    /// Which appointments: Core, a stream's, or Choice.
    pub kind: &'a SlotKind,
    /// The team's public holidays.
    pub holidays: &'a [NaiveDate],
    /// The clinician's leave, as inclusive date ranges.
    pub leave: &'a [(NaiveDate, NaiveDate)],
    /// Sessions already holding an appointment of the clinician's: (date, row).
    /// For Choice, each entry uses one appointment of the session.
    pub taken: &'a [(NaiveDate, usize)],
    /// Choice appointments one Choice session holds (the team setting; at
    /// least 1). Ignored for Partnership offers.
    pub choice_appointments_per_session: u32,
}

/// How many appointments to propose, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OffersNeeded {
    /// The quarter's target (new Core or Specific Partnerships, or Choice allocation).
    pub target: u32,
    /// Offers already published.
    pub published: u32,
    /// Published offers that no longer count: DNA or cancelled, to be re-offered.
    pub lost: u32,
    /// Offers still to publish.
    pub needed: u32,
    /// The working.
    pub explain: Explanation,
}

/// A clinician's proposal for a quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// What is proposed.
    pub kind: SlotKind,
    /// How many are needed.
    pub needed: OffersNeeded,
    /// Every free session of the right kind in the quarter, by date then time.
    pub candidates: Vec<ProposedSlot>,
    /// Positions in `candidates` suggested, spread over the quarter.
    pub suggested: Vec<usize>,
    /// Offers needed beyond what the job plan can hold this quarter (0 when it holds them).
    pub short: u32,
    /// Why the suggestion is what it is.
    pub explain: Explanation,
}

impl ProposalRequest<'_> {
    fn available(&self, date: NaiveDate) -> bool {
        let in_post = self.clinician.in_post_on(date);
        let on_leave = self
            .leave
            .iter()
            .any(|(from, to)| *from <= date && date <= *to);
        in_post && !on_leave && !self.holidays.contains(&date)
    }

    /// Every free session of the requested kind in the quarter, in the job-plan
    /// version in force on each date: not on a public holiday, not on leave,
    /// not before the clinician starts or after they leave, not already taken.
    /// Ordered by date, then time.
    pub fn candidates(&self) -> Vec<ProposedSlot> {
        self.candidates_between(self.quarter.start(), self.quarter.end_exclusive())
    }

    /// [`Self::candidates`] from `start` up to, not including, `end`.
    pub fn candidates_between(&self, start: NaiveDate, end: NaiveDate) -> Vec<ProposedSlot> {
        let sessions: Vec<_> = self.layout.sessions().collect();
        let seats = match self.kind {
            SlotKind::Choice => self.choice_appointments_per_session.max(1),
            _ => 1,
        };
        let mut out = Vec::new();
        for date in start.iter_days().take_while(|d| *d < end) {
            let Some(column) = self.layout.days.iter().position(|w| *w == date.weekday()) else {
                continue;
            };
            if !self.available(date) {
                continue;
            }
            let Some(plan) = self.clinician.job_plan_on(date) else {
                continue;
            };
            for (row, cells) in plan.grid().iter().enumerate() {
                let (Some(activity), Some(block)) = (cells.get(column), sessions.get(row)) else {
                    continue;
                };
                if !self.kind.fits(activity) {
                    continue;
                }
                let used = self.taken.iter().filter(|t| **t == (date, row)).count() as u32;
                // A Partnership session holds one first appointment; a Choice
                // session its seats, the store's existing slots taking the first.
                let first_free = if seats == 1 { used.min(1) } else { used };
                let length = (block.end - block.start) / seats as i32;
                for seat in first_free..seats {
                    let starts = block.start + length * seat as i32;
                    let ends = if seat + 1 == seats {
                        block.end
                    } else {
                        starts + length
                    };
                    out.push(ProposedSlot {
                        date,
                        session: row,
                        seat,
                        starts,
                        ends,
                        kind: self.kind.clone(),
                    });
                }
            }
        }
        out.sort_by_key(|s| (s.date, s.starts, s.session, s.seat));
        out
    }
}

/// How many offers to publish: the quarter's target minus the offers that
/// still count. A DNA or cancelled first appointment no longer counts, so its
/// re-offer is a new offer and the quarter's number does not shrink.
pub fn offers_needed(target: u32, published: &[AppointmentState]) -> OffersNeeded {
    let total = published.len() as u32;
    let lost = published.iter().filter(|s| s.needs_reoffer()).count() as u32;
    let standing = total - lost;
    let needed = target.saturating_sub(standing);
    let working = if lost == 0 {
        format!("{target} - {total} = {needed}")
    } else {
        format!("{target} - ({total} - {lost}) = {needed}")
    };
    let mut explain = Explanation::new(
        "target - (offers published - DNA or cancelled, to be re-offered)",
        working,
    );
    if target < standing {
        explain = explain.note(format!(
            "{} more published than the target",
            standing - target
        ));
    }
    OffersNeeded {
        target,
        published: total,
        lost,
        needed,
        explain,
    }
}

/// The clinician's quarter target for a kind of appointment in a capacity
/// report: the new Core target, a stream's Specific target, or the Choice
/// allocation. `None` when the clinician is not in the report.
pub fn target_for(report: &CapacityReport, initials: &Initials, kind: &SlotKind) -> Option<u32> {
    let c = report.clinicians.iter().find(|c| &c.initials == initials)?;
    Some(match kind {
        SlotKind::Core => c.new_core_target,
        SlotKind::Choice => c.choice_allocation,
        SlotKind::Specific(stream) => c
            .specific_targets
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(stream))
            .map_or(0, |(_, n)| *n),
    })
}

/// Where a re-offer goes: the earliest free session of the right kind that
/// starts after both the appointment it replaces and `now`. A re-offer lands
/// after the appointment it replaces, never before it (a DNA recorded late
/// must not put its replacement in a session that has already passed, nor
/// one before the missed appointment).
pub fn reoffer_slot(
    candidates: &[ProposedSlot],
    replaces: NaiveDateTime,
    now: NaiveDateTime,
) -> Option<&ProposedSlot> {
    let after = replaces.max(now);
    candidates
        .iter()
        .filter(|s| s.date.and_time(s.starts) > after)
        .min_by_key(|s| (s.date, s.starts, s.session, s.seat))
}

/// Appointments one Choice session holds, from the team setting (at least 1;
/// a fraction of an appointment is not offered).
pub fn choice_seats(settings: &TeamSettings) -> u32 {
    settings.choice_appointments_per_session.max(1.0) as u32
}

/// The job-plan sessions that appointments starting at these local times
/// occupy: (date, row), the row being the last session of the layout that has
/// started by then.
pub fn taken_sessions(
    layout: &SessionLayout,
    starts: impl IntoIterator<Item = NaiveDateTime>,
) -> Vec<(NaiveDate, usize)> {
    let sessions: Vec<NaiveTime> = layout.sessions().map(|b| b.start).collect();
    starts
        .into_iter()
        .filter_map(|at| {
            sessions
                .iter()
                .rposition(|s| *s <= at.time())
                .map(|row| (at.date(), row))
        })
        .collect()
}

/// An appointment already in a clinician's diary for the quarter and kind
/// being proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiaryEntry {
    /// When it starts (the team's local time).
    pub starts_at: NaiveDateTime,
    /// Its state.
    pub state: AppointmentState,
    /// Whether it re-offers a missed one: a re-offer replaces a lost offer
    /// rather than counting towards the target again.
    pub reoffer: bool,
}

/// Proposes a clinician's appointments for a quarter from the diary as it
/// stands: the target from the quarter's report ([`target_for`]; 0 for a
/// clinician it does not list), the sessions the diary already uses taken out,
/// and the offers published (re-offers aside) counted against the target.
/// `request.taken` is ignored: it comes from `diary`.
pub fn propose_for_diary(
    report: &CapacityReport,
    request: &ProposalRequest<'_>,
    diary: &[DiaryEntry],
) -> Proposal {
    let target = target_for(report, &request.clinician.initials, request.kind).unwrap_or(0);
    let taken = taken_sessions(request.layout, diary.iter().map(|e| e.starts_at));
    let published: Vec<AppointmentState> = diary
        .iter()
        .filter(|e| !e.reoffer)
        .map(|e| e.state)
        .collect();
    let request = ProposalRequest {
        taken: &taken,
        ..*request
    };
    propose(&request, target, &published)
}

/// Positions of `n` of `count` candidates spread evenly through them: the
/// first of each of `n` equal runs. A clinician's new Partnerships should
/// start through the quarter, not all in its first weeks. Strictly
/// increasing; `min(n, count)` positions.
pub fn spread(count: usize, n: usize) -> Vec<usize> {
    let n = n.min(count);
    (0..n).map(|i| i * count / n).collect()
}

/// Proposes a quarter's appointments: the candidates, how many are needed
/// (target minus offers that still count) and a suggested spread of that
/// many; the clinician then chooses.
pub fn propose(
    request: &ProposalRequest<'_>,
    target: u32,
    published: &[AppointmentState],
) -> Proposal {
    let needed = offers_needed(target, published);
    let candidates = request.candidates();
    let suggested = spread(candidates.len(), needed.needed as usize);
    let short = needed.needed.saturating_sub(candidates.len() as u32);
    let mut explain = Explanation::new(
        "the needed number of free sessions, spread evenly over the quarter's candidates",
        format!(
            "{} of {} free {} sessions in {}",
            suggested.len(),
            candidates.len(),
            request.kind,
            request.quarter
        ),
    );
    if short > 0 {
        explain = explain.note(format!(
            "the job plan holds {} of the {} needed this quarter: {short} short",
            candidates.len(),
            needed.needed
        ));
    }
    Proposal {
        kind: request.kind.clone(),
        needed,
        candidates,
        suggested,
        short,
        explain,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::Days;

    use super::*;
    use crate::clinician::Fte;
    use crate::job_plan::JobPlan;
    use crate::quarter::PlanningYear;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Core on Monday session 2 and Thursday sessions 1 and 3; Choice on
    /// Tuesday session 2; DBT on Thursday session 4; the rest meetings.
    fn clinician() -> Clinician {
        let layout = SessionLayout::nz_four_session();
        let meeting = Activity::Other {
            label: "MDT".into(),
            category: crate::activity::OtherCategory::Mdt,
        };
        let mut grid = vec![vec![meeting; 5]; 4];
        grid[1][0] = Activity::Core;
        grid[0][3] = Activity::Core;
        grid[2][3] = Activity::Core;
        grid[1][1] = Activity::Choice;
        grid[3][3] = Activity::Specific("DBT".into());
        Clinician {
            initials: Initials::parse("AD").unwrap(),
            name: "Andrew Down".into(),
            discipline: None,
            fte: Fte::FULL,
            skills: BTreeMap::new(),
            streams: BTreeSet::new(),
            does_choice: true,
            choice_allocation: None,
            start_date: None,
            leaving_date: None,
            job_plans: vec![JobPlan::new(1, None, grid, &layout).unwrap()],
        }
    }

    fn q() -> Quarter {
        // 2026/27 Q1: Monday 6 July to Sunday 4 October 2026; Matariki Friday 10 July.
        PlanningYear::new(2026, 7).quarters()[0]
    }

    fn request<'a>(
        c: &'a Clinician,
        layout: &'a SessionLayout,
        kind: &'a SlotKind,
    ) -> ProposalRequest<'a> {
        ProposalRequest {
            clinician: c,
            layout,
            quarter: q(),
            kind,
            holidays: &[],
            leave: &[],
            taken: &[],
            choice_appointments_per_session: 1,
        }
    }

    #[test]
    fn the_diary_as_it_stands_takes_sessions_and_re_offers_do_not_count() {
        let c = clinician();
        let l = SessionLayout::nz_four_session();
        let mut settings = crate::TeamSettings::new("t");
        settings.streams = vec![crate::Stream {
            name: "DBT".into(),
            multiplier: None,
        }];
        let team = crate::Team::new(settings, vec![c.clone()]).unwrap();
        let report = crate::capacity::quarter(&team, q());
        assert_eq!(target_for(&report, &c.initials, &SlotKind::Core), Some(9));
        let first = d(2026, 7, 6).and_time(t(11, 0));
        assert_eq!(
            taken_sessions(&l, [first, d(2026, 7, 9).and_time(t(13, 30))]),
            [(d(2026, 7, 6), 1), (d(2026, 7, 9), 2)]
        );
        let entry = |reoffer| DiaryEntry {
            starts_at: first,
            state: AppointmentState::Vacant,
            reoffer,
        };
        let p = propose_for_diary(&report, &request(&c, &l, &SlotKind::Core), &[entry(false)]);
        assert_eq!((p.needed.needed, p.candidates.len()), (8, 38));
        let p = propose_for_diary(&report, &request(&c, &l, &SlotKind::Core), &[entry(true)]);
        assert_eq!(p.needed.needed, 9, "a re-offer is not a new offer");
        let mut s = crate::TeamSettings::new("t");
        s.choice_appointments_per_session = 0.5;
        assert_eq!(choice_seats(&s), 1);
        s.choice_appointments_per_session = 2.0;
        assert_eq!(choice_seats(&s), 2);
    }

    #[test]
    fn core_candidates_come_from_core_sessions_in_time_order() {
        let c = clinician();
        let l = SessionLayout::nz_four_session();
        let slots = request(&c, &l, &SlotKind::Core).candidates();
        // 3 Core sessions a week x 13 weeks.
        assert_eq!(slots.len(), 39);
        let first: Vec<_> = slots[..3]
            .iter()
            .map(|s| (s.date, s.session, s.starts, s.ends))
            .collect();
        assert_eq!(
            first,
            [
                (d(2026, 7, 6), 1, t(11, 0), t(12, 0)),
                (d(2026, 7, 9), 0, t(9, 0), t(10, 0)),
                (d(2026, 7, 9), 2, t(13, 0), t(14, 0)),
            ]
        );
        assert!(
            slots
                .iter()
                .all(|s| s.kind == SlotKind::Core && s.seat == 0)
        );
    }

    #[test]
    fn holidays_leave_posts_and_taken_sessions_are_skipped() {
        let mut c = clinician();
        c.leaving_date = Some(d(2026, 9, 24)); // a Thursday: its sessions stay.
        let l = SessionLayout::nz_four_session();
        let mut r = request(&c, &l, &SlotKind::Core);
        let holidays = [d(2026, 7, 13)]; // a Monday
        let leave = [(d(2026, 7, 20), d(2026, 7, 26))]; // a whole week
        let taken = [(d(2026, 7, 9), 0)];
        r.holidays = &holidays;
        r.leave = &leave;
        r.taken = &taken;
        let slots = r.candidates();
        // Weeks 1-12 up to Thursday 24 September: 12 weeks x 3 = 36 sessions,
        // minus the holiday Monday, the leave week's 3 and the taken one = 31;
        // the last week (from 28 September) is after the leaving date.
        assert_eq!(slots.len(), 31);
        assert!(slots.iter().all(|s| s.date <= d(2026, 9, 24)));
        assert!(!slots.iter().any(|s| s.date == d(2026, 7, 13)));
        assert!(
            !slots
                .iter()
                .any(|s| (s.date, s.session) == (d(2026, 7, 9), 0))
        );
        assert!(
            slots
                .iter()
                .any(|s| (s.date, s.session) == (d(2026, 7, 9), 2))
        );
    }

    #[test]
    fn the_plan_in_force_on_each_date_is_used() {
        let mut c = clinician();
        let l = SessionLayout::nz_four_session();
        // From week 8 a new plan: every session free.
        let from = q().start() + Days::new(49);
        c.job_plans.push(JobPlan::blank(2, Some(from), &l));
        let slots = request(&c, &l, &SlotKind::Core).candidates();
        assert_eq!(slots.len(), 7 * 3 + 6 * 20);
    }

    #[test]
    fn stream_and_choice_slots() {
        let c = clinician();
        let l = SessionLayout::nz_four_session();
        let dbt = SlotKind::Specific("dbt".into());
        let slots = request(&c, &l, &dbt).candidates();
        assert_eq!(slots.len(), 13);
        assert_eq!(slots[0].starts, t(15, 0));
        // Two Choice appointments per session: 11:00-11:30 and 11:30-12:00.
        let mut r = request(&c, &l, &SlotKind::Choice);
        r.choice_appointments_per_session = 2;
        let taken = [(d(2026, 7, 7), 1)];
        r.taken = &taken;
        let slots = r.candidates();
        assert_eq!(slots.len(), 25);
        assert_eq!((slots[0].date, slots[0].seat), (d(2026, 7, 7), 1));
        assert_eq!((slots[0].starts, slots[0].ends), (t(11, 30), t(12, 0)));
        assert_eq!((slots[1].starts, slots[1].ends), (t(11, 0), t(11, 30)));
    }

    #[test]
    fn offers_needed_replaces_lost_offers() {
        use AppointmentState::*;
        let n = offers_needed(9, &[]);
        assert_eq!((n.needed, n.explain.working.as_str()), (9, "9 - 0 = 9"));
        let published = [Attended, Booked, Dna, Vacant, CancelledByFamily];
        let n = offers_needed(9, &published);
        assert_eq!(n.needed, 6);
        assert_eq!(n.explain.working, "9 - (5 - 2) = 6");
        assert_eq!(offers_needed(2, &[Vacant, Vacant, Vacant]).needed, 0);
    }

    #[test]
    fn a_reoffer_lands_after_the_appointment_it_replaces() {
        let c = clinician();
        let l = SessionLayout::nz_four_session();
        let slots = request(&c, &l, &SlotKind::Core).candidates();
        // AD's Core sessions: Monday 11:00, Thursday 09:00 and 13:00.
        // The DNA was on Thursday 16 July at 09:00, recorded on Monday 13 July
        // (a mistake in time, but the rule must hold): the next session after
        // both is Thursday 16 July at 13:00, not Monday 13 July.
        let replaced = d(2026, 7, 16).and_time(t(9, 0));
        let now = d(2026, 7, 13).and_time(t(8, 0));
        let s = reoffer_slot(&slots, replaced, now).unwrap();
        assert_eq!((s.date, s.starts), (d(2026, 7, 16), t(13, 0)));
        // Recorded on Friday 17 July: the next after now, Monday 20 July 11:00.
        let now = d(2026, 7, 17).and_time(t(10, 0));
        let s = reoffer_slot(&slots, replaced, now).unwrap();
        assert_eq!((s.date, s.starts), (d(2026, 7, 20), t(11, 0)));
        assert!(reoffer_slot(&slots, d(2026, 12, 1).and_time(t(9, 0)), now).is_none());
    }

    #[test]
    fn spread_takes_the_first_of_equal_runs() {
        // 39 Core sessions, 9 offers: every 4 1/3 sessions.
        assert_eq!(spread(39, 9), [0, 4, 8, 13, 17, 21, 26, 30, 34]);
        assert_eq!(spread(3, 5), [0, 1, 2]);
        assert_eq!(spread(10, 0), Vec::<usize>::new());
    }

    #[test]
    fn proposal_spreads_the_needed_offers_and_says_when_short() {
        let c = clinician();
        let l = SessionLayout::nz_four_session();
        let p = propose(&request(&c, &l, &SlotKind::Core), 9, &[]);
        assert_eq!(p.suggested.len(), 9);
        let weeks: Vec<i64> = p
            .suggested
            .iter()
            .map(|&i| (p.candidates[i].date - q().start()).num_days() / 7)
            .collect();
        assert_eq!(weeks, [0, 1, 2, 4, 5, 7, 8, 10, 11]);
        assert_eq!(p.short, 0);
        let p = propose(&request(&c, &l, &SlotKind::Choice), 20, &[]);
        assert_eq!((p.suggested.len(), p.short), (13, 7));
        assert!(p.explain.notes[0].contains("holds 13 of the 20"));
    }
}
