//! Booking at the end of Choice.

use askama::Template;
use askama_web::WebTemplate;

use super::WeekdayBox;
use crate::flash::Flash;
use crate::views::chrome::Chrome;
use crate::views::controls::OptionView;

/// A skill asked for.
pub struct SkillAsk {
    /// The domain.
    pub domain: String,
    /// `core`, `advanced`, or "" for any.
    pub level: String,
}

/// A field of the search, carried hidden in each booking form so that the
/// answer (booked, just taken, a wrong NHI) shows the same search again.
pub struct Hidden {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// An offer that fits.
pub struct OfferLine {
    /// Id.
    pub id: i64,
    /// Label.
    pub label: String,
    /// "Tue 06/10/2026 11:00".
    pub when: String,
    /// Initials and name.
    pub clinician: String,
    /// The wait from today to it ("in 23 days (3 weeks 2 days)").
    pub wait: String,
    /// The wait against CAPA's aim and the team's limit, in words.
    pub wait_note: String,
    /// Tag tone: within the aim, the limit, or beyond it.
    pub wait_tone: &'static str,
    /// Ranked first as the preferred clinician's (within the team's limit).
    pub preferred: bool,
    /// Whether the line offers booking another stream (after a refusal).
    pub another_stream: bool,
    /// Why the reason for another stream could not be used ("" when nothing).
    pub reason_error: String,
    /// Booking form target.
    pub action: String,
    /// The family as typed for this offer.
    pub client: String,
    /// Why it could not be booked for them ("" when nothing).
    pub error: String,
}

/// `GET /teams/{team}/diary/book`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_book.html")]
pub struct BookPage {
    /// Frame.
    pub chrome: Chrome,
    /// Skill domains with the level asked for.
    pub skills: Vec<SkillAsk>,
    /// Clinicians, the preferred one selected.
    pub clinicians: Vec<OptionView>,
    /// Specific streams, the chosen one selected.
    pub streams: Vec<OptionView>,
    /// Weekdays the family cannot do.
    pub weekdays: Vec<WeekdayBox>,
    /// Earliest time.
    pub not_before: String,
    /// Latest time.
    pub not_after: String,
    /// The Choice appointment it comes from (id), if any.
    pub choice: String,
    /// The family, when booking from a Choice appointment.
    pub client: String,
    /// The search, for the booking forms.
    pub hidden: Vec<Hidden>,
    /// Offers that fit.
    pub offers: Vec<OfferLine>,
    /// Why nothing fits.
    pub nothing: String,
    /// The skills asked for, as "Domain:level,..." for the managed list.
    pub skills_text: String,
    /// The managed list's form target, if the user may book.
    pub managed_action: Option<String>,
    /// Where the search form posts.
    pub search_action: String,
    /// Whether the user may book (the forms are shown).
    pub may_book: bool,
    /// The answer to the last booking.
    pub message: Option<Flash>,
    /// The team's limit on the internal wait, in weeks.
    pub max_wait_weeks: u32,
}
