//! A job plan laid out like the seed's template, on one A4 page.

use axum::extract::Path;
use serde::Deserialize;

use super::{pick, quarter_of, targets};
use crate::auth::TeamContext;
use crate::error::PageResult;
use crate::views::chrome::Page;
use crate::views::print::PrintPage;

/// A version of a clinician's plan.
#[derive(Deserialize)]
pub struct VersionPath {
    initials: String,
    version: u32,
}

/// `GET /teams/{team}/clinicians/{initials}/plan/{version}/print`.
pub async fn page(ctx: TeamContext, Path(p): Path<VersionPath>) -> PageResult<PrintPage> {
    let (index, _) = ctx.clinician(&p.initials)?;
    let c = ctx.clinician_at(index);
    let plan = pick(&ctx, c, Some(p.version))?;
    let t = targets(ctx.team(), index, plan, quarter_of(&ctx, plan));
    Ok(PrintPage::new(
        ctx.chrome(Page::Clinicians),
        &ctx.team().settings,
        c,
        plan,
        &t,
        ctx.urls.plan_editor(&c.initials),
    ))
}
