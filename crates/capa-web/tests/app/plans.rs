//! The team lead's path: the team job plan, editing a session and seeing the
//! targets move, settings, versions, files, the audit log.

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

#[tokio::test]
async fn the_team_job_plan_shows_each_figure_with_its_working() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let page = lead
            .page(&format!("/teams/{}?quarter=2026Q2", app.team))
            .await;
        assert!(page.contains("2026/27 Q2: 05/10/2026 to 03/01/2027"));
        assert_eq!(figure(&page, "choice_needed"), "208");
        assert_eq!(figure(&page, "core_demand"), "about 141.4");
        assert_eq!(figure(&page, "new_core_total"), "144");
        assert_eq!(figure(&page, "balance_ratio"), "9");
        assert!(
            page.contains("16 x 13 x 0.68 = 53.04") || page.contains("16 x 13 x 0.68 = 141.44")
        );
        assert!(page.contains("ceil(16 x 13) = 208"));
        assert!(page.contains("FS: plan holds 10 of 22 allocated Choice appointments"));
        assert!(page.contains("<svg") && page.contains("role=\"img\""));
        let method = lead.page("/method").await;
        assert!(
            method.contains("How capa computes each figure") && method.contains("2 x 11.25 / 7.5")
        );
        let year = lead
            .page(&format!("/teams/{}/year?year=2026", app.team))
            .await;
        assert!(year.contains("Year 2026/27") && year.contains("running total"));
    })
    .await;
}

#[tokio::test]
async fn editing_a_session_moves_the_targets_and_the_balance_and_is_audited() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let before = lead.page(&format!("/teams/{t}")).await;
        let total: u32 = figure(&before, "new_core_total").parse().unwrap();
        // FS (the team lead) turns a Management session into a second Choice clinic... via htmx.
        let r = lead
            .post_htmx(
                &format!("/teams/{t}/clinicians/FS/plan/1/cells/0/1"),
                &[("activity", "choice")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let fragment = r.text().await.unwrap();
        assert!(
            fragment.contains("id=\"cell-0-1\"") && fragment.contains("Choice"),
            "{fragment}"
        );
        // The answer is the whole workspace (grid, editor slot, targets), so
        // htmx swaps it whole and nothing lands inside the table.
        assert!(
            fragment
                .trim_start()
                .starts_with("<div id=\"plan-workspace\""),
            "{fragment}"
        );
        assert!(fragment.contains("id=\"plan-targets\"") && !fragment.contains("hx-swap-oob"));
        assert!(
            fragment.contains("data-focus"),
            "focus returns to the saved cell"
        );
        // ... and a free session into Core: the target there goes up by 3.
        let r = lead
            .post_htmx(
                &format!("/teams/{t}/clinicians/FS/plan/1/cells/2/0"),
                &[("activity", "core")],
            )
            .await;
        let fragment = r.text().await.unwrap();
        assert!(
            fragment.contains("id=\"new-core-target\">12<"),
            "3 -> 4 free sessions: 12\n{fragment}"
        );
        let after = lead.page(&format!("/teams/{t}")).await;
        assert_eq!(
            figure(&after, "new_core_total").parse::<u32>().unwrap(),
            total + 3
        );
        assert!(
            !after.contains("FS: plan holds 11 of 22"),
            "two Choice sessions hold 22"
        );
        // An Other activity with an explicit category.
        let r = lead
            .post_form(
                &format!("/teams/{t}/clinicians/FS/plan/1/cells/3/4"),
                &[
                    ("activity", "other"),
                    ("label", "Clinic run"),
                    ("category", "travel"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let plan: serde_json::Value = lead
            .get(&format!("/api/v1/teams/{t}/clinicians/FS/job-plans/1"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(plan["grid"][3][4], "Clinic run");
        assert_eq!(plan["sessions"]["other"]["travel"], 1);
        // Bad input changes nothing.
        let r = lead
            .post_form(
                &format!("/teams/{t}/clinicians/FS/plan/1/cells/3/4"),
                &[("activity", "specific:ED")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = lead
            .post_form(
                &format!("/teams/{t}/clinicians/FS/plan/1/cells/9/9"),
                &[("activity", "core")],
            )
            .await;
        assert!(r.status().is_client_error());
        // Every change is in the audit log with before and after.
        // Every change reads as a record: who, which plan, which session,
        // the reading before and after.
        let audit = lead
            .page(&format!("/teams/{t}/audit"))
            .await
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&gt;", ">")
            .replace("&#62;", ">");
        for says in [
            "Fiona Smith (team lead) changed FS's job plan #1, Monday session 3: ",
            "Monday session 3: Management (Other: management) -> Core (free)",
            "Friday session 4: ",
            " -> Clinic run (Other: travel)",
        ] {
            assert!(
                audit.contains(says),
                "the audit log lacks {says}: {}",
                audit
                    .split("audit-sentence\">")
                    .skip(1)
                    .map(|s| s.split('<').next().unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        assert!(!audit.contains("\"cell\""), "no JSON dumps");
        assert!(audit.matches("<tr><td").count() >= 3);
    })
    .await;
}

#[tokio::test]
async fn a_clinician_edits_their_own_plan_and_starts_a_new_version() {
    with_app(|app| async move {
        let tr = User::login(&app, "clinician").await;
        let t = app.team;
        let own = tr.page(&format!("/teams/{t}/clinicians/TR/plan")).await;
        assert!(own.contains("data-cell") && own.contains("Copy to a new version"));
        let other = tr.page(&format!("/teams/{t}/clinicians/AD/plan")).await;
        assert!(
            !other.contains("data-cell"),
            "no editing controls on another's plan"
        );
        let editor = tr
            .page(&format!("/teams/{t}/clinicians/TR/plan?version=1&edit=0-3"))
            .await;
        assert!(editor.contains("id=\"cell-editor\"") && editor.contains("Specific: DBT"));
        let r = tr
            .post_form(
                &format!("/teams/{t}/clinicians/TR/plan/versions"),
                &[("applies_from", "04/01/2027")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .ends_with("?version=2")
        );
        let v2 = tr
            .page(&format!("/teams/{t}/clinicians/TR/plan?version=2"))
            .await;
        assert!(v2.contains("Job plan #2, applies from 04/01/2027"));
        let print = tr
            .page(&format!("/teams/{t}/clinicians/TR/plan/1/print"))
            .await;
        assert!(
            print.contains("JOB PLAN #")
                && print.contains("CHOICE =")
                && print.contains("Partnership =")
                && print.contains("Specific =")
        );
        assert!(
            print.contains("3 free sessions x multiplier = 9 new Core Partnerships a quarter"),
            "{print}"
        );
    })
    .await;
}

#[tokio::test]
async fn settings_change_the_figures_and_bad_settings_change_nothing() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let page = lead.page(&format!("/teams/{t}/settings")).await;
        assert!(page.contains("Default: 0.68") && page.contains("Accepted referrals per week"));
        let mut form: Vec<(&str, &str)> = vec![
            ("name", "Awa Valley CAMHS"),
            ("layout", "nz-four-session"),
            ("year_start_month", "7"),
            ("time_zone", "Pacific/Auckland"),
            ("hours_per_week", "40"),
            ("accepted_referrals_per_week", "12"),
            ("conversion_to_core", "0.68"),
            ("core_multiplier", "3"),
            ("core_average_appointments", ""),
            ("core_appointments_per_session", "2"),
            ("working_weeks_per_quarter", "11.25"),
            ("annual_leave_days", ""),
            ("public_holidays", ""),
            ("study_days", ""),
            ("choice_allocation", "equal"),
            ("choice_appointments_per_session", "1"),
            ("balance_low", "8"),
            ("balance_high", "9"),
            ("share_low", "0.3"),
            ("share_high", "0.4"),
            ("diary_notice_weeks", "6"),
        ];
        assert_eq!(
            lead.post_form(&format!("/teams/{t}/settings"), &form)
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
        let plan = lead.page(&format!("/teams/{t}")).await;
        assert_eq!(figure(&plan, "choice_needed"), "156");
        form[6] = ("conversion_to_core", "1.7");
        let r = lead.post_form(&format!("/teams/{t}/settings"), &form).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("conversion to Core must be between 0 and 1")
        );
        let s: serde_json::Value = lead
            .get(&format!("/api/v1/teams/{t}/settings"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(s["conversion_to_core"], 0.68);
    })
    .await;
}

#[tokio::test]
async fn files_export_and_import_all_or_nothing() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let r = lead
            .get(&format!("/teams/{t}/files/team-job-plan.xlsx"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains(".xlsx")
        );
        let bytes = r.bytes().await.unwrap();
        let book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
        use calamine::Reader;
        assert!(book.sheet_names().iter().any(|s| s == "Team job plan"));
        let toml = lead
            .get(&format!("/teams/{t}/files/team.toml"))
            .await
            .text()
            .await
            .unwrap();
        assert!(toml.contains("name = \"Awa Valley CAMHS\""));
        // Import a changed file: one referral a week more.
        let changed = toml.replace(
            "accepted_referrals_per_week = 16.0",
            "accepted_referrals_per_week = 17.0",
        );
        let upload = |text: String| {
            reqwest::multipart::Form::new()
                .text("csrf", lead.csrf.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::text(text).file_name("team.toml"),
                )
        };
        let r = lead
            .http
            .post(format!("{}/teams/{t}/files/import", app.base))
            .multipart(upload(changed))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            figure(&lead.page(&format!("/teams/{t}")).await, "choice_needed"),
            "221"
        );
        // A broken file: every problem listed, nothing changed.
        let broken = toml.replace("fte = 0.8", "fte = 1.8").replace(
            "accepted_referrals_per_week = 16.0",
            "accepted_referrals_per_week = -1.0",
        );
        let r = lead
            .http
            .post(format!("{}/teams/{t}/files/import", app.base))
            .multipart(upload(broken))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("team.toml:")
                && page.contains("FTE must be more than 0 and at most 1, not 1.8"),
            "{page}"
        );
        assert!(page.contains("accepted referrals per week must be a number 0 or more"));
        assert_eq!(
            figure(&lead.page(&format!("/teams/{t}")).await, "choice_needed"),
            "221",
            "unchanged"
        );
    })
    .await;
}

#[tokio::test]
async fn the_skills_map_shows_coverage_and_gaps() {
    with_app(|app| async move {
        let viewer = User::login(&app, "viewer").await;
        let page = viewer.page(&format!("/teams/{}/skills", app.team)).await;
        assert!(
            page.contains("Assessment") && page.contains("Systemic") && page.contains("DBT stream")
        );
        assert!(page.contains("Cultural competence"), "a team's own domain");
        assert!(page.contains("core,") || page.contains(" core, "));
        // A viewer sees no edit controls and cannot save.
        let settings = viewer.page(&format!("/teams/{}/settings", app.team)).await;
        assert!(!settings.contains("Save settings"));
    })
    .await;
}
