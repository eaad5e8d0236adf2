//! Team settings: every setting of the method with its default and meaning.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::explain::n2;
use capa_core::settings::{Band, ChoicePolicy, MultiplierRule, WorkingWeeks};
use capa_core::{Multiplier, SessionLayout, Team, TeamSettings};
use serde::Deserialize;

use super::TeamPage;
use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::pages::{SettingView, SettingsPage, StreamView};

fn opt(x: Option<f64>) -> String {
    x.map(n2).unwrap_or_default()
}

fn views(s: &TeamSettings) -> Vec<SettingView> {
    let d = TeamSettings::new("");
    let num = |name, label, value: String, default: String, help, step| SettingView {
        name,
        label,
        value,
        default,
        help,
        kind: "number",
        options: Vec::new(),
        step,
    };
    let (fixed_weeks, leave, holidays, study) = match &s.working_weeks {
        WorkingWeeks::Fixed { weeks } => (Some(*weeks), None, None, None),
        WorkingWeeks::FromDaysAway {
            annual_leave_days,
            public_holidays,
            study_days,
        } => (
            None,
            Some(*annual_leave_days),
            Some(*public_holidays),
            Some(*study_days),
        ),
    };
    let (multiplier, average, per_session) = match &s.core_multiplier {
        MultiplierRule::Fixed { value } => (Some(*value), None, None),
        MultiplierRule::Derived {
            average_appointments,
            appointments_per_session,
            ..
        } => (
            None,
            Some(*average_appointments),
            Some(*appointments_per_session),
        ),
    };
    vec![
        SettingView {
            name: "name",
            label: "Team name",
            value: s.name.clone(),
            default: "none".into(),
            help: "Shown on every page and export.",
            kind: "text",
            options: Vec::new(),
            step: "",
        },
        SettingView {
            name: "layout",
            label: "Session layout",
            value: s.layout.id.clone(),
            default: d.layout.id.clone(),
            help: "How the day divides into job-plan sessions. New Zealand: four one-hour sessions with wriggle time; UK: two half days.",
            kind: "select",
            options: SessionLayout::BUILTIN_IDS
                .iter()
                .filter_map(|id| SessionLayout::builtin(id).map(|l| (l.id, l.name)))
                .collect(),
            step: "",
        },
        num(
            "year_start_month",
            "Year starts in month",
            s.year_start_month.to_string(),
            "7 (July)".into(),
            "The planning year starts on the first Monday on or after the 1st of this month.",
            "1",
        ),
        SettingView {
            name: "time_zone",
            label: "Time zone",
            value: s.time_zone.to_string(),
            default: d.time_zone.to_string(),
            help: "Decides which quarter 'today' is in.",
            kind: "text",
            options: Vec::new(),
            step: "",
        },
        num(
            "hours_per_week",
            "Hours per week",
            n2(s.hours_per_week),
            "40 (UK 37.5)".into(),
            "Contracted hours. New Zealand's 40-hour week is part of why a multiplier of 3 is sustainable there.",
            "0.5",
        ),
        num(
            "accepted_referrals_per_week",
            "Accepted referrals per week",
            n2(s.accepted_referrals_per_week),
            "0".into(),
            "Drives the Choice appointments needed and the Core demand.",
            "0.1",
        ),
        num(
            "conversion_to_core",
            "Conversion to Core Partnership",
            n2(s.conversion_to_core),
            n2(d.conversion_to_core),
            "Share of Choice appointments that go on to Core Partnership (CAPA reports 66-70%).",
            "0.01",
        ),
        num(
            "core_multiplier",
            "Core multiplier",
            opt(multiplier),
            "3".into(),
            "New Core Partnerships per weekly Core session per quarter. Leave empty to derive it from the average below.",
            "0.01",
        ),
        num(
            "core_average_appointments",
            "or: average Core appointments",
            opt(average),
            "none".into(),
            "Derives the multiplier: appointments per session x working weeks / this average (CAPA: 2 x 11.25 / 7.5 = 3).",
            "0.1",
        ),
        num(
            "core_appointments_per_session",
            "Appointments per session (derived)",
            opt(per_session.or(Some(2.0))),
            "2".into(),
            "Used with the average above.",
            "0.5",
        ),
        num(
            "working_weeks_per_quarter",
            "Working weeks per quarter",
            opt(fixed_weeks),
            "11.25".into(),
            "Weeks worked in a 13-week quarter (CAPA: about 45 of 52). Leave empty to derive from the days away below.",
            "0.05",
        ),
        num(
            "annual_leave_days",
            "or: annual leave days a year",
            opt(leave),
            "none".into(),
            "With public holidays and study days: 13 - days away / (4 x working days a week).",
            "1",
        ),
        num(
            "public_holidays",
            "public holidays a year",
            opt(holidays),
            "none".into(),
            "",
            "1",
        ),
        num(
            "study_days",
            "study days a year",
            opt(study),
            "none".into(),
            "",
            "1",
        ),
        SettingView {
            name: "choice_allocation",
            label: "Choice allocation",
            value: match s.choice_allocation {
                ChoicePolicy::Equal => "equal",
                ChoicePolicy::Fte => "fte",
                ChoicePolicy::Manual => "manual",
            }
            .into(),
            default: "equal".into(),
            help: "There is no CAPA rule: share equally, pro rata to FTE, or enter each clinician's number.",
            kind: "select",
            options: vec![
                ("equal".into(), "Equal".into()),
                ("fte".into(), "Pro rata to FTE".into()),
                ("manual".into(), "Manual".into()),
            ],
            step: "",
        },
        num(
            "choice_appointments_per_session",
            "Choice appointments per session",
            n2(s.choice_appointments_per_session),
            "1".into(),
            "For the check that each plan holds its Choice allocation.",
            "1",
        ),
        num(
            "balance_low",
            "Balance ratio from",
            n2(s.balance_band.low),
            "8".into(),
            "CAPA: a team is broadly in balance when new Core Partnerships a quarter are 8-9 times weekly accepted referrals.",
            "0.1",
        ),
        num(
            "balance_high",
            "Balance ratio to",
            n2(s.balance_band.high),
            "9".into(),
            "",
            "0.1",
        ),
        num(
            "share_low",
            "Choice + Core share from",
            n2(s.choice_core_share_band.low),
            "0.3".into(),
            "CAPA finds 30-40% of sessions in Choice + Core sustainable.",
            "0.01",
        ),
        num(
            "share_high",
            "Choice + Core share to",
            n2(s.choice_core_share_band.high),
            "0.4".into(),
            "",
            "0.01",
        ),
        num(
            "diary_notice_weeks",
            "Diary notice (weeks)",
            s.diary_notice_weeks.to_string(),
            "6".into(),
            "Offers for a quarter are due in the Partnership diary this many weeks before it starts.",
            "1",
        ),
    ]
}

/// The settings form.
#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    name: String,
    layout: String,
    year_start_month: String,
    time_zone: String,
    hours_per_week: String,
    accepted_referrals_per_week: String,
    conversion_to_core: String,
    core_multiplier: String,
    core_average_appointments: String,
    core_appointments_per_session: String,
    working_weeks_per_quarter: String,
    annual_leave_days: String,
    public_holidays: String,
    study_days: String,
    choice_allocation: String,
    choice_appointments_per_session: String,
    balance_low: String,
    balance_high: String,
    share_low: String,
    share_high: String,
    diary_notice_weeks: String,
}

impl CarriesCsrf for SettingsForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn number(text: &str, what: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .map(Some)
        .map_err(|_| format!("{what}: '{t}' is not a number"))
}

fn required(text: &str, what: &str) -> Result<f64, String> {
    number(text, what)?.ok_or_else(|| format!("{what} is required"))
}

/// Reads the form into settings (streams kept from `current`).
fn read(f: &SettingsForm, current: &TeamSettings) -> Result<TeamSettings, String> {
    let mut s = current.clone();
    s.name = f.name.trim().to_string();
    if s.name.is_empty() {
        return Err("the team needs a name".into());
    }
    s.layout = SessionLayout::builtin(&f.layout)
        .ok_or_else(|| format!("unknown layout '{}'", f.layout))?;
    s.year_start_month = f
        .year_start_month
        .trim()
        .parse()
        .map_err(|_| "the year's first month is a number 1-12".to_string())?;
    s.time_zone = capa_core::Zone::parse(&f.time_zone).map_err(|e| e.to_string())?;
    s.hours_per_week = required(&f.hours_per_week, "hours per week")?;
    s.accepted_referrals_per_week = required(
        &f.accepted_referrals_per_week,
        "accepted referrals per week",
    )?;
    s.conversion_to_core = required(&f.conversion_to_core, "conversion to Core")?;
    s.core_multiplier = match (
        number(&f.core_multiplier, "Core multiplier")?,
        number(&f.core_average_appointments, "average appointments")?,
    ) {
        (Some(value), None) => MultiplierRule::Fixed { value },
        (None, Some(average_appointments)) => MultiplierRule::Derived {
            appointments_per_session: number(
                &f.core_appointments_per_session,
                "appointments per session",
            )?
            .unwrap_or(2.0),
            working_weeks_per_quarter: None,
            average_appointments,
        },
        (Some(_), Some(_)) => {
            return Err("give the Core multiplier or the average appointments, not both".into());
        }
        (None, None) => {
            return Err(
                "give the Core multiplier (3 by default) or the average appointments to derive it"
                    .into(),
            );
        }
    };
    let days = [
        number(&f.annual_leave_days, "annual leave days")?,
        number(&f.public_holidays, "public holidays")?,
        number(&f.study_days, "study days")?,
    ];
    s.working_weeks = match (
        number(&f.working_weeks_per_quarter, "working weeks")?,
        days.iter().any(Option::is_some),
    ) {
        (Some(weeks), false) => WorkingWeeks::Fixed { weeks },
        (None, true) => WorkingWeeks::FromDaysAway {
            annual_leave_days: days[0].unwrap_or(0.0),
            public_holidays: days[1].unwrap_or(0.0),
            study_days: days[2].unwrap_or(0.0),
        },
        (Some(_), true) => {
            return Err("give working weeks per quarter or the days away, not both".into());
        }
        (None, false) => WorkingWeeks::default(),
    };
    s.choice_allocation = ChoicePolicy::parse(&f.choice_allocation)
        .ok_or_else(|| format!("unknown Choice allocation '{}'", f.choice_allocation))?;
    s.choice_appointments_per_session = required(
        &f.choice_appointments_per_session,
        "Choice appointments per session",
    )?;
    s.balance_band = Band {
        low: required(&f.balance_low, "balance from")?,
        high: required(&f.balance_high, "balance to")?,
    };
    s.choice_core_share_band = Band {
        low: required(&f.share_low, "share from")?,
        high: required(&f.share_high, "share to")?,
    };
    if s.balance_band.low > s.balance_band.high
        || s.choice_core_share_band.low > s.choice_core_share_band.high
    {
        return Err("a band's 'from' must not be above its 'to'".into());
    }
    s.diary_notice_weeks = f
        .diary_notice_weeks
        .trim()
        .parse()
        .map_err(|_| "diary notice is a whole number of weeks".to_string())?;
    Ok(s)
}

fn page_of(p: TeamPage, settings: &TeamSettings, error: Option<String>) -> SettingsPage {
    let streams = settings
        .streams
        .iter()
        .filter_map(|st| {
            Multiplier::stream(settings, &st.name).map(|m| StreamView {
                name: st.name.clone(),
                multiplier: format!("{} ({})", n2(m.value), m.explain),
            })
        })
        .collect();
    SettingsPage {
        can_edit: p.access.plans_team(),
        settings: views(settings),
        streams,
        action: format!("/teams/{}/settings", p.stored.id),
        error,
        chrome: p.chrome,
    }
}

/// `GET /teams/{team}/settings`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<SettingsPage> {
    let p = TeamPage::load(&state, &user, team, Page::Settings).await?;
    let s = p.stored.team.settings.clone();
    Ok(page_of(p, &s, None))
}

/// `POST /teams/{team}/settings`.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Checked(form): Checked<SettingsForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Settings).await?;
    p.access.require_planner()?;
    let checked = read(&form, &p.stored.team.settings).and_then(|s| {
        Team::new(s.clone(), p.stored.team.clinicians.clone())
            .map(|_| s)
            .map_err(|errors| {
                errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
    });
    match checked {
        Ok(s) => match state
            .store
            .update_team_settings(user.actor(), p.stored.id, &s)
            .await
        {
            Ok(()) => Ok(Redirect::to(&format!("/teams/{team}")).into_response()),
            Err(e) => {
                let message = AppError::from(e).to_string();
                let current = p.stored.team.settings.clone();
                Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    page_of(p, &current, Some(message)),
                )
                    .into_response())
            }
        },
        Err(message) => {
            let current = p.stored.team.settings.clone();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page_of(p, &current, Some(message)),
            )
                .into_response())
        }
    }
}
