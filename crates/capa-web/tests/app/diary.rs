//! The diaries over HTTP: publishing offers, booking (and "just taken"),
//! outcomes, re-offers and the activity-planning sheet.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{App, User, outsider, with_app};

pub async fn populated(app: &App) {
    let n = capa_web::demo::populate_diary(&app.store, app.team, app.now)
        .await
        .unwrap();
    assert!(n > 100, "the demo publishes offers for two quarters ({n})");
}

async fn vacant_offer(u: &User, app: &App) -> Value {
    let list: Value = u
        .get(&format!("/api/v1/offers?state=vacant&team={}", app.team))
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert!(!list.is_empty());
    for o in list {
        for key in ["id", "clinician", "label", "starts_at", "state"] {
            assert!(o.get(key).is_some(), "offer has {key}: {o}");
        }
        assert_eq!(o["state"], "vacant");
    }
    // The first still to come: the demo's history leaves some past offers
    // vacant (a clinician who did not book themselves in).
    list.iter()
        .find(|o| {
            chrono::DateTime::parse_from_rfc3339(o["starts_at"].as_str().unwrap())
                .is_ok_and(|t| t > app.now)
        })
        .expect("a vacant offer to come")
        .clone()
}

#[tokio::test]
async fn booking_an_offer_then_just_taken_then_outcome() {
    with_app(|app| async move {
        populated(&app).await;
        let booking = User::login(&app, "booking").await;
        let offer = vacant_offer(&booking, &app).await;
        let id = offer["id"].as_i64().unwrap();
        let slots: Value = booking
            .get(&format!(
                "/api/v1/choice-slots?state=vacant&team={}",
                app.team
            ))
            .await
            .json()
            .await
            .unwrap();
        let choice = slots.as_array().unwrap()[0]["id"].as_i64().unwrap();
        // A new family with a test NHI, booked from its Choice appointment.
        let r = booking
            .post_json(
                &format!("/api/v1/choice-slots/{choice}/book"),
                &json!({ "client": "ZZZ0016" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{id}/book"),
                &json!({ "client": "ZZZ0016", "choice_appointment": choice }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["offer"]["state"], "booked");
        assert_eq!(body["offer"]["choice_appointment"], choice);
        // The same offer again: 409 at once, with the next offers.
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{id}/book"),
                &json!({ "client": "LOCAL-77" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("just taken"));
        assert!(!body["next_offers"].as_array().unwrap().is_empty());
        assert!(
            body["next_offers"]
                .as_array()
                .unwrap()
                .iter()
                .all(|o| o["id"] != id)
        );
        // A wrong NHI is refused, nothing booked.
        let other = body["next_offers"][0]["id"].as_i64().unwrap();
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{other}/book"),
                &json!({ "client": "ZZZ0017" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // Outcomes: not before the appointment has started.
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{id}/outcome"),
                &json!({ "outcome": "dna" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json::<Value>().await.unwrap()["field"], "outcome");
        let tr = app
            .store
            .find_clinician(app.team, &capa_core::Initials::parse("TR").unwrap())
            .await
            .unwrap()
            .unwrap();
        let id = crate::matrix::past_appointments(&app, tr, 1, 0).await.0[0].0;
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{id}/book"),
                &json!({ "client": "LOCAL-78" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{id}/outcome"),
                &json!({ "outcome": "dna" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let after: Value = r.json().await.unwrap();
        assert_eq!(after["state"], "dna");
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{id}/outcome"),
                &json!({ "outcome": "attended" }),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CONFLICT,
            "only a booked appointment has an outcome"
        );
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{other}/outcome"),
                &json!({ "outcome": "maybe" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // Offers are not Choice slots and the other way round.
        assert_eq!(
            booking
                .post_json(
                    &format!("/api/v1/choice-slots/{other}/book"),
                    &json!({ "client": "A1" })
                )
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn viewers_cannot_book_and_outsiders_see_nothing() {
    with_app(|app| async move {
        populated(&app).await;
        let viewer = User::login(&app, "viewer").await;
        let offer = vacant_offer(&viewer, &app).await;
        let id = offer["id"].as_i64().unwrap();
        assert_eq!(
            viewer
                .post_json(
                    &format!("/api/v1/offers/{id}/book"),
                    &json!({ "client": "REF-1" })
                )
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        let stranger = outsider(&app).await;
        assert_eq!(
            stranger
                .post_json(
                    &format!("/api/v1/offers/{id}/book"),
                    &json!({ "client": "REF-1" })
                )
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        let seen: Value = stranger.get("/api/v1/offers").await.json().await.unwrap();
        assert_eq!(seen, json!([]));
        assert_eq!(
            User::anonymous(&app).get("/api/v1/offers").await.status(),
            StatusCode::UNAUTHORIZED
        );
        let page = viewer.page(&format!("/teams/{}/diary", app.team)).await;
        assert!(
            !page.contains("Record<span"),
            "no outcome forms for a viewer"
        );
    })
    .await;
}

#[tokio::test]
async fn publish_book_dna_reoffer_and_the_sheet_follows() {
    with_app(|app| async move {
        populated(&app).await;
        let t = app.team;
        let lead = User::login(&app, "lead").await;
        // Two quarters ahead nothing is published yet: publish TR's suggestions.
        let quarter = app.quarter().next().next().key();
        let page = lead
            .page(&format!(
                "/teams/{t}/diary/publish?clinician=TR&quarter={quarter}"
            ))
            .await;
        let ticked: Vec<String> = page
            .split("name=\"slot\" value=\"")
            .skip(1)
            .filter(|s| s.split('>').next().unwrap().contains("checked"))
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect();
        assert_eq!(ticked.len(), 9, "TR's target is 9 new Core Partnerships");
        let mut form: Vec<(&str, &str)> = vec![
            ("clinician", "TR"),
            ("kind", "core"),
            ("quarter", quarter.as_str()),
        ];
        form.extend(ticked.iter().map(|s| ("slot", s.as_str())));
        let r = lead
            .post_form(&format!("/teams/{t}/diary/publish"), &form)
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let sheet = lead
            .page(&format!("/teams/{t}/diary/sheet?quarter={quarter}"))
            .await;
        assert!(sheet.contains("TR Tui Rangi"));
        assert!(
            sheet.contains("Published TR1-TR9 (9 Core Partnership)"),
            "the change is announced on the next page"
        );
        let again = lead
            .page(&format!("/teams/{t}/diary/sheet?quarter={quarter}"))
            .await;
        assert!(!again.contains("Published TR1-TR9"), "and only once");
        let offers: Value = lead
            .get(&format!(
                "/api/v1/offers?team={t}&quarter={quarter}&clinician=TR"
            ))
            .await
            .json()
            .await
            .unwrap();
        let labels: Vec<&str> = offers
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["label"].as_str().unwrap())
            .collect();
        assert_eq!(
            labels,
            [
                "TR1", "TR2", "TR3", "TR4", "TR5", "TR6", "TR7", "TR8", "TR9"
            ]
        );
        // Book TR1 through the page, record a DNA, re-offer it.
        let first = offers[0]["id"].as_i64().unwrap();
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/appointments/{first}/book"),
                &[("client", "AV-9001")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.unwrap().contains("Booked TR1"));
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/appointments/{first}/book"),
                &[("client", "AV-9002")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("Just taken"));
        // Not before the day: refused, naming when it starts.
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/appointments/{first}/outcome"),
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
        // On the day the family does not come (the tests' clock is fixed, so
        // the store records it as of that day).
        let day = app
            .store
            .appointment(capa_store::AppointmentId(first))
            .await
            .unwrap();
        app.store
            .record_outcome_at(
                capa_store::Actor::System,
                day.id,
                capa_core::diary::Outcome::Dna,
                day.starts_at + chrono::Duration::minutes(15),
            )
            .await
            .unwrap();
        let sheet = lead
            .page(&format!("/teams/{t}/diary/sheet?quarter={quarter}"))
            .await;
        assert!(
            sheet.contains("Re-offer<span class=\"skip\"> TR1"),
            "a re-offer task for TR1"
        );
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/appointments/{first}/reoffer"),
                &[],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let offers: Value = lead
            .get(&format!(
                "/api/v1/offers?team={t}&quarter={quarter}&clinician=TR"
            ))
            .await
            .json()
            .await
            .unwrap();
        let new = offers
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["replaces"] == first)
            .expect("a re-offer replaces TR1");
        assert_eq!(new["label"], "TR10");
        assert_eq!(new["state"], "vacant");
        let sheet = lead
            .page(&format!("/teams/{t}/diary/sheet?quarter={quarter}"))
            .await;
        assert!(
            sheet.contains("Re-offered TR1 as TR10 on "),
            "the re-offer is announced"
        );
        assert!(
            !sheet.contains("Re-offer<span class=\"skip\"> TR1<"),
            "the task is done"
        );
        // A Specific stream's offers: TR's DBT session, found by the stream.
        let page = lead
            .page(&format!(
                "/teams/{t}/diary/publish?clinician=TR&kind=specific:DBT&quarter={quarter}"
            ))
            .await;
        let dbt: Vec<String> = page
            .split("name=\"slot\" value=\"")
            .skip(1)
            .take(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect();
        assert_eq!(dbt.len(), 1, "TR has a DBT session");
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/publish"),
                &[
                    ("clinician", "TR"),
                    ("kind", "specific:DBT"),
                    ("quarter", quarter.as_str()),
                    ("slot", dbt[0].as_str()),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let offers: Value = lead
            .get(&format!(
                "/api/v1/offers?team={t}&quarter={quarter}&clinician=TR"
            ))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            offers
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["kind"] == "specific" && o["stream"] == "DBT")
        );
        let found = lead
            .page(&format!("/teams/{t}/diary/book?stream=DBT"))
            .await;
        assert!(
            found.contains("Book TR"),
            "a DBT offer of TR is found by the stream"
        );
        // A clinician cannot publish someone else's offers.
        let tr = User::login(&app, "clinician").await;
        let r = tr
            .post_form(
                &format!("/teams/{t}/diary/publish"),
                &[
                    ("clinician", "AD"),
                    ("kind", "core"),
                    ("quarter", quarter.as_str()),
                    ("slot", "2000-01-01|0|0"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn choice_feeds_absences_managed_list_and_plot() {
    with_app(|app| async move {
        populated(&app).await;
        let t = app.team;
        let booking = User::login(&app, "booking").await;
        // Full booking to Choice: two slots on different days, book one.
        // An identifier in the query is ignored: the search is a posted form.
        let get = booking.page(&format!("/teams/{t}/diary/choice?client=AV-5000")).await;
        assert!(!get.contains("AV-5000") && get.contains("method=\"post\" role=\"search\" action=\"/teams/"), "{get}");
        let r = booking.post_form(&format!("/teams/{t}/diary/choice"), &[("client", "AV-5000")]).await;
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.unwrap();
        let actions: Vec<&str> = page.split("action=\"").skip(1).map(|s| s.split('"').next().unwrap()).filter(|a| a.contains("/diary/choice/")).collect();
        assert_eq!(actions.len(), 2, "two Choice slots offered");
        let days: Vec<&str> = page.split("<h2 id=\"slot-").skip(1).map(|s| s.split('>').nth(1).unwrap().split(' ').nth(1).unwrap()).collect();
        assert_ne!(days[0], days[1], "on different days");
        let accepted = app.today().to_string();
        let r = booking.post_form(actions[0], &[("client", "AV-5000"), ("accepted", accepted.as_str())]).await;
        assert_eq!(r.status(), StatusCode::OK);
        let text = r.text().await.unwrap();
        assert!(text.contains("Booked the Choice appointment") && text.contains("External wait from acceptance:"), "{text}");
        let r = booking.post_form(actions[0], &[("client", "AV-5001")]).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        // Nothing fits a skill nobody has: the family goes on the managed list, with the reason.
        let page = booking.page(&format!("/teams/{t}/diary/book?skill_Cultural%20competence=advanced&not_Mon=1&not_Tue=1&not_Wed=1&not_Thu=1&not_Fri=1")).await;
        assert!(page.contains("Put the family on the managed list"), "{page}");
        let r = booking.post_form(&format!("/teams/{t}/diary/managed"), &[("client", "AV-6000"), ("skills", "Cultural competence:advanced,Psychodrama:advanced")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let list = booking.page(&format!("/teams/{t}/diary/managed")).await;
        assert!(list.contains("AV-6000") && list.contains("Psychodrama"), "{list}");
        // Holidays and leave: the lead adds a regional holiday, a clinician their leave.
        let lead = User::login(&app, "lead").await;
        assert!(lead.page(&format!("/teams/{t}/diary/absences")).await.contains("Christmas Day"));
        let in_days = |n: u64| (app.today() + chrono::Days::new(n)).to_string();
        let (holiday, other, first, last) = (in_days(60), in_days(61), in_days(70), in_days(74));
        assert_eq!(lead.post_form(&format!("/teams/{t}/diary/absences/holidays"), &[("day", holiday.as_str()), ("name", "Wellington Anniversary Day")]).await.status(), StatusCode::SEE_OTHER);
        let tr = User::login(&app, "clinician").await;
        assert_eq!(tr.post_form(&format!("/teams/{t}/diary/absences/holidays"), &[("day", other.as_str()), ("name", "Mine")]).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(tr.post_form(&format!("/teams/{t}/diary/absences/leave"), &[("clinician", "TR"), ("first_day", first.as_str()), ("last_day", last.as_str())]).await.status(), StatusCode::SEE_OTHER);
        assert_eq!(tr.post_form(&format!("/teams/{t}/diary/absences/leave"), &[("clinician", "AD"), ("first_day", first.as_str()), ("last_day", last.as_str())]).await.status(), StatusCode::FORBIDDEN);
        let page = lead.page(&format!("/teams/{t}/diary/absences")).await;
        let dmy = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap().format("%d/%m/%Y").to_string();
        assert!(page.contains("Wellington Anniversary Day") && page.contains(&format!("{} to {}", dmy(&first), dmy(&last))));
        // A private calendar feed: booked appointments, no NHI, revocable.
        let page = tr.post_form(&format!("/teams/{t}/diary/calendar?clinician=TR"), &[]).await.text().await.unwrap();
        let url = page.split("<code>").nth(1).unwrap().split('<').next().unwrap().to_string();
        let path = url.split_once("/calendar/").map(|(_, p)| format!("/calendar/{p}")).unwrap();
        let anonymous = User::anonymous(&app);
        let ics = anonymous.get(&path).await;
        assert_eq!(ics.status(), StatusCode::OK);
        assert!(ics.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let text = ics.text().await.unwrap();
        assert!(text.contains("BEGIN:VEVENT") && text.contains("Partnership TR"), "{text}");
        assert!(!text.contains("ZZZ"), "no NHI in a calendar");
        let feeds = app.store.calendar_feeds(app.store.find_clinician(app.team, &capa_core::Initials::parse("TR").unwrap()).await.unwrap().unwrap()).await.unwrap();
        let revoke = format!("/teams/{t}/diary/calendar/{}/revoke?clinician=TR", feeds[0].id.0);
        assert_eq!(tr.post_form(&revoke, &[]).await.status(), StatusCode::SEE_OTHER);
        assert_eq!(anonymous.get(&path).await.status(), StatusCode::NOT_FOUND);
        // A clinician's quarter, week by week.
        let plot = tr.page(&format!("/teams/{t}/diary/plot?clinician=TR")).await;
        assert!(plot.contains("week by week") && plot.contains("Core appointments"));
        // The day list: any day, in any week, and the week links to each day.
        let week = booking.page(&format!("/teams/{t}/diary")).await;
        let monday = app.today() - chrono::Days::new(u64::from(chrono::Datelike::weekday(&app.today()).num_days_from_monday()));
        assert!(week.contains(&format!("/teams/{t}/diary?day={monday}")), "the week links to its days");
        let later = app.today() + chrono::Days::new(71);
        let day = booking.page(&format!("/teams/{t}/diary?day={later}")).await;
        assert!(day.matches("<h2 id=\"day-").count() == 1, "one day");
        assert!(day.contains(&later.format("%d/%m/%Y").to_string()), "that day, not this week");
    })
    .await;
}

#[tokio::test]
async fn booking_from_a_choice_appointment_records_the_internal_wait() {
    with_app(|app| async move {
        populated(&app).await;
        let t = app.team;
        let booking = User::login(&app, "booking").await;
        let seen: Value = booking
            .get(&format!("/api/v1/choice-slots?state=attended&team={t}"))
            .await
            .json()
            .await
            .unwrap();
        let choice = &seen.as_array().unwrap()[0];
        let (cid, client) = (
            choice["id"].as_i64().unwrap(),
            choice["client"].as_str().unwrap().to_string(),
        );
        let week = capa_core::Zone::AUCKLAND.today(
            chrono::DateTime::parse_from_rfc3339(choice["starts_at"].as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono::Utc),
        );
        let page = booking.page(&format!("/teams/{t}/diary?week={week}")).await;
        assert!(
            page.contains(&format!("book?choice={cid}\"")),
            "a link to book the Partnership from the Choice appointment, naming no family"
        );
        assert!(!page.contains("client="), "no identifier in any link");
        let form = booking
            .page(&format!("/teams/{t}/diary/book?choice={cid}"))
            .await;
        assert!(
            form.contains("the internal wait is recorded")
                && form.contains(&format!("value=\"{client}\""))
        );
        let offer = vacant_offer(&booking, &app).await["id"].as_i64().unwrap();
        let cid_text = cid.to_string();
        let r = booking
            .post_form(
                &format!("/teams/{t}/diary/appointments/{offer}/book"),
                &[("client", client.as_str()), ("choice", cid_text.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Internal wait from Choice:")
        );
        let after: Value = booking
            .get(&format!("/api/v1/offers?team={t}&state=booked"))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            after
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["id"] == offer && o["choice_appointment"] == cid)
        );
    })
    .await;
}
