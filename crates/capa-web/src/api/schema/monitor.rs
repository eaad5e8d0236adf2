//! The quarter monitor's body: `GET /api/v1/teams/{team}/monitor` and `capa
//! monitor --format json` print it, field for field (a test compares them).
//! The JSON names the team's totals `team` beside the team's name;
//! here the name is `team` and the totals are `totals` (docs/api.md).

use std::collections::BTreeMap;

use capa_core::Explanation;
use capa_core::monitor::{ClinicianMonitor, Counts, Flag, QuarterMonitor, WaitStats};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

fn explain(map: &BTreeMap<&'static str, Explanation>) -> BTreeMap<String, String> {
    map.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A flag: a stable code and the reason in plain words.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagBody {
    /// `no_job_plan`, `offers_short_at_deadline`, `not_reoffered`,
    /// `under_target`, `leaving_in_quarter` or `caseload_high`.
    pub code: String,
    /// Why, in plain words.
    pub reason: String,
    /// The rule and the figures it was judged on.
    pub explain: String,
}

impl From<&Flag> for FlagBody {
    fn from(f: &Flag) -> Self {
        Self {
            code: f.code.code().into(),
            reason: f.reason.clone(),
            explain: f.explain.to_string(),
        }
    }
}

/// First Partnership appointments counted (Core and Specific), as the diary's offers list shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsBody {
    /// Offers published, re-offers included.
    pub published: u32,
    /// Offers a family was booked into (whatever came of it).
    pub booked: u32,
    /// First appointments attended: Partnerships started.
    pub started: u32,
    /// First appointments not attended.
    pub dna: u32,
    /// First appointments cancelled (by the family or the service).
    pub cancelled: u32,
    /// Cancelled by the family.
    pub cancelled_by_family: u32,
    /// Cancelled by the service.
    pub cancelled_by_service: u32,
    /// DNA'd or cancelled first appointments re-offered.
    pub reoffered: u32,
    /// DNA'd or cancelled first appointments not re-offered yet.
    pub not_reoffered: u32,
    /// Offers still vacant.
    pub vacant: u32,
}

impl From<&Counts> for CountsBody {
    fn from(c: &Counts) -> Self {
        Self {
            published: c.published,
            booked: c.booked,
            started: c.started,
            dna: c.dna,
            cancelled: c.cancelled,
            cancelled_by_family: c.cancelled_by_family,
            cancelled_by_service: c.cancelled_by_service,
            reoffered: c.reoffered,
            not_reoffered: c.not_reoffered,
            vacant: c.vacant,
        }
    }
}

/// One stream of a clinician's line: Core, or a Specific stream.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitorStreamBody {
    /// "Core" or the stream's name.
    pub stream: String,
    /// Whether it is a Specific stream.
    pub specific: bool,
    /// New Partnerships to start in it.
    pub target: u32,
    /// Its counts.
    #[serde(flatten)]
    pub counts: CountsBody,
}

/// One clinician's quarter.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitorClinicianBody {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// New Partnerships to start (Core and Specific), from the job plan in force, pro rata.
    pub target: u32,
    /// The counts, flattened: published, booked, started, dna, cancelled, reoffered, not_reoffered ...
    #[serde(flatten)]
    pub counts: CountsBody,
    /// Choice appointments allocated.
    pub choice_allocated: u32,
    /// Choice appointments attended.
    pub choice_done: u32,
    /// Partnerships projected by the quarter's end at the rate so far (current quarter only).
    pub projected: Option<u32>,
    /// What a lead should look at.
    pub flags: Vec<FlagBody>,
    /// The job plan version the target came from.
    pub job_plan_version: Option<u32>,
    /// Share of the quarter in post, 0-1.
    pub in_post: f64,
    /// Open Partnership caseload today.
    pub open_caseload: u32,
    /// The caseload threshold for this clinician (the team's, pro rata to FTE).
    pub caseload_threshold: f64,
    /// Booked first appointments still to come.
    pub booked_ahead: u32,
    /// Core and each Specific stream.
    pub streams: Vec<MonitorStreamBody>,
    /// How each figure was found (formula: working).
    pub explain: BTreeMap<String, String>,
}

impl From<&ClinicianMonitor> for MonitorClinicianBody {
    fn from(c: &ClinicianMonitor) -> Self {
        Self {
            initials: c.initials.to_string(),
            name: c.name.clone(),
            target: c.target,
            counts: (&c.counts).into(),
            choice_allocated: c.choice_allocated,
            choice_done: c.choice_done,
            projected: c.projected,
            flags: c.flags.iter().map(Into::into).collect(),
            job_plan_version: c.job_plan_version,
            in_post: c.in_post,
            open_caseload: c.open_caseload,
            caseload_threshold: c.caseload_threshold,
            booked_ahead: c.booked_ahead,
            streams: c
                .streams
                .iter()
                .map(|s| MonitorStreamBody {
                    stream: s.stream.clone(),
                    specific: s.specific,
                    target: s.target,
                    counts: (&s.counts).into(),
                })
                .collect(),
            explain: explain(&c.explain),
        }
    }
}

/// A flag and who carries it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagCountBody {
    /// The flag's code.
    pub code: String,
    /// Initials of the clinicians flagged.
    pub clinicians: Vec<String>,
}

/// The team's totals: the sum of its clinicians' lines, with demand.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitorTotalsBody {
    /// Clinicians counted.
    pub clinicians: usize,
    /// New Partnerships to start.
    pub target: u32,
    /// The counts, flattened.
    #[serde(flatten)]
    pub counts: CountsBody,
    /// Choice appointments allocated.
    pub choice_allocated: u32,
    /// Choice appointments attended.
    pub choice_done: u32,
    /// Choice appointments the quarter's referrals need (demand).
    pub choice_needed: u32,
    /// New Core Partnerships the quarter's referrals need (demand).
    pub core_demand: f64,
    /// Core Partnerships started.
    pub core_started: u32,
    /// Specific Partnerships started.
    pub specific_started: u32,
    /// First appointments booked at the end of Choice (full booking).
    pub booked_from_choice: u32,
    /// Partnerships projected (current quarter).
    pub projected: Option<u32>,
    /// Open Partnership caseload.
    pub open_caseload: u32,
    /// Each flag with the clinicians carrying it.
    pub flags: Vec<FlagCountBody>,
    /// How each figure was found.
    pub explain: BTreeMap<String, String>,
}

/// A median and a 90th percentile, in days.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitStatsBody {
    /// Waits measured.
    pub n: usize,
    /// Median (PERCENTILE.INC), days; null with no waits.
    pub median: Option<f64>,
    /// 90th percentile (PERCENTILE.INC), days.
    pub p90: Option<f64>,
}

impl From<&WaitStats> for WaitStatsBody {
    fn from(w: &WaitStats) -> Self {
        Self {
            n: w.n,
            median: w.median,
            p90: w.p90,
        }
    }
}

/// One month's waits.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthWaitsBody {
    /// `2026-10`.
    pub month: String,
    /// Referral accepted to Choice.
    pub to_choice_days: WaitStatsBody,
    /// Choice to first Partnership.
    pub to_partnership_days: WaitStatsBody,
    /// Share seen within the short target.
    pub share_within_3_weeks: Option<f64>,
    /// Share seen within the long target.
    pub share_within_8_weeks: Option<f64>,
}

/// An access target: the share of families to be seen within so many weeks.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessTargetBody {
    /// Weeks from referral accepted to Choice.
    pub weeks: u32,
    /// The share aimed for, 0-1.
    pub target: f64,
    /// The share seen within them (null with nobody seen).
    pub share: Option<f64>,
    /// Whether the target is met.
    pub meets: Option<bool>,
}

/// The quarter's waits.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitorWaitsBody {
    /// Referral accepted to Choice attended.
    pub to_choice_days: WaitStatsBody,
    /// Choice to the first Partnership appointment booked from it.
    pub to_partnership_days: WaitStatsBody,
    /// Share seen at Choice within 3 weeks (the short target's weeks), 0-1.
    pub share_within_3_weeks: Option<f64>,
    /// Share seen at Choice within 8 weeks (the long target's weeks), 0-1.
    pub share_within_8_weeks: Option<f64>,
    /// The short access target (New Zealand: 80% within 3 weeks).
    pub short_target: AccessTargetBody,
    /// The long access target (New Zealand: 95% within 8 weeks).
    pub long_target: AccessTargetBody,
    /// By month of the appointment.
    pub months: Vec<MonthWaitsBody>,
}

/// A quarter's review marked done.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewMarkBody {
    /// The day the review was held.
    pub done_on: NaiveDate,
    /// Who marked it.
    pub done_by: String,
}

/// `GET /api/v1/teams/{team}/monitor`: the quarter's monitor.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitorBody {
    /// The team's name.
    pub team: String,
    /// The quarter's key, `2026Q3`.
    pub quarter: String,
    /// The quarter as people write it, `2026/27 Q3`.
    pub quarter_label: String,
    /// The day the figures are judged as of (the team's today).
    pub as_of: NaiveDate,
    /// `past`, `current` or `future`.
    pub phase: String,
    /// The quarter's first day.
    pub starts: NaiveDate,
    /// The quarter's last day.
    pub ends: NaiveDate,
    /// Offers must be published by this day.
    pub deadline: NaiveDate,
    /// One line per clinician.
    pub clinicians: Vec<MonitorClinicianBody>,
    /// The team's totals (the sum of the lines, with demand).
    pub totals: MonitorTotalsBody,
    /// Waits and the access targets.
    pub waits: MonitorWaitsBody,
    /// Families on the managed list now.
    pub managed_list: u32,
    /// The quarter's review, once marked done.
    pub review: Option<ReviewMarkBody>,
}

impl MonitorBody {
    /// The body of a monitor of the named team, with its review mark.
    pub fn new(team: &str, m: &QuarterMonitor, review: Option<&capa_store::ReviewMark>) -> Self {
        let t = &m.team;
        let w = &m.waits;
        let target = |a: &capa_core::monitor::AccessShare| AccessTargetBody {
            weeks: a.weeks,
            target: a.target,
            share: a.share,
            meets: a.meets,
        };
        Self {
            team: team.to_string(),
            quarter: m.quarter.key(),
            quarter_label: m.quarter.to_string(),
            as_of: m.as_of,
            phase: match m.phase {
                capa_core::monitor::Phase::Past => "past",
                capa_core::monitor::Phase::Current => "current",
                capa_core::monitor::Phase::Future => "future",
            }
            .into(),
            starts: m.starts,
            ends: m.ends,
            deadline: m.deadline,
            clinicians: m.clinicians.iter().map(Into::into).collect(),
            totals: MonitorTotalsBody {
                clinicians: t.clinicians,
                target: t.target,
                counts: (&t.counts).into(),
                choice_allocated: t.choice_allocated,
                choice_done: t.choice_done,
                choice_needed: t.choice_needed,
                core_demand: t.core_demand,
                core_started: t.core_started,
                specific_started: t.specific_started,
                booked_from_choice: t.booked_from_choice,
                projected: t.projected,
                open_caseload: t.open_caseload,
                flags: t
                    .flags
                    .iter()
                    .map(|f| FlagCountBody {
                        code: f.code.code().into(),
                        clinicians: f.clinicians.iter().map(ToString::to_string).collect(),
                    })
                    .collect(),
                explain: explain(&t.explain),
            },
            waits: MonitorWaitsBody {
                to_choice_days: (&w.to_choice_days).into(),
                to_partnership_days: (&w.to_partnership_days).into(),
                share_within_3_weeks: w.share_within_3_weeks,
                share_within_8_weeks: w.share_within_8_weeks,
                short_target: target(&w.short_target),
                long_target: target(&w.long_target),
                months: w
                    .by_month
                    .iter()
                    .map(|mo| MonthWaitsBody {
                        month: mo.month.clone(),
                        to_choice_days: (&mo.to_choice_days).into(),
                        to_partnership_days: (&mo.to_partnership_days).into(),
                        share_within_3_weeks: mo.share_within_3_weeks,
                        share_within_8_weeks: mo.share_within_8_weeks,
                    })
                    .collect(),
            },
            managed_list: m.managed_list,
            review: review.map(|r| ReviewMarkBody {
                done_on: r.done_on,
                done_by: r.done_by_name.clone(),
            }),
        }
    }
}
