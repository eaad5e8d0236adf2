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
    /// For a booked or attended Choice appointment: book the family's first
    /// Partnership appointment from it.
    pub partnership_href: Option<String>,
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
    /// `/teams/{team}/diary`.
    pub base: String,
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
    /// "core", "choice" or "specific:STREAM".
    pub kind: String,
    /// The diaries to choose from: (value, label).
    pub kinds: Vec<(String, String)>,
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
    /// Specific streams: (name, chosen).
    pub streams: Vec<(String, bool)>,
    /// Weekdays: (short name, excluded).
    pub weekdays: Vec<(&'static str, bool)>,
    /// Earliest time.
    pub not_before: String,
    /// Latest time.
    pub not_after: String,
    /// The Choice appointment it comes from (id), if any.
    pub choice: String,
    /// The family, when booking from a Choice appointment.
    pub client: String,
    /// Offers that fit.
    pub offers: Vec<OfferLine>,
    /// Why nothing fits.
    pub nothing: String,
    /// The skills asked for, as "Domain:level,..." for the managed list.
    pub skills_text: String,
    /// The managed list's form target.
    pub managed_action: String,
    /// A message (booked, just taken).
    pub message: Option<String>,
    /// `ok` or `bad`.
    pub message_kind: &'static str,
}

/// A Choice slot offered to a family.
pub struct ChoiceLine {
    /// Id.
    pub id: i64,
    /// "Tue 06/10/2026 13:00".
    pub when: String,
    /// Clinician.
    pub clinician: String,
    /// Booking form target.
    pub action: String,
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
    /// Weekdays: (short name, excluded).
    pub weekdays: Vec<(&'static str, bool)>,
    /// The two slots.
    pub slots: Vec<ChoiceLine>,
    /// A message.
    pub message: Option<String>,
    /// `ok` or `bad`.
    pub message_kind: &'static str,
}

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
    /// Resolve form target.
    pub action: String,
}

/// `GET /teams/{team}/diary/managed`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_managed.html")]
pub struct ManagedPage {
    /// Frame.
    pub chrome: Chrome,
    /// Open entries.
    pub rows: Vec<ManagedLine>,
    /// Whether the user may resolve.
    pub can_act: bool,
}

/// `GET /teams/{team}/diary/absences`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_absences.html")]
pub struct AbsencesPage {
    /// Frame.
    pub chrome: Chrome,
    /// Holidays: (id, date, name, remove action).
    pub holidays: Vec<(i64, String, String, String)>,
    /// Leave: (id, initials, dates, remove action, removable).
    pub leave: Vec<(i64, String, String, String, bool)>,
    /// Clinicians the user may enter leave for.
    pub clinicians: Vec<String>,
    /// Whether the user may change holidays.
    pub can_plan: bool,
    /// Form targets.
    pub holiday_action: String,
    /// Leave form target.
    pub leave_action: String,
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
    /// Feeds: (id, created, revoked, revoke action).
    pub feeds: Vec<(i64, String, bool, String)>,
    /// Create form target.
    pub create_action: String,
}

/// `GET /teams/{team}/diary/plot`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_plot.html")]
pub struct PlotPage {
    /// Frame.
    pub chrome: Chrome,
    /// Whose.
    pub who: String,
    /// Quarter.
    pub quarter: String,
    /// The assumptions.
    pub explain: String,
    /// Weeks: (week of, capacity, occupied, starting, offered, free, finishing).
    pub weeks: Vec<(String, u32, u32, u32, u32, u32, u32)>,
}
