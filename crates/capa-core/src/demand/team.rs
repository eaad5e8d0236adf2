//! A team's own demand settings: what its `[team.demand]` table states, over
//! what its other settings give (working weeks, appointments per session).
//!
//! The table's keys are kept as stated ([`DemandOverrides`]) rather than the
//! settings they resolve to, so that a team that changes its working weeks
//! later has the analysis follow, as the team file reader would on the
//! changed file.

use serde::{Deserialize, Serialize};

use super::DemandSettings;
use crate::{MultiplierRule, TeamSettings};

/// The keys of a team's `[team.demand]` table; `None`: not stated, the base
/// value applies.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DemandOverrides {
    /// See [`DemandSettings::choice_max_ff`].
    pub choice_max_ff: Option<u32>,
    /// See [`DemandSettings::core_range_max_ff`].
    pub core_range_max_ff: Option<u32>,
    /// See [`DemandSettings::histogram_max`].
    pub histogram_max: Option<u32>,
    /// See [`DemandSettings::appointments_per_session`].
    pub appointments_per_session: Option<f64>,
    /// See [`DemandSettings::working_weeks_per_quarter`].
    pub working_weeks_per_quarter: Option<f64>,
    /// See [`DemandSettings::weeks_per_quarter`].
    pub weeks_per_quarter: Option<u32>,
}

impl DemandSettings {
    /// The settings of a team that states none: the defaults, with the team's
    /// working weeks per quarter and, when its Core multiplier is derived,
    /// that rule's appointments per session.
    pub fn for_team(s: &TeamSettings) -> Self {
        let mut base = Self {
            working_weeks_per_quarter: s.working_weeks_per_quarter().0,
            ..Self::default()
        };
        if let MultiplierRule::Derived {
            appointments_per_session,
            ..
        } = s.core_multiplier
        {
            base.appointments_per_session = appointments_per_session;
        }
        base
    }
}

impl DemandOverrides {
    /// Whether the table states nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The settings the analysis uses for a team with these settings.
    pub fn resolve(&self, team: &TeamSettings) -> DemandSettings {
        let base = DemandSettings::for_team(team);
        DemandSettings {
            choice_max_ff: self.choice_max_ff.unwrap_or(base.choice_max_ff),
            core_range_max_ff: self.core_range_max_ff.unwrap_or(base.core_range_max_ff),
            histogram_max: self.histogram_max.unwrap_or(base.histogram_max),
            appointments_per_session: self
                .appointments_per_session
                .unwrap_or(base.appointments_per_session),
            working_weeks_per_quarter: self
                .working_weeks_per_quarter
                .unwrap_or(base.working_weeks_per_quarter),
            weeks_per_quarter: self.weeks_per_quarter.unwrap_or(base.weeks_per_quarter),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WorkingWeeks;

    #[test]
    fn unstated_keys_follow_the_teams_settings() {
        let team = TeamSettings {
            working_weeks: WorkingWeeks::Fixed { weeks: 10.5 },
            core_multiplier: MultiplierRule::Derived {
                appointments_per_session: 3.0,
                working_weeks_per_quarter: None,
                average_appointments: 8.0,
            },
            ..TeamSettings::new("T")
        };
        let o = DemandOverrides {
            core_range_max_ff: Some(10),
            ..DemandOverrides::default()
        };
        let s = o.resolve(&team);
        assert_eq!(s.core_range_max_ff, 10);
        assert_eq!(s.choice_max_ff, 3);
        assert_eq!(s.working_weeks_per_quarter, 10.5);
        assert_eq!(s.appointments_per_session, 3.0);
        assert!(!o.is_empty());
        assert!(DemandOverrides::default().is_empty());
        assert_eq!(
            DemandOverrides::default().resolve(&TeamSettings::new("T")),
            DemandSettings::default()
        );
        let stated = DemandOverrides {
            working_weeks_per_quarter: Some(11.0),
            ..DemandOverrides::default()
        };
        assert_eq!(stated.resolve(&team).working_weeks_per_quarter, 11.0);
    }
}
