//! The activity-planning sheet: each clinician's target against the offers
//! they have published, the deadline, and the re-offer tasks.

use std::collections::HashMap;

use axum::extract::{Query, State};
use capa_core::capacity;
use capa_core::diary::sheet::{self, DeadlineStatus};
use capa_store::{Appointment, AppointmentKind, AppointmentQuery};
use chrono::Days;
use serde::Deserialize;

use super::standing;
use crate::AppState;
use crate::auth::TeamContext;
use crate::diary::{holiday_dates, sheet_offer};
use crate::error::PageResult;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::diary::sheet::{SheetLine, SheetPage, TaskLine};
use crate::views::format::{short_when, state_words};
use crate::views::team_plan::quarter_options;
use capa_core::diary::SlotKind;

/// The routes of the sheet.
pub fn routes() -> Routes {
    Routes::new().get(path::SHEET, page)
}

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
struct SheetQuery {
    quarter: Option<String>,
}

/// `GET /teams/{team}/diary/sheet`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<SheetQuery>,
) -> PageResult<SheetPage> {
    let quarter = ctx.quarter(q.quarter.as_deref())?;
    let z = ctx.zone();
    let rows = state
        .store
        .appointments(
            ctx.id(),
            &AppointmentQuery {
                quarter: Some(quarter),
                kind: Some(AppointmentKind::Partnership),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let offers: Vec<_> = rows.iter().map(|a| sheet_offer(z, a)).collect();
    let report = capacity::quarter(ctx.team(), quarter);
    let holidays = holiday_dates(
        &state.store,
        &ctx.stored,
        quarter.start() - Days::new(120),
        quarter.end_exclusive(),
    )
    .await?;
    // The team's rules: its notice, its re-offer working days from the
    // appointment's date, its weekdays.
    let rules = sheet::SheetRules::of(&ctx.team().settings);
    let s = sheet::sheet_for(
        &sheet::core_targets(&report),
        &offers,
        quarter,
        &rules,
        ctx.today(),
        &holidays,
    );
    // Offers a job plan change left in sessions no longer Core still count:
    // say so, naming them.
    let mut standing = Vec::new();
    for (index, id) in ctx.stored.clinician_ids.iter().enumerate() {
        let mine: Vec<Appointment> = rows
            .iter()
            .filter(|a| a.clinician_id == *id)
            .cloned()
            .collect();
        for o in standing::off_plan_of(&ctx, index, &SlotKind::Core, &mine) {
            if let Some(a) = mine.iter().find(|a| a.id.0 == o.id) {
                standing.push(format!(
                    "{} ({}, the session is now {})",
                    a.label,
                    short_when(o.starts_at),
                    o.now
                ));
            }
        }
    }
    let labels: HashMap<i64, &Appointment> = rows.iter().map(|a| (a.id.0, a)).collect();
    let lines = s
        .rows
        .iter()
        .map(|r| {
            let (status, ok) = match r.status {
                DeadlineStatus::OnTrack => ("on track".to_string(), true),
                DeadlineStatus::Short { by } => (format!("short by {by}"), false),
                DeadlineStatus::Met => ("met".to_string(), true),
                DeadlineStatus::Missed { by } => (format!("missed by {by}"), false),
            };
            SheetLine {
                who: ctx.who(r.clinician.as_str()),
                target: r.target,
                published: r.published,
                booked: r.booked,
                started: r.started,
                dna: r.dna,
                cancelled: r.cancelled,
                reoffered: r.reoffered,
                status,
                ok,
                explain: r.explain.to_string(),
            }
        })
        .collect();
    let may_book = ctx.access.may_book();
    let tasks = s
        .reoffer_tasks
        .iter()
        .map(|t| TaskLine {
            label: labels
                .get(&t.offer)
                .map_or_else(|| format!("offer {}", t.offer), |a| a.label.clone()),
            state: state_words(t.state).0.to_string(),
            by: t.reoffer_by.format("%d/%m/%Y").to_string(),
            overdue: t.overdue,
            href: may_book.then(|| ctx.urls.appointment_reoffer(t.offer)),
        })
        .collect();
    Ok(SheetPage {
        quarter: quarter.to_string(),
        quarters: quarter_options(ctx.current_quarter(), quarter),
        deadline: s.deadline_explain.to_string(),
        total_target: s.team.target,
        total_published: s.team.published,
        short: s
            .rows
            .iter()
            .filter(|r| r.status.missing() > 0)
            .map(|r| {
                format!(
                    "{}: {} of {} offers that count",
                    r.clinician, r.counting, r.target
                )
            })
            .collect(),
        rows: lines,
        tasks,
        reoffer_working_days: rules.reoffer_working_days,
        standing,
        publish_href: ctx.access.may_publish().then(|| ctx.urls.publish()),
        chrome: ctx.chrome(Page::Diary),
    })
}
