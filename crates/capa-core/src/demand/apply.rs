//! Applying a discharge report's figures to a team's settings.
//!
//! The team chooses once: its accepted referrals a week from the report, the
//! Core multiplier derived from the Core-range mean (or the fixed one kept),
//! each Specific stream named like a diagnosis given a multiplier derived from
//! that diagnosis' mean f/f, and the suggested Specific streams added. Every
//! change is listed with its old and new value, and [`targets`] shows the
//! plan's quarter before and after.

use serde::{Deserialize, Serialize};

use super::stored::StoredDemand;
use crate::capacity;
use crate::explain::n2;
use crate::limits::{self, TextField};
use crate::quarter::Quarter;
use crate::settings::{MultiplierRule, Stream, TeamSettings};
use crate::team::Team;

/// What to do with the Core multiplier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoreChoice {
    /// Derive it from the report's Core-range mean f/f.
    #[default]
    Derive,
    /// Keep the team's multiplier as it is.
    Keep,
}

/// The team's choices when applying an analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplyChoices {
    /// Set accepted referrals a week from the report.
    pub referrals: bool,
    /// The Core multiplier: derived, or kept.
    pub core: CoreChoice,
    /// Give streams named like a diagnosis a multiplier from its mean f/f.
    pub stream_multipliers: bool,
    /// Add the suggested Specific streams the team does not have.
    pub add_suggested_streams: bool,
}

impl Default for ApplyChoices {
    fn default() -> Self {
        Self {
            referrals: true,
            core: CoreChoice::Derive,
            stream_multipliers: true,
            add_suggested_streams: true,
        }
    }
}

/// One setting changed, with its value before and after, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingChange {
    /// The setting (`accepted_referrals_per_week`, `core_multiplier`,
    /// `stream 'DBT' multiplier`, `new stream 'Eating disorder'`).
    pub setting: String,
    /// Its value before (`none` for a new stream).
    pub old: String,
    /// Its value after.
    pub new: String,
}

/// The settings an application gives, and what changed.
#[derive(Clone, Debug, PartialEq)]
pub struct DemandApplication {
    /// The team's settings with the changes made.
    pub settings: TeamSettings,
    /// Each change; empty when the figures change nothing.
    pub changes: Vec<SettingChange>,
    /// Why something the choices asked for was not done.
    pub notes: Vec<String>,
}

/// Describes a multiplier rule as the settings page writes it.
pub fn describe_rule(rule: &MultiplierRule) -> String {
    match rule {
        MultiplierRule::Fixed { value } => format!("fixed {}", n2(*value)),
        MultiplierRule::Derived {
            appointments_per_session,
            working_weeks_per_quarter,
            average_appointments,
        } => format!(
            "derived: {} appointments a session x {} / {} average appointments",
            n2(*appointments_per_session),
            working_weeks_per_quarter.map_or("the team's working weeks".to_string(), n2),
            n2(*average_appointments)
        ),
    }
}

/// Referrals a week as the settings keep them: two decimals, as shown.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn derived(figures: &StoredDemand, mean: f64) -> MultiplierRule {
    MultiplierRule::Derived {
        appointments_per_session: figures.settings.appointments_per_session,
        working_weeks_per_quarter: None,
        average_appointments: round2(mean),
    }
}

/// The team's settings with an analysis' figures applied as `choices` ask.
pub fn apply(
    settings: &TeamSettings,
    figures: &StoredDemand,
    choices: &ApplyChoices,
) -> DemandApplication {
    let mut out = settings.clone();
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    if choices.referrals {
        match figures.referrals_per_week {
            Some(rate) if round2(rate) != settings.accepted_referrals_per_week => {
                out.accepted_referrals_per_week = round2(rate);
                changes.push(SettingChange {
                    setting: "accepted_referrals_per_week".into(),
                    old: n2(settings.accepted_referrals_per_week),
                    new: n2(round2(rate)),
                });
            }
            Some(_) => {}
            None => notes.push("the report gives no referral rate: referrals a week kept".into()),
        }
    }
    if choices.core == CoreChoice::Derive {
        match figures.core_range_mean_ff {
            Some(mean) if mean > 0.0 => {
                let rule = derived(figures, mean);
                if rule != settings.core_multiplier {
                    changes.push(SettingChange {
                        setting: "core_multiplier".into(),
                        old: describe_rule(&settings.core_multiplier),
                        new: describe_rule(&rule),
                    });
                    out.core_multiplier = rule;
                }
            }
            _ => notes.push(
                "the report has no episodes in the Core range: the Core multiplier kept".into(),
            ),
        }
    }
    if choices.stream_multipliers {
        for stream in &mut out.streams {
            let Some(d) = figures.diagnosis(&stream.name) else {
                continue;
            };
            let Some(mean) = d.mean_ff.filter(|m| *m > 0.0) else {
                continue;
            };
            let rule = derived(figures, mean);
            if stream.multiplier.as_ref() != Some(&rule) {
                changes.push(SettingChange {
                    setting: format!("stream '{}' multiplier", stream.name),
                    old: stream
                        .multiplier
                        .as_ref()
                        .map_or("the Core multiplier".into(), describe_rule),
                    new: describe_rule(&rule),
                });
                stream.multiplier = Some(rule);
            }
        }
    }
    if choices.add_suggested_streams {
        for d in figures.suggested_streams() {
            let name = d.diagnosis.trim();
            let known = out
                .streams
                .iter()
                .any(|s| s.name.trim().to_lowercase() == name.to_lowercase());
            if known {
                continue;
            }
            if let Err(e) = limits::check_text(TextField::StreamName, name) {
                notes.push(format!(
                    "'{}' not added as a stream: {e}",
                    name.chars().take(40).collect::<String>()
                ));
                continue;
            }
            let multiplier = d.mean_ff.filter(|m| *m > 0.0).map(|m| derived(figures, m));
            changes.push(SettingChange {
                setting: format!("new stream '{name}'"),
                old: "none".into(),
                new: multiplier
                    .as_ref()
                    .map_or("the Core multiplier".into(), describe_rule),
            });
            out.streams.push(Stream {
                name: name.to_string(),
                multiplier,
            });
        }
    }
    DemandApplication {
        settings: out,
        changes,
        notes,
    }
}

/// One of the plan's targets for a quarter, before and after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetChange {
    /// What it is ("new Core Partnerships", "Specific: DBT", ...).
    pub target: String,
    /// Before the change (`None`: the stream did not exist).
    pub before: Option<f64>,
    /// After it.
    pub after: Option<f64>,
}

/// The team plan's quarter before and after: referrals, the Core multiplier,
/// new Core and Specific Partnerships, Choice needed, Core demand, balance.
pub fn targets(before: &Team, after: &Team, quarter: Quarter) -> Vec<TargetChange> {
    let a = capacity::quarter(before, quarter).team;
    let b = capacity::quarter(after, quarter).team;
    let row = |target: &str, before: Option<f64>, after: Option<f64>| TargetChange {
        target: target.to_string(),
        before,
        after,
    };
    let mut rows = vec![
        row(
            "accepted referrals a week",
            Some(a.accepted_referrals_per_week),
            Some(b.accepted_referrals_per_week),
        ),
        row(
            "Core multiplier",
            Some(a.core_multiplier),
            Some(b.core_multiplier),
        ),
        row(
            "new Core Partnerships (team target)",
            Some(f64::from(a.new_core_total)),
            Some(f64::from(b.new_core_total)),
        ),
        row(
            "Choice appointments needed",
            Some(f64::from(a.choice_needed)),
            Some(f64::from(b.choice_needed)),
        ),
        row(
            "new Core Partnerships demand needs",
            Some(a.core_demand),
            Some(b.core_demand),
        ),
        row("balance ratio", a.balance_ratio, b.balance_ratio),
    ];
    let mut streams: Vec<&String> = a.specific_totals.keys().collect();
    for k in b.specific_totals.keys() {
        if !streams.contains(&k) {
            streams.push(k);
        }
    }
    for s in streams {
        rows.push(row(
            &format!("new Specific Partnerships: {s}"),
            a.specific_totals.get(s).map(|&n| f64::from(n)),
            b.specific_totals.get(s).map(|&n| f64::from(n)),
        ));
    }
    rows
}
