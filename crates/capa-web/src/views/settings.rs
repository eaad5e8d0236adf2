//! The settings page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use super::controls::OptionView;
use crate::forms::FormErrors;

/// One setting on the settings page.
pub struct SettingView {
    /// Form field name.
    pub name: &'static str,
    /// Label.
    pub label: &'static str,
    /// Current value (or as typed).
    pub value: String,
    /// Default.
    pub default: String,
    /// What it means.
    pub help: &'static str,
    /// `number`, `text` or `select`.
    pub kind: &'static str,
    /// Options of a select.
    pub options: Vec<OptionView>,
    /// Step of a number.
    pub step: &'static str,
    /// What is wrong with the value typed ("" when nothing).
    pub error: String,
}

/// A Specific stream on the settings page.
pub struct StreamView {
    /// Name.
    pub name: String,
    /// Its multiplier and how it was set.
    pub multiplier: String,
}

/// `GET /teams/{team}/settings`.
#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub struct SettingsPage {
    /// Frame.
    pub chrome: Chrome,
    /// Whether the user may change them.
    pub can_edit: bool,
    /// The settings.
    pub settings: Vec<SettingView>,
    /// Streams.
    pub streams: Vec<StreamView>,
    /// Where the form posts.
    pub action: String,
    /// What is wrong with the last change.
    pub errors: FormErrors,
}
