//! The members page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use crate::forms::FormErrors;

/// A member as listed.
pub struct MemberLine {
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub name: String,
    /// Role in words.
    pub role: String,
    /// The remove form's target.
    pub remove: String,
}

/// The member form as typed.
#[derive(Default)]
pub struct MemberView {
    /// Username.
    pub username: String,
    /// Role id.
    pub role: String,
    /// Clinician initials.
    pub clinician: String,
    /// Name for a new account.
    pub display_name: String,
}

/// `GET /teams/{team}/members`.
#[derive(Template, WebTemplate)]
#[template(path = "members.html")]
pub struct MembersPage {
    /// Frame.
    pub chrome: Chrome,
    /// Team name.
    pub team: String,
    /// Members.
    pub members: Vec<MemberLine>,
    /// Form target.
    pub action: String,
    /// The form as typed.
    pub typed: MemberView,
    /// The roles to choose from, the typed one selected.
    pub roles: Vec<super::controls::OptionView>,
    /// What is wrong with the last change.
    pub errors: FormErrors,
}
