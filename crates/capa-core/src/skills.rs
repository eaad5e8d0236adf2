//! The skills map: the team's clinicians against the extended core skills
//! (ABCD'S, and any domain the team adds) and its Specific streams, with the
//! coverage of each and the gaps, to work out the skill mix needed to deploy
//! the team into each stream.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::clinician::{ABCDS, Clinician, Initials, SkillLevel};
use crate::team::Team;

/// The skill domains of a team: ABCD'S first, then every other domain a
/// clinician holds, in the order first met.
pub fn domains(clinicians: &[Clinician]) -> Vec<String> {
    let mut domains: Vec<String> = ABCDS.iter().map(|d| d.to_string()).collect();
    for d in clinicians.iter().flat_map(|c| c.skills.keys()) {
        if !domains.contains(d) {
            domains.push(d.clone());
        }
    }
    domains
}

/// A clinician's part in a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StreamPart {
    /// Recorded as working in the stream.
    pub member: bool,
    /// Weekly sessions of the stream in the job plan in force.
    pub sessions: u32,
}

/// One clinician's row of the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillsRow {
    /// Initials.
    pub initials: Initials,
    /// Name.
    pub name: String,
    /// The level held in each domain of [`SkillsMap::domains`], in order.
    pub levels: Vec<Option<SkillLevel>>,
    /// The part in each stream of [`SkillsMap::streams`], in order.
    pub streams: Vec<StreamPart>,
}

/// How many clinicians hold a domain, by level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DomainCoverage {
    /// At extended core level.
    pub core: usize,
    /// At advanced level.
    pub advanced: usize,
}

/// Who works in a stream, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StreamCoverage {
    /// Clinicians recorded as working in it.
    pub members: usize,
    /// Weekly sessions of it across the team's job plans.
    pub sessions: u32,
}

/// A gap in the team's skill mix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum Gap {
    /// No clinician holds the domain at all.
    NoOneHolds {
        /// The domain.
        domain: String,
    },
    /// Some hold the domain, none at advanced level.
    NoAdvanced {
        /// The domain.
        domain: String,
    },
    /// No job plan has sessions in the stream, so it offers no new Specific Partnerships.
    NoSessions {
        /// The stream.
        stream: String,
    },
    /// Sessions are planned in the stream but no clinician is recorded in it.
    NoMembers {
        /// The stream.
        stream: String,
        /// Weekly sessions planned.
        sessions: u32,
    },
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoOneHolds { domain } => write!(f, "No one holds {domain} skills."),
            Self::NoAdvanced { domain } => {
                write!(f, "No one holds {domain} at advanced level.")
            }
            Self::NoSessions { stream } => write!(
                f,
                "No job plan has sessions in the {stream} stream, so it offers no new Specific Partnerships."
            ),
            Self::NoMembers { stream, sessions } => write!(
                f,
                "No clinician is recorded as working in the {stream} stream, though {} planned.",
                crate::explain::plural(*sessions, "session is", "sessions are")
            ),
        }
    }
}

/// The team's skills map on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillsMap {
    /// Skill domains, ABCD'S first.
    pub domains: Vec<String>,
    /// Specific streams, in the team's order.
    pub streams: Vec<String>,
    /// One row per clinician, in the team's order.
    pub rows: Vec<SkillsRow>,
    /// Coverage of each domain, in the order of `domains`.
    pub domain_coverage: Vec<DomainCoverage>,
    /// Coverage of each stream, in the order of `streams`.
    pub stream_coverage: Vec<StreamCoverage>,
    /// What is missing.
    pub gaps: Vec<Gap>,
}

/// The skills map of a team, with each clinician's sessions from the job plan
/// in force on `on` (their newest plan when none is in force yet).
pub fn skills_map(team: &Team, on: NaiveDate) -> SkillsMap {
    let domains = domains(&team.clinicians);
    let streams = team.settings.stream_names();
    let rows: Vec<SkillsRow> = team
        .clinicians
        .iter()
        .map(|c| {
            let counts = c
                .job_plan_on(on)
                .or_else(|| c.latest_job_plan())
                .map(|plan| plan.counts())
                .unwrap_or_default();
            SkillsRow {
                initials: c.initials.clone(),
                name: c.name.clone(),
                levels: domains.iter().map(|d| c.skills.get(d).copied()).collect(),
                streams: streams
                    .iter()
                    .map(|s| StreamPart {
                        member: c.streams.contains(s),
                        sessions: counts.specific.get(s).copied().unwrap_or(0),
                    })
                    .collect(),
            }
        })
        .collect();
    let domain_coverage: Vec<DomainCoverage> = (0..domains.len())
        .map(|i| DomainCoverage {
            core: rows
                .iter()
                .filter(|r| r.levels[i] == Some(SkillLevel::Core))
                .count(),
            advanced: rows
                .iter()
                .filter(|r| r.levels[i] == Some(SkillLevel::Advanced))
                .count(),
        })
        .collect();
    let stream_coverage: Vec<StreamCoverage> = (0..streams.len())
        .map(|i| StreamCoverage {
            members: rows.iter().filter(|r| r.streams[i].member).count(),
            sessions: rows.iter().map(|r| r.streams[i].sessions).sum(),
        })
        .collect();
    let mut gaps = Vec::new();
    for (d, cover) in domains.iter().zip(&domain_coverage) {
        if cover.core + cover.advanced == 0 {
            gaps.push(Gap::NoOneHolds { domain: d.clone() });
        } else if cover.advanced == 0 {
            gaps.push(Gap::NoAdvanced { domain: d.clone() });
        }
    }
    for (s, cover) in streams.iter().zip(&stream_coverage) {
        if cover.sessions == 0 {
            gaps.push(Gap::NoSessions { stream: s.clone() });
        } else if cover.members == 0 {
            gaps.push(Gap::NoMembers {
                stream: s.clone(),
                sessions: cover.sessions,
            });
        }
    }
    SkillsMap {
        domains,
        streams,
        rows,
        domain_coverage,
        stream_coverage,
        gaps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Stream, TeamSettings};
    use crate::{Activity, Fte, JobPlan};

    fn clinician(initials: &str, skills: &[(&str, SkillLevel)], dbt: u32) -> Clinician {
        let s = TeamSettings::new("t");
        let mut plan = JobPlan::blank(1, None, &s.layout);
        let mut grid = plan.grid().to_vec();
        for cell in grid[0].iter_mut().take(dbt as usize) {
            *cell = Activity::Specific("DBT".into());
        }
        plan = JobPlan::new(1, None, grid, &s.layout).unwrap();
        Clinician {
            initials: Initials::parse(initials).unwrap(),
            name: initials.into(),
            discipline: None,
            fte: Fte::new(1.0).unwrap(),
            skills: skills.iter().map(|(d, l)| (d.to_string(), *l)).collect(),
            streams: Default::default(),
            does_choice: true,
            choice_allocation: None,
            start_date: None,
            leaving_date: None,
            job_plans: vec![plan],
        }
    }

    #[test]
    fn coverage_and_gaps() {
        let mut s = TeamSettings::new("t");
        s.streams = ["DBT", "OT"]
            .map(|name| Stream {
                name: name.into(),
                multiplier: None,
            })
            .to_vec();
        let team = Team::new(
            s,
            vec![
                clinician(
                    "AD",
                    &[
                        ("Assessment", SkillLevel::Advanced),
                        ("Cultural", SkillLevel::Core),
                    ],
                    2,
                ),
                clinician("TR", &[("Assessment", SkillLevel::Core)], 1),
            ],
        )
        .unwrap();
        let map = skills_map(&team, NaiveDate::from_ymd_opt(2026, 10, 5).unwrap());
        assert_eq!(map.domains.last().map(String::as_str), Some("Cultural"));
        assert_eq!(
            map.domain_coverage[0],
            DomainCoverage {
                core: 1,
                advanced: 1
            }
        );
        assert_eq!(
            map.stream_coverage[0],
            StreamCoverage {
                members: 0,
                sessions: 3
            }
        );
        let gaps: Vec<String> = map.gaps.iter().map(ToString::to_string).collect();
        assert!(gaps.contains(&"No one holds Behavioural skills.".to_string()));
        assert!(gaps.contains(&"No one holds Cultural at advanced level.".to_string()));
        assert!(gaps.contains(&"No job plan has sessions in the OT stream, so it offers no new Specific Partnerships.".to_string()));
        assert!(gaps.contains(&"No clinician is recorded as working in the DBT stream, though 3 sessions are planned.".to_string()));
        assert!(!gaps.iter().any(|g| g.contains("Assessment")));
        let one = Gap::NoMembers {
            stream: "DBT".into(),
            sessions: 1,
        };
        assert_eq!(
            one.to_string(),
            "No clinician is recorded as working in the DBT stream, though 1 session is planned."
        );
    }
}
