//! Every route for every role, and for an outsider and an anonymous visitor:
//! the server enforces each permission, not the buttons it shows.

use crate::{App, User, outsider, with_app};

/// Who asks, in the order of each row's expected statuses.
const WHO: [&str; 7] = [
    "admin",
    "lead",
    "clinician",
    "booking",
    "viewer",
    "outsider",
    "anonymous",
];

enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    Json(serde_json::Value),
}

struct Case {
    method: &'static str,
    path: String,
    body: fn(&str) -> Body,
    expected: [u16; 7],
}

fn no_body(_: &str) -> Body {
    Body::None
}

/// The demo team's settings, unchanged, as the settings form posts them.
fn settings_form(_: &str) -> Body {
    let f = [
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
        ("working_weeks_per_quarter", ""),
        ("annual_leave_days", "25"),
        ("public_holidays", "11"),
        ("study_days", "5"),
        ("choice_allocation", "fte"),
        ("choice_appointments_per_session", "1"),
        ("balance_low", "8"),
        ("balance_high", "9"),
        ("share_low", "0.3"),
        ("share_high", "0.4"),
        ("diary_notice_weeks", "6"),
    ];
    Body::Form(f.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

fn core_cell(_: &str) -> Body {
    Body::Form(vec![("activity", "core".into())])
}

fn new_clinician(who: &str) -> Body {
    // Distinct initials per caller, so every allowed caller can add one.
    let initials =
        format!("Z{}", &who[..1].to_uppercase()) + if who == "anonymous" { "N" } else { "" };
    Body::Form(vec![
        ("initials", initials),
        ("name", format!("New {who}")),
        ("fte", "0.5".into()),
    ])
}

fn new_account(who: &str) -> Body {
    Body::Form(vec![
        ("username", format!("made-by-{who}")),
        ("display_name", format!("Made by {who}")),
        ("password", "a long password".into()),
    ])
}

fn new_member(who: &str) -> Body {
    Body::Form(vec![
        ("username", format!("member-by-{who}")),
        ("role", "viewer".into()),
        ("display_name", format!("Member by {who}")),
        ("password", "a long password".into()),
    ])
}

fn version(_: &str) -> Body {
    Body::Form(vec![("applies_from", "2027-01-04".into())])
}

fn pl_details(_: &str) -> Body {
    Body::Form(vec![
        ("initials", "PL".into()),
        ("name", "Priya Lal".into()),
        ("discipline", "Psychotherapist".into()),
        ("fte", "0.5".into()),
        ("does_choice", "true".into()),
        ("skill_domain", "Dynamic".into()),
        ("skill_level", "advanced".into()),
    ])
}

fn api_core_cell(_: &str) -> Body {
    Body::Json(serde_json::json!({ "activity": "Core" }))
}

fn api_new_clinician(who: &str) -> Body {
    Body::Json(
        serde_json::json!({ "initials": format!("Y{}", &who[..1].to_uppercase()), "name": format!("API {who}"), "fte": 0.5 }),
    )
}

fn api_version(_: &str) -> Body {
    Body::Json(serde_json::json!({ "applies_from": "2027-04-05" }))
}

fn cases(t: i64) -> Vec<Case> {
    const MEMBERS_HTML: [u16; 7] = [200, 200, 200, 200, 200, 404, 303];
    const MEMBERS_API: [u16; 7] = [200, 200, 200, 200, 200, 404, 401];
    let mut c = Vec::new();
    c.push(Case {
        method: "GET",
        path: format!("/teams/{t}/members"),
        body: no_body,
        expected: [200, 200, 403, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "POST",
        path: format!("/teams/{t}/members"),
        body: new_member,
        expected: [303, 303, 403, 403, 403, 404, 303],
    });
    for p in ["/diary", "/diary/sheet", "/diary/book"] {
        c.push(Case {
            method: "GET",
            path: format!("/teams/{t}{p}"),
            body: no_body,
            expected: MEMBERS_HTML,
        });
    }
    c.push(Case {
        method: "GET",
        path: format!("/teams/{t}/diary/publish?clinician=TR"),
        body: no_body,
        expected: [200, 200, 200, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "GET",
        path: format!("/api/v1/offers?team={t}"),
        body: no_body,
        expected: MEMBERS_API,
    });
    c.push(Case {
        method: "GET",
        path: format!("/api/v1/choice-slots?team={t}"),
        body: no_body,
        expected: MEMBERS_API,
    });
    for p in [
        "",
        "/year",
        "/clinicians",
        "/clinicians/TR",
        "/clinicians/TR/plan",
        "/clinicians/TR/plan/1/print",
        "/settings",
        "/skills",
        "/files",
        "/files/team.toml",
        "/files/team-job-plan.xlsx",
    ] {
        c.push(Case {
            method: "GET",
            path: format!("/teams/{t}{p}"),
            body: no_body,
            expected: MEMBERS_HTML,
        });
    }
    c.push(Case {
        method: "GET",
        path: format!("/teams/{t}/audit"),
        body: no_body,
        expected: [200, 200, 403, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "GET",
        path: "/account".into(),
        body: no_body,
        expected: [200, 200, 200, 200, 200, 200, 303],
    });
    c.push(Case {
        method: "GET",
        path: "/method".into(),
        body: no_body,
        expected: [200; 7],
    });
    c.push(Case {
        method: "GET",
        path: "/admin/users".into(),
        body: no_body,
        expected: [200, 403, 403, 403, 403, 403, 303],
    });
    c.push(Case {
        method: "POST",
        path: "/admin/users".into(),
        body: new_account,
        expected: [303, 403, 403, 403, 403, 403, 303],
    });
    c.push(Case {
        method: "GET",
        path: "/api/v1/openapi.json".into(),
        body: no_body,
        expected: [200; 7],
    });
    c.push(Case {
        method: "GET",
        path: "/api/v1/teams".into(),
        body: no_body,
        expected: [200, 200, 200, 200, 200, 200, 401],
    });
    for p in [
        "",
        "/settings",
        "/clinicians",
        "/clinicians/TR",
        "/clinicians/TR/job-plans",
        "/clinicians/TR/job-plans/1",
        "/capacity",
        "/capacity/year",
    ] {
        c.push(Case {
            method: "GET",
            path: format!("/api/v1/teams/{t}{p}"),
            body: no_body,
            expected: MEMBERS_API,
        });
    }
    // Changes through the pages.
    c.push(Case {
        method: "POST",
        path: format!("/teams/{t}/settings"),
        body: settings_form,
        expected: [303, 303, 403, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "POST",
        path: format!("/teams/{t}/clinicians/TR/plan/1/cells/0/3"),
        body: core_cell,
        expected: [303, 303, 303, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "POST",
        path: format!("/teams/{t}/clinicians/AD/plan/1/cells/1/0"),
        body: core_cell,
        expected: [303, 303, 403, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "POST",
        path: format!("/teams/{t}/clinicians/TR/plan/versions"),
        body: version,
        expected: [303, 303, 303, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "POST",
        path: format!("/teams/{t}/clinicians"),
        body: new_clinician,
        expected: [303, 303, 403, 403, 403, 404, 303],
    });
    c.push(Case {
        method: "POST",
        path: format!("/teams/{t}/clinicians/PL"),
        body: pl_details,
        expected: [303, 303, 403, 403, 403, 404, 303],
    });
    // Changes through the API.
    c.push(Case {
        method: "PUT",
        path: format!("/api/v1/teams/{t}/clinicians/TR/job-plans/1/cells/0/3"),
        body: api_core_cell,
        expected: [200, 200, 200, 403, 403, 404, 401],
    });
    c.push(Case {
        method: "PUT",
        path: format!("/api/v1/teams/{t}/clinicians/AD/job-plans/1/cells/1/0"),
        body: api_core_cell,
        expected: [200, 200, 403, 403, 403, 404, 401],
    });
    c.push(Case {
        method: "POST",
        path: format!("/api/v1/teams/{t}/clinicians/TR/job-plans"),
        body: api_version,
        expected: [201, 201, 201, 403, 403, 404, 401],
    });
    c.push(Case {
        method: "POST",
        path: format!("/api/v1/teams/{t}/clinicians"),
        body: api_new_clinician,
        expected: [201, 201, 403, 403, 403, 404, 401],
    });
    c
}

async fn ask(u: &User, who: &str, case: &Case) -> u16 {
    let url = format!("{}{}", u.base, case.path);
    let req = match case.method {
        "GET" => u.http.get(&url),
        "POST" => u.http.post(&url),
        _ => u.http.put(&url),
    };
    let req = match (case.body)(who) {
        Body::None => req,
        Body::Form(mut f) => {
            f.push(("csrf", u.csrf.clone()));
            req.form(&f)
        }
        Body::Json(j) => req.json(&j),
    };
    req.send().await.unwrap().status().as_u16()
}

async fn callers(app: &App) -> Vec<User> {
    let mut users = Vec::new();
    for who in &WHO[..5] {
        users.push(User::login(app, who).await);
    }
    users.push(outsider(app).await);
    users.push(User::anonymous(app));
    users
}

#[tokio::test]
async fn every_route_for_every_role() {
    with_app(|app| async move {
        let users = callers(&app).await;
        let mut wrong = Vec::new();
        for case in cases(app.team.0) {
            for (i, who) in WHO.iter().enumerate() {
                let got = ask(&users[i], who, &case).await;
                if got != case.expected[i] {
                    wrong.push(format!(
                        "{} {} as {who}: {got}, expected {}",
                        case.method, case.path, case.expected[i]
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of the matrix differ:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    })
    .await;
}

#[tokio::test]
async fn a_clinician_cannot_change_another_clinicians_plan_through_the_api() {
    with_app(|app| async move {
        let tr = User::login(&app, "clinician").await;
        let other = format!(
            "/api/v1/teams/{}/clinicians/AD/job-plans/1/cells/0/2",
            app.team
        );
        let r = tr
            .put_json(&other, &serde_json::json!({ "activity": "Choice" }))
            .await;
        assert_eq!(r.status().as_u16(), 403);
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("only your own job plan")
        );
        let plan: serde_json::Value = tr
            .get(&format!(
                "/api/v1/teams/{}/clinicians/AD/job-plans/1",
                app.team
            ))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(plan["grid"][0][2], "Core", "AD's plan is unchanged");
        // Their own plan, yes.
        let own = format!(
            "/api/v1/teams/{}/clinicians/TR/job-plans/1/cells/0/3",
            app.team
        );
        let r = tr
            .put_json(&own, &serde_json::json!({ "activity": "Choice" }))
            .await;
        assert_eq!(r.status().as_u16(), 200);
        let plan: serde_json::Value = r.json().await.unwrap();
        assert_eq!(plan["grid"][0][3], "Choice");
        assert_eq!(plan["sessions"]["choice"], 3);
    })
    .await;
}
