//! The start page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use crate::forms::FormErrors;

/// A team on the home page.
pub struct TeamLink {
    /// Link.
    pub href: String,
    /// Name.
    pub name: String,
    /// The user's role in it.
    pub role: String,
}

/// `GET /`.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    /// Frame.
    pub chrome: Chrome,
    /// Teams.
    pub teams: Vec<TeamLink>,
    /// Whether the user may create teams.
    pub is_admin: bool,
    /// The new team's name as typed.
    pub name: String,
    /// What is wrong with it.
    pub errors: FormErrors,
}
