//! Multipliers: how many new Partnerships one weekly session yields in a quarter.

use serde::Serialize;

use crate::explain::{Explanation, exact, n2};
use crate::settings::{MultiplierRule, TeamSettings};

/// A resolved multiplier with its derivation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Multiplier {
    /// New Partnerships per weekly session per quarter (unrounded).
    pub value: f64,
    /// How it was set or derived.
    pub explain: Explanation,
}

/// `appointments per session x working weeks per quarter / average appointments per episode`.
pub fn derive(appointments_per_session: f64, working_weeks: f64, average_appointments: f64) -> f64 {
    if average_appointments <= 0.0 {
        return 0.0;
    }
    appointments_per_session * working_weeks / average_appointments
}

impl Multiplier {
    /// Resolves a rule with the team's working weeks.
    pub fn resolve(rule: &MultiplierRule, settings: &TeamSettings) -> Self {
        match rule {
            MultiplierRule::Fixed { value } => Self {
                value: *value,
                explain: Explanation::new(
                    "new Partnerships per weekly session per quarter",
                    format!("team setting: {}", exact(*value)),
                ),
            },
            MultiplierRule::Derived {
                appointments_per_session,
                working_weeks_per_quarter,
                average_appointments,
            } => {
                let (weeks, weeks_note) = match working_weeks_per_quarter {
                    Some(w) => (*w, None),
                    None => {
                        let (w, e) = settings.working_weeks_per_quarter();
                        (w, Some(format!("working weeks: {e}")))
                    }
                };
                let value = derive(*appointments_per_session, weeks, *average_appointments);
                let mut explain = Explanation::new(
                    "appointments per session x working weeks per quarter / average appointments per episode",
                    format!(
                        "{} x {} / {} = {}",
                        exact(*appointments_per_session),
                        exact(weeks),
                        exact(*average_appointments),
                        n2(value)
                    ),
                );
                if let Some(n) = weeks_note {
                    explain = explain.note(n);
                }
                Self { value, explain }
            }
        }
    }

    /// The team's Core multiplier.
    pub fn core(settings: &TeamSettings) -> Self {
        Self::resolve(&settings.core_multiplier, settings)
    }

    /// A Specific stream's multiplier (the Core multiplier when the stream sets none).
    /// `None` when the team has no such stream.
    pub fn stream(settings: &TeamSettings, stream: &str) -> Option<Self> {
        let s = settings
            .streams
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(stream))?;
        Some(match &s.multiplier {
            Some(rule) => Self::resolve(rule, settings),
            None => {
                let mut m = Self::core(settings);
                m.explain = m.explain.note(format!(
                    "the {} stream sets no multiplier of its own, so the Core multiplier applies",
                    s.name
                ));
                m
            }
        })
    }
}

/// The hours form of the Core multiplier (CAPA): new Core Partnerships a quarter
/// per weekly hour, given the multiplier per session and the session's length in
/// hours. CAPA: 3 per 3.5-hour half day = 0.86 per hour.
pub fn per_hour(multiplier: f64, session_hours: f64) -> f64 {
    if session_hours <= 0.0 {
        0.0
    } else {
        multiplier / session_hours
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Stream;

    #[test]
    fn capa_derivation_2_x_11_25_over_7_5_is_3() {
        assert!((derive(2.0, 11.25, 7.5) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn average_of_7_gives_3_21() {
        assert_eq!(n2(derive(2.0, 11.25, 7.0)), "3.21");
    }

    #[test]
    fn longer_specific_stream_average_10_gives_2_25() {
        assert!((derive(2.0, 11.25, 10.0) - 2.25).abs() < 1e-12);
    }

    #[test]
    fn hours_form_is_0_86_per_hour() {
        assert_eq!(n2(per_hour(3.0, 3.5)), "0.86");
    }

    #[test]
    fn derived_rule_uses_team_weeks_and_explains_itself() {
        let mut s = TeamSettings::new("T");
        s.core_multiplier = MultiplierRule::Derived {
            appointments_per_session: 2.0,
            working_weeks_per_quarter: None,
            average_appointments: 7.5,
        };
        let m = Multiplier::core(&s);
        assert!((m.value - 3.0).abs() < 1e-12);
        assert_eq!(m.explain.working, "2 x 11.25 / 7.5 = 3");
    }

    #[test]
    fn stream_without_multiplier_uses_core() {
        let mut s = TeamSettings::new("T");
        s.streams.push(Stream {
            name: "OT".into(),
            multiplier: None,
        });
        s.streams.push(Stream {
            name: "DBT".into(),
            multiplier: Some(MultiplierRule::Fixed { value: 1.5 }),
        });
        assert_eq!(Multiplier::stream(&s, "ot").unwrap().value, 3.0);
        assert_eq!(Multiplier::stream(&s, "DBT").unwrap().value, 1.5);
        assert!(Multiplier::stream(&s, "ED").is_none());
    }
}
