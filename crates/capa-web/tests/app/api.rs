//! The API's contract: the OpenAPI document is generated and agrees with the
//! router both ways, and the reports keep the shape `capa plan capacity
//! --format json` prints (capa-core's own serialization), field for field.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::{User, with_app};

#[tokio::test]
async fn the_openapi_document_and_the_router_agree() {
    with_app(|app| async move {
        let doc: Value = User::anonymous(&app)
            .get("/api/v1/openapi.json")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..2]), Some("3."));
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, ops)| {
                ops.as_object()
                    .unwrap()
                    .keys()
                    .filter(|m| ["get", "post", "put", "delete"].contains(&m.as_str()))
                    .map(move |m| (m.to_uppercase(), path.clone()))
            })
            .collect();
        let routed: BTreeSet<(String, String)> = capa_web::route_table()
            .into_iter()
            .filter(|r| r.path.starts_with("/api/"))
            .map(|r| (r.method.to_string(), r.path))
            .collect();
        let undocumented: Vec<_> = routed.difference(&documented).collect();
        assert!(
            undocumented.is_empty(),
            "routed but not in the document: {undocumented:?}"
        );
        let unrouted: Vec<_> = documented.difference(&routed).collect();
        assert!(
            unrouted.is_empty(),
            "documented but not routed: {unrouted:?}"
        );
        // Bodies are described by schemas, not left as bare objects.
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for name in [
            "CapacityBody",
            "AppointmentBody",
            "JustTakenBody",
            "TeamBody",
            "ErrorBody",
        ] {
            assert!(schemas.contains_key(name), "schema {name}");
        }
    })
    .await;
}

/// Every key path of a JSON value (`team.explain.core_demand`, `clinicians[].fte`).
fn keys(v: &Value, at: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let p = format!("{at}.{k}");
                out.insert(p.clone());
                keys(v, &p, out);
            }
        }
        Value::Array(a) => {
            for v in a {
                keys(v, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn reports_keep_the_command_lines_shape() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let team = app.store.load_team(app.team).await.unwrap();
        let q = capa_core::Quarter::parse("2026Q2", 7).unwrap();
        let api: Value = lead
            .get(&format!(
                "/api/v1/teams/{}/capacity?quarter=2026Q2",
                app.team
            ))
            .await
            .json()
            .await
            .unwrap();
        let core = serde_json::to_value(capa_core::capacity::quarter(&team, q)).unwrap();
        assert_eq!(api, core, "the capacity report is the command line's");
        let api: Value = lead
            .get(&format!(
                "/api/v1/teams/{}/capacity/year?year=2026",
                app.team
            ))
            .await
            .json()
            .await
            .unwrap();
        let core = serde_json::to_value(capa_core::year::year(&team, q.year)).unwrap();
        assert_eq!(api, core, "the year is the command line's");
        let api: Value = lead
            .get(&format!("/api/v1/teams/{}/settings", app.team))
            .await
            .json()
            .await
            .unwrap();
        let core = serde_json::to_value(&team.settings).unwrap();
        assert_eq!(api, core, "settings keep their fields");
        // A team's clinicians keep the fields they had.
        let body: Value = lead
            .get(&format!("/api/v1/teams/{}", app.team))
            .await
            .json()
            .await
            .unwrap();
        let mut seen = BTreeSet::new();
        keys(&body, "", &mut seen);
        for k in [
            ".id",
            ".name",
            ".role",
            ".settings",
            ".clinicians[].id",
            ".clinicians[].initials",
            ".clinicians[].fte",
            ".clinicians[].does_choice",
            ".clinicians[].skills",
            ".clinicians[].streams",
            ".clinicians[].job_plan_versions[].version",
        ] {
            assert!(seen.contains(k), "team body has {k}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_viewer_is_offered_no_change_anywhere() {
    with_app(|app| async move {
        crate::diary::populated(&app).await;
        let viewer = User::login(&app, "viewer").await;
        let t = app.team.0.to_string();
        for r in capa_web::route_table() {
            if r.method != capa_web::Method::Get
                || !r.path.starts_with("/teams/{team}")
                || r.path.contains("/files/")
            {
                continue;
            }
            let path = r
                .path
                .replace("{team}", &t)
                .replace("{initials}", "TR")
                .replace("{version}", "1");
            let resp = viewer.get(&path).await;
            if resp.status() != 200 {
                continue;
            }
            let page = resp.text().await.unwrap();
            for form in page.split("<form").skip(1) {
                let head = &form[..form.find('>').unwrap()];
                assert!(
                    // A search is posted so the family's identifier stays
                    // out of the address; it changes nothing.
                    !head.contains("method=\"post\"")
                        || head.contains("action=\"/logout\"")
                        || head.contains("role=\"search\""),
                    "{path} offers a viewer a change: <form{head}>"
                );
            }
            assert!(
                !page.contains(">Book<") && !page.contains("Book at the end of Choice</a>"),
                "{path} offers a viewer booking"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_wrong_nhi_at_booking_keeps_the_search_and_says_why() {
    with_app(|app| async move {
        crate::diary::populated(&app).await;
        let t = app.team;
        let booking = User::login(&app, "booking").await;
        let page = booking
            .page(&format!(
                "/teams/{t}/diary/book?skill_Dynamic=advanced&not_Fri=1"
            ))
            .await;
        let action = page
            .split("action=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .find(|a| a.contains("/diary/appointments/"))
            .expect("an offer to book")
            .to_string();
        let r = booking
            .post_form(
                &action,
                &[
                    ("client", "ZZZ0017"),
                    ("skill_Dynamic", "advanced"),
                    ("not_Fri", "1"),
                ],
            )
            .await;
        assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("check digit") || page.contains("NHI"),
            "says what is wrong: {page}"
        );
        assert!(page.contains("value=\"ZZZ0017\""), "keeps what was typed");
        assert!(
            page.contains("<option value=\"advanced\" selected>")
                && page.contains("name=\"not_Fri\" value=\"1\" checked"),
            "keeps the search"
        );
        assert!(
            page.contains("class=\"field-error\""),
            "the error is next to the field"
        );
    })
    .await;
}
