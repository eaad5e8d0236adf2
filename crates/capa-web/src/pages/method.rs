//! How capa computes each figure: the method page, alone or in a team's frame.

use crate::auth::{CurrentUser, TeamContext};
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::{Chrome, Page};
use crate::views::markdown::method_for_clinicians;
use crate::views::method::MethodPage;

/// The page's routes outside a team.
pub fn routes() -> Routes {
    Routes::new().get(path::METHOD, method)
}

/// The page's routes in a team.
pub fn team_routes() -> Routes {
    Routes::new().get(path::TEAM_METHOD, team_method)
}

/// `GET /method`.
async fn method(user: Option<CurrentUser>) -> MethodPage {
    MethodPage {
        chrome: Chrome::plain(
            user.as_ref().map(|u| u.user.display_name.clone()),
            user.map(|u| u.csrf()).unwrap_or_default(),
        ),
        body: method_for_clinicians(),
    }
}

/// `GET /teams/{team}/method`: the same, keeping the team's navigation.
async fn team_method(ctx: TeamContext) -> MethodPage {
    MethodPage {
        chrome: ctx.chrome(Page::Method),
        body: method_for_clinicians(),
    }
}
