//! Public holidays and leave.

use askama::Template;
use askama_web::WebTemplate;

use crate::forms::FormErrors;
use crate::views::chrome::Chrome;
use crate::views::controls::OptionView;

/// A public holiday.
pub struct HolidayLine {
    /// "Mon 25/12/2026".
    pub day: String,
    /// Its name.
    pub name: String,
    /// The remove form's target, if the user may remove it.
    pub remove: Option<String>,
}

/// A clinician's leave.
pub struct LeaveLine {
    /// Initials.
    pub who: String,
    /// "01/02/2027 to 05/02/2027".
    pub dates: String,
    /// The remove form's target, if the user may remove it.
    pub remove: Option<String>,
}

/// The forms as typed.
#[derive(Default)]
pub struct AbsenceForms {
    /// Holiday day.
    pub day: String,
    /// Holiday name.
    pub name: String,
    /// Leave's first day.
    pub first_day: String,
    /// Leave's last day.
    pub last_day: String,
}

/// `GET /teams/{team}/diary/absences`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_absences.html")]
pub struct AbsencesPage {
    /// Frame.
    pub chrome: Chrome,
    /// Holidays.
    pub holidays: Vec<HolidayLine>,
    /// Leave.
    pub leave: Vec<LeaveLine>,
    /// Clinicians the user may enter leave for.
    pub clinicians: Vec<OptionView>,
    /// The holiday form's target, if the user may add holidays.
    pub holiday_action: Option<String>,
    /// Leave form target.
    pub leave_action: String,
    /// The forms as typed.
    pub typed: AbsenceForms,
    /// What is wrong with the last change.
    pub errors: FormErrors,
}
