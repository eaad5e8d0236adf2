//! The login page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;

/// The login page.
#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    /// Frame.
    pub chrome: Chrome,
    /// Where to go after logging in.
    pub next: String,
    /// The username typed, kept after a failure.
    pub username: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
}
