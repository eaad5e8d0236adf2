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

/// An offer already published for the quarter.
pub struct PublishedLine {
    /// "TR4".
    pub label: String,
    /// "Mon 05/10/2026 11:00".
    pub when: String,
    /// Its state in words.
    pub state: String,
    /// Tag tone.
    pub tone: &'static str,
}

/// An offer standing in a session its job plan no longer gives its kind.
pub struct StandingLine {
    /// Id (the keep / withdraw choice's name is `offer-ID`).
    pub id: i64,
    /// "TR4".
    pub label: String,
    /// "Tue 04/08/2026 09:00".
    pub when: String,
    /// What the session holds now ("Specific: OT").
    pub now: String,
    /// Whether it can be withdrawn (vacant); a booked family keeps it.
    pub vacant: bool,
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
    /// "9 of 20 published for 2026Q3 (2 DNA'd or cancelled, to re-offer)".
    pub published_line: String,
    /// The offers already published for the quarter, by date.
    pub published: Vec<PublishedLine>,
    /// Offers standing in sessions no longer of their kind.
    pub standing: Vec<StandingLine>,
    /// The keep / withdraw form's target.
    pub standing_action: String,
}
