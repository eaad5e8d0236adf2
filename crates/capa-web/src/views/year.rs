//! The year page.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::explain::n2;
use capa_core::{PlanningYear, YearReport};

use super::chrome::Chrome;
use super::controls::LinkView;
use super::figures::year_totals;
use crate::urls::TeamUrls;

/// A row of the year table.
pub struct YearRow {
    /// Initials and name.
    pub who: String,
    /// Link to the plan.
    pub href: String,
    /// Targets per quarter.
    pub quarters: Vec<u32>,
    /// The year.
    pub total: u32,
    /// The cumulative rounding, in words.
    pub explain: String,
}

/// `GET /teams/{team}/year`.
#[derive(Template, WebTemplate)]
#[template(path = "year.html")]
pub struct YearPage {
    /// Frame.
    pub chrome: Chrome,
    /// "2026/27".
    pub year: String,
    /// Quarter headings.
    pub headings: Vec<String>,
    /// Clinicians.
    pub rows: Vec<YearRow>,
    /// Team per quarter.
    pub team: Vec<u32>,
    /// Team year.
    pub team_total: u32,
    /// Core demand per quarter.
    pub demand: Vec<String>,
    /// Core demand in the year.
    pub demand_total: String,
    /// Choice needed per quarter.
    pub choice: Vec<u32>,
    /// Choice needed in the year.
    pub choice_total: u32,
    /// Links to other years.
    pub other_years: Vec<LinkView>,
    /// Chart.
    pub chart: String,
}

impl YearPage {
    /// Builds the page from a year's report.
    pub fn new(
        chrome: Chrome,
        urls: &TeamUrls,
        r: &YearReport,
        chart: String,
        current: PlanningYear,
    ) -> Self {
        let other_years = [-1, 0, 1]
            .iter()
            .map(|d| {
                let y = PlanningYear::new(current.start_year + d, current.start_month);
                LinkView {
                    href: urls.year(Some(y)),
                    label: y.to_string(),
                }
            })
            .collect();
        let totals = year_totals(r);
        Self {
            chrome,
            year: r.year.to_string(),
            headings: r
                .quarters
                .iter()
                .map(|q| format!("Q{} from {}", q.number, q.start().format("%d/%m/%Y")))
                .collect(),
            rows: r
                .clinicians
                .iter()
                .map(|c| YearRow {
                    who: format!("{} {}", c.initials, c.name),
                    href: urls.plan_editor(&c.initials),
                    quarters: c.new_core_targets.clone(),
                    total: c.new_core_total,
                    explain: c.explain.to_string(),
                })
                .collect(),
            team: r.new_core_targets.clone(),
            team_total: r.new_core_total,
            demand: r.core_demand.iter().map(|d| n2(*d)).collect(),
            demand_total: n2(totals.core_demand),
            choice: r.choice_needed.clone(),
            choice_total: totals.choice_needed,
            other_years,
            chart,
        }
    }
}
