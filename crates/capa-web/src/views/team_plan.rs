//! The team job plan page: every clinician's sessions and targets, the team's
//! figures against demand, each with its explanation, and the chart.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use capa_core::explain::{about, n2, percent, plural};
use capa_core::{CapacityReport, Quarter};

use super::chrome::Chrome;
use super::figures::{Figure, TeamFigure, explained};
use crate::urls::TeamUrls;

/// A team figure with its explanation.
pub struct FigureView {
    /// Key used by tests and scripts.
    pub key: &'static str,
    /// Label.
    pub label: String,
    /// Formatted value.
    pub value: String,
    /// `ok`, `warn` or empty.
    pub tone: &'static str,
    /// How it was computed.
    pub explain: String,
}

/// One clinician's row.
pub struct ClinicianRow {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: Option<String>,
    /// Link to the job plan editor.
    pub plan_href: String,
    /// FTE.
    pub fte: String,
    /// Plan version in force.
    pub plan: String,
    /// Choice sessions.
    pub choice: u32,
    /// Core sessions.
    pub core: u32,
    /// Specific sessions by stream.
    pub specific: String,
    /// Other sessions.
    pub other: u32,
    /// New Core target.
    pub new_core: u32,
    /// Its explanation.
    pub new_core_explain: String,
    /// Specific targets by stream.
    pub specific_targets: String,
    /// Their explanation.
    pub specific_explain: String,
    /// Choice allocation (or "opted out").
    pub choice_allocation: String,
    /// Its explanation.
    pub choice_explain: String,
    /// What the plan holds.
    pub holds: String,
    /// Whether it holds the allocation.
    pub holds_ok: bool,
    /// Core's share of their Partnership sessions (step 3), or "-".
    pub core_share: String,
    /// Its explanation.
    pub core_share_explain: String,
    /// Where the quarter's target differs from the quarter rounded alone
    /// (the year's cumulative rounding), why; "" otherwise.
    pub target_note: String,
}

/// The weekly Choice flex check (for the current quarter only: it looks
/// six weeks ahead from today).
pub struct FlexView {
    /// "24 vacant Choice slots in the next 6 weeks: enough".
    pub verdict: String,
    /// Whether there are enough.
    pub enough: bool,
    /// Vacant slots.
    pub vacant: u32,
    /// Slots needed ("about 98.5").
    pub needed: String,
    /// The formula and working.
    pub explain: String,
}

/// The totals row.
pub struct TotalRow {
    /// "Team (12 clinicians)".
    pub label: String,
    /// Core's share of the team's Partnership sessions, or "-".
    pub core_share: String,
    /// FTE.
    pub fte: String,
    /// Choice sessions.
    pub choice: u32,
    /// Core sessions.
    pub core: u32,
    /// Specific sessions.
    pub specific: String,
    /// Other sessions.
    pub other: u32,
    /// New Core total.
    pub new_core: u32,
    /// Specific totals.
    pub specific_targets: String,
    /// Choice allocated.
    pub choice_allocation: u32,
    /// Choice the plans hold.
    pub holds: String,
}

/// A quarter in the selector.
pub struct QuarterOption {
    /// Value sent back.
    pub value: String,
    /// Label.
    pub label: String,
    /// Whether selected.
    pub selected: bool,
}

/// The page.
#[derive(Template, WebTemplate)]
#[template(path = "team_plan.html")]
pub struct TeamPlanPage {
    /// Frame.
    pub chrome: Chrome,
    /// "2026/27 Q2".
    pub quarter_label: String,
    /// "05/10/2026 to 03/01/2027".
    pub quarter_dates: String,
    /// The selector's options.
    pub quarters: Vec<QuarterOption>,
    /// Team figures.
    pub figures: Vec<FigureView>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Clinician rows.
    pub rows: Vec<ClinicianRow>,
    /// Totals.
    pub total: TotalRow,
    /// The chart (SVG markup made by capa-io, text escaped there).
    pub chart: String,
    /// How the multiplier was set.
    pub multiplier_explain: String,
    /// Link to the method page.
    pub method_href: String,
    /// The weekly Choice flex check, when the quarter is the current one.
    pub flex: Option<FlexView>,
}

fn join<V: std::fmt::Display>(m: &BTreeMap<String, V>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Quarters for the selector: the one just ended, this one and the next seven,
/// plus the selected one if it lies outside them.
pub fn quarter_options(current: Quarter, selected: Quarter) -> Vec<QuarterOption> {
    let mut list: Vec<Quarter> =
        std::iter::successors(Some(current.previous()), |q| Some(q.next()))
            .take(9)
            .collect();
    if !list.contains(&selected) {
        list.push(selected);
        list.sort();
    }
    list.into_iter()
        .map(|q| QuarterOption {
            value: q.key(),
            label: format!("{q} (from {})", q.start().format("%d/%m/%Y")),
            selected: q == selected,
        })
        .collect()
}

/// Builds the page from a quarter's report.
pub fn page(
    chrome: Chrome,
    urls: &TeamUrls,
    r: &CapacityReport,
    chart: String,
    quarters: Vec<QuarterOption>,
    flex: Option<&capa_core::choice::FlexCheck>,
) -> TeamPlanPage {
    let t = &r.team;
    let ex = |f: TeamFigure| explained(Figure::Team(t, f));
    let tone = |ok: bool| if ok { "ok" } else { "warn" };
    let figures = vec![
        FigureView {
            key: TeamFigure::ChoiceNeeded.key(),
            label: "Choice appointments needed".into(),
            value: t.choice_needed.to_string(),
            tone: "",
            explain: ex(TeamFigure::ChoiceNeeded),
        },
        FigureView {
            key: TeamFigure::ChoiceNeededPerWeek.key(),
            label: "Choice appointments needed a week".into(),
            value: about(t.choice_needed_per_week),
            tone: "",
            explain: ex(TeamFigure::ChoiceNeededPerWeek),
        },
        FigureView {
            key: TeamFigure::ChoiceSessionsNeeded.key(),
            label: "Choice sessions needed a week".into(),
            value: t.choice_sessions_needed.to_string(),
            tone: "",
            explain: ex(TeamFigure::ChoiceSessionsNeeded),
        },
        FigureView {
            key: TeamFigure::CoreDemand.key(),
            label: "Core demand (new Core Partnerships needed)".into(),
            value: about(t.core_demand),
            tone: "",
            explain: ex(TeamFigure::CoreDemand),
        },
        FigureView {
            key: TeamFigure::NewCoreTotal.key(),
            label: "New Core Partnerships offered".into(),
            value: t.new_core_total.to_string(),
            tone: tone(t.core_surplus >= 0.0),
            explain: ex(TeamFigure::NewCoreTotal),
        },
        FigureView {
            key: TeamFigure::CoreSurplus.key(),
            label: if t.core_surplus < 0.0 {
                "Shortfall against Core demand".into()
            } else {
                "Surplus over Core demand".into()
            },
            value: n2(t.core_surplus.abs()),
            tone: tone(t.core_surplus >= 0.0),
            explain: ex(TeamFigure::CoreSurplus),
        },
        FigureView {
            key: TeamFigure::BalanceRatio.key(),
            label: format!(
                "Balance ratio (CAPA {}-{})",
                n2(t.balance_band.low),
                n2(t.balance_band.high)
            ),
            value: t.balance_ratio.map_or("-".into(), n2),
            tone: tone(t.balance == capa_core::balance::Standing::Within),
            explain: ex(TeamFigure::BalanceRatio),
        },
        FigureView {
            key: TeamFigure::ChoiceCoreShare.key(),
            label: format!(
                "Choice + Core share (CAPA {}-{})",
                percent(t.choice_core_share_band.low),
                percent(t.choice_core_share_band.high)
            ),
            value: t.choice_core_share.map_or("-".into(), percent),
            tone: tone(t.choice_core_standing == capa_core::balance::Standing::Within),
            explain: ex(TeamFigure::ChoiceCoreShare),
        },
        FigureView {
            key: TeamFigure::CoreSpecificShare.key(),
            label: "Core share of Partnership sessions (step 3)".into(),
            value: t.core_specific_share.map_or("-".into(), percent),
            tone: "",
            explain: ex(TeamFigure::CoreSpecificShare),
        },
    ];
    let rows = r
        .clinicians
        .iter()
        .map(|c| ClinicianRow {
            initials: c.initials.to_string(),
            name: c.name.clone(),
            discipline: c.discipline.clone(),
            plan_href: urls.plan_editor(&c.initials),
            fte: n2(c.fte),
            plan: c
                .job_plan_version
                .map_or("none".into(), |v| format!("#{v}")),
            choice: c.choice_sessions,
            core: c.core_sessions,
            specific: join(&c.specific_sessions),
            other: c.other_sessions,
            new_core: c.new_core_target,
            new_core_explain: explained(Figure::NewCoreTarget(c)),
            specific_targets: join(&c.specific_targets),
            specific_explain: explained(Figure::SpecificTargets(c)),
            choice_allocation: if c.does_choice {
                c.choice_allocation.to_string()
            } else {
                "opted out".into()
            },
            choice_explain: explained(Figure::ChoiceAllocation(c)),
            holds: if c.choice_plan_holds {
                format!("yes, {}", c.choice_capacity)
            } else {
                format!("only {} of {}", c.choice_capacity, c.choice_allocation)
            },
            holds_ok: c.choice_plan_holds,
            core_share: c.core_specific_share.map_or("-".into(), percent),
            core_share_explain: explained(Figure::CoreSpecificShare(c)),
            target_note: if c.new_core_target == c.new_core_quarter_alone {
                String::new()
            } else {
                format!(
                    "{} where this quarter is rounded alone; {} so that the year's quarters add up to its rounded total (each quarter takes its share of the year's running total)",
                    c.new_core_quarter_alone, c.new_core_target
                )
            },
        })
        .collect();
    TeamPlanPage {
        chrome,
        quarter_label: r.quarter.to_string(),
        quarter_dates: format!(
            "{} to {}",
            r.starts.format("%d/%m/%Y"),
            r.ends.format("%d/%m/%Y")
        ),
        quarters,
        figures,
        warnings: r.warnings.iter().map(|w| w.message.clone()).collect(),
        rows,
        total: TotalRow {
            label: format!(
                "Team ({})",
                plural(t.clinicians as u32, "clinician", "clinicians")
            ),
            core_share: t.core_specific_share.map_or("-".into(), percent),
            fte: n2(t.fte_total),
            choice: t.choice_sessions,
            core: t.core_sessions,
            specific: join(&t.sessions.specific),
            other: t.sessions.other_total(),
            new_core: t.new_core_total,
            specific_targets: join(&t.specific_totals),
            choice_allocation: t.choice_allocated,
            holds: t.choice_capacity.to_string(),
        },
        chart,
        multiplier_explain: ex(TeamFigure::CoreMultiplier),
        method_href: urls.method(),
        flex: flex.map(|f| FlexView {
            verdict: f.explain.notes.last().cloned().unwrap_or_default(),
            enough: f.enough,
            vacant: f.vacant,
            needed: about(f.needed),
            explain: f.explain.to_string(),
        }),
    }
}
