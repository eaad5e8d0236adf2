//! The team's line of the monitor: totals of the clinicians' lines, Choice
//! demand against Choice delivered, Core demand against Core started, and
//! who carries each flag.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clinician::Initials;
use crate::explain::{Explanation, n2};

use super::clinician::ClinicianMonitor;
use super::counts::Counts;
use super::facts::{FirstAppointment, TeamDemand};
use super::flags::FlagCode;
use super::projection::Phase;

/// The clinicians carrying one flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagCount {
    /// The flag.
    pub code: FlagCode,
    /// Who carries it.
    pub clinicians: Vec<Initials>,
}

/// The team's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamMonitor {
    /// Clinicians monitored.
    pub clinicians: usize,
    /// Sum of the clinicians' targets.
    pub target: u32,
    /// Sums of the clinicians' counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// Choice appointments allocated.
    pub choice_allocated: u32,
    /// Choice appointments attended (Choice delivered).
    pub choice_done: u32,
    /// Choice appointments the quarter's referrals need (Choice demand).
    pub choice_needed: u32,
    /// New Core Partnerships the quarter's referrals need (Core demand).
    pub core_demand: f64,
    /// Core Partnerships started.
    pub core_started: u32,
    /// Specific Partnerships started.
    pub specific_started: u32,
    /// First appointments with a booking recorded.
    pub bookings: u32,
    /// Of those, booked at the end of a Choice appointment (full booking).
    pub booked_from_choice: u32,
    /// Of those, booked from a search by skills or stream.
    pub booked_by_skills: u32,
    /// Sum of the clinicians' projections, when every clinician in post has one.
    pub projected: Option<u32>,
    /// Open Partnership caseload of the whole team.
    pub open_caseload: u32,
    /// Each flag with the clinicians who carry it, in the order of [`FlagCode::ALL`].
    pub flags: Vec<FlagCount>,
    /// How each figure was found.
    pub explain: BTreeMap<&'static str, Explanation>,
}

fn sum_working(values: impl Iterator<Item = u32>) -> (u32, String) {
    let v: Vec<u32> = values.collect();
    let total = v.iter().sum();
    let parts = if v.is_empty() {
        "0".to_string()
    } else {
        v.iter().map(u32::to_string).collect::<Vec<_>>().join(" + ")
    };
    (total, format!("{parts} = {total}"))
}

/// The team's line from the clinicians' lines, the quarter's appointments
/// and its demand.
pub(super) fn team(
    lines: &[ClinicianMonitor],
    appointments: &[FirstAppointment],
    demand: &TeamDemand,
    phase: Phase,
) -> TeamMonitor {
    let mut counts = Counts::default();
    for l in lines {
        counts.add(&l.counts);
    }
    let (target, target_working) = sum_working(lines.iter().map(|l| l.target));
    let choice_allocated = lines.iter().map(|l| l.choice_allocated).sum();
    let (choice_done, choice_working) = sum_working(lines.iter().map(|l| l.choice_done));
    let started = |core: bool| {
        appointments
            .iter()
            .filter(|a| a.stream.is_none() == core)
            .filter(|a| a.state == crate::diary::AppointmentState::Attended)
            .count() as u32
    };
    let (core_started, specific_started) = (started(true), started(false));
    let booking = |f: fn(&super::facts::Booking) -> bool| {
        appointments
            .iter()
            .filter_map(|a| a.booking.as_ref())
            .filter(|b| f(b))
            .count() as u32
    };
    let bookings = booking(|_| true);
    let booked_from_choice = booking(|b| b.choice_date.is_some());
    let booked_by_skills = booking(|b| b.skills_searched);

    // A clinician out of post all quarter has nothing to project: what they
    // started is final. Anyone else without a projection leaves the team's
    // total unknown rather than understated.
    let waiting: Vec<&ClinicianMonitor> = lines
        .iter()
        .filter(|l| l.projected.is_none() && l.availability.total > 0)
        .collect();
    let projected = (phase == Phase::Current && waiting.is_empty()).then(|| {
        lines
            .iter()
            .map(|l| l.projected.unwrap_or(l.counts.started))
            .sum()
    });
    let projected_explain = match (phase, projected) {
        (Phase::Current, Some(p)) => Explanation::new(
            "sum of the clinicians' projections (what out-of-post clinicians started, as final)",
            sum_working(
                lines
                    .iter()
                    .map(|l| l.projected.unwrap_or(l.counts.started)),
            )
            .1,
        )
        .note(format!("{p} against a target of {target}")),
        (Phase::Current, None) => Explanation::new(
            "sum of the clinicians' projections",
            format!(
                "not yet: no projection for {}",
                waiting
                    .iter()
                    .map(|l| l.initials.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        _ => Explanation::new(
            "sum of the clinicians' projections",
            "only for the quarter under way",
        ),
    };

    let flags = FlagCode::ALL
        .into_iter()
        .map(|code| FlagCount {
            code,
            clinicians: lines
                .iter()
                .filter(|l| l.flags.iter().any(|f| f.code == code))
                .map(|l| l.initials.clone())
                .collect(),
        })
        .collect();

    let mut explain = BTreeMap::new();
    explain.insert(
        "target",
        Explanation::new("sum of the clinicians' targets", target_working),
    );
    explain.insert("counts", counts.explain());
    explain.insert(
        "choice",
        Explanation::new(
            "Choice delivered (attended) against Choice demand (appointments needed)",
            format!("{choice_working} against {} needed", demand.choice_needed),
        )
        .note(format!("need: {}", demand.choice_explain)),
    );
    explain.insert(
        "core",
        Explanation::new(
            "Core Partnerships started against Core demand",
            format!("{core_started} against {}", n2(demand.core_demand)),
        )
        .note(format!("demand: {}", demand.core_explain)),
    );
    explain.insert("projected", projected_explain);
    explain.insert(
        "bookings",
        Explanation::new(
            "first appointments booked: from a Choice appointment; from a search by skills",
            format!(
                "{booked_from_choice} of {bookings} from Choice; {booked_by_skills} of {bookings} by skills"
            ),
        ),
    );

    TeamMonitor {
        clinicians: lines.len(),
        target,
        counts,
        choice_allocated,
        choice_done,
        choice_needed: demand.choice_needed,
        core_demand: demand.core_demand,
        core_started,
        specific_started,
        bookings,
        booked_from_choice,
        booked_by_skills,
        projected,
        open_caseload: lines.iter().map(|l| l.open_caseload).sum(),
        flags,
        explain,
    }
}
