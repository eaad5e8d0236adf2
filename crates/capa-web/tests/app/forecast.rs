//! Forecasts over HTTP: the API answers the command line's JSON from today's
//! diary, a leaver raises the waits, the page shows its charts and
//! assumptions, and a lead's apply writes new job plan versions, audited.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::diary::populated;
use crate::{User, with_app};

fn last_day_next_month(app: &crate::App) -> String {
    // A clinician gone from the start of next month.
    let today = app.today();
    let next = chrono::NaiveDate::from_ymd_opt(
        if chrono::Datelike::month(&today) == 12 {
            chrono::Datelike::year(&today) + 1
        } else {
            chrono::Datelike::year(&today)
        },
        chrono::Datelike::month(&today) % 12 + 1,
        1,
    )
    .unwrap();
    (next - chrono::Duration::days(1)).to_string()
}

#[tokio::test]
async fn the_api_forecasts_from_today_and_a_leaver_raises_the_waits() {
    with_app(|app| async move {
        populated(&app).await;
        let viewer = User::login(&app, "viewer").await;
        let url = format!("/api/v1/teams/{}/forecast", app.team);
        let r = viewer.post_json(&url, &json!({ "reps": 200 })).await;
        assert_eq!(r.status(), StatusCode::OK);
        let base: Value = r.json().await.unwrap();
        assert_eq!(base["reps"], 200);
        assert_eq!(base["started_from"], "snapshot");
        assert_eq!(base["weeks"], 26);
        assert_eq!(base["start"], app.today().to_string());
        for wait in ["wait_to_choice_days", "wait_to_partnership_days"] {
            for key in ["mean", "p50", "p90", "p95"] {
                assert!(base[wait][key].is_number(), "{wait}.{key}: {base}");
            }
        }
        for key in ["share_within_3_weeks", "share_within_8_weeks", "partnerships_started"] {
            assert!(base[key].is_number(), "{key}");
        }
        assert_eq!(base["weekly"].as_array().unwrap().len(), 26);
        // Two clinicians who see families at Choice leave at the end of this month.
        let last_day = last_day_next_month(&app);
        let changes = json!({ "reps": 200, "changes": [
            { "change": "leaver", "clinician": "TR", "last_day": last_day },
            { "change": "leaver", "clinician": "AD", "last_day": last_day },
            { "change": "referrals_per_week", "value": 16 },
        ]});
        let with: Value = viewer.post_json(&url, &changes).await.json().await.unwrap();
        let mean = |v: &Value| v["wait_to_choice_days"]["mean"].as_f64().unwrap();
        assert!(mean(&with) > mean(&base), "{} -> {}", mean(&base), mean(&with));
        // The same request gives the same forecast (one seed).
        let again: Value = viewer.post_json(&url, &changes).await.json().await.unwrap();
        assert_eq!(mean(&again), mean(&with));
        // Nothing stored changed.
        let team: Value = viewer
            .get(&format!("/api/v1/teams/{}/clinicians", app.team))
            .await
            .json()
            .await
            .unwrap();
        assert!(!team.to_string().contains(&last_day), "{team}");
        // Bounds and bad changes say what is wrong.
        let r = viewer.post_json(&url, &json!({ "reps": 100000 })).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("reps must be 1 to 2000"));
        let r = viewer
            .post_json(&url, &json!({ "changes": [{ "change": "leaver", "clinician": "QQ", "last_day": last_day }] }))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("QQ"));
    })
    .await;
}

#[tokio::test]
async fn the_page_shows_the_forecast_and_a_lead_applies_a_what_if() {
    with_app(|app| async move {
        populated(&app).await;
        let lead = User::login(&app, "lead").await;
        let page = lead.page(&format!("/teams/{}/forecast", app.team)).await;
        for text in [
            "The plan as it is",
            "What the forecast assumes",
            "Wait from referral to Choice, days",
            "role=\"img\"",
            "<desc id=\"fan-choice-d\">",
            "forecast/headroom",
        ] {
            assert!(page.contains(text), "{text}");
        }
        assert!(!page.contains("Apply these changes"));
        let last_day = last_day_next_month(&app);
        let q = format!(
            "/teams/{}/forecast?leaver=TR&leaver_last_day={last_day}",
            app.team
        );
        let fragment = lead
            .http
            .get(format!("{}{q}", lead.base))
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            fragment.starts_with("<section id=\"forecast-results\""),
            "{}",
            &fragment[..80]
        );
        assert!(fragment.contains("With the changes"));
        assert!(fragment.contains("TR leaves"));
        assert!(fragment.contains("Apply as new job plan versions"));
        let headroom = lead
            .page(&format!(
                "/teams/{}/forecast/headroom?leaver=TR&leaver_last_day={last_day}",
                app.team
            ))
            .await;
        assert!(headroom.contains("referrals a week"), "{headroom}");

        // Without the confirmation nothing is applied.
        let apply = format!("/teams/{}/forecast/apply", app.team);
        let r = lead
            .post_form(
                &apply,
                &[
                    ("move_clinician", "TR"),
                    ("move_sessions", "1"),
                    ("move_from", "core"),
                    ("move_to", "choice"),
                    ("move_date", &last_day),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let before: Value = lead
            .get(&format!(
                "/api/v1/teams/{}/clinicians/TR/job-plans",
                app.team
            ))
            .await
            .json()
            .await
            .unwrap();
        let r = lead
            .post_form(
                &apply,
                &[
                    ("move_clinician", "TR"),
                    ("move_sessions", "1"),
                    ("move_from", "core"),
                    ("move_to", "choice"),
                    ("move_date", &last_day),
                    ("confirm", "yes"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let after: Value = lead
            .get(&format!(
                "/api/v1/teams/{}/clinicians/TR/job-plans",
                app.team
            ))
            .await
            .json()
            .await
            .unwrap();
        let n = |v: &Value| v["job_plans"].as_array().unwrap().len();
        assert_eq!(n(&after), n(&before) + 1);
        let audit = app
            .store
            .audit_log(&capa_store::AuditQuery {
                team_id: Some(app.team),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            audit
                .iter()
                .any(|r| r.entity_kind == capa_store::EntityKind::JobPlan
                    && r.action == capa_store::Action::Create
                    && r.user_id.is_some()),
            "the new version is audited, by the lead"
        );
        // A viewer may run a forecast but not apply one.
        let viewer = User::login(&app, "viewer").await;
        let r = viewer
            .post_form(
                &apply,
                &[
                    ("leaver", "TR"),
                    ("leaver_last_day", &last_day),
                    ("confirm", "yes"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    })
    .await;
}
