//! A planning year's targets, rounded cumulatively so the quarters add up to
//! the rounded annual figure (CAPA: 9.4 a quarter gives 9, 10, 9, 10).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::capacity::{self, CapacityReport, Warning};
use crate::clinician::Initials;
use crate::explain::{Explanation, n2};
use crate::quarter::{PlanningYear, Quarter};
use crate::rounding::{cumulative, round_half_up};
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
    /// Choice appointments needed per quarter.
    pub choice_needed: Vec<u32>,
    /// Core demand per quarter.
    pub core_demand: Vec<f64>,
    /// Each quarter's warnings.
    pub warnings: Vec<Vec<Warning>>,
}

/// The year's targets: each quarter computed as in [`capacity::quarter`], the
/// whole numbers then taken from the running total.
pub fn year(team: &Team, year: PlanningYear) -> YearReport {
    let quarters = year.quarters();
    let reports: Vec<CapacityReport> = quarters
        .iter()
        .map(|q| capacity::quarter(team, *q))
        .collect();
    let mut clinicians = Vec::new();
    for (i, c) in team.clinicians.iter().enumerate() {
        let raw: Vec<f64> = reports
            .iter()
            .map(|r| r.clinicians[i].new_core_unrounded)
            .collect();
        let targets = cumulative(&raw);
        let total = targets.iter().sum();
        let mut specific_targets = BTreeMap::new();
        for st in &team.settings.streams {
            let raw_s: Vec<f64> = reports
                .iter()
                .map(|r| {
                    r.clinicians[i]
                        .specific_unrounded
                        .get(&st.name)
                        .copied()
                        .unwrap_or(0.0)
                })
                .collect();
            if raw_s.iter().any(|x| *x > 0.0) {
                specific_targets.insert(st.name.clone(), cumulative(&raw_s));
            }
        }
        let sums: Vec<String> = raw
            .iter()
            .scan(0.0, |s, x| {
                *s += x;
                Some(format!("round({}) = {}", n2(*s), round_half_up(*s)))
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
    let new_core_targets: Vec<u32> = (0..quarters.len())
        .map(|k| clinicians.iter().map(|c| c.new_core_targets[k]).sum())
        .collect();
    YearReport {
        year,
        quarters: quarters.to_vec(),
        new_core_total: new_core_targets.iter().sum(),
        new_core_targets,
        clinicians,
        choice_needed: reports.iter().map(|r| r.team.choice_needed).collect(),
        core_demand: reports.iter().map(|r| r.team.core_demand).collect(),
        warnings: reports.into_iter().map(|r| r.warnings).collect(),
    }
}
