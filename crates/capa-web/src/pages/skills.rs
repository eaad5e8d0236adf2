//! The skills map: clinicians against ABCD'S and the Specific streams, with the
//! team's coverage and its gaps (computed by `capa_core::skills`).

use capa_core::SkillLevel;
use capa_core::explain::plural;
use capa_core::skills::skills_map;

use crate::auth::TeamContext;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::format::sessions;
use crate::views::skills::{SkillCell, SkillRow, SkillsPage};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new().get(path::SKILLS, page)
}

/// `GET /teams/{team}/skills`.
async fn page(ctx: TeamContext) -> SkillsPage {
    let map = skills_map(ctx.team(), ctx.today());
    let blank = || SkillCell {
        text: String::new(),
        class: "",
    };
    let rows = map
        .rows
        .iter()
        .map(|r| {
            let mut cells: Vec<SkillCell> = r
                .levels
                .iter()
                .map(|l| match l {
                    Some(SkillLevel::Advanced) => SkillCell {
                        text: "advanced".into(),
                        class: "k-specific",
                    },
                    Some(SkillLevel::Core) => SkillCell {
                        text: "core".into(),
                        class: "k-core",
                    },
                    None => blank(),
                })
                .collect();
            cells.extend(
                r.streams
                    .iter()
                    .map(|part| match (part.member, part.sessions) {
                        (false, 0) => blank(),
                        (_, 0) => SkillCell {
                            text: "in stream".into(),
                            class: "k-specific",
                        },
                        (_, n) => SkillCell {
                            text: format!("{} a week", sessions(n)),
                            class: "k-specific",
                        },
                    }),
            );
            SkillRow {
                who: format!("{} {}", r.initials, r.name),
                cells,
            }
        })
        .collect();
    let mut coverage: Vec<String> = map
        .domain_coverage
        .iter()
        .map(|c| format!("{} core, {} advanced", c.core, c.advanced))
        .collect();
    coverage.extend(map.stream_coverage.iter().map(stream_coverage));
    SkillsPage {
        domains: map.domains,
        streams: map.streams,
        rows,
        coverage,
        gaps: map.gaps.iter().map(ToString::to_string).collect(),
        chrome: ctx.chrome(Page::Skills),
    }
}

/// A stream's coverage in words: "1 clinician, 3 sessions a week".
fn stream_coverage(c: &capa_core::skills::StreamCoverage) -> String {
    format!(
        "{}, {} a week",
        plural(c.members as u32, "clinician", "clinicians"),
        plural(c.sessions, "session", "sessions")
    )
}

#[cfg(test)]
mod tests {
    use capa_core::skills::StreamCoverage;

    #[test]
    fn coverage_is_said_in_the_singular_for_one() {
        let one = StreamCoverage {
            members: 1,
            sessions: 1,
        };
        assert_eq!(
            super::stream_coverage(&one),
            "1 clinician, 1 session a week"
        );
        let more = StreamCoverage {
            members: 2,
            sessions: 0,
        };
        assert_eq!(
            super::stream_coverage(&more),
            "2 clinicians, 0 sessions a week"
        );
    }
}
