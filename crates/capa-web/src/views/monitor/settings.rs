//! The monitor's settings page.

use askama::Template;
use askama_web::WebTemplate;

use crate::forms::FormErrors;
use crate::views::chrome::Chrome;

/// A setting's field.
pub struct SettingField {
    /// The form's name.
    pub name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Help shown under it.
    pub help: &'static str,
    /// The value, as typed.
    pub value: String,
    /// What is wrong with it ("" if nothing).
    pub error: String,
}

/// `GET /teams/{team}/settings/monitoring`.
#[derive(Template, WebTemplate)]
#[template(path = "monitor_settings.html")]
pub struct MonitorSettingsPage {
    /// Frame.
    pub chrome: Chrome,
    /// Whether the user may change them.
    pub can_edit: bool,
    /// Where the form posts.
    pub action: String,
    /// The fields.
    pub fields: Vec<SettingField>,
    /// What is wrong with the last change.
    pub errors: FormErrors,
    /// The monitor.
    pub monitor: String,
}
