//! Full booking to Choice.

use askama::Template;
use askama_web::WebTemplate;

use super::WeekdayBox;
use crate::flash::Flash;
use crate::forms::FormErrors;
use crate::views::chrome::Chrome;

/// A Choice slot offered to a family.
pub struct ChoiceLine {
    /// Id.
    pub id: i64,
    /// "Tue 06/10/2026 13:00".
    pub when: String,
    /// Clinician.
    pub clinician: String,
    /// Booking form target, if the user may book.
    pub action: Option<String>,
}

/// `GET /teams/{team}/diary/choice`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_choice.html")]
pub struct ChoicePage {
    /// Frame.
    pub chrome: Chrome,
    /// The family's reference as typed.
    pub client: String,
    /// The day the referral was accepted (yyyy-mm-dd), if given.
    pub accepted: String,
    /// Weekdays the family cannot do.
    pub weekdays: Vec<WeekdayBox>,
    /// Whether a search was made.
    pub searched: bool,
    /// Where the search form posts.
    pub search_action: String,
    /// The two slots.
    pub slots: Vec<ChoiceLine>,
    /// The answer to the last booking.
    pub message: Option<Flash>,
    /// What is wrong with the search or the booking.
    pub errors: FormErrors,
}
