//! The managed list.

use askama::Template;
use askama_web::WebTemplate;

use crate::views::chrome::Chrome;

/// A family on the managed list.
pub struct ManagedLine {
    /// Id.
    pub id: i64,
    /// Reference or label.
    pub client: String,
    /// Since (dd/mm/yyyy).
    pub since: String,
    /// Why.
    pub reason: String,
    /// Resolve form target, if the user may resolve.
    pub action: Option<String>,
}

/// `GET /teams/{team}/diary/managed`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_managed.html")]
pub struct ManagedPage {
    /// Frame.
    pub chrome: Chrome,
    /// Open entries.
    pub rows: Vec<ManagedLine>,
}
