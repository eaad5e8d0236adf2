//! The diary's week, and its day list.

use askama::Template;
use askama_web::WebTemplate;

use crate::views::chrome::Chrome;
use crate::views::controls::LinkView;

/// An appointment in the week.
pub struct DiaryRow {
    /// Id.
    pub id: i64,
    /// "11:00-12:00".
    pub time: String,
    /// "AD4", or "AD Choice".
    pub label: String,
    /// "Core Partnership", "Choice" ...
    pub kind: String,
    /// State in words.
    pub state: String,
    /// Tag tone.
    pub tone: &'static str,
    /// The family's reference, if booked.
    pub client: String,
    /// Booking link, for a vacant Partnership offer the user may book.
    pub book_href: Option<String>,
    /// Outcome form target, for a booked appointment the user may record
    /// that has started.
    pub outcome_href: Option<String>,
    /// For a booked appointment still ahead: when its outcome can be
    /// recorded ("" otherwise).
    pub outcome_later: String,
    /// Correction form, for an appointment with an outcome whose clinician
    /// (or a lead) is the user.
    pub correct: Option<CorrectForm>,
    /// For a booked or attended Choice appointment: book the family's first
    /// Partnership appointment from it.
    pub partnership_href: Option<String>,
    /// Re-offer form target, for a missed offer waiting for one.
    pub reoffer_href: Option<String>,
    /// For an attended first Partnership appointment whose clinician (or a
    /// lead) is the user: where its episode's closure is recorded.
    pub close_href: Option<String>,
}

/// The form that corrects a wrong outcome.
pub struct CorrectForm {
    /// Form target.
    pub href: String,
    /// The outcomes it may be corrected to (value, words): every one but the
    /// one recorded.
    pub choices: Vec<(&'static str, &'static str)>,
    /// The most characters the reason may hold.
    pub reason_limit: usize,
}

/// A day of the week.
pub struct DiaryDay {
    /// "Monday 05/10/2026".
    pub label: String,
    /// The day list's link.
    pub href: String,
    /// Its appointments.
    pub rows: Vec<DiaryRow>,
}

/// `GET /teams/{team}/diary`: a week, or (`?day=`) one day.
#[derive(Template, WebTemplate)]
#[template(path = "diary_week.html")]
pub struct DiaryWeekPage {
    /// Frame.
    pub chrome: Chrome,
    /// Heading.
    pub heading: String,
    /// "Week of 05/10/2026." or "Monday 05/10/2026."
    pub lede: String,
    /// Days shown (one for the day list).
    pub days: Vec<DiaryDay>,
    /// Whether this is one day's list.
    pub one_day: bool,
    /// Previous and next (week or day), and back to the week from a day.
    pub steps: Vec<LinkView>,
    /// Booking at the end of Choice, if the user may book.
    pub book_href: Option<String>,
    /// The activity-planning sheet.
    pub sheet_href: String,
    /// Publishing offers, if the user may publish.
    pub publish_href: Option<String>,
    /// The rest of the diary.
    pub more: Vec<LinkView>,
    /// The session's CSRF token (for the outcome forms' macro).
    pub csrf: String,
}
