//! Counting first Partnership appointments, and following each DNA'd or
//! cancelled one to its re-offer. The counts are the activity-planning
//! sheet's ([`crate::diary::sheet`]), with cancellations split by who
//! cancelled and re-offers judged against the team's window.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::clinician::Initials;
use crate::diary::holidays::{add_working_days, working_days_between};
use crate::diary::state::AppointmentState;
use crate::explain::Explanation;

use super::facts::{FirstAppointment, Reoffer};

/// Counts of first Partnership appointments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Offers published (every state, re-offers included).
    pub published: u32,
    /// Offers a family has been booked into (booked now, or since attended,
    /// DNA'd or cancelled).
    pub booked: u32,
    /// Partnerships started: first appointment attended.
    pub started: u32,
    /// First appointments the family did not attend.
    pub dna: u32,
    /// First appointments cancelled, by the family or the service.
    pub cancelled: u32,
    /// Cancelled by the family.
    pub cancelled_by_family: u32,
    /// Cancelled by the service.
    pub cancelled_by_service: u32,
    /// DNA'd or cancelled first appointments replaced by a new offer.
    pub reoffered: u32,
    /// DNA'd or cancelled first appointments not replaced yet.
    pub not_reoffered: u32,
    /// Offers still vacant.
    pub vacant: u32,
    /// Offers that count towards the target: published - DNA'd - cancelled.
    pub counting: u32,
}

impl Counts {
    /// Counts the appointments; `is_reoffered` says whether an id has a replacement.
    pub fn of<'a>(
        appointments: impl IntoIterator<Item = &'a FirstAppointment>,
        is_reoffered: impl Fn(i64) -> bool,
    ) -> Self {
        use AppointmentState::*;
        let mut c = Self::default();
        for a in appointments {
            c.published += 1;
            match a.state {
                Vacant => c.vacant += 1,
                Booked => {}
                Attended => c.started += 1,
                Dna => c.dna += 1,
                CancelledByFamily => c.cancelled_by_family += 1,
                CancelledByService => c.cancelled_by_service += 1,
            }
            if a.state.is_taken() {
                c.booked += 1;
            }
            if a.state.needs_reoffer() {
                if is_reoffered(a.id) {
                    c.reoffered += 1;
                } else {
                    c.not_reoffered += 1;
                }
            }
        }
        c.cancelled = c.cancelled_by_family + c.cancelled_by_service;
        c.counting = c.published - c.dna - c.cancelled;
        c
    }

    /// Adds another set of counts (team totals).
    pub fn add(&mut self, o: &Counts) {
        self.published += o.published;
        self.booked += o.booked;
        self.started += o.started;
        self.dna += o.dna;
        self.cancelled += o.cancelled;
        self.cancelled_by_family += o.cancelled_by_family;
        self.cancelled_by_service += o.cancelled_by_service;
        self.reoffered += o.reoffered;
        self.not_reoffered += o.not_reoffered;
        self.vacant += o.vacant;
        self.counting += o.counting;
    }

    /// The working of the counts: how the published offers stand, and what
    /// counts towards the target.
    pub fn explain(&self) -> Explanation {
        let booked_now = self.booked - self.started - self.dna - self.cancelled;
        Explanation::new(
            "published = vacant + booked + attended (started) + DNA + cancelled by family + cancelled by service; counting = published - DNA - cancelled",
            format!(
                "{} = {} + {booked_now} + {} + {} + {} + {}; {} - {} - {} = {}",
                self.published,
                self.vacant,
                self.started,
                self.dna,
                self.cancelled_by_family,
                self.cancelled_by_service,
                self.published,
                self.dna,
                self.cancelled,
                self.counting
            ),
        )
    }
}

/// A DNA'd or cancelled first appointment, followed to its re-offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missed {
    /// The appointment's id.
    pub id: i64,
    /// Its label, e.g. `AD2`.
    pub label: String,
    /// Whose.
    pub clinician: Initials,
    /// `None` for Core, or the Specific stream.
    pub stream: Option<String>,
    /// What happened.
    pub state: AppointmentState,
    /// The day the re-offer became due: the outcome's recording, or the appointment's day.
    pub due: NaiveDate,
    /// The last day within the window.
    pub reoffer_by: NaiveDate,
    /// The day the replacement was published, if it has been.
    pub reoffered_on: Option<NaiveDate>,
    /// Re-offered within the window.
    pub in_time: bool,
    /// Not re-offered, and the window has passed.
    pub overdue: bool,
    /// The working.
    pub explain: Explanation,
}

impl Missed {
    /// What happened, in words.
    pub fn what(&self) -> &'static str {
        match self.state {
            AppointmentState::Dna => "DNA",
            AppointmentState::CancelledByFamily => "cancelled by the family",
            _ => "cancelled by the service",
        }
    }
}

/// Every DNA'd or cancelled appointment, with its re-offer judged against
/// `window` working days (Monday to Friday, not `holidays`): re-offered in
/// time when published within the window; overdue when not re-offered and
/// more than `window` working days have passed by `today`. Oldest first.
pub fn missed<'a>(
    appointments: impl IntoIterator<Item = &'a FirstAppointment>,
    reoffers: &BTreeMap<i64, &Reoffer>,
    window: u32,
    today: NaiveDate,
    holidays: &[NaiveDate],
) -> Vec<Missed> {
    let mut out: Vec<Missed> = appointments
        .into_iter()
        .filter(|a| a.state.needs_reoffer())
        .map(|a| {
            let due = a.outcome_recorded_on.unwrap_or(a.starts_at.date());
            let reoffer_by = add_working_days(due, window, holidays);
            let reoffered_on = reoffers.get(&a.id).map(|r| r.published_on);
            let until = reoffered_on.unwrap_or(today);
            let days = working_days_between(due, until, holidays);
            let in_time = reoffered_on.is_some() && days <= window;
            let overdue = reoffered_on.is_none() && days > window;
            let mut m = Missed {
                id: a.id,
                label: a.label.clone(),
                clinician: a.clinician.clone(),
                stream: a.stream.clone(),
                state: a.state,
                due,
                reoffer_by,
                reoffered_on,
                in_time,
                overdue,
                explain: Explanation::default(),
            };
            let d = |x: NaiveDate| x.format("%d/%m/%Y").to_string();
            let verdict = match (reoffered_on, in_time, overdue) {
                (Some(_), true, _) => "re-offered in time",
                (Some(_), false, _) => "re-offered late",
                (None, _, true) => "overdue",
                (None, _, false) => "still within the window",
            };
            m.explain = Explanation::new(
                format!(
                    "working days (Monday to Friday, not public holidays) from the outcome to the re-offer, within {window}"
                ),
                match reoffered_on {
                    Some(r) => format!(
                        "{} {} on {}: re-offered on {}, {days} working days: {verdict}",
                        m.label,
                        m.what(),
                        d(due),
                        d(r)
                    ),
                    None => format!(
                        "{} {} on {}: not re-offered, {days} working days by {}; due by {}: {verdict}",
                        m.label,
                        m.what(),
                        d(due),
                        d(today),
                        d(reoffer_by)
                    ),
                },
            );
            m
        })
        .collect();
    out.sort_by(|a, b| (a.due, &a.clinician, a.id).cmp(&(b.due, &b.clinician, b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::fixtures::{appointment, d, reoffer};

    #[test]
    fn counts_by_state() {
        use AppointmentState::*;
        let v = [
            appointment(1, "AD", 6, Attended),
            appointment(2, "AD", 13, Dna),
            appointment(3, "AD", 14, CancelledByFamily),
            appointment(4, "AD", 15, CancelledByService),
            appointment(5, "AD", 16, Booked),
            appointment(6, "AD", 17, Vacant),
        ];
        let c = Counts::of(&v, |id| id == 3);
        assert_eq!(
            (c.published, c.booked, c.started, c.dna, c.cancelled),
            (6, 5, 1, 1, 2)
        );
        assert_eq!((c.cancelled_by_family, c.cancelled_by_service), (1, 1));
        assert_eq!(
            (c.reoffered, c.not_reoffered, c.vacant, c.counting),
            (1, 2, 1, 3)
        );
        assert_eq!(
            c.explain().working,
            "6 = 1 + 1 + 1 + 1 + 1 + 1; 6 - 1 - 2 = 3"
        );
    }

    #[test]
    fn reoffers_judged_in_working_days() {
        use AppointmentState::*;
        // DNA on Monday 13 July 2026: 5 working days run to Monday 20 July.
        let v = [
            appointment(2, "AD", 13, Dna),
            appointment(3, "AD", 14, CancelledByFamily),
            appointment(4, "AD", 15, Dna),
        ];
        let r3 = reoffer(3, 10, d(2026, 7, 23));
        let links: BTreeMap<i64, &Reoffer> = [(3, &r3)].into();
        let m = missed(&v, &links, 5, d(2026, 7, 21), &[]);
        // 2: 13 -> 21 July is 6 working days, overdue.
        assert_eq!(m[0].reoffer_by, d(2026, 7, 20));
        assert!(m[0].overdue && !m[0].in_time);
        assert_eq!(
            m[0].explain.working,
            "AD2 DNA on 13/07/2026: not re-offered, 6 working days by 21/07/2026; due by 20/07/2026: overdue"
        );
        // 3: cancelled Tuesday 14, re-offered Thursday 23 = 7 working days, late.
        assert!(!m[1].in_time && !m[1].overdue);
        assert!(m[1].explain.working.ends_with("re-offered late"));
        // 4: Wednesday 15 to Tuesday 21: 4 working days, still within.
        assert!(!m[2].overdue);
        assert_eq!(m[2].what(), "DNA");
    }
}
