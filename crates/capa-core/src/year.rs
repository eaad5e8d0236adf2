//! A planning year's targets, rounded cumulatively so the quarters add up to
//! the rounded annual figure (CAPA: 9.4 a quarter gives 9, 10, 9, 10). Each
//! quarter's figures are the ones [`capacity::quarter`] reports for it: the
//! same rule everywhere.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::capacity::{self, CapacityReport, Warning};
use crate::clinician::Initials;
use crate::explain::{Explanation, exact, for_rounding, n2, tidy};
use crate::quarter::{PlanningYear, Quarter};
use crate::rounding::round_half_up;
use crate::team::Team;

/// One clinician's year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClinicianYear {
    /// Initials.
    pub initials: Initials,
    /// Name.
    pub name: String,
    /// Each quarter's unrounded new Core figure.
    pub new_core_unrounded: Vec<f64>,
    /// Each quarter's new Core target, cumulatively rounded.
    pub new_core_targets: Vec<u32>,
    /// The year's new Core total.
    pub new_core_total: u32,
    /// Per stream, each quarter's Specific target, cumulatively rounded.
    pub specific_targets: BTreeMap<String, Vec<u32>>,
    /// How the split was made.
    pub explain: Explanation,
}

/// A team's year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearReport {
    /// The planning year.
    pub year: PlanningYear,
    /// Its quarters.
    pub quarters: Vec<Quarter>,
    /// Each clinician.
    pub clinicians: Vec<ClinicianYear>,
    /// The team's new Core targets per quarter.
    pub new_core_targets: Vec<u32>,
    /// The team's new Core total for the year.
    pub new_core_total: u32,
    /// The team's Specific targets per stream, per quarter.
    pub specific_targets: BTreeMap<String, Vec<u32>>,
    /// Choice appointments needed per quarter.
    pub choice_needed: Vec<u32>,
    /// Core demand per quarter.
    pub core_demand: Vec<f64>,
    /// Each quarter's warnings.
    pub warnings: Vec<Vec<Warning>>,
    /// The year's totals.
    pub totals: YearTotals,
}

/// The year's totals, summed here once for every view, export and chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTotals {
    /// New Core Partnerships in the year (the sum of the quarters' targets).
    pub new_core: u32,
    /// Core demand in the year.
    pub core_demand: f64,
    /// Each quarter's new Core targets minus its Core demand.
    pub surplus: Vec<f64>,
    /// The year's new Core total minus its Core demand (negative: shortfall).
    pub year_surplus: f64,
    /// Choice appointments needed in the year.
    pub choice_needed: u32,
    /// New Specific Partnerships in the year, per stream.
    pub specific: BTreeMap<String, u32>,
    /// How each total was found.
    pub explain: YearTotalsExplain,
}

/// The working of each year total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearTotalsExplain {
    /// [`YearTotals::new_core`].
    pub new_core: Explanation,
    /// [`YearTotals::core_demand`].
    pub core_demand: Explanation,
    /// [`YearTotals::year_surplus`].
    pub year_surplus: Explanation,
    /// [`YearTotals::choice_needed`].
    pub choice_needed: Explanation,
}

fn sum_working<T: ToString>(parts: &[T], total: String) -> String {
    format!(
        "{} = {total}",
        parts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" + ")
    )
}

/// The year's totals from its quarters' figures: new Core against Core
/// demand (quarter by quarter and for the year), Choice needed, Specific
/// targets per stream.
pub fn totals(
    new_core_targets: &[u32],
    core_demand: &[f64],
    choice_needed: &[u32],
    specific: &BTreeMap<String, Vec<u32>>,
) -> YearTotals {
    let new_core: u32 = new_core_targets.iter().sum();
    let demand = tidy(core_demand.iter().sum());
    let surplus = new_core_targets
        .iter()
        .zip(core_demand)
        .map(|(t, d)| tidy(f64::from(*t) - d))
        .collect();
    let year_surplus = tidy(f64::from(new_core) - demand);
    let choice: u32 = choice_needed.iter().sum();
    let demand_parts: Vec<String> = core_demand.iter().map(|d| exact(*d)).collect();
    YearTotals {
        new_core,
        core_demand: demand,
        surplus,
        year_surplus,
        choice_needed: choice,
        specific: specific
            .iter()
            .map(|(s, v)| (s.clone(), v.iter().sum()))
            .collect(),
        explain: YearTotalsExplain {
            new_core: Explanation::new(
                "sum of the quarters' new Core targets",
                sum_working(new_core_targets, new_core.to_string()),
            ),
            core_demand: Explanation::new(
                "sum of the quarters' Core demand",
                sum_working(&demand_parts, n2(demand)),
            ),
            year_surplus: Explanation::new(
                "the year's new Core Partnerships - the year's Core demand",
                format!("{new_core} - {} = {}", n2(demand), n2(year_surplus)),
            ),
            choice_needed: Explanation::new(
                "sum of the quarters' Choice appointments needed",
                sum_working(choice_needed, choice.to_string()),
            ),
        },
    }
}

/// The year's targets: each quarter as [`capacity::quarter`] reports it, so
/// the year and each quarter always agree; the whole numbers come from the
/// running total.
pub fn year(team: &Team, year: PlanningYear) -> YearReport {
    let quarters = year.quarters();
    let reports: Vec<CapacityReport> = capacity::year_reports(team, year);
    let mut clinicians = Vec::new();
    for (i, c) in team.clinicians.iter().enumerate() {
        let raw: Vec<f64> = reports
            .iter()
            .map(|r| r.clinicians[i].new_core_unrounded)
            .collect();
        let targets: Vec<u32> = reports
            .iter()
            .map(|r| r.clinicians[i].new_core_target)
            .collect();
        let total = targets.iter().sum();
        let mut specific_targets = BTreeMap::new();
        for st in &team.settings.streams {
            let has = reports.iter().any(|r| {
                r.clinicians[i]
                    .specific_unrounded
                    .get(&st.name)
                    .is_some_and(|x| *x > 0.0)
            });
            if has {
                specific_targets.insert(
                    st.name.clone(),
                    reports
                        .iter()
                        .map(|r| {
                            r.clinicians[i]
                                .specific_targets
                                .get(&st.name)
                                .copied()
                                .unwrap_or(0)
                        })
                        .collect(),
                );
            }
        }
        let sums: Vec<String> = raw
            .iter()
            .scan(0.0, |s, x| {
                *s += x;
                Some(format!(
                    "round({}) = {}",
                    for_rounding(*s),
                    round_half_up(*s)
                ))
            })
            .collect();
        let explain = Explanation::new(
            "quarter k = round(running total to k) - round(running total to k-1), so the year adds up",
            format!(
                "quarterly figures {}; running totals {}; targets {}",
                raw.iter().map(|x| n2(*x)).collect::<Vec<_>>().join(", "),
                sums.join(", "),
                targets
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        clinicians.push(ClinicianYear {
            initials: c.initials.clone(),
            name: c.name.clone(),
            new_core_unrounded: raw,
            new_core_targets: targets,
            new_core_total: total,
            specific_targets,
            explain,
        });
    }
    let new_core_targets: Vec<u32> = reports.iter().map(|r| r.team.new_core_total).collect();
    let specific_targets: BTreeMap<String, Vec<u32>> = team
        .settings
        .streams
        .iter()
        .map(|st| {
            (
                st.name.clone(),
                reports
                    .iter()
                    .map(|r| r.team.specific_totals.get(&st.name).copied().unwrap_or(0))
                    .collect(),
            )
        })
        .collect();
    let choice_needed: Vec<u32> = reports.iter().map(|r| r.team.choice_needed).collect();
    let core_demand: Vec<f64> = reports.iter().map(|r| r.team.core_demand).collect();
    let totals = totals(
        &new_core_targets,
        &core_demand,
        &choice_needed,
        &specific_targets,
    );
    YearReport {
        year,
        quarters: quarters.to_vec(),
        new_core_total: totals.new_core,
        new_core_targets,
        specific_targets,
        clinicians,
        choice_needed,
        core_demand,
        warnings: reports.into_iter().map(|r| r.warnings).collect(),
        totals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::check::reproduces;

    #[test]
    fn totals_of_a_year_by_hand() {
        // Targets 9, 10, 9, 10 against a demand of 8.84 a quarter (1 x 13 x 0.68).
        let t = totals(&[9, 10, 9, 10], &[8.84; 4], &[13; 4], &BTreeMap::new());
        assert_eq!(t.new_core, 38);
        assert_eq!(t.core_demand, 35.36);
        assert_eq!(t.surplus, [0.16, 1.16, 0.16, 1.16]);
        assert_eq!(t.year_surplus, 2.64);
        assert_eq!(t.choice_needed, 52);
        assert_eq!(t.explain.year_surplus.working, "38 - 35.36 = 2.64");
        assert!(reproduces(&t.explain.new_core.working, 38.0).is_ok());
        assert!(reproduces(&t.explain.core_demand.working, 35.36).is_ok());
        assert!(reproduces(&t.explain.choice_needed.working, 52.0).is_ok());
    }
}
