//! Every route for every role: the server enforces each permission, not the
//! buttons it shows. The cases are checked against the application's own
//! route table (`capa_web::route_table`), so a route added without an expected
//! answer for each caller fails this test, as does a case for a route that
//! does not exist.

use std::collections::BTreeSet;

use capa_core::Initials;
use capa_core::diary::AppointmentState;
use capa_core::diary::{Outcome, SlotKind};
use capa_store::{
    Actor, AppointmentId, AppointmentKind, AppointmentQuery, ClientKey, NewOffers, NewSlot,
    NewUser, Role, TeamId,
};

use crate::{App, PASSWORD, User, password_hash, with_app};

mod api;
mod fixture;
mod pages;
mod review;

use fixture::fixture;
pub use fixture::{account, past_appointments};

/// Who asks, in the order of each case's expected statuses.
const WHO: [&str; 8] = [
    "admin",
    "lead",
    "clinician",
    "other-clinician",
    "booking",
    "viewer",
    "other-team",
    "anonymous",
];
const N: usize = WHO.len();

/// What each caller may see of the team's pages and API: everyone but the
/// other team's user and the anonymous visitor.
const MEMBERS_HTML: [u16; N] = [200, 200, 200, 200, 200, 200, 404, 303];
const MEMBERS_API: [u16; N] = [200, 200, 200, 200, 200, 200, 404, 401];
/// Changes only the team lead (and an administrator) may make.
const PLANNERS: [u16; N] = [303, 303, 403, 403, 403, 403, 404, 303];
/// Changes to TR's plan, offers, leave and calendar: TR and the planners.
const FOR_TR: [u16; N] = [303, 303, 303, 403, 403, 403, 404, 303];
/// Booking-side changes: everyone in the team but the viewer.
const BOOKERS: [u16; N] = [303, 303, 303, 303, 303, 403, 404, 303];
/// Administrators' changes.
const ADMIN: [u16; N] = [303, 403, 403, 403, 403, 403, 403, 303];

enum Body {
    None,
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
    Toml(String),
    /// A discharge report: multipart to a page, the raw CSV to the API.
    Report(String),
}

/// The ids each case acts on, one per caller where a change uses one up.
struct Fixture {
    team: i64,
    vacant: Vec<i64>,
    booked: Vec<i64>,
    dna: Vec<i64>,
    choice_vacant: Vec<i64>,
    choice_booked: Vec<i64>,
    attended: Vec<i64>,
    choice_attended: Vec<i64>,
    holidays: Vec<i64>,
    leave: Vec<i64>,
    feeds: Vec<i64>,
    feed_token: String,
    managed: Vec<i64>,
    tokens: Vec<i64>,
    members: Vec<i64>,
    users: Vec<i64>,
    slots: Vec<String>,
    quarter: String,
    /// The app's today, ISO.
    today: String,
    toml: String,
    /// A self-assessment review of the team.
    assessment: i64,
    demand: i64,
    dbt_stream: i64,
}

/// The path a caller asks for.
type PathOf = Box<dyn Fn(&Fixture, usize) -> String + Send + Sync>;
/// The body a caller sends.
type BodyOf = Box<dyn Fn(&Fixture, usize) -> Body + Send + Sync>;

struct Case {
    method: &'static str,
    /// The route pattern this case exercises, as the route table has it.
    route: &'static str,
    path: PathOf,
    body: BodyOf,
    expected: [u16; N],
}

fn form(fields: &[(&str, String)]) -> Body {
    Body::Form(
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

fn case(
    method: &'static str,
    route: &'static str,
    path: impl Fn(&Fixture, usize) -> String + Send + Sync + 'static,
    body: impl Fn(&Fixture, usize) -> Body + Send + Sync + 'static,
    expected: [u16; N],
) -> Case {
    Case {
        method,
        route,
        path: Box::new(path),
        body: Box::new(body),
        expected,
    }
}

/// A GET of a path that is the route with `{team}` filled in (and a query).
fn get(route: &'static str, query: &'static str, expected: [u16; N]) -> Case {
    case(
        "GET",
        route,
        move |f, _| format!("{}{query}", route.replace("{team}", &f.team.to_string())),
        |_, _| Body::None,
        expected,
    )
}

/// The demo team's settings, unchanged, as the settings form posts them.
fn settings_form() -> Body {
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
    Body::Form(
        f.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// Two letters per caller, for things each allowed caller adds.
fn letters(i: usize) -> String {
    format!("Z{}", (b'A' + i as u8) as char)
}

fn t(f: &Fixture) -> String {
    f.team.to_string()
}

fn cases() -> Vec<Case> {
    let none = |_: &Fixture, _: usize| Body::None;
    let mut c = pages::outside_cases();
    c.extend(pages::team_page_cases());
    c.extend(api::api_cases());
    c.extend(api::assessment_cases());
    c.extend(review::review_cases());
    // Last, as they end or replace each caller's session: out, in again, and
    // the same through the API (the anonymous visitor signs in as the viewer).
    let own = |_: &Fixture, i: usize| {
        if i == N - 1 {
            "viewer".to_string()
        } else {
            WHO[i].to_string()
        }
    };
    c.push(case(
        "POST",
        "/logout",
        |_, _| "/logout".into(),
        none,
        [303; N],
    ));
    c.push(case(
        "GET",
        "/login",
        |_, _| "/login".into(),
        none,
        [200; N],
    ));
    c.push(case(
        "POST",
        "/login",
        |_, _| "/login".into(),
        move |f, i| form(&[("username", own(f, i)), ("password", PASSWORD.into())]),
        [303; N],
    ));
    c.push(case(
        "POST",
        "/api/v1/session",
        |_, _| "/api/v1/session".into(),
        move |f, i| Body::Json(serde_json::json!({ "username": own(f, i), "password": PASSWORD })),
        [200; N],
    ));
    // JSON: a cross-site page cannot send it, so it needs no CSRF token.
    c.push(case(
        "DELETE",
        "/api/v1/session",
        |_, _| "/api/v1/session".into(),
        |_, _| Body::Json(serde_json::json!({})),
        [204; N],
    ));
    c
}

async fn ask(u: &User, case: &Case, f: &Fixture, i: usize) -> u16 {
    let url = format!("{}{}", u.base, (case.path)(f, i));
    let req = match case.method {
        "GET" => u.http.get(&url),
        "POST" => u.http.post(&url),
        "PUT" => u.http.put(&url),
        _ => u.http.delete(&url),
    };
    let req = match (case.body)(f, i) {
        Body::None if case.method == "POST" => req.form(&[("csrf", u.csrf.as_str())]),
        Body::None => req,
        Body::Form(mut fields) => {
            fields.push(("csrf".into(), u.csrf.clone()));
            req.form(&fields)
        }
        Body::Json(j) => req.json(&j),
        Body::Toml(text) => req.multipart(
            reqwest::multipart::Form::new()
                .text("csrf", u.csrf.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::text(text).file_name("team.toml"),
                ),
        ),
        Body::Report(text) if case.route.starts_with("/api/") => req
            .header("content-type", "text/csv")
            .header("x-csrf-token", u.csrf.clone())
            .body(text),
        Body::Report(text) => req.multipart(
            reqwest::multipart::Form::new()
                .text("csrf", u.csrf.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::text(text).file_name("report.csv"),
                ),
        ),
    };
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn every_route_has_an_answer_for_every_caller() {
    let routed: BTreeSet<(String, String)> = capa_web::route_table()
        .into_iter()
        .map(|r| (r.method.to_string(), r.path))
        .collect();
    let covered: BTreeSet<(String, String)> = cases()
        .iter()
        .map(|c| (c.method.to_string(), c.route.to_string()))
        .collect();
    let missing: Vec<_> = routed.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes with no expected answer for each caller: {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&routed).collect();
    assert!(
        stale.is_empty(),
        "cases for routes that do not exist: {stale:?}"
    );
}

#[tokio::test]
async fn every_route_for_every_role() {
    with_app(|app| async move {
        let (users, f) = fixture(&app).await;
        let mut wrong = Vec::new();
        for case in cases() {
            for (i, who) in WHO.iter().enumerate() {
                let got = ask(&users[i], &case, &f, i).await;
                if got != case.expected[i] {
                    wrong.push(format!(
                        "{} {} as {who}: {got}, expected {}",
                        case.method,
                        (case.path)(&f, i),
                        case.expected[i]
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
async fn every_form_post_refuses_a_missing_csrf_token() {
    with_app(|app| async move {
        let (users, f) = fixture(&app).await;
        let admin = &users[0];
        for case in cases()
            .iter()
            .filter(|c| c.method == "POST" && !c.route.starts_with("/api/") && c.route != "/login")
        {
            let url = format!("{}{}", admin.base, (case.path)(&f, 0));
            let fields: Vec<(String, String)> = match (case.body)(&f, 0) {
                Body::Form(fields) => fields,
                _ => Vec::new(),
            };
            let r = if let Body::Toml(text) | Body::Report(text) = (case.body)(&f, 0) {
                admin
                    .http
                    .post(&url)
                    .multipart(reqwest::multipart::Form::new().part(
                        "file",
                        reqwest::multipart::Part::text(text).file_name("team.toml"),
                    ))
            } else {
                admin.http.post(&url).form(&fields)
            };
            let status = r.send().await.unwrap().status().as_u16();
            assert_eq!(status, 403, "POST {} without the CSRF token", case.route);
        }
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
