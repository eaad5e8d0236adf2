//! A clinician's quarter week by week: an SVG with one bar per episode across
//! the weeks, free capacity per week and the gaps where new offers fit, with
//! the same figures in a table beside it.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::explain::plural;

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
    /// Episodes due an appointment the week cannot hold.
    pub waiting: u32,
}

/// A rectangle of the chart, in its viewBox's units.
pub struct Rect {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
    /// Stylesheet class (`plot-seen`, `plot-first`, `plot-gap` ...).
    pub class: &'static str,
}

/// A text of the chart.
pub struct Label {
    /// Anchor x.
    pub x: u32,
    /// Baseline y.
    pub y: u32,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// The words.
    pub text: String,
}

/// The chart, laid out: everything the template draws.
pub struct PlotChart {
    /// Width of the viewBox.
    pub width: u32,
    /// Height of the viewBox.
    pub height: u32,
    /// The chart's title.
    pub title: String,
    /// Every figure it shows, in words.
    pub desc: String,
    /// Bars and cells.
    pub rects: Vec<Rect>,
    /// Week headings, episode names, free counts.
    pub labels: Vec<Label>,
    /// Grid lines between weeks (x positions).
    pub lines: Vec<u32>,
    /// Where the grid lines end.
    pub grid_bottom: u32,
}

/// An episode's bar, for the chart.
pub struct EpisodeBar {
    /// "TR5 from 09/11".
    pub name: String,
    /// Weeks (0 = the first of the quarter) with one of its appointments.
    pub weeks: Vec<usize>,
    /// The week of its first appointment, when that is in the quarter.
    pub first_week: Option<usize>,
}

/// Units of the chart's layout.
const NAME_W: u32 = 132;
const WEEK_W: u32 = 46;
const ROW_H: u32 = 22;
const HEAD_H: u32 = 30;

impl PlotChart {
    /// Lays the chart out: a row per episode, then a row of free capacity
    /// (the gaps where new offers fit, marked) and one of vacant offers.
    pub fn new(title: String, weeks: &[PlotLine], episodes: &[EpisodeBar]) -> Self {
        let n = weeks.len() as u32;
        let width = NAME_W + n * WEEK_W + 8;
        let mut rects = Vec::new();
        let mut labels = Vec::new();
        let x_of = |w: usize| NAME_W + w as u32 * WEEK_W;
        for (i, w) in weeks.iter().enumerate() {
            labels.push(Label {
                x: x_of(i) + WEEK_W / 2,
                y: HEAD_H - 10,
                anchor: "middle",
                text: w.week.get(..5).unwrap_or(&w.week).to_string(),
            });
        }
        let mut y = HEAD_H;
        for e in episodes {
            labels.push(Label {
                x: NAME_W - 6,
                y: y + 15,
                anchor: "end",
                text: e.name.clone(),
            });
            for &w in &e.weeks {
                rects.push(Rect {
                    x: x_of(w) + 2,
                    y: y + 4,
                    w: WEEK_W - 4,
                    h: ROW_H - 8,
                    class: if Some(w) == e.first_week {
                        "plot-first"
                    } else {
                        "plot-seen"
                    },
                });
            }
            y += ROW_H;
        }
        let grid_bottom = y;
        y += 6;
        for (row, name) in [(0u32, "Free"), (1, "Offered")] {
            labels.push(Label {
                x: NAME_W - 6,
                y: y + row * ROW_H + 15,
                anchor: "end",
                text: name.into(),
            });
        }
        for (i, w) in weeks.iter().enumerate() {
            if w.free > 0 {
                rects.push(Rect {
                    x: x_of(i) + 2,
                    y: y + 2,
                    w: WEEK_W - 4,
                    h: ROW_H - 4,
                    class: "plot-gap",
                });
            }
            labels.push(Label {
                x: x_of(i) + WEEK_W / 2,
                y: y + 15,
                anchor: "middle",
                text: w.free.to_string(),
            });
            labels.push(Label {
                x: x_of(i) + WEEK_W / 2,
                y: y + ROW_H + 15,
                anchor: "middle",
                text: w.offered.to_string(),
            });
        }
        let height = y + 2 * ROW_H + 6;
        let lines = (0..=n).map(|i| NAME_W + i * WEEK_W).collect();
        Self {
            width,
            height,
            desc: describe(weeks, episodes),
            title,
            rects,
            labels,
            lines,
            grid_bottom,
        }
    }
}

/// Every figure of the chart, in words, for its `desc`.
fn describe(weeks: &[PlotLine], episodes: &[EpisodeBar]) -> String {
    let gaps: Vec<String> = weeks
        .iter()
        .filter(|w| w.free > 0)
        .map(|w| format!("{} ({} free)", w.week, w.free))
        .collect();
    let mut out = format!(
        "{} with appointments in the quarter, one bar each across the weeks it is seen. ",
        plural(episodes.len() as u32, "episode", "episodes")
    );
    out.push_str(&if gaps.is_empty() {
        "No week has free capacity for a new offer. ".to_string()
    } else {
        format!("New offers fit in the weeks of {}. ", gaps.join(", "))
    });
    for w in weeks {
        out.push_str(&format!(
            "Week of {}: {}, {} taken ({} starting), {} offered, {} free, {} finishing. ",
            w.week,
            plural(w.capacity, "Core appointment", "Core appointments"),
            w.occupied,
            w.starting,
            w.offered,
            w.free,
            w.finishing
        ));
    }
    out.trim_end().to_string()
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
    /// The chart.
    pub chart: PlotChart,
    /// Clinicians to choose from.
    pub clinicians: Vec<OptionView>,
    /// Quarters to choose from.
    pub quarters: Vec<QuarterOption>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_of_one_appointment_and_no_episodes_reads_in_the_singular() {
        let week = PlotLine {
            week: "14/09/2026".into(),
            capacity: 1,
            occupied: 0,
            starting: 0,
            offered: 0,
            free: 1,
            finishing: 0,
            waiting: 0,
        };
        let text = describe(&[week], &[]);
        assert!(
            text.starts_with("0 episodes with appointments in the quarter"),
            "{text}"
        );
        assert!(
            text.contains("Week of 14/09/2026: 1 Core appointment, 0 taken"),
            "{text}"
        );
    }
}
