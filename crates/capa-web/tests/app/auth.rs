//! Signing in and out, throttling, CSRF and cross-site refusal, API tokens.

use reqwest::StatusCode;

use crate::{PASSWORD, User, with_app};

#[tokio::test]
async fn browser_login_sets_a_safe_cookie_and_logout_ends_the_session() {
    with_app(|app| async move {
        let u = User::anonymous(&app);
        let r = u.get("/").await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next=")
        );
        let login = u.page("/login").await;
        assert!(login.contains("Log in to capa"));
        let r = u
            .http
            .post(format!("{}/login", app.base))
            .form(&[("username", "lead"), ("password", PASSWORD), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        // One team: straight to it.
        let r = u.get("/").await;
        assert_eq!(
            r.headers()["location"],
            format!("/teams/{}", app.team).as_str()
        );
        let page = u.page(&format!("/teams/{}", app.team)).await;
        assert!(page.contains("Team job plan") && page.contains("Awa Valley CAMHS"));
        let csrf = page
            .split("\"X-CSRF-Token\": \"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let r = u
            .http
            .post(format!("{}/logout", app.base))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            u.get("/").await.status(),
            StatusCode::SEE_OTHER,
            "logged out"
        );
    })
    .await;
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_throttled() {
    with_app(|app| async move {
        let u = User::anonymous(&app);
        for _ in 0..5 {
            let r = u
                .post_json(
                    "/api/v1/session",
                    &serde_json::json!({ "username": "viewer", "password": "wrong password" }),
                )
                .await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        // Locked now, even with the right password.
        let r = u
            .post_json(
                "/api/v1/session",
                &serde_json::json!({ "username": "viewer", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("too many failed attempts")
        );
        // Other accounts are not locked by it.
        User::login(&app, "lead").await;
        // Unknown users fail the same way.
        let r = u
            .post_json(
                "/api/v1/session",
                &serde_json::json!({ "username": "nobody", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    with_app(|app| async move {
        let mut lead = User::login(&app, "lead").await;
        let path = format!("/teams/{}/clinicians/TR/plan/1/cells/0/3", app.team);
        let real = lead.csrf.clone();
        lead.csrf = "forged".into();
        let r = lead.post_form(&path, &[("activity", "choice")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = lead
            .http
            .post(format!("{}{path}", app.base))
            .header("content-type", "text/plain")
            .body("activity=choice")
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::FORBIDDEN,
            "text/plain without a token"
        );
        lead.csrf = real;
        assert_eq!(
            lead.post_form(&path, &[("activity", "core")])
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
    })
    .await;
}

#[tokio::test]
async fn cross_origin_posts_are_refused() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let path = format!(
            "{}/teams/{}/clinicians/TR/plan/1/cells/0/3",
            app.base, app.team
        );
        let evil = |b: reqwest::RequestBuilder| {
            b.header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site")
        };
        let r = evil(lead.http.post(&path))
            .form(&[("csrf", lead.csrf.as_str()), ("activity", "choice")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "form");
        let api = format!(
            "{}/api/v1/teams/{}/clinicians/TR/job-plans/1/cells/0/3",
            app.base, app.team
        );
        let r = evil(lead.http.put(&api))
            .json(&serde_json::json!({ "activity": "Choice" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "JSON");
        let r = evil(lead.http.post(format!("{}/login", app.base)))
            .form(&[("username", "lead"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "login");
        // An Origin that is not ours, without fetch metadata (older browsers).
        let r = lead
            .http
            .put(&api)
            .header("Origin", "https://evil.example")
            .json(&serde_json::json!({ "activity": "Choice" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "Origin only");
        let plan: serde_json::Value = lead
            .get(&format!(
                "/api/v1/teams/{}/clinicians/TR/job-plans/1",
                app.team
            ))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(plan["grid"][0][3], "Core", "nothing changed");
    })
    .await;
}

#[tokio::test]
async fn api_tokens_act_for_their_owner_until_revoked() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let page = lead
            .post_form("/account/tokens", &[("name", "report script")])
            .await
            .text()
            .await
            .unwrap();
        let token = page
            .split("<code>capa_")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        let token = format!("capa_{token}");
        let bare = reqwest::Client::new();
        let teams = format!("{}/api/v1/teams", app.base);
        let r = bare.get(&teams).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["teams"][0]["role"], "team-lead");
        // A token needs no CSRF token: it is not sent by browsers on their own.
        let cell = format!(
            "{}/api/v1/teams/{}/clinicians/AD/job-plans/1/cells/0/4",
            app.base, app.team
        );
        let r = bare
            .put(&cell)
            .bearer_auth(&token)
            .json(&serde_json::json!({ "activity": "Admin" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let id = app
            .store
            .api_tokens(
                app.store
                    .login_credentials("lead")
                    .await
                    .unwrap()
                    .unwrap()
                    .0
                    .id,
            )
            .await
            .unwrap()[0]
            .id;
        assert_eq!(
            lead.post_form(&format!("/account/tokens/{id}/revoke"), &[])
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            bare.get(&teams)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            bare.get(&teams)
                .bearer_auth("capa_not_a_token")
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::UNAUTHORIZED
        );
    })
    .await;
}

#[tokio::test]
async fn an_administrator_creates_an_account_links_it_to_a_clinician_and_disables_it() {
    with_app(|app| async move {
        let admin = User::login(&app, "admin").await;
        let page = admin.page("/admin/users").await;
        assert!(page.contains("Users") && page.contains("lead"));
        let r = admin
            .post_form(
                "/admin/users",
                &[
                    ("username", "aroha"),
                    ("display_name", "Aroha Davis"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let id = app
            .store
            .login_credentials("aroha")
            .await
            .unwrap()
            .unwrap()
            .0
            .id;
        let team = app.team.to_string();
        let r = admin
            .post_form(
                &format!("/admin/users/{id}/teams"),
                &[
                    ("team", team.as_str()),
                    ("role", "clinician"),
                    ("clinician", "ZZ"),
                ],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no such clinician"
        );
        let r = admin
            .post_form(
                &format!("/admin/users/{id}/teams"),
                &[
                    ("team", team.as_str()),
                    ("role", "clinician"),
                    ("clinician", "AD"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let aroha = User::login(&app, "aroha").await;
        let own = format!(
            "/api/v1/teams/{}/clinicians/AD/job-plans/1/cells/0/2",
            app.team
        );
        assert_eq!(
            aroha
                .put_json(&own, &serde_json::json!({ "activity": "Choice" }))
                .await
                .status(),
            StatusCode::OK
        );
        let other = format!(
            "/api/v1/teams/{}/clinicians/TR/job-plans/1/cells/0/3",
            app.team
        );
        assert_eq!(
            aroha
                .put_json(&other, &serde_json::json!({ "activity": "Choice" }))
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        // Disabled: the session ends at once and signing in fails.
        assert_eq!(
            admin
                .post_form(&format!("/admin/users/{id}/disable"), &[])
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            aroha.get("/api/v1/teams").await.status(),
            StatusCode::UNAUTHORIZED
        );
        let r = User::anonymous(&app)
            .post_json(
                "/api/v1/session",
                &serde_json::json!({ "username": "aroha", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        // The audit log has the account and the role.
        let lead = User::login(&app, "lead").await;
        assert!(
            lead.page(&format!("/teams/{}/audit", app.team))
                .await
                .contains("Membership")
        );
    })
    .await;
}

#[tokio::test]
async fn a_team_lead_adds_a_clinician_account_to_the_team_and_removes_it() {
    with_app(|app| async move {
        let t = app.team;
        let lead = User::login(&app, "lead").await;
        let page = lead.page(&format!("/teams/{t}/members")).await;
        assert!(page.contains("Fiona Smith (team lead)") && page.contains("clinician (TR)"));
        let r = lead
            .post_form(
                &format!("/teams/{t}/members"),
                &[
                    ("username", "mere"),
                    ("role", "clinician"),
                    ("clinician", "MK"),
                ],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "a new account needs a name and a password"
        );
        let r = lead
            .post_form(
                &format!("/teams/{t}/members"),
                &[
                    ("username", "mere"),
                    ("role", "clinician"),
                    ("clinician", "MK"),
                    ("display_name", "Mere Kingi"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let mere = User::login(&app, "mere").await;
        let own = format!("/api/v1/teams/{t}/clinicians/MK/job-plans/1/cells/0/2");
        assert_eq!(
            mere.put_json(&own, &serde_json::json!({ "activity": "MDT" }))
                .await
                .status(),
            StatusCode::OK
        );
        assert!(
            !app.store
                .login_credentials("mere")
                .await
                .unwrap()
                .unwrap()
                .0
                .is_admin
        );
        let id = app
            .store
            .login_credentials("mere")
            .await
            .unwrap()
            .unwrap()
            .0
            .id;
        assert_eq!(
            lead.post_form(&format!("/teams/{t}/members/{id}/remove"), &[])
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            mere.get(&format!("/api/v1/teams/{t}")).await.status(),
            StatusCode::NOT_FOUND,
            "no longer a member"
        );
        let viewer = User::login(&app, "viewer").await;
        assert_eq!(
            viewer.get(&format!("/teams/{t}/members")).await.status(),
            StatusCode::FORBIDDEN
        );
    })
    .await;
}

#[tokio::test]
async fn next_after_login_stays_on_this_site() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        for next in [
            "/%09/evil.example/x",
            "/%0A/evil.example",
            "%2F%2Fevil.example",
            "/%5Cevil.example",
            "https://evil.example/",
            "/%0D%0ASet-Cookie:%20x=y",
            "/%00",
        ] {
            let r = lead.get(&format!("/login?next={next}")).await;
            assert!(r.status().is_redirection(), "{next}: {}", r.status());
            let to = r.headers()["location"].to_str().unwrap();
            assert_eq!(to, "/", "{next} went to {to}");
        }
        let r = lead.get("/login?next=/teams/1/").await;
        assert_eq!(r.headers()["location"], "/teams/1/");
        // The form's `next`, with a newline, is no 500 either.
        let u = User::anonymous(&app);
        let r = u
            .http
            .post(format!("{}/login", app.base))
            .form(&[
                ("username", "lead"),
                ("password", PASSWORD),
                ("next", "/\n/evil.example"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/");
    })
    .await;
}
