//! The audit log page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;

/// An audit record as shown.
pub struct AuditRow {
    /// When (team time).
    pub at: String,
    /// Who.
    pub who: String,
    /// What kind of thing.
    pub what: String,
    /// Action.
    pub action: String,
    /// Before (pretty JSON).
    pub before: String,
    /// After (pretty JSON).
    pub after: String,
}

/// `GET /teams/{team}/audit`.
#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    /// Frame.
    pub chrome: Chrome,
    /// Records, newest first.
    pub rows: Vec<AuditRow>,
    /// Link to older records.
    pub older: Option<String>,
}
