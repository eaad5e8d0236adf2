//! The quarter monitor's pages: the monitor itself (each clinician's line
//! with flags and the working, the team's totals, waits, the managed list,
//! four quarters' trends, charts with tables beside them), one clinician's
//! offers, and the leaver's what-if. Every figure is capa-core's
//! (`capa_core::monitor`); these modules only put them into words.

pub mod clinician;
pub mod settings;
pub mod team;
pub mod what_if;

use askama::Template;
use askama_web::WebTemplate;
use capa_core::Initials;
use capa_core::monitor::{ClinicianMonitor, Phase, QuarterMonitor, Trends};

use super::chrome::Chrome;
use super::team_plan::QuarterOption;
use crate::pages::monitor::links::Links;
use team::{AccessLine, TrendRow, WaitLine};

/// A flag on a clinician's line.
#[derive(Clone)]
pub struct FlagView {
    /// The stable code (a class and the API's).
    pub code: &'static str,
    /// Its heading.
    pub title: &'static str,
    /// Why, in plain words.
    pub reason: String,
}

/// One clinician's line, or the team's.
#[derive(Clone)]
pub struct MonitorRow {
    /// "TR Tui Rangi", or "Team".
    pub who: String,
    /// The drill-in, for a clinician.
    pub href: Option<String>,
    /// The signed-in clinician's own line.
    pub mine: bool,
    /// Figures in the table's order: target, published, booked, started,
    /// DNA, cancelled, re-offered, not re-offered.
    pub figures: [u32; 8],
    /// "2 by family, 1 by service".
    pub cancelled_split: String,
    /// "3 of 5".
    pub choice: String,
    /// The projection ("10"), or a dash outside the quarter under way.
    pub projected: String,
    /// The working of the target.
    pub target_how: String,
    /// The working of the projection (the quarter under way only).
    pub projected_how: String,
    /// "open 12 of 20".
    pub caseload: String,
    /// Its flags.
    pub flags: Vec<FlagView>,
    /// The what-if, for a clinician with a leaving date or leave.
    pub what_if_href: Option<String>,
}

/// The table's figure headings, in [`MonitorRow::figures`] order.
pub const FIGURE_HEADINGS: [&str; 8] = [
    "Target",
    "Published",
    "Booked",
    "Started",
    "DNA",
    "Cancelled",
    "Re-offered",
    "Not re-offered",
];

/// A chart and the table beside it.
pub struct ChartView {
    /// Element id stem.
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// The SVG, from capa-io.
    pub svg: String,
}

/// `GET /teams/{team}/monitor`.
#[derive(Template, WebTemplate)]
#[template(path = "monitor.html")]
pub struct MonitorPage {
    /// Frame.
    pub chrome: Chrome,
    /// The quarter, e.g. "2026/27 Q2".
    pub quarter: String,
    /// What the phase means for the figures.
    pub phase: String,
    /// Whether the quarter is under way (the projection column).
    pub current: bool,
    /// "as of 01/12/2026".
    pub as_of: String,
    /// The publishing deadline in words.
    pub deadline: String,
    /// The quarter select.
    pub quarters: Vec<QuarterOption>,
    /// The page's own address (the select's action).
    pub action: String,
    /// Previous, today's and next quarter: label and link.
    pub steps: Vec<(String, String, bool)>,
    /// The signed-in clinician's line, shown first.
    pub own: Option<MonitorRow>,
    /// The clinicians' lines.
    pub rows: Vec<MonitorRow>,
    /// The team's line.
    pub totals: MonitorRow,
    /// Flags, one line each: who, the flag.
    pub flags: Vec<(String, FlagView)>,
    /// Team figures in words: label, value, note.
    pub team_figures: Vec<(String, String, String)>,
    /// Waits: median and 90th percentile.
    pub waits: Vec<WaitLine>,
    /// Shares seen within the access targets.
    pub access: Vec<AccessLine>,
    /// Waits by month: month, median to Choice, p90, median to Partnership, p90.
    pub months: Vec<[String; 5]>,
    /// Families on the managed list.
    pub managed_list: u32,
    /// The managed list's page.
    pub managed_href: String,
    /// The four quarters' trends.
    pub trends: Vec<TrendRow>,
    /// Changes from the first quarter to the last, in words.
    pub changes: Vec<String>,
    /// The charts.
    pub charts: Vec<ChartView>,
}

fn who(c: &ClinicianMonitor) -> String {
    if c.name.is_empty() {
        format!("{} (no longer in the team)", c.initials)
    } else {
        format!("{} {}", c.initials, c.name)
    }
}

fn dash(v: Option<u32>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}

fn explain(
    c: &std::collections::BTreeMap<&'static str, capa_core::Explanation>,
    key: &str,
) -> String {
    c.get(key).map(ToString::to_string).unwrap_or_default()
}

/// A clinician's line; `what_if` is their what-if link when they have a
/// leaving date or leave ahead.
pub fn row(
    c: &ClinicianMonitor,
    links: &Links,
    m: &QuarterMonitor,
    own: Option<&Initials>,
    what_if: Option<String>,
) -> MonitorRow {
    let n = &c.counts;
    MonitorRow {
        who: who(c),
        href: Some(links.clinician(&c.initials, m.quarter)),
        mine: own == Some(&c.initials),
        figures: [
            c.target,
            n.published,
            n.booked,
            n.started,
            n.dna,
            n.cancelled,
            n.reoffered,
            n.not_reoffered,
        ],
        cancelled_split: format!(
            "{} by family, {} by service",
            n.cancelled_by_family, n.cancelled_by_service
        ),
        choice: format!("{} of {}", c.choice_done, c.choice_allocated),
        projected: dash(c.projected),
        target_how: explain(&c.explain, "target"),
        projected_how: if m.phase == Phase::Current {
            explain(&c.explain, "projected")
        } else {
            String::new()
        },
        caseload: format!(
            "open {} (threshold {})",
            c.open_caseload,
            capa_core::explain::n2(c.caseload_threshold)
        ),
        flags: c
            .flags
            .iter()
            .map(|f| FlagView {
                code: f.code.code(),
                title: f.code.title(),
                reason: f.reason.clone(),
            })
            .collect(),
        what_if_href: what_if,
    }
}

/// The team's line.
pub fn totals(m: &QuarterMonitor) -> MonitorRow {
    let t = &m.team;
    let n = &t.counts;
    MonitorRow {
        who: "Team".into(),
        href: None,
        mine: false,
        figures: [
            t.target,
            n.published,
            n.booked,
            n.started,
            n.dna,
            n.cancelled,
            n.reoffered,
            n.not_reoffered,
        ],
        cancelled_split: format!(
            "{} by family, {} by service",
            n.cancelled_by_family, n.cancelled_by_service
        ),
        choice: format!("{} of {}", t.choice_done, t.choice_allocated),
        projected: dash(t.projected),
        target_how: explain(&t.explain, "target"),
        projected_how: if m.phase == Phase::Current {
            explain(&t.explain, "projected")
        } else {
            String::new()
        },
        caseload: format!("open {}", t.open_caseload),
        flags: Vec::new(),
        what_if_href: None,
    }
}

/// The phase in words.
pub fn phase_words(p: Phase) -> &'static str {
    match p {
        Phase::Past => "The quarter is over: the figures are final.",
        Phase::Current => {
            "The quarter is under way: the figures so far, and a projection of the quarter's end at the rate so far."
        }
        Phase::Future => "The quarter has not started: offers published against targets.",
    }
}

/// What the page is built from.
pub struct Inputs<'a> {
    /// The frame.
    pub chrome: Chrome,
    /// The team's links.
    pub links: Links,
    /// The managed list's page.
    pub managed_href: String,
    /// The quarter shown, judged as of today.
    pub monitor: &'a QuarterMonitor,
    /// It and the three quarters before.
    pub trends: &'a Trends,
    /// The quarter select.
    pub quarters: Vec<QuarterOption>,
    /// Previous, today's and next quarter.
    pub steps: Vec<(String, String, bool)>,
    /// The signed-in clinician's initials.
    pub own: Option<&'a Initials>,
    /// Each clinician's what-if link, if they have an absence ahead.
    pub what_if: &'a dyn Fn(&Initials) -> Option<String>,
}

/// The monitor page.
pub fn page(i: Inputs) -> MonitorPage {
    let m = i.monitor;
    let rows: Vec<MonitorRow> = m
        .clinicians
        .iter()
        .map(|c| row(c, &i.links, m, i.own, (i.what_if)(&c.initials)))
        .collect();
    let own = rows.iter().find(|r| r.mine).cloned();
    let flags = rows
        .iter()
        .flat_map(|r| r.flags.iter().map(|f| (r.who.clone(), f.clone())))
        .collect();
    let (waits, access, months) = team::waits(m);
    MonitorPage {
        chrome: i.chrome,
        quarter: m.quarter.to_string(),
        phase: phase_words(m.phase).into(),
        current: m.phase == Phase::Current,
        as_of: m.as_of.format("%d/%m/%Y").to_string(),
        deadline: format!(
            "Offers to be published by {}{}.",
            m.deadline.format("%d/%m/%Y"),
            if m.deadline_passed { " (passed)" } else { "" }
        ),
        quarters: i.quarters,
        action: i.links.monitor(None),
        steps: i.steps,
        own,
        rows,
        totals: totals(m),
        flags,
        team_figures: team::figures(m),
        waits,
        access,
        months,
        managed_list: m.managed_list,
        managed_href: i.managed_href,
        trends: team::trend_rows(i.trends),
        changes: team::changes(i.trends),
        charts: team::charts(m, i.trends),
    }
}
