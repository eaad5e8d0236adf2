//! The clinicians pages: the list and a clinician's details.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use super::controls::OptionView;
use crate::forms::FormErrors;

/// A clinician in the list.
pub struct ClinicianItem {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: String,
    /// FTE.
    pub fte: String,
    /// Does Choice.
    pub choice: &'static str,
    /// Skills summary.
    pub skills: String,
    /// Streams.
    pub streams: String,
    /// Dates.
    pub dates: String,
    /// Plan link.
    pub plan_href: String,
    /// Edit link.
    pub edit_href: String,
}

/// The add form as typed.
pub struct NewClinicianView {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: String,
    /// FTE.
    pub fte: String,
}

impl Default for NewClinicianView {
    fn default() -> Self {
        Self {
            initials: String::new(),
            name: String::new(),
            discipline: String::new(),
            fte: "1.0".into(),
        }
    }
}

/// `GET /teams/{team}/clinicians`.
#[derive(Template, WebTemplate)]
#[template(path = "clinicians.html")]
pub struct CliniciansPage {
    /// Frame.
    pub chrome: Chrome,
    /// Clinicians.
    pub clinicians: Vec<ClinicianItem>,
    /// Whether the user may add and edit.
    pub can_edit: bool,
    /// The add form's target.
    pub action: String,
    /// The add form as typed.
    pub new: NewClinicianView,
    /// What is wrong with it.
    pub errors: FormErrors,
}

/// A skill domain with the level chosen ("" for none).
pub struct SkillChoice {
    /// The domain.
    pub domain: String,
    /// `core`, `advanced` or "".
    pub level: String,
}

/// The clinician form's values.
#[derive(Default)]
pub struct ClinicianFormView {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: String,
    /// FTE.
    pub fte: String,
    /// Does Choice.
    pub does_choice: bool,
    /// Manual allocation.
    pub choice_allocation: String,
    /// Start date (yyyy-mm-dd).
    pub start_date: String,
    /// Leaving date (yyyy-mm-dd).
    pub leaving_date: String,
    /// Skills as typed.
    pub skills: Vec<SkillChoice>,
    /// Streams as ticked.
    pub streams: Vec<String>,
}

/// The clinician form.
#[derive(Template, WebTemplate)]
#[template(path = "clinician.html")]
pub struct ClinicianPage {
    /// Frame.
    pub chrome: Chrome,
    /// Heading.
    pub heading: String,
    /// Where it posts.
    pub action: String,
    /// Current values.
    pub form: ClinicianFormView,
    /// ABCD'S and the team's own domains with the level held.
    pub skills: Vec<SkillChoice>,
    /// Streams, ticked when a member.
    pub streams: Vec<OptionView>,
    /// Whether the user may change it.
    pub can_edit: bool,
    /// What is wrong with the last change.
    pub errors: FormErrors,
}
