//! The quarterly review pack over HTTP, on the monitor's small diary (TR:
//! TR1 attended, TR2 not attended 39 days ago and never re-offered): its
//! figures on the page and in the CSV and XLSX (read back with calamine),
//! the actions agreed saved by htmx with the length limit, and the mark
//! that the review was done, which the self-assessment reads.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use reqwest::StatusCode;

use crate::monitor::small_diary;
use crate::{User, with_app};

#[tokio::test]
async fn the_pack_shows_who_is_behind_and_keeps_the_actions_and_the_mark() {
    with_app(|app| async move {
        let q = small_diary(&app).await;
        let t = app.team;
        let key = q.key();
        let lead = User::login(&app, "lead").await;
        let page = lead.page(&format!("/teams/{t}/review?quarter={key}")).await;
        assert!(page.contains(&format!("Quarterly review: {q}")), "{page}");
        // TR is behind: TR2's DNA was never re-offered.
        let behind = page
            .split("id=\"behind-h\"")
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap();
        assert!(behind.contains("TR Tui Rangi"), "{behind}");
        assert!(behind.contains("data-code=\"not_reoffered\""), "{behind}");
        assert!(
            page.contains("cancelled first appointments: 0 re-offered, 1 not"),
            "the re-offer summary"
        );
        assert!(page.contains("<th scope=\"row\">TR2</th>"), "TR2 listed");
        assert!(page.contains("not re-offered, overdue"));
        assert!(page.contains("Not marked done yet."));

        // Actions agreed, by htmx: the form comes back saved.
        let path = format!("/teams/{t}/review/notes");
        let r = lead
            .post_htmx(
                &path,
                &[
                    ("quarter", key.as_str()),
                    ("clinician", "TR"),
                    ("note", "=Re-offer TR2 this week"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let fragment = r.text().await.unwrap();
        assert!(fragment.starts_with("<div class=\"review-note\" id=\"note-TR\">"));
        assert!(fragment.contains("Saved the actions agreed for TR."));
        assert!(fragment.contains("=Re-offer TR2 this week</textarea>"));
        let long = "x".repeat(2001);
        let r = lead
            .post_htmx(
                &path,
                &[
                    ("quarter", key.as_str()),
                    ("clinician", "TR"),
                    ("note", &long),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("class=\"field-error\""));
        let viewer = User::login(&app, "viewer").await;
        let r = viewer
            .post_htmx(
                &path,
                &[
                    ("quarter", key.as_str()),
                    ("clinician", "TR"),
                    ("note", "no"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let notes = app.store.review_notes(t, q).await.unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].note, "=Re-offer TR2 this week");
        let shown = viewer
            .page(&format!("/teams/{t}/review?quarter={key}"))
            .await;
        assert!(
            shown.contains("=Re-offer TR2 this week"),
            "kept with the quarter"
        );
        assert!(
            !shown.contains("Mark the review done"),
            "a viewer cannot mark it"
        );

        // The mark: not after today, once.
        let done = format!("/teams/{t}/review/done");
        let tomorrow = (app.today() + chrono::TimeDelta::days(1))
            .format("%d/%m/%Y")
            .to_string();
        let r = lead
            .post_htmx(&done, &[("quarter", key.as_str()), ("date", &tomorrow)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("is after today"));
        let today = app.today().format("%d/%m/%Y").to_string();
        let r = lead
            .post_htmx(&done, &[("quarter", key.as_str()), ("date", &today)])
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let fragment = r.text().await.unwrap();
        assert!(
            fragment.contains(&format!("Done on {today} by Fiona Smith (team lead)")),
            "{fragment}"
        );
        assert!(!fragment.contains("<form"), "marked once");
        let r = lead
            .post_htmx(&done, &[("quarter", key.as_str()), ("date", &today)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let mark = app.store.review_mark(t, q).await.unwrap().unwrap();
        assert_eq!(mark.done_on, app.today());

        // The CSV: a BOM, TR's figures worked by hand, the note quote-prefixed.
        let r = lead
            .get(&format!("/teams/{t}/review/review.csv?quarter={key}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let text = r.text().await.unwrap();
        let body = text.strip_prefix('\u{feff}').expect("a BOM");
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, capa_io::review::CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let tr = rows.iter().find(|r| &r[0] == "TR").unwrap();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (field, want) in [
            ("published", "2"),
            ("booked", "2"),
            ("started", "1"),
            ("dna", "1"),
            ("reoffered", "0"),
            ("not_reoffered", "1"),
        ] {
            assert_eq!(&tr[at(field)], want, "{field}");
        }
        assert!(tr[at("flags")].contains("not_reoffered"));
        assert_eq!(&tr[at("actions_agreed")], "'=Re-offer TR2 this week");
        assert_eq!(&rows.last().unwrap()[0], "team");

        // The XLSX: a sheet per table, read back.
        let r = lead
            .get(&format!("/teams/{t}/review/review.xlsx?quarter={key}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let bytes = r.bytes().await.unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
        assert_eq!(book.sheet_names(), capa_io::review::REVIEW_SHEETS);
        let sheet = book.worksheet_range("Clinicians").unwrap();
        let row = sheet
            .rows()
            .find(|r| r[0] == Data::String("TR".into()))
            .unwrap()
            .to_vec();
        assert_eq!(row[3], Data::Float(2.0), "published");
        assert_eq!(row[5], Data::Float(1.0), "started");
        assert_eq!(row[9], Data::Float(1.0), "not re-offered");
        assert_eq!(row[15], Data::String("=Re-offer TR2 this week".into()));
        let re = book.worksheet_range("Re-offers").unwrap();
        let tr2 = re
            .rows()
            .find(|r| r[0] == Data::String("TR2".into()))
            .unwrap()
            .to_vec();
        assert_eq!(tr2[6], Data::String("not re-offered, overdue".into()));
        let summary = book.worksheet_range("Summary").unwrap();
        assert!(
            summary.rows().any(|r| r[0] == Data::String("Review".into())
                && r[1].to_string().starts_with("Done on"))
        );
    })
    .await;
}
