//! Outcomes once an appointment has started, corrections of a wrong outcome
//! (who may, the reason, the re-offer kept as an ordinary offer), booking
//! another stream, and the waits on the booking search.

use capa_core::Initials;
use capa_store::{AuditQuery, ClinicianId, EntityKind};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::diary::populated;
use crate::matrix::past_appointments;
use crate::{App, User, with_app};

async fn clinician(app: &App, initials: &str) -> ClinicianId {
    app.store
        .find_clinician(app.team, &Initials::parse(initials).unwrap())
        .await
        .unwrap()
        .unwrap()
}

/// A Core offer of TR's that started an hour or so before the tests' clock,
/// booked through the API for `family`.
async fn started_and_booked(app: &App, booking: &User, family: &str) -> i64 {
    let tr = clinician(app, "TR").await;
    let (offers, _) = past_appointments(app, tr, 1, 0).await;
    let id = offers[0].0;
    let r = booking
        .post_json(
            &format!("/api/v1/offers/{id}/book"),
            &json!({ "client": family }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    id
}

async fn offer(u: &User, app: &App, id: i64) -> Value {
    let list: Value = u
        .get(&format!("/api/v1/offers?team={}", app.team))
        .await
        .json()
        .await
        .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn an_outcome_waits_until_the_appointment_has_started() {
    with_app(|app| async move {
        populated(&app).await;
        let booking = User::login(&app, "booking").await;
        // A vacant offer weeks ahead, booked.
        let list: Value = booking
            .get(&format!("/api/v1/offers?state=vacant&team={}", app.team))
            .await
            .json()
            .await
            .unwrap();
        let ahead = list
            .as_array()
            .unwrap()
            .iter()
            .find(|o| {
                let at: chrono::DateTime<chrono::Utc> =
                    o["starts_at"].as_str().unwrap().parse().unwrap();
                at > app.now + chrono::Duration::weeks(5)
            })
            .expect("an offer five weeks ahead")["id"]
            .as_i64()
            .unwrap();
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{ahead}/book"),
                &json!({ "client": "LOCAL-501" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{ahead}/outcome"),
                &json!({ "outcome": "dna" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["field"], "outcome");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("once the appointment has started"),
            "{body}"
        );
        assert_eq!(offer(&booking, &app, ahead).await["state"], "booked");
        // The page refuses it the same way, and offers no outcome form yet.
        let t = app.team.0;
        let r = booking
            .post_form(
                &format!("/teams/{t}/diary/appointments/{ahead}/outcome"),
                &[("outcome", "dna")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("once the appointment has started")
        );
        // One that has started takes its outcome.
        let started = started_and_booked(&app, &booking, "LOCAL-502").await;
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{started}/outcome"),
                &json!({ "outcome": "dna" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.json::<Value>().await.unwrap()["state"], "dna");
    })
    .await;
}

#[tokio::test]
async fn a_wrong_dna_is_corrected_and_its_reoffer_stays_an_ordinary_offer() {
    with_app(|app| async move {
        populated(&app).await;
        let booking = User::login(&app, "booking").await;
        let tr = User::login(&app, "clinician").await; // TR
        let ad_id = clinician(&app, "AD").await;
        crate::matrix::account(&app, "other-clinician", Some(capa_store::Role::Clinician(ad_id)), app.team)
            .await;
        let ad = User::login(&app, "other-clinician").await;
        let t = app.team.0;
        let id = started_and_booked(&app, &booking, "LOCAL-601").await;
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{id}/outcome"),
                &json!({ "outcome": "dna" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        // Re-offered: after the appointment it replaces.
        let r = booking
            .post_form(&format!("/teams/{t}/diary/appointments/{id}/reoffer"), &[])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let missed = offer(&booking, &app, id).await;
        let reoffer = missed["reoffered_by"].as_i64().expect("re-offered");
        let new = offer(&booking, &app, reoffer).await;
        assert!(new["starts_at"].as_str() > missed["starts_at"].as_str());
        // Only the clinician of the appointment or a lead corrects it.
        let fix = json!({ "outcome": "attended", "reason": "the family came; DNA was ticked by mistake" });
        let path = format!("/api/v1/offers/{id}/correct");
        assert_eq!(ad.post_json(&path, &fix).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(booking.post_json(&path, &fix).await.status(), StatusCode::FORBIDDEN);
        // A reason is required, and limited.
        for (body, field) in [
            (json!({ "outcome": "attended", "reason": "  " }), "reason"),
            (json!({ "outcome": "attended", "reason": "x".repeat(2001) }), "reason"),
            (json!({ "outcome": "dna", "reason": "same" }), "outcome"),
            (json!({ "outcome": "perhaps", "reason": "why" }), "outcome"),
        ] {
            let r = tr.post_json(&path, &body).await;
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(r.json::<Value>().await.unwrap()["field"], field);
        }
        let r = tr.post_json(&path, &fix).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["from"], "dna");
        assert_eq!(body["to"], "attended");
        assert_eq!(body["reoffer_withdrawn"], true);
        assert_eq!(body["kept_offer"], reoffer);
        assert_eq!(body["offer"]["state"], "attended");
        assert!(body["offer"]["reoffered_by"].is_null());
        // The re-offer stays, as an ordinary offer.
        let kept = offer(&booking, &app, reoffer).await;
        assert_eq!(kept["state"], "vacant");
        assert!(kept["replaces"].is_null());
        // Audited with the reason.
        let log = app
            .store
            .audit_log(&AuditQuery {
                team_id: Some(app.team),
                entity: Some((EntityKind::Appointment, id)),
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert!(log.iter().any(|e| e
            .after
            .as_ref()
            .is_some_and(|a| a["reason"] == "the family came; DNA was ticked by mistake")));
        // The page: the week shows TR the control, and a lead corrects back.
        let zone = app
            .store
            .load_stored_team(app.team)
            .await
            .unwrap()
            .team
            .settings
            .time_zone;
        let at: chrono::DateTime<chrono::Utc> = missed["starts_at"].as_str().unwrap().parse().unwrap();
        let week = zone.local(at).date();
        let page = tr
            .page(&format!("/teams/{t}/diary?week={week}"))
            .await;
        assert!(
            page.contains(&format!("/diary/appointments/{id}/correct")),
            "no correction control for {id} in the week of {week}: {}",
            page.find(&format!("appointment-{id}"))
                .map(|i| &page[i..(i + 1500).min(page.len())])
                .unwrap_or("(no row)")
        );
        let lead = User::login(&app, "lead").await;
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/appointments/{id}/correct"),
                &[("outcome", "dna"), ("reason", "checked the notes: they did not come")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(offer(&booking, &app, id).await["state"], "dna");
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/appointments/{id}/correct"),
                &[("outcome", "attended"), ("reason", "")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // An appointment without an outcome has nothing to correct.
        let other = started_and_booked(&app, &booking, "LOCAL-602").await;
        let r = tr
            .post_json(&format!("/api/v1/offers/{other}/correct"), &fix)
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
    })
    .await;
}

#[tokio::test]
async fn one_family_one_first_appointment_unless_another_stream_with_a_reason() {
    with_app(|app| async move {
        populated(&app).await;
        let booking = User::login(&app, "booking").await;
        let list: Value = booking
            .get(&format!("/api/v1/offers?state=vacant&team={}", app.team))
            .await
            .json()
            .await
            .unwrap();
        let list = list.as_array().unwrap();
        // Offers ahead only: the demo's history leaves some past offers
        // vacant, and the booking page lists only offers still to come.
        let ahead = |o: &&Value| {
            let at: chrono::DateTime<chrono::Utc> = o["starts_at"].as_str().unwrap().parse().unwrap();
            at > app.now
        };
        let core: Vec<i64> = list
            .iter()
            .filter(|o| o["kind"] == "partnership")
            .filter(ahead)
            .map(|o| o["id"].as_i64().unwrap())
            .collect();
        let dbt = list
            .iter()
            .find(|o| o["stream"] == "DBT")
            .expect("a DBT offer")["id"]
            .as_i64()
            .unwrap();
        let book = |id: i64, body: Value| {
            let booking = &booking;
            async move {
                booking
                    .post_json(&format!("/api/v1/offers/{id}/book"), &body)
                    .await
            }
        };
        let r = book(core[0], json!({ "client": "LOCAL-700" })).await;
        assert_eq!(r.status(), StatusCode::OK);
        let held = r.json::<Value>().await.unwrap()["offer"]["label"]
            .as_str()
            .unwrap()
            .to_string();
        let r = book(core[1], json!({ "client": "LOCAL-700" })).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error = r.json::<Value>().await.unwrap()["error"].as_str().unwrap().to_string();
        assert!(error.contains(&held), "names the booking held: {error}");
        // Another stream needs a reason, and another diary.
        let r = book(dbt, json!({ "client": "LOCAL-700", "another_stream_reason": " " })).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json::<Value>().await.unwrap()["field"], "another_stream_reason");
        let r = book(
            core[1],
            json!({ "client": "LOCAL-700", "another_stream_reason": "DBT too" }),
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = book(
            dbt,
            json!({ "client": "LOCAL-700", "another_stream_reason": "self-harm: DBT alongside Core" }),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        // The page: refused naming the booking held, then booked as another stream.
        let t = app.team.0;
        let r = booking
            .post_form(
                &format!("/teams/{t}/diary/appointments/{}/book", core[2]),
                &[("client", "LOCAL-700")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(page.contains(&held));
        assert!(page.contains("name=\"another_stream_reason\""));
    })
    .await;
}

#[tokio::test]
async fn the_booking_search_shows_the_wait_and_a_preference_only_within_the_limit() {
    with_app(|app| async move {
        populated(&app).await;
        let booking = User::login(&app, "booking").await;
        let t = app.team.0;
        let page = booking.page(&format!("/teams/{t}/diary/book")).await;
        assert!(page.contains("Wait from today"));
        assert!(page.contains("days"));
        assert!(page.contains("the team's limit of 6 weeks"));
        // Preferring a clinician puts their offers within 6 weeks first, and
        // only those: every "preferred" tag is on an offer within the limit.
        let page = booking
            .page(&format!("/teams/{t}/diary/book?preferred=TR"))
            .await;
        let rows: Vec<&str> = page.split("<tr>").skip(2).collect();
        assert!(!rows.is_empty());
        for row in &rows {
            if row.contains("tag ok\">preferred") {
                assert!(row.contains("Tui Rangi") || row.contains("TR"), "{row}");
                assert!(
                    !row.contains("tag bad"),
                    "a preferred offer beyond the limit: {row}"
                );
            }
        }
    })
    .await;
}
