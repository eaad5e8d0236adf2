//! Changing one session of a job plan. An htmx save answers with the whole
//! workspace (grid, editor, targets), so nothing lands in the wrong place and
//! focus returns to the cell; a plain form post is redirected to the plan.

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use capa_core::activity::{Activity, OtherCategory, Reading};
use serde::Deserialize;

use super::{Shown, editor_page, plan_version, workspace};
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::views::editor::{PlanAt, WorkspaceFragment, editor};
use crate::views::format::activity_text;
use axum::extract::State;

/// Longest label of an Other session.
pub const MAX_LABEL: usize = 80;

/// A session's place in a plan.
#[derive(Deserialize)]
pub struct CellPath {
    initials: String,
    version: u32,
    row: usize,
    day: usize,
}

/// The cell form.
#[derive(Deserialize)]
pub struct CellForm {
    activity: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    category: String,
}

/// Reads the form's choice into an activity of the team's streams, with how
/// an Other label was read where capa inferred it; what is wrong goes to the
/// field it is about.
fn activity(
    form: &CellForm,
    streams: &[String],
    errors: &mut FormErrors,
) -> Option<(Activity, Option<String>)> {
    match form.activity.trim() {
        "core" => Some((Activity::Core, None)),
        "choice" => Some((Activity::Choice, None)),
        "other" => {
            let label = form.label.trim();
            if label.is_empty() {
                errors.field(
                    "label",
                    "an Other session needs a label (e.g. MDT, Travel, Supervision (own))",
                );
                return None;
            }
            if label.chars().count() > MAX_LABEL {
                errors.field(
                    "label",
                    format!("a label has at most {MAX_LABEL} characters"),
                );
                return None;
            }
            if form.category.trim().is_empty() {
                // Read as `capa plan check` reads a file's cell: "Choice
                // clinic" is Choice, "DBT" the DBT stream, "DBT consult"
                // consultation; the page then says how it was read.
                return match Activity::read_cell(label, streams) {
                    Ok(read) => {
                        let how = match read.reading {
                            Reading::Inferred(how) => Some(how),
                            Reading::AsWritten | Reading::Unplaced(_) => None,
                        };
                        Some((read.activity, how))
                    }
                    Err(e) => {
                        errors.field("label", e.to_string());
                        None
                    }
                };
            }
            let category = OtherCategory::parse(&form.category);
            if category.is_none() {
                errors.field("category", format!("unknown category '{}'", form.category));
            }
            Some((
                Activity::Other {
                    label: label.to_string(),
                    category: category?,
                },
                None,
            ))
        }
        other => match other.strip_prefix("specific:") {
            Some(stream) => {
                let found =
                    capa_core::activity::find_stream(stream, streams).map(Activity::Specific);
                if found.is_none() {
                    errors.field(
                        "activity",
                        format!("the team has no Specific stream '{stream}'"),
                    );
                }
                found.map(|a| (a, None))
            }
            None => {
                errors.field(
                    "activity",
                    format!("unknown activity '{other}'; expected core, choice, specific:STREAM or other"),
                );
                None
            }
        },
    }
}

/// `POST /teams/{team}/clinicians/{initials}/plan/{version}/cells/{row}/{day}`.
pub async fn save(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    Path(p): Path<CellPath>,
    Form(form): Form<CellForm>,
) -> PageResult<Response> {
    let (index, id) = ctx.clinician(&p.initials)?;
    ctx.access.require(Permission::ActFor(id))?;
    let htmx = headers.contains_key("hx-request");
    let mut errors = FormErrors::new();
    let streams = ctx.team().settings.stream_names();
    let chosen = activity(&form, &streams, &mut errors);
    let plan = plan_version(ctx.clinician_at(index), p.version)?.clone();
    if plan.grid().get(p.row).and_then(|r| r.get(p.day)).is_none() {
        return Err(AppError::BadRequest(format!(
            "the team's layout has no session {} on day {}",
            p.row + 1,
            p.day + 1
        )));
    }
    let Some((a, how)) = chosen else {
        // Show the editor again with what was chosen and why it cannot be saved.
        let typed = Activity::Other {
            label: form.label.trim().to_string(),
            category: OtherCategory::parse(&form.category).unwrap_or(OtherCategory::Other),
        };
        let c = ctx.clinician_at(index);
        let at = PlanAt {
            urls: &ctx.urls,
            initials: &c.initials,
            settings: &ctx.team().settings,
        };
        let shown = Shown {
            editor: editor(&at, &plan, (p.row, p.day), &typed, errors),
            saved: None,
            focus: None,
        };
        if htmx {
            let w = workspace(&ctx, ctx.team(), index, &plan, shown);
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                WorkspaceFragment { workspace: w },
            )
                .into_response());
        }
        let page = editor_page(ctx, index, &plan, shown, FormErrors::new(), None);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    state
        .store
        .set_cell(ctx.user.actor(), id, p.version, p.row, p.day, &a)
        .await?;
    let c = ctx.clinician_at(index);
    let day = crate::views::format::day_name(ctx.team().settings.layout.days[p.day]);
    let read = how.map_or(String::new(), |how| format!(" ({how})"));
    let what = format!(
        "Saved {day}, session {}: {}{read}.",
        p.row + 1,
        activity_text(&a)
    );
    if !htmx {
        return Ok(Done::to(ctx.urls.plan_version(&c.initials, p.version), what).into_response());
    }
    // Read back what was stored, so the page shows the truth.
    let stored = state.store.load_stored_team(ctx.id()).await?;
    let plan = plan_version(&stored.team.clinicians[index], p.version)?;
    let w = workspace(
        &ctx,
        &stored.team,
        index,
        plan,
        Shown {
            editor: None,
            saved: Some(what),
            focus: Some((p.row, p.day)),
        },
    );
    Ok(WorkspaceFragment { workspace: w }.into_response())
}
