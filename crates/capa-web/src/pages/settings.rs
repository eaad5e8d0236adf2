//! Team settings: every setting of the method with its default and meaning.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::explain::n2;
use capa_core::settings::{ChoicePolicy, MultiplierRule, WorkingWeeks};
use capa_core::{Multiplier, SessionLayout, Team, TeamSettings};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::controls::OptionView;
use crate::views::settings::{SettingView, SettingsPage, StreamView};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::SETTINGS, page)
        .post(path::SETTINGS, save)
}

/// Longest team name.
const MAX_NAME: usize = 200;

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
        error: String::new(),
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
            error: String::new(),
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
                .filter_map(|id| SessionLayout::builtin(id))
                .map(|l| OptionView {
                    selected: l.id == s.layout.id,
                    value: l.id,
                    label: l.name,
                })
                .collect(),
            step: "",
            error: String::new(),
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
            error: String::new(),
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
            options: [
                ("equal", "Equal"),
                ("fte", "Pro rata to FTE"),
                ("manual", "Manual"),
            ]
            .into_iter()
            .map(|(value, label)| OptionView {
                value: value.into(),
                label: label.into(),
                selected: value
                    == match s.choice_allocation {
                        ChoicePolicy::Equal => "equal",
                        ChoicePolicy::Fte => "fte",
                        ChoicePolicy::Manual => "manual",
                    },
            })
            .collect(),
            step: "",
            error: String::new(),
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

impl SettingsForm {
    /// Every field with its name, to show the form again as typed.
    fn values(&self) -> [(&'static str, &str); 21] {
        [
            ("name", &self.name),
            ("layout", &self.layout),
            ("year_start_month", &self.year_start_month),
            ("time_zone", &self.time_zone),
            ("hours_per_week", &self.hours_per_week),
            (
                "accepted_referrals_per_week",
                &self.accepted_referrals_per_week,
            ),
            ("conversion_to_core", &self.conversion_to_core),
            ("core_multiplier", &self.core_multiplier),
            ("core_average_appointments", &self.core_average_appointments),
            (
                "core_appointments_per_session",
                &self.core_appointments_per_session,
            ),
            ("working_weeks_per_quarter", &self.working_weeks_per_quarter),
            ("annual_leave_days", &self.annual_leave_days),
            ("public_holidays", &self.public_holidays),
            ("study_days", &self.study_days),
            ("choice_allocation", &self.choice_allocation),
            (
                "choice_appointments_per_session",
                &self.choice_appointments_per_session,
            ),
            ("balance_low", &self.balance_low),
            ("balance_high", &self.balance_high),
            ("share_low", &self.share_low),
            ("share_high", &self.share_high),
            ("diary_notice_weeks", &self.diary_notice_weeks),
        ]
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

/// Reads the form into settings (streams kept from `current`); every problem
/// goes to the field it is about.
fn read(f: &SettingsForm, current: &TeamSettings, e: &mut FormErrors) -> TeamSettings {
    let mut s = current.clone();
    s.name = f.name.trim().to_string();
    if s.name.is_empty() {
        e.field("name", "the team needs a name");
    } else if s.name.chars().count() > MAX_NAME {
        e.field(
            "name",
            format!("a team's name has at most {MAX_NAME} characters"),
        );
    }
    match SessionLayout::builtin(&f.layout) {
        Some(l) => s.layout = l,
        None => e.field("layout", format!("unknown layout '{}'", f.layout)),
    }
    match f.year_start_month.trim().parse() {
        Ok(m) => s.year_start_month = m,
        Err(_) => e.field(
            "year_start_month",
            "the year's first month is a number 1-12",
        ),
    }
    if let Some(z) = e.take(
        "time_zone",
        capa_core::Zone::parse(&f.time_zone).map_err(|z| z.to_string()),
    ) {
        s.time_zone = z;
    }
    let mut num = |field: &str, text: &str, what: &str, target: &mut f64| {
        if let Some(v) = e.take(field, required(text, what)) {
            *target = v;
        }
    };
    num(
        "hours_per_week",
        &f.hours_per_week,
        "hours per week",
        &mut s.hours_per_week,
    );
    num(
        "accepted_referrals_per_week",
        &f.accepted_referrals_per_week,
        "accepted referrals per week",
        &mut s.accepted_referrals_per_week,
    );
    num(
        "conversion_to_core",
        &f.conversion_to_core,
        "conversion to Core",
        &mut s.conversion_to_core,
    );
    num(
        "choice_appointments_per_session",
        &f.choice_appointments_per_session,
        "Choice appointments per session",
        &mut s.choice_appointments_per_session,
    );
    num(
        "balance_low",
        &f.balance_low,
        "balance from",
        &mut s.balance_band.low,
    );
    num(
        "balance_high",
        &f.balance_high,
        "balance to",
        &mut s.balance_band.high,
    );
    num(
        "share_low",
        &f.share_low,
        "share from",
        &mut s.choice_core_share_band.low,
    );
    num(
        "share_high",
        &f.share_high,
        "share to",
        &mut s.choice_core_share_band.high,
    );
    let multiplier = e.take(
        "core_multiplier",
        number(&f.core_multiplier, "Core multiplier"),
    );
    let average = e.take(
        "core_average_appointments",
        number(&f.core_average_appointments, "average appointments"),
    );
    let per_session = e.take(
        "core_appointments_per_session",
        number(&f.core_appointments_per_session, "appointments per session"),
    );
    match (multiplier, average) {
        (Some(Some(value)), Some(None)) => s.core_multiplier = MultiplierRule::Fixed { value },
        (Some(None), Some(Some(average_appointments))) => {
            s.core_multiplier = MultiplierRule::Derived {
                appointments_per_session: per_session.flatten().unwrap_or(2.0),
                working_weeks_per_quarter: None,
                average_appointments,
            }
        }
        (Some(Some(_)), Some(Some(_))) => e.field(
            "core_multiplier",
            "give the Core multiplier or the average appointments, not both",
        ),
        (Some(None), Some(None)) => e.field(
            "core_multiplier",
            "give the Core multiplier (3 by default) or the average appointments to derive it",
        ),
        _ => {}
    }
    let days = [
        e.take(
            "annual_leave_days",
            number(&f.annual_leave_days, "annual leave days"),
        ),
        e.take(
            "public_holidays",
            number(&f.public_holidays, "public holidays"),
        ),
        e.take("study_days", number(&f.study_days, "study days")),
    ];
    let days: Option<Vec<Option<f64>>> = days.into_iter().collect();
    if let (Some(weeks), Some(days)) = (
        e.take(
            "working_weeks_per_quarter",
            number(&f.working_weeks_per_quarter, "working weeks"),
        ),
        days,
    ) {
        match (weeks, days.iter().any(Option::is_some)) {
            (Some(weeks), false) => s.working_weeks = WorkingWeeks::Fixed { weeks },
            (None, true) => {
                s.working_weeks = WorkingWeeks::FromDaysAway {
                    annual_leave_days: days[0].unwrap_or(0.0),
                    public_holidays: days[1].unwrap_or(0.0),
                    study_days: days[2].unwrap_or(0.0),
                }
            }
            (Some(_), true) => e.field(
                "working_weeks_per_quarter",
                "give working weeks per quarter or the days away, not both",
            ),
            (None, false) => s.working_weeks = WorkingWeeks::default(),
        }
    }
    match ChoicePolicy::parse(&f.choice_allocation) {
        Some(p) => s.choice_allocation = p,
        None => e.field(
            "choice_allocation",
            format!("unknown Choice allocation '{}'", f.choice_allocation),
        ),
    }
    if s.balance_band.low > s.balance_band.high {
        e.field("balance_low", "a band's 'from' must not be above its 'to'");
    }
    if s.choice_core_share_band.low > s.choice_core_share_band.high {
        e.field("share_low", "a band's 'from' must not be above its 'to'");
    }
    match f.diary_notice_weeks.trim().parse() {
        Ok(w) => s.diary_notice_weeks = w,
        Err(_) => e.field(
            "diary_notice_weeks",
            "diary notice is a whole number of weeks",
        ),
    }
    s
}

/// `Team::new`'s field names as the form's.
fn form_field(team_field: &str) -> Option<&'static str> {
    Some(match team_field {
        "name" => "name",
        "year_start_month" => "year_start_month",
        "hours_per_week" => "hours_per_week",
        "accepted_referrals_per_week" => "accepted_referrals_per_week",
        "conversion_to_core" => "conversion_to_core",
        "average_appointments" => "core_average_appointments",
        "core_multiplier" | "multiplier" => "core_multiplier",
        "working_weeks_per_quarter" | "working_weeks" => "working_weeks_per_quarter",
        "choice_appointments_per_session" => "choice_appointments_per_session",
        "balance_band" => "balance_low",
        "choice_core_share_band" => "share_low",
        "diary_notice_weeks" => "diary_notice_weeks",
        _ => return None,
    })
}

fn page_of(ctx: TeamContext, typed: Option<&SettingsForm>, errors: FormErrors) -> SettingsPage {
    let settings = &ctx.team().settings;
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
    let mut fields = views(settings);
    for v in &mut fields {
        if let Some(f) = typed
            && let Some((_, value)) = f.values().into_iter().find(|(n, _)| *n == v.name)
        {
            v.value = value.to_string();
            for o in &mut v.options {
                o.selected = o.value == value;
            }
        }
        v.error = errors.of(v.name).to_string();
    }
    SettingsPage {
        can_edit: ctx.access.may_plan_team(),
        settings: fields,
        streams,
        action: ctx.urls.settings(),
        errors,
        chrome: ctx.chrome(Page::Settings),
    }
}

/// `GET /teams/{team}/settings`.
async fn page(ctx: TeamContext) -> SettingsPage {
    page_of(ctx, None, FormErrors::new())
}

/// `POST /teams/{team}/settings`.
async fn save(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<SettingsForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let mut errors = FormErrors::new();
    let s = read(&form, &ctx.team().settings, &mut errors);
    if errors.is_empty() {
        match Team::new(s.clone(), ctx.team().clinicians.clone()) {
            Err(found) => {
                for e in found {
                    match form_field(e.field) {
                        Some(f) => errors.field(f, e.message),
                        None => errors.form(e.message),
                    }
                }
            }
            Ok(_) => match state
                .store
                .update_team_settings(ctx.user.actor(), ctx.id(), &s)
                .await
            {
                Ok(()) => {
                    return Ok(Done::to(
                        ctx.urls.plan(),
                        "Saved the team's settings; the figures below use them.",
                    )
                    .into_response());
                }
                Err(e) => errors.form(AppError::from(e).to_string()),
            },
        }
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        page_of(ctx, Some(&form), errors),
    )
        .into_response())
}
