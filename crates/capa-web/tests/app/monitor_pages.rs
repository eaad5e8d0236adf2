//! The monitor's pages over HTTP, on TR's small diary (`monitor::small_diary`:
//! TR1 attended, TR2 not attended and never re-offered): the figures of each
//! line counted by hand and the same as the API's, the drill-in, closing an
//! episode, who sees what, and the leaver's what-if applied.

use capa_core::Initials;
use capa_core::monitor::{self, Absence, WhatIfRequest};
use chrono::TimeDelta;
use serde_json::Value;

use crate::monitor::small_diary;
use crate::{App, User, with_app};

/// The numbers of the `<td class="num">` cells of a row, in order.
fn numbers(row: &str) -> Vec<u64> {
    row.split(r#"<td class="num">"#)
        .skip(1)
        .map(|cell| {
            cell.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

/// The table row of the monitor whose heading starts with `who`.
fn row<'a>(html: &'a str, who: &str) -> &'a str {
    let table = &html[html.find(r#"id="monitor-table""#).expect("the table")..];
    table
        .split("<tr")
        .find(|r| r.contains(&format!(">{who}</a>")))
        .unwrap_or_else(|| panic!("no row for {who}"))
}

fn monitor_path(app: &App, q: &str) -> String {
    format!("/teams/{}/monitor?quarter={q}", app.team)
}

#[tokio::test]
async fn the_monitor_page_shows_the_hand_counted_line_and_the_apis_figures() {
    with_app(|app| async move {
        let q = small_diary(&app).await;
        let lead = User::login(&app, "lead").await;
        let html = lead.page(&monitor_path(&app, &q.key())).await;
        assert!(html.contains(&format!("Monitor: {q}")));
        // TR: published 2, booked 2, started 1, DNA 1, cancelled 0,
        // re-offered 0, not re-offered 1 (by hand from the diary above).
        let tr = numbers(row(&html, "TR Tui Rangi"));
        assert_eq!(tr[1..8], [2, 2, 1, 1, 0, 0, 1], "{tr:?}");
        // The flag's reason names the appointment not re-offered.
        let flags = &html[html.find(r#"id="monitor-flags""#).unwrap()..];
        let flag = flags
            .split("<li")
            .find(|l| l.contains(r#"data-flag="not_reoffered""#))
            .expect("the not_reoffered flag");
        assert!(
            flag.contains("TR Tui Rangi") && flag.contains("TR2"),
            "{flag}"
        );
        // The drill-in link.
        assert!(html.contains(&format!(
            r#"href="/teams/{}/monitor/clinicians/TR?quarter={}""#,
            app.team,
            q.key()
        )));
        // Every clinician's target and counts are the API's, and the team's
        // line its totals.
        let api: Value = lead
            .get(&format!(
                "/api/v1/teams/{}/monitor?quarter={}",
                app.team,
                q.key()
            ))
            .await
            .json()
            .await
            .unwrap();
        let fields = [
            "target",
            "published",
            "booked",
            "started",
            "dna",
            "cancelled",
            "reoffered",
            "not_reoffered",
        ];
        for c in api["clinicians"].as_array().unwrap() {
            let who = format!(
                "{} {}",
                c["initials"].as_str().unwrap(),
                c["name"].as_str().unwrap()
            );
            let got = numbers(row(&html, &who));
            let want: Vec<u64> = fields.iter().map(|f| c[*f].as_u64().unwrap()).collect();
            assert_eq!(got[..8], want[..], "{who}");
        }
        let foot = &html[html.find("<tfoot>").unwrap()..];
        let want: Vec<u64> = fields
            .iter()
            .map(|f| api["totals"][*f].as_u64().unwrap())
            .collect();
        assert_eq!(numbers(foot)[..8], want[..]);
        // Waits, the managed list and the four quarters' trends are there,
        // and three charts with their titles and descriptions.
        assert!(html.contains("Referral to Choice"));
        assert!(html.contains("Seen at Choice within 3 weeks"));
        assert!(html.contains("Families on the managed list"));
        let trends = &html[html.find(r#"id="monitor-trends""#).unwrap()..];
        let trends = &trends[..trends.find("</table>").unwrap()];
        assert_eq!(trends.matches(r#"<th scope="row">"#).count(), 4);
        assert_eq!(html.matches(r#"role="img""#).count(), 3);
        assert!(html.contains("<desc id=\"capa-monitor-targets-"));
        // A lead has no line of their own.
        assert!(!html.contains(r#"class="mine""#));
        // A quarter that cannot be read is refused.
        let bad = lead.get(&monitor_path(&app, "Q9")).await;
        assert_eq!(bad.status(), 422);
    })
    .await;
}

#[tokio::test]
async fn a_clinician_sees_their_own_line_first_and_marked() {
    with_app(|app| async move {
        let q = small_diary(&app).await;
        let tr = User::login(&app, "clinician").await;
        let html = tr.page(&monitor_path(&app, &q.key())).await;
        assert!(html.contains("Your line: TR Tui Rangi"), "own line");
        assert!(row(&html, "TR Tui Rangi").starts_with(r#" class="mine""#));
        assert_eq!(html.matches(r#"class="mine""#).count(), 1);
        // The others' lines are shown too (the team's monitoring is shared).
        assert!(html.contains(">AD Aroha Davis</a>"));
    })
    .await;
}

#[tokio::test]
async fn the_drill_in_lists_each_offer_and_closing_an_episode_lowers_the_caseload() {
    with_app(|app| async move {
        let q = small_diary(&app).await;
        let tr = User::login(&app, "clinician").await;
        let path = format!(
            "/teams/{}/monitor/clinicians/TR?quarter={}",
            app.team,
            q.key()
        );
        let html = tr.page(&path).await;
        let offers = &html[html.find(r#"id="clinician-offers""#).unwrap()..];
        let lines: Vec<&str> = offers.split("<tr id=\"offer-").skip(1).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("TR1") && lines[0].contains("attended"));
        assert!(lines[0].contains("episode open"));
        assert!(lines[1].contains("TR2") && lines[1].contains("did not attend"));
        assert!(lines[1].contains("not re-offered; due by"));
        assert!(lines[1].contains("(overdue)"));
        assert!(html.contains("open 1 (threshold 20)"), "caseload before");
        let id: i64 = lines[0][..lines[0].find('"').unwrap()].parse().unwrap();
        // The diary's day of TR1 links to the closing form.
        let day = app.today() - TimeDelta::days(40);
        let diary = tr
            .page(&format!("/teams/{}/diary?day={day}", app.team))
            .await;
        assert!(
            diary.contains(&format!("{path}#offer-{id}")),
            "the diary links to the episode's closing"
        );
        let close = format!("/teams/{}/diary/appointments/{id}/close", app.team);
        // Not after today; then today, once.
        let tomorrow = (app.today() + TimeDelta::days(1)).to_string();
        let r = tr.post_form(&close, &[("closed_on", &tomorrow)]).await;
        assert_eq!(r.status(), 422);
        let today = app.today().to_string();
        let r = tr.post_form(&close, &[("closed_on", &today)]).await;
        assert_eq!(r.status(), 303);
        let again = tr.post_form(&close, &[("closed_on", &today)]).await;
        assert_eq!(again.status(), 409);
        let html = tr.page(&path).await;
        assert!(html.contains("episode closed"), "closed");
        assert!(html.contains("open 0 (threshold 20)"), "caseload after");
        // A booking administrator records outcomes but not closures.
        let other = User::login(&app, "booking").await;
        let r = other.post_form(&close, &[("closed_on", &today)]).await;
        assert_eq!(r.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn the_leavers_what_if_shows_capa_cores_proposal_and_applies_it_once_confirmed() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let stored = app.store.load_stored_team(app.team).await.unwrap();
        let next = app.quarter().next();
        let last_day = next.start() + TimeDelta::days(30);
        let path = format!(
            "/teams/{}/monitor/clinicians/TR/what-if?kind=leaving&last_day={last_day}&quarter={}",
            app.team,
            next.key()
        );
        let html = lead.page(&path).await;
        let tr = Initials::parse("TR").unwrap();
        let w = monitor::what_if(&WhatIfRequest {
            team: &stored.team,
            clinician: &tr,
            absence: Absence::Leaving { last_day },
            quarter: next,
            partners: &[],
        })
        .unwrap();
        assert!(
            !w.plans.is_empty(),
            "the demo's TR has Core sessions to swap"
        );
        assert!(html.contains(&format!(
            "<strong>{} new Partnerships in {next}",
            w.lost.total
        )));
        // Each clinician's new Core target, before and after, as capa-core has it.
        let table = &html[html.find(r#"id="what-if-targets""#).unwrap()..];
        for t in &w.targets {
            let (b, a) = t.core_target.pair();
            let shown = if a == b {
                b.to_string()
            } else {
                format!("{b} → {a}")
            };
            let line = table
                .split("<tr>")
                .find(|r| r.contains(&format!(">{} ", t.initials)))
                .unwrap();
            assert!(line.contains(&format!("<td>{shown}</td>")), "{line}");
        }
        assert!(html.contains(r#"id="what-if-apply""#));
        // Applying needs the confirmation; then saves the versions, audited.
        let apply = format!("/teams/{}/monitor/clinicians/TR/what-if/apply", app.team);
        let last = last_day.to_string();
        let fields = [
            ("kind", "leaving"),
            ("last_day", last.as_str()),
            ("quarter", &next.key()),
        ];
        let r = lead.post_form(&apply, &fields).await;
        assert_eq!(r.status(), 422);
        let before = app.store.load_team(app.team).await.unwrap();
        let mut confirmed = fields.to_vec();
        confirmed.push(("confirm", "yes"));
        let r = lead.post_form(&apply, &confirmed).await;
        assert_eq!(r.status(), 303);
        let after = app.store.load_team(app.team).await.unwrap();
        for p in &w.plans {
            let c = after
                .clinicians
                .iter()
                .find(|c| c.initials == p.clinician)
                .unwrap();
            let old = before
                .clinicians
                .iter()
                .find(|c| c.initials == p.clinician)
                .unwrap();
            assert!(c.job_plans.len() > old.job_plans.len(), "{}", p.clinician);
            assert!(c.job_plans.iter().any(|v| v.version == p.plan.version
                && v.applies_from == p.plan.applies_from
                && v.grid() == p.plan.grid()));
        }
        // Nothing is left to swap for TR: applying again is refused.
        let r = lead.post_form(&apply, &confirmed).await;
        assert_eq!(r.status(), 409);
        // A viewer sees the what-if but no apply form, and may not apply.
        let viewer = User::login(&app, "viewer").await;
        assert!(!viewer.page(&path).await.contains(r#"id="what-if-apply""#));
        assert_eq!(viewer.post_form(&apply, &confirmed).await.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn the_caseload_threshold_is_a_team_setting_the_monitor_judges_by() {
    with_app(|app| async move {
        let q = small_diary(&app).await;
        let lead = User::login(&app, "lead").await;
        let path = format!("/teams/{}/settings/monitoring", app.team);
        let html = lead.page(&path).await;
        assert!(html.contains(r#"name="caseload_threshold" inputmode="decimal" value="20""#));
        let fields = |t: &'static str| {
            [
                ("caseload_threshold", t),
                ("short_weeks", "3"),
                ("short_percent", "80"),
                ("long_weeks", "8"),
                ("long_percent", "95"),
            ]
        };
        // Not a number: shown again as typed, with the field's error.
        let r = lead.post_form(&path, &fields("many")).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(r#"value="many""#));
        let r = lead.post_form(&path, &fields("12")).await;
        assert_eq!(r.status(), 303);
        // TR (full time) is judged against 12 x 1.0.
        let tr = User::login(&app, "clinician").await;
        let html = tr
            .page(&format!(
                "/teams/{}/monitor/clinicians/TR?quarter={}",
                app.team,
                q.key()
            ))
            .await;
        assert!(html.contains("(threshold 12)"), "threshold used");
        assert_eq!(tr.post_form(&path, &fields("30")).await.status(), 403);
    })
    .await;
}
