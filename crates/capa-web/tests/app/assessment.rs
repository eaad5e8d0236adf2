//! The self-assessment over HTTP: the API's contract (fields, 201, 422s
//! naming the field), the pages (start from the last review, rate an item
//! by htmx, compare), and the exports read back.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};

use crate::{User, with_app};

fn base(team: capa_store::TeamId) -> String {
    format!("/api/v1/teams/{team}/assessments")
}

#[tokio::test]
async fn the_api_starts_rates_and_lists_reviews() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let r = lead
            .post_json(&base(app.team), &json!({ "date": "2025-11-20" }))
            .await;
        assert_eq!(r.status().as_u16(), 201);
        let first: Value = r.json().await.unwrap();
        assert_eq!(first["date"], "2025-11-20");
        assert_eq!(first["score"], 0);
        assert_eq!(first["full_implementation"], false);
        assert_eq!(first["items"].as_array().unwrap().len(), 11);
        assert_eq!(first["groups"].as_array().unwrap().len(), 5);
        let item7 = &first["items"][6];
        assert_eq!(item7["number"], 7);
        assert_eq!(item7["group"], "Partnership");
        assert_eq!(item7["tag"], "capacity");
        assert_eq!(item7["rating"], Value::Null);
        assert!(!item7["evidence"].as_array().unwrap().is_empty());
        assert!(item7["evidence"][0]["text"].is_string());
        assert!(item7["evidence"][0].get("suggested").is_some());
        assert_eq!(first["items"][0]["evidence"].as_array().unwrap().len(), 0);
        assert!(first["items"][0]["no_evidence"].is_string());
        let id = first["id"].as_i64().unwrap();

        // Rate three items.
        let item = |n: u8| format!("{}/{id}/items/{n}", base(app.team));
        for (n, r, note) in [
            (3, 0, "wait to Choice"),
            (7, 2, ""),
            (8, 1, "targets, no review"),
        ] {
            let res = lead
                .put_json(&item(n), &json!({ "rating": r, "note": note }))
                .await;
            assert_eq!(res.status().as_u16(), 200, "item {n}");
        }
        let got: Value = lead
            .get(&format!("{}/{id}", base(app.team)))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(got["score"], 3);
        assert_eq!(got["items"][7]["rating"], 1);
        assert_eq!(got["items"][7]["note"], "targets, no review");
        let partnership = got["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == "Partnership")
            .unwrap();
        assert_eq!(partnership["score"], 3);
        assert_eq!(partnership["max"], 4);
        assert!(
            got["full_implementation_reason"]
                .as_str()
                .unwrap()
                .contains("1 item is No: 3 (Handle demand)")
        );

        // A copy of the last one.
        let r = lead
            .post_json(
                &base(app.team),
                &json!({ "date": "2026-11-20", "copy_from": id }),
            )
            .await;
        assert_eq!(r.status().as_u16(), 201);
        let copy: Value = r.json().await.unwrap();
        assert_eq!(copy["score"], 3);
        assert_eq!(copy["copied_from"], id);
        assert_eq!(copy["items"][2]["note"], "wait to Choice");

        let list: Value = lead.get(&base(app.team)).await.json().await.unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["id"], id);
        assert_eq!(list[0]["date"], "2025-11-20");
        assert_eq!(list[0]["score"], 3);
        assert_eq!(list[0]["full_implementation"], false);
    })
    .await;
}

#[tokio::test]
async fn bad_values_get_a_422_naming_the_field() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let made: Value = lead
            .post_json(&base(app.team), &json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(made["date"], app.today().to_string(), "today by default");
        let id = made["id"].as_i64().unwrap();
        let item = |n: &str| format!("{}/{id}/items/{n}", base(app.team));
        for (path, body, field) in [
            (item("3"), json!({ "rating": 3 }), "rating"),
            (item("3"), json!({ "rating": -1 }), "rating"),
            (item("3"), json!({ "rating": "green" }), "rating"),
            (item("12"), json!({ "rating": 1 }), "number"),
            (item("0"), json!({ "rating": 1 }), "number"),
            (item("x"), json!({ "rating": 1 }), "number"),
            (
                item("3"),
                json!({ "rating": 1, "note": "n".repeat(2001) }),
                "note",
            ),
        ] {
            let r = lead.put_json(&path, &body).await;
            assert_eq!(r.status().as_u16(), 422, "{path} {body}");
            let e: Value = r.json().await.unwrap();
            assert_eq!(e["field"], field, "{e}");
            assert!(e["error"].as_str().unwrap().starts_with(field), "{e}");
        }
        for (body, field) in [
            (json!({ "date": "31/31/2026" }), "date"),
            (
                json!({ "date": "2026-12-01", "copy_from": 99999 }),
                "copy_from",
            ),
        ] {
            let r = lead.post_json(&base(app.team), &body).await;
            assert_eq!(r.status().as_u16(), 422, "{body}");
            let e: Value = r.json().await.unwrap();
            assert_eq!(e["field"], field, "{e}");
        }
        // Nothing was written by the refused changes.
        let got: Value = lead
            .get(&format!("{}/{id}", base(app.team)))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(got["items"][2]["rating"], Value::Null);
        let list: Value = lead.get(&base(app.team)).await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_lead_rates_on_the_page_and_a_viewer_only_reads() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let pages = format!("/teams/{}/assessment", app.team);
        let r = lead
            .post_form(&pages, &[("date", "20/11/2025"), ("copy_from", "")])
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let at = r.headers()["location"].to_str().unwrap().to_string();
        let page = lead.page(&at).await;
        assert!(page.contains("CAPA self-assessment of 20/11/2025"));
        assert!(page.contains(r#"type="radio" name="rating" value="2""#));
        assert!(page.contains("Yes (GREEN) = 2"));
        assert!(page.contains("first review"));
        let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
        let item = format!("{at}/items/7");
        let r = lead
            .post_htmx(
                &item,
                &[("rating", "2"), ("note", "Core and Specific planned")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 200);
        let fragment = r.text().await.unwrap();
        assert!(
            fragment.starts_with(r#"<div id="assessment-work">"#),
            "{fragment}"
        );
        assert!(fragment.contains("Score: 2 of 22"));
        assert!(fragment.contains("Saved item 7"));
        assert!(fragment.contains("data-focus"));
        assert!(!fragment.contains("<html"), "a fragment, not the page");
        // A rating outside 0-2 answers 422 with the reason beside the item.
        let r = lead
            .post_htmx(&item, &[("rating", "5"), ("note", "")])
            .await;
        assert_eq!(r.status().as_u16(), 422);
        assert!(r.text().await.unwrap().contains("5 is not a rating"));

        // The second review, copied, compares with the first.
        let r = lead
            .post_form(
                &pages,
                &[("date", "20/11/2026"), ("copy_from", &id.to_string())],
            )
            .await;
        let second = r.headers()["location"].to_str().unwrap().to_string();
        lead.post_form(
            &format!("{second}/items/7"),
            &[("rating", "1"), ("note", "")],
        )
        .await;
        let page = lead.page(&second).await;
        assert!(page.contains("From 20/11/2025 to 20/11/2026"), "{page}");
        assert!(
            page.contains("▼ down: 7 Extended clinical skills"),
            "{page}"
        );
        let list = lead.page(&pages).await;
        assert!(list.contains("<svg"));
        assert!(list.contains("20/11/2026"));

        // The viewer reads, with no control to change anything.
        let viewer = User::login(&app, "viewer").await;
        let page = viewer.page(&second).await;
        assert!(page.contains("CAPA self-assessment of 20/11/2026"));
        assert!(!page.contains(r#"name="rating""#));
        assert!(!viewer.page(&pages).await.contains("Start the review"));
    })
    .await;
}

#[tokio::test]
async fn the_exports_read_back() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let made: Value = lead
            .post_json(&base(app.team), &json!({ "date": "2026-11-20" }))
            .await
            .json()
            .await
            .unwrap();
        let id = made["id"].as_i64().unwrap();
        lead.put_json(
            &format!("{}/{id}/items/5", base(app.team)),
            &json!({ "rating": 1, "note": "+ managed list too long" }),
        )
        .await;
        let at = format!("/teams/{}/assessment/{id}", app.team);
        let r = lead.get(&format!("{at}/self-assessment.xlsx")).await;
        assert_eq!(r.status().as_u16(), 200);
        let bytes = r.bytes().await.unwrap().to_vec();
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let items = wb
            .worksheet_range(capa_io::assessment::ITEMS_SHEET)
            .unwrap();
        assert_eq!(items.get_value((8, 0)), Some(&Data::Float(5.0)));
        assert_eq!(items.get_value((8, 4)), Some(&Data::Float(1.0)));
        assert_eq!(
            items.get_value((8, 6)),
            Some(&Data::String("+ managed list too long".into()))
        );
        let csv = lead
            .get(&format!("{at}/self-assessment.csv"))
            .await
            .text()
            .await
            .unwrap();
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[4][0], "5");
        assert_eq!(&rows[4][4], "1");
        assert_eq!(&rows[4][6], "'+ managed list too long");
        let print = lead.page(&format!("{at}/print")).await;
        assert!(print.contains("CAPA self-assessment, 20/11/2026"));
        assert!(print.contains("Partial (AMBER)"));
    })
    .await;
}

/// Item `n`'s evidence texts in the review the API gives.
fn evidence_of(review: &Value, n: usize) -> Vec<String> {
    review["items"][n - 1]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_evidence_comes_from_the_diary_and_the_review_mark() {
    with_app(|app| async move {
        crate::diary::populated(&app).await;
        let lead = User::login(&app, "lead").await;
        let made: Value = lead
            .post_json(&base(app.team), &json!({}))
            .await
            .json()
            .await
            .unwrap();
        let id = made["id"].as_i64().unwrap();
        let q = app.quarter();
        let review = || async {
            lead.get(&format!("{}/{id}", base(app.team)))
                .await
                .json::<Value>()
                .await
                .unwrap()
        };
        // Item 6: a booking found by a skills search counts as one.
        let before = review().await;
        let count = |r: &Value| -> (u32, u32) {
            let text = evidence_of(r, 6).join(" ");
            let words: Vec<&str> = text.split_whitespace().collect();
            if words.len() > 2 && words[1] == "of" {
                (words[0].parse().unwrap(), words[2].parse().unwrap())
            } else {
                (0, 0)
            }
        };
        let (searched, booked) = count(&before);
        let offers: Value = lead
            .get(&format!("/api/v1/offers?state=vacant&team={}", app.team))
            .await
            .json()
            .await
            .unwrap();
        // The demo's offers may all lie in other quarters at a shifted clock:
        // then TR publishes one this quarter, an hour from now.
        let offer_id = match offers
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["quarter"] == q.key())
        {
            Some(o) => o["id"].as_i64().unwrap(),
            None => {
                let tr = app
                    .store
                    .find_clinician(app.team, &capa_core::Initials::parse("TR").unwrap())
                    .await
                    .unwrap()
                    .unwrap();
                let starts = app.now + chrono::Duration::hours(1);
                app.store
                    .publish_offers(
                        capa_store::Actor::System,
                        &capa_store::NewOffers {
                            clinician: tr,
                            quarter: app.quarter(),
                            kind: capa_store::AppointmentKind::Partnership,
                            slots: vec![capa_store::NewSlot {
                                number: Some(4000),
                                starts_at: starts,
                                ends_at: starts + chrono::Duration::minutes(45),
                                location: None,
                            }],
                        },
                    )
                    .await
                    .unwrap()[0]
                    .0
            }
        };
        let r = lead
            .post_json(
                &format!("/api/v1/offers/{offer_id}/book"),
                &json!({ "client": "AV-SKILL", "skills_searched": true }),
            )
            .await;
        assert_eq!(r.status().as_u16(), 200);
        let after = review().await;
        assert_eq!(
            count(&after),
            (searched + 1, booked + 1),
            "{:?}",
            evidence_of(&after, 6)
        );
        // Item 8: the quarter's review mark, once it is marked done.
        assert!(
            evidence_of(&after, 8)
                .iter()
                .any(|t| t.starts_with("neither the review")),
            "{:?}",
            evidence_of(&after, 8)
        );
        app.store
            .mark_review_done(capa_store::Actor::System, app.team, q, app.today())
            .await
            .unwrap();
        let marked = review().await;
        let done = format!("was marked done on {}", app.today().format("%d/%m/%Y"));
        assert!(
            evidence_of(&marked, 8).iter().any(|t| t.contains(&done)),
            "{:?}",
            evidence_of(&marked, 8)
        );
        // Items 5 and 7 carry evidence; item 1 says capa holds none.
        assert!(!evidence_of(&marked, 5).is_empty());
        assert!(!evidence_of(&marked, 7).is_empty());
        assert!(evidence_of(&marked, 1).is_empty());
        assert!(marked["items"][0]["no_evidence"].is_string());
    })
    .await;
}
