//! Booking over the API as a script does it (a bearer token), under
//! contention: one offer raced for by many families is booked once; the
//! others are told "just taken" with the diary's next vacant offers (the
//! same ones capa-core's search finds), and leave no client behind.

use capa_core::diary::search::{self, OfferQuery};
use capa_store::{Actor, AppointmentKind, AppointmentQuery, ClientKey};
use capa_web::diary as steps;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::diary::populated;
use crate::{App, with_app};

/// An HTTP client sending the booking administrator's API token.
async fn token_client(app: &App) -> (reqwest::Client, String) {
    let (user, _) = app
        .store
        .login_credentials("booking")
        .await
        .unwrap()
        .unwrap();
    let (_, secret) = app
        .store
        .create_api_token(Actor::User(user.id), user.id, "race")
        .await
        .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {secret}").parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    (http, app.base.clone())
}

/// The diary's vacant offers after the app's clock as capa-core's search
/// finds them (the reference the store's one query must agree with).
async fn searched(app: &App, kind: AppointmentKind, limit: usize) -> Vec<i64> {
    let stored = app.store.load_stored_team(app.team).await.unwrap();
    let zone = stored.team.settings.time_zone;
    let views: Vec<_> = app
        .store
        .appointments(
            app.team,
            &AppointmentQuery {
                states: vec![capa_core::diary::AppointmentState::Vacant],
                kind: Some(kind),
                from: Some(app.now),
                ..AppointmentQuery::default()
            },
        )
        .await
        .unwrap()
        .iter()
        .map(|a| steps::offer_view(zone, a))
        .collect();
    let mut q = OfferQuery::new(zone.local(app.now));
    q.stream = views.first().and_then(|v| match &v.kind {
        capa_core::diary::proposal::SlotKind::Specific(s) => Some(s.clone()),
        _ => None,
    });
    q.limit = limit;
    search::search(&views, &stored.team.clinicians, &q)
        .iter()
        .map(|v| v.id)
        .collect()
}

/// A vacant offer of the diary after the app's clock.
async fn vacant_of(app: &App, specific: bool) -> capa_store::Appointment {
    app.store
        .appointments(
            app.team,
            &AppointmentQuery {
                states: vec![capa_core::diary::AppointmentState::Vacant],
                from: Some(app.now),
                ..AppointmentQuery::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|a| match a.kind {
            AppointmentKind::Specific(_) => specific,
            AppointmentKind::Partnership => !specific,
            AppointmentKind::Choice => false,
        })
        .expect("the demo publishes vacant offers of both diaries")
}

/// Sixteen new families race for one offer over HTTP at once.
async fn race(app: &App, offer: i64, prefix: &str) -> Vec<(String, StatusCode, Value)> {
    let (http, base) = token_client(app).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let http = http.clone();
            let url = format!("{base}/api/v1/offers/{offer}/book");
            let client = format!("{prefix}-{i}");
            tokio::spawn(async move {
                let r = http
                    .post(url)
                    .json(&json!({ "client": client }))
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                (client, status, r.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test]
async fn families_racing_for_one_offer_book_it_once_and_the_others_hear_of_the_next() {
    with_app(|app| async move {
        populated(&app).await;
        for (specific, prefix) in [(false, "RACE"), (true, "RACE-DBT")] {
            let offer = vacant_of(&app, specific).await;
            let answers = race(&app, offer.id.0, prefix).await;
            let won: Vec<_> = answers
                .iter()
                .filter(|(_, s, _)| *s == StatusCode::OK)
                .collect();
            assert_eq!(won.len(), 1, "one booking of {}: {answers:?}", offer.label);
            let (winner, _, body) = won[0];
            assert_eq!(body["offer"]["id"], offer.id.0);
            assert_eq!(body["offer"]["state"], "booked");
            assert_eq!(body["offer"]["client"], winner.as_str());
            // The others: 409, with the diary's next vacant offers, the same
            // as capa-core's search over the whole diary finds.
            let expected = searched(&app, offer.kind, 5).await;
            assert!(!expected.is_empty());
            for (_, status, body) in answers.iter().filter(|(c, _, _)| c != winner) {
                assert_eq!(*status, StatusCode::CONFLICT, "{body}");
                assert!(body["error"].as_str().unwrap().contains("just taken"));
                let next: Vec<i64> = body["next_offers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o["id"].as_i64().unwrap())
                    .collect();
                assert_eq!(next, expected, "{}", offer.label);
                for o in body["next_offers"].as_array().unwrap() {
                    assert_eq!(o["state"], "vacant");
                    let a = app
                        .store
                        .appointment(capa_store::AppointmentId(o["id"].as_i64().unwrap()))
                        .await
                        .unwrap();
                    assert_eq!(a.kind, offer.kind, "the same diary");
                    assert_eq!(o["starts_at"], json!(a.starts_at));
                }
            }
            // The client was recorded for the booking that held, and only
            // for it.
            for (client, status, _) in &answers {
                let found = app
                    .store
                    .find_client(app.team, &ClientKey::parse(client).unwrap())
                    .await
                    .unwrap();
                assert_eq!(found.is_some(), *status == StatusCode::OK, "{client}");
            }
            assert_eq!(app.store.bookings(offer.id).await.unwrap().len(), 1);
        }
    })
    .await;
}

#[tokio::test]
async fn offers_of_a_clinician_who_is_not_in_the_team_are_none() {
    with_app(|app| async move {
        populated(&app).await;
        let (http, base) = token_client(&app).await;
        let list = |query: String| {
            let http = http.clone();
            let url = format!("{base}/api/v1/offers?team={}{query}", app.team);
            async move {
                let r = http.get(url).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK);
                r.json::<Value>().await.unwrap()
            }
        };
        let all = list(String::new()).await;
        let tr = list("&clinician=TR".into()).await;
        assert!(!tr.as_array().unwrap().is_empty());
        assert!(tr.as_array().unwrap().len() < all.as_array().unwrap().len());
        assert!(
            tr.as_array()
                .unwrap()
                .iter()
                .all(|o| o["clinician"] == "TR")
        );
        assert_eq!(list("&clinician=QQ".into()).await, json!([]));
    })
    .await;
}
