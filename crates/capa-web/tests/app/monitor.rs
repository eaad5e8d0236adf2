//! The quarter monitor over HTTP: figures computed by hand on a small diary
//! written into the demo team, the same target as the capacity report, the
//! flags with their reasons, and the document.

use capa_core::Quarter;
use capa_core::diary::Outcome;
use capa_store::{Actor, AppointmentKind, ClientKey, NewOffers, NewSlot};
use chrono::{NaiveTime, TimeDelta};
use serde_json::Value;

use crate::{App, User, with_app};

/// TR's small diary, 40 and 39 days before the app's today at 10:00: AD1
/// attended, AD2 not attended and never re-offered. Returns the quarter.
pub async fn small_diary(app: &App) -> Quarter {
    let s = &app.store;
    let stored = s.load_stored_team(app.team).await.unwrap();
    let tr = stored
        .team
        .clinicians
        .iter()
        .position(|c| c.initials.as_str() == "TR")
        .unwrap();
    let zone = stored.team.settings.time_zone;
    let first = app.today() - TimeDelta::days(40);
    let q = Quarter::containing(first, stored.team.settings.year_start_month);
    let slots = (0..2)
        .map(|i| {
            let starts_at = zone.utc(
                (first + TimeDelta::days(i)).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
            );
            NewSlot {
                number: Some(u32::try_from(i).unwrap() + 1),
                starts_at,
                ends_at: starts_at + TimeDelta::hours(1),
                location: None,
            }
        })
        .collect();
    let ids = s
        .publish_offers(
            Actor::System,
            &NewOffers {
                clinician: stored.clinician_ids[tr],
                quarter: q,
                kind: AppointmentKind::Partnership,
                slots,
            },
        )
        .await
        .unwrap();
    for (i, (id, outcome)) in ids
        .iter()
        .zip([Outcome::Attended, Outcome::Dna])
        .enumerate()
    {
        let family = s
            .find_or_create_client(
                Actor::System,
                app.team,
                &ClientKey::local(&format!("MON-{i}")).unwrap(),
                None,
                None,
            )
            .await
            .unwrap();
        s.book(Actor::System, *id, family.id, None).await.unwrap();
        let a = s.appointment(*id).await.unwrap();
        s.record_outcome_at(
            Actor::System,
            *id,
            outcome,
            a.starts_at + TimeDelta::hours(1),
        )
        .await
        .unwrap();
    }
    q
}

#[tokio::test]
async fn the_monitor_counts_the_diary_and_flags_with_reasons() {
    with_app(|app| async move {
        let q = small_diary(&app).await;
        let u = User::login(&app, "viewer").await;
        let path = format!("/api/v1/teams/{}/monitor?quarter={}", app.team, q.key());
        let r = u.get(&path).await;
        assert_eq!(r.status(), 200);
        let m: Value = r.json().await.unwrap();
        assert_eq!(m["team"], "Awa Valley CAMHS");
        assert_eq!(m["quarter"], q.key());
        assert_eq!(m["as_of"], app.today().to_string());
        let tr = m["clinicians"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["initials"] == "TR")
            .unwrap();
        for (field, want) in [
            ("published", 2),
            ("booked", 2),
            ("started", 1),
            ("dna", 1),
            ("cancelled", 0),
            ("reoffered", 0),
            ("not_reoffered", 1),
        ] {
            assert_eq!(tr[field], want, "{field}: {tr}");
        }
        for field in [
            "name",
            "target",
            "choice_allocated",
            "choice_done",
            "projected",
            "flags",
        ] {
            assert!(tr.get(field).is_some(), "{field}");
        }
        // The DNA of 39 days ago was due for re-offer within 5 working days.
        let codes: Vec<&str> = tr["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"not_reoffered"), "{codes:?}");
        let flag = tr["flags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "not_reoffered")
            .unwrap();
        assert!(flag["reason"].as_str().unwrap().contains("TR2"), "{flag}");
        // The target is the capacity report's, Core plus Specific.
        let cap: Value = u
            .get(&format!(
                "/api/v1/teams/{}/capacity?quarter={}",
                app.team,
                q.key()
            ))
            .await
            .json()
            .await
            .unwrap();
        let line = cap["clinicians"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["initials"] == "TR")
            .unwrap();
        let specific: u64 = line["specific_targets"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(
            tr["target"].as_u64().unwrap(),
            line["new_core_target"].as_u64().unwrap() + specific
        );
        // The totals are the sum of the lines.
        let lines = m["clinicians"].as_array().unwrap();
        for field in ["target", "published", "started", "dna", "not_reoffered"] {
            let sum: u64 = lines.iter().map(|c| c[field].as_u64().unwrap()).sum();
            assert_eq!(m["totals"][field].as_u64().unwrap(), sum, "{field}");
        }
        for key in ["to_choice_days", "to_partnership_days"] {
            assert!(m["waits"][key].get("median").is_some());
            assert!(m["waits"][key].get("p90").is_some());
        }
        assert!(m["waits"].get("share_within_3_weeks").is_some());
        assert!(m["waits"].get("share_within_8_weeks").is_some());
        assert_eq!(m["managed_list"], 0);
        // Any form of the quarter the command line accepts; a bad one is 422.
        let label = u
            .get(&format!(
                "/api/v1/teams/{}/monitor?quarter={}",
                app.team,
                q.to_string().replace(' ', "%20")
            ))
            .await;
        assert_eq!(label.status(), 200);
        let bad = u
            .get(&format!("/api/v1/teams/{}/monitor?quarter=Q9", app.team))
            .await;
        assert_eq!(bad.status(), 422);
        // Today's quarter by default.
        let today: Value = u
            .get(&format!("/api/v1/teams/{}/monitor", app.team))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(today["quarter"], app.quarter().key());
    })
    .await;
}
