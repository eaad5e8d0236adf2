//! The Partnership and Choice diaries: publishing, booking, outcomes,
//! re-offers and unbooking, as the method page's section 6 describes them.

use capa_core::diary::{AppointmentState, Outcome};
use capa_store::{
    Action, Actor, AppointmentKind, AppointmentQuery, AuditQuery, EntityKind, NewOffers, NewUser,
    StoreError,
};

use crate::support::{client, diary_team, on_each_backend, publish, quarter, slot};

fn vacant() -> AppointmentQuery {
    AppointmentQuery {
        quarter: Some(quarter()),
        states: vec![AppointmentState::Vacant],
        ..Default::default()
    }
}

#[tokio::test]
async fn booking_a_vacant_offer_is_audited_and_a_taken_one_is_refused() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let user = s
            .create_user(
                Actor::System,
                &NewUser {
                    username: "kiri",
                    display_name: "Kiri",
                    password_hash: "hash",
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        let offers = publish(s, d.ad, 1..=3).await;
        let choice = s
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
        let family = client(s, d.team, "F-1").await;
        let other = client(s, d.team, "F-2").await;
        s.book(Actor::User(user), choice, family, None)
            .await
            .unwrap();

        let booking = s
            .book(Actor::User(user), offers[0], family, Some(choice))
            .await
            .unwrap();
        assert_eq!(booking.appointment_id, offers[0]);
        assert_eq!(booking.booked_by, Some(user));
        assert!(booking.active);

        let a = s.appointment(offers[0]).await.unwrap();
        assert_eq!(a.label, "AD1");
        assert_eq!(a.state, AppointmentState::Booked);
        assert_eq!(a.client.as_ref().unwrap().reference, "F-1");
        assert_eq!(a.choice_appointment_id, Some(choice));
        assert_eq!(a.booked_by, Some(user));
        assert_eq!(a.quarter, "2026Q3");

        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Appointment, offers[0].0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(log[0].action, Action::Update);
        assert_eq!(log[0].user_id, Some(user));
        assert_eq!(log[0].after.as_ref().unwrap()["state"], "booked");
        assert_eq!(log[1].action, Action::Create);

        // The second clinician to try is told at once, and nothing changes.
        let err = s.book(Actor::System, offers[0], other, None).await;
        match err {
            Err(StoreError::Conflict(m)) => assert!(m.contains("no longer vacant"), "{m}"),
            other => panic!("expected Conflict, got {other:?}"),
        }
        assert_eq!(
            s.appointment(offers[0]).await.unwrap().client.unwrap().id,
            family
        );
        assert_eq!(
            db.raw_text("SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE appointment_id IN (SELECT id FROM appointments WHERE number = 1)")
                .await,
            "1"
        );

        // The next offers are the vacant ones, earliest first.
        let next: Vec<_> = s
            .appointments(d.team, &vacant())
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.label)
            .collect();
        assert_eq!(next, ["AD2", "AD3"]);
        let choices = s
            .appointments(
                d.team,
                &AppointmentQuery {
                    kind: Some(AppointmentKind::Choice),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(choices.len(), 1);
        assert_eq!(choices[0].label, "TŌ Choice");

        // A Choice slot is not where a Partnership booking comes from twice
        // over: it must be a Choice appointment of the team.
        let err = s
            .book(Actor::System, offers[1], other, Some(offers[2]))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        let err = s
            .book(Actor::System, offers[1], other, Some(choice))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("another family"), "{err}");
        let err = s
            .book(Actor::System, capa_store::AppointmentId(9999), other, None)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn publishing_refuses_duplicate_numbers_all_or_nothing() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        publish(s, d.ad, 1..=2).await;
        let batch = |numbers: &[u32]| NewOffers {
            clinician: d.ad,
            quarter: quarter(),
            kind: AppointmentKind::Partnership,
            slots: numbers.iter().map(|&n| slot(Some(n), n, 10)).collect(),
        };
        let err = s
            .publish_offers(Actor::System, &batch(&[3, 2]))
            .await
            .unwrap_err();
        match err {
            StoreError::Conflict(m) => assert_eq!(m, "AD2 is already published for 2026Q3"),
            other => panic!("expected Conflict, got {other:?}"),
        }
        let err = s
            .publish_offers(Actor::System, &batch(&[4, 4]))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        // Neither batch left AD3 or AD4 behind.
        let all = s
            .appointments(d.team, &AppointmentQuery::default())
            .await
            .unwrap();
        assert_eq!(all.len(), 2);

        // Each Specific stream and each clinician numbers on its own.
        let dbt = NewOffers {
            kind: AppointmentKind::Specific(d.dbt),
            ..batch(&[1, 2])
        };
        s.publish_offers(Actor::System, &dbt).await.unwrap();
        publish(s, d.to, 1..=1).await;
        let dbt_offers = s
            .appointments(
                d.team,
                &AppointmentQuery {
                    kind: Some(AppointmentKind::Specific(d.dbt)),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(dbt_offers.len(), 2);
        assert_eq!(dbt_offers[0].stream_name.as_deref(), Some("DBT"));

        let mut bad = batch(&[5]);
        bad.slots[0].ends_at = bad.slots[0].starts_at;
        let err = s.publish_offers(Actor::System, &bad).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        let choice = NewOffers {
            kind: AppointmentKind::Choice,
            ..batch(&[5])
        };
        let err = s.publish_offers(Actor::System, &choice).await.unwrap_err();
        assert!(err.to_string().contains("not numbered"), "{err}");
        let unnumbered = NewOffers {
            slots: vec![slot(None, 5, 9)],
            ..batch(&[])
        };
        let err = s
            .publish_offers(Actor::System, &unnumbered)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn outcomes_follow_the_life_cycle() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=3).await;
        let family = client(s, d.team, "F-1").await;

        let err = s
            .record_outcome(Actor::System, offers[0], Outcome::Attended)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert!(
            err.to_string().contains("only a booked appointment"),
            "{err}"
        );

        s.book(Actor::System, offers[0], family, None)
            .await
            .unwrap();
        let a = s
            .record_outcome(Actor::System, offers[0], Outcome::Attended)
            .await
            .unwrap();
        assert_eq!(a.state, AppointmentState::Attended);
        assert!(a.outcome_at.is_some());
        assert!(!a.needs_reoffer());
        let err = s
            .record_outcome(Actor::System, offers[0], Outcome::Dna)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");

        for (offer, outcome, state) in [
            (offers[1], Outcome::Dna, AppointmentState::Dna),
            (
                offers[2],
                Outcome::CancelledByService,
                AppointmentState::CancelledByService,
            ),
        ] {
            s.book(Actor::System, offer, family, None).await.unwrap();
            let a = s
                .record_outcome(Actor::System, offer, outcome)
                .await
                .unwrap();
            assert_eq!(a.state, state);
            assert!(a.needs_reoffer());
            // The family stays recorded against the missed appointment.
            assert_eq!(a.client.unwrap().id, family);
        }
        let err = s.unbook(Actor::System, offers[1]).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Appointment, offers[1].0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(log[0].before.as_ref().unwrap()["state"], "booked");
        assert_eq!(log[0].after.as_ref().unwrap()["state"], "dna");
    })
    .await;
}

#[tokio::test]
async fn a_missed_offer_is_re_offered_once_and_linked() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=3).await;
        let family = client(s, d.team, "F-1").await;
        s.book(Actor::System, offers[1], family, None)
            .await
            .unwrap();
        s.record_outcome(Actor::System, offers[1], Outcome::Dna)
            .await
            .unwrap();

        let err = s
            .publish_reoffer(Actor::System, offers[0], &slot(None, 20, 9))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

        let again = s
            .publish_reoffer(Actor::System, offers[1], &slot(None, 20, 9))
            .await
            .unwrap();
        let new = s.appointment(again).await.unwrap();
        assert_eq!(new.replaces_id, Some(offers[1]));
        assert_eq!(new.label, "AD4");
        assert_eq!(new.state, AppointmentState::Vacant);
        assert_eq!(new.quarter, "2026Q3");
        let old = s.appointment(offers[1]).await.unwrap();
        assert_eq!(old.reoffered_by, Some(again));
        assert!(!old.needs_reoffer());

        let err = s
            .publish_reoffer(Actor::System, offers[1], &slot(None, 21, 9))
            .await
            .unwrap_err();
        match err {
            StoreError::Conflict(m) => {
                assert!(m.contains("AD2 has already been re-offered"), "{m}")
            }
            other => panic!("expected Conflict, got {other:?}"),
        }
        // The re-offer is bookable like any offer.
        let other = client(s, d.team, "F-2").await;
        s.book(Actor::System, again, other, None).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn unbooking_frees_the_offer_and_keeps_the_history() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offer = publish(s, d.ad, 1..=1).await[0];
        let first = client(s, d.team, "F-1").await;
        let second = client(s, d.team, "F-2").await;
        s.book(Actor::System, offer, first, None).await.unwrap();
        s.unbook(Actor::System, offer).await.unwrap();
        let a = s.appointment(offer).await.unwrap();
        assert_eq!(a.state, AppointmentState::Vacant);
        assert_eq!(a.client, None);
        let err = s.unbook(Actor::System, offer).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");

        s.book(Actor::System, offer, second, None).await.unwrap();
        let history = s.bookings(offer).await.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!((history[0].client_id, history[0].active), (first, false));
        assert_eq!((history[1].client_id, history[1].active), (second, true));
        let mine = s
            .appointments(
                d.team,
                &AppointmentQuery {
                    client: Some(second),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_database_itself_refuses_a_second_active_booking() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offer = publish(s, d.ad, 1..=1).await[0];
        let family = client(s, d.team, "F-1").await;
        s.book(Actor::System, offer, family, None).await.unwrap();
        // Bypassing the store: the partial unique index still says no.
        let active = match s.backend() {
            capa_store::Backend::Sqlite => "1",
            capa_store::Backend::Postgres => "TRUE",
        };
        let err = db
            .raw(&format!(
                "INSERT INTO bookings (appointment_id, client_id, booked_at, active) \
                 VALUES ({offer}, {family}, CURRENT_TIMESTAMP, {active})"
            ))
            .await
            .unwrap_err();
        assert!(
            err.as_database_error()
                .is_some_and(|e| e.is_unique_violation()),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn deleting_a_team_removes_its_diary() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=2).await;
        let family = client(s, d.team, "F-1").await;
        s.book(Actor::System, offers[0], family, None)
            .await
            .unwrap();
        s.record_outcome(Actor::System, offers[0], Outcome::Dna)
            .await
            .unwrap();
        s.publish_reoffer(Actor::System, offers[0], &slot(None, 9, 9))
            .await
            .unwrap();
        s.add_to_managed_list(
            Actor::System,
            d.team,
            family,
            "no DBT offer",
            &serde_json::json!({}),
        )
        .await
        .unwrap();
        s.delete_team(Actor::System, d.team).await.unwrap();
        assert_eq!(
            db.raw_text("SELECT CAST(COUNT(*) AS TEXT) FROM appointments")
                .await,
            "0"
        );
        // A clinician with diary history cannot be deleted on its own.
        let d = diary_team(s, "South").await;
        publish(s, d.ad, 1..=1).await;
        let err = s.delete_clinician(Actor::System, d.ad).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    })
    .await;
}
