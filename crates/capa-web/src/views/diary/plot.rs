//! A clinician's quarter week by week.

use askama::Template;
use askama_web::WebTemplate;

use crate::views::chrome::Chrome;
use crate::views::controls::OptionView;
use crate::views::team_plan::QuarterOption;

/// One week of the plot.
pub struct PlotLine {
    /// Week of (dd/mm/yyyy).
    pub week: String,
    /// Core appointments that week.
    pub capacity: u32,
    /// Taken by ongoing work.
    pub occupied: u32,
    /// First appointments starting.
    pub starting: u32,
    /// Vacant offers held.
    pub offered: u32,
    /// Free.
    pub free: u32,
    /// Episodes finishing.
    pub finishing: u32,
}

/// `GET /teams/{team}/diary/plot`.
#[derive(Template, WebTemplate)]
#[template(path = "diary_plot.html")]
pub struct PlotPage {
    /// Frame.
    pub chrome: Chrome,
    /// Whose.
    pub who: String,
    /// Quarter.
    pub quarter: String,
    /// The assumptions.
    pub explain: String,
    /// Weeks.
    pub weeks: Vec<PlotLine>,
    /// Clinicians to choose from.
    pub clinicians: Vec<OptionView>,
    /// Quarters to choose from.
    pub quarters: Vec<QuarterOption>,
}
