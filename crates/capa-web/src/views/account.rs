//! The account page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use crate::forms::FormErrors;

/// A token as listed.
pub struct TokenRow {
    /// Name.
    pub name: String,
    /// Created.
    pub created: String,
    /// Last used.
    pub last_used: String,
    /// Revoked.
    pub revoked: bool,
    /// The revoke form's target.
    pub revoke: String,
}

/// `GET /account`.
#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    /// Frame.
    pub chrome: Chrome,
    /// Username.
    pub username: String,
    /// Tokens.
    pub tokens: Vec<TokenRow>,
    /// A token just created, shown once.
    pub new_token: Option<String>,
    /// What is wrong with the new token's form.
    pub errors: FormErrors,
    /// What is wrong with the password form.
    pub password_errors: FormErrors,
}

/// `GET /account/password`: changing one's password, the only page an
/// account signed in with a one-time password may see.
#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
pub struct PasswordPage {
    /// Frame.
    pub chrome: Chrome,
    /// Signed in with a one-time password, which must be changed first.
    pub forced: bool,
    /// What is wrong with the form.
    pub password_errors: FormErrors,
}
