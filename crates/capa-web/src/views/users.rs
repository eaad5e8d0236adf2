//! The administrator's accounts page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use super::controls::OptionView;
use crate::forms::FormErrors;

/// A user's role in a team, as listed.
pub struct RoleView {
    /// Team name.
    pub team: String,
    /// Role.
    pub role: String,
    /// The remove form's target.
    pub remove: String,
}

/// A user as listed.
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Administrator.
    pub is_admin: bool,
    /// Disabled.
    pub disabled: bool,
    /// Roles in teams.
    pub roles: Vec<RoleView>,
    /// The role form's target.
    pub roles_action: String,
    /// The disable or enable form's target.
    pub toggle_action: String,
    /// The one-time password form's target; none on one's own row (one's
    /// own password is changed on the account page).
    pub password_action: Option<String>,
    /// Signed in with a one-time password not yet changed.
    pub must_change_password: bool,
}

/// The new-account form as typed.
#[derive(Default)]
pub struct NewAccountView {
    /// Username.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Administrator ticked.
    pub is_admin: bool,
}

/// `GET /admin/users`.
#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
pub struct UsersPage {
    /// Frame.
    pub chrome: Chrome,
    /// Users.
    pub users: Vec<UserRow>,
    /// Teams to give a role in.
    pub teams: Vec<OptionView>,
    /// The new-account form.
    pub new: NewAccountView,
    /// What is wrong with the last change.
    pub errors: FormErrors,
}
