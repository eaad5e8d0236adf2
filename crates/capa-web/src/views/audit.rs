//! The audit log page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;
use super::controls::OptionView;
use crate::forms::FormErrors;

/// An audit record as shown.
pub struct AuditRow {
    /// When (team time).
    pub at: String,
    /// Who.
    pub who: String,
    /// What kind of thing ("Job plan").
    pub kind: String,
    /// The change in words, naming the fields that changed.
    pub sentence: String,
}

/// The filters above the log.
pub struct AuditFilter {
    /// People who may have made changes.
    pub people: Vec<OptionView>,
    /// The team's clinicians.
    pub clinicians: Vec<OptionView>,
    /// Kinds of record.
    pub kinds: Vec<OptionView>,
    /// First day (as typed).
    pub from: String,
    /// Last day (as typed).
    pub to: String,
    /// The unfiltered log, when a filter is set.
    pub clear: Option<String>,
}

/// `GET /teams/{team}/audit`.
#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    /// Frame.
    pub chrome: Chrome,
    /// Records, newest first.
    pub rows: Vec<AuditRow>,
    /// Link to older records.
    pub older: Option<String>,
    /// The filters.
    pub filter: AuditFilter,
    /// Where the filter form goes.
    pub action: String,
    /// What is wrong with the filters.
    pub errors: FormErrors,
}
