//! The diary rules of issue 9 as the store keeps them: outcomes once an
//! appointment has started, corrections with a reason, re-offers after the
//! appointment they replace, one family one first Partnership appointment,
//! per-stream labels, leave in the team, the Choice flex check.

use capa_core::diary::{AppointmentState, Outcome};
use capa_core::{Leave, Team, capacity};
use capa_store::{
    Actor, AppointmentKind, AuditQuery, ClientKey, EntityKind, NewOffers, StoreError,
};
use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};

use crate::support::{
    client, date, diary_team, on_each_backend, publish, quarter, sample_team, slot,
};

fn invalid(e: StoreError) -> String {
    match e {
        StoreError::Invalid(m) => m,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn outcomes_once_started_corrected_with_a_reason_and_re_offered_after() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=2).await;
        let family = client(s, d.team, "F-1").await;
        s.book(Actor::System, offers[0], family, None).await.unwrap();
        // AD1 starts on 1 October 2026 at 09:00 UTC, 22:45 in the team's
        // Chatham Islands time: a DNA recorded on 1 September is refused.
        let early = Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap();
        let e = s
            .record_outcome_at(Actor::System, offers[0], Outcome::Dna, early)
            .await
            .unwrap_err();
        match e {
            StoreError::Conflict(m) => assert_eq!(
                m,
                "an outcome is recorded once the appointment has started; this one starts on 01/10/2026 at 22:45"
            ),
            other => panic!("{other:?}"),
        }
        let later = Utc.with_ymd_and_hms(2026, 10, 1, 10, 0, 0).unwrap();
        let a = s
            .record_outcome_at(Actor::System, offers[0], Outcome::Dna, later)
            .await
            .unwrap();
        assert!(a.needs_reoffer());
        // A re-offer lands after the appointment it replaces.
        let before = slot(None, 1, 8);
        let m = invalid(s.publish_reoffer(Actor::System, offers[0], &before).await.unwrap_err());
        assert!(
            m.starts_with("a re-offer starts after the appointment it replaces (AD1 on 01/10/2026 at 22:45)"),
            "{m}"
        );
        let reoffer = s
            .publish_reoffer(Actor::System, offers[0], &slot(None, 8, 9))
            .await
            .unwrap();
        // The DNA was wrong: the family came late. Correcting needs a reason.
        let m = invalid(
            s.correct_outcome(Actor::System, offers[0], Outcome::Attended, " ")
                .await
                .unwrap_err(),
        );
        assert_eq!(m, "a correction needs a reason (it is kept in the audit log)");
        let (a, c) = s
            .correct_outcome(Actor::System, offers[0], Outcome::Attended, "arrived 20 minutes late, seen")
            .await
            .unwrap();
        assert_eq!(a.state, AppointmentState::Attended);
        assert!(c.withdraws_reoffer);
        assert!(!a.needs_reoffer() && a.reoffered_by.is_none());
        // The published re-offer stays, as an ordinary offer.
        let r = s.appointment(reoffer).await.unwrap();
        assert_eq!((r.state, r.replaces_id), (AppointmentState::Vacant, None));
        assert_eq!(r.label, "AD3");
        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Appointment, offers[0].0)),
                ..Default::default()
            })
            .await
            .unwrap();
        let after = log[0].after.as_ref().unwrap();
        assert_eq!(after["state"], "attended");
        assert_eq!(after["reason"], "arrived 20 minutes late, seen");
        // Correcting to the same outcome, or an appointment without one, is refused.
        assert!(matches!(
            s.correct_outcome(Actor::System, offers[0], Outcome::Attended, "again").await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            s.correct_outcome(Actor::System, offers[1], Outcome::Dna, "x").await,
            Err(StoreError::Conflict(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn one_family_one_first_partnership_appointment() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=2).await;
        let dbt = s
            .publish_offers(
                Actor::System,
                &NewOffers {
                    clinician: d.ad,
                    quarter: quarter(),
                    kind: AppointmentKind::Specific(d.dbt),
                    slots: vec![slot(Some(1), 5, 9)],
                },
            )
            .await
            .unwrap()[0];
        // Specific offers have their own sequence: AD1 (Core) and AD-DBT1.
        assert_eq!(s.appointment(dbt).await.unwrap().label, "AD-DBT1");
        assert_eq!(s.appointment(offers[0]).await.unwrap().label, "AD1");
        let family = client(s, d.team, "F-1").await;
        s.book(Actor::System, offers[0], family, None).await.unwrap();
        let m = invalid(s.book(Actor::System, offers[1], family, None).await.unwrap_err());
        assert_eq!(
            m,
            "this family already holds a first Partnership appointment: AD1 (Core Partnership) on 01/10/2026 at 22:45; one family has one first appointment, unless another stream is booked with a reason"
        );
        // Another stream needs a reason, and another diary.
        assert!(invalid(
            s.book_another_stream(Actor::System, offers[1], family, None, "DBT too")
                .await
                .unwrap_err()
        )
        .contains("already holds AD1 in the same diary (Core Partnership)"));
        assert!(invalid(
            s.book_another_stream(Actor::System, dbt, family, None, "")
                .await
                .unwrap_err()
        )
        .starts_with("booking another stream needs the reason"));
        s.book_another_stream(Actor::System, dbt, family, None, "self-harm: DBT skills group as well")
            .await
            .unwrap();
        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Appointment, dbt.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            log[0].after.as_ref().unwrap()["another_stream_reason"],
            "self-harm: DBT skills group as well"
        );
        // Unbooked, the family may take another Core offer.
        s.unbook(Actor::System, offers[0]).await.unwrap();
        s.book(Actor::System, offers[1], family, None).await.unwrap_err();
        s.unbook(Actor::System, dbt).await.unwrap();
        s.book(Actor::System, offers[1], family, None).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn leave_is_part_of_the_team_and_long_leave_reduces_targets() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        // The sample team's year starts in April: 2026Q3 runs from Monday
        // 5 October 2026 to Sunday 3 January 2027.
        let q = quarter();
        assert_eq!(q.start(), date(2026, 10, 5));
        let before = capacity::quarter(&s.load_team(d.team).await.unwrap(), q);
        assert!(before.clinicians[0].new_core_target > 0);
        // Two weeks of annual leave: not long leave (the team's is 6 weeks).
        s.add_leave(Actor::System, d.ad, date(2026, 10, 12), date(2026, 10, 23))
            .await
            .unwrap();
        let team = s.load_team(d.team).await.unwrap();
        assert_eq!(team.leave.len(), 1);
        assert_eq!(
            capacity::quarter(&team, q).clinicians[0],
            before.clinicians[0]
        );
        // Parental leave over the whole quarter: no targets, no Choice.
        s.add_leave(Actor::System, d.ad, date(2026, 9, 28), date(2027, 2, 26))
            .await
            .unwrap();
        let after = capacity::quarter(&s.load_team(d.team).await.unwrap(), q);
        let ad = &after.clinicians[0];
        assert_eq!(
            (ad.new_core_target, ad.choice_allocation, ad.in_post_days),
            (0, 0, 0)
        );
        assert_eq!(ad.long_leave_days, 65);
        assert!(after.warnings.iter().any(|w| w.code == "long-leave"));
    })
    .await;
}

#[tokio::test]
async fn a_team_file_carries_its_leave_into_the_store_and_back() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let sample = sample_team("North");
        let leave = vec![Leave {
            clinician: capa_core::Initials::parse("TŌ").unwrap(),
            first_day: date(2026, 11, 2),
            last_day: date(2027, 2, 12),
        }];
        let with_leave =
            Team::with_leave(sample.settings.clone(), sample.clinicians.clone(), leave).unwrap();
        let id = s.create_team(Actor::System, &with_leave).await.unwrap();
        assert_eq!(s.load_team(id).await.unwrap(), with_leave);
        // Importing the same team without it removes it; with it, adds it back.
        s.replace_team(Actor::System, id, &sample).await.unwrap();
        assert!(s.load_team(id).await.unwrap().leave.is_empty());
        s.replace_team(Actor::System, id, &with_leave)
            .await
            .unwrap();
        assert_eq!(s.load_team(id).await.unwrap(), with_leave);
    })
    .await;
}

#[tokio::test]
async fn the_weekly_choice_flex_check_from_the_diary() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        s.publish_offers(
            Actor::System,
            &NewOffers {
                clinician: d.to,
                quarter: quarter(),
                kind: AppointmentKind::Choice,
                slots: (1..=30).map(|day| slot(None, day, 14)).collect(),
            },
        )
        .await
        .unwrap();
        // Two accepted referrals not yet booked into Choice, one booked.
        for r in ["R-1", "R-2", "R-3"] {
            s.find_or_create_client(
                Actor::System,
                d.team,
                &ClientKey::local(r).unwrap(),
                None,
                Some(NaiveDate::from_ymd_opt(2026, 9, 20).unwrap()),
            )
            .await
            .unwrap();
        }
        let slots = s.appointments(d.team, &Default::default()).await.unwrap();
        let booked = client(s, d.team, "R-3").await;
        s.book(Actor::System, slots[0].id, booked, None)
            .await
            .unwrap();
        // On 25 September: the 29 vacant slots from 1 to 30 October are in
        // the next 6 weeks; 4.7 referrals a week x 6 + 2 = 30.2 are needed.
        let now = Utc.with_ymd_and_hms(2026, 9, 25, 0, 0, 0).unwrap();
        let f = s.choice_flex_check(d.team, now).await.unwrap();
        assert_eq!((f.vacant, f.needed, f.enough), (29, 30.2, false));
        assert_eq!(f.explain.working, "4.7 x 6 + 2 = 30.2");
        let f = s
            .choice_flex_check(d.team, now + TimeDelta::days(36))
            .await
            .unwrap();
        assert_eq!(f.vacant, 0, "no slots after 30 October");
    })
    .await;
}

#[tokio::test]
async fn a_vacant_offer_is_withdrawn_audited_and_a_booked_one_is_not() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=3).await;
        // Booked once and unbooked: its ended booking goes with it.
        let family = client(s, d.team, "F-1").await;
        s.book(Actor::System, offers[0], family, None)
            .await
            .unwrap();
        s.unbook(Actor::System, offers[0]).await.unwrap();
        s.withdraw_offer(Actor::System, offers[0]).await.unwrap();
        assert!(matches!(
            s.appointment(offers[0]).await,
            Err(StoreError::NotFound(_))
        ));
        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Appointment, offers[0].0)),
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        let withdrawn = log
            .iter()
            .find(|e| e.action == capa_store::Action::Delete)
            .expect("audited");
        assert_eq!(withdrawn.before.as_ref().unwrap()["label"], "AD1");
        // A booked offer stays: the family keeps its appointment.
        s.book(Actor::System, offers[1], family, None)
            .await
            .unwrap();
        let err = s
            .withdraw_offer(Actor::System, offers[1])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert_eq!(
            s.appointment(offers[1]).await.unwrap().state,
            AppointmentState::Booked
        );
    })
    .await;
}
