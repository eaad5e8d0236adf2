//! The one place the web layer reads how capa-core stores a report's
//! explanations and sums a year's totals. capa-core is changing both
//! (explanations as named fields; the year's totals computed in core); when it
//! does, these three functions are the only code here to change.

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
        }
    }
}

/// How a figure was computed, in words ("" when the report has none).
pub fn explained(figure: Figure<'_>) -> String {
    let (map, key) = match figure {
        Figure::NewCoreTarget(c) => (&c.explain, "new_core_target"),
        Figure::SpecificTargets(c) => (&c.explain, "specific_targets"),
        Figure::ChoiceAllocation(c) => (&c.explain, "choice_allocation"),
        Figure::Team(t, f) => (&t.explain, f.key()),
    };
    map.get(key).map(ToString::to_string).unwrap_or_default()
}

/// Every explanation of a clinician's line, by the name the API gives it.
pub fn explanations_of(c: &ClinicianCapacity) -> Vec<(&'static str, &Explanation)> {
    c.explain.iter().map(|(k, e)| (*k, e)).collect()
}

/// Every explanation of the team's figures, by the name the API gives it.
pub fn team_explanations(t: &TeamCapacity) -> Vec<(&'static str, &Explanation)> {
    t.explain.iter().map(|(k, e)| (*k, e)).collect()
}

/// A year's totals the report does not carry itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearTotals {
    /// Core demand over the four quarters.
    pub core_demand: f64,
    /// Choice appointments needed over the four quarters.
    pub choice_needed: u32,
}

/// The year's totals.
pub fn year_totals(r: &YearReport) -> YearTotals {
    YearTotals {
        core_demand: r.core_demand.iter().sum(),
        choice_needed: r.choice_needed.iter().sum(),
    }
}
