//! Sign-in attempts reserved before the password check: bursts of parallel
//! guesses get no more checks than the policy allows, on both backends, and
//! an outsider cannot lock the owner of an account out.

use std::net::{IpAddr, Ipv4Addr};

use capa_store::{Admission, LoginOutcome, LoginPolicy, RefusalReason, Reservation, Store};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use crate::support::on_each_backend;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn ip(n: u32) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(0xC000_0200 + n))
}

/// Fires one reservation per (username, address) at once; returns those granted.
async fn burst(
    store: &Store,
    attempts: Vec<(String, IpAddr)>,
    at: DateTime<Utc>,
) -> Vec<Reservation> {
    let policy = LoginPolicy::default();
    let tasks: Vec<_> = attempts
        .into_iter()
        .map(|(user, address)| {
            let store = store.clone();
            tokio::spawn(async move { store.reserve_login(&user, address, at, &policy).await })
        })
        .collect();
    let mut granted = Vec::new();
    for t in tasks {
        if let Admission::Granted(r) = t.await.unwrap().unwrap() {
            granted.push(r);
        }
    }
    granted
}

async fn settle_all(
    store: &Store,
    granted: Vec<Reservation>,
    outcome: LoginOutcome,
    at: DateTime<Utc>,
) {
    for r in granted {
        store
            .settle_login(r, outcome, at, &LoginPolicy::default())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn two_hundred_parallel_guesses_get_no_more_checks_than_the_limit() {
    on_each_backend(|db| async move {
        let store = &db.store;
        let policy = LoginPolicy::default();
        // One account, one address: the account's free attempts.
        let one = vec![("admin".to_string(), ip(1)); 200];
        let granted = burst(store, one, t0()).await;
        assert_eq!(granted.len(), policy.free_per_account as usize);
        settle_all(store, granted, LoginOutcome::Failure, t0()).await;

        // One account from 200 addresses that have never failed on it: the
        // account is locked, so one attempt per delay.
        let spread: Vec<_> = (100..300).map(|n| ("ADMIN ".to_string(), ip(n))).collect();
        let at = t0() + TimeDelta::seconds(1);
        let granted = burst(store, spread, at).await;
        assert_eq!(
            granted.len(),
            1,
            "one attempt per delay on a locked account"
        );
        settle_all(store, granted, LoginOutcome::Failure, at).await;

        // One address spraying 200 accounts: the address's limit.
        let spray: Vec<_> = (0..200).map(|n| (format!("user{n}"), ip(7))).collect();
        let granted = burst(store, spray, t0()).await;
        assert_eq!(granted.len(), policy.max_per_address as usize);
    })
    .await;
}

#[tokio::test]
async fn an_outsider_cannot_lock_the_owner_out() {
    on_each_backend(|db| async move {
        let store = &db.store;
        let policy = LoginPolicy::default();
        let (attacker, owner, another) = (ip(66), ip(1), ip(99));
        for _ in 0..5 {
            let Admission::Granted(r) = store
                .reserve_login("admin", attacker, t0(), &policy)
                .await
                .unwrap()
            else {
                panic!("the first five are checked");
            };
            store
                .settle_login(r, LoginOutcome::Failure, t0(), &policy)
                .await
                .unwrap();
        }
        // The attacker's address is locked out of the account for the window.
        let Admission::Refused(r) = store
            .reserve_login("admin", attacker, t0(), &policy)
            .await
            .unwrap()
        else {
            panic!("locked against the address that failed");
        };
        assert_eq!(r.reason, RefusalReason::Account);
        assert_eq!(r.retry_after, TimeDelta::minutes(15));

        // The owner, from an address that has not failed, signs in after
        // the delay the attacker's last failure set: seconds, not the window.
        let Admission::Refused(r) = store
            .reserve_login("Admin", owner, t0(), &policy)
            .await
            .unwrap()
        else {
            panic!("delayed");
        };
        assert_eq!(
            (r.reason, r.retry_after),
            (RefusalReason::Delay, TimeDelta::seconds(1))
        );
        let at = |s| t0() + TimeDelta::seconds(s);
        let Admission::Granted(r) = store
            .reserve_login("Admin", owner, at(1), &policy)
            .await
            .unwrap()
        else {
            panic!("the owner is not locked out");
        };
        store
            .settle_login(r, LoginOutcome::Success, at(1), &policy)
            .await
            .unwrap();

        // Each address that has not failed gets one attempt per delay, and
        // each failure doubles the delay.
        let Admission::Refused(r) = store
            .reserve_login("admin", another, at(1), &policy)
            .await
            .unwrap()
        else {
            panic!("delayed");
        };
        assert_eq!(r.retry_after, TimeDelta::seconds(1));
        let Admission::Granted(r) = store
            .reserve_login("admin", another, at(2), &policy)
            .await
            .unwrap()
        else {
            panic!("granted after the delay");
        };
        store
            .settle_login(r, LoginOutcome::Failure, at(2), &policy)
            .await
            .unwrap();
        let Admission::Refused(r) = store
            .reserve_login("admin", ip(100), at(2), &policy)
            .await
            .unwrap()
        else {
            panic!("delayed again");
        };
        assert_eq!(r.retry_after, TimeDelta::seconds(2));
        // The owner's own address is clean again after the success.
        assert!(matches!(
            store
                .reserve_login("admin", owner, at(4), &policy)
                .await
                .unwrap(),
            Admission::Granted(_)
        ));

        // Other accounts are untouched, and the window passes.
        assert!(matches!(
            store
                .reserve_login("lead", attacker, t0(), &policy)
                .await
                .unwrap(),
            Admission::Granted(_)
        ));
        let next_window = t0() + TimeDelta::minutes(16);
        assert!(matches!(
            store
                .reserve_login("admin", attacker, next_window, &policy)
                .await
                .unwrap(),
            Admission::Granted(_)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_reservation_never_settled_is_given_up_after_its_time() {
    on_each_backend(|db| async move {
        let store = &db.store;
        let policy = LoginPolicy::default();
        // Five requests that died between reserving and settling.
        let dead = burst(store, vec![("bob".to_string(), ip(3)); 5], t0()).await;
        assert_eq!(dead.len(), 5);
        drop(dead);
        assert!(matches!(
            store
                .reserve_login("bob", ip(3), t0() + TimeDelta::seconds(29), &policy)
                .await
                .unwrap(),
            Admission::Refused(_)
        ));
        let later = t0() + TimeDelta::seconds(31);
        let Admission::Granted(r) = store
            .reserve_login("bob", ip(3), later, &policy)
            .await
            .unwrap()
        else {
            panic!("given up after the reservation's time");
        };
        store
            .settle_login(r, LoginOutcome::Success, later, &policy)
            .await
            .unwrap();
        // Purging forgets every window that has ended.
        let removed = store
            .purge_login_attempts(t0() + TimeDelta::hours(1), &policy)
            .await
            .unwrap();
        assert_eq!(
            removed, 2,
            "bob's account and the address; the pair went with the success"
        );
    })
    .await;
}
