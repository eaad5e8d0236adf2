//! The matrix's cases for the quarterly review pack: every member reads it
//! and its exports; only the team lead (and an administrator) writes the
//! actions agreed and marks a quarter's review done.

use super::*;

pub(super) fn review_cases() -> Vec<Case> {
    // One quarter per caller, so each allowed mark is the quarter's first.
    let quarter = |i: usize| format!("{}Q{}", 2030 + i / 4, i % 4 + 1);
    vec![
        get("/teams/{team}/review", "", MEMBERS_HTML),
        get("/teams/{team}/review/review.csv", "", MEMBERS_HTML),
        get("/teams/{team}/review/review.xlsx", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/review/notes",
            |f, _| format!("/teams/{}/review/notes", f.team),
            move |_, i| {
                form(&[
                    ("quarter", quarter(i)),
                    ("clinician", "TR".into()),
                    ("note", format!("Actions agreed, by {}", WHO[i])),
                ])
            },
            PLANNERS,
        ),
        case(
            "POST",
            "/teams/{team}/review/done",
            |f, _| format!("/teams/{}/review/done", f.team),
            move |_, i| form(&[("quarter", quarter(i)), ("date", "01/01/2026".into())]),
            PLANNERS,
        ),
    ]
}
