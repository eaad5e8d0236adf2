//! The method page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;

/// `GET /method` and `GET /teams/{team}/method`: how capa computes each figure.
#[derive(Template, WebTemplate)]
#[template(path = "method.html")]
pub struct MethodPage {
    /// Frame (the team's navigation when reached from a team).
    pub chrome: Chrome,
    /// The method's HTML.
    pub body: String,
}
