//! Public holidays (the team lead's) and leave (a clinician's own, or anyone's
//! for the lead): offers are never proposed on these days.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::dates::parse_date;
use capa_store::{ClinicianId, HolidayId, LeaveId};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Empty, Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::controls::OptionView;
use crate::views::diary::absences::{AbsenceForms, AbsencesPage, HolidayLine, LeaveLine};
use crate::views::format::dmy;

/// The routes of holidays and leave.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::ABSENCES, page)
        .post(path::HOLIDAYS, add_holiday)
        .post(path::HOLIDAY_REMOVE, remove_holiday)
        .post(path::LEAVE, add_leave)
        .post(path::LEAVE_REMOVE, remove_leave)
}

/// Longest holiday name.
const MAX_NAME: usize = 100;

async fn view(
    state: &AppState,
    ctx: TeamContext,
    typed: AbsenceForms,
    errors: FormErrors,
) -> PageResult<AbsencesPage> {
    let today = ctx.today();
    let from = today - Days::new(31);
    let to = today + Days::new(400);
    let plans = ctx.access.may_plan_team();
    let holidays = state
        .store
        .holidays(ctx.id(), Some(from), Some(to))
        .await?
        .into_iter()
        .map(|h| HolidayLine {
            day: h.day.format("%a %d/%m/%Y").to_string(),
            name: h.name,
            remove: plans.then(|| ctx.urls.holiday_remove(h.id.0)),
        })
        .collect();
    let initials: HashMap<ClinicianId, String> = ctx
        .stored
        .clinician_ids
        .iter()
        .zip(&ctx.team().clinicians)
        .map(|(id, c)| (*id, c.initials.to_string()))
        .collect();
    let leave = state
        .store
        .leave(ctx.id(), Some(from), Some(to))
        .await?
        .into_iter()
        .map(|l| LeaveLine {
            who: initials.get(&l.clinician_id).cloned().unwrap_or_default(),
            dates: format!("{} to {}", dmy(l.first_day), dmy(l.last_day)),
            remove: ctx
                .access
                .may_act_for(l.clinician_id)
                .then(|| ctx.urls.leave_remove(l.id.0)),
        })
        .collect();
    let own = ctx.access.own_clinician();
    let clinicians = ctx
        .stored
        .clinician_ids
        .iter()
        .zip(&ctx.team().clinicians)
        .filter(|(id, _)| ctx.access.may_act_for(**id))
        .map(|(id, c)| OptionView::plain(c.initials.to_string(), Some(*id) == own))
        .collect();
    Ok(AbsencesPage {
        holidays,
        leave,
        clinicians,
        holiday_action: plans.then(|| ctx.urls.holidays()),
        leave_action: ctx.urls.leave(),
        typed,
        errors,
        chrome: ctx.chrome(Page::Diary),
    })
}

/// `GET /teams/{team}/diary/absences`.
async fn page(State(state): State<AppState>, ctx: TeamContext) -> PageResult<AbsencesPage> {
    view(&state, ctx, AbsenceForms::default(), FormErrors::new()).await
}

fn date(errors: &mut FormErrors, field: &str, text: &str) -> Option<NaiveDate> {
    let d = parse_date(text);
    if d.is_none() {
        errors.field(
            field,
            format!("'{}' is not a date; use dd/mm/yyyy", text.trim()),
        );
    }
    d
}

/// A new holiday.
#[derive(Deserialize)]
struct HolidayForm {
    day: String,
    name: String,
}

/// `POST /teams/{team}/diary/absences/holidays`.
async fn add_holiday(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(f): Form<HolidayForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let mut errors = FormErrors::new();
    let day = date(&mut errors, "day", &f.day);
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        errors.field(
            "name",
            format!("name the holiday in 1 to {MAX_NAME} characters"),
        );
    }
    if let (Some(day), true) = (day, errors.is_empty()) {
        match state
            .store
            .add_holiday(ctx.user.actor(), ctx.id(), day, name)
            .await
        {
            Ok(_) => {
                return Ok(Done::to(
                    ctx.urls.absences(),
                    format!("Added {name} on {}.", dmy(day)),
                )
                .into_response());
            }
            Err(e) => errors.field("day", AppError::from(e).to_string()),
        }
    }
    let typed = AbsenceForms {
        day: f.day,
        name: f.name,
        ..AbsenceForms::default()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        view(&state, ctx, typed, errors).await?,
    )
        .into_response())
}

/// An entry in a path.
#[derive(Deserialize)]
struct EntryPath {
    id: i64,
}

/// `POST /teams/{team}/diary/absences/holidays/{id}/remove`.
async fn remove_holiday(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<EntryPath>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
    ctx.access.require(Permission::PlanTeam)?;
    let holiday = state
        .store
        .holidays(ctx.id(), None, None)
        .await?
        .into_iter()
        .find(|h| h.id == HolidayId(p.id))
        .ok_or_else(|| AppError::NotFound("no such holiday in this team".into()))?;
    state
        .store
        .remove_holiday(ctx.user.actor(), HolidayId(p.id))
        .await?;
    Ok(Done::to(
        ctx.urls.absences(),
        format!("Removed {} on {}.", holiday.name, dmy(holiday.day)),
    ))
}

/// New leave.
#[derive(Deserialize)]
struct LeaveForm {
    clinician: String,
    first_day: String,
    last_day: String,
}

/// `POST /teams/{team}/diary/absences/leave`: a clinician's own, or anyone's for the lead.
async fn add_leave(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(f): Form<LeaveForm>,
) -> PageResult<Response> {
    let (_, id) = ctx.clinician(&f.clinician)?;
    ctx.access.require(Permission::ActFor(id))?;
    let mut errors = FormErrors::new();
    let first = date(&mut errors, "first_day", &f.first_day);
    let last = date(&mut errors, "last_day", &f.last_day);
    if let (Some(first), Some(last)) = (first, last) {
        match state
            .store
            .add_leave(ctx.user.actor(), id, first, last)
            .await
        {
            Ok(_) => {
                return Ok(Done::to(
                    ctx.urls.absences(),
                    format!(
                        "Added leave for {} from {} to {}; no offers are proposed then.",
                        f.clinician.trim().to_uppercase(),
                        dmy(first),
                        dmy(last)
                    ),
                )
                .into_response());
            }
            Err(e) => errors.field("last_day", AppError::from(e).to_string()),
        }
    }
    let typed = AbsenceForms {
        first_day: f.first_day,
        last_day: f.last_day,
        ..AbsenceForms::default()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        view(&state, ctx, typed, errors).await?,
    )
        .into_response())
}

/// `POST /teams/{team}/diary/absences/leave/{id}/remove`.
async fn remove_leave(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<EntryPath>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
    let entry = state
        .store
        .leave(ctx.id(), None, None)
        .await?
        .into_iter()
        .find(|l| l.id == LeaveId(p.id))
        .ok_or_else(|| AppError::NotFound("no such leave in this team".into()))?;
    ctx.access.require(Permission::ActFor(entry.clinician_id))?;
    state
        .store
        .remove_leave(ctx.user.actor(), LeaveId(p.id))
        .await?;
    Ok(Done::to(
        ctx.urls.absences(),
        format!(
            "Removed the leave from {} to {}.",
            dmy(entry.first_day),
            dmy(entry.last_day)
        ),
    ))
}
