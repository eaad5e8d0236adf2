//! Clients: found or created by a validated NHI or a local reference.

use capa_store::{
    Actor, AppointmentKind, AuditQuery, ClientKey, EntityKind, NewClient, NewOffers, StoreError,
};
use chrono::NaiveDate;

use crate::support::{diary_team, on_each_backend, publish, quarter, slot};

#[test]
fn a_mistyped_nhi_is_refused_with_the_reason() {
    let err = ClientKey::parse("ZZZ0017").unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "'ZZZ0017' is not a valid NHI: check digit does not match (expected '6', found '7')"
    );
    // r = 0 and the withdrawn mod-24 rule are refused too.
    assert!(ClientKey::parse("ZZZ0044").is_err());
    assert!(ClientKey::parse("ZZZ00AX").is_err());
    assert!(ClientKey::nhi("JBX365").is_err());
}

#[test]
fn valid_and_test_nhis_and_local_references_are_read() {
    for text in [
        "JBX3656",
        "zzz0016",
        " ZZZ0024 ",
        "ZAC5361",
        "ZZZ00AC",
        "ZBN77VL",
    ] {
        let key = ClientKey::parse(text).unwrap();
        assert!(matches!(key, ClientKey::Nhi(_)), "{text}");
        assert_eq!(key.reference(), text.trim().to_uppercase());
    }
    assert!(ClientKey::parse("ZZZ0016").unwrap().is_test());
    assert!(!ClientKey::parse("JBX3656").unwrap().is_test());
    assert_eq!(
        ClientKey::parse(" L-0042 ").unwrap(),
        ClientKey::Local("L-0042".into())
    );
    assert!(ClientKey::parse("  ").is_err());
    assert!(ClientKey::parse(&"x".repeat(65)).is_err());
}

#[tokio::test]
async fn a_client_is_found_or_created_once_per_team() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let north = diary_team(s, "North").await;
        let south = diary_team(s, "South").await;
        let key = ClientKey::parse("zzz0016").unwrap();
        let accepted = NaiveDate::from_ymd_opt(2026, 6, 1);
        let first = s
            .find_or_create_client(Actor::System, north.team, &key, Some(" RT "), accepted)
            .await
            .unwrap();
        assert_eq!(first.label.as_deref(), Some("RT"));
        assert_eq!(first.accepted_on, accepted);
        assert_eq!(first.display(), "RT");
        let again = s
            .find_or_create_client(Actor::System, north.team, &key, Some("other"), None)
            .await
            .unwrap();
        assert_eq!(again, first);
        let elsewhere = s
            .find_or_create_client(Actor::System, south.team, &key, None, None)
            .await
            .unwrap();
        assert_ne!(elsewhere.id, first.id);
        assert_eq!(
            s.find_client(north.team, &key).await.unwrap(),
            Some(first.clone())
        );
        assert_eq!(s.client(first.id).await.unwrap(), first);

        // Stored upper-cased; the NHI stays out of the append-only log.
        assert_eq!(
            db.raw_text(&format!("SELECT nhi FROM clients WHERE id = {}", first.id))
                .await,
            "ZZZ0016"
        );
        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Client, first.id.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(log.len(), 1);
        assert!(
            !log[0]
                .after
                .as_ref()
                .unwrap()
                .to_string()
                .contains("ZZZ0016")
        );

        // Another team's client cannot be booked.
        let offer = publish(s, north.ad, 1..=1).await[0];
        let err = s
            .book(Actor::System, offer, elsewhere.id, None)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("another team"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_creation_of_one_client_yields_one_row() {
    on_each_backend(|db| async move {
        let d = diary_team(&db.store, "North").await;
        let key = ClientKey::local("F-77").unwrap();
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let store = db.store.clone();
                let key = key.clone();
                tokio::spawn(async move {
                    store
                        .find_or_create_client(Actor::System, d.team, &key, None, None)
                        .await
                        .unwrap()
                        .id
                })
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.unwrap());
        }
        ids.dedup();
        assert_eq!(ids.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn bookings_that_lose_a_race_leave_no_client_behind() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=10).await;
        // 64 families, new to the team, race for 10 offers.
        let tasks: Vec<_> = (0..64)
            .map(|i| {
                let store = s.clone();
                let offer = offers[i % offers.len()];
                tokio::spawn(async move {
                    let key = ClientKey::local(&format!("RACE-{i}")).unwrap();
                    let accepted = NaiveDate::from_ymd_opt(2026, 6, 1);
                    let new = NewClient {
                        label: None,
                        accepted_on: accepted,
                    };
                    (
                        i,
                        store
                            .book_client(Actor::System, offer, &key, new, None)
                            .await,
                    )
                })
            })
            .collect();
        let mut booked = Vec::new();
        let mut winner = None;
        for t in tasks {
            match t.await.unwrap() {
                (i, Ok((booking, client))) => {
                    assert_eq!(booking.client_id, client.id);
                    assert_eq!(client.accepted_on, NaiveDate::from_ymd_opt(2026, 6, 1));
                    booked.push(client.id);
                    winner.get_or_insert(i);
                }
                (_, Err(StoreError::Conflict(_))) => {}
                (_, Err(e)) => panic!("{e}"),
            }
        }
        assert_eq!(booked.len(), 10, "each offer is booked once");
        let count = |sql: &'static str| db.raw_text(sql);
        assert_eq!(
            count("SELECT CAST(COUNT(*) AS TEXT) FROM clients").await,
            "10"
        );
        assert_eq!(
            count("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE entity_kind = 'client'")
                .await,
            "10",
            "no audit record of a client that was never kept"
        );

        // A family the team knows (one that won an offer: which one won is
        // the race's) is booked under the same record (into a Choice slot: it
        // already holds its one first Partnership appointment).
        let offer = s
            .publish_offers(
                Actor::System,
                &NewOffers {
                    clinician: d.to,
                    quarter: quarter(),
                    kind: AppointmentKind::Choice,
                    slots: vec![slot(None, 1, 14)],
                },
            )
            .await
            .unwrap()[0];
        let known = ClientKey::local(&format!("RACE-{}", winner.unwrap())).unwrap();
        let (_, client) = s
            .book_client(Actor::System, offer, &known, NewClient::default(), None)
            .await
            .unwrap();
        assert_eq!(client.id, booked[0]);
        // Refused for another reason: nothing is kept either.
        let err = s
            .book_client(
                Actor::System,
                offer,
                &ClientKey::local("LATE").unwrap(),
                NewClient::default(),
                Some(offers[0]),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(
            count("SELECT CAST(COUNT(*) AS TEXT) FROM clients").await,
            "10"
        );
    })
    .await;
}
