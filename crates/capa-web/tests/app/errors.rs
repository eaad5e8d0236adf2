//! Every API error is JSON with an `error` field, whatever was wrong: a sweep
//! of bad input over the API's route table (bad path parameters, bad JSON,
//! a missing content type, the wrong method, unknown routes, no sign-in);
//! and the headers every answer carries (no caching but for the assets, HSTS
//! over TLS).

use capa_web::Method;
use reqwest::StatusCode;

use crate::{User, with_app};

/// The answer must be an error in the API's one shape.
async fn assert_json_error(what: &str, r: reqwest::Response) {
    let status = r.status();
    assert!(
        status.is_client_error(),
        "{what}: {status} (expected a 4xx)"
    );
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = r.text().await.unwrap();
    assert!(
        kind.starts_with("application/json"),
        "{what}: {status} {kind}: {text}"
    );
    let body: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
    let error = body["error"].as_str().unwrap_or_default();
    assert!(!error.is_empty(), "{what}: {text}");
}

fn concrete(pattern: &str, team: &str, bad: Option<usize>) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').unwrap() + open;
        let name = &rest[open + 1..close];
        let good = match name {
            "team" => team,
            "initials" => "TR",
            "row" => "0",
            "day" => "3",
            _ => "1",
        };
        out.push_str(if bad == Some(n) {
            "not%20a%20number%FF"
        } else {
            good
        });
        n += 1;
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn params(pattern: &str) -> usize {
    pattern.matches('{').count()
}

#[tokio::test]
async fn every_api_error_is_json_with_an_error_field() {
    with_app(|app| async move {
        let admin = User::login(&app, "admin").await;
        let anonymous = User::anonymous(&app);
        let team = app.team.to_string();
        let url = |p: &str| format!("{}{p}", app.base);
        let routes: Vec<_> = capa_web::route_table()
            .into_iter()
            .filter(|r| r.path.starts_with("/api/"))
            .collect();
        assert!(routes.len() > 15, "{} API routes", routes.len());
        for route in &routes {
            let method = match route.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
                Method::Delete => reqwest::Method::DELETE,
            };
            let takes_body = matches!(route.method, Method::Post | Method::Put);
            let good = concrete(&route.path, &team, None);
            // Each path parameter in turn made nonsense.
            for i in 0..params(&route.path) {
                let path = concrete(&route.path, &team, Some(i));
                let mut rq = admin.http.request(method.clone(), url(&path));
                if takes_body {
                    rq = rq.json(&serde_json::json!({}));
                }
                let r = rq.send().await.unwrap();
                assert_json_error(&format!("{} {path}", route.method), r).await;
            }
            // A method the route does not take.
            let r = admin
                .http
                .request(reqwest::Method::PATCH, url(&good))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "PATCH {good}");
            assert_json_error(&format!("PATCH {good}"), r).await;
            // Not signed in.
            if route.path != "/api/v1/session" && route.path != "/api/v1/openapi.json" {
                let r = anonymous
                    .http
                    .request(method.clone(), url(&good))
                    .json(&serde_json::json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_json_error(&format!("anonymous {} {good}", route.method), r).await;
            }
            if !takes_body {
                continue;
            }
            let what = format!("{} {good}", route.method);
            for (kind, body) in [
                (Some("application/json"), "{\"broken\": "),
                (Some("application/json"), "[1, 2, 3]"),
                (Some("application/json"), "\"\u{0}\""),
                (Some("text/plain"), "{}"),
                (None, "{}"),
            ] {
                let mut rq = admin.http.request(method.clone(), url(&good)).body(body);
                if let Some(k) = kind {
                    rq = rq.header("content-type", k);
                }
                let r = rq.send().await.unwrap();
                // A route whose body is optional (starting a self-assessment) may take it; any error must be JSON.
                if r.status().is_success() {
                    continue;
                }
                assert_json_error(&format!("{what} with {kind:?} {body}"), r).await;
            }
        }
        for path in [
            "/api/v1/nothing",
            "/api/v1/teams/1/nothing",
            "/api/v2/teams",
            "/api/",
            "/api/v1/teams/%FF",
        ] {
            let r = admin.get(path).await;
            assert_json_error(&format!("GET {path}"), r).await;
        }
        // Pages keep their HTML error pages.
        let r = admin.get("/no-such-page").await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    })
    .await;
}

#[tokio::test]
async fn nothing_but_the_assets_may_be_cached() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let team = app.team;
        for path in [
            "/".to_string(),
            format!("/teams/{team}"),
            format!("/teams/{team}/year"),
            "/api/v1/teams".to_string(),
            format!("/api/v1/teams/{team}/capacity"),
            "/api/v1/nothing".to_string(),
            "/login".to_string(),
        ] {
            let r = lead.get(&path).await;
            assert_eq!(
                r.headers()
                    .get("cache-control")
                    .map(|v| v.to_str().unwrap()),
                Some("no-store"),
                "GET {path}"
            );
            assert!(r.headers().get("strict-transport-security").is_none());
        }
        let page = lead.page(&format!("/teams/{team}")).await;
        let asset = page
            .split('"')
            .find(|s| s.starts_with("/assets/") && s.ends_with(".css"))
            .expect("the stylesheet")
            .to_string();
        let r = lead.get(&asset).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        // Behind a TLS proxy every answer carries HSTS.
        let r = lead
            .http
            .get(format!("{}/api/v1/teams", app.base))
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .unwrap();
        assert!(
            r.headers()["strict-transport-security"]
                .to_str()
                .unwrap()
                .starts_with("max-age=")
        );
    })
    .await;
}
