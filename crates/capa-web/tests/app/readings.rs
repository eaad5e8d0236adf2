//! The job plan editor reads a session's label as `capa plan check` reads a
//! file's cell, and says so: every inferred reading beside the grid, every
//! session capa cannot place as a warning naming it.

use reqwest::StatusCode;

use crate::settings::unescape;
use crate::{User, with_app};

/// The list items of the element with `id`.
fn items(page: &str, id: &str) -> Vec<String> {
    let Some(section) = page.split(&format!("id=\"{id}\"")).nth(1) else {
        return Vec::new();
    };
    let section = section.split("</ul>").next().unwrap();
    section
        .split("<li>")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap().to_string())
        .collect()
}

/// Saves Monday's second session as an Other label, category left blank, by htmx.
async fn save(lead: &User, cell: &str, label: &str) -> (StatusCode, String) {
    let r = lead
        .post_htmx(
            cell,
            &[("activity", "other"), ("label", label), ("category", "")],
        )
        .await;
    (r.status(), unescape(&r.text().await.unwrap()))
}

/// What TR's plan #1 holds in Monday's second session, as the API says.
async fn grid(lead: &User, api: &str) -> String {
    let plan: serde_json::Value = lead.get(api).await.json().await.unwrap();
    plan["grid"][1][0].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_editor_shows_every_inferred_reading_and_warns_of_cells_it_cannot_place() {
    with_app(|app| async move {
        let lead = User::login(&app, "lead").await;
        let t = app.team;
        let plan = unescape(&lead.page(&format!("/teams/{t}/clinicians/TR/plan")).await);
        let read = items(&plan, "plan-readings");
        assert!(
            read.iter().any(|r| r.starts_with("Tuesday, Session 1 ")
                && r.ends_with(": 'DBT consult' read as Other: consultation")),
            "{read:?}"
        );
        assert!(
            read.iter().any(|r| r.ends_with(": 'Business meeting' read as Other: team meeting")),
            "{read:?}"
        );
        assert!(items(&plan, "plan-unplaced").is_empty(), "TR's plan places every session");
        // AD's "Psychometrics" is Other: other: nothing says what it is.
        let ad = unescape(&lead.page(&format!("/teams/{t}/clinicians/AD/plan")).await);
        let unplaced = items(&ad, "plan-unplaced");
        assert_eq!(unplaced.len(), 1, "{unplaced:?}");
        assert!(
            unplaced[0].starts_with("Friday, Session 1 ")
                && unplaced[0].contains(": 'Psychometrics' could not be placed: read as Other: other (not Core capacity); choose its category"),
            "{unplaced:?}"
        );

        // Labels typed as a clinician writes them, category left to capa.
        let cell = format!("/teams/{t}/clinicians/TR/plan/1/cells/1/0");
        let api = format!("/api/v1/teams/{t}/clinicians/TR/job-plans/1");
        for (label, stored, said) in [
            ("Choice clinic", "Choice", "'Choice clinic' read as Choice"),
            ("CHOICE appts", "Choice", "'CHOICE appts' read as Choice"),
            ("Choice x2", "Choice", "'Choice x2' read as Choice"),
            ("DBT", "Specific: DBT", "'DBT' read as Specific: DBT"),
            ("Travel (drop off)", "Travel (drop off)", "'Travel (drop off)' read as Other: travel"),
        ] {
            let (status, fragment) = save(&lead, &cell, label).await;
            assert_eq!(status, StatusCode::OK, "{label}: {fragment}");
            assert!(
                fragment.contains(&format!("Saved Monday, session 2: {stored} ({said}).")),
                "{label}: {fragment}"
            );
            assert_eq!(grid(&lead, &api).await, stored, "{label}");
        }
        // Travel is an Other session read by inference: listed, and the cell says so.
        let (_, fragment) = save(&lead, &cell, "Travel (drop off)").await;
        assert!(
            items(&fragment, "plan-readings")
                .iter()
                .any(|r| r.starts_with("Monday, Session 2 ")
                    && r.ends_with(": 'Travel (drop off)' read as Other: travel")),
            "{fragment}"
        );
        assert!(fragment.contains("Travel (drop off)<span class=\"cell-note\" aria-hidden=\"true\">read as Other: travel</span>"));
        // Words that place it nowhere: saved, and a warning that names the cell.
        let (status, fragment) = save(&lead, &cell, "Family therapy clinic").await;
        assert_eq!(status, StatusCode::OK);
        let unplaced = items(&fragment, "plan-unplaced");
        assert!(
            unplaced.len() == 1
                && unplaced[0].starts_with("Monday, Session 2 ")
                && unplaced[0].contains("'Family therapy clinic' could not be placed"),
            "{unplaced:?}"
        );
        assert!(fragment.contains("class=\"cell k-other unplaced\" id=\"cell-1-0\"") || fragment.contains("unplaced\" id=\"cell-1-0\""), "{fragment}");
        // A stream the team does not have is an error on the label; nothing changes.
        let (status, fragment) = save(&lead, &cell, "Specific: ED").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            fragment.contains("unknown Specific stream 'ED' (the team's streams: DBT, OT)"),
            "{fragment}"
        );
        assert_eq!(grid(&lead, &api).await, "Family therapy clinic");
    })
    .await;
}
