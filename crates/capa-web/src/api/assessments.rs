//! The CAPA self-assessment over the API: a team's reviews, one review with
//! its scores, items and evidence, starting a review (empty or copied), and
//! rating an item. Every member of the team reads; the team lead or an
//! administrator changes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::assessment::{
    AssessmentView, EvidenceLine, FieldError, ItemNumber, ItemView, PartScore, Rating,
};
use capa_core::dates::parse_date;
use capa_store::{AssessmentId, StoreError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use crate::assessment::{Review, review};
use crate::auth::{Permission, TeamContext};
use crate::error::{ApiError, ApiResult, AppError, ErrorBody};
use crate::routes::Routes;

/// The routes of the self-assessment.
pub fn routes() -> Routes {
    Routes::new()
        .get("/teams/{team}/assessments", list)
        .post("/teams/{team}/assessments", create)
        .get("/teams/{team}/assessments/{id}", one)
        .put("/teams/{team}/assessments/{id}/items/{number}", rate)
}

/// This module's part of the OpenAPI document (merged into `ApiDoc`).
#[derive(OpenApi)]
#[openapi(paths(list, create, one, rate), components(schemas(FieldErrorBody)))]
pub struct AssessmentApi;

/// A review in a list.
#[derive(Serialize, ToSchema)]
pub struct AssessmentSummaryBody {
    /// Review id.
    pub id: i64,
    /// Its date.
    pub date: NaiveDate,
    /// Sum of the ratings, out of 22.
    pub score: u32,
    /// 22.
    pub max_score: u32,
    /// The New Zealand rule: no item No and at most three Partial.
    pub full_implementation: bool,
}

/// A piece of evidence beside an item.
#[derive(Serialize, ToSchema)]
pub struct EvidenceBody {
    /// The fact, in words.
    pub text: String,
    /// The rating it suggests (0-2), or null when there is nothing to judge.
    pub suggested: Option<u32>,
    /// The formula, in words.
    pub formula: String,
    /// The figures and the result.
    pub working: String,
    /// The thresholds it was judged on.
    pub notes: Vec<String>,
}

impl From<&EvidenceLine> for EvidenceBody {
    fn from(l: &EvidenceLine) -> Self {
        Self {
            text: l.text.clone(),
            suggested: l.suggested.map(Rating::value),
            formula: l.explain.formula.clone(),
            working: l.explain.working.clone(),
            notes: l.explain.notes.clone(),
        }
    }
}

/// Guidance for an item.
#[derive(Serialize, ToSchema)]
pub struct GuidanceBody {
    /// `seed` (the seed document's words) or `capa` (capa's own).
    pub source: String,
    /// Paragraphs.
    pub text: Vec<String>,
    /// Questions for the team.
    pub questions: Vec<String>,
}

/// One component of a review.
#[derive(Serialize, ToSchema)]
pub struct ItemBody {
    /// 1 to 11.
    pub number: u8,
    /// The component.
    pub component: String,
    /// Its group.
    pub group: String,
    /// Its tag: foundation, demand, capacity, or demand and capacity.
    pub tag: String,
    /// The team's rating: 0 No (RED), 1 Partial (AMBER), 2 Yes (GREEN); null not rated.
    pub rating: Option<u32>,
    /// RED, AMBER or GREEN.
    pub colour: Option<String>,
    /// The team's note.
    pub note: String,
    /// What the component means and what to ask.
    pub guidance: GuidanceBody,
    /// capa's evidence, each with the rating it suggests.
    pub evidence: Vec<EvidenceBody>,
    /// The item's suggestion (the weakest evidence's); never the rating.
    pub suggested: Option<u32>,
    /// How the suggestion was reached.
    pub suggestion_working: String,
    /// Set for the items capa holds no evidence for.
    pub no_evidence: Option<String>,
}

impl From<&ItemView> for ItemBody {
    fn from(i: &ItemView) -> Self {
        Self {
            number: i.number.get(),
            component: i.component.into(),
            group: i.group.name().into(),
            tag: i.tag.name().into(),
            rating: i.rating.map(Rating::value),
            colour: i.colour.map(Into::into),
            note: i.note.clone(),
            guidance: GuidanceBody {
                source: match i.guidance.source {
                    capa_core::assessment::Source::Seed => "seed",
                    capa_core::assessment::Source::Capa => "capa",
                }
                .into(),
                text: i.guidance.text.iter().map(|t| t.to_string()).collect(),
                questions: i.guidance.questions.iter().map(|t| t.to_string()).collect(),
            },
            evidence: i.evidence.iter().map(Into::into).collect(),
            suggested: i.suggested.map(Rating::value),
            suggestion_working: i.suggestion_explain.working.clone(),
            no_evidence: i.no_evidence.map(Into::into),
        }
    }
}

/// A group's or a tag's score.
#[derive(Serialize, ToSchema)]
pub struct PartScoreBody {
    /// The group or tag.
    pub name: String,
    /// Sum of its items' ratings.
    pub score: u32,
    /// 2 per item.
    pub max: u32,
    /// Its items.
    pub items: Vec<u8>,
    /// Its items not rated yet.
    pub unrated: Vec<u8>,
}

impl From<&PartScore> for PartScoreBody {
    fn from(p: &PartScore) -> Self {
        Self {
            name: p.name.into(),
            score: p.score,
            max: p.max,
            items: p.items.iter().map(|n| n.get()).collect(),
            unrated: p.unrated.iter().map(|n| n.get()).collect(),
        }
    }
}

/// A review with its scores, items and evidence.
#[derive(Serialize, ToSchema)]
pub struct AssessmentBody {
    /// Review id.
    pub id: i64,
    /// Its date.
    pub date: NaiveDate,
    /// The quarter the evidence is drawn from (the review date's).
    pub quarter: String,
    /// The review it was started from, if copied.
    pub copied_from: Option<i64>,
    /// Sum of the ratings, out of 22.
    pub score: u32,
    /// 22.
    pub max_score: u32,
    /// The New Zealand rule: no item No and at most three Partial.
    pub full_implementation: bool,
    /// Why the rule is or is not met.
    pub full_implementation_reason: String,
    /// Per group, in the form's order.
    pub groups: Vec<PartScoreBody>,
    /// Per tag (item 11 counts in demand and in capacity).
    pub tags: Vec<PartScoreBody>,
    /// The eleven components.
    pub items: Vec<ItemBody>,
}

impl From<&Review> for AssessmentBody {
    fn from(r: &Review) -> Self {
        let v: &AssessmentView = &r.view;
        Self {
            id: r.stored.id.0,
            date: v.date,
            quarter: r.quarter.key(),
            copied_from: r.stored.copied_from.map(|c| c.0),
            score: v.score,
            max_score: v.max_score,
            full_implementation: v.full_implementation,
            full_implementation_reason: v.full_implementation_reason.clone(),
            groups: v.groups.iter().map(Into::into).collect(),
            tags: v.tags.iter().map(Into::into).collect(),
            items: v.items.iter().map(Into::into).collect(),
        }
    }
}

/// A value that cannot be used, naming its field.
#[derive(Serialize, ToSchema)]
pub struct FieldErrorBody {
    /// What is wrong and what was expected.
    pub error: String,
    /// The field: `date`, `copy_from`, `rating`, `number` or `note`.
    pub field: String,
}

/// The 422 answer naming the field.
pub struct FieldRefusal(pub FieldError);

impl IntoResponse for FieldRefusal {
    fn into_response(self) -> Response {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(FieldErrorBody {
                error: self.0.to_string(),
                field: self.0.field.into(),
            }),
        )
            .into_response()
    }
}

fn refuse(field: &'static str, message: impl Into<String>) -> Response {
    FieldRefusal(FieldError {
        field,
        message: message.into(),
    })
    .into_response()
}

/// A review of this team, or 404.
async fn of_team(state: &AppState, ctx: &TeamContext, id: i64) -> Result<Review, AppError> {
    let a = state.store.assessment(AssessmentId(id)).await?;
    if a.team_id != ctx.id() {
        return Err(AppError::NotFound(
            "no such self-assessment in this team".into(),
        ));
    }
    Ok(review(&state.store, &ctx.stored, a, ctx.today()).await?)
}

/// `GET /api/v1/teams/{team}/assessments`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/assessments", tag = "self-assessment",
    params(("team" = i64, Path, description = "Team id")),
    responses((status = 200, description = "The team's reviews, oldest first", body = Vec<AssessmentSummaryBody>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: TeamContext,
) -> ApiResult<Json<Vec<AssessmentSummaryBody>>> {
    let all = state.store.assessments(ctx.id()).await?;
    Ok(Json(
        all.into_iter()
            .map(|a| {
                let s = capa_core::assessment::score(&a.assessment, &crate::assessment::settings());
                AssessmentSummaryBody {
                    id: a.id.0,
                    date: a.assessment.date,
                    score: s.score,
                    max_score: s.max,
                    full_implementation: s.full_implementation.met,
                }
            })
            .collect(),
    ))
}

/// A path to one review.
#[derive(Deserialize)]
pub struct ReviewPath {
    /// Review id.
    pub id: i64,
}

/// `GET /api/v1/teams/{team}/assessments/{id}`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/assessments/{id}", tag = "self-assessment",
    params(("team" = i64, Path, description = "Team id"), ("id" = i64, Path, description = "Review id")),
    responses((status = 200, description = "The review: scores, the full-implementation rule, items with evidence", body = AssessmentBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team or review", body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<ReviewPath>,
) -> ApiResult<Json<AssessmentBody>> {
    Ok(Json((&of_team(&state, &ctx, p.id).await?).into()))
}

/// A new review: `{"date": "YYYY-MM-DD", "copy_from": id}`, both optional.
#[derive(Deserialize, ToSchema)]
pub struct NewAssessmentBody {
    /// The review's date (default today, in the team's time zone).
    pub date: Option<String>,
    /// A review of this team to start from (its ratings and notes).
    pub copy_from: Option<i64>,
}

/// `POST /api/v1/teams/{team}/assessments`.
#[utoipa::path(post, path = "/api/v1/teams/{team}/assessments", tag = "self-assessment",
    params(("team" = i64, Path, description = "Team id")), request_body = NewAssessmentBody,
    responses((status = 201, description = "The new review, as GET gives it", body = AssessmentBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only the team lead or an administrator starts a review", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 409, description = "The team has a review on that date", body = ErrorBody),
        (status = 422, description = "A date or review to copy that cannot be used, naming the field", body = FieldErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: TeamContext,
    body: Option<Json<Value>>,
) -> Result<Response, ApiError> {
    ctx.access.require(Permission::PlanTeam)?;
    let body = body.map(|Json(v)| v).unwrap_or(Value::Null);
    let date = match body.get("date") {
        None | Some(Value::Null) => ctx.today(),
        Some(Value::String(t)) => match parse_date(t) {
            Some(d) => d,
            None => {
                return Ok(refuse(
                    "date",
                    format!("'{}' is not a date; write it as YYYY-MM-DD", t.trim()),
                ));
            }
        },
        Some(_) => return Ok(refuse("date", "the date must be a string, YYYY-MM-DD")),
    };
    let copy_from = match body.get("copy_from") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(id) => Some(AssessmentId(id)),
            None => return Ok(refuse("copy_from", "copy_from must be a review's id")),
        },
    };
    let made = state
        .store
        .create_assessment(ctx.user.actor(), ctx.id(), date, copy_from)
        .await;
    let made = match made {
        Ok(a) => a,
        Err(StoreError::NotFound(m)) if copy_from.is_some() => return Ok(refuse("copy_from", m)),
        Err(StoreError::Invalid(m)) => return Ok(refuse("date", m)),
        Err(e) => return Err(e.into()),
    };
    let body: AssessmentBody =
        (&review(&state.store, &ctx.stored, made, ctx.today()).await?).into();
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// A path to one item of a review.
#[derive(Deserialize)]
pub struct ItemPath {
    /// Review id.
    pub id: i64,
    /// Item number, 1 to 11.
    pub number: String,
}

/// A rating: `{"rating": 0|1|2, "note": "..."}` (`rating` null: not rated).
#[derive(Deserialize, ToSchema)]
pub struct RatingBody {
    /// 0 No (RED), 1 Partial (AMBER), 2 Yes (GREEN); null for not rated.
    #[schema(value_type = Option<u32>)]
    pub rating: Option<i64>,
    /// The team's note, at most 2000 characters (default empty).
    pub note: Option<String>,
}

/// `PUT /api/v1/teams/{team}/assessments/{id}/items/{number}`.
#[utoipa::path(put, path = "/api/v1/teams/{team}/assessments/{id}/items/{number}", tag = "self-assessment",
    params(("team" = i64, Path, description = "Team id"), ("id" = i64, Path, description = "Review id"),
        ("number" = u8, Path, description = "Item number, 1 to 11")),
    request_body = RatingBody,
    responses((status = 200, description = "The review as it now stands", body = AssessmentBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only the team lead or an administrator rates", body = ErrorBody),
        (status = 404, description = "No such team or review", body = ErrorBody),
        (status = 422, description = "A rating outside 0-2, an unknown item number or a note too long, naming the field", body = FieldErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<ItemPath>,
    body: Option<Json<Value>>,
) -> Result<Response, ApiError> {
    ctx.access.require(Permission::PlanTeam)?;
    let number = match ItemNumber::parse(&p.number) {
        Ok(n) => n,
        Err(e) => return Ok(FieldRefusal(e).into_response()),
    };
    let body = body.map(|Json(v)| v).unwrap_or(Value::Null);
    let rating = match body.get("rating") {
        None => {
            return Ok(refuse(
                "rating",
                "give a rating: 0 (No, RED), 1 (Partial, AMBER), 2 (Yes, GREEN), or null",
            ));
        }
        Some(Value::Null) => None,
        Some(v) => match v.as_i64().map(Rating::from_value) {
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => return Ok(FieldRefusal(e).into_response()),
            None => {
                return Ok(refuse(
                    "rating",
                    format!(
                        "{v} is not a rating; use 0 (No, RED), 1 (Partial, AMBER) or 2 (Yes, GREEN)"
                    ),
                ));
            }
        },
    };
    let note = match body.get("note") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Ok(refuse("note", "the note must be text")),
    };
    if let Err(e) = capa_core::assessment::parse_note(&note) {
        return Ok(FieldRefusal(e).into_response());
    }
    let current = of_team(&state, &ctx, p.id).await?;
    let after = match state
        .store
        .rate_assessment_item(ctx.user.actor(), current.stored.id, number, rating, &note)
        .await
    {
        Ok(a) => a,
        Err(StoreError::Invalid(m)) => return Ok(refuse("note", m)),
        Err(e) => return Err(e.into()),
    };
    let body: AssessmentBody =
        (&review(&state.store, &ctx.stored, after, ctx.today()).await?).into();
    Ok(Json(body).into_response())
}
