//! Demand uploads at the edges: a report just over the server's limit is
//! refused with the limit named (API, page and htmx) and nothing stored, and
//! an upload is analysed with the team's own `[team.demand]` thresholds, as
//! `capa demand analyse --team` analyses it.

use capa_io::discharge::{AnalysisJson, DischargeOptions, analyse_csv};
use capa_store::testing::on_each_backend;
use reqwest::StatusCode;

use crate::demand::REPORT;
use crate::{App, User, spawn_with, with_app};

/// The report's header and first `n` rows.
fn rows(n: usize) -> String {
    REPORT.lines().take(n + 1).collect::<Vec<_>>().join("\n") + "\n"
}

fn form(u: &User, report: String) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", u.csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::text(report).file_name("discharges.csv"),
        )
}

async fn api(u: &User, app: &App, report: String) -> reqwest::Response {
    u.http
        .post(format!("{}/api/v1/teams/{}/demand", u.base, app.team))
        .header("content-type", "text/csv")
        .header("x-file-name", "discharges.csv")
        .header("x-csrf-token", u.csrf.clone())
        .body(report)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_report_just_over_the_limit_is_refused_with_the_limit_named() {
    on_each_backend(|db| async move {
        let at_limit = rows(200);
        let limit = at_limit.len() as u64;
        let config = capa_web::Config {
            max_upload_bytes: limit,
            ..capa_web::Config::default()
        };
        let app = spawn_with(db, config).await;
        let lead = User::login(&app, "lead").await;
        let over = format!("{at_limit}\n");
        assert_eq!(over.len() as u64, limit + 1);
        let named = format!(
            "the file is larger than {}",
            capa_web::demand::megabytes(limit)
        );
        // A small limit in kB, never "0.0 MB".
        assert!(
            named.ends_with(" kB") && !named.contains(" 0.0 "),
            "{named}"
        );

        let r = api(&lead, &app, over.clone()).await;
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body: serde_json::Value = r.json().await.unwrap();
        let error = body["error"].as_str().unwrap();
        assert!(error.starts_with(&named), "{body}");
        assert!(error.contains("upload limit"), "{body}");

        // The page, as a form posts it and as htmx does.
        let r = lead
            .http
            .post(format!("{}/teams/{}/demand/upload", app.base, app.team))
            .multipart(form(&lead, over.clone()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let page = r.text().await.unwrap();
        assert!(page.contains(&named), "{page}");
        assert!(page.contains("Nothing was stored"), "{page}");
        let r = lead
            .http
            .post(format!("{}/teams/{}/demand/upload", app.base, app.team))
            .header("hx-request", "true")
            .header("x-csrf-token", lead.csrf.clone())
            .multipart(form(&lead, over))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let fragment = r.text().await.unwrap();
        assert!(fragment.contains("id=\"demand-refusal\""), "{fragment}");
        assert!(fragment.contains(&named), "{fragment}");
        assert!(
            app.store
                .demand_analyses(app.team)
                .await
                .unwrap()
                .is_empty()
        );

        // The page tells the browser the limit, so a larger file is refused
        // before it is sent, in the same words.
        let page = lead.page(&format!("/teams/{}/demand", app.team)).await;
        assert!(
            page.contains(&format!("data-max-bytes=\"{limit}\"")),
            "{page}"
        );
        assert!(
            page.contains(&format!("data-too-large=\"{named}")),
            "{page}"
        );

        // At the limit exactly, it is read.
        let r = api(&lead, &app, at_limit).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(app.store.demand_analyses(app.team).await.unwrap().len(), 1);
    })
    .await;
}

const THRESHOLDS: &str = "\n[team.demand]\nchoice_max_ff = 2\ncore_range_max_ff = 10\n";

#[tokio::test]
async fn an_upload_uses_the_teams_own_thresholds() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let exported = lead.page(&format!("/teams/{t}/files/team.toml")).await;
        assert!(!exported.contains("[team.demand]"), "the demo states none");
        let file = exported + THRESHOLDS;
        let r = lead
            .http
            .post(format!("{}/teams/{t}/files/import", app.base))
            .multipart(
                reqwest::multipart::Form::new()
                    .text("csrf", lead.csrf.clone())
                    .part(
                        "file",
                        reqwest::multipart::Part::text(file.clone()).file_name("team.toml"),
                    ),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);

        // What `capa demand analyse FILE --team team.toml` would print.
        let tf = capa_io::team_file::parse(&file, "team.toml").unwrap();
        assert_eq!(
            (tf.demand.choice_max_ff, tf.demand.core_range_max_ff),
            (2, 10)
        );
        let mut o = DischargeOptions::new(app.today(), tf.demand.clone());
        o.threads = 1;
        let cli = analyse_csv(std::io::Cursor::new(REPORT.as_bytes().to_vec()), None, o).unwrap();
        let expected = serde_json::to_string(&AnalysisJson::new("discharges.csv", &cli)).unwrap();

        let r = api(&lead, &app, REPORT.to_string()).await;
        assert_eq!(r.status(), StatusCode::OK);
        let text = r.text().await.unwrap();
        assert!(
            text.contains(&format!(",\"analysis\":{expected},")),
            "{text}"
        );
        let stored = app.store.demand_analyses(t).await.unwrap();
        assert_eq!(stored[0].figures.settings, tf.demand);
        let page = lead
            .page(&format!("/teams/{t}/demand/{}", stored[0].id))
            .await;
        assert!(
            page.contains("Core range (3 to 10)"),
            "the chart's ranges are the team's"
        );

        // The export states them again, so the file reads back to the same team.
        let again = lead.page(&format!("/teams/{t}/files/team.toml")).await;
        let back = capa_io::team_file::parse(&again, "team.toml").unwrap();
        assert_eq!(back.demand_table, tf.demand_table);
        assert_eq!(back.demand, tf.demand);
    })
    .await;
}
