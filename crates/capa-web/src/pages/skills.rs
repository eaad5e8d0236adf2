//! The skills map: clinicians against ABCD'S and the Specific streams, with the
//! team's coverage and its gaps.

use axum::extract::{Path, State};
use capa_core::SkillLevel;
use capa_core::clinician::ABCDS;

use super::TeamPage;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::PageResult;
use crate::views::chrome::Page;
use crate::views::pages::{SkillCell, SkillsPage};

/// `GET /teams/{team}/skills`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<SkillsPage> {
    let p = TeamPage::load(&state, &user, team, Page::Skills).await?;
    let t = &p.stored.team;
    let mut domains: Vec<String> = ABCDS.iter().map(|d| d.to_string()).collect();
    for d in t.clinicians.iter().flat_map(|c| c.skills.keys()) {
        if !domains.contains(d) {
            domains.push(d.clone());
        }
    }
    let streams = t.settings.stream_names();
    let today = p.today();
    let rows = t
        .clinicians
        .iter()
        .map(|c| {
            let sessions = c
                .job_plan_on(today)
                .or_else(|| c.latest_job_plan())
                .map(|jp| jp.counts())
                .unwrap_or_default();
            let mut cells: Vec<SkillCell> = domains
                .iter()
                .map(|d| match c.skills.get(d) {
                    Some(SkillLevel::Advanced) => SkillCell {
                        text: "advanced".into(),
                        class: "k-specific",
                    },
                    Some(SkillLevel::Core) => SkillCell {
                        text: "core".into(),
                        class: "k-core",
                    },
                    None => SkillCell {
                        text: String::new(),
                        class: "",
                    },
                })
                .collect();
            for s in &streams {
                let n = sessions.specific.get(s).copied().unwrap_or(0);
                cells.push(match (c.streams.contains(s), n) {
                    (false, 0) => SkillCell {
                        text: String::new(),
                        class: "",
                    },
                    (_, 0) => SkillCell {
                        text: "in stream".into(),
                        class: "k-specific",
                    },
                    (_, n) => SkillCell {
                        text: format!("{n} session{} a week", if n == 1 { "" } else { "s" }),
                        class: "k-specific",
                    },
                });
            }
            (format!("{} {}", c.initials, c.name), cells)
        })
        .collect();
    let coverage: Vec<(usize, usize)> = domains
        .iter()
        .map(|d| {
            let core = t
                .clinicians
                .iter()
                .filter(|c| c.skills.get(d) == Some(&SkillLevel::Core))
                .count();
            let adv = t
                .clinicians
                .iter()
                .filter(|c| c.skills.get(d) == Some(&SkillLevel::Advanced))
                .count();
            (core, adv)
        })
        .collect();
    let stream_coverage: Vec<(usize, u32)> = streams
        .iter()
        .map(|s| {
            let members = t
                .clinicians
                .iter()
                .filter(|c| c.streams.contains(s))
                .count();
            let sessions = t
                .clinicians
                .iter()
                .filter_map(|c| c.job_plan_on(today).or_else(|| c.latest_job_plan()))
                .map(|jp| jp.counts().specific.get(s).copied().unwrap_or(0))
                .sum();
            (members, sessions)
        })
        .collect();
    let mut gaps = Vec::new();
    for (d, (core, adv)) in domains.iter().zip(&coverage) {
        if core + adv == 0 {
            gaps.push(format!("No one holds {d} skills."));
        } else if *adv == 0 {
            gaps.push(format!("No one holds {d} at advanced level."));
        }
    }
    for (s, (members, sessions)) in streams.iter().zip(&stream_coverage) {
        if *sessions == 0 {
            gaps.push(format!("No job plan has sessions in the {s} stream, so it offers no new Specific Partnerships."));
        } else if *members == 0 {
            gaps.push(format!("No clinician is recorded as working in the {s} stream, though {sessions} sessions are planned."));
        }
    }
    Ok(SkillsPage {
        domains,
        streams,
        rows,
        coverage,
        stream_coverage,
        gaps,
        chrome: p.chrome,
    })
}
