//! Accounts and tokens: a team always keeps a lead, a token cannot mint
//! tokens, an account enabled again has none of its old tokens, and the
//! Members page says nothing of accounts outside the team.

use reqwest::StatusCode;

use crate::{User, with_app};

async fn user_id(app: &crate::App, name: &str) -> capa_store::UserId {
    app.store
        .login_credentials(name)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

#[tokio::test]
async fn the_last_lead_cannot_be_removed_or_demoted() {
    with_app(|app| async move {
        let t = app.team;
        let lead = User::login(&app, "lead").await;
        let admin = User::login(&app, "admin").await;
        // The lead demoting themselves.
        let r = lead
            .post_form(
                &format!("/teams/{t}/members"),
                &[("username", "lead"), ("role", "viewer")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("last lead"));
        // An administrator removing them.
        let id = user_id(&app, "lead").await;
        let r = admin
            .post_form(&format!("/teams/{t}/members/{id}/remove"), &[])
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert_eq!(
            app.store.membership(id, t).await.unwrap(),
            Some(capa_store::Role::TeamLead)
        );
        // With a second lead, the first may step down.
        let r = lead
            .post_form(
                &format!("/teams/{t}/members"),
                &[("username", "viewer"), ("role", "team-lead")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = lead
            .post_form(
                &format!("/teams/{t}/members"),
                &[("username", "lead"), ("role", "viewer")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn a_token_cannot_mint_tokens_and_disabling_revokes_them() {
    with_app(|app| async move {
        let id = user_id(&app, "clinician").await;
        let (_, secret) = app
            .store
            .create_api_token(capa_store::Actor::System, id, "script")
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let bearer = |rq: reqwest::RequestBuilder| rq.bearer_auth(&secret);
        let r = bearer(http.post(format!("{}/account/tokens", app.base)))
            .form(&[("name", "another")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(app.store.api_tokens(id).await.unwrap().len() == 1);
        let teams = |s: &str| {
            http.get(format!("{}/api/v1/teams", app.base))
                .bearer_auth(s.to_string())
                .send()
        };
        assert_eq!(teams(&secret).await.unwrap().status(), StatusCode::OK);
        let admin = User::login(&app, "admin").await;
        for action in ["disable", "enable"] {
            let r = admin
                .post_form(&format!("/admin/users/{id}/{action}"), &[])
                .await;
            assert!(r.status().is_redirection(), "{action}: {}", r.status());
        }
        assert_eq!(
            teams(&secret).await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "the old token stays dead"
        );
    })
    .await;
}

#[tokio::test]
async fn the_members_page_does_not_reveal_accounts_elsewhere() {
    with_app(|app| async move {
        let t = app.team;
        let hash = password_auth::generate_hash("elsewhere-password");
        app.store
            .create_user(
                capa_store::Actor::System,
                &capa_store::NewUser {
                    username: "elsewhere",
                    display_name: "In another team",
                    password_hash: &hash,
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        let lead = User::login(&app, "lead").await;
        let answer = |name: &'static str| {
            let lead = &lead;
            async move {
                let r = lead
                    .post_form(
                        &format!("/teams/{t}/members"),
                        &[("username", name), ("role", "viewer")],
                    )
                    .await;
                let status = r.status();
                let page = r.text().await.unwrap().replace(name, "NAME");
                (status, page)
            }
        };
        let (s1, exists) = answer("elsewhere").await;
        let (s2, unknown) = answer("nobodyelse").await;
        assert_eq!(s1, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(s1, s2);
        let errors = |p: &str| {
            p.lines()
                .filter(|l| l.contains("not in the team") || l.contains("no account"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert!(!errors(&exists).is_empty());
        assert_eq!(errors(&exists), errors(&unknown));
    })
    .await;
}
