//! The one place the web layer reads a report's explanations (named fields
//! of capa-core's `ClinicianExplain` and `TeamExplain`, so a misspelt figure
//! is a compile error) and a year's totals (summed once, in capa-core).

use capa_core::year::YearTotals;
use capa_core::{ClinicianCapacity, Explanation, TeamCapacity, YearReport};

/// A figure of a quarter's report that has an explanation.
#[derive(Debug, Clone, Copy)]
pub enum Figure<'a> {
    /// A clinician's new Core target.
    NewCoreTarget(&'a ClinicianCapacity),
    /// A clinician's Specific targets.
    SpecificTargets(&'a ClinicianCapacity),
    /// A clinician's Choice allocation.
    ChoiceAllocation(&'a ClinicianCapacity),
    /// A clinician's Core share of their Partnership sessions.
    CoreSpecificShare(&'a ClinicianCapacity),
    /// One of the team's figures, by the key the report gives it
    /// (`choice_needed`, `core_demand`, `new_core_total`, `core_surplus`,
    /// `balance_ratio`, `choice_core_share`, `core_multiplier`).
    Team(&'a TeamCapacity, TeamFigure),
}

/// The team figures with explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamFigure {
    /// Choice appointments needed.
    ChoiceNeeded,
    /// Core demand.
    CoreDemand,
    /// New Core Partnerships offered.
    NewCoreTotal,
    /// Surplus or shortfall.
    CoreSurplus,
    /// The balance ratio.
    BalanceRatio,
    /// The Choice + Core share.
    ChoiceCoreShare,
    /// The Core multiplier.
    CoreMultiplier,
    /// Choice appointments needed a week.
    ChoiceNeededPerWeek,
    /// Choice sessions needed a week.
    ChoiceSessionsNeeded,
    /// Core's share of the team's Partnership sessions (step 3).
    CoreSpecificShare,
}

impl TeamFigure {
    /// The key scripts and tests know the figure by.
    pub fn key(self) -> &'static str {
        match self {
            Self::ChoiceNeeded => "choice_needed",
            Self::CoreDemand => "core_demand",
            Self::NewCoreTotal => "new_core_total",
            Self::CoreSurplus => "core_surplus",
            Self::BalanceRatio => "balance_ratio",
            Self::ChoiceCoreShare => "choice_core_share",
            Self::CoreMultiplier => "core_multiplier",
            Self::ChoiceNeededPerWeek => "choice_needed_per_week",
            Self::ChoiceSessionsNeeded => "choice_sessions_needed",
            Self::CoreSpecificShare => "core_specific_share",
        }
    }
}

/// How a figure was computed, in words ("" when the report has none).
pub fn explained(figure: Figure<'_>) -> String {
    let explanation = match figure {
        Figure::NewCoreTarget(c) => Some(&c.explain.new_core_target),
        Figure::SpecificTargets(c) => c.explain.specific_targets.as_ref(),
        Figure::ChoiceAllocation(c) => Some(&c.explain.choice_allocation),
        Figure::Team(t, f) => Some(match f {
            TeamFigure::ChoiceNeeded => &t.explain.choice_needed,
            TeamFigure::CoreDemand => &t.explain.core_demand,
            TeamFigure::NewCoreTotal => &t.explain.new_core_total,
            TeamFigure::CoreSurplus => &t.explain.core_surplus,
            TeamFigure::BalanceRatio => &t.explain.balance_ratio,
            TeamFigure::ChoiceCoreShare => &t.explain.choice_core_share,
            TeamFigure::CoreMultiplier => &t.explain.core_multiplier,
            TeamFigure::ChoiceNeededPerWeek => &t.explain.choice_needed_per_week,
            TeamFigure::ChoiceSessionsNeeded => &t.explain.choice_sessions_needed,
            TeamFigure::CoreSpecificShare => &t.explain.core_specific_share,
        }),
        Figure::CoreSpecificShare(c) => Some(&c.explain.core_specific_share),
    };
    explanation.map(ToString::to_string).unwrap_or_default()
}

/// Every explanation of the team's figures, by the name the API gives it.
pub fn team_explanations(t: &TeamCapacity) -> Vec<(&'static str, &Explanation)> {
    t.explain.iter().collect()
}

/// The year's totals, as capa-core sums them once for every view and export.
pub fn year_totals(r: &YearReport) -> &YearTotals {
    &r.totals
}
