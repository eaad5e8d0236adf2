//! A clinician's private calendar feeds.

use askama::Template;
use askama_web::WebTemplate;

use crate::views::chrome::Chrome;

/// A feed address.
pub struct FeedLine {
    /// Created (dd/mm/yyyy).
    pub created: String,
    /// Revoked.
    pub revoked: bool,
    /// The revoke form's target.
    pub revoke: String,
}

/// `GET /teams/{team}/diary/calendar`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_calendar.html")]
pub struct CalendarPage {
    /// Frame.
    pub chrome: Chrome,
    /// Whose.
    pub who: String,
    /// A new feed's address, shown once.
    pub new_url: Option<String>,
    /// Feeds.
    pub feeds: Vec<FeedLine>,
    /// Create form target.
    pub create_action: String,
}
