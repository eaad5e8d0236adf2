//! The activity-planning sheet.

use askama::Template;
use askama_web::WebTemplate;

use crate::views::chrome::Chrome;
use crate::views::team_plan::QuarterOption;

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
    /// Re-offer form target, if the user may re-offer.
    pub href: Option<String>,
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
    /// The team's working days to re-offer a missed first appointment.
    pub reoffer_working_days: u32,
    /// Offers counted although their session is no longer Core ("TR4 (Tue
    /// 04/08/2026 09:00, the session is now Specific: OT)").
    pub standing: Vec<String>,
    /// Publishing (where they are kept or withdrawn), if the user may.
    pub publish_href: Option<String>,
}
