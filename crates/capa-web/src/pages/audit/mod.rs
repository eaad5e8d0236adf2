//! The audit log of a team, for team leads and administrators: each record
//! as a sentence naming what changed, filtered by person, clinician, kind
//! and date (dates in the team's time zone).

use std::collections::HashMap;

use axum::extract::{Query, State};
use capa_core::Initials;
use capa_core::dates::parse_date;
use capa_store::{AuditId, AuditQuery, EntityKind, UserId};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Permission, TeamContext};
use crate::error::PageResult;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::{path, with_query};
use crate::views::audit::{AuditFilter, AuditPage, AuditRow};
use crate::views::chrome::Page;
use crate::views::controls::OptionView;

mod words;

use words::kind_label;

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new().get(path::AUDIT, page)
}

/// Records per page.
const PAGE: u32 = 50;

/// `?before=ID&who=USER&clinician=TR&kind=job-plan&from=DATE&to=DATE`.
#[derive(Deserialize, Default)]
struct AuditParams {
    before: Option<i64>,
    #[serde(default)]
    who: String,
    #[serde(default)]
    clinician: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

fn date(text: &str, field: &str, e: &mut FormErrors) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    e.take(
        field,
        parse_date(t).ok_or_else(|| format!("'{t}' is not a date (dd/mm/yyyy)")),
    )
}

/// `GET /teams/{team}/audit`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<AuditParams>,
) -> PageResult<AuditPage> {
    ctx.access.require(Permission::PlanTeam)?;
    let zone = ctx.zone();
    let team = ctx.team();
    let users = state.store.users().await?;
    let mut errors = FormErrors::new();
    let mut query = AuditQuery {
        team_id: Some(ctx.id()),
        before: q.before.map(AuditId),
        limit: Some(PAGE),
        ..AuditQuery::default()
    };
    if !q.who.trim().is_empty() {
        match q.who.trim().parse::<i64>() {
            Ok(id) if users.iter().any(|u| u.id.0 == id) => query.user_id = Some(UserId(id)),
            _ => errors.field("who", "choose a person from the list"),
        }
    }
    if !q.kind.trim().is_empty() {
        match EntityKind::parse(q.kind.trim()) {
            Some(k) => query.kind = Some(k),
            None => errors.field("kind", format!("unknown kind '{}'", q.kind.trim())),
        }
    }
    // Plans and leave of every clinician, to name them and to filter by one.
    let mut plans = HashMap::new();
    let mut clinician_ids = HashMap::new();
    for (id, c) in ctx.stored.clinician_ids.iter().zip(&team.clinicians) {
        clinician_ids.insert(id.0, c.initials.to_string());
        for v in state.store.job_plan_versions(*id).await? {
            plans.insert(v.id.0, (c.initials.to_string(), v.version));
        }
    }
    if !q.clinician.trim().is_empty() {
        let found = Initials::parse(q.clinician.trim()).ok().and_then(|i| {
            ctx.stored
                .clinician_ids
                .iter()
                .zip(&team.clinicians)
                .find(|(_, c)| c.initials == i)
                .map(|(id, _)| *id)
        });
        match found {
            None => errors.field("clinician", "choose a clinician from the list"),
            Some(id) => {
                let mut any = vec![(EntityKind::Clinician, id.0)];
                let who = &clinician_ids[&id.0];
                any.extend(
                    plans
                        .iter()
                        .filter(|(_, (i, _))| i == who)
                        .map(|(plan, _)| (EntityKind::JobPlan, *plan)),
                );
                any.extend(
                    state
                        .store
                        .leave(ctx.id(), None, None)
                        .await?
                        .into_iter()
                        .filter(|l| l.clinician_id == id)
                        .map(|l| (EntityKind::Leave, l.id.0)),
                );
                query.any_of = any;
            }
        }
    }
    let from = date(&q.from, "from", &mut errors);
    let to = date(&q.to, "to", &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.field("to", "the last day is before the first");
    }
    query.from = from.map(|d| zone.start_of(d));
    query.until = to.and_then(|d| d.checked_add_days(Days::new(1)).map(|d| zone.start_of(d)));
    let records = if errors.is_empty() {
        state.store.audit_log(&query).await?
    } else {
        Vec::new()
    };
    let names = words::Names {
        users: users
            .iter()
            .map(|u| (u.id.0, u.display_name.clone()))
            .collect(),
        clinicians: clinician_ids,
        plans,
        streams: state
            .store
            .streams(ctx.id())
            .await?
            .into_iter()
            .map(|s| (s.id.0, s.stream.name))
            .collect(),
        layout: team.settings.layout.clone(),
    };
    let rows = records
        .iter()
        .map(|r| AuditRow {
            at: zone.local(r.at).format("%d/%m/%Y %H:%M:%S").to_string(),
            who: words::who(r, &names),
            kind: kind_label(r.entity_kind).to_string(),
            sentence: words::sentence(r, &names),
        })
        .collect();
    let filters = [
        ("who", q.who.as_str()),
        ("clinician", q.clinician.as_str()),
        ("kind", q.kind.as_str()),
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
    ];
    let older = (records.len() as u32 == PAGE).then(|| {
        let before = records
            .last()
            .map(|r| r.id.0.to_string())
            .unwrap_or_default();
        let mut query: Vec<(&str, &str)> = filters.to_vec();
        query.push(("before", &before));
        with_query(&ctx.urls.audit(None), &query)
    });
    let filtered = filters.iter().any(|(_, v)| !v.trim().is_empty());
    let option = |value: String, label: String, chosen: &str| OptionView {
        selected: value == chosen.trim(),
        value,
        label,
    };
    let filter = AuditFilter {
        people: users
            .iter()
            .map(|u| option(u.id.0.to_string(), u.display_name.clone(), &q.who))
            .collect(),
        clinicians: team
            .clinicians
            .iter()
            .map(|c| {
                option(
                    c.initials.to_string(),
                    format!("{} ({})", c.initials, c.name),
                    &q.clinician,
                )
            })
            .collect(),
        kinds: EntityKind::ALL
            .iter()
            .map(|k| option(k.as_str().into(), kind_label(*k).into(), &q.kind))
            .collect(),
        from: q.from.clone(),
        to: q.to.clone(),
        clear: filtered.then(|| ctx.urls.audit(None)),
    };
    Ok(AuditPage {
        rows,
        older,
        filter,
        action: ctx.urls.audit(None),
        errors,
        chrome: ctx.chrome(Page::Audit),
    })
}
