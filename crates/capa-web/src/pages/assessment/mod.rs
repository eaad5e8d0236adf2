//! The CAPA self-assessment pages: the team's reviews with their history
//! chart and the form to start one (`GET`/`POST /assessment`), one review
//! rated item by item ([`review`]), its A4 summary and exports ([`export`]).
//! Paths are in [`links`]. Every member of the team reads; the team lead or
//! an administrator starts reviews and rates.

pub mod export;
pub mod links;
pub mod review;

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::assessment::{Group, score};
use capa_core::dates::parse_date;
use capa_store::{AssessmentId, StoreError};

use crate::AppState;
use crate::assessment::settings;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::PageResult;
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::views::assessment::{HistoryRow, ReviewsPage};
use crate::views::chrome::Page;

/// The routes of the self-assessment, relative to the team.
pub fn routes() -> Routes {
    Routes::new()
        .get(links::path::REVIEWS, page)
        .post(links::path::REVIEWS, start)
        .merge(review::routes())
        .merge(export::routes())
}

async fn reviews_page(
    state: &AppState,
    ctx: &TeamContext,
    date: String,
    errors: FormErrors,
) -> PageResult<ReviewsPage> {
    let all = state.store.assessments(ctx.id()).await?;
    let links = links::Links::new(ctx.id().0);
    let scored: Vec<_> = all
        .iter()
        .map(|a| (a, score(&a.assessment, &settings())))
        .collect();
    let chart = capa_io::chart::assessment_chart_svg(
        &scored
            .iter()
            .map(|(a, s)| (a.assessment.date, s.groups.clone()))
            .collect::<Vec<_>>(),
    );
    let history = scored
        .iter()
        .rev()
        .map(|(a, s)| HistoryRow {
            href: links.review(a.id.0),
            date: a.assessment.date.format("%d/%m/%Y").to_string(),
            score: format!("{} of {}", s.score, s.max),
            groups: s
                .groups
                .iter()
                .map(|g| format!("{} of {}", g.score, g.max))
                .collect(),
            full: if s.full_implementation.met {
                "met"
            } else {
                "not met"
            },
        })
        .collect();
    let last = all.last();
    Ok(ReviewsPage {
        chrome: ctx.chrome(Page::Assessment),
        action: if ctx.access.may_plan_team() {
            links.reviews()
        } else {
            String::new()
        },
        date,
        last: last.map_or(String::new(), |a| {
            a.assessment.date.format("%d/%m/%Y").to_string()
        }),
        last_id: last.map_or(String::new(), |a| a.id.0.to_string()),
        errors,
        group_names: Group::ALL.iter().map(|g| g.name().to_string()).collect(),
        history,
        chart,
    })
}

/// `GET /teams/{team}/assessment`.
async fn page(State(state): State<AppState>, ctx: TeamContext) -> PageResult<ReviewsPage> {
    let today = ctx.today().format("%d/%m/%Y").to_string();
    reviews_page(&state, &ctx, today, FormErrors::new()).await
}

/// `POST /teams/{team}/assessment`: starts a review on a date, empty or
/// from a copy of the last one; opens it.
async fn start(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let typed = form.get("date").map_or("", |d| d.trim()).to_string();
    let mut errors = FormErrors::new();
    let date = match parse_date(&typed) {
        Some(d) => Some(d),
        None => {
            errors.field(
                "date",
                format!("'{typed}' is not a date; write it as dd/mm/yyyy"),
            );
            None
        }
    };
    let copy_from = form
        .get("copy_from")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map(AssessmentId);
    if let Some(date) = date {
        match state
            .store
            .create_assessment(ctx.user.actor(), ctx.id(), date, copy_from)
            .await
        {
            Ok(a) => {
                let how = if copy_from.is_some() {
                    "from a copy of the last review"
                } else {
                    "with nothing rated"
                };
                return Ok(Done::to(
                    links::Links::new(ctx.id().0).review(a.id.0),
                    format!("Started the review of {} {how}.", date.format("%d/%m/%Y")),
                )
                .into_response());
            }
            Err(StoreError::Conflict(m) | StoreError::Invalid(m)) => errors.field("date", m),
            Err(StoreError::NotFound(m)) => errors.form(m),
            Err(e) => return Err(e.into()),
        }
    }
    let page = reviews_page(&state, &ctx, typed, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
