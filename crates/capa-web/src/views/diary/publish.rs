//! Publishing offers from the job plan.

use askama::Template;
use askama_web::WebTemplate;

use crate::views::chrome::Chrome;
use crate::views::controls::OptionView;
use crate::views::team_plan::QuarterOption;

/// A candidate session.
pub struct CandidateLine {
    /// "2026-10-05|1|0".
    pub value: String,
    /// "Mon 05/10/2026 11:00-12:00".
    pub label: String,
    /// Ticked.
    pub suggested: bool,
}

/// `GET /teams/{team}/diary/publish`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_publish.html")]
pub struct PublishPage {
    /// Frame.
    pub chrome: Chrome,
    /// Initials and name.
    pub who: String,
    /// Initials.
    pub initials: String,
    /// "core", "choice" or "specific:STREAM".
    pub kind: String,
    /// The diary in words ("Core Partnership").
    pub kind_label: String,
    /// The diaries to choose from.
    pub kinds: Vec<OptionView>,
    /// Quarter label.
    pub quarter: String,
    /// Quarter value.
    pub quarter_value: String,
    /// Selectors.
    pub quarters: Vec<QuarterOption>,
    /// Clinicians the user may publish for.
    pub clinicians: Vec<OptionView>,
    /// How many are needed and why.
    pub explain: String,
    /// Candidate sessions.
    pub candidates: Vec<CandidateLine>,
    /// Form target.
    pub action: String,
    /// Why the last try published nothing.
    pub error: Option<String>,
}
