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
}
