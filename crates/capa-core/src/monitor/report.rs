//! A quarter's monitor: every clinician's line, the team's, the waits and
//! the managed list, judged as of a given day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::clinician::Initials;
use crate::diary::sheet;
use crate::diary::state::AppointmentState;
use crate::explain::Explanation;
use crate::quarter::Quarter;

use super::clinician::{self, ClinicianMonitor, Context};
use super::counts::Missed;
use super::facts::{
    Caseload, ClinicianFacts, ClinicianTarget, FirstAppointment, QuarterFacts, Reoffer,
};
use super::projection::Phase;
use super::settings::MonitorSettings;
use super::team::{self, TeamMonitor};
use super::waits::{self, Waits};

/// A quarter's monitor. The JSON names are the monitor API's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterMonitor {
    /// The quarter.
    pub quarter: Quarter,
    /// The day it was judged as of.
    pub as_of: NaiveDate,
    /// Past, current or future, as of that day.
    pub phase: Phase,
    /// The quarter's first day.
    pub starts: NaiveDate,
    /// The quarter's last day.
    pub ends: NaiveDate,
    /// Offers must be published by this day.
    pub deadline: NaiveDate,
    /// Whether the deadline has passed.
    pub deadline_passed: bool,
    /// One line per clinician, in the facts' order, then any clinician with
    /// appointments but no facts (target 0), so nothing disappears.
    pub clinicians: Vec<ClinicianMonitor>,
    /// The team's totals.
    pub team: TeamMonitor,
    /// Waits to Choice and to Partnership.
    pub waits: Waits,
    /// Families on the managed list.
    pub managed_list: u32,
    /// Every DNA'd or cancelled first appointment, oldest first.
    pub missed: Vec<Missed>,
    /// The settings it was judged with.
    pub settings: MonitorSettings,
    /// How the deadline was found.
    pub explain: BTreeMap<&'static str, Explanation>,
}

/// Facts for a clinician who has appointments in the quarter but is not in
/// the capacity report (no longer in the team): no target, out of post, so
/// nothing to flag or project.
fn absent(initials: &Initials, quarter: Quarter) -> ClinicianFacts {
    ClinicianFacts {
        initials: initials.clone(),
        name: String::new(),
        fte: 1.0,
        target: ClinicianTarget {
            job_plan_version: None,
            core: 0,
            specific: BTreeMap::new(),
            choice_allocated: 0,
            in_post: 0.0,
            explain: Explanation::new("not in the quarter's capacity report", "0"),
        },
        start_date: None,
        leaving_date: quarter.start().pred_opt(),
        leave: Vec::new(),
        caseload: Caseload::default(),
    }
}

/// The monitor of `facts.quarter` as of `facts.today`.
///
/// Counts are of the quarter's first Partnership appointments (Core and
/// Specific), exactly as the diary lists them; targets are the capacity
/// rules' (passed in). Flags, in order: `no_job_plan`,
/// `offers_short_at_deadline`, `not_reoffered`, `under_target`,
/// `leaving_in_quarter`, `caseload_high` (see [`super::flags`]).
pub fn quarter(facts: &QuarterFacts, settings: &MonitorSettings) -> QuarterMonitor {
    let q = facts.quarter;
    let phase = Phase::of(q, facts.today);
    let (deadline, deadline_explain) = sheet::deadline(q, facts.diary_notice_weeks);
    let reoffers: BTreeMap<i64, &Reoffer> =
        facts.reoffers.iter().map(|r| (r.original, r)).collect();
    let ctx = Context {
        quarter: q,
        today: facts.today,
        phase,
        deadline,
        holidays: &facts.holidays,
        settings,
        reoffers: &reoffers,
    };

    let mut by_clinician: BTreeMap<&Initials, Vec<&FirstAppointment>> = BTreeMap::new();
    for a in &facts.appointments {
        by_clinician.entry(&a.clinician).or_default().push(a);
    }
    let choice_done = |who: &Initials| {
        facts
            .choice
            .iter()
            .filter(|c| &c.clinician == who && c.state == AppointmentState::Attended)
            .count() as u32
    };
    let mut clinicians: Vec<ClinicianMonitor> = facts
        .clinicians
        .iter()
        .map(|c| {
            let mine = by_clinician.remove(&c.initials).unwrap_or_default();
            clinician::line(c, &mine, choice_done(&c.initials), &ctx)
        })
        .collect();
    clinicians.extend(
        by_clinician
            .into_iter()
            .map(|(who, mine)| clinician::line(&absent(who, q), &mine, choice_done(who), &ctx)),
    );

    let mut missed: Vec<Missed> = clinicians
        .iter()
        .flat_map(|c| c.missed.iter().cloned())
        .collect();
    missed.sort_by(|a, b| (a.due, &a.clinician, a.id).cmp(&(b.due, &b.clinician, b.id)));

    let team = team::team(&clinicians, &facts.appointments, &facts.demand, phase);
    let waits = waits::waits(
        &waits::external(&facts.choice),
        &waits::internal(&facts.appointments),
        settings,
    );
    let mut explain = BTreeMap::new();
    explain.insert("deadline", deadline_explain);
    QuarterMonitor {
        quarter: q,
        as_of: facts.today,
        phase,
        starts: q.start(),
        ends: q.end_exclusive().pred_opt().unwrap_or(q.start()),
        deadline,
        deadline_passed: facts.today > deadline,
        clinicians,
        team,
        waits,
        managed_list: facts.managed_list,
        missed,
        settings: settings.clone(),
        explain,
    }
}
