//! Demand: upload a discharge report (streamed, with progress), the history
//! of analyses, one analysis with its pivot, chart and the apply step, two
//! analyses side by side, and the pivot as XLSX and CSV.

use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use capa_core::demand::apply::{ApplyChoices, CoreChoice};
use capa_core::demand::{StoredDemand, compare, dmy};
use capa_core::explain::n2;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Permission, TeamContext, csrf};
use crate::demand::{self as upload, BadRow, ReceiveError};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::demand::{
    AnalysisPage, BadRowView, BarRow, ChangeRow, ComparePage, CompareRow, DemandPage, DiagnosisRow,
    HistoryRow, Refusal, RefusalFragment, TargetRow, figure_rows, opt, share,
};
use crate::views::format;

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::DEMAND, page)
        .post_upload(path::DEMAND_UPLOAD, upload_page)
        .get(path::DEMAND_COMPARE, compare_page)
        .get(path::DEMAND_ANALYSIS, analysis_page)
        .post(path::DEMAND_APPLY, apply)
        .get(path::DEMAND_CSV, pivot_csv)
        .get(path::DEMAND_XLSX, pivot_xlsx)
}

fn when(ctx: &TeamContext, at: chrono::DateTime<chrono::Utc>) -> String {
    format::short_when(ctx.zone().local(at))
}

fn span(a: &StoredDemand) -> String {
    match (a.first_discharge, a.last_discharge) {
        (Some(f), Some(l)) => format!("{} to {}", dmy(f), dmy(l)),
        _ => "–".into(),
    }
}

async fn view(
    state: &AppState,
    ctx: TeamContext,
    refusal: Option<Refusal>,
) -> PageResult<DemandPage> {
    let history = state
        .store
        .demand_analyses(ctx.id())
        .await?
        .into_iter()
        .map(|a| HistoryRow {
            id: a.id.0,
            href: ctx.urls.demand_analysis(a.id.0),
            file: a.file.name.clone(),
            uploaded: when(&ctx, a.uploaded_at),
            span: span(&a.figures),
            episodes: a.figures.episodes,
            referrals: opt(a.figures.referrals_per_week),
            applied: a.applied_at.map_or(String::new(), |t| when(&ctx, t)),
        })
        .collect();
    Ok(DemandPage {
        can_upload: ctx.access.may_plan_team(),
        upload_href: ctx.urls.demand_upload(),
        limit: upload::megabytes(state.config.max_upload_bytes),
        limit_bytes: state.config.max_upload_bytes,
        too_large: ReceiveError::TooLarge(state.config.max_upload_bytes).message(),
        refusal,
        history,
        compare_href: format!("{}{}", ctx.urls.demand(), "/compare"),
        chrome: ctx.chrome(Page::Demand),
    })
}

/// `GET /teams/{team}/demand`.
async fn page(State(state): State<AppState>, ctx: TeamContext) -> PageResult<DemandPage> {
    view(&state, ctx, None).await
}

fn refusal(message: String, rows: Vec<BadRow>, bad: u64, rest: bool) -> Refusal {
    Refusal {
        message,
        rows: rows
            .into_iter()
            .map(|b| BadRowView {
                row: if b.row == 0 {
                    "file".into()
                } else {
                    b.row.to_string()
                },
                column: b.column.unwrap_or_default(),
                value: b.value.unwrap_or_default(),
                reason: b.reason,
            })
            .collect(),
        bad,
        can_analyse_rest: rest,
    }
}

/// `POST /teams/{team}/demand/upload`: analyse and store, or say exactly why not.
async fn upload_page(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    req: Request,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let htmx = headers.contains_key("hx-request");
    let settings = upload::team_settings(&state, &ctx).await?;
    let outcome = upload::receive(&state, req, ctx.today(), settings).await;
    let refused = |state: AppState, ctx: TeamContext, r: Refusal, status: StatusCode| async move {
        if htmx {
            Ok((status, RefusalFragment { refusal: Some(r) }).into_response())
        } else {
            Ok((status, view(&state, ctx, Some(r)).await?).into_response())
        }
    };
    let received = match outcome {
        Ok(r) => r,
        Err(e) => {
            // The token of a form comes before its file; htmx also sends it as a header.
            csrf::check(&ctx.user, &headers, &e.csrf)?;
            let e = e.error;
            let status = match e {
                ReceiveError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return refused(
                state,
                ctx,
                refusal(e.message(), Vec::new(), 0, false),
                status,
            )
            .await;
        }
    };
    csrf::check(&ctx.user, &headers, received.field("csrf").unwrap_or(""))?;
    let allow = received
        .field("allow_bad_rows")
        .is_some_and(|v| !v.is_empty());
    let (rows, bad) = upload::bad_rows(&received.analysis);
    let analysis = match &received.analysis {
        Err(e) => {
            let message = format!("{} could not be analysed: {e}.", received.name);
            // A file that cannot be read has no good rows to analyse.
            return refused(
                state,
                ctx,
                refusal(message, rows, bad, false),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Ok(_) if bad > 0 && !allow => {
            let message = if bad == 1 {
                let r = &rows[0];
                format!(
                    "{}: row {}{} is bad: {}.",
                    received.name,
                    r.row,
                    r.column
                        .as_ref()
                        .map_or(String::new(), |c| format!(", {c}")),
                    r.reason
                )
            } else {
                format!("{}: {bad} rows are bad.", received.name)
            };
            return refused(
                state,
                ctx,
                refusal(message, rows, bad, true),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Ok(a) => a,
    };
    let id = upload::store(&state, &ctx, &received, analysis, bad).await?;
    let to = ctx.urls.demand_analysis(id.0);
    let left = if bad > 0 {
        format!("; {bad} bad rows left out")
    } else {
        String::new()
    };
    let message = format!(
        "Analysed {}: {} episodes{left}. Only the totals are kept.",
        received.name, analysis.report.episodes
    );
    if htmx {
        // htmx follows HX-Redirect with a full page load, which shows the flash.
        let mut r = Done::to(to.clone(), message).into_response();
        *r.status_mut() = StatusCode::OK;
        r.headers_mut().remove(header::LOCATION);
        if let Ok(v) = HeaderValue::from_str(&to) {
            r.headers_mut().insert("hx-redirect", v);
        }
        return Ok(r);
    }
    Ok(Done::to(to, message).into_response())
}

/// The apply choices, as the preview (query) and the apply form (body) send them.
#[derive(Deserialize, Default)]
pub struct ChoicesForm {
    referrals: Option<String>,
    core: Option<String>,
    stream_multipliers: Option<String>,
    add_streams: Option<String>,
    /// Set by the preview form, so that unticked boxes count as unticked.
    chosen: Option<String>,
}

impl ChoicesForm {
    fn choices(&self, posted: bool) -> ApplyChoices {
        if !posted && self.chosen.is_none() {
            return ApplyChoices::default();
        }
        ApplyChoices {
            referrals: self.referrals.is_some(),
            core: if self.core.as_deref() == Some("keep") {
                CoreChoice::Keep
            } else {
                CoreChoice::Derive
            },
            stream_multipliers: self.stream_multipliers.is_some(),
            add_suggested_streams: self.add_streams.is_some(),
        }
    }
}

fn target_value(target: &str, x: Option<f64>) -> String {
    match x {
        None => "–".into(),
        Some(v)
            if target.contains("Partnerships (team")
                || target.contains("Specific")
                || target.contains("Choice") =>
        {
            format!("{v:.0}")
        }
        Some(v) => n2(v),
    }
}

/// `GET /teams/{team}/demand/{id}`.
async fn analysis_page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path((_, id)): Path<(i64, i64)>,
    Query(form): Query<ChoicesForm>,
) -> PageResult<AnalysisPage> {
    let a = upload::find(&state, &ctx, id).await?;
    let f = &a.figures;
    let choices = form.choices(false);
    let (application, targets) = upload::preview(&ctx, f, &choices)?;
    let s = &f.settings;
    let diagnoses = f
        .by_diagnosis
        .iter()
        .map(|d| DiagnosisRow {
            diagnosis: d.diagnosis.clone(),
            episodes: d.episodes,
            partnership: d.partnership_episodes,
            mean: opt(d.mean_ff),
            median: opt(d.median_ff),
            extended: d.extended_episodes,
            share: share(d.extended_share),
            specific: d.suggested_specific,
        })
        .collect();
    let merged = f
        .by_diagnosis
        .iter()
        .find(|d| d.is_other())
        .map_or(0, |d| d.merged);
    let bars = f
        .histogram()
        .bars()
        .enumerate()
        .map(|(i, (label, count))| BarRow {
            label,
            count,
            range: if i as u32 <= s.choice_max_ff {
                "Choice or one-off"
            } else if i as u32 <= s.core_range_max_ff {
                "Core"
            } else {
                "extended"
            },
        })
        .collect();
    let chart = capa_io::chart::ff_histogram_svg(
        &f.histogram(),
        s.choice_max_ff,
        s.core_range_max_ff,
        "ff-chart",
    );
    let uploader = match a.uploaded_by {
        Some(u) => state
            .store
            .user(u)
            .await
            .map(|u| u.display_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(AnalysisPage {
        file: a.file.name.clone(),
        file_facts: format!(
            "{} bytes, SHA-256 {}",
            a.file.size,
            &a.file.sha256[..a.file.sha256.len().min(16)]
        ),
        uploaded: if uploader.is_empty() {
            when(&ctx, a.uploaded_at)
        } else {
            format!("{} by {uploader}", when(&ctx, a.uploaded_at))
        },
        applied: a.applied_at.map_or(String::new(), |t| when(&ctx, t)),
        figures: figure_rows(f),
        diagnoses,
        merged_note: if merged > 0 {
            format!(
                "{merged} diagnoses of fewer than 5 episodes each are merged into one row, so that no child can be picked out; their median is not kept."
            )
        } else {
            String::new()
        },
        chart,
        bars,
        suggested: f.suggested_streams().map(|d| d.diagnosis.clone()).collect(),
        csv_href: ctx.urls.demand_csv(id),
        xlsx_href: ctx.urls.demand_xlsx(id),
        can_apply: ctx.access.may_plan_team(),
        apply_href: ctx.urls.demand_apply(id),
        self_href: ctx.urls.demand_analysis(id),
        referrals: choices.referrals,
        keep_core: choices.core == CoreChoice::Keep,
        stream_multipliers: choices.stream_multipliers,
        add_streams: choices.add_suggested_streams,
        changes: application
            .changes
            .into_iter()
            .map(|c| ChangeRow {
                setting: c.setting,
                old: c.old,
                new: c.new,
            })
            .collect(),
        notes: application.notes,
        targets: targets
            .into_iter()
            .map(|t| TargetRow {
                before: target_value(&t.target, t.before),
                after: target_value(&t.target, t.after),
                changed: t.before != t.after,
                target: t.target,
            })
            .collect(),
        quarter: ctx.current_quarter().key(),
        demand_href: ctx.urls.demand(),
        chrome: ctx.chrome(Page::Demand),
    })
}

/// `POST /teams/{team}/demand/{id}/apply`: one confirmation, audited.
async fn apply(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path((_, id)): Path<(i64, i64)>,
    csrf::Form(form): csrf::Form<ChoicesForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let applied = upload::apply(
        &state,
        &ctx,
        capa_store::DemandAnalysisId(id),
        &form.choices(true),
    )
    .await?;
    let core = applied
        .targets
        .iter()
        .find(|t| t.target.starts_with("new Core Partnerships (team"))
        .map(|t| {
            format!(
                " New Core Partnerships this quarter: {} before, {} after.",
                target_value(&t.target, t.before),
                target_value(&t.target, t.after)
            )
        })
        .unwrap_or_default();
    let message = format!(
        "Applied {} changes to the team's settings (see the audit log).{core}",
        applied.changes.len()
    );
    Ok(Done::to(ctx.urls.plan(), message).into_response())
}

/// `?first=&second=`.
#[derive(Deserialize)]
pub struct CompareQuery {
    first: i64,
    second: i64,
}

/// `GET /teams/{team}/demand/compare`.
async fn compare_page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<CompareQuery>,
) -> PageResult<ComparePage> {
    let a = upload::find(&state, &ctx, q.first).await?;
    let b = upload::find(&state, &ctx, q.second).await?;
    let c = compare(&a.figures, &b.figures);
    let name = |x: &capa_store::DemandAnalysis| format!("{} ({})", x.file.name, span(&x.figures));
    let pct = |label: &str, x: Option<f64>| {
        if label.contains("share") {
            share(x)
        } else {
            opt(x)
        }
    };
    Ok(ComparePage {
        first: name(&a),
        second: name(&b),
        figures: c
            .figures
            .iter()
            .map(|f| CompareRow {
                label: f.label.to_string(),
                first: pct(f.label, f.first),
                second: pct(f.label, f.second),
                change: match f.change {
                    Some(x) if f.label.contains("share") => format!("{:+.1} points", x * 100.0),
                    Some(x) => format!("{x:+.2}"),
                    None => "–".into(),
                },
            })
            .collect(),
        diagnoses: c
            .by_diagnosis
            .iter()
            .map(|d| {
                (
                    d.diagnosis.clone(),
                    d.episodes.0.to_string(),
                    d.episodes.1.to_string(),
                    opt(d.mean_ff.0),
                    opt(d.mean_ff.1),
                    share(d.extended_share.0),
                    share(d.extended_share.1),
                )
            })
            .collect(),
        demand_href: ctx.urls.demand(),
        chrome: ctx.chrome(Page::Demand),
    })
}

fn download(body: Vec<u8>, kind: &'static str, filename: String) -> Response {
    let mut r = Response::new(Body::from(body));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `GET /teams/{team}/demand/{id}/pivot.csv`.
async fn pivot_csv(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path((_, id)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let a = upload::find(&state, &ctx, id).await?;
    let text = capa_io::xlsx::demand_pivot_csv(&a.figures);
    Ok(download(
        text.into_bytes(),
        "text/csv; charset=utf-8",
        format!("demand-pivot-{id}.csv"),
    ))
}

/// `GET /teams/{team}/demand/{id}/pivot.xlsx`.
async fn pivot_xlsx(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path((_, id)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let a = upload::find(&state, &ctx, id).await?;
    let bytes = capa_io::xlsx::demand_pivot_xlsx(&a.figures)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("demand-pivot-{id}.xlsx"),
    ))
}
