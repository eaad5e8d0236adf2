//! Around the diary: holidays, leave, the managed list and calendar feeds.

use capa_store::{Actor, StoreError};
use chrono::NaiveDate;
use serde_json::json;

use crate::support::{client, diary_team, on_each_backend};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[tokio::test]
async fn holidays_and_leave_are_kept_and_listed_by_range() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let matariki = s
            .add_holiday(Actor::System, d.team, day(7, 10), "Matariki")
            .await
            .unwrap();
        s.add_holiday(Actor::System, d.team, day(10, 26), "Labour Day")
            .await
            .unwrap();
        let err = s
            .add_holiday(Actor::System, d.team, day(7, 10), "Again")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        // Asking for October to December fills 2026 from the team's calendar
        // (New Zealand with the Chatham Islands' anniversary day): Labour Day
        // is the team's own, the rest come from the calendar.
        let q3 = s
            .holidays(d.team, Some(day(10, 1)), Some(day(12, 31)))
            .await
            .unwrap();
        let days: Vec<(NaiveDate, &str, bool)> = q3
            .iter()
            .map(|h| (h.day, h.name.as_str(), h.from_calendar))
            .collect();
        assert_eq!(
            days,
            [
                (day(10, 26), "Labour Day", false),
                (day(11, 30), "Chatham Islands Anniversary Day", true),
                (day(12, 25), "Christmas Day", true),
                (day(12, 28), "Boxing Day (observed)", true),
            ]
        );
        s.remove_holiday(Actor::System, matariki).await.unwrap();
        // 2026: 11 national days and the anniversary day, less Matariki removed.
        assert_eq!(s.holidays(d.team, None, None).await.unwrap().len(), 11);

        let leave = s
            .add_leave(Actor::System, d.ad, day(10, 5), day(10, 9))
            .await
            .unwrap();
        assert!(
            s.add_leave(Actor::System, d.ad, day(10, 9), day(10, 5))
                .await
                .is_err()
        );
        let overlapping = s
            .leave(d.team, Some(day(10, 9)), Some(day(10, 20)))
            .await
            .unwrap();
        assert_eq!(overlapping.len(), 1);
        assert_eq!(overlapping[0].clinician_id, d.ad);
        assert!(
            s.leave(d.team, Some(day(10, 10)), None)
                .await
                .unwrap()
                .is_empty()
        );
        s.remove_leave(Actor::System, leave).await.unwrap();
        assert!(s.leave(d.team, None, None).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn every_team_gets_its_calendars_holidays_and_keeps_its_own() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let mut settings = capa_core::TeamSettings::new("Wellington CAMHS");
        settings.holiday_calendar =
            capa_core::diary::HolidayCalendar::parse("nz-wellington").unwrap();
        let team = s
            .create_team(
                Actor::System,
                &capa_core::Team::new(settings.clone(), Vec::new()).unwrap(),
            )
            .await
            .unwrap();
        let y27 = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        let year = s
            .holidays(team, Some(y27(1, 1)), Some(y27(12, 31)))
            .await
            .unwrap();
        // 22 January 2027 is a Friday: the anniversary day is Monday 25th.
        assert!(
            year.iter()
                .any(|h| h.day == y27(1, 25) && h.name == "Wellington Anniversary Day")
        );
        assert!(
            year.iter()
                .any(|h| h.day == y27(6, 25) && h.name == "Matariki")
        );
        assert_eq!(year.len(), 12);
        // A calendar day removed stays removed; asking again fills nothing.
        // 6 February 2027 is a Saturday: observed on Monday 8th.
        let waitangi = year
            .iter()
            .find(|h| h.day == y27(2, 8) && h.name == "Waitangi Day (observed)")
            .unwrap()
            .id;
        s.remove_holiday(Actor::System, waitangi).await.unwrap();
        let again = s
            .holidays(team, Some(y27(1, 1)), Some(y27(12, 31)))
            .await
            .unwrap();
        assert_eq!(again.len(), 11);
        // The team's own name for a calendar day makes it the team's.
        s.add_holiday(Actor::System, team, y27(12, 27), "Christmas closedown")
            .await
            .unwrap();
        s.add_holiday(Actor::System, team, y27(12, 24), "Christmas Eve closedown")
            .await
            .unwrap();
        // Another calendar: the calendar's days go, the team's stay.
        settings.holiday_calendar =
            capa_core::diary::HolidayCalendar::parse("uk-scotland").unwrap();
        s.update_team_settings(Actor::System, team, &settings)
            .await
            .unwrap();
        let scots = s
            .holidays(team, Some(y27(1, 1)), Some(y27(12, 31)))
            .await
            .unwrap();
        assert!(
            scots
                .iter()
                .any(|h| h.day == y27(1, 4) && h.name == "2nd January (substitute day)")
        );
        assert!(
            scots
                .iter()
                .any(|h| h.day == y27(12, 24) && !h.from_calendar)
        );
        assert!(
            scots
                .iter()
                .any(|h| h.day == y27(12, 27) && h.name == "Christmas closedown")
        );
        assert!(!scots.iter().any(|h| h.name == "Matariki"));
    })
    .await;
}

#[tokio::test]
async fn the_managed_list_keeps_a_family_visible_until_resolved() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let family = client(s, d.team, "F-1").await;
        let needs = json!({ "skills": ["Dynamic"], "not_days": ["friday"] });
        let id = s
            .add_to_managed_list(
                Actor::System,
                d.team,
                family,
                "no offer within 6 weeks",
                &needs,
            )
            .await
            .unwrap();
        let err = s
            .add_to_managed_list(Actor::System, d.team, family, "again", &needs)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        let open = s.managed_list(d.team, false).await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].needs, needs);
        assert_eq!(open[0].client_reference, "F-1");
        s.resolve_managed(Actor::System, id, "booked AD7")
            .await
            .unwrap();
        assert!(s.resolve_managed(Actor::System, id, "twice").await.is_err());
        assert!(s.managed_list(d.team, false).await.unwrap().is_empty());
        let all = s.managed_list(d.team, true).await.unwrap();
        assert_eq!(all[0].resolution.as_deref(), Some("booked AD7"));
        // Resolved, the family may be listed again.
        s.add_to_managed_list(Actor::System, d.team, family, "DNA, nothing fits", &needs)
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_calendar_feed_opens_by_token_until_revoked() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let (feed, token) = s.create_calendar_feed(Actor::System, d.ad).await.unwrap();
        assert_eq!(feed.clinician_id, d.ad);
        assert_eq!(feed.team_id, d.team);
        let stored = db.raw_text("SELECT token_hash FROM calendar_feeds").await;
        assert_ne!(stored, token);
        assert_eq!(stored.len(), 64);
        assert_eq!(s.calendar_feed(&token).await.unwrap(), Some(feed.clone()));
        assert_eq!(s.calendar_feed("nope").await.unwrap(), None);
        s.revoke_calendar_feed(Actor::System, feed.id)
            .await
            .unwrap();
        s.revoke_calendar_feed(Actor::System, feed.id)
            .await
            .unwrap();
        assert_eq!(s.calendar_feed(&token).await.unwrap(), None);
        let feeds = s.calendar_feeds(d.ad).await.unwrap();
        assert!(feeds[0].revoked_at.is_some());
    })
    .await;
}
