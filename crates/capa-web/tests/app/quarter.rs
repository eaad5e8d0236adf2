//! A clinician's quarter: the plot (its SVG, its counts against the diary),
//! the publish page's already-published offers, and the offers a job plan
//! change left in sessions that are no longer Core (keep or withdraw, and
//! the sheet saying it counts them).

use capa_core::diary::AppointmentState;
use capa_core::{Activity, Initials};
use capa_store::{Actor, AppointmentKind, AppointmentQuery};
use chrono::{Datelike, Timelike};
use reqwest::StatusCode;

use crate::diary::populated;
use crate::{User, with_app};

#[tokio::test]
async fn the_plot_is_an_accessible_svg_whose_counts_match_the_diary() {
    with_app(|app| async move {
        populated(&app).await;
        let lead = User::login(&app, "lead").await;
        let t = app.team.0;
        let q = app.quarter();
        let page = lead
            .page(&format!(
                "/teams/{t}/diary/plot?clinician=TR&quarter={}",
                q.key()
            ))
            .await;
        assert!(page.contains("<svg viewBox="));
        assert!(page.contains("role=\"img\" aria-labelledby=\"plot-title plot-desc\""));
        assert!(page.contains("<title id=\"plot-title\">"));
        assert!(page.contains("<desc id=\"plot-desc\">"));
        assert!(page.contains("<table>"), "the table beside the chart");
        // Every booked or attended first Core appointment of TR's in the
        // quarter starts an episode in its own week: one orange bar start each,
        // and the desc's "starting" figures add up to the same.
        let tr = app
            .store
            .find_clinician(app.team, &Initials::parse("TR").unwrap())
            .await
            .unwrap()
            .unwrap();
        let started = app
            .store
            .appointments(
                app.team,
                &AppointmentQuery {
                    clinician: Some(tr),
                    kind: Some(AppointmentKind::Partnership),
                    states: vec![AppointmentState::Booked, AppointmentState::Attended],
                    ..AppointmentQuery::default()
                },
            )
            .await
            .unwrap()
            .into_iter()
            .filter(|a| {
                let d = a.starts_at.date_naive();
                q.start() <= d && d < q.end_exclusive()
            })
            .count();
        assert!(started > 0, "TR has first appointments this quarter");
        let firsts = page.matches("class=\"plot-first\"").count();
        assert_eq!(firsts, started);
        let desc = page.split("<desc id=\"plot-desc\">").nth(1).unwrap();
        let desc = desc.split("</desc>").next().unwrap();
        let starting: usize = desc
            .split(" starting)")
            .filter_map(|part| part.rsplit('(').next()?.trim().parse::<usize>().ok())
            .sum();
        assert_eq!(starting, started, "{desc}");
        // The selectors.
        assert!(page.contains("name=\"clinician\""));
        assert!(page.contains("name=\"quarter\""));
    })
    .await;
}

#[tokio::test]
async fn the_publish_page_shows_what_is_published_and_offers_left_off_the_plan() {
    with_app(|app| async move {
        populated(&app).await;
        let lead = User::login(&app, "lead").await;
        let t = app.team.0;
        let next = app.quarter().next();
        let stored = app.store.load_stored_team(app.team).await.unwrap();
        let tr = app
            .store
            .find_clinician(app.team, &Initials::parse("TR").unwrap())
            .await
            .unwrap()
            .unwrap();
        let offers = app
            .store
            .appointments(
                app.team,
                &AppointmentQuery {
                    quarter: Some(next),
                    clinician: Some(tr),
                    kind: Some(AppointmentKind::Partnership),
                    ..AppointmentQuery::default()
                },
            )
            .await
            .unwrap();
        let published = offers.iter().filter(|a| a.replaces_id.is_none()).count();
        assert!(published > 0);
        let url = format!(
            "/teams/{t}/diary/publish?clinician=TR&kind=core&quarter={}",
            next.key()
        );
        let page = lead.page(&url).await;
        assert!(
            page.contains(&format!("{published} of ")),
            "already published shown: {page}"
        );
        assert!(page.contains(&format!("published for {next}")));
        assert!(!page.contains("id=\"standing\""));
        // The job plan changes: the session of one vacant offer is now OT.
        let vacant = offers
            .iter()
            .find(|a| a.state == AppointmentState::Vacant)
            .unwrap();
        let zone = stored.team.settings.time_zone;
        let at = zone.local(vacant.starts_at);
        let layout = &stored.team.settings.layout;
        let row = layout
            .sessions()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|b| b.start <= at.time())
            .unwrap();
        let col = layout
            .days
            .iter()
            .position(|d| *d == at.date().weekday())
            .unwrap();
        let version = app
            .store
            .job_plan_versions(tr)
            .await
            .unwrap()
            .iter()
            .map(|v| v.version)
            .max()
            .unwrap();
        app.store
            .set_cell(
                Actor::System,
                tr,
                version,
                row,
                col,
                &Activity::Specific("OT".into()),
            )
            .await
            .unwrap();
        let page = lead.page(&url).await;
        assert!(page.contains("id=\"standing\""));
        assert!(page.contains(&format!("name=\"offer-{}\"", vacant.id.0)));
        assert!(page.contains("the session is now Specific: OT"));
        // The sheet counts it, and says so.
        let sheet = lead
            .page(&format!("/teams/{t}/diary/sheet?quarter={}", next.key()))
            .await;
        assert!(sheet.contains("Counted, though no longer in a Core session"));
        assert!(sheet.contains(&format!("<li>{} (", vacant.label)));
        // Withdrawn.
        let r = lead
            .post_form(
                &format!("/teams/{t}/diary/publish/standing"),
                &[
                    ("clinician", "TR"),
                    ("kind", "core"),
                    ("quarter", &next.key()),
                    (&format!("offer-{}", vacant.id.0), "withdraw"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(app.store.appointment(vacant.id).await.is_err(), "withdrawn");
        let sheet = lead
            .page(&format!("/teams/{t}/diary/sheet?quarter={}", next.key()))
            .await;
        // Others in the same session of later weeks are still listed; not it.
        let section = |page: &str| {
            page.split("id=\"standing\"")
                .nth(1)
                .and_then(|rest| rest.split("</section>").next())
                .unwrap_or("")
                .to_string()
        };
        let label = format!("<li>{} (", vacant.label);
        assert!(!section(&sheet).contains(&label), "{}", section(&sheet));
        // Someone else's offer is not theirs to withdraw.
        let ad = app
            .store
            .find_clinician(app.team, &Initials::parse("AD").unwrap())
            .await
            .unwrap()
            .unwrap();
        crate::matrix::account(
            &app,
            "other-clinician",
            Some(capa_store::Role::Clinician(ad)),
            app.team,
        )
        .await;
        let other = User::login(&app, "other-clinician").await;
        let r = other
            .post_form(
                &format!("/teams/{t}/diary/publish/standing"),
                &[
                    ("clinician", "TR"),
                    ("kind", "core"),
                    ("quarter", &next.key()),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let _ = at.hour();
    })
    .await;
}
