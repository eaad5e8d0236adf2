//! A clinician's quarter week by week (capa-core's `plot_diary`).

use axum::extract::{Query, State};
use capa_core::diary::{ProposalRequest, SlotKind, plot};
use capa_store::{AppointmentKind, AppointmentQuery};
use serde::Deserialize;

use crate::AppState;
use crate::auth::TeamContext;
use crate::diary::{holiday_dates, leave_of};
use crate::error::PageResult;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::controls::OptionView;
use crate::views::diary::plot::{EpisodeBar, PlotChart, PlotLine, PlotPage};
use crate::views::format::dmy;
use crate::views::team_plan::quarter_options;

/// The routes of the plot.
pub fn routes() -> Routes {
    Routes::new().get(path::PLOT, page)
}

/// `?clinician=TR&quarter=2026Q3`.
#[derive(Deserialize)]
struct PlotQuery {
    clinician: Option<String>,
    quarter: Option<String>,
}

/// `GET /teams/{team}/diary/plot`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<PlotQuery>,
) -> PageResult<PlotPage> {
    let (index, id) = ctx.whose(q.clinician.as_deref())?;
    let quarter = ctx.quarter(q.quarter.as_deref())?;
    let z = ctx.zone();
    let rows = state
        .store
        .appointments(
            ctx.id(),
            &AppointmentQuery {
                clinician: Some(id),
                kind: Some(AppointmentKind::Partnership),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let diary: Vec<_> = rows
        .iter()
        .map(|a| (z.local(a.starts_at).date(), a.state))
        .collect();
    let holidays = holiday_dates(
        &state.store,
        &ctx.stored,
        quarter.start(),
        quarter.end_exclusive(),
    )
    .await?;
    let leave = leave_of(
        &state.store,
        &ctx.stored,
        index,
        quarter.start(),
        quarter.end_exclusive(),
    )
    .await?;
    let c = ctx.clinician_at(index);
    let request = ProposalRequest {
        clinician: c,
        layout: &ctx.team().settings.layout,
        quarter,
        kind: &SlotKind::Core,
        holidays: &holidays,
        leave: &leave,
        taken: &[],
        choice_appointments_per_session: 1,
    };
    let result = plot::plot_diary(&request, &diary);
    let weeks: Vec<PlotLine> = result
        .weeks
        .iter()
        .map(|w| PlotLine {
            week: dmy(w.week_start),
            capacity: w.capacity,
            occupied: w.occupied,
            starting: w.starting,
            offered: w.offered,
            free: w.free,
            finishing: w.finishing,
            waiting: w.waiting,
        })
        .collect();
    let bars: Vec<EpisodeBar> = result
        .episodes
        .iter()
        .map(|e| {
            let first_week = (e.before_quarter == 0)
                .then(|| e.weeks.first().copied())
                .flatten();
            EpisodeBar {
                name: format!("{} from {}", rows[e.source].label, e.first.format("%d/%m")),
                weeks: e.weeks.clone(),
                first_week,
            }
        })
        .collect();
    let who = format!("{} {}", c.initials, c.name);
    let chart = PlotChart::new(
        format!("{who}: Core Partnership episodes and free capacity, {quarter}"),
        &weeks,
        &bars,
    );
    Ok(PlotPage {
        who,
        quarter: quarter.to_string(),
        explain: result.explain.to_string(),
        weeks,
        chart,
        clinicians: ctx
            .team()
            .clinicians
            .iter()
            .enumerate()
            .map(|(i, c)| OptionView::plain(c.initials.to_string(), i == index))
            .collect(),
        quarters: quarter_options(ctx.current_quarter(), quarter),
        chrome: ctx.chrome(Page::Diary),
    })
}
