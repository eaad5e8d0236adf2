//! Demand over HTTP: an upload keeps only the totals (searched for in every
//! table on both backends), the API answers with the command line's JSON, a
//! bad row is told exactly and stores nothing, and applying changes the plan.

use capa_core::demand::DemandSettings;
use capa_io::discharge::{AnalysisJson, DischargeOptions, analyse_csv};

use crate::{App, User, with_app};

/// The demo's one-year report, made by bench/generate_discharges.py.
pub const REPORT: &str = include_str!("../../../../examples/demo-discharges.csv");

/// The report's NHIs and the diagnoses of fewer than 5 episodes.
fn identifying(report: &str) -> (Vec<String>, Vec<String>) {
    let analysis = analyse(report);
    let rare: Vec<String> = analysis
        .report
        .by_diagnosis
        .iter()
        .filter(|d| d.episodes < 5)
        .map(|d| d.diagnosis.clone())
        .collect();
    let nhis = report
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1).map(str::to_string))
        .collect();
    (nhis, rare)
}

fn analyse(report: &str) -> capa_io::discharge::DischargeAnalysis {
    analyse_with(report, DemandSettings::default())
}

/// The report analysed as `capa demand analyse` does with these settings.
fn analyse_with(report: &str, settings: DemandSettings) -> capa_io::discharge::DischargeAnalysis {
    let mut o = DischargeOptions::new(
        capa_core::Zone::AUCKLAND.today(capa_store::testing::now()),
        settings,
    );
    o.threads = 1;
    analyse_csv(std::io::Cursor::new(report.as_bytes().to_vec()), None, o).unwrap()
}

/// The report with row 17's NHI made wrong (its check digit changed).
pub fn bad_row_17() -> String {
    let mut lines: Vec<String> = REPORT.lines().take(40).map(str::to_string).collect();
    // Row 1 is the header, so row 17 is line index 16.
    let mut fields: Vec<String> = lines[16].split(',').map(str::to_string).collect();
    let nhi = &fields[1];
    let last = nhi.chars().last().unwrap();
    let wrong = if last == '0' {
        '1'
    } else if last.is_ascii_digit() {
        '0'
    } else if last == 'A' {
        'B'
    } else {
        'A'
    };
    fields[1] = format!("{}{wrong}", &nhi[..6]);
    lines[16] = fields.join(",");
    lines.join("\n") + "\n"
}

async fn upload_page(u: &User, app: &App, report: String, allow: bool) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().text("csrf", u.csrf.clone());
    if allow {
        form = form.text("allow_bad_rows", "1");
    }
    let form = form.part(
        "file",
        reqwest::multipart::Part::text(report).file_name("discharges-2023-24.csv"),
    );
    u.http
        .post(format!("{}/teams/{}/demand/upload", u.base, app.team))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn upload_api(u: &User, app: &App, report: String, query: &str) -> reqwest::Response {
    u.http
        .post(format!(
            "{}/api/v1/teams/{}/demand{query}",
            u.base, app.team
        ))
        .header("content-type", "text/csv")
        .header("x-file-name", "discharges.csv")
        .header("x-csrf-token", u.csrf.clone())
        .body(report)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_upload_keeps_only_the_totals() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let r = upload_page(&lead, &app, REPORT.to_string(), false).await;
        assert_eq!(r.status().as_u16(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_string();
        let page = lead.page(&to).await;
        assert!(
            page.contains("By diagnosis") && page.contains("Nothing identifying is stored")
                || page.contains("no row, name, NHI")
        );
        assert!(page.contains("role=\"img\""));
        let r = upload_api(&lead, &app, REPORT.to_string(), "").await;
        assert_eq!(r.status().as_u16(), 200);

        let (nhis, rare) = identifying(REPORT);
        assert!(
            nhis.len() >= 500 && !rare.is_empty(),
            "{} NHIs, rare {rare:?}",
            nhis.len()
        );
        let values = capa_store::testing::every_text_value(&app.store).await;
        assert!(values.iter().any(|(t, _)| t == "demand_analyses"));
        for (table, value) in &values {
            for nhi in &nhis {
                assert!(!value.contains(nhi.as_str()), "NHI {nhi} stored in {table}");
            }
            for d in &rare {
                assert!(
                    !value.contains(d.as_str()),
                    "rare diagnosis {d} stored in {table}"
                );
            }
        }
        let list: serde_json::Value = lead
            .get(&format!("/api/v1/teams/{}/demand", app.team))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[1]["file_name"], "discharges-2023-24.csv");
        assert_eq!(list[1]["figures"]["episodes"], 500);
    })
    .await;
}

#[tokio::test]
async fn the_api_answers_with_the_commands_json() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let r = upload_api(&lead, &app, REPORT.to_string(), "").await;
        assert_eq!(r.status().as_u16(), 200);
        let text = r.text().await.unwrap();
        // Compared as text: the exact bytes the command line prints (parsing
        // back to numbers could round differently).
        // The demo team states no thresholds: the defaults with its own
        // working weeks, as `capa demand analyse --team` reads its file.
        let team = app.store.team_settings(app.team).await.unwrap();
        let settings = DemandSettings::for_team(&team);
        assert_ne!(
            settings,
            DemandSettings::default(),
            "the demo's working weeks"
        );
        let analysis = serde_json::to_string(&AnalysisJson::new(
            "discharges.csv",
            &analyse_with(REPORT, settings),
        ))
        .unwrap();
        assert!(
            text.contains(&format!(",\"analysis\":{analysis},")),
            "{text}"
        );
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        let expected: serde_json::Value = serde_json::from_str(&analysis).unwrap();
        // And the same figures at the top level, beside the id.
        for (key, value) in expected.as_object().unwrap() {
            assert_eq!(&body[key], value, "top-level {key}");
        }
        let id = body["id"].as_i64().unwrap();
        let one: serde_json::Value = lead
            .get(&format!("/api/v1/teams/{}/demand/{id}", app.team))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            one["figures"]["referrals_per_week"],
            expected["referrals_per_week"]
        );
        assert_eq!(one["figures"]["ff_counts"].as_array().unwrap().len(), 32);

        let before = app.store.team_settings(app.team).await.unwrap();
        let r = lead
            .post_json(
                &format!("/api/v1/teams/{}/demand/{id}/apply", app.team),
                &serde_json::json!({ "core": "keep" }),
            )
            .await;
        assert_eq!(r.status().as_u16(), 200);
        let applied: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            applied["changes"][0]["setting"],
            "accepted_referrals_per_week"
        );
        let after = app.store.team_settings(app.team).await.unwrap();
        assert_ne!(
            after.accepted_referrals_per_week,
            before.accepted_referrals_per_week
        );
        assert_eq!(after.core_multiplier, before.core_multiplier);
        let rate = expected["referrals_per_week"].as_f64().unwrap();
        assert_eq!(
            after.accepted_referrals_per_week,
            (rate * 100.0).round() / 100.0
        );
    })
    .await;
}

#[tokio::test]
async fn a_bad_nhi_on_row_17_is_told_exactly_and_nothing_is_stored() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let r = upload_api(&lead, &app, bad_row_17(), "").await;
        assert_eq!(r.status().as_u16(), 422);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["errors"].as_array().unwrap().len(), 1);
        assert_eq!(body["errors"][0]["row"], 17);
        assert_eq!(body["errors"][0]["column"], "nhi");
        assert!(
            body["errors"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("is not a valid NHI")
        );

        let r = upload_page(&lead, &app, bad_row_17(), false).await;
        assert_eq!(r.status().as_u16(), 422);
        let page = r.text().await.unwrap();
        assert!(page.contains("row 17, nhi is bad"), "{page}");
        assert!(page.contains("Analyse the rest"));
        assert!(
            app.store
                .demand_analyses(app.team)
                .await
                .unwrap()
                .is_empty()
        );

        // Analyse the rest: stored, with the one row left out.
        let r = upload_api(&lead, &app, bad_row_17(), "?allow_bad_rows=true").await;
        assert_eq!(r.status().as_u16(), 200);
        let stored = app.store.demand_analyses(app.team).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].figures.rows_left_out, 1);
        assert_eq!(stored[0].figures.rows, 39);
    })
    .await;
}

#[tokio::test]
async fn applying_from_the_page_changes_the_targets() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let r = upload_page(&lead, &app, REPORT.to_string(), false).await;
        let to = r.headers()["location"].to_str().unwrap().to_string();
        let page = lead.page(&to).await;
        assert!(page.contains("id=\"changes\""), "a preview of the changes");
        let id = to.rsplit('/').next().unwrap();
        let r = lead
            .post_form(
                &format!("/teams/{}/demand/{id}/apply", app.team),
                &[
                    ("referrals", "1"),
                    ("core", "derive"),
                    ("stream_multipliers", "1"),
                    ("add_streams", "1"),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let settings = app.store.team_settings(app.team).await.unwrap();
        assert!(matches!(
            settings.core_multiplier,
            capa_core::MultiplierRule::Derived { .. }
        ));
        let csv = lead
            .get(&format!("/teams/{}/demand/{id}/pivot.csv", app.team))
            .await
            .text()
            .await
            .unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let xlsx = lead
            .get(&format!("/teams/{}/demand/{id}/pivot.xlsx", app.team))
            .await;
        assert_eq!(xlsx.status().as_u16(), 200);
    })
    .await;
}
