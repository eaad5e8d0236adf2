//! Views of the diary pages.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use super::team_plan::QuarterOption;

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
    /// State id.
    pub state_id: &'static str,
    /// Tag tone.
    pub tone: &'static str,
    /// The family's reference, if booked.
    pub client: String,
    /// Whether it can be booked from here (Partnership offers).
    pub bookable: bool,
    /// Booking link.
    pub book_href: String,
    /// Outcome form target.
    pub outcome_href: String,
    /// Whether it waits for a re-offer.
    pub needs_reoffer: bool,
    /// Re-offer form target.
    pub reoffer_href: String,
}

/// A day of the week.
pub struct DiaryDay {
    /// "Monday 05/10/2026".
    pub label: String,
    /// Its appointments.
    pub rows: Vec<DiaryRow>,
}

/// `GET /teams/{team}/diary`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_week.html")]
pub struct DiaryWeekPage {
    /// Frame.
    pub chrome: Chrome,
    /// "05/10/2026".
    pub week_label: String,
    /// Days.
    pub days: Vec<DiaryDay>,
    /// Previous week link.
    pub previous: String,
    /// Next week link.
    pub next: String,
    /// Links.
    pub book_href: String,
    /// Sheet link.
    pub sheet_href: String,
    /// Publish link.
    pub publish_href: String,
    /// Whether the user may book and record outcomes.
    pub can_act: bool,
    /// Whether the user may publish offers.
    pub can_publish: bool,
}

/// A clinician's line on the sheet.
pub struct SheetLine {
    /// Initials and name.
    pub who: String,
    /// Target.
    pub target: u32,
    /// Published.
    pub published: u32,
    /// Booked.
    pub booked: u32,
    /// Started.
    pub started: u32,
    /// DNA.
    pub dna: u32,
    /// Cancelled.
    pub cancelled: u32,
    /// Re-offered.
    pub reoffered: u32,
    /// "on track", "short by 3" ...
    pub status: String,
    /// Whether it is fine.
    pub ok: bool,
    /// How it was judged.
    pub explain: String,
}

/// A re-offer task.
pub struct TaskLine {
    /// Offer label.
    pub label: String,
    /// What happened.
    pub state: String,
    /// Re-offer by (dd/mm/yyyy).
    pub by: String,
    /// Overdue.
    pub overdue: bool,
    /// Re-offer form target.
    pub href: String,
}

/// `GET /teams/{team}/diary/sheet`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_sheet.html")]
pub struct SheetPage {
    /// Frame.
    pub chrome: Chrome,
    /// Quarter.
    pub quarter: String,
    /// Quarter selector.
    pub quarters: Vec<QuarterOption>,
    /// The deadline in words.
    pub deadline: String,
    /// Lines.
    pub rows: Vec<SheetLine>,
    /// Team target.
    pub total_target: u32,
    /// Team published.
    pub total_published: u32,
    /// Who is short.
    pub short: Vec<String>,
    /// Re-offer tasks.
    pub tasks: Vec<TaskLine>,
    /// Whether the user may re-offer.
    pub can_act: bool,
}

/// A candidate session.
pub struct CandidateLine {
    /// "2026-10-05|1|0".
    pub value: String,
    /// "Mon 05/10/2026 11:00-12:00".
    pub label: String,
    /// Ticked.
    pub suggested: bool,
}

/// `GET /teams/{team}/diary/publish`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_publish.html")]
pub struct PublishPage {
    /// Frame.
    pub chrome: Chrome,
    /// Initials and name.
    pub who: String,
    /// Initials.
    pub initials: String,
    /// "core" or "choice".
    pub kind: String,
    /// Quarter label.
    pub quarter: String,
    /// Quarter value.
    pub quarter_value: String,
    /// Selectors.
    pub quarters: Vec<QuarterOption>,
    /// Clinicians the user may publish for: (initials, selected).
    pub clinicians: Vec<(String, bool)>,
    /// How many are needed and why.
    pub explain: String,
    /// Candidate sessions.
    pub candidates: Vec<CandidateLine>,
    /// Form target.
    pub action: String,
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
    /// Booking form target.
    pub action: String,
}

/// `GET /teams/{team}/diary/book`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_book.html")]
pub struct BookPage {
    /// Frame.
    pub chrome: Chrome,
    /// Skill domains with the level asked for ("" for any).
    pub skills: Vec<(String, String)>,
    /// Clinicians: (initials, preferred).
    pub clinicians: Vec<(String, bool)>,
    /// Weekdays: (short name, excluded).
    pub weekdays: Vec<(&'static str, bool)>,
    /// Earliest time.
    pub not_before: String,
    /// Latest time.
    pub not_after: String,
    /// The Choice appointment it comes from (id), if any.
    pub choice: String,
    /// Offers that fit.
    pub offers: Vec<OfferLine>,
    /// Why nothing fits.
    pub nothing: String,
    /// A message (booked, just taken).
    pub message: Option<String>,
    /// `ok` or `bad`.
    pub message_kind: &'static str,
}
