//! Today's diary as a forecast's snapshot, and a forecast's what-if applied
//! as new job plan versions, on both backends.

use capa_core::Activity;
use capa_core::diary::{Outcome, SlotKind};
use capa_store::{Actor, AppointmentKind, AuditQuery, CaseloadWindow, NewOffers, StoreError};
use chrono::{TimeZone, Utc};

use crate::support::{
    client, clinician, date, diary_team, initials, on_each_backend, publish, quarter, slot,
};

#[tokio::test]
async fn the_snapshot_holds_the_diary_from_today_and_no_family() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "Snapshot").await;
        // AD's offers on 1-5 October at 09:00 UTC, TŌ's Choice slots.
        let offers = publish(s, d.ad, 1..=5).await;
        let choice = s
            .publish_offers(
                Actor::System,
                &NewOffers {
                    clinician: d.to,
                    quarter: quarter(),
                    kind: AppointmentKind::Choice,
                    slots: vec![slot(None, 2, 14), slot(None, 6, 14), slot(None, 7, 14)],
                },
            )
            .await
            .unwrap();
        let with_date = |reference: &'static str, accepted| async move {
            s.find_or_create_client(
                Actor::System,
                d.team,
                &capa_store::ClientKey::local(reference).unwrap(),
                None,
                Some(accepted),
            )
            .await
            .unwrap()
            .id
        };
        let seen = with_date("F-1", date(2026, 9, 20)).await;
        s.book(Actor::System, choice[0], seen, None).await.unwrap();
        let after = |day: u32, hour: u32| Utc.with_ymd_and_hms(2026, 10, day, hour, 0, 0).unwrap();
        s.record_outcome_at(Actor::System, choice[0], Outcome::Attended, after(2, 15))
            .await
            .unwrap();
        s.book(Actor::System, offers[3], seen, Some(choice[0]))
            .await
            .unwrap();
        let started = client(s, d.team, "F-2").await;
        s.book(Actor::System, offers[0], started, None)
            .await
            .unwrap();
        s.record_outcome_at(Actor::System, offers[0], Outcome::Attended, after(1, 10))
            .await
            .unwrap();
        with_date("F-3", date(2026, 10, 1)).await;
        let managed = client(s, d.team, "F-4").await;
        s.add_to_managed_list(
            Actor::System,
            d.team,
            managed,
            "nothing within 5 weeks",
            &serde_json::json!({ "stream": "dbt" }),
        )
        .await
        .unwrap();
        let booked = with_date("F-5", date(2026, 9, 25)).await;
        s.book(Actor::System, choice[1], booked, None)
            .await
            .unwrap();

        let now = Utc.with_ymd_and_hms(2026, 10, 3, 0, 0, 0).unwrap();
        let snap = s
            .forecast_snapshot(d.team, now, CaseloadWindow { weeks: 8 })
            .await
            .unwrap();
        // Pacific/Chatham: 3 October 13:45 local.
        assert_eq!(snap.today, date(2026, 10, 3));
        // From the start of the 3rd (local): AD3 vacant, AD4 booked, AD5 vacant.
        let shown: Vec<(String, bool)> = snap
            .offers
            .iter()
            .map(|o| (o.starts_at.date().to_string(), o.booked.is_some()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("2026-10-03".to_string(), false),
                ("2026-10-04".to_string(), true),
                ("2026-10-05".to_string(), false)
            ]
        );
        assert!(
            snap.offers
                .iter()
                .all(|o| o.clinician == "AD" && o.kind == SlotKind::Core)
        );
        // The booked family's Choice was on 2 October 14:00 UTC, the 3rd in Chatham.
        assert_eq!(
            snap.offers[1].booked.as_ref().unwrap().choice_date,
            Some(date(2026, 10, 3))
        );
        assert_eq!(snap.choice_slots.len(), 2);
        assert_eq!(
            snap.choice_slots[0].booked.as_ref().unwrap().accepted,
            Some(date(2026, 9, 25))
        );
        assert!(snap.choice_slots[1].booked.is_none());
        assert_eq!(snap.awaiting_choice.len(), 1);
        assert_eq!(snap.awaiting_choice[0].accepted, Some(date(2026, 10, 1)));
        assert_eq!(snap.managed_list.len(), 1);
        assert_eq!(snap.managed_list[0].kind, SlotKind::Specific("DBT".into()));
        assert_eq!(snap.caseload.len(), 1);
        assert_eq!(
            (
                snap.caseload[0].clinician.as_str(),
                &snap.caseload[0].kind,
                snap.caseload[0].open
            ),
            ("AD", &SlotKind::Core, 1)
        );
        // A shorter window leaves the first appointment of 1 October out.
        let later = Utc.with_ymd_and_hms(2026, 10, 20, 0, 0, 0).unwrap();
        let snap = s
            .forecast_snapshot(d.team, later, CaseloadWindow { weeks: 2 })
            .await
            .unwrap();
        assert!(snap.caseload.is_empty());
        assert!(snap.offers.is_empty());
        // Nothing that names a family is in it.
        let text = serde_json::to_string(&snap).unwrap();
        assert!(!text.contains("F-"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn a_what_if_is_applied_as_new_versions_in_one_audited_transaction() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "Apply").await;
        let before = s.load_team(d.team).await.unwrap();
        let audit_before = s.audit_log(&AuditQuery::default()).await.unwrap().len();

        let mut after = before.clone();
        let ad = &mut after.clinicians[0];
        let mut v3 = ad.job_plans[1].clone();
        v3.version = 3;
        v3.applies_from = Some(date(2026, 11, 2));
        v3.set(1, 0, Activity::Core);
        ad.job_plans.push(v3);
        after.clinicians[1].leaving_date = Some(date(2026, 12, 18));
        let mut extra = clinician("NC", "New clinician NC", 1.0);
        extra.start_date = Some(date(2026, 11, 2));
        extra.job_plans = vec![before.clinicians[0].job_plans[0].clone()];
        extra.job_plans[0].applies_from = None;
        extra.job_plans[0].version = 1;
        after.clinicians.push(extra);

        let done = s
            .apply_plan_changes(Actor::System, d.team, &after)
            .await
            .unwrap();
        assert_eq!(done.versions_added, vec![("AD".to_string(), 3)]);
        assert_eq!(done.leavers, vec!["TŌ".to_string()]);
        assert_eq!(done.joined, vec!["NC".to_string()]);
        let stored = s.load_team(d.team).await.unwrap();
        assert_eq!(stored.clinicians[0].job_plans.len(), 3);
        assert_eq!(
            stored.clinicians[0].job_plans[2],
            after.clinicians[0].job_plans[2]
        );
        assert_eq!(stored.clinicians[1].leaving_date, Some(date(2026, 12, 18)));
        assert!(
            stored
                .clinicians
                .iter()
                .any(|c| c.initials == initials("NC"))
        );
        let audit_after = s.audit_log(&AuditQuery::default()).await.unwrap().len();
        assert!(
            audit_after >= audit_before + 3,
            "{audit_before} -> {audit_after}"
        );

        // A change the store refuses leaves nothing half-written.
        let mut bad = stored.clone();
        let mut v4 = bad.clinicians[0].job_plans[2].clone();
        v4.version = 4;
        bad.clinicians[0].job_plans.push(v4);
        bad.clinicians[2].leaving_date = Some(date(2026, 12, 1));
        bad.clinicians[0].job_plans[3].set(0, 0, Activity::Specific("No such stream".into()));
        let err = s
            .apply_plan_changes(Actor::System, d.team, &bad)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(_) | StoreError::NotFound(_)),
            "{err:?}"
        );
        assert_eq!(s.load_team(d.team).await.unwrap(), stored);
    })
    .await;
}
