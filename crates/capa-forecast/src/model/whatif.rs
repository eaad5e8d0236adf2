//! "What if": changes to a forecast's inputs (the referral rate, conversion,
//! a clinician's sessions, a leaver, an extra clinician). They are applied
//! to a copy of the team the forecast runs on, never to stored data; moving
//! sessions makes a new job plan version from a date, as the lead would.

use std::collections::{BTreeMap, BTreeSet};

use capa_core::activity::{Activity, OtherCategory};
use capa_core::{Clinician, Fte, Initials, JobPlan, SkillLevel, Team};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::ForecastInput;

/// A set of changes, applied in order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIf {
    /// The changes.
    pub changes: Vec<Change>,
}

/// The kind of a job-plan session, for moving sessions between kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// Choice.
    Choice,
    /// Core Partnership (free sessions included).
    Core,
    /// Specific work in a stream.
    Specific(String),
    /// Other work (not "not working" or leave).
    Other,
}

impl SessionKind {
    fn holds(&self, a: &Activity) -> bool {
        match (self, a) {
            (Self::Choice, Activity::Choice) | (Self::Core, Activity::Core) => true,
            (Self::Specific(s), Activity::Specific(t)) => s.eq_ignore_ascii_case(t),
            (Self::Other, Activity::Other { category, .. }) => {
                !matches!(category, OtherCategory::NotWorking | OtherCategory::Leave)
            }
            _ => false,
        }
    }

    fn activity(&self, streams: &[String]) -> Result<Activity, String> {
        Ok(match self {
            Self::Choice => Activity::Choice,
            Self::Core => Activity::Core,
            Self::Specific(s) => Activity::Specific(
                streams
                    .iter()
                    .find(|t| t.eq_ignore_ascii_case(s))
                    .cloned()
                    .ok_or_else(|| format!("the team has no stream '{s}'"))?,
            ),
            Self::Other => Activity::Other {
                label: "Other work (what-if)".into(),
                category: OtherCategory::Other,
            },
        })
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "change", deny_unknown_fields)]
pub enum Change {
    /// Accepted referrals a week.
    ReferralsPerWeek {
        /// The new rate.
        value: f64,
    },
    /// Share of Choice appointments converting to Core Partnership.
    ConversionToCore {
        /// The new share, 0-1.
        value: f64,
    },
    /// Share converting to a Specific stream.
    ConversionToStream {
        /// The stream.
        stream: String,
        /// The new share, 0-1.
        value: f64,
    },
    /// Moves a clinician's sessions from one kind to another from a date, as a
    /// new job plan version (later versions change too).
    MoveSessions {
        /// The clinician's initials.
        clinician: String,
        /// The kind the sessions have now.
        from: SessionKind,
        /// The kind they get.
        to: SessionKind,
        /// How many sessions a week.
        sessions: u32,
        /// From when; default: the forecast's start.
        #[serde(default)]
        from_date: Option<NaiveDate>,
    },
    /// A clinician leaves: their last day.
    Leaver {
        /// The clinician's initials.
        clinician: String,
        /// Their last day in the team.
        last_day: NaiveDate,
    },
    /// A clinician joins.
    ExtraClinician {
        /// Initials, unique in the team.
        initials: String,
        /// Name.
        #[serde(default)]
        name: Option<String>,
        /// First day; default: the forecast's start.
        #[serde(default)]
        start: Option<NaiveDate>,
        /// A colleague whose job plan, skills and streams they take (as a
        /// locum in the same post would); without one, a plan of all Core.
        #[serde(default)]
        like: Option<String>,
        /// FTE; default 1.
        #[serde(default)]
        fte: Option<f64>,
    },
}

/// A change that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("what-if change {index}: {message}")]
pub struct WhatIfError {
    /// 1-based position of the change.
    pub index: usize,
    /// What is wrong.
    pub message: String,
}

fn find<'t>(team: &'t mut [Clinician], initials: &str) -> Result<&'t mut Clinician, String> {
    let want = Initials::parse(initials).map_err(|e| e.to_string())?;
    team.iter_mut()
        .find(|c| c.initials == want)
        .ok_or_else(|| format!("no clinician with initials {want} in the team"))
}

fn move_sessions(
    c: &mut Clinician,
    from: &SessionKind,
    to: &Activity,
    sessions: u32,
    date: NaiveDate,
) -> Result<(), String> {
    let base = c
        .job_plan_on(date)
        .cloned()
        .ok_or_else(|| format!("{} has no job plan in force on {date}", c.initials))?;
    let next_version = c.job_plans.iter().map(|p| p.version).max().unwrap_or(0) + 1;
    let mut plans: Vec<JobPlan> = vec![base.clone()];
    // Later versions keep their own grids but take the same change.
    let later: Vec<usize> = (0..c.job_plans.len())
        .filter(|&i| c.job_plans[i].applies_from.is_some_and(|d| d > date))
        .collect();
    plans.extend(later.iter().map(|&i| c.job_plans[i].clone()));
    for (n, plan) in plans.iter_mut().enumerate() {
        let mut left = sessions;
        let days = plan.grid().first().map_or(0, Vec::len);
        let rows = plan.grid().len();
        // Day by day, then session by session: the change spreads over the week.
        'cells: for day in 0..days {
            for row in 0..rows {
                if left == 0 {
                    break 'cells;
                }
                if from.holds(&plan.grid()[row][day]) {
                    plan.set(row, day, to.clone());
                    left -= 1;
                }
            }
        }
        if left > 0 && n == 0 {
            return Err(format!(
                "{} has {} such sessions a week on {date}, fewer than the {sessions} to move",
                c.initials,
                sessions - left
            ));
        }
    }
    let mut new = plans.remove(0);
    new.version = next_version;
    new.applies_from = Some(date);
    for (&i, p) in later.iter().zip(plans) {
        c.job_plans[i] = p;
    }
    c.job_plans.push(new);
    Ok(())
}

impl WhatIf {
    /// The input with the changes made, checked again as a whole team.
    pub fn apply(&self, input: &ForecastInput) -> Result<ForecastInput, WhatIfError> {
        let mut out = input.clone();
        let start = input.start.today();
        let mut settings = out.team.settings.clone();
        let mut clinicians = out.team.clinicians.clone();
        for (i, change) in self.changes.iter().enumerate() {
            let err = |message: String| WhatIfError {
                index: i + 1,
                message,
            };
            match change {
                Change::ReferralsPerWeek { value } => {
                    if !(value.is_finite() && (0.0..=1000.0).contains(value)) {
                        return Err(err(format!(
                            "referrals a week must be 0 to 1000, not {value}"
                        )));
                    }
                    settings.accepted_referrals_per_week = *value;
                }
                Change::ConversionToCore { value } => settings.conversion_to_core = *value,
                Change::ConversionToStream { stream, value } => {
                    let name = settings
                        .streams
                        .iter()
                        .find(|s| s.name.eq_ignore_ascii_case(stream))
                        .map(|s| s.name.clone())
                        .ok_or_else(|| err(format!("the team has no stream '{stream}'")))?;
                    out.settings.specific_conversion.insert(name, *value);
                }
                Change::MoveSessions {
                    clinician,
                    from,
                    to,
                    sessions,
                    from_date,
                } => {
                    let to = to.activity(&settings.stream_names()).map_err(err)?;
                    let c = find(&mut clinicians, clinician).map_err(err)?;
                    move_sessions(c, from, &to, *sessions, from_date.unwrap_or(start))
                        .map_err(err)?;
                }
                Change::Leaver {
                    clinician,
                    last_day,
                } => {
                    let c = find(&mut clinicians, clinician).map_err(err)?;
                    c.leaving_date = Some(c.leaving_date.map_or(*last_day, |d| d.min(*last_day)));
                }
                Change::ExtraClinician {
                    initials,
                    name,
                    start: first_day,
                    like,
                    fte,
                } => {
                    let initials = Initials::parse(initials).map_err(|e| err(e.to_string()))?;
                    let fte = Fte::new(fte.unwrap_or(1.0)).map_err(|e| err(e.to_string()))?;
                    let first_day = first_day.unwrap_or(start);
                    let model = match like {
                        Some(l) => Some(find(&mut clinicians, l).map_err(err)?.clone()),
                        None => None,
                    };
                    let plan = model
                        .as_ref()
                        .and_then(|m| m.job_plan_on(first_day).or(m.latest_job_plan()))
                        .map(|p| {
                            let mut p = p.clone();
                            p.version = 1;
                            p.applies_from = None;
                            p
                        })
                        .unwrap_or_else(|| JobPlan::blank(1, None, &settings.layout));
                    clinicians.push(Clinician {
                        name: name
                            .clone()
                            .unwrap_or_else(|| format!("New clinician {initials}")),
                        initials,
                        discipline: model.as_ref().and_then(|m| m.discipline.clone()),
                        fte,
                        skills: model
                            .as_ref()
                            .map_or_else(BTreeMap::new, |m| m.skills.clone()),
                        streams: model
                            .as_ref()
                            .map_or_else(BTreeSet::new, |m| m.streams.clone()),
                        does_choice: model.as_ref().is_none_or(|m| m.does_choice),
                        choice_allocation: model.as_ref().and_then(|m| m.choice_allocation),
                        start_date: Some(first_day),
                        leaving_date: None,
                        job_plans: vec![plan],
                    });
                }
            }
        }
        let leave = out.team.leave.clone();
        out.team = Team::with_leave(settings, clinicians, leave).map_err(|errors| WhatIfError {
            index: self.changes.len(),
            message: format!(
                "the changed team does not hold together: {}",
                errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        })?;
        Ok(out)
    }
}

/// The skill level of a what-if or setting, for messages.
pub fn level_name(level: SkillLevel) -> &'static str {
    match level {
        SkillLevel::Core => "core",
        SkillLevel::Advanced => "advanced",
    }
}
