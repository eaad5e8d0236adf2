//! The monitor's team settings: the open caseload above which
//! `caseload_high` is flagged (full time, pro rata to FTE) and the two
//! access targets (weeks and share seen). Every member reads them; the team
//! lead changes them (audited by the store).

use axum::extract::State;
use capa_core::monitor::{AccessTarget, MonitorSettings};
use serde::Deserialize;

use super::links::{Links, path};
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::AppError;
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::views::chrome::Page;
use crate::views::monitor::settings::{MonitorSettingsPage, SettingField};

/// The routes of the monitor's settings.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::SETTINGS, page)
        .post(path::SETTINGS, save)
}

/// The form, as typed.
#[derive(Deserialize, Default, Clone)]
struct SettingsForm {
    #[serde(default)]
    caseload_threshold: String,
    #[serde(default)]
    short_weeks: String,
    #[serde(default)]
    short_percent: String,
    #[serde(default)]
    long_weeks: String,
    #[serde(default)]
    long_percent: String,
}

impl SettingsForm {
    fn of(s: &MonitorSettings) -> Self {
        let pc = |x: f64| capa_core::explain::num(x * 100.0, 1);
        Self {
            caseload_threshold: s.caseload_threshold.to_string(),
            short_weeks: s.short_wait.weeks.to_string(),
            short_percent: pc(s.short_wait.share),
            long_weeks: s.long_wait.weeks.to_string(),
            long_percent: pc(s.long_wait.share),
        }
    }

    /// The settings, or the errors by field (whole numbers 1-1000 for the
    /// threshold, 1-52 weeks, 1-100 percent).
    fn read(&self, mut s: MonitorSettings) -> Result<MonitorSettings, FormErrors> {
        let mut e = FormErrors::new();
        let whole = |t: &str, max: u32, what: &str| {
            t.trim()
                .parse::<u32>()
                .ok()
                .filter(|v| (1..=max).contains(v))
                .ok_or_else(|| format!("{what}: a whole number from 1 to {max}"))
        };
        let percent = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| (1.0..=100.0).contains(v))
                .map(|v| v / 100.0)
                .ok_or_else(|| "a percentage from 1 to 100".to_string())
        };
        let threshold = e.take(
            "caseload_threshold",
            whole(&self.caseload_threshold, 1000, "open Partnerships"),
        );
        let sw = e.take("short_weeks", whole(&self.short_weeks, 52, "weeks"));
        let sp = e.take("short_percent", percent(&self.short_percent));
        let lw = e.take("long_weeks", whole(&self.long_weeks, 52, "weeks"));
        let lp = e.take("long_percent", percent(&self.long_percent));
        match (threshold, sw, sp, lw, lp) {
            (Some(t), Some(sw), Some(sp), Some(lw), Some(lp)) if e.is_empty() => {
                s.caseload_threshold = t;
                s.short_wait = AccessTarget {
                    weeks: sw,
                    share: sp,
                };
                s.long_wait = AccessTarget {
                    weeks: lw,
                    share: lp,
                };
                Ok(s)
            }
            _ => Err(e),
        }
    }
}

fn view(ctx: &TeamContext, f: &SettingsForm, errors: FormErrors) -> MonitorSettingsPage {
    let field =
        |name: &'static str, label: &'static str, help: &'static str, value: &str| SettingField {
            name,
            label,
            help,
            value: value.to_string(),
            error: errors.of(name).to_string(),
        };
    MonitorSettingsPage {
        chrome: ctx.chrome(Page::Settings),
        can_edit: ctx.access.may_plan_team(),
        action: Links::new(ctx.id().0).settings(),
        fields: vec![
            field(
                "caseload_threshold",
                "Caseload threshold (open Partnerships, full time)",
                "caseload_high is flagged above this, pro rata to FTE. CAPA's default: 20.",
                &f.caseload_threshold,
            ),
            field(
                "short_weeks",
                "Short access target: weeks",
                "New Zealand's target: seen at Choice within 3 weeks.",
                &f.short_weeks,
            ),
            field(
                "short_percent",
                "Short access target: share seen, %",
                "New Zealand's target: 80%.",
                &f.short_percent,
            ),
            field(
                "long_weeks",
                "Long access target: weeks",
                "New Zealand's target: within 8 weeks.",
                &f.long_weeks,
            ),
            field(
                "long_percent",
                "Long access target: share seen, %",
                "New Zealand's target: 95%.",
                &f.long_percent,
            ),
        ],
        errors,
        monitor: Links::new(ctx.id().0).monitor(None),
    }
}

/// `GET /teams/{team}/settings/monitoring`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
) -> Result<MonitorSettingsPage, AppError> {
    let s = state.store.monitor_settings(ctx.id()).await?;
    Ok(view(&ctx, &SettingsForm::of(&s), FormErrors::new()))
}

/// `POST /teams/{team}/settings/monitoring`: a form that cannot be used is
/// shown again as typed, with its errors by field (422).
async fn save(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(f): Form<SettingsForm>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    ctx.access.require(Permission::PlanTeam)?;
    let current = state.store.monitor_settings(ctx.id()).await?;
    match f.read(current) {
        Ok(s) => {
            state
                .store
                .set_monitor_settings(ctx.user.actor(), ctx.id(), &s)
                .await?;
            Ok(Done::to(
                Links::new(ctx.id().0).settings(),
                "Monitoring settings saved.",
            )
            .into_response())
        }
        Err(errors) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            view(&ctx, &f, errors),
        )
            .into_response()),
    }
}
