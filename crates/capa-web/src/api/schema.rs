//! The API's request and response bodies: its contract, written here rather
//! than serialized straight out of capa-core's types, so a change inside the
//! method cannot rename a field clients rely on. The OpenAPI document is
//! generated from these types. Reports keep the shape `capa plan capacity
//! --format json` prints (a test compares them).

use std::collections::BTreeMap;

use capa_core::settings::{Band, ChoicePolicy, MultiplierRule, WorkingWeeks};
use capa_core::{
    CapacityReport, Clinician, ClinicianCapacity, JobPlan, SessionCounts, SessionLayout,
    TeamCapacity, TeamSettings, Warning, YearReport,
};
use capa_store::{Appointment, ClinicianId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::views::figures::{explanations_of, team_explanations};

/// A team the user belongs to.
#[derive(Serialize, ToSchema)]
pub struct TeamItem {
    /// Team id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The user's role: team-lead, clinician, booking-administrator, viewer or administrator.
    pub role: String,
}

/// `GET /api/v1/teams`.
#[derive(Serialize, ToSchema)]
pub struct TeamsBody {
    /// The teams.
    pub teams: Vec<TeamItem>,
}

/// A block of the session layout.
#[derive(Serialize, ToSchema)]
pub struct BlockBody {
    /// "Session 1", "Lunch" ...
    pub label: String,
    /// Start, `HH:MM:SS`.
    pub start: String,
    /// End, `HH:MM:SS`.
    pub end: String,
    /// session, buffer, lunch or admin.
    pub kind: String,
}

/// A session layout.
#[derive(Serialize, ToSchema)]
pub struct LayoutBody {
    /// `nz-four-session`, `uk-half-day` ...
    pub id: String,
    /// Its name.
    pub name: String,
    /// Working days: Mon, Tue ...
    pub days: Vec<String>,
    /// The day's blocks in order.
    pub blocks: Vec<BlockBody>,
}

impl From<&SessionLayout> for LayoutBody {
    fn from(l: &SessionLayout) -> Self {
        Self {
            id: l.id.clone(),
            name: l.name.clone(),
            days: l.days.iter().map(|d| d.to_string()).collect(),
            blocks: l
                .blocks
                .iter()
                .map(|b| BlockBody {
                    label: b.label.clone(),
                    start: b.start.format("%H:%M:%S").to_string(),
                    end: b.end.format("%H:%M:%S").to_string(),
                    kind: match b.kind {
                        capa_core::layout::BlockKind::Session => "session",
                        capa_core::layout::BlockKind::Buffer => "buffer",
                        capa_core::layout::BlockKind::Lunch => "lunch",
                        capa_core::layout::BlockKind::Admin => "admin",
                    }
                    .into(),
                })
                .collect(),
        }
    }
}

/// How many working weeks a quarter has.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum WorkingWeeksBody {
    /// A number the team sets.
    Fixed {
        /// Weeks.
        weeks: f64,
    },
    /// Derived from days away a year.
    FromDaysAway {
        /// Annual leave days.
        annual_leave_days: f64,
        /// Public holidays.
        public_holidays: f64,
        /// Study days.
        study_days: f64,
    },
}

/// How a multiplier is set.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum MultiplierBody {
    /// A number the team sets.
    Fixed {
        /// The multiplier.
        value: f64,
    },
    /// Appointments per session x working weeks / average appointments.
    Derived {
        /// Appointments per session.
        appointments_per_session: f64,
        /// Working weeks per quarter (the team's when absent).
        working_weeks_per_quarter: Option<f64>,
        /// Average appointments per episode.
        average_appointments: f64,
    },
}

impl From<&MultiplierRule> for MultiplierBody {
    fn from(m: &MultiplierRule) -> Self {
        match m {
            MultiplierRule::Fixed { value } => Self::Fixed { value: *value },
            MultiplierRule::Derived {
                appointments_per_session,
                working_weeks_per_quarter,
                average_appointments,
            } => Self::Derived {
                appointments_per_session: *appointments_per_session,
                working_weeks_per_quarter: *working_weeks_per_quarter,
                average_appointments: *average_appointments,
            },
        }
    }
}

/// A Specific stream.
#[derive(Serialize, ToSchema)]
pub struct StreamBody {
    /// Name.
    pub name: String,
    /// Its multiplier; none: the Core multiplier.
    pub multiplier: Option<MultiplierBody>,
}

/// A band a figure should lie in.
#[derive(Serialize, ToSchema)]
pub struct BandBody {
    /// From.
    pub low: f64,
    /// To.
    pub high: f64,
}

impl From<&Band> for BandBody {
    fn from(b: &Band) -> Self {
        Self {
            low: b.low,
            high: b.high,
        }
    }
}

/// Every setting of a team.
#[derive(Serialize, ToSchema)]
pub struct SettingsBody {
    /// Team name.
    pub name: String,
    /// Session layout.
    pub layout: LayoutBody,
    /// Month (1-12) the planning year starts.
    pub year_start_month: u32,
    /// IANA time zone.
    pub time_zone: String,
    /// Contracted hours per week.
    pub hours_per_week: f64,
    /// Working weeks per quarter.
    pub working_weeks: WorkingWeeksBody,
    /// Accepted referrals per week.
    pub accepted_referrals_per_week: f64,
    /// Share of Choice appointments that go on to Core Partnership.
    pub conversion_to_core: f64,
    /// The Core multiplier.
    pub core_multiplier: MultiplierBody,
    /// Specific streams.
    pub streams: Vec<StreamBody>,
    /// Choice appointments one Choice session holds.
    pub choice_appointments_per_session: f64,
    /// equal, fte or manual.
    pub choice_allocation: String,
    /// The balance band (CAPA 8-9).
    pub balance_band: BandBody,
    /// The Choice + Core share band (30-40%).
    pub choice_core_share_band: BandBody,
    /// Weeks before a quarter by which offers must be in the diary.
    pub diary_notice_weeks: u32,
}

impl From<&TeamSettings> for SettingsBody {
    fn from(s: &TeamSettings) -> Self {
        Self {
            name: s.name.clone(),
            layout: (&s.layout).into(),
            year_start_month: s.year_start_month,
            time_zone: s.time_zone.name().into(),
            hours_per_week: s.hours_per_week,
            working_weeks: match &s.working_weeks {
                WorkingWeeks::Fixed { weeks } => WorkingWeeksBody::Fixed { weeks: *weeks },
                WorkingWeeks::FromDaysAway {
                    annual_leave_days,
                    public_holidays,
                    study_days,
                } => WorkingWeeksBody::FromDaysAway {
                    annual_leave_days: *annual_leave_days,
                    public_holidays: *public_holidays,
                    study_days: *study_days,
                },
            },
            accepted_referrals_per_week: s.accepted_referrals_per_week,
            conversion_to_core: s.conversion_to_core,
            core_multiplier: (&s.core_multiplier).into(),
            streams: s
                .streams
                .iter()
                .map(|st| StreamBody {
                    name: st.name.clone(),
                    multiplier: st.multiplier.as_ref().map(Into::into),
                })
                .collect(),
            choice_appointments_per_session: s.choice_appointments_per_session,
            choice_allocation: match s.choice_allocation {
                ChoicePolicy::Equal => "equal",
                ChoicePolicy::Fte => "fte",
                ChoicePolicy::Manual => "manual",
            }
            .into(),
            balance_band: (&s.balance_band).into(),
            choice_core_share_band: (&s.choice_core_share_band).into(),
            diary_notice_weeks: s.diary_notice_weeks,
        }
    }
}

/// A job plan version named.
#[derive(Serialize, ToSchema)]
pub struct VersionRef {
    /// "JOB PLAN #".
    pub version: u32,
    /// First day it applies; none: from the beginning.
    pub applies_from: Option<NaiveDate>,
}

/// A clinician.
#[derive(Serialize, ToSchema)]
pub struct ClinicianBody {
    /// Clinician id.
    pub id: i64,
    /// Initials, unique in the team.
    pub initials: String,
    /// Full name.
    pub name: String,
    /// Discipline.
    pub discipline: Option<String>,
    /// Full-time equivalent.
    pub fte: f64,
    /// Whether they do Choice appointments.
    pub does_choice: bool,
    /// Manual Choice allocation per quarter.
    pub choice_allocation: Option<u32>,
    /// First day in the team.
    pub start_date: Option<NaiveDate>,
    /// Last day in the team.
    pub leaving_date: Option<NaiveDate>,
    /// Skill domains with their level (core or advanced).
    pub skills: BTreeMap<String, String>,
    /// Specific streams they work in.
    pub streams: Vec<String>,
    /// Their job plan versions.
    pub job_plan_versions: Vec<VersionRef>,
}

impl ClinicianBody {
    /// A clinician with its row id.
    pub fn of(c: &Clinician, id: ClinicianId) -> Self {
        Self {
            id: id.0,
            initials: c.initials.to_string(),
            name: c.name.clone(),
            discipline: c.discipline.clone(),
            fte: c.fte.get(),
            does_choice: c.does_choice,
            choice_allocation: c.choice_allocation,
            start_date: c.start_date,
            leaving_date: c.leaving_date,
            skills: c
                .skills
                .iter()
                .map(|(d, l)| {
                    let level = match l {
                        capa_core::SkillLevel::Core => "core",
                        capa_core::SkillLevel::Advanced => "advanced",
                    };
                    (d.clone(), level.to_string())
                })
                .collect(),
            streams: c.streams.iter().cloned().collect(),
            job_plan_versions: c
                .job_plans
                .iter()
                .map(|p| VersionRef {
                    version: p.version,
                    applies_from: p.applies_from,
                })
                .collect(),
        }
    }
}

/// `GET /api/v1/teams/{team}/clinicians`.
#[derive(Serialize, ToSchema)]
pub struct CliniciansBody {
    /// The clinicians, in the team's order.
    pub clinicians: Vec<ClinicianBody>,
}

/// `GET /api/v1/teams/{team}`.
#[derive(Serialize, ToSchema)]
pub struct TeamBody {
    /// Team id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The user's role in it.
    pub role: String,
    /// Every setting.
    pub settings: SettingsBody,
    /// The clinicians.
    pub clinicians: Vec<ClinicianBody>,
}

/// Sessions of a plan (or a team) by kind, per week.
#[derive(Serialize, ToSchema)]
pub struct SessionsBody {
    /// Choice sessions.
    pub choice: u32,
    /// Core sessions, free ones included.
    pub core: u32,
    /// Specific sessions per stream.
    pub specific: BTreeMap<String, u32>,
    /// Other sessions per category.
    pub other: BTreeMap<String, u32>,
    /// All sessions.
    pub total: u32,
}

impl From<&SessionCounts> for SessionsBody {
    fn from(c: &SessionCounts) -> Self {
        Self {
            choice: c.choice,
            core: c.core,
            specific: c.specific.clone(),
            other: c
                .other
                .iter()
                .map(|(k, v)| (k.id().to_string(), *v))
                .collect(),
            total: c.total,
        }
    }
}

/// A job plan version with its grid.
#[derive(Serialize, ToSchema)]
pub struct JobPlanBody {
    /// "JOB PLAN #".
    pub version: u32,
    /// First day it applies.
    pub applies_from: Option<NaiveDate>,
    /// Rows (sessions) by days, in the team plan file's cell spellings.
    pub grid: Vec<Vec<String>>,
    /// Sessions by kind.
    pub sessions: SessionsBody,
}

impl From<&JobPlan> for JobPlanBody {
    fn from(p: &JobPlan) -> Self {
        Self {
            version: p.version,
            applies_from: p.applies_from,
            grid: p
                .grid()
                .iter()
                .map(|row| row.iter().map(capa_core::Activity::label).collect())
                .collect(),
            sessions: (&p.counts()).into(),
        }
    }
}

/// `GET .../job-plans`.
#[derive(Serialize, ToSchema)]
pub struct JobPlansBody {
    /// Every version, in version order.
    pub job_plans: Vec<JobPlanBody>,
}

/// A new clinician (with an all-free job plan).
#[derive(Deserialize, ToSchema)]
pub struct NewClinicianBody {
    /// Initials: letters only.
    pub initials: String,
    /// Full name.
    pub name: String,
    /// Discipline.
    pub discipline: Option<String>,
    /// FTE, more than 0 and at most 1 (1 when absent).
    pub fte: Option<f64>,
    /// Whether they do Choice (yes when absent).
    pub does_choice: Option<bool>,
}

/// A new job plan version, copied from the latest.
#[derive(Deserialize, ToSchema)]
pub struct NewVersionBody {
    /// First day it applies (yyyy-mm-dd or dd/mm/yyyy).
    pub applies_from: Option<String>,
}

/// A session's new activity.
#[derive(Deserialize, ToSchema)]
pub struct CellBody {
    /// The team plan file's cell text: "Choice", "Core", "Specific: DBT", "MDT" ...
    pub activity: String,
    /// For Other work, its category (e.g. travel), else worked out from the words.
    pub category: Option<String>,
}

/// A warning of a report.
#[derive(Serialize, ToSchema)]
pub struct WarningBody {
    /// Its code (see the method page).
    pub code: String,
    /// The clinician concerned.
    pub clinician: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl From<&Warning> for WarningBody {
    fn from(w: &Warning) -> Self {
        Self {
            code: w.code.into(),
            clinician: w.clinician.clone(),
            message: w.message.clone(),
        }
    }
}

fn standing(s: capa_core::balance::Standing) -> String {
    use capa_core::balance::Standing;
    match s {
        Standing::Below => "below",
        Standing::Within => "within",
        Standing::Above => "above",
        Standing::Unknown => "unknown",
    }
    .into()
}

/// One clinician's line of a quarter.
#[derive(Serialize, ToSchema)]
pub struct ClinicianCapacityBody {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: Option<String>,
    /// FTE.
    pub fte: f64,
    /// Does Choice.
    pub does_choice: bool,
    /// The job plan version in force at the quarter's start.
    pub job_plan_version: Option<u32>,
    /// Choice sessions a week.
    pub choice_sessions: u32,
    /// Core sessions a week, free ones included.
    pub core_sessions: u32,
    /// Specific sessions a week per stream.
    pub specific_sessions: BTreeMap<String, u32>,
    /// Other sessions a week.
    pub other_sessions: u32,
    /// Working sessions a week.
    pub working_sessions: u32,
    /// Sessions by kind.
    pub sessions: SessionsBody,
    /// Share of the quarter in post (0-1).
    pub in_post: f64,
    /// The Core multiplier.
    pub core_multiplier: f64,
    /// New Core target before rounding.
    pub new_core_unrounded: f64,
    /// New Core Partnerships to start in the quarter.
    pub new_core_target: u32,
    /// Specific targets before rounding, per stream.
    pub specific_unrounded: BTreeMap<String, f64>,
    /// New Specific Partnerships per stream.
    pub specific_targets: BTreeMap<String, u32>,
    /// Choice appointments allocated.
    pub choice_allocation: u32,
    /// Choice appointments the plan holds.
    pub choice_capacity: u32,
    /// Whether the plan holds the allocation.
    pub choice_plan_holds: bool,
    /// How each figure was computed, by figure.
    pub explain: BTreeMap<String, String>,
}

impl From<&ClinicianCapacity> for ClinicianCapacityBody {
    fn from(c: &ClinicianCapacity) -> Self {
        Self {
            initials: c.initials.to_string(),
            name: c.name.clone(),
            discipline: c.discipline.clone(),
            fte: c.fte,
            does_choice: c.does_choice,
            job_plan_version: c.job_plan_version,
            choice_sessions: c.choice_sessions,
            core_sessions: c.core_sessions,
            specific_sessions: c.specific_sessions.clone(),
            other_sessions: c.other_sessions,
            working_sessions: c.working_sessions,
            sessions: (&c.sessions).into(),
            in_post: c.in_post,
            core_multiplier: c.core_multiplier,
            new_core_unrounded: c.new_core_unrounded,
            new_core_target: c.new_core_target,
            specific_unrounded: c.specific_unrounded.clone(),
            specific_targets: c.specific_targets.clone(),
            choice_allocation: c.choice_allocation,
            choice_capacity: c.choice_capacity,
            choice_plan_holds: c.choice_plan_holds,
            explain: explanations_of(c)
                .into_iter()
                .map(|(k, e)| (k.to_string(), e.to_string()))
                .collect(),
        }
    }
}

/// The team's line of a quarter.
#[derive(Serialize, ToSchema)]
pub struct TeamCapacityBody {
    /// Team name.
    pub name: String,
    /// Clinicians.
    pub clinicians: usize,
    /// FTE.
    pub fte_total: f64,
    /// Sessions by kind.
    pub sessions: SessionsBody,
    /// Choice sessions a week.
    pub choice_sessions: u32,
    /// Core sessions a week.
    pub core_sessions: u32,
    /// Working sessions a week.
    pub working_sessions: u32,
    /// The Core multiplier.
    pub core_multiplier: f64,
    /// New Core Partnerships offered.
    pub new_core_total: u32,
    /// New Specific Partnerships per stream.
    pub specific_totals: BTreeMap<String, u32>,
    /// Each stream's multiplier.
    pub stream_multipliers: BTreeMap<String, f64>,
    /// Accepted referrals per week.
    pub accepted_referrals_per_week: f64,
    /// Choice appointments needed.
    pub choice_needed: u32,
    /// Choice appointments allocated.
    pub choice_allocated: u32,
    /// Choice appointments the plans hold.
    pub choice_capacity: u32,
    /// New Core Partnerships needed.
    pub core_demand: f64,
    /// Offered minus needed.
    pub core_surplus: f64,
    /// New Core Partnerships a quarter per weekly accepted referral.
    pub balance_ratio: Option<f64>,
    /// CAPA's band for it.
    pub balance_band: BandBody,
    /// below, within, above or unknown.
    pub balance: String,
    /// Share of working sessions in Choice + Core.
    pub choice_core_share: Option<f64>,
    /// CAPA's band for it.
    pub choice_core_share_band: BandBody,
    /// below, within, above or unknown.
    pub choice_core_standing: String,
    /// How each figure was computed, by figure.
    pub explain: BTreeMap<String, String>,
}

impl From<&TeamCapacity> for TeamCapacityBody {
    fn from(t: &TeamCapacity) -> Self {
        Self {
            name: t.name.clone(),
            clinicians: t.clinicians,
            fte_total: t.fte_total,
            sessions: (&t.sessions).into(),
            choice_sessions: t.choice_sessions,
            core_sessions: t.core_sessions,
            working_sessions: t.working_sessions,
            core_multiplier: t.core_multiplier,
            new_core_total: t.new_core_total,
            specific_totals: t.specific_totals.clone(),
            stream_multipliers: t.stream_multipliers.clone(),
            accepted_referrals_per_week: t.accepted_referrals_per_week,
            choice_needed: t.choice_needed,
            choice_allocated: t.choice_allocated,
            choice_capacity: t.choice_capacity,
            core_demand: t.core_demand,
            core_surplus: t.core_surplus,
            balance_ratio: t.balance_ratio,
            balance_band: (&t.balance_band).into(),
            balance: standing(t.balance),
            choice_core_share: t.choice_core_share,
            choice_core_share_band: (&t.choice_core_share_band).into(),
            choice_core_standing: standing(t.choice_core_standing),
            explain: team_explanations(t)
                .into_iter()
                .map(|(k, e)| (k.to_string(), e.to_string()))
                .collect(),
        }
    }
}

/// A quarter's capacity report, as `capa plan capacity --format json`.
#[derive(Serialize, ToSchema)]
pub struct CapacityBody {
    /// "2026/27 Q2".
    pub quarter: String,
    /// First day.
    pub starts: NaiveDate,
    /// Last day.
    pub ends: NaiveDate,
    /// The team's figures.
    pub team: TeamCapacityBody,
    /// Each clinician's.
    pub clinicians: Vec<ClinicianCapacityBody>,
    /// What needs attention.
    pub warnings: Vec<WarningBody>,
}

impl From<&CapacityReport> for CapacityBody {
    fn from(r: &CapacityReport) -> Self {
        Self {
            quarter: r.quarter.to_string(),
            starts: r.starts,
            ends: r.ends,
            team: (&r.team).into(),
            clinicians: r.clinicians.iter().map(Into::into).collect(),
            warnings: r.warnings.iter().map(Into::into).collect(),
        }
    }
}

/// One clinician's year.
#[derive(Serialize, ToSchema)]
pub struct ClinicianYearBody {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Each quarter's target before rounding.
    pub new_core_unrounded: Vec<f64>,
    /// Each quarter's new Core target, rounded cumulatively.
    pub new_core_targets: Vec<u32>,
    /// The year's.
    pub new_core_total: u32,
    /// Specific targets per stream per quarter.
    pub specific_targets: BTreeMap<String, Vec<u32>>,
    /// The cumulative rounding in words.
    pub explain: String,
}

/// A year of four quarters, rounded cumulatively.
#[derive(Serialize, ToSchema)]
pub struct YearBody {
    /// "2026/27".
    pub year: String,
    /// Its quarters.
    pub quarters: Vec<String>,
    /// Each clinician's year.
    pub clinicians: Vec<ClinicianYearBody>,
    /// The team's new Core targets per quarter.
    pub new_core_targets: Vec<u32>,
    /// The team's year.
    pub new_core_total: u32,
    /// Choice appointments needed per quarter.
    pub choice_needed: Vec<u32>,
    /// Core demand per quarter.
    pub core_demand: Vec<f64>,
    /// Each quarter's warnings.
    pub warnings: Vec<Vec<WarningBody>>,
}

impl From<&YearReport> for YearBody {
    fn from(r: &YearReport) -> Self {
        Self {
            year: r.year.to_string(),
            quarters: r.quarters.iter().map(ToString::to_string).collect(),
            clinicians: r
                .clinicians
                .iter()
                .map(|c| ClinicianYearBody {
                    initials: c.initials.to_string(),
                    name: c.name.clone(),
                    new_core_unrounded: c.new_core_unrounded.clone(),
                    new_core_targets: c.new_core_targets.clone(),
                    new_core_total: c.new_core_total,
                    specific_targets: c.specific_targets.clone(),
                    explain: c.explain.to_string(),
                })
                .collect(),
            new_core_targets: r.new_core_targets.clone(),
            new_core_total: r.new_core_total,
            choice_needed: r.choice_needed.clone(),
            core_demand: r.core_demand.clone(),
            warnings: r
                .warnings
                .iter()
                .map(|q| q.iter().map(Into::into).collect())
                .collect(),
        }
    }
}

/// An appointment of a diary. The family appears as its reference (an NHI or
/// the team's local reference), to members of the team only.
#[derive(Serialize, ToSchema)]
pub struct AppointmentBody {
    /// Appointment id.
    pub id: i64,
    /// Team id.
    pub team: i64,
    /// The clinician's initials.
    pub clinician: String,
    /// "AD4", or "AD Choice".
    pub label: String,
    /// partnership, specific or choice.
    pub kind: String,
    /// The Specific stream, if any.
    pub stream: Option<String>,
    /// The quarter it counts towards (`2026Q3`).
    pub quarter: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Where.
    pub location: Option<String>,
    /// vacant, booked, attended, dna, cancelled_by_family or cancelled_by_service.
    pub state: String,
    /// The family booked.
    pub client: Option<String>,
    /// The Choice appointment a Partnership booking came from.
    pub choice_appointment: Option<i64>,
    /// The missed appointment this one re-offers.
    pub replaces: Option<i64>,
    /// The appointment that re-offers this one.
    pub reoffered_by: Option<i64>,
}

impl From<&Appointment> for AppointmentBody {
    fn from(a: &Appointment) -> Self {
        Self {
            id: a.id.0,
            team: a.team_id.0,
            clinician: a.clinician_initials.clone(),
            label: a.label.clone(),
            kind: a.kind.id().into(),
            stream: a.stream_name.clone(),
            quarter: a.quarter.clone(),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            location: a.location.clone(),
            state: a.state.id().into(),
            client: a.client.as_ref().map(|c| c.reference.clone()),
            choice_appointment: a.choice_appointment_id.map(|i| i.0),
            replaces: a.replaces_id.map(|i| i.0),
            reoffered_by: a.reoffered_by.map(|i| i.0),
        }
    }
}

/// A booking.
#[derive(Deserialize, ToSchema)]
pub struct BookBody {
    /// The family: an NHI or the team's local reference.
    pub client: String,
    /// The Choice appointment the family comes from (Partnership offers only).
    pub choice_appointment: Option<i64>,
}

/// A booking made.
#[derive(Serialize, ToSchema)]
pub struct BookedBody {
    /// Booking id.
    pub booking: i64,
    /// The appointment, now booked.
    pub offer: AppointmentBody,
    /// The family as recorded (upper case).
    pub client: String,
    /// The Choice appointment it came from.
    pub choice_appointment: Option<i64>,
    /// When.
    pub booked_at: DateTime<Utc>,
}

/// A vacant offer suggested instead.
#[derive(Serialize, ToSchema)]
pub struct NextOffer {
    /// Appointment id.
    pub id: i64,
    /// Initials.
    pub clinician: String,
    /// Label.
    pub label: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Always vacant.
    pub state: String,
}

/// 409 when someone else booked the offer a moment before: the next ones.
#[derive(Serialize, ToSchema)]
pub struct JustTakenBody {
    /// What happened.
    pub error: String,
    /// The next vacant offers of the same diary.
    pub next_offers: Vec<NextOffer>,
}

/// An outcome.
#[derive(Deserialize, ToSchema)]
pub struct OutcomeBody {
    /// attended, dna, cancelled_by_family or cancelled_by_service.
    pub outcome: String,
}

/// A new job plan version.
#[derive(Serialize, ToSchema)]
pub struct CreatedVersionBody {
    /// Its number.
    pub version: u32,
    /// First day it applies.
    pub applies_from: Option<NaiveDate>,
}
