//! The skills map page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;

/// A cell of the skills map.
pub struct SkillCell {
    /// Text ("core", "advanced", "2 sessions a week" or "").
    pub text: String,
    /// CSS class.
    pub class: &'static str,
}

/// A clinician's row.
pub struct SkillRow {
    /// Initials and name.
    pub who: String,
    /// One cell per domain, then per stream.
    pub cells: Vec<SkillCell>,
}

/// `GET /teams/{team}/skills`.
#[derive(Template, WebTemplate)]
#[template(path = "skills.html")]
pub struct SkillsPage {
    /// Frame.
    pub chrome: Chrome,
    /// Column headings: skill domains.
    pub domains: Vec<String>,
    /// Then streams.
    pub streams: Vec<String>,
    /// Rows.
    pub rows: Vec<SkillRow>,
    /// Coverage per domain, then per stream, in words.
    pub coverage: Vec<String>,
    /// Gaps in words.
    pub gaps: Vec<String>,
}
