//! A quarter's review mark and action notes, episode closures and the
//! monitor's settings, on both backends.

use capa_core::diary::Outcome;
use capa_core::monitor::MonitorSettings;
use capa_store::{Actor, AuditQuery, EntityKind, NewUser, StoreError};

use crate::support::{client, date, diary_team, on_each_backend, publish, quarter};

#[tokio::test]
async fn a_review_is_marked_done_once_with_who_and_when() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let q = quarter();
        assert_eq!(s.review_mark(d.team, q).await.unwrap(), None);
        let lead = s
            .create_user(
                Actor::System,
                &NewUser {
                    username: "lead",
                    display_name: "Lee Lead",
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        let mark = s
            .mark_review_done(Actor::User(lead), d.team, q, date(2026, 12, 20))
            .await
            .unwrap();
        assert_eq!(mark.done_by_name, "Lee Lead");
        assert_eq!(mark.quarter, "2026Q3");
        let read = s.review_mark(d.team, q).await.unwrap().unwrap();
        assert_eq!(read, mark);
        assert_eq!(read.done_on, date(2026, 12, 20));
        assert_eq!(read.done_by, Some(lead));
        // Another quarter is not marked.
        assert_eq!(s.review_mark(d.team, q.next()).await.unwrap(), None);
        let err = s
            .mark_review_done(Actor::System, d.team, q, date(2026, 12, 21))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.contains("already marked done")),
            "{err:?}"
        );
        assert_eq!(s.review_marks(d.team).await.unwrap(), vec![mark]);
        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Review, d.team.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].after.as_ref().unwrap()["quarter"], "2026Q3");
    })
    .await;
}

#[tokio::test]
async fn action_notes_are_kept_per_clinician_and_quarter() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let q = quarter();
        s.set_review_note(Actor::System, d.team, q, d.ad, "  Book two more offers  ")
            .await
            .unwrap();
        s.set_review_note(Actor::System, d.team, q, d.to, "Re-offer AD3")
            .await
            .unwrap();
        s.set_review_note(Actor::System, d.team, q, d.ad, "Book three more offers")
            .await
            .unwrap();
        let notes = s.review_notes(d.team, q).await.unwrap();
        let pairs: Vec<_> = notes
            .iter()
            .map(|n| (n.clinician_id, n.note.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![(d.ad, "Book three more offers"), (d.to, "Re-offer AD3")]
        );
        assert!(s.review_notes(d.team, q.next()).await.unwrap().is_empty());
        // An empty note removes it; a note too long is refused.
        s.set_review_note(Actor::System, d.team, q, d.to, " ")
            .await
            .unwrap();
        assert_eq!(s.review_notes(d.team, q).await.unwrap().len(), 1);
        let err = s
            .set_review_note(Actor::System, d.team, q, d.ad, &"x".repeat(2001))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        // A clinician of another team is refused.
        let other = diary_team(s, "South").await;
        let err = s
            .set_review_note(Actor::System, d.team, q, other.ad, "no")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        let log = s
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Review, d.ad.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(log.len(), 2);
        // Deleting the team takes its reviews with it.
        s.mark_review_done(Actor::System, d.team, q, date(2026, 12, 1))
            .await
            .unwrap();
        s.delete_team(Actor::System, d.team).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn an_attended_first_appointment_closes_once() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = publish(s, d.ad, 1..=2).await;
        let family = client(s, d.team, "F-1").await;
        s.book(Actor::System, offers[0], family, None)
            .await
            .unwrap();
        let err = s
            .close_episode(Actor::System, d.team, offers[0], date(2026, 11, 1))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid(m) if m.contains("started")),
            "{err:?}"
        );
        s.record_outcome(Actor::System, offers[0], Outcome::Attended)
            .await
            .unwrap();
        let err = s
            .close_episode(Actor::System, d.team, offers[0], date(2026, 9, 1))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid(m) if m.contains("before")),
            "{err:?}"
        );
        let closed = s
            .close_episode(Actor::System, d.team, offers[0], date(2026, 12, 1))
            .await
            .unwrap();
        assert_eq!(closed.closed_on, date(2026, 12, 1));
        let err = s
            .close_episode(Actor::System, d.team, offers[0], date(2026, 12, 2))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        let other = diary_team(s, "South").await;
        let err = s
            .close_episode(Actor::System, other.team, offers[0], date(2026, 12, 2))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        assert_eq!(s.episode_closures(d.team).await.unwrap(), vec![closed]);
        s.delete_team(Actor::System, d.team).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn monitor_settings_default_and_change() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let mut m = s.monitor_settings(d.team).await.unwrap();
        let defaults = MonitorSettings::default();
        assert_eq!(m.caseload_threshold, defaults.caseload_threshold);
        assert_eq!(
            (m.short_wait, m.long_wait),
            (defaults.short_wait, defaults.long_wait)
        );
        // The sample team's own re-offer window and wait limit.
        assert_eq!((m.reoffer_working_days, m.internal_limit_weeks), (4, 5));
        m.caseload_threshold = 12;
        m.short_wait.share = 0.7;
        s.set_monitor_settings(Actor::System, d.team, &m)
            .await
            .unwrap();
        assert_eq!(s.monitor_settings(d.team).await.unwrap(), m);
        m.caseload_threshold = 0;
        let err = s
            .set_monitor_settings(Actor::System, d.team, &m)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    })
    .await;
}
