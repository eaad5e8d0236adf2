//! The quarter monitor's facts read from the diary, judged by capa-core,
//! computed by hand on a small diary; applying a what-if's job plans.

use capa_core::diary::{AppointmentState, Outcome};
use capa_core::monitor::{self, FlagCode};
use capa_store::{Actor, AppointmentKind, ClientKey, NewOffers, StoreError};

use crate::support::{client, date, diary_team, on_each_backend, publish, quarter, slot};

/// Records an outcome an hour after the appointment starts (the diary's
/// clock pinned, as the application passes its own).
async fn outcome(s: &capa_store::Store, id: capa_store::AppointmentId, outcome: Outcome) {
    let a = s.appointment(id).await.unwrap();
    s.record_outcome_at(
        Actor::System,
        id,
        outcome,
        a.starts_at + chrono::TimeDelta::hours(1),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn the_facts_follow_the_diary_and_the_monitor_counts_them() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let q = quarter();
        // AD: offers AD1-AD3 on 1-3 October 2026; a Choice slot on 28 September
        // (quarter 2026Q3 runs October to December for a year starting in April).
        let offers = publish(s, d.ad, 1..=3).await;
        let choice = s
            .publish_offers(
                Actor::System,
                &NewOffers {
                    clinician: d.to,
                    quarter: q,
                    kind: AppointmentKind::Choice,
                    slots: vec![slot(None, 2, 13)],
                },
            )
            .await
            .unwrap()[0];
        let family = s
            .find_or_create_client(
                Actor::System,
                d.team,
                &ClientKey::local("F-1").unwrap(),
                None,
                Some(date(2026, 9, 18)),
            )
            .await
            .unwrap()
            .id;
        s.book(Actor::System, choice, family, None).await.unwrap();
        outcome(s, choice, Outcome::Attended).await;
        // AD1 booked from that Choice appointment and attended; AD2 DNA'd and
        // re-offered as AD4; AD3 DNA'd and not re-offered.
        s.book(Actor::System, offers[0], family, Some(choice))
            .await
            .unwrap();
        outcome(s, offers[0], Outcome::Attended).await;
        for offer in [offers[1], offers[2]] {
            let f = client(s, d.team, &format!("F-{}", offer.0)).await;
            s.book(Actor::System, offer, f, None).await.unwrap();
            outcome(s, offer, Outcome::Dna).await;
        }
        let ad4 = s
            .publish_reoffer(Actor::System, offers[1], &slot(None, 20, 9))
            .await
            .unwrap();

        let stored = s.load_stored_team(d.team).await.unwrap();
        let today = date(2026, 11, 2);
        let (facts, settings) = s.monitor_facts(&stored, q, today).await.unwrap();
        assert_eq!(facts.quarter, q);
        assert_eq!(facts.today, today);
        let labels: Vec<_> = facts
            .appointments
            .iter()
            .map(|a| a.label.as_str())
            .collect();
        assert_eq!(labels, ["AD1", "AD2", "AD3", "AD4"]);
        let states: Vec<_> = facts.appointments.iter().map(|a| a.state).collect();
        use AppointmentState::*;
        assert_eq!(states, [Attended, Dna, Dna, Vacant]);
        assert_eq!(facts.reoffers.len(), 1);
        assert_eq!(facts.reoffers[0].original, offers[1].0);
        assert_eq!(facts.reoffers[0].replacement, ad4.0);
        // Full booking: AD1 was booked at the Choice appointment of 2 October
        // (13:00 UTC is 02:45 on the 3rd in Chatham, the sample team's zone).
        let booking = facts.appointments[0].booking.as_ref().unwrap();
        assert_eq!(booking.choice_date, Some(date(2026, 10, 3)));
        assert_eq!(facts.choice.len(), 1);
        assert_eq!(facts.choice[0].referral_accepted, Some(date(2026, 9, 18)));
        let ad = facts
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == "AD")
            .unwrap();
        assert_eq!((ad.caseload.started, ad.caseload.closed), (1, 0));
        assert_eq!(facts.managed_list, 0);
        // Holidays reach back before the quarter for re-offer windows.
        assert!(facts.holidays.iter().any(|h| *h < q.start()));

        let m = monitor::quarter(&facts, &settings);
        let line = m
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == "AD")
            .unwrap();
        // Published 4 (AD1-AD4), booked 3, started 1, DNA 2, re-offered 1, not 1.
        let c = &line.counts;
        assert_eq!(
            (
                c.published,
                c.booked,
                c.started,
                c.dna,
                c.reoffered,
                c.not_reoffered
            ),
            (4, 3, 1, 2, 1, 1)
        );
        // AD3 DNA'd on 3 October; five working days later it is overdue.
        assert!(line.flags.iter().any(|f| f.code == FlagCode::NotReoffered));
        let to = m
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == "TŌ")
            .unwrap();
        assert_eq!(to.choice_done, 1);
        // Waits: referral 18 September to Choice on 3 October is 15 days.
        // AD1 (1 October 22:45 in Chatham) comes before that Choice
        // appointment in this fixture, so its wait (-2 days) is left out.
        assert_eq!(m.waits.to_choice_days.median, Some(15.0));
        assert_eq!(m.waits.to_partnership_days.n, 0);

        // Closing AD1's episode empties AD's caseload as of the day it closed.
        s.close_episode(Actor::System, d.team, offers[0], date(2026, 11, 1))
            .await
            .unwrap();
        let (facts, _) = s.monitor_facts(&stored, q, today).await.unwrap();
        let ad = facts
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == "AD")
            .unwrap();
        assert_eq!(
            (ad.caseload.started, ad.caseload.closed, ad.caseload.open()),
            (1, 1, 0)
        );
        let (facts, _) = s
            .monitor_facts(&stored, q, date(2026, 10, 31))
            .await
            .unwrap();
        let ad = facts
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == "AD")
            .unwrap();
        assert_eq!(ad.caseload.open(), 1);

        let (four, _) = s.monitor_facts_trend(&stored, q, today).await.unwrap();
        let keys: Vec<_> = four.iter().map(|f| f.quarter.key()).collect();
        assert_eq!(keys, ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]);
        assert_eq!(four[3].appointments.len(), 4);
        assert!(four[0].appointments.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_what_if_is_applied_whole_or_not_at_all() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let stored = s.load_stored_team(d.team).await.unwrap();
        let team = &stored.team;
        let mut a = team.clinicians[0].job_plans.last().unwrap().clone();
        let mut b = team.clinicians[1].job_plans.last().unwrap().clone();
        a.version += 1;
        a.applies_from = Some(date(2027, 1, 1));
        b.version += 1;
        b.applies_from = Some(date(2027, 1, 1));
        // A version that exists already refuses the whole proposal.
        let mut stale = team.clinicians[1].job_plans.last().unwrap().clone();
        stale.applies_from = Some(date(2027, 1, 1));
        let err = s
            .apply_job_plans(
                Actor::System,
                d.team,
                &[(d.ad, a.clone()), (d.to, stale)],
                "AD leaving",
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert_eq!(
            s.job_plan_versions(d.ad).await.unwrap().len(),
            team.clinicians[0].job_plans.len()
        );
        let ids = s
            .apply_job_plans(Actor::System, d.team, &[(d.ad, a), (d.to, b)], "AD leaving")
            .await
            .unwrap();
        assert_eq!(ids.len(), 2);
        let after = s.load_team(d.team).await.unwrap();
        assert_eq!(
            after.clinicians[0].job_plans.last().unwrap().applies_from,
            Some(date(2027, 1, 1))
        );
        let log = s
            .audit_log(&capa_store::AuditQuery {
                entity: Some((capa_store::EntityKind::Team, d.team.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(log.iter().any(|r| {
            r.after
                .as_ref()
                .is_some_and(|a| a["what_if"] == "AD leaving")
        }));
    })
    .await;
}
