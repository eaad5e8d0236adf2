//! Passwords on the web: a user changes their own (the current one
//! required, the new one by the password rule, their other sessions ended,
//! audited); an administrator sets a one-time password, and until it is
//! changed the account reaches only the change-password page (the API
//! answers 403 JSON).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{App, PASSWORD, User, with_app};

/// Signs in through the API with a password; the body of the answer.
async fn sign_in(app: &App, username: &str, password: &str) -> (User, Value) {
    let mut u = User::anonymous(app);
    let r = u
        .post_json(
            "/api/v1/session",
            &json!({ "username": username, "password": password }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "sign in as {username}");
    let body: Value = r.json().await.unwrap();
    u.csrf = body["csrf_token"].as_str().unwrap().to_string();
    (u, body)
}

/// The password changes the audit log holds of an account, oldest first.
async fn password_records(app: &App, username: &str) -> Vec<String> {
    let id = app
        .store
        .login_credentials(username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    app.store
        .audit_log(&capa_store::AuditQuery {
            entity: Some((capa_store::EntityKind::User, id.0)),
            ..Default::default()
        })
        .await
        .unwrap()
        .iter()
        .filter_map(|r| Some(r.after.as_ref()?.get("password")?.as_str()?.to_string()))
        .rev()
        .collect()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_user_changes_their_own_password_and_their_other_sessions_end() {
    with_app(|app| async move {
        let here = User::login(&app, "viewer").await;
        let elsewhere = User::login(&app, "viewer").await;
        let account = here.page("/account").await;
        assert!(
            account.contains("action=\"/account/password\""),
            "the form is on the account page"
        );
        let new = "kowhai-tui-harbour";
        for (current, new, again, field) in [
            ("not my password", new, new, "err-current_password"),
            (PASSWORD, "password123", "password123", "err-new_password"),
            (PASSWORD, "viewer", "viewer", "err-new_password"),
            (PASSWORD, new, "kowhai-tui-harbor", "err-again"),
        ] {
            let r = here
                .post_form(
                    "/account/password",
                    &[
                        ("current_password", current),
                        ("new_password", new),
                        ("again", again),
                    ],
                )
                .await;
            assert_eq!(
                r.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{current} -> {new}"
            );
            let page = r.text().await.unwrap();
            assert!(page.contains(&format!("id=\"{field}\"")), "{field}: {page}");
        }
        assert!(
            password_records(&app, "viewer").await.is_empty(),
            "nothing changed yet"
        );
        let r = here
            .post_form(
                "/account/password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", new),
                    ("again", new),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/account");
        assert_eq!(
            here.get("/account").await.status(),
            StatusCode::OK,
            "this session goes on"
        );
        let r = elsewhere.get("/account").await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "the other session has ended"
        );
        assert!(location(&r).starts_with("/login"));
        let old = User::anonymous(&app)
            .post_json(
                "/api/v1/session",
                &json!({ "username": "viewer", "password": PASSWORD }),
            )
            .await;
        assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
        let (again, body) = sign_in(&app, "viewer", new).await;
        assert_eq!(body["must_change_password"], false);
        assert_eq!(password_records(&app, "viewer").await, ["changed"]);

        // The same over the API: the session asking goes on, `here` ends.
        let r = again
            .post_json(
                "/api/v1/account/password",
                &json!({ "current_password": new, "new_password": "1234" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["field"], "new_password", "{body}");
        let r = again
            .post_json(
                "/api/v1/account/password",
                &json!({ "current_password": new, "new_password": "rimu-totara-matai" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["sessions_ended"], 1);
        assert_eq!(here.get("/account").await.status(), StatusCode::SEE_OTHER);
        assert_eq!(again.get("/api/v1/teams").await.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_anything_else() {
    with_app(|app| async move {
        let t = app.team;
        let admin = User::login(&app, "admin").await;
        let booking = User::login(&app, "booking").await;
        let id = app
            .store
            .login_credentials("booking")
            .await
            .unwrap()
            .unwrap()
            .0
            .id;
        let (_, token) = app
            .store
            .create_api_token(capa_store::Actor::System, id, "script")
            .await
            .unwrap();
        let users = admin.page("/admin/users").await;
        let action = format!("/admin/users/{}/password", id.0);
        assert!(users.contains(&format!("action=\"{action}\"")));
        let r = admin
            .post_form(&action, &[("password", "qwertyuiop")])
            .await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "the rule holds"
        );
        let own = app
            .store
            .login_credentials("admin")
            .await
            .unwrap()
            .unwrap()
            .0
            .id;
        let r = admin
            .post_form(
                &format!("/admin/users/{}/password", own.0),
                &[("password", "one-time-pukeko")],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not one's own"
        );
        let one_time = "one-time-pukeko";
        let r = admin.post_form(&action, &[("password", one_time)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(password_records(&app, "booking").await, ["one-time"]);
        assert!(
            admin
                .page("/admin/users")
                .await
                .contains("must change the one-time password")
        );
        assert_eq!(
            booking.get("/account").await.status(),
            StatusCode::SEE_OTHER,
            "its sessions ended"
        );

        // Signing in on the page leads to the change-password page, and
        // every other page leads back there.
        let forced = User::anonymous(&app);
        let r = forced
            .http
            .post(format!("{}/login", app.base))
            .form(&[
                ("username", "booking"),
                ("password", one_time),
                ("next", "/admin/users"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/account/password");
        let page = forced.page("/account/password").await;
        assert!(page.contains("one-time password") && page.contains("name=\"new_password\""));
        for path in [
            format!("/teams/{t}"),
            "/account".into(),
            format!("/teams/{t}/diary/book"),
        ] {
            let r = forced.get(&path).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
            assert_eq!(location(&r), "/account/password", "{path}");
        }
        // The API, by session or token, answers 403 with the reason.
        let (api, body) = sign_in(&app, "booking", one_time).await;
        assert_eq!(body["must_change_password"], true);
        let by_token = reqwest::Client::new()
            .get(format!("{}/api/v1/teams", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        for r in [api.get("/api/v1/teams").await, by_token] {
            assert_eq!(r.status(), StatusCode::FORBIDDEN);
            let body: Value = r.json().await.unwrap();
            assert!(
                body["error"]
                    .as_str()
                    .unwrap()
                    .contains("password must be changed"),
                "{body}"
            );
        }
        let r = api
            .post_json(
                &format!("/api/v1/offers/{}/book", 1),
                &json!({ "client": "AV-1" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        // Changing it frees the account.
        let csrf = page
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let new = "kereru-flies-south";
        let r = forced
            .http
            .post(format!("{}/account/password", app.base))
            .form(&[
                ("csrf", csrf),
                ("current_password", one_time),
                ("new_password", new),
                ("again", new),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/");
        assert_eq!(
            forced.get(&format!("/teams/{t}")).await.status(),
            StatusCode::OK
        );
        assert!(!app.store.user(id).await.unwrap().must_change_password);
        assert_eq!(
            password_records(&app, "booking").await,
            ["one-time", "changed"]
        );
        assert_eq!(
            api.get("/api/v1/teams").await.status(),
            StatusCode::UNAUTHORIZED,
            "the other session ended"
        );
    })
    .await;
}
