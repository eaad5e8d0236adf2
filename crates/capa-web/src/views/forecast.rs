//! The forecast page: the what-if form, the results fragment htmx swaps in
//! (figures, fan charts with their tables, caseloads, assumptions) and the
//! headroom fragment.

use askama::Template;
use askama_web::WebTemplate;
use capa_forecast::stats::Band;

use super::chrome::Chrome;

/// A choice in a select.
pub struct Opt {
    /// Value sent.
    pub value: String,
    /// Text shown.
    pub label: String,
    /// Whether chosen.
    pub selected: bool,
}

/// The what-if form as typed.
pub struct WhatIfForm {
    /// Where it is sent (the page itself).
    pub action: String,
    /// The results fragment's URL.
    pub headroom_url: String,
    /// Referrals a week.
    pub referrals: String,
    /// The team's own rate, for the hint.
    pub team_referrals: String,
    /// Conversion to Core, percent.
    pub conversion: String,
    /// The team's own, for the hint.
    pub team_conversion: String,
    /// Clinicians for the leaver select (with "nobody").
    pub leavers: Vec<Opt>,
    /// The leaver's last day.
    pub leaver_last_day: String,
    /// Clinicians whose sessions move.
    pub movers: Vec<Opt>,
    /// Kinds sessions move from.
    pub move_from: Vec<Opt>,
    /// Kinds they move to.
    pub move_to: Vec<Opt>,
    /// How many.
    pub move_sessions: String,
    /// From when.
    pub move_date: String,
    /// A colleague whose plan an extra clinician takes (with "nobody").
    pub extra_like: Vec<Opt>,
    /// The extra clinician's first day.
    pub extra_start: String,
    /// Problems with the form, in words.
    pub errors: Vec<String>,
}

/// A fan chart: the 5-95% band over replications and the median, week by
/// week, with the same figures as a table beside it.
pub struct FanChart {
    /// Element id prefix.
    pub id: String,
    /// Title.
    pub title: String,
    /// Every figure in words, for screen readers.
    pub desc: String,
    /// The band's polygon.
    pub band: String,
    /// The median's polyline.
    pub median: String,
    /// The median without the changes, when there are changes.
    pub baseline: Option<String>,
    /// Horizontal grid lines: y and label.
    pub y_ticks: Vec<(f64, String)>,
    /// Week labels along the bottom: x and label.
    pub x_ticks: Vec<(f64, String)>,
    /// Table rows: week starting, 5th, median, 95th.
    pub rows: Vec<[String; 4]>,
    /// The unit of the figures, for the table's heading.
    pub unit: String,
}

/// Chart geometry.
const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

fn nice_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let step = 10f64.powf(max.log10().floor());
    let top = (max / step).ceil() * step;
    if top / step <= 2.0 {
        top
    } else {
        (max / (step / 2.0)).ceil() * step / 2.0
    }
}

impl FanChart {
    /// A chart of one figure's weekly bands; `baseline` is the median of the
    /// forecast without the changes.
    pub fn new(
        id: &str,
        title: &str,
        unit: &str,
        weeks: &[(String, Band)],
        baseline: Option<&[f64]>,
        digits: usize,
    ) -> Self {
        let n = weeks.len().max(2);
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let max = weeks
            .iter()
            .map(|(_, b)| finite(b.p95))
            .chain(baseline.unwrap_or(&[]).iter().copied().map(finite))
            .fold(0.0, f64::max);
        let top = nice_top(max);
        let x = |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64;
        let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - finite(v) / top);
        let pts = |it: &mut dyn Iterator<Item = (usize, f64)>| {
            it.map(|(i, v)| format!("{:.1},{:.1}", x(i), y(v)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let upper = pts(&mut weeks.iter().enumerate().map(|(i, (_, b))| (i, b.p95)));
        let lower = pts(&mut weeks.iter().enumerate().rev().map(|(i, (_, b))| (i, b.p5)));
        let median = pts(&mut weeks.iter().enumerate().map(|(i, (_, b))| (i, b.p50)));
        let baseline = baseline.map(|m| pts(&mut m.iter().copied().enumerate()));
        let y_ticks = (0..=4)
            .map(|k| {
                let v = top * f64::from(k) / 4.0;
                (y(v), format!("{v:.0}"))
            })
            .collect();
        let every = (weeks.len() / 6).max(1);
        let x_ticks = weeks
            .iter()
            .enumerate()
            .filter(|(i, _)| i % every == 0)
            .map(|(i, (label, _))| (x(i), label.clone()))
            .collect();
        let f = |v: f64| {
            if v.is_finite() {
                format!("{v:.digits$}")
            } else {
                "none seen".into()
            }
        };
        let rows: Vec<[String; 4]> = weeks
            .iter()
            .map(|(label, b)| [label.clone(), f(b.p5), f(b.p50), f(b.p95)])
            .collect();
        let desc = format!(
            "{title}, week by week, median with the 5 to 95% band over replications: {}.",
            rows.iter()
                .map(|r| format!("week of {} {} ({} to {})", r[0], r[2], r[1], r[3]))
                .collect::<Vec<_>>()
                .join("; ")
        );
        Self {
            id: id.into(),
            title: title.into(),
            desc,
            band: format!("{upper} {lower}"),
            median,
            baseline,
            y_ticks,
            x_ticks,
            rows,
            unit: unit.into(),
        }
    }
}

/// A headline figure.
pub struct Headline {
    /// What it is.
    pub label: String,
    /// The figure.
    pub value: String,
    /// Its band and what it was without the changes.
    pub note: String,
    /// `ok` or `warn`.
    pub tone: &'static str,
}

/// A clinician's line: caseload at the end and offers against target.
pub struct ClinicianLine {
    /// Initials and name.
    pub who: String,
    /// Open episodes at the end, median (5-95%).
    pub caseload: String,
    /// Quarter by quarter: target, booked, started.
    pub quarters: Vec<String>,
}

/// What applying the what-if would write.
pub struct ApplyForm {
    /// Where it posts.
    pub action: String,
    /// The what-if's fields, carried as hidden inputs.
    pub fields: Vec<(String, String)>,
    /// The plan changes in words.
    pub changes: Vec<String>,
    /// Changes that are not plan changes (settings), in words.
    pub not_applied: Vec<String>,
}

/// The results fragment.
#[derive(Template, WebTemplate)]
#[template(path = "forecast_results.html")]
pub struct ForecastResults {
    /// One line on what was run.
    pub summary: String,
    /// The what-if in words (empty: the plan as it is).
    pub changes: Vec<String>,
    /// Headline figures.
    pub headlines: Vec<Headline>,
    /// Fan charts.
    pub charts: Vec<FanChart>,
    /// Clinicians.
    pub clinicians: Vec<ClinicianLine>,
    /// Quarter headings of the clinicians' table.
    pub quarters: Vec<String>,
    /// The assumptions in words.
    pub assumptions: Vec<String>,
    /// The headroom fragment's URL (with the what-if).
    pub headroom_url: String,
    /// The apply form, for a lead with changes to apply.
    pub apply: Option<ApplyForm>,
    /// CSRF token for the apply form.
    pub csrf: String,
    /// Problems with the what-if.
    pub errors: Vec<String>,
}

/// `GET /teams/{team}/forecast`.
#[derive(Template, WebTemplate)]
#[template(path = "forecast.html")]
pub struct ForecastPage {
    /// Frame.
    pub chrome: Chrome,
    /// The form.
    pub form: WhatIfForm,
    /// The results fragment, rendered.
    pub results_html: String,
}

/// `GET /teams/{team}/forecast/headroom`.
#[derive(Template, WebTemplate)]
#[template(path = "forecast_headroom.html")]
pub struct HeadroomFragment {
    /// The answer in words.
    pub answer: String,
    /// How it was found, in words.
    pub how: String,
    /// Whether the current rate is within it.
    pub holds: bool,
}
