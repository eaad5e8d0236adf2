//! Settings of issue 9 in the web application: the holiday calendar, long
//! leave, re-offer days and the wait limit, a layout of the team's own, and
//! Specific streams added, renamed and given their multipliers, audited.

use capa_store::{AuditQuery, EntityKind};
use reqwest::StatusCode;

use crate::{App, User, with_app};

/// The demo team's settings as the form posts them, with `changes` applied.
fn form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f: Vec<(&str, &str)> = vec![
        ("name", "Awa Valley CAMHS"),
        ("layout", "nz-four-session"),
        ("year_start_month", "7"),
        ("time_zone", "Pacific/Auckland"),
        ("hours_per_week", "40"),
        ("accepted_referrals_per_week", "16"),
        ("conversion_to_core", "0.68"),
        ("core_multiplier", "3"),
        ("core_average_appointments", ""),
        ("core_appointments_per_session", "2"),
        ("working_weeks_per_quarter", "11.25"),
        ("annual_leave_days", ""),
        ("public_holidays", ""),
        ("study_days", ""),
        ("choice_allocation", "equal"),
        ("choice_appointments_per_session", "1"),
        ("balance_low", "8"),
        ("balance_high", "9"),
        ("share_low", "0.3"),
        ("share_high", "0.4"),
        ("diary_notice_weeks", "6"),
        ("holiday_calendar", "nz"),
        ("long_leave_weeks", "4"),
        ("reoffer_working_days", "5"),
        ("max_wait_weeks", "6"),
        ("layout_name", ""),
        ("layout_days", "Monday to Friday"),
        ("layout_blocks", ""),
    ];
    for (k, v) in changes {
        match f.iter_mut().find(|(n, _)| n == k) {
            Some(slot) => slot.1 = v,
            None => f.push((k, v)),
        }
    }
    f
}

/// The error shown next to a setting's field (its help span), or "".
fn field_error(page: &str, name: &str) -> String {
    let marker = format!("id=\"h-{name}\">");
    let Some(rest) = page.split(&marker).nth(1) else {
        panic!("no field {name}")
    };
    let span = rest.split("</span>").next().unwrap_or("");
    unescape(span.split("field-error\">").nth(1).unwrap_or(""))
}

/// A page's text with askama's escapes undone, to compare with messages.
pub(crate) fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#62;", ">")
        .replace("&amp;", "&")
}

async fn settings(lead: &User, app: &App) -> serde_json::Value {
    lead.get(&format!("/api/v1/teams/{}/settings", app.team))
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_holiday_calendar_leave_and_waits_are_settings_with_errors_by_field() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let url = format!("/teams/{}/settings", app.team);
        let page = lead.page(&url).await;
        for text in [
            "Public holiday calendar",
            "value=\"nz-wellington\"",
            "value=\"uk-scotland\"",
            "Long leave from (weeks)",
            "Re-offer within (working days)",
            "Longest wait (weeks)",
            "Waitangi Day",
        ] {
            assert!(page.contains(text), "settings page lacks {text}");
        }
        let r = lead
            .post_form(
                &url,
                &form(&[
                    ("holiday_calendar", "nz-wellington"),
                    ("long_leave_weeks", "6"),
                    ("reoffer_working_days", "7"),
                    ("max_wait_weeks", "8"),
                ]),
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let s = settings(&lead, &app).await;
        assert_eq!(s["holiday_calendar"], "nz-wellington");
        assert_eq!(s["long_leave_weeks"], 6);
        assert_eq!(s["reoffer_working_days"], 7);
        assert_eq!(s["max_wait_weeks"], 8);
        let page = lead.page(&url).await;
        assert!(
            page.contains("Wellington Anniversary Day"),
            "the region's day is listed"
        );
        // Wrong values: each refused next to its own field, nothing saved.
        let r = lead
            .post_form(
                &url,
                &form(&[
                    ("holiday_calendar", "nz-atlantis"),
                    ("long_leave_weeks", "0"),
                    ("reoffer_working_days", "five"),
                    ("max_wait_weeks", "6"),
                ]),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(
            field_error(&page, "holiday_calendar")
                .contains("unknown holiday calendar 'nz-atlantis'")
        );
        assert!(field_error(&page, "long_leave_weeks").contains("from 1 to 52, not '0'"));
        assert!(field_error(&page, "reoffer_working_days").contains("not 'five'"));
        assert_eq!(field_error(&page, "max_wait_weeks"), "");
        assert_eq!(settings(&lead, &app).await["long_leave_weeks"], 6);
    })
    .await;
}

#[tokio::test]
async fn a_layout_of_the_teams_own_is_checked_and_cannot_reshape_job_plans() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let url = format!("/teams/{}/settings", app.team);
        let page = lead.page(&url).await;
        assert!(unescape(&page).contains("The team's own (below)"));
        // Same shape as the job plans (four sessions, five days), other times.
        let blocks = "Session 1, 08:30, 09:30\nSession 2, 10:00, 11:00\nLunch, 12:00, 12:30, lunch\n\
                      Session 3, 12:30, 13:30\nSession 4, 14:00, 15:00\nAdmin, 15:00, 16:00, admin";
        let r = lead
            .post_form(
                &url,
                &form(&[
                    ("layout", "custom"),
                    ("layout_name", "Early start"),
                    ("layout_blocks", blocks),
                ]),
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let s = settings(&lead, &app).await;
        assert_eq!(s["layout"]["id"], "early-start");
        assert_eq!(s["layout"]["blocks"][0]["start"], "08:30:00");
        let page = lead.page(&url).await;
        assert!(page.contains("<option value=\"custom\" selected>"));
        // Three sessions a day would not fit the team's job plans.
        let three = "Morning, 09:00, 11:00\nMidday, 11:30, 13:00\nAfternoon, 14:00, 16:00";
        let r = lead
            .post_form(
                &url,
                &form(&[
                    ("layout", "custom"),
                    ("layout_name", "Three a day"),
                    ("layout_days", "Monday to Thursday"),
                    ("layout_blocks", three),
                ]),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(
            field_error(&page, "layout_blocks").contains("4 sessions a day on 5 days"),
            "{}",
            field_error(&page, "layout_blocks")
        );
        // A bad block and a bad day, each next to its field, as typed.
        let r = lead
            .post_form(
                &url,
                &form(&[
                    ("layout", "custom"),
                    ("layout_name", "Broken"),
                    ("layout_days", "Monday, Funday"),
                    ("layout_blocks", "Morning, 11:00, 09:00"),
                ]),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(field_error(&page, "layout_days").contains("'Funday' is not a day"));
        assert!(page.contains("Morning, 11:00, 09:00"), "the blocks are kept as typed");
        assert_eq!(settings(&lead, &app).await["layout"]["id"], "early-start");

        // A new team (no job plans yet) takes three sessions on four days,
        // and has New Zealand's national holidays from the start.
        let admin = User::login(&app, "admin").await;
        let r = admin.post_form("/teams", &[("name", "Hill Street CAMHS")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = r.headers()["location"].to_str().unwrap().to_string();
        let page = admin.page(&to).await;
        for day in ["Waitangi Day", "Matariki", "Labour Day"] {
            assert!(page.contains(day), "a new team has {day}");
        }
        let mut f = form(&[
            ("layout", "custom"),
            ("layout_name", "Three a day"),
            ("layout_days", "Monday to Thursday"),
            ("layout_blocks", three),
        ]);
        f[0] = ("name", "Hill Street CAMHS");
        let r = admin.post_form(&to, &f).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let team = to.trim_end_matches("/settings");
        let s: serde_json::Value = admin
            .get(&format!("/api/v1{team}/settings"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(s["layout"]["days"].as_array().unwrap().len(), 4);
        assert_eq!(s["layout"]["blocks"].as_array().unwrap().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn streams_are_added_renamed_and_given_multipliers_audited() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let url = format!("/teams/{t}/settings");
        let stored = app.store.streams(t).await.unwrap();
        let dbt = stored.iter().find(|s| s.stream.name == "DBT").unwrap().id;
        let page = lead.page(&url).await;
        assert!(page.contains(&format!("action=\"/teams/{t}/settings/streams/{}\"", dbt.0)));
        assert!(page.contains("Add stream"));
        // Add one with its multiplier.
        let r = lead
            .post_form(
                &format!("{url}/streams"),
                &[("name", "Eating disorders"), ("multiplier", "2.5")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        // Rename DBT and derive its multiplier from 16 appointments.
        let r = lead
            .post_form(
                &format!("{url}/streams/{}", dbt.0),
                &[
                    ("name", "DBT (adolescent)"),
                    ("multiplier", ""),
                    ("average_appointments", "16"),
                    ("appointments_per_session", "2"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let s = settings(&lead, &app).await;
        let streams = s["streams"].as_array().unwrap();
        let names: Vec<&str> = streams
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["DBT (adolescent)", "OT", "Eating disorders"]);
        assert_eq!(streams[0]["multiplier"]["average_appointments"], 16.0);
        assert_eq!(streams[2]["multiplier"]["value"], 2.5);
        // The renamed stream keeps its sessions: TR's plan now reads it.
        let team = app.store.load_team(t).await.unwrap();
        let tr = team
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == "TR")
            .unwrap();
        assert!(tr.streams.iter().any(|s| s == "DBT (adolescent)"));
        let page = lead.page(&url).await;
        let working = page.split("Multiplier now: ").nth(1).unwrap_or_default();
        assert!(
            working.contains(" / 16 = "),
            "the derived multiplier's working: {working:.200}"
        );
        // Both changes are in the audit log.
        let log = app
            .store
            .audit_log(&AuditQuery {
                team_id: Some(t),
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(
            log.iter()
                .filter(|r| r.entity_kind == EntityKind::Stream)
                .count(),
            2
        );
        // Refused: both a multiplier and an average; a name taken; no name.
        for (fields, says) in [
            (
                vec![
                    ("name", "OT"),
                    ("multiplier", "2"),
                    ("average_appointments", "9"),
                ],
                "not both",
            ),
            (vec![("name", "ot")], "already has a stream named 'OT'"),
            (vec![("name", " ")], "a stream needs a name"),
        ] {
            let r = lead.post_form(&format!("{url}/streams"), &fields).await;
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{says}");
            let page = r.text().await.unwrap();
            let error = page
                .split("id=\"stream-new-error\">")
                .nth(1)
                .unwrap_or_else(|| panic!("no error by the new stream's form: {says}"));
            assert!(
                unescape(error.split('<').next().unwrap()).contains(says),
                "{says}"
            );
        }
        assert_eq!(app.store.streams(t).await.unwrap().len(), 3);
        // A viewer sees the streams but no form.
        let viewer = User::login(&app, "viewer").await;
        let page = viewer.page(&url).await;
        assert!(page.contains("Eating disorders") && !page.contains("Add stream"));
    })
    .await;
}

/// The audit page's sentences, unescaped.
async fn audit(lead: &User, app: &App, query: &str) -> String {
    unescape(
        &lead
            .page(&format!("/teams/{}/audit{query}", app.team))
            .await
            .replace("&gt;", ">")
            .replace("&#62;", ">"),
    )
}

#[tokio::test]
async fn the_audit_log_reads_like_a_record_and_filters_by_person_clinician_kind_and_date() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let admin = User::login(&app, "admin").await;
        let t = app.team;
        // The lead changes TR's plan; the administrator FS's and a setting.
        let r = lead
            .post_form(
                &format!("/teams/{t}/clinicians/TR/plan/1/cells/1/0"),
                &[("activity", "specific:OT")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = admin
            .post_form(
                &format!("/teams/{t}/clinicians/FS/plan/1/cells/1/0"),
                &[("activity", "core")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = admin
            .post_form(
                &format!("/teams/{t}/settings"),
                &form(&[("max_wait_weeks", "5")]),
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let all = audit(&lead, &app, "").await;
        assert!(
            all.contains(
                "Fiona Smith (team lead) changed TR's job plan #1, Monday session 2: Core (free) -> Specific: OT"
            ),
            "{all}"
        );
        assert!(
            all.contains("changed the team's settings: ") && all.contains("max wait weeks: 6 -> 5"),
            "{}",
            all.split("audit-sentence\">")
                .skip(1)
                .map(|s| s.split('<').next().unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(!all.contains("\"version\""), "no JSON dumps");
        // By clinician: TR's changes only.
        let tr = audit(&lead, &app, "?clinician=TR").await;
        assert!(tr.contains("TR's job plan #1") && !tr.contains("FS's job plan"));
        assert!(!tr.contains("the team's settings"));
        // By person: the administrator's only.
        let admin_id = app
            .store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.username == "admin")
            .unwrap()
            .id
            .0;
        let by_admin = audit(&lead, &app, &format!("?who={admin_id}")).await;
        assert!(by_admin.contains("FS's job plan #1") && !by_admin.contains("TR's job plan #1"));
        // By kind.
        let settings = audit(&lead, &app, "?kind=team").await;
        assert!(settings.contains("max wait weeks: 6 -> 5") && !settings.contains("job plan #1"));
        // By date, in the team's time zone: the day the changes were made
        // (the store stamps records with its own clock) has them, 2001 none.
        let last = app
            .store
            .audit_log(&AuditQuery {
                team_id: Some(t),
                limit: Some(1),
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        let today = capa_core::Zone::AUCKLAND
            .local(last[0].at)
            .format("%d/%m/%Y")
            .to_string();
        let dated = audit(&lead, &app, &format!("?from={today}&to={today}&clinician=TR")).await;
        assert!(dated.contains("TR's job plan #1"));
        let old = audit(&lead, &app, "?from=01/01/2001&to=31/12/2001").await;
        assert!(old.contains("No changes match."));
        // A wrong date is said next to its field.
        let bad = audit(&lead, &app, "?from=31/02/2026&kind=nothing").await;
        assert!(bad.contains("'31/02/2026' is not a date") && bad.contains("unknown kind 'nothing'"));
        assert!(bad.contains("id=\"f-from\" name=\"from\" value=\"31/02/2026\""));
    })
    .await;
}
