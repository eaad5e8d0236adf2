//! Personal API tokens and failed sign-in counters.

use std::net::{IpAddr, Ipv4Addr};

use capa_store::{Actor, LoginSubject, NewUser, StoreError, TOKEN_PREFIX, TokenId};
use chrono::{TimeDelta, TimeZone, Utc};

use crate::support::on_each_backend;

#[tokio::test]
async fn a_token_authenticates_its_user_until_revoked() {
    on_each_backend(|db| async move {
        let user = db
            .store
            .create_user(
                Actor::System,
                &NewUser {
                    username: "script",
                    display_name: "Script",
                    password_hash: "hash",
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        let (token, secret) = db
            .store
            .create_api_token(Actor::User(user), user, "laptop")
            .await
            .unwrap();
        assert!(secret.starts_with(TOKEN_PREFIX));
        assert_eq!(secret.len(), TOKEN_PREFIX.len() + 64);
        assert_eq!(token.last_used_at, None);

        // Only the hash is kept.
        let stored = db.raw_text("SELECT token_hash FROM api_tokens").await;
        assert_ne!(stored, secret);
        assert_eq!(stored.len(), 64);
        assert!(!stored.contains(&secret[TOKEN_PREFIX.len()..]));

        let (who, used) = db
            .store
            .authenticate_api_token(&secret)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.id, user);
        assert_eq!(used.id, token.id);
        assert!(used.last_used_at.is_some());
        assert_eq!(db.store.api_tokens(user).await.unwrap(), vec![used]);

        assert!(
            db.store
                .authenticate_api_token("capa_nope")
                .await
                .unwrap()
                .is_none()
        );
        assert!(db.store.authenticate_api_token("").await.unwrap().is_none());

        db.store
            .set_disabled(Actor::System, user, true)
            .await
            .unwrap();
        assert!(
            db.store
                .authenticate_api_token(&secret)
                .await
                .unwrap()
                .is_none()
        );
        db.store
            .set_disabled(Actor::System, user, false)
            .await
            .unwrap();
        // Disabling revoked the token: enabling the account again does not revive it.
        assert!(
            db.store
                .authenticate_api_token(&secret)
                .await
                .unwrap()
                .is_none()
        );

        db.store
            .revoke_api_token(Actor::User(user), token.id)
            .await
            .unwrap();
        db.store
            .revoke_api_token(Actor::User(user), token.id)
            .await
            .unwrap();
        assert!(
            db.store
                .authenticate_api_token(&secret)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            db.store.api_tokens(user).await.unwrap()[0]
                .revoked_at
                .is_some()
        );

        let err = db
            .store
            .revoke_api_token(Actor::System, TokenId(999))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        let err = db
            .store
            .create_api_token(Actor::System, user, "  ")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_are_counted_per_subject_within_a_window() {
    on_each_backend(|db| async move {
        let store = &db.store;
        let window = TimeDelta::minutes(15);
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let alice = LoginSubject::Username("Alice");
        let ip = LoginSubject::Address(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7)));

        for (i, minutes) in [0, 1, 2].into_iter().enumerate() {
            let at = t0 + TimeDelta::minutes(minutes) + TimeDelta::microseconds(123_456);
            let f = store.record_login_failure(alice, at, window).await.unwrap();
            assert_eq!(f.failures, i as u32 + 1);
            assert_eq!(f.window_start, t0 + TimeDelta::microseconds(123_456));
        }
        store.record_login_failure(ip, t0, window).await.unwrap();
        let same_user = LoginSubject::Username(" alice ");
        assert_eq!(
            store
                .login_failures(same_user, t0 + TimeDelta::minutes(5), window)
                .await
                .unwrap(),
            3
        );
        assert_eq!(store.login_failures(ip, t0, window).await.unwrap(), 1);

        // Once the window has passed, the count starts again.
        let later = t0 + TimeDelta::minutes(20);
        assert_eq!(store.login_failures(alice, later, window).await.unwrap(), 0);
        let f = store
            .record_login_failure(alice, later, window)
            .await
            .unwrap();
        assert_eq!((f.failures, f.window_start), (1, later));

        store.clear_login_failures(alice).await.unwrap();
        assert_eq!(store.login_failures(alice, later, window).await.unwrap(), 0);
        assert_eq!(store.purge_login_failures(later).await.unwrap(), 1);
        assert_eq!(store.login_failures(ip, t0, window).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn concurrent_failures_are_all_counted() {
    on_each_backend(|db| async move {
        let now = capa_store::testing::now();
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let store = db.store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .record_login_failure(
                        LoginSubject::Username("bob"),
                        now,
                        TimeDelta::minutes(15),
                    )
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let n = db
            .store
            .login_failures(LoginSubject::Username("bob"), now, TimeDelta::minutes(15))
            .await
            .unwrap();
        assert_eq!(n, 16);
    })
    .await;
}

#[tokio::test]
async fn a_token_in_use_is_written_at_most_once_a_minute() {
    on_each_backend(|db| async move {
        let user = db
            .store
            .create_user(
                Actor::System,
                &NewUser {
                    username: "busy-script",
                    display_name: "Busy script",
                    password_hash: "hash",
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        let (_, secret) = db
            .store
            .create_api_token(Actor::User(user), user, "loader")
            .await
            .unwrap();
        let used = |store: capa_store::Store, secret: String| async move {
            store
                .authenticate_api_token(&secret)
                .await
                .unwrap()
                .unwrap()
                .1
                .last_used_at
                .unwrap()
        };
        let first = used(db.store.clone(), secret.clone()).await;
        // Requests within the minute read the token and write nothing.
        for _ in 0..3 {
            assert_eq!(used(db.store.clone(), secret.clone()).await, first);
        }
        assert_eq!(
            db.store.api_tokens(user).await.unwrap()[0].last_used_at,
            Some(first)
        );
        // Once the recorded use is a minute old, the next use is recorded.
        let earlier = first - capa_store::TOKEN_USE_PRECISION;
        db.raw(&format!(
            "UPDATE api_tokens SET last_used_at = '{}'",
            earlier.format("%Y-%m-%d %H:%M:%S%.6f+00:00")
        ))
        .await
        .unwrap();
        let later = used(db.store.clone(), secret.clone()).await;
        assert!(later > earlier);
        assert_eq!(
            db.store.api_tokens(user).await.unwrap()[0].last_used_at,
            Some(later)
        );
    })
    .await;
}
