//! Item 7, extended clinical skills in Core work. The seed: "Core work is the
//! bread and butter of CAMHS but will only be successful if Specific work is
//! available as well", and "It can easily happen that lots of Specific time
//! is planned, leaving not enough time for the Core Partnership work."

use crate::balance::{self, Standing};
use crate::capacity::CapacityReport;
use crate::clinician::{ABCDS, Initials};
use crate::explain::{Explanation, n2, percent};
use crate::settings::Band;
use crate::team::Team;

use super::{EvidenceLine, ItemEvidence};
use crate::assessment::rating::{ItemNumber, Rating};

/// Core's least share of Partnership sessions (Core + Specific) for a Yes:
/// below half, Specific time outweighs Core, the seed's warning.
pub const CORE_SHARE_OF_PARTNERSHIP_MIN: f64 = 0.5;

/// Core capacity as a share of Core demand from which capa suggests
/// Partial: within a fifth of demand, job planning can close the gap in a
/// quarter or two; further below, an internal wait is bound to grow.
pub const CORE_CAPACITY_PARTIAL: f64 = 0.8;

/// The facts item 7 is judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct CoreSkillsFacts {
    /// Choice sessions a week in the team's job plans.
    pub choice_sessions: u32,
    /// Core sessions a week (free sessions included).
    pub core_sessions: u32,
    /// Specific sessions a week, all streams.
    pub specific_sessions: u32,
    /// Working sessions a week.
    pub working_sessions: u32,
    /// The band CAPA finds sustainable for Choice + Core (30-40%).
    pub share_band: Band,
    /// New Core Partnerships the team offers in the quarter.
    pub new_core_total: u32,
    /// New Core Partnerships the quarter's referrals need.
    pub core_demand: f64,
    /// Clinicians in the team.
    pub clinicians: usize,
    /// Clinicians with ABCD'S domains not set, and which.
    pub missing_skills: Vec<(Initials, Vec<String>)>,
    /// The team's Specific streams.
    pub streams: Vec<String>,
    /// Streams no clinician works in.
    pub streams_without_clinician: Vec<String>,
}

impl CoreSkillsFacts {
    /// The facts from the team (skills map) and its capacity report (sessions, demand).
    pub fn from_capacity(team: &Team, report: &CapacityReport) -> Self {
        let t = &report.team;
        let streams = team.settings.stream_names();
        Self {
            choice_sessions: t.choice_sessions,
            core_sessions: t.core_sessions,
            specific_sessions: t.sessions.specific_total(),
            working_sessions: t.working_sessions,
            share_band: t.choice_core_share_band,
            new_core_total: t.new_core_total,
            core_demand: t.core_demand,
            clinicians: team.clinicians.len(),
            missing_skills: team
                .clinicians
                .iter()
                .filter_map(|c| {
                    let missing: Vec<String> = ABCDS
                        .iter()
                        .filter(|d| !c.skills.contains_key(**d))
                        .map(|d| d.to_string())
                        .collect();
                    (!missing.is_empty()).then(|| (c.initials.clone(), missing))
                })
                .collect(),
            streams_without_clinician: streams
                .iter()
                .filter(|s| {
                    !team
                        .clinicians
                        .iter()
                        .any(|c| c.streams.iter().any(|x| x.eq_ignore_ascii_case(s)))
                })
                .cloned()
                .collect(),
            streams,
        }
    }
}

fn core_against_specific(f: &CoreSkillsFacts) -> EvidenceLine {
    let (core, specific) = (f.core_sessions, f.specific_sessions);
    let partnership = core + specific;
    let share = (partnership > 0).then(|| f64::from(core) / f64::from(partnership));
    let (text, suggested) = match share {
        None => (
            "the job plans hold no Partnership sessions".to_string(),
            Rating::No,
        ),
        Some(_) if core == 0 => (
            format!("the job plans hold {specific} Specific sessions a week and no Core"),
            Rating::No,
        ),
        Some(_) if specific == 0 => (
            format!(
                "the job plans hold {core} Core sessions a week and no Specific time beside them"
            ),
            Rating::Partial,
        ),
        Some(s) if s + 1e-9 < CORE_SHARE_OF_PARTNERSHIP_MIN => (
            format!(
                "Specific time outweighs Core: {core} Core and {specific} Specific sessions a week (Core {})",
                percent(s)
            ),
            Rating::Partial,
        ),
        Some(s) => (
            format!(
                "Core with Specific time beside it: {core} Core and {specific} Specific sessions a week (Core {})",
                percent(s)
            ),
            Rating::Yes,
        ),
    };
    EvidenceLine {
        text,
        suggested: Some(suggested),
        explain: Explanation::new(
            "Core sessions / (Core + Specific sessions)",
            share.map_or("no Partnership sessions".into(), |s| {
                format!("{core} / ({core} + {specific}) = {}", percent(s))
            }),
        )
        .note(format!(
            "suggests Yes when both are planned and Core is at least {}; Partial when there is no Specific time or Specific outweighs Core; No without Core",
            percent(CORE_SHARE_OF_PARTNERSHIP_MIN)
        )),
    }
}

fn choice_core_share(f: &CoreSkillsFacts) -> EvidenceLine {
    let (share, standing, explain) = balance::choice_core_share(
        f.choice_sessions,
        f.core_sessions,
        f.working_sessions,
        f.share_band,
    );
    let band = format!(
        "{}-{}",
        percent(f.share_band.low),
        percent(f.share_band.high)
    );
    let (text, suggested) = match (share, standing) {
        (Some(s), Standing::Within) => (
            format!(
                "Choice + Core is {} of working sessions, within CAPA's {band}",
                percent(s)
            ),
            Some(Rating::Yes),
        ),
        (Some(s), Standing::Below) => (
            format!(
                "Choice + Core is {} of working sessions, below CAPA's {band}: not enough Core",
                percent(s)
            ),
            Some(Rating::Partial),
        ),
        (Some(s), _) => (
            format!(
                "Choice + Core is {} of working sessions, above CAPA's {band}: Specific work may be squeezed",
                percent(s)
            ),
            Some(Rating::Partial),
        ),
        (None, _) => ("no working sessions in the job plans".to_string(), None),
    };
    EvidenceLine {
        text,
        suggested,
        explain: explain.note("suggests Yes within the band, Partial outside it"),
    }
}

fn core_capacity(f: &CoreSkillsFacts) -> EvidenceLine {
    let ratio = (f.core_demand > 0.0).then(|| f64::from(f.new_core_total) / f.core_demand);
    EvidenceLine {
        text: match ratio {
            None => "no Core demand to compare with: the team has not set its accepted referrals per week".into(),
            Some(r) => format!(
                "Core capacity is {} new Core Partnerships a quarter against a demand of {} ({})",
                f.new_core_total,
                n2(f.core_demand),
                percent(r)
            ),
        },
        suggested: ratio.map(|r| super::by_share(r, 1.0, CORE_CAPACITY_PARTIAL)),
        explain: Explanation::new(
            "new Core Partnerships per quarter / Core demand per quarter",
            ratio.map_or("no demand set".into(), |r| {
                format!("{} / {} = {}", f.new_core_total, n2(f.core_demand), percent(r))
            }),
        )
        .note(super::share_note(1.0, CORE_CAPACITY_PARTIAL)),
    }
}

fn skills_map(f: &CoreSkillsFacts) -> EvidenceLine {
    let skills_set = f.missing_skills.is_empty();
    let streams_staffed = f.streams_without_clinician.is_empty();
    let mut parts = Vec::new();
    parts.push(if skills_set {
        format!("every clinician's ABCD'S levels are set ({})", f.clinicians)
    } else {
        format!(
            "ABCD'S levels not set for {}",
            f.missing_skills
                .iter()
                .map(|(c, d)| format!("{c} ({})", d.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        )
    });
    parts.push(if f.streams.is_empty() {
        "the team has no Specific streams".to_string()
    } else if streams_staffed {
        "every Specific stream has a clinician".to_string()
    } else {
        format!("no clinician in {}", f.streams_without_clinician.join(", "))
    });
    let suggested = match (skills_set, streams_staffed) {
        (true, true) => Rating::Yes,
        (false, false) => Rating::No,
        _ => Rating::Partial,
    };
    EvidenceLine {
        text: format!("skills map: {}", parts.join("; ")),
        suggested: Some(suggested),
        explain: Explanation::new(
            "every clinician's ABCD'S levels set; at least one clinician in each Specific stream",
            format!(
                "{} of {} fully mapped; {} of {} staffed",
                f.clinicians - f.missing_skills.len(),
                crate::explain::plural(f.clinicians as u32, "clinician", "clinicians"),
                f.streams.len() - f.streams_without_clinician.len(),
                crate::explain::plural(f.streams.len() as u32, "stream", "streams")
            ),
        )
        .note("suggests Yes when both hold, Partial when one does, No when neither"),
    }
}

/// Item 7's evidence: Core against Specific sessions, Choice + Core share,
/// Core capacity against demand, the skills map.
pub fn core_skills(number: ItemNumber, f: &CoreSkillsFacts) -> ItemEvidence {
    ItemEvidence::from_lines(
        number,
        vec![
            core_against_specific(f),
            choice_core_share(f),
            core_capacity(f),
            skills_map(f),
        ],
    )
}
