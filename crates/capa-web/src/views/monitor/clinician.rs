//! One clinician's offers of a quarter, as the monitor counted them: each
//! first appointment's outcome, its re-offer, and for a Partnership that
//! started, whether its episode has closed.

use askama::Template;
use askama_web::WebTemplate;

use super::MonitorRow;
use crate::views::chrome::Chrome;

/// A form recording that the episode an attended first appointment started
/// has closed.
pub struct CloseForm {
    /// Form target.
    pub href: String,
    /// The earliest day it may close (the appointment's), ISO.
    pub min: String,
    /// Today, ISO (the field's value).
    pub today: String,
}

/// One first Partnership appointment.
pub struct OfferLine {
    /// Element id.
    pub id: i64,
    /// "TR4".
    pub label: String,
    /// "Core" or the Specific stream.
    pub stream: String,
    /// "05/10/2026 10:00".
    pub when: String,
    /// Its state in words.
    pub state: &'static str,
    /// Tag tone.
    pub tone: &'static str,
    /// "booked 01/09/2026, 21 days after Choice", or "".
    pub booking: String,
    /// What became of a DNA'd or cancelled one ("re-offered 07/10/2026, in
    /// time"), or of a Partnership started ("episode open"), or "".
    pub follow_up: String,
    /// Whether the follow-up needs attention (not re-offered in time).
    pub overdue: bool,
    /// The closing form, for an open episode the user may close.
    pub close: Option<CloseForm>,
}

/// `GET /teams/{team}/monitor/clinicians/{initials}`.
#[derive(Template, WebTemplate)]
#[template(path = "monitor_clinician.html")]
pub struct ClinicianPage {
    /// Frame.
    pub chrome: Chrome,
    /// "TR Tui Rangi".
    pub who: String,
    /// The quarter.
    pub quarter: String,
    /// The phase in words.
    pub phase: String,
    /// Back to the monitor of the quarter.
    pub back: String,
    /// The clinician's line.
    pub line: MonitorRow,
    /// The offers, in time order.
    pub offers: Vec<OfferLine>,
    /// The week view of the diary, for recording outcomes.
    pub diary_href: String,
    /// The what-if of the clinician's leaving or leave.
    pub what_if_href: String,
}
