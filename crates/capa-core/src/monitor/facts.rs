//! The facts the store supplies for a quarter's monitor. Nothing here is
//! computed: targets come from [`crate::capacity::quarter`] (passed in, never
//! recomputed), appointments and outcomes from the diaries, holidays from the
//! team's list.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use crate::capacity::{CapacityReport, ClinicianCapacity};
use crate::clinician::{Clinician, Initials};
use crate::diary::state::AppointmentState;
use crate::explain::Explanation;
use crate::quarter::Quarter;

/// How a first Partnership appointment was booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// The day the family was booked in.
    pub booked_on: NaiveDate,
    /// The day of the Choice appointment it was booked from (full booking),
    /// if it was booked at the end of Choice.
    pub choice_date: Option<NaiveDate>,
    /// Whether the booking was made from a search by skills (ABCD'S levels
    /// or a Specific stream), rather than by picking an offer directly.
    pub skills_searched: bool,
}

/// One first Partnership appointment (a numbered offer in the Partnership
/// diary, Core or a Specific stream), as the diary's offers list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstAppointment {
    /// The store's id (opaque here).
    pub id: i64,
    /// Whose offer.
    pub clinician: Initials,
    /// Its label, e.g. `AD4`.
    pub label: String,
    /// `None` for Core Partnership, or the Specific stream (the team's spelling).
    pub stream: Option<String>,
    /// When it starts (the team's local time).
    pub starts_at: NaiveDateTime,
    /// Where it stands.
    pub state: AppointmentState,
    /// The day it was published in the diary.
    pub published_on: NaiveDate,
    /// The day its outcome was recorded, if it has one.
    pub outcome_recorded_on: Option<NaiveDate>,
    /// The booking, if a family has been booked in.
    pub booking: Option<Booking>,
}

/// A re-offer: the offer published to replace a DNA'd or cancelled one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reoffer {
    /// The DNA'd or cancelled offer.
    pub original: i64,
    /// Its replacement (which may lie in a later quarter).
    pub replacement: i64,
    /// The day the replacement was published.
    pub published_on: NaiveDate,
}

/// A Choice appointment of the quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceAppointment {
    /// Whose Choice appointment.
    pub clinician: Initials,
    /// Its day.
    pub date: NaiveDate,
    /// Where it stands; only attended ones count as done.
    pub state: AppointmentState,
    /// The day the family's referral was accepted, on the family's first
    /// Choice appointment after that referral only (a second Choice
    /// appointment is not a wait).
    pub referral_accepted: Option<NaiveDate>,
}

/// A clinician's leave: days away, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeavePeriod {
    /// First day away.
    pub first_day: NaiveDate,
    /// Last day away.
    pub last_day: NaiveDate,
}

impl LeavePeriod {
    /// Whether the clinician is away on `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.first_day <= day && day <= self.last_day
    }
}

/// A clinician's open Partnership caseload, as of the day monitored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caseload {
    /// First Partnership appointments attended, ever (each starts an episode).
    pub started: u32,
    /// Of those episodes, the ones recorded as closed.
    pub closed: u32,
}

impl Caseload {
    /// Open episodes: started minus closed (never below 0).
    pub fn open(&self) -> u32 {
        self.started.saturating_sub(self.closed)
    }
}

/// A clinician's targets for the quarter, as [`crate::capacity::quarter`]
/// computed them.
#[derive(Debug, Clone, PartialEq)]
pub struct ClinicianTarget {
    /// The job plan version in force (`None`: no job plan).
    pub job_plan_version: Option<u32>,
    /// New Core Partnerships to start.
    pub core: u32,
    /// New Specific Partnerships to start, per stream.
    pub specific: BTreeMap<String, u32>,
    /// Choice appointments allocated.
    pub choice_allocated: u32,
    /// Share of the quarter in post, 0-1.
    pub in_post: f64,
    /// How the capacity report computed the targets.
    pub explain: Explanation,
}

impl ClinicianTarget {
    /// The targets of one clinician's line of a capacity report.
    pub fn from_capacity(c: &ClinicianCapacity) -> Self {
        let mut parts = Vec::new();
        parts.push(format!("Core: {}", c.explain.new_core_target));
        if let Some(e) = &c.explain.specific_targets {
            parts.push(format!("Specific: {}", e.working));
        }
        let specific_sum: u32 = c.specific_targets.values().sum();
        let mut explain = Explanation::new(
            "new Core target + new Specific targets (capacity rules)",
            if c.specific_targets.is_empty() {
                format!("{} (Core) = {}", c.new_core_target, c.new_core_target)
            } else {
                format!(
                    "{} (Core) + {} = {}",
                    c.new_core_target,
                    c.specific_targets
                        .iter()
                        .map(|(s, n)| format!("{n} ({s})"))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    c.new_core_target + specific_sum
                )
            },
        );
        for p in parts {
            explain = explain.note(p);
        }
        Self {
            job_plan_version: c.job_plan_version,
            core: c.new_core_target,
            specific: c.specific_targets.clone(),
            choice_allocated: c.choice_allocation,
            in_post: c.in_post,
            explain,
        }
    }

    /// New Partnerships to start in all: Core plus every Specific stream.
    pub fn total(&self) -> u32 {
        self.core + self.specific.values().sum::<u32>()
    }
}

/// What the monitor needs to know of one clinician.
#[derive(Debug, Clone, PartialEq)]
pub struct ClinicianFacts {
    /// Initials.
    pub initials: Initials,
    /// Name.
    pub name: String,
    /// FTE, for the caseload threshold.
    pub fte: f64,
    /// Targets from the capacity rules.
    pub target: ClinicianTarget,
    /// First day in the team, if within the horizon.
    pub start_date: Option<NaiveDate>,
    /// Last day in the team, if leaving.
    pub leaving_date: Option<NaiveDate>,
    /// Leave recorded in the diary.
    pub leave: Vec<LeavePeriod>,
    /// Open Partnership caseload, as of the day monitored.
    pub caseload: Caseload,
}

impl ClinicianFacts {
    /// A clinician's facts from the team and the quarter's capacity line;
    /// leave and caseload start empty for the store to fill in.
    pub fn new(c: &Clinician, capacity: &ClinicianCapacity) -> Self {
        Self {
            initials: c.initials.clone(),
            name: c.name.clone(),
            fte: c.fte.get(),
            target: ClinicianTarget::from_capacity(capacity),
            start_date: c.start_date,
            leaving_date: c.leaving_date,
            leave: Vec::new(),
            caseload: Caseload::default(),
        }
    }

    /// Every clinician of a capacity report, matched to the team by initials,
    /// in the report's order.
    pub fn all(clinicians: &[Clinician], report: &CapacityReport) -> Vec<Self> {
        report
            .clinicians
            .iter()
            .filter_map(|cap| {
                clinicians
                    .iter()
                    .find(|c| c.initials == cap.initials)
                    .map(|c| Self::new(c, cap))
            })
            .collect()
    }

    /// Whether the clinician is in the team on `day`.
    pub fn in_post_on(&self, day: NaiveDate) -> bool {
        self.start_date.is_none_or(|s| s <= day) && self.leaving_date.is_none_or(|l| day <= l)
    }
}

/// The team's demand for the quarter, from the capacity report.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamDemand {
    /// Choice appointments needed.
    pub choice_needed: u32,
    /// New Core Partnerships the quarter's referrals need.
    pub core_demand: f64,
    /// How the capacity report found them.
    pub choice_explain: Explanation,
    /// How the capacity report found the Core demand.
    pub core_explain: Explanation,
}

impl TeamDemand {
    /// The demand figures of a capacity report.
    pub fn from_capacity(report: &CapacityReport) -> Self {
        Self {
            choice_needed: report.team.choice_needed,
            core_demand: report.team.core_demand,
            choice_explain: report.team.explain.choice_needed.clone(),
            core_explain: report.team.explain.core_demand.clone(),
        }
    }
}

/// Everything the monitor of one quarter is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterFacts {
    /// The quarter.
    pub quarter: Quarter,
    /// The day to judge as of (the team's local date; never read from a clock here).
    pub today: NaiveDate,
    /// The team's public holidays (at least from 120 days before the quarter
    /// to its end, so re-offer windows are counted right).
    pub holidays: Vec<NaiveDate>,
    /// Weeks before the quarter by which offers must be published (the team's diary notice).
    pub diary_notice_weeks: u32,
    /// The clinicians, in the order to show them.
    pub clinicians: Vec<ClinicianFacts>,
    /// The quarter's first Partnership appointments (Core and Specific), re-offers included.
    pub appointments: Vec<FirstAppointment>,
    /// Re-offer links for those appointments (replacements may lie in a later quarter).
    pub reoffers: Vec<Reoffer>,
    /// The quarter's Choice appointments.
    pub choice: Vec<ChoiceAppointment>,
    /// The quarter's demand.
    pub demand: TeamDemand,
    /// Families on the managed list now (not resolved).
    pub managed_list: u32,
}
