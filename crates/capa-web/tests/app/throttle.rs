//! Sign-in throttling over HTTP: no more password checks than the policy
//! allows however many attempts arrive at once, a locked account still open
//! to an address that has not failed, and `X-Forwarded-For` believed only
//! from the trusted proxy.

use std::net::IpAddr;

use capa_store::LoginPolicy;
use capa_store::testing::on_each_backend;
use chrono::TimeDelta;
use reqwest::StatusCode;

use crate::{App, PASSWORD, User, spawn_with};

async fn attempt(u: &User, username: &str, password: &str, from: Option<&str>) -> StatusCode {
    let mut r = u
        .http
        .post(format!("{}/api/v1/session", u.base))
        .json(&serde_json::json!({ "username": username, "password": password }));
    if let Some(addr) = from {
        r = r.header("x-forwarded-for", addr);
    }
    r.send().await.unwrap().status()
}

async fn with_config<F, Fut>(config: capa_web::Config, test: F)
where
    F: Fn(App) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    on_each_backend(move |db| {
        let test = test.clone();
        let config = config.clone();
        async move { test(spawn_with(db, config).await).await }
    })
    .await;
}

fn behind_proxy(policy: LoginPolicy) -> capa_web::Config {
    capa_web::Config {
        trusted_proxy: Some(IpAddr::from([127, 0, 0, 1])),
        login_policy: policy,
        ..capa_web::Config::default()
    }
}

async fn burst(app: &App, n: usize, password: impl Fn(usize) -> &'static str) -> Vec<StatusCode> {
    let mut tasks = Vec::new();
    for i in 0..n {
        let u = User::anonymous(app);
        let password = password(i);
        tasks.push(tokio::spawn(async move {
            attempt(&u, "viewer", password, None).await
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> u64 {
    statuses.iter().filter(|s| **s == status).count() as u64
}

#[tokio::test]
async fn two_hundred_parallel_attempts_from_one_address_check_at_most_the_limit() {
    with_config(capa_web::Config::default(), |app| async move {
        let free = u64::from(capa_web::Config::default().login_policy.free_per_account);
        let before = app.state.password_checks();
        let statuses = burst(&app, 200, |_| "wrong password").await;
        let checks = app.state.password_checks() - before;
        assert!(
            checks <= free,
            "{checks} password checks for 200 parallel guesses (limit {free})"
        );
        assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), checks);
        assert_eq!(
            count(&statuses, StatusCode::TOO_MANY_REQUESTS),
            200 - checks
        );
        // Locked against this address now, the right password included.
        let again = burst(&app, 200, |_| PASSWORD).await;
        assert_eq!(count(&again, StatusCode::TOO_MANY_REQUESTS), 200);
        assert_eq!(app.state.password_checks() - before, checks);
    })
    .await;
}

#[tokio::test]
async fn the_right_password_in_a_burst_of_guesses_checks_no_more_wrong_ones() {
    with_config(capa_web::Config::default(), |app| async move {
        let free = u64::from(capa_web::Config::default().login_policy.free_per_account);
        let before = app.state.password_checks();
        let statuses = burst(&app, 200, |i| {
            if i % 2 == 0 {
                "wrong password"
            } else {
                PASSWORD
            }
        })
        .await;
        let checks = app.state.password_checks() - before;
        let failed = count(&statuses, StatusCode::UNAUTHORIZED);
        let signed_in = count(&statuses, StatusCode::OK);
        // A wrong password is checked at most the limit's times; a right one
        // signs its owner in, and only then may another attempt be checked.
        assert!(
            failed <= free,
            "{failed} wrong passwords checked (limit {free})"
        );
        assert_eq!(checks, failed + signed_in);
        assert!(checks <= free + signed_in, "{checks} checks");
        assert_eq!(
            count(&statuses, StatusCode::TOO_MANY_REQUESTS),
            200 - checks,
            "{statuses:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn guesses_from_many_addresses_are_slowed_on_the_account() {
    with_config(behind_proxy(LoginPolicy::default()), |app| async move {
        let free = LoginPolicy::default().free_per_account;
        let before = app.state.password_checks();
        let mut tasks = Vec::new();
        for i in 0..60 {
            let u = User::anonymous(&app);
            tasks.push(tokio::spawn(async move {
                let from = format!("10.1.0.{}", i + 1);
                attempt(&u, "lead", "wrong password", Some(&from)).await
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let checks = app.state.password_checks() - before;
        // The free ones, then one delayed attempt (the clock stands still).
        assert!(
            checks <= u64::from(free) + 1,
            "{checks} checks for 60 guesses from 60 addresses"
        );
    })
    .await;
}

#[tokio::test]
async fn a_locked_account_signs_in_from_an_address_that_has_not_failed() {
    let policy = LoginPolicy {
        // The clock stands still in tests: no delay, so the delayed attempt is due.
        first_delay: TimeDelta::zero(),
        max_delay: TimeDelta::zero(),
        ..LoginPolicy::default()
    };
    with_config(behind_proxy(policy), move |app| async move {
        let attacker = User::anonymous(&app);
        for _ in 0..policy.free_per_account {
            let s = attempt(&attacker, "admin", "wrong password", Some("203.0.113.9")).await;
            assert_eq!(s, StatusCode::UNAUTHORIZED);
        }
        // The attacker's address is shut out, even with the right password ...
        let s = attempt(&attacker, "admin", PASSWORD, Some("203.0.113.9")).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
        // ... but the administrator, from their own address, is not.
        let owner = User::anonymous(&app);
        let s = attempt(&owner, "admin", PASSWORD, Some("192.0.2.10")).await;
        assert_eq!(s, StatusCode::OK, "the owner signs in from elsewhere");
        // Only the proxy's last hop counts: a forged first entry changes nothing.
        let s = attempt(
            &attacker,
            "admin",
            PASSWORD,
            Some("192.0.2.10, 203.0.113.9"),
        )
        .await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    })
    .await;
}

#[tokio::test]
async fn forwarded_for_is_ignored_without_a_trusted_proxy() {
    let policy = LoginPolicy {
        first_delay: TimeDelta::zero(),
        max_delay: TimeDelta::zero(),
        ..LoginPolicy::default()
    };
    let config = capa_web::Config {
        login_policy: policy,
        ..capa_web::Config::default()
    };
    with_config(config, move |app| async move {
        let u = User::anonymous(&app);
        for _ in 0..policy.free_per_account {
            attempt(&u, "viewer", "wrong password", Some("203.0.113.9")).await;
        }
        // Claiming another address does not make the connection another client.
        let r = u
            .http
            .post(format!("{}/api/v1/session", u.base))
            .header("x-forwarded-for", "192.0.2.10")
            .json(&serde_json::json!({ "username": "viewer", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry: i64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=15 * 60).contains(&retry), "Retry-After {retry}");
    })
    .await;
}
