//! Team files over the web under hostile input: two files of 40,000 unknown
//! keys are read beside a viewer who is not held up, an upload over the
//! server's limit is refused unread, and a 40,000-character label cannot be
//! stored (so the exports, read back here, never fail on stored data).

use std::time::{Duration, Instant};

use capa_store::testing::on_each_backend;
use reqwest::StatusCode;

use crate::{User, spawn_with, with_app};

fn upload(user: &User, text: String) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", user.csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::text(text).file_name("team.toml"),
        )
}

#[tokio::test]
async fn forty_thousand_unknown_keys_do_not_hold_up_a_viewer() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let viewer = User::login(&app, "viewer").await;
        let t = app.team;
        let toml = lead.page(&format!("/teams/{t}/files/team.toml")).await;
        let mut hostile = String::new();
        for i in 0..40_000 {
            hostile.push_str(&format!("unknown_{i:05} = 1\n"));
        }
        hostile.push_str(&toml);
        assert!(hostile.len() < 1024 * 1024, "{} bytes", hostile.len());
        let imports: Vec<_> = (0..2)
            .map(|_| {
                let rq = lead
                    .http
                    .post(format!("{}/teams/{t}/files/import", app.base))
                    .multipart(upload(&lead, hostile.clone()));
                tokio::spawn(async move { rq.send().await.unwrap() })
            })
            .collect();
        // A viewer's requests while both uploads are read: none waits on them
        // (before, they waited 76 s; a generous bound that a stall would break).
        let mut slowest = Duration::ZERO;
        while !imports.iter().all(tokio::task::JoinHandle::is_finished) {
            let start = Instant::now();
            let r = viewer.get("/api/v1/teams").await;
            assert_eq!(r.status(), StatusCode::OK);
            slowest = slowest.max(start.elapsed());
        }
        assert!(
            slowest < Duration::from_secs(3),
            "a viewer waited {slowest:?}"
        );
        for i in imports {
            // Unknown keys are warnings: the team itself is the file's.
            assert_eq!(i.await.unwrap().status(), StatusCode::SEE_OTHER);
        }
        lead.page(&format!("/teams/{t}")).await;
    })
    .await;
}

#[tokio::test]
async fn an_upload_over_the_servers_limit_is_refused() {
    on_each_backend(|db| async move {
        let config = capa_web::Config {
            max_team_file_bytes: 4096,
            ..capa_web::Config::default()
        };
        let app = spawn_with(db, config).await;
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let big = format!("# {}\n", "x".repeat(5000));
        let r = lead
            .http
            .post(format!("{}/teams/{t}/files/import", app.base))
            .multipart(upload(&lead, big))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(page.contains("limit of 4 KiB"), "{page}");
    })
    .await;
}

#[tokio::test]
async fn a_forty_thousand_character_label_cannot_be_stored_and_exports_read_back() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let path = format!("/api/v1/teams/{t}/clinicians/TR/job-plans/1/cells/0/3");
        let r = lead
            .put_json(
                &path,
                &serde_json::json!({ "activity": "x".repeat(40_000) }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("80"),
            "the limit is named: {body}"
        );
        let r = lead
            .put_json(&path, &serde_json::json!({ "activity": "Core\u{0}" }))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // The exports still work and the file reads back.
        let r = lead
            .get(&format!("/teams/{t}/files/team-job-plan.xlsx"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let toml = lead.page(&format!("/teams/{t}/files/team.toml")).await;
        capa_io::team_file::parse(&toml, "team.toml").expect("the export reads back");
    })
    .await;
}
