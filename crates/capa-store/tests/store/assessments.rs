//! Self-assessments: reviews on a date, rated item by item with notes,
//! started empty or from the last one, every change audited.

use capa_core::assessment::{ItemNumber, Rating, score};
use capa_store::{Actor, AssessmentId, AuditQuery, EntityKind, StoreError};

use crate::support::{client, date, diary_team, on_each_backend, publish};

fn item(n: i64) -> ItemNumber {
    ItemNumber::from_value(n).unwrap()
}

#[tokio::test]
async fn a_review_is_rated_item_by_item_and_audited() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let t = diary_team(s, "North").await.team;
        let a = s
            .create_assessment(Actor::System, t, date(2025, 11, 20), None)
            .await
            .unwrap();
        assert_eq!(a.assessment.date, date(2025, 11, 20));
        assert_eq!(a.assessment.entries.len(), 11);
        assert!(a.assessment.entries.values().all(|e| e.rating.is_none()));
        assert_eq!(a.copied_from, None);

        let after = s
            .rate_assessment_item(
                Actor::System,
                a.id,
                item(8),
                Some(Rating::Partial),
                "  targets set, not monitored ",
            )
            .await
            .unwrap();
        assert_eq!(after.assessment.rating(item(8)), Some(Rating::Partial));
        assert_eq!(
            after.assessment.entries[&item(8)].note,
            "targets set, not monitored"
        );
        s.rate_assessment_item(Actor::System, a.id, item(7), Some(Rating::Yes), "")
            .await
            .unwrap();
        let read = s.assessment(a.id).await.unwrap();
        assert_eq!(read.assessment.rating(item(7)), Some(Rating::Yes));
        let sc = score(&read.assessment, &Default::default());
        assert_eq!(sc.score, 3);

        // Back to not rated.
        let back = s
            .rate_assessment_item(Actor::System, a.id, item(7), None, "")
            .await
            .unwrap();
        assert_eq!(back.assessment.rating(item(7)), None);

        let log = s
            .audit_log(&AuditQuery {
                team_id: Some(t),
                ..Default::default()
            })
            .await
            .unwrap();
        let ours: Vec<_> = log
            .iter()
            .filter(|r| r.entity_kind == EntityKind::Assessment)
            .collect();
        assert_eq!(ours.len(), 4, "one create, three ratings");
        let rated = ours
            .iter()
            .find(|r| r.after.as_ref().is_some_and(|a| a["number"] == 8))
            .unwrap();
        assert_eq!(
            rated.before.as_ref().unwrap()["rating"],
            serde_json::Value::Null
        );
        assert_eq!(rated.after.as_ref().unwrap()["rating"], 1);
        assert_eq!(
            rated.after.as_ref().unwrap()["note"],
            "targets set, not monitored"
        );
    })
    .await;
}

#[tokio::test]
async fn a_review_copies_the_last_and_the_copy_is_its_own() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let t = diary_team(s, "North").await.team;
        let first = s
            .create_assessment(Actor::System, t, date(2024, 11, 1), None)
            .await
            .unwrap();
        let second = s
            .create_assessment(Actor::System, t, date(2025, 11, 1), None)
            .await
            .unwrap();
        s.rate_assessment_item(
            Actor::System,
            second.id,
            item(3),
            Some(Rating::No),
            "wait to Choice 9 weeks",
        )
        .await
        .unwrap();
        let last = s.last_assessment(t).await.unwrap().unwrap();
        assert_eq!(last.id, second.id);
        let copy = s
            .create_assessment(Actor::System, t, date(2026, 11, 1), Some(last.id))
            .await
            .unwrap();
        assert_eq!(copy.copied_from, Some(second.id));
        assert_eq!(copy.assessment.rating(item(3)), Some(Rating::No));
        assert_eq!(
            copy.assessment.entries[&item(3)].note,
            "wait to Choice 9 weeks"
        );
        // Changing the copy leaves the original as it was.
        s.rate_assessment_item(
            Actor::System,
            copy.id,
            item(3),
            Some(Rating::Partial),
            "better",
        )
        .await
        .unwrap();
        assert_eq!(
            s.assessment(second.id)
                .await
                .unwrap()
                .assessment
                .rating(item(3)),
            Some(Rating::No)
        );
        let all = s.assessments(t).await.unwrap();
        assert_eq!(
            all.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![first.id, second.id, copy.id],
            "oldest first"
        );
        assert_eq!(s.last_assessment(t).await.unwrap().unwrap().id, copy.id);
    })
    .await;
}

#[tokio::test]
async fn bad_reviews_and_notes_are_refused_and_nothing_is_written() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let north = diary_team(s, "North").await.team;
        let south = diary_team(s, "South").await.team;
        let a = s
            .create_assessment(Actor::System, north, date(2025, 11, 20), None)
            .await
            .unwrap();
        let same_day = s
            .create_assessment(Actor::System, north, date(2025, 11, 20), None)
            .await
            .unwrap_err();
        assert!(matches!(same_day, StoreError::Conflict(_)), "{same_day:?}");
        assert!(same_day.to_string().contains("20/11/2025"), "{same_day}");
        // Another team's review cannot be copied.
        let other = s
            .create_assessment(Actor::System, south, date(2025, 12, 1), Some(a.id))
            .await
            .unwrap_err();
        assert!(matches!(other, StoreError::NotFound(_)), "{other:?}");
        let missing = s.assessment(AssessmentId(9999)).await.unwrap_err();
        assert!(matches!(missing, StoreError::NotFound(_)));
        let long = "x".repeat(2001);
        let err = s
            .rate_assessment_item(Actor::System, a.id, item(1), Some(Rating::Yes), &long)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("note"), "{err}");
        let err = s
            .rate_assessment_item(Actor::System, a.id, item(1), Some(Rating::Yes), "bell\u{7}")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(
            s.assessment(a.id).await.unwrap().assessment.rating(item(1)),
            None
        );
        assert!(s.assessments(south).await.unwrap().is_empty());
        // A team with reviews can still be deleted.
        s.delete_team(Actor::System, north).await.unwrap();
        assert!(s.assessment(a.id).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn a_booking_keeps_whether_a_skills_search_found_it() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let t = diary_team(s, "North").await;
        let offers = publish(s, t.ad, 1..=2).await;
        let (a, b) = (
            client(s, t.team, "L-1").await,
            client(s, t.team, "L-2").await,
        );
        let plain = s.book(Actor::System, offers[0], a, None).await.unwrap();
        assert!(!plain.skills_searched);
        let searched = s
            .book_searched(Actor::System, offers[1], b, None, true)
            .await
            .unwrap();
        assert!(searched.skills_searched);
        let read = s.bookings(offers[1]).await.unwrap();
        assert!(read[0].skills_searched);
        assert!(!s.bookings(offers[0]).await.unwrap()[0].skills_searched);
    })
    .await;
}
