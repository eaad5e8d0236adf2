//! One clinician's line of the quarter's monitor: target, offers and what
//! became of them, Choice allocated against done, the projection and flags.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::clinician::Initials;
use crate::diary::state::AppointmentState;
use crate::explain::{Explanation, n2};
use crate::quarter::Quarter;

use super::counts::{self, Counts, Missed};
use super::facts::{ClinicianFacts, FirstAppointment, Reoffer};
use super::flags::{self, Flag};
use super::projection::{self, Availability, Phase};
use super::settings::MonitorSettings;

/// One stream's counts for a clinician: Core, or a Specific stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StreamLine {
    /// "Core", or the Specific stream's name.
    pub stream: String,
    /// Whether this is a Specific stream.
    pub specific: bool,
    /// New Partnerships to start in the stream.
    pub target: u32,
    /// The stream's counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// One clinician's quarter. The JSON names are the monitor API's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClinicianMonitor {
    /// Initials.
    pub initials: Initials,
    /// Name.
    pub name: String,
    /// New Partnerships to start (Core and every Specific stream), from the capacity rules.
    pub target: u32,
    /// The quarter's first Partnership appointments, counted.
    #[serde(flatten)]
    pub counts: Counts,
    /// Choice appointments allocated.
    pub choice_allocated: u32,
    /// Choice appointments attended.
    pub choice_done: u32,
    /// Partnerships projected to have started by the quarter's end, at the
    /// rate so far (current quarter only, once two weeks have passed).
    pub projected: Option<u32>,
    /// What a lead should look at.
    pub flags: Vec<Flag>,
    /// The job plan version the targets came from.
    pub job_plan_version: Option<u32>,
    /// Share of the quarter in post.
    pub in_post: f64,
    /// Core and each Specific stream.
    pub streams: Vec<StreamLine>,
    /// Booked first appointments still to come.
    pub booked_ahead: u32,
    /// Open Partnership caseload now.
    pub open_caseload: u32,
    /// The caseload threshold for this clinician (the team's, pro rata to FTE).
    pub caseload_threshold: f64,
    /// Working days in the quarter.
    pub availability: Availability,
    /// DNA'd and cancelled first appointments, each followed to its re-offer.
    pub missed: Vec<Missed>,
    /// How each figure was found.
    pub explain: BTreeMap<&'static str, Explanation>,
}

/// What every clinician's line is judged against.
pub(super) struct Context<'a> {
    pub quarter: Quarter,
    pub today: NaiveDate,
    pub phase: Phase,
    pub deadline: NaiveDate,
    pub holidays: &'a [NaiveDate],
    pub settings: &'a MonitorSettings,
    pub reoffers: &'a BTreeMap<i64, &'a Reoffer>,
}

fn streams(c: &ClinicianFacts, mine: &[&FirstAppointment], ctx: &Context) -> Vec<StreamLine> {
    let named: BTreeSet<&String> = c
        .target
        .specific
        .keys()
        .chain(mine.iter().filter_map(|a| a.stream.as_ref()))
        .collect();
    let line = |stream: Option<&String>| {
        let of_stream = mine.iter().copied().filter(|a| a.stream.as_ref() == stream);
        StreamLine {
            stream: stream.map_or_else(|| "Core".to_string(), String::clone),
            specific: stream.is_some(),
            target: stream.map_or(c.target.core, |s| {
                c.target.specific.get(s).copied().unwrap_or(0)
            }),
            counts: Counts::of(of_stream, |id| ctx.reoffers.contains_key(&id)),
        }
    };
    std::iter::once(line(None))
        .chain(named.into_iter().map(|s| line(Some(s))))
        .collect()
}

/// A clinician's line, from their facts, their appointments and the Choice
/// appointments they did.
pub(super) fn line(
    c: &ClinicianFacts,
    mine: &[&FirstAppointment],
    choice_done: u32,
    ctx: &Context,
) -> ClinicianMonitor {
    let counts = Counts::of(mine.iter().copied(), |id| ctx.reoffers.contains_key(&id));
    let target = c.target.total();
    let missed = counts::missed(
        mine.iter().copied(),
        ctx.reoffers,
        ctx.settings.reoffer_working_days,
        ctx.today,
        ctx.holidays,
    );
    let booked_ahead = mine
        .iter()
        .filter(|a| a.state == AppointmentState::Booked && a.starts_at.date() >= ctx.today)
        .count() as u32;
    let availability = projection::availability(c, ctx.quarter, ctx.today, ctx.holidays);
    let projection = projection::project(counts.started, booked_ahead, availability, ctx.phase);

    let flags: Vec<Flag> = [
        flags::no_job_plan(c, ctx.quarter),
        flags::offers_short_at_deadline(&counts, target, ctx.deadline, ctx.today),
        flags::not_reoffered(&missed, ctx.settings.reoffer_working_days),
        flags::under_target(ctx.phase, counts.started, target, &projection),
        flags::leaving_in_quarter(c, ctx.quarter),
        flags::caseload_high(c, ctx.settings.caseload_threshold, ctx.phase),
    ]
    .into_iter()
    .flatten()
    .collect();

    let mut explain = BTreeMap::new();
    explain.insert("target", c.target.explain.clone());
    explain.insert("counts", counts.explain());
    let reoffered: Vec<String> = missed
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m.label,
                if m.reoffered_on.is_some() {
                    "re-offered"
                } else {
                    "not yet"
                }
            )
        })
        .collect();
    explain.insert(
        "reoffered",
        Explanation::new(
            "DNA'd or cancelled first appointments = re-offered + not yet re-offered",
            format!(
                "{} + {} = {}{}",
                counts.reoffered,
                counts.not_reoffered,
                counts.dna + counts.cancelled,
                if reoffered.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", reoffered.join(", "))
                }
            ),
        ),
    );
    explain.insert(
        "choice_done",
        Explanation::new(
            "Choice appointments attended in the quarter, against the allocation",
            format!("{choice_done} of {}", c.target.choice_allocated),
        ),
    );
    let threshold = f64::from(ctx.settings.caseload_threshold) * c.fte;
    explain.insert(
        "open_caseload",
        Explanation::new(
            "first Partnership appointments attended - episodes closed",
            format!(
                "{} - {} = {}",
                c.caseload.started,
                c.caseload.closed,
                c.caseload.open()
            ),
        )
        .note(format!(
            "threshold {} x {} FTE = {}",
            ctx.settings.caseload_threshold,
            n2(c.fte),
            n2(threshold)
        )),
    );
    explain.insert("projected", projection.explain.clone());

    ClinicianMonitor {
        initials: c.initials.clone(),
        name: c.name.clone(),
        target,
        streams: streams(c, mine, ctx),
        counts,
        choice_allocated: c.target.choice_allocated,
        choice_done,
        projected: projection.projected,
        flags,
        job_plan_version: c.target.job_plan_version,
        in_post: c.target.in_post,
        booked_ahead,
        open_caseload: c.caseload.open(),
        caseload_threshold: threshold,
        availability,
        missed,
        explain,
    }
}
