//! The leaver's and maternity leave's what-if: capa-core's proposal for a
//! clinician with a leaving date or leave (as the diary records it, or as
//! typed), and a lead's "apply" that saves its job plan versions in one
//! audited change after a confirmation.

use axum::extract::{Path, Query, State};
use capa_core::monitor::{self, Absence, LeavePeriod, WhatIf, WhatIfRequest};
use capa_core::{Initials, Quarter};
use serde::Deserialize;

use super::WhoPath;
use super::links::{Links, path};
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::AppError;
use crate::flash::Done;
use crate::routes::Routes;
use crate::views::chrome::Page;
use crate::views::monitor::what_if::{Opt, WhatIfFields, WhatIfPage, proposal};
use crate::views::team_plan::quarter_options;

/// The routes of the what-if.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::WHAT_IF, page)
        .post(path::WHAT_IF_APPLY, apply)
}

/// The what-if's fields (query parameters, and the apply form's).
#[derive(Deserialize, Default)]
struct WhatIfQuery {
    /// The quarter re-planned.
    #[serde(default)]
    quarter: String,
    /// `leaving` or `leave`.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    first_day: String,
    #[serde(default)]
    last_day: String,
    /// Who gives up Choice sessions ("" lets capa choose).
    #[serde(default)]
    partner: String,
    #[serde(default)]
    confirm: String,
}

/// The absence: as typed, else as the diary records it.
async fn absence_of(
    state: &AppState,
    ctx: &TeamContext,
    index: usize,
    q: &WhatIfQuery,
) -> Result<(Option<Absence>, String), AppError> {
    let date = |text: &str, field: &'static str| {
        capa_core::dates::parse_date(text).ok_or_else(|| AppError::Invalid {
            field,
            message: "a date (2026-10-05 or 05/10/2026)".into(),
        })
    };
    match q.kind.as_str() {
        "leaving" => {
            return Ok((
                Some(Absence::Leaving {
                    last_day: date(&q.last_day, "last_day")?,
                }),
                "as typed".into(),
            ));
        }
        "leave" => {
            return Ok((
                Some(Absence::Leave {
                    first_day: date(&q.first_day, "first_day")?,
                    last_day: date(&q.last_day, "last_day")?,
                }),
                "as typed".into(),
            ));
        }
        _ => {}
    }
    let id = ctx.stored.clinician_ids[index];
    let leave: Vec<LeavePeriod> = state
        .store
        .leave(ctx.id(), Some(ctx.today()), None)
        .await?
        .into_iter()
        .filter(|l| l.clinician_id == id)
        .map(|l| LeavePeriod {
            first_day: l.first_day,
            last_day: l.last_day,
        })
        .collect();
    let c = ctx.clinician_at(index);
    Ok((
        Absence::upcoming(c.leaving_date, &leave, ctx.today()),
        "as the team's records have it".into(),
    ))
}

/// The quarter to re-plan: the one asked for; else the next quarter, unless
/// the absence is over before it starts.
fn quarter_of(
    ctx: &TeamContext,
    q: &WhatIfQuery,
    absence: Option<Absence>,
) -> Result<Quarter, AppError> {
    if !q.quarter.trim().is_empty() {
        return ctx.quarter(Some(&q.quarter));
    }
    let next = ctx.current_quarter().next();
    let last = match absence {
        Some(Absence::Leaving { last_day } | Absence::Leave { last_day, .. }) => last_day,
        None => return Ok(next),
    };
    Ok(if last < next.start() {
        ctx.current_quarter()
    } else {
        next
    })
}

/// A what-if worked out.
struct Worked {
    /// The clinician's index in the team.
    index: usize,
    /// Their absence, if any.
    absence: Option<Absence>,
    /// Where the absence came from, in words.
    source: String,
    /// The quarter re-planned.
    quarter: Quarter,
    /// The proposal, or why there is none.
    result: Result<WhatIf, String>,
}

/// Works the what-if out: the absence, the quarter and the proposal (or why not).
async fn work_out(
    state: &AppState,
    ctx: &TeamContext,
    initials: &str,
    q: &WhatIfQuery,
) -> Result<Worked, AppError> {
    let (index, _) = ctx.clinician(initials)?;
    let (absence, source) = absence_of(state, ctx, index, q).await?;
    let quarter = quarter_of(ctx, q, absence)?;
    let partners: Vec<Initials> = if q.partner.trim().is_empty() {
        Vec::new()
    } else {
        vec![Initials::parse(&q.partner).map_err(|e| AppError::Invalid {
            field: "partner",
            message: e.to_string(),
        })?]
    };
    let who = ctx.clinician_at(index).initials.clone();
    let result = match absence {
        None => Err(format!(
            "{who} has no leaving date or leave ahead: type one to see what it would cost"
        )),
        Some(absence) => monitor::what_if(&WhatIfRequest {
            team: ctx.team(),
            clinician: &who,
            absence,
            quarter,
            partners: &partners,
        })
        .map_err(|e| e.to_string()),
    };
    Ok(Worked {
        index,
        absence,
        source,
        quarter,
        result,
    })
}

/// `GET /teams/{team}/monitor/clinicians/{initials}/what-if`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<WhoPath>,
    Query(q): Query<WhatIfQuery>,
) -> Result<WhatIfPage, AppError> {
    let Worked {
        index,
        absence,
        source,
        quarter,
        result,
    } = work_out(&state, &ctx, &p.initials, &q).await?;
    let c = ctx.clinician_at(index);
    let links = Links::new(ctx.id().0);
    let (leaving, first_day, last_day) = match absence {
        Some(Absence::Leaving { last_day }) => (true, String::new(), last_day.to_string()),
        Some(Absence::Leave {
            first_day,
            last_day,
        }) => (false, first_day.to_string(), last_day.to_string()),
        None => (true, String::new(), String::new()),
    };
    let mut partners = vec![Opt {
        value: String::new(),
        label: "capa chooses (most Choice sessions)".into(),
        selected: q.partner.trim().is_empty(),
    }];
    partners.extend(
        ctx.team()
            .clinicians
            .iter()
            .filter(|o| o.initials != c.initials)
            .map(|o| Opt {
                value: o.initials.to_string(),
                label: format!("{} {}", o.initials, o.name),
                selected: q.partner.trim() == o.initials.as_str(),
            }),
    );
    let name = |i: &str| ctx.who(i);
    let (error, proposal) = match &result {
        Ok(w) => (None, Some(proposal(w, &name))),
        Err(e) => (Some(e.clone()), None),
    };
    let may_apply = ctx.access.may_plan_team() && proposal.as_ref().is_some_and(|p| p.applicable);
    Ok(WhatIfPage {
        chrome: ctx.chrome(Page::Monitor),
        who: format!("{} {}", c.initials, c.name),
        action: links
            .what_if(&c.initials, quarter)
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string(),
        fields: WhatIfFields {
            leaving,
            first_day,
            last_day,
            quarters: quarter_options(ctx.current_quarter(), quarter),
            partners,
            source,
        },
        error,
        proposal,
        apply_href: may_apply.then(|| links.what_if_apply(&c.initials)),
        back: links.monitor(Some(quarter)),
    })
}

/// `POST /teams/{team}/monitor/clinicians/{initials}/what-if/apply`: the
/// proposal worked out again from the team as it is now, its job plan
/// versions saved together (audited), after the confirmation.
async fn apply(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<WhoPath>,
    Form(f): Form<WhatIfQuery>,
) -> Result<Done, AppError> {
    ctx.access.require(Permission::PlanTeam)?;
    if f.confirm != "yes" {
        return Err(AppError::Invalid {
            field: "confirm",
            message: "tick the confirmation to save the new job plan versions".into(),
        });
    }
    let Worked {
        quarter, result, ..
    } = work_out(&state, &ctx, &p.initials, &f).await?;
    let w = result.map_err(AppError::BadRequest)?;
    if w.plans.is_empty() {
        return Err(AppError::Conflict(
            "nothing to apply: no sessions can be swapped".into(),
        ));
    }
    let mut plans = Vec::with_capacity(w.plans.len());
    for p in &w.plans {
        let (_, id) = ctx.clinician(p.clinician.as_str())?;
        plans.push((id, p.plan.clone()));
    }
    let purpose = format!(
        "what-if for {} ({}): {}",
        w.clinician, quarter, w.explain.working
    );
    state
        .store
        .apply_job_plans(ctx.user.actor(), ctx.id(), &plans, &purpose)
        .await?;
    let versions: Vec<String> = w
        .plans
        .iter()
        .map(|p| format!("{} version {}", p.clinician, p.plan.version))
        .collect();
    Ok(Done::to(
        Links::new(ctx.id().0).monitor(Some(quarter)),
        format!(
            "Applied the what-if for {}: {} saved.",
            w.clinician,
            versions.join(", ")
        ),
    ))
}
