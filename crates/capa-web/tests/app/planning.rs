//! The planning half of issue 9 on the team job plan: long leave entered in
//! the web app reduces a target pro rata (ordinary leave does not), step 3
//! per clinician, Choice a week, the weekly flex check, the cumulative rule
//! explained, and the wording of fractional needs and plurals.

use reqwest::StatusCode;

use crate::{User, with_app};

fn figure(page: &str, key: &str) -> String {
    let marker = format!("data-figure=\"{key}\">");
    page.split(&marker)
        .nth(1)
        .unwrap_or_else(|| panic!("no figure {key}"))
        .split('<')
        .next()
        .unwrap()
        .trim()
        .to_string()
}

fn target(page: &str, initials: &str) -> u32 {
    let marker = format!("data-target=\"{initials}\">");
    page.split(&marker)
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The explanation under a clinician's target.
fn why(page: &str, initials: &str) -> String {
    let marker = format!("data-target=\"{initials}\">");
    let rest = page.split(&marker).nth(1).unwrap();
    rest.split("</details>").next().unwrap().to_string()
}

#[tokio::test]
async fn long_leave_entered_in_the_web_app_reduces_the_target_and_ordinary_leave_does_not() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let q = "2026Q2"; // 05/10/2026 to 03/01/2027
        let url = format!("/teams/{t}?quarter={q}");
        let before = lead.page(&url).await;
        let full = target(&before, "TR");
        // A week off: ordinary leave, allowed for in the working weeks.
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/absences/leave"),
                &[
                    ("clinician", "TR"),
                    ("first_day", "12/10/2026"),
                    ("last_day", "16/10/2026"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            target(&lead.page(&url).await, "TR"),
            full,
            "a week's leave changes nothing"
        );
        // Parental leave of ten weeks, 02/11/2026 to 08/01/2027: more than the
        // team's four weeks, so TR's target is reduced by working days.
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/absences/leave"),
                &[
                    ("clinician", "TR"),
                    ("first_day", "02/11/2026"),
                    ("last_day", "08/01/2027"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let after = lead.page(&url).await;
        let reduced = target(&after, "TR");
        assert!(
            reduced < full,
            "long leave reduces TR's target: {full} -> {reduced}"
        );
        let explain = why(&after, "TR");
        assert!(
            explain.contains("on long leave"),
            "the explanation says why: {explain}"
        );
        assert!(explain.contains("working days"), "{explain}");
        // Raise the threshold above ten weeks: the same leave is ordinary.
        let s: serde_json::Value = lead
            .get(&format!("/api/v1/teams/{t}/settings"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(s["long_leave_weeks"], 4);
    })
    .await;
}

#[tokio::test]
async fn the_plan_shows_step_3_per_clinician_choice_a_week_and_the_flex_check() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let page = lead.page(&format!("/teams/{t}")).await;
        // Choice a week beside the quarter's; fractional needs said as such.
        assert!(!figure(&page, "choice_needed_per_week").is_empty());
        assert!(!figure(&page, "choice_sessions_needed").is_empty());
        let demand = figure(&page, "core_demand");
        assert!(
            demand.starts_with("about ") || !demand.contains('.'),
            "a fractional need is 'about': {demand}"
        );
        // Step 3: each clinician's Core share beside the team's.
        assert!(page.contains("data-core-share=\"TR\">"));
        assert!(page.contains("data-core-share=\"team\">"));
        assert!(!figure(&page, "core_specific_share").is_empty());
        // The team's row in words.
        assert!(page.contains("Team (12 clinicians)"), "plural");
        // This week's flex check with its working, for the current quarter.
        assert!(page.contains("id=\"flex-check\""));
        let vacant: u32 = figure(&page, "flex_vacant").parse().unwrap();
        assert!(page.contains(&format!("{vacant} vacant Choice slots in the next 6 weeks")));
        assert!(
            page.contains(
                "accepted referrals per week x 6 weeks + accepted referrals not yet booked"
            )
        );
        // Another quarter has no flex check (it looks ahead from today).
        let next = app.quarter().next().key();
        let later = lead.page(&format!("/teams/{t}?quarter={next}")).await;
        assert!(!later.contains("id=\"flex-check\""));
    })
    .await;
}

#[tokio::test]
async fn a_quarter_shows_the_years_cumulative_target_and_says_where_it_differs() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        // Every quarter's page shows the year's cumulative target, and says
        // so where the quarter rounded alone would differ.
        let team = app.store.load_team(t).await.unwrap();
        for q in app.quarter().year.quarters() {
            let page = lead.page(&format!("/teams/{t}?quarter={}", q.key())).await;
            let report = capa_core::capacity::quarter(&team, q);
            for c in &report.clinicians {
                assert_eq!(target(&page, c.initials.as_str()), c.new_core_target);
                let note = why(&page, c.initials.as_str());
                assert_eq!(
                    note.contains("where this quarter is rounded alone"),
                    c.new_core_target != c.new_core_quarter_alone,
                    "{} in {q}: {note}",
                    c.initials
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_team_job_plan_xlsx_is_of_the_quarter_asked_for_in_the_web_apps_colours() {
    with_app(|app| async move {
        use calamine::Reader;
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let r = lead
            .get(&format!(
                "/teams/{t}/files/team-job-plan.xlsx?quarter=2026Q3"
            ))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let name = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(name.contains("2026Q3"), "{name}");
        let bytes = r.bytes().await.unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let sheet = book.worksheet_range("Team job plan").unwrap();
        let text: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(
            text.iter().any(|c| c.contains("2026/27 Q3")),
            "the sheet is of 2026/27 Q3"
        );
        assert!(
            !text.iter().any(|c| c.contains("2026/27 Q2:")),
            "not of today's quarter"
        );
        let r = lead
            .get(&format!(
                "/teams/{t}/files/team-job-plan.xlsx?quarter=nonsense"
            ))
            .await;
        assert!(r.status().is_client_error(), "a wrong quarter is refused");
        // The same fills as the page.
        let css = lead.get("/assets/capa.css").await;
        let css = if css.status() == StatusCode::OK {
            css.text().await.unwrap()
        } else {
            include_str!("../../assets/capa.css").to_string()
        };
        for (var, fill) in [
            ("--choice", capa_io::xlsx::CHOICE_FILL),
            ("--core", capa_io::xlsx::CORE_FILL),
            ("--specific", capa_io::xlsx::SPECIFIC_FILL),
        ] {
            assert!(
                css.contains(&format!("{var}: #{fill:06x}")),
                "{var} is #{fill:06x} in the page and the workbook"
            );
        }
    })
    .await;
}
