//! The explanations of a capacity report, one named field per figure, so a
//! misspelt name is a compile error rather than a blank "How is this
//! computed?" line.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::explain::Explanation;

/// How each of a clinician's figures was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicianExplain {
    /// [`super::ClinicianCapacity::core_sessions`].
    pub core_sessions: Explanation,
    /// [`super::ClinicianCapacity::new_core_target`].
    pub new_core_target: Explanation,
    /// [`super::ClinicianCapacity::specific_targets`], all streams in one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specific_targets: Option<Explanation>,
    /// [`super::ClinicianCapacity::specific_targets`], per stream.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub specific_by_stream: BTreeMap<String, Explanation>,
    /// [`super::ClinicianCapacity::choice_allocation`].
    pub choice_allocation: Explanation,
    /// [`super::ClinicianCapacity::choice_capacity`].
    pub choice_capacity: Explanation,
    /// [`super::ClinicianCapacity::core_specific_share`].
    pub core_specific_share: Explanation,
    /// [`super::ClinicianCapacity::in_post`].
    pub in_post: Explanation,
}

impl ClinicianExplain {
    /// Every explanation with its field name, in the report's order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Explanation)> {
        [
            ("core_sessions", Some(&self.core_sessions)),
            ("new_core_target", Some(&self.new_core_target)),
            ("specific_targets", self.specific_targets.as_ref()),
            ("choice_allocation", Some(&self.choice_allocation)),
            ("choice_capacity", Some(&self.choice_capacity)),
            ("core_specific_share", Some(&self.core_specific_share)),
            ("in_post", Some(&self.in_post)),
        ]
        .into_iter()
        .filter_map(|(k, e)| e.map(|e| (k, e)))
    }
}

/// How each of the team's figures was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamExplain {
    /// [`super::TeamCapacity::new_core_total`].
    pub new_core_total: Explanation,
    /// [`super::TeamCapacity::core_multiplier`].
    pub core_multiplier: Explanation,
    /// The working weeks per quarter used for the multiplier and Choice.
    pub working_weeks_per_quarter: Explanation,
    /// [`super::TeamCapacity::choice_needed`].
    pub choice_needed: Explanation,
    /// [`super::TeamCapacity::choice_needed_per_week`].
    pub choice_needed_per_week: Explanation,
    /// [`super::TeamCapacity::choice_sessions_needed`].
    pub choice_sessions_needed: Explanation,
    /// [`super::TeamCapacity::choice_allocated`].
    pub choice_allocated: Explanation,
    /// [`super::TeamCapacity::core_demand`].
    pub core_demand: Explanation,
    /// [`super::TeamCapacity::core_surplus`].
    pub core_surplus: Explanation,
    /// [`super::TeamCapacity::balance_ratio`].
    pub balance_ratio: Explanation,
    /// [`super::TeamCapacity::choice_core_share`].
    pub choice_core_share: Explanation,
    /// [`super::TeamCapacity::core_specific_share`].
    pub core_specific_share: Explanation,
}

impl TeamExplain {
    /// Every explanation with its field name, in the report's order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Explanation)> {
        [
            ("new_core_total", &self.new_core_total),
            ("core_multiplier", &self.core_multiplier),
            ("working_weeks_per_quarter", &self.working_weeks_per_quarter),
            ("choice_needed", &self.choice_needed),
            ("choice_needed_per_week", &self.choice_needed_per_week),
            ("choice_sessions_needed", &self.choice_sessions_needed),
            ("choice_allocated", &self.choice_allocated),
            ("core_demand", &self.core_demand),
            ("core_surplus", &self.core_surplus),
            ("balance_ratio", &self.balance_ratio),
            ("choice_core_share", &self.choice_core_share),
            ("core_specific_share", &self.core_specific_share),
        ]
        .into_iter()
    }
}
