//! HTML pages, one module per feature, each with its own `routes()`: the
//! pages outside a team here, a team's under `/teams/{team}` in
//! [`team_routes`].

pub mod account;
pub mod assessment;
pub mod audit;
pub mod clinicians;
pub mod demand;
pub mod diary;
pub mod editor;
pub mod files;
pub mod forecast;
pub mod home;
pub mod members;
pub mod method;
pub mod monitor;
pub mod password;
pub mod plan;
pub mod review;
pub mod settings;
pub mod skills;
pub mod users;
pub mod year;

use axum::extract::Path;
use axum::response::Redirect;

use crate::routes::Routes;
use crate::urls::{TeamUrls, path};

/// The pages outside a team.
pub fn routes() -> Routes {
    Routes::new()
        .merge(home::routes())
        .merge(method::routes())
        .merge(account::routes())
        .merge(password::routes())
        .merge(users::routes())
        .merge(diary::calendar::feed_routes())
        .get(path::TEAM_SLASH, team_slash)
}

/// The pages of a team, relative to `/teams/{team}`.
pub fn team_routes() -> Routes {
    Routes::new()
        .merge(plan::routes())
        .merge(year::routes())
        .merge(method::team_routes())
        .merge(diary::routes())
        .merge(clinicians::routes())
        .merge(editor::routes())
        .merge(settings::routes())
        .merge(skills::routes())
        .merge(forecast::routes())
        .merge(monitor::routes())
        .merge(audit::routes())
        .merge(members::routes())
        .merge(files::routes())
        .merge(assessment::routes())
        .merge(demand::routes())
        .merge(review::routes())
}

/// `GET /teams/{team}/`: the team page has no trailing slash.
async fn team_slash(Path(team): Path<i64>) -> Redirect {
    Redirect::permanent(&TeamUrls::new(team).plan())
}
