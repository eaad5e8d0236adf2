//! Dates of tokens, calendar feeds and the audit log are the team's
//! (Pacific/Auckland), not UTC's: stamped at the tests' instant, an evening
//! in UTC that is already the next morning in Auckland.

use capa_store::testing::{TestDb, on_each_backend};
use reqwest::StatusCode;

use crate::{User, spawn};

#[tokio::test]
async fn token_feed_and_audit_dates_are_the_teams_not_utcs() {
    on_each_backend(|db| async move {
        let raw = TestDb {
            store: db.store.clone(),
            url: db.url.clone(),
            dir: db.dir.clone(),
        };
        let app = spawn(db).await;
        let t = app.team;
        // The pinned instant falls on different dates in UTC and in Auckland.
        let nz = capa_core::Zone::AUCKLAND.local(app.now);
        let utc = app.now.naive_utc();
        assert_ne!(nz.date(), utc.date(), "the instant must straddle midnight");
        let lead = User::login(&app, "lead").await;
        let r = lead
            .post_form("/account/tokens", &[("name", "reporting")])
            .await;
        assert!(r.status().is_success(), "{}", r.status());
        let r = lead
            .post_form(&format!("/teams/{t}/diary/calendar?clinician=TR"), &[])
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        // Every stamp at the pinned instant (the audit log is append-only:
        // its newest record again, stamped then).
        let at = app.now.to_rfc3339();
        for sql in [
            format!("UPDATE api_tokens SET created_at = '{at}', last_used_at = '{at}'"),
            format!("UPDATE calendar_feeds SET created_at = '{at}'"),
            format!(
                "INSERT INTO audit_log (at, user_id, team_id, entity_kind, entity_id, action, before_json, after_json) \
                 SELECT '{at}', user_id, team_id, entity_kind, entity_id, action, before_json, after_json \
                 FROM audit_log WHERE team_id = {} ORDER BY id DESC LIMIT 1",
                t.0
            ),
        ] {
            assert!(raw.raw(&sql).await.unwrap() > 0, "{sql}");
        }
        let day = |d: chrono::NaiveDateTime| d.format("%d/%m/%Y").to_string();
        let account = lead.page("/account").await;
        let row = account
            .split("<td>reporting</td>")
            .nth(1)
            .expect("the token is listed")
            .split("</tr>")
            .next()
            .unwrap()
            .to_string();
        assert!(
            row.contains(&format!("<td>{}</td>", day(nz)))
                && row.contains(&nz.format("%d/%m/%Y %H:%M").to_string()),
            "{row}"
        );
        assert!(!row.contains(&day(utc)), "{row}");
        let feeds = lead
            .page(&format!("/teams/{t}/diary/calendar?clinician=TR"))
            .await;
        assert!(feeds.contains(&format!("<td>{}</td>", day(nz))), "{feeds}");
        assert!(
            !feeds.contains(&format!("<td>{}</td>", day(utc))),
            "{feeds}"
        );
        let audit = lead.page(&format!("/teams/{t}/audit")).await;
        assert!(
            audit.contains(&nz.format("%d/%m/%Y %H:%M:%S").to_string()),
            "{audit}"
        );
        assert!(!audit.contains(&utc.format("%d/%m/%Y %H:%M:%S").to_string()));
    })
    .await;
}
