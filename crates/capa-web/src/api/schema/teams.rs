//! Bodies of teams, settings, clinicians and job plans.

use std::collections::BTreeMap;

use capa_core::settings::{Band, ChoicePolicy, MultiplierRule, WorkingWeeks};
use capa_core::{Clinician, JobPlan, SessionCounts, SessionLayout, TeamSettings};
use capa_store::ClinicianId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    /// The public holiday calendar (`nz`, `nz-auckland`, `uk-england-wales` ...).
    pub holiday_calendar: String,
    /// Leave longer than this many weeks reduces a clinician's targets.
    pub long_leave_weeks: u32,
    /// Working days after a missed first appointment by which it is re-offered.
    pub reoffer_working_days: u32,
    /// Weeks within which a preferred clinician's offers come first.
    pub max_wait_weeks: u32,
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
            holiday_calendar: s.holiday_calendar.id(),
            long_leave_weeks: s.long_leave_weeks,
            reoffer_working_days: s.reoffer_working_days,
            max_wait_weeks: s.max_wait_weeks,
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

/// A new job plan version.
#[derive(Serialize, ToSchema)]
pub struct CreatedVersionBody {
    /// Its number.
    pub version: u32,
    /// First day it applies.
    pub applies_from: Option<NaiveDate>,
}
