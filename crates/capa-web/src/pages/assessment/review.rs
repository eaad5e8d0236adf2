//! One review: each component with its RED/AMBER/GREEN radio group, note,
//! guidance, questions and evidence; the scores and the full-implementation
//! rule; the comparison with the review before. Rating an item answers htmx
//! with the scores and items again (focus back on the item's button), or a
//! redirect without script.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use capa_core::assessment::{ItemNumber, Rating, compare};
use capa_store::{AssessmentId, StoreError};
use serde::Deserialize;

use super::links::{Links, path};
use crate::AppState;
use crate::assessment::{Review, review, settings};
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::views::assessment::{CompareView, ItemRow, ReviewPage, Scores, Work, WorkFragment};
use crate::views::chrome::Page;

/// The routes of one review.
pub fn routes() -> Routes {
    Routes::new().get(path::REVIEW, page).post(path::ITEM, rate)
}

/// A review in a path.
#[derive(Deserialize)]
pub struct ReviewPath {
    /// Review id.
    pub id: i64,
}

/// An item of a review in a path.
#[derive(Deserialize)]
pub struct ItemPath {
    /// Review id.
    pub id: i64,
    /// Item number.
    pub number: String,
}

/// The review `id` of this team, or 404.
pub async fn of_team(state: &AppState, ctx: &TeamContext, id: i64) -> Result<Review, AppError> {
    let a = state.store.assessment(AssessmentId(id)).await?;
    if a.team_id != ctx.id() {
        return Err(AppError::NotFound(
            "no such self-assessment in this team".into(),
        ));
    }
    Ok(review(&state.store, &ctx.stored, a, ctx.today()).await?)
}

/// The team's review before this one (by date), compared with it.
pub async fn previous(
    state: &AppState,
    ctx: &TeamContext,
    r: &Review,
) -> Result<Option<CompareView>, AppError> {
    let all = state.store.assessments(ctx.id()).await?;
    let before = all
        .iter()
        .rfind(|a| a.assessment.date < r.stored.assessment.date);
    Ok(before.map(|b| (&compare(&b.assessment, &r.stored.assessment, &settings())).into()))
}

/// The scores and items of a review, for the page or the fragment.
pub fn work(
    ctx: &TeamContext,
    r: &Review,
    focus: Option<u8>,
    saved: String,
    compare: Option<CompareView>,
) -> Work {
    let links = Links::new(ctx.id().0);
    Work {
        scores: Scores::from(&r.view),
        items: r
            .view
            .items
            .iter()
            .map(|i| {
                let mut row = ItemRow::of(i, links.item(r.stored.id.0, i.number.get()));
                row.focus = focus == Some(row.number);
                row
            })
            .collect(),
        can_rate: ctx.access.may_plan_team(),
        saved,
        csrf: ctx.user.csrf(),
        compare,
    }
}

/// `GET /teams/{team}/assessment/{id}`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<ReviewPath>,
) -> PageResult<ReviewPage> {
    let r = of_team(&state, &ctx, p.id).await?;
    let compare = previous(&state, &ctx, &r).await?;
    let links = Links::new(ctx.id().0);
    let copied = match r.stored.copied_from {
        Some(from) => match state.store.assessment(from).await {
            Ok(a) => format!(
                "Started from a copy of the review of {}.",
                a.assessment.date.format("%d/%m/%Y")
            ),
            Err(_) => String::new(),
        },
        None => String::new(),
    };
    let id = r.stored.id.0;
    Ok(ReviewPage {
        chrome: ctx.chrome(Page::Assessment),
        date: r.view.date.format("%d/%m/%Y").to_string(),
        quarter: r.quarter.to_string(),
        copied,
        work: work(&ctx, &r, None, String::new(), compare),
        back: links.reviews(),
        print: links.print(id),
        csv: links.csv(id),
        xlsx: links.xlsx(id),
    })
}

/// `POST /teams/{team}/assessment/{id}/items/{number}`: the rating
/// (0/1/2, or empty for not rated) and note of one item.
async fn rate(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    Path(p): Path<ItemPath>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let number = ItemNumber::parse(&p.number).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let current = of_team(&state, &ctx, p.id).await?;
    let htmx = headers.contains_key("hx-request");
    let typed = form.get("rating").map_or("", |r| r.trim());
    let note = form.get("note").map_or("", String::as_str);
    let rating = if typed.is_empty() {
        Ok(None)
    } else {
        Rating::parse(typed).map(Some)
    };
    let result = match rating {
        Ok(rating) => state
            .store
            .rate_assessment_item(ctx.user.actor(), current.stored.id, number, rating, note)
            .await
            .map_err(|e| match e {
                StoreError::Invalid(m) => Err(m),
                other => Ok(other),
            }),
        Err(e) => Err(Err(e.to_string())),
    };
    match result {
        Ok(after) => {
            let r = review(&state.store, &ctx.stored, after, ctx.today()).await?;
            let item = &r.view.items[usize::from(number.get()) - 1];
            let text = format!(
                "Saved item {number} ({}): {}.",
                item.component,
                crate::views::assessment::rating_words(item.rating)
            );
            if !htmx {
                return Ok(Done::to(
                    format!("{}#item-{number}", Links::new(ctx.id().0).review(p.id)),
                    text,
                )
                .into_response());
            }
            let compare = previous(&state, &ctx, &r).await?;
            Ok(WorkFragment {
                work: work(&ctx, &r, Some(number.get()), text, compare),
            }
            .into_response())
        }
        Err(Ok(store)) => Err(store.into()),
        Err(Err(message)) => {
            if !htmx {
                return Err(AppError::BadRequest(message));
            }
            // The item as typed, with the reason beside it.
            let compare = previous(&state, &ctx, &current).await?;
            let mut w = work(&ctx, &current, Some(number.get()), String::new(), compare);
            if let Some(row) = w.items.iter_mut().find(|r| r.number == number.get()) {
                row.note = note.to_string();
                row.error = message;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, WorkFragment { work: w }).into_response())
        }
    }
}
