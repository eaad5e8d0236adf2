//! The error page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;

/// An error page.
#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Frame.
    pub chrome: Chrome,
    /// Heading.
    pub heading: String,
    /// What happened and what to do.
    pub message: String,
}
