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
    /// `number`, `text`, `textarea` or `select`.
    pub kind: &'static str,
    /// Options of a select.
    pub options: Vec<OptionView>,
    /// Step of a number.
    pub step: &'static str,
    /// What is wrong with the value typed ("" when nothing).
    pub error: String,
    /// The heading of the group this setting starts ("" within a group).
    pub heading: &'static str,
}

/// A Specific stream on the settings page, with its form.
pub struct StreamView {
    /// The form's key (`stream-ID`, `stream-new`), for ids in the page.
    pub key: String,
    /// Name (or as typed).
    pub name: String,
    /// Its multiplier and how it was set ("" for a new stream).
    pub multiplier: String,
    /// The multiplier field (empty when derived or the Core one).
    pub multiplier_value: String,
    /// The average appointments field.
    pub average: String,
    /// The appointments per session field.
    pub per_session: String,
    /// Where its form posts.
    pub action: String,
    /// What is wrong with the last change to it ("" when nothing).
    pub error: String,
}

/// A public holiday in the coming year.
pub struct HolidayView {
    /// "Mon 25/12/2026".
    pub day: String,
    /// Its name.
    pub name: String,
    /// Added by the team (not from its calendar).
    pub own: bool,
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
    /// The form adding a stream.
    pub new_stream: StreamView,
    /// The team's holiday calendar in words.
    pub calendar: String,
    /// Whether any of them the team added itself.
    pub has_own_days: bool,
    /// The public holidays of the coming year.
    pub holidays: Vec<HolidayView>,
    /// Where the team adds its own days.
    pub absences: String,
    /// Where the form posts.
    pub action: String,
    /// What is wrong with the last change.
    pub errors: FormErrors,
    /// The monitor's own settings page.
    pub monitoring: String,
}
