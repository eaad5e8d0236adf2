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
    let mut c = vec![
        // Outside a team.
        get("/", "", [200, 303, 303, 303, 303, 303, 303, 303]),
        case(
            "POST",
            "/teams",
            |_, _| "/teams".into(),
            |_, i| form(&[("name", format!("Team made by {}", WHO[i]))]),
            ADMIN,
        ),
        get("/method", "", [200; N]),
        get("/account", "", [200, 200, 200, 200, 200, 200, 200, 303]),
        case(
            "POST",
            "/account/tokens",
            |_, _| "/account/tokens".into(),
            |_, _| form(&[("name", "matrix".into())]),
            [200, 200, 200, 200, 200, 200, 200, 303],
        ),
        case(
            "POST",
            "/account/tokens/{id}/revoke",
            |f, i| format!("/account/tokens/{}/revoke", f.tokens[i]),
            none,
            [303; N],
        ),
        get("/admin/users", "", [200, 403, 403, 403, 403, 403, 403, 303]),
        case(
            "POST",
            "/admin/users",
            |_, _| "/admin/users".into(),
            |_, i| {
                form(&[
                    ("username", format!("made-by-{}", WHO[i])),
                    ("display_name", "Made".into()),
                    ("password", "a long password".into()),
                ])
            },
            ADMIN,
        ),
        case(
            "POST",
            "/admin/users/{id}/teams",
            |f, i| format!("/admin/users/{}/teams", f.users[i]),
            |f, _| form(&[("team", t(f)), ("role", "viewer".into())]),
            ADMIN,
        ),
        case(
            "POST",
            "/admin/users/{id}/teams/{team}/remove",
            |f, i| format!("/admin/users/{}/teams/{}/remove", f.users[N + i], f.team),
            none,
            ADMIN,
        ),
        case(
            "POST",
            "/admin/users/{id}/{action}",
            |f, i| format!("/admin/users/{}/disable", f.users[2 * N + i]),
            none,
            ADMIN,
        ),
        case(
            "GET",
            "/calendar/{file}",
            |f, _| format!("/calendar/{}.ics", f.feed_token),
            none,
            [200; N],
        ),
        get("/assets/{version}/{name}", "", [404; N]),
        case(
            "GET",
            "/teams/{team}/",
            |f, _| format!("/teams/{}/", f.team),
            none,
            [308; N],
        ),
        // The team's pages.
        case(
            "POST",
            "/teams/{team}/files/import",
            |f, _| format!("/teams/{}/files/import", f.team),
            |f, _| Body::Toml(f.toml.clone()),
            PLANNERS,
        ),
        get("/teams/{team}", "", MEMBERS_HTML),
        get("/teams/{team}/year", "", MEMBERS_HTML),
        get("/teams/{team}/method", "", MEMBERS_HTML),
        get("/teams/{team}/diary", "", MEMBERS_HTML),
        get("/teams/{team}/diary/sheet", "", MEMBERS_HTML),
        get(
            "/teams/{team}/diary/publish",
            "?clinician=TR",
            [200, 200, 200, 403, 403, 403, 404, 303],
        ),
        case(
            "POST",
            "/teams/{team}/diary/publish",
            |f, _| format!("/teams/{}/diary/publish", f.team),
            |f, i| {
                form(&[
                    ("clinician", "TR".into()),
                    ("kind", "core".into()),
                    ("quarter", f.quarter.clone()),
                    ("slot", f.slots[i].clone()),
                ])
            },
            FOR_TR,
        ),
        case(
            "POST",
            "/teams/{team}/diary/publish/standing",
            |f, _| format!("/teams/{}/diary/publish/standing", f.team),
            |f, _| {
                form(&[
                    ("clinician", "TR".into()),
                    ("kind", "core".into()),
                    ("quarter", f.quarter.clone()),
                ])
            },
            FOR_TR,
        ),
        get("/teams/{team}/diary/book", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/diary/appointments/{id}/book",
            |f, i| format!("/teams/{}/diary/appointments/{}/book", f.team, f.vacant[i]),
            |_, i| form(&[("client", format!("AV-M{i}"))]),
            [200, 200, 200, 200, 200, 403, 404, 303],
        ),
        case(
            "POST",
            "/teams/{team}/diary/appointments/{id}/outcome",
            |f, i| {
                format!(
                    "/teams/{}/diary/appointments/{}/outcome",
                    f.team, f.booked[i]
                )
            },
            |_, _| form(&[("outcome", "attended".into())]),
            BOOKERS,
        ),
        case(
            "POST",
            "/teams/{team}/diary/appointments/{id}/correct",
            |f, i| {
                format!(
                    "/teams/{}/diary/appointments/{}/correct",
                    f.team, f.attended[i]
                )
            },
            |_, _| {
                form(&[
                    ("outcome", "dna".into()),
                    ("reason", "recorded on the wrong family".into()),
                ])
            },
            FOR_TR,
        ),
        case(
            "POST",
            "/teams/{team}/diary/appointments/{id}/reoffer",
            |f, i| format!("/teams/{}/diary/appointments/{}/reoffer", f.team, f.dna[i]),
            none,
            BOOKERS,
        ),
        get("/teams/{team}/diary/choice", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/diary/choice/{id}/book",
            |f, i| format!("/teams/{}/diary/choice/{}/book", f.team, f.choice_vacant[i]),
            |_, i| form(&[("client", format!("AV-C{i}"))]),
            [200, 200, 200, 200, 200, 403, 404, 303],
        ),
        get("/teams/{team}/diary/managed", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/diary/managed",
            |f, _| format!("/teams/{}/diary/managed", f.team),
            |_, i| {
                form(&[
                    ("client", format!("AV-L{i}")),
                    ("skills", "Psychodrama:advanced".into()),
                ])
            },
            BOOKERS,
        ),
        case(
            "POST",
            "/teams/{team}/diary/managed/{id}/resolve",
            |f, i| format!("/teams/{}/diary/managed/{}/resolve", f.team, f.managed[i]),
            |_, _| form(&[("resolution", "booked".into())]),
            BOOKERS,
        ),
        get("/teams/{team}/diary/absences", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/diary/absences/holidays",
            |f, _| format!("/teams/{}/diary/absences/holidays", f.team),
            |_, i| {
                form(&[
                    ("day", format!("2031-03-{:02}", i + 2)),
                    ("name", "Matrix Day".into()),
                ])
            },
            PLANNERS,
        ),
        case(
            "POST",
            "/teams/{team}/diary/absences/holidays/{id}/remove",
            |f, i| {
                format!(
                    "/teams/{}/diary/absences/holidays/{}/remove",
                    f.team, f.holidays[i]
                )
            },
            none,
            PLANNERS,
        ),
        case(
            "POST",
            "/teams/{team}/diary/absences/leave",
            |f, _| format!("/teams/{}/diary/absences/leave", f.team),
            |_, i| {
                form(&[
                    ("clinician", "TR".into()),
                    ("first_day", format!("2031-05-{:02}", i + 2)),
                    ("last_day", format!("2031-05-{:02}", i + 2)),
                ])
            },
            FOR_TR,
        ),
        case(
            "POST",
            "/teams/{team}/diary/absences/leave/{id}/remove",
            |f, i| {
                format!(
                    "/teams/{}/diary/absences/leave/{}/remove",
                    f.team, f.leave[i]
                )
            },
            none,
            FOR_TR,
        ),
        get(
            "/teams/{team}/diary/calendar",
            "?clinician=TR",
            [200, 200, 200, 403, 403, 403, 404, 303],
        ),
        case(
            "POST",
            "/teams/{team}/diary/calendar",
            |f, _| format!("/teams/{}/diary/calendar?clinician=TR", f.team),
            none,
            [200, 200, 200, 403, 403, 403, 404, 303],
        ),
        case(
            "POST",
            "/teams/{team}/diary/calendar/{feed}/revoke",
            |f, i| {
                format!(
                    "/teams/{}/diary/calendar/{}/revoke?clinician=TR",
                    f.team, f.feeds[i]
                )
            },
            none,
            FOR_TR,
        ),
        get("/teams/{team}/diary/plot", "?clinician=TR", MEMBERS_HTML),
        get("/teams/{team}/clinicians", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/clinicians",
            |f, _| format!("/teams/{}/clinicians", f.team),
            |_, i| {
                form(&[
                    ("initials", letters(i)),
                    ("name", "New".into()),
                    ("fte", "0.5".into()),
                ])
            },
            PLANNERS,
        ),
        case(
            "GET",
            "/teams/{team}/clinicians/{initials}",
            |f, _| format!("/teams/{}/clinicians/TR", f.team),
            none,
            MEMBERS_HTML,
        ),
        case(
            "POST",
            "/teams/{team}/clinicians/{initials}",
            |f, _| format!("/teams/{}/clinicians/PL", f.team),
            |_, _| {
                form(&[
                    ("initials", "PL".into()),
                    ("name", "Priya Lal".into()),
                    ("discipline", "Psychotherapist".into()),
                    ("fte", "0.5".into()),
                    ("does_choice", "true".into()),
                    ("skill_domain", "Dynamic".into()),
                    ("skill_level", "advanced".into()),
                ])
            },
            PLANNERS,
        ),
        case(
            "GET",
            "/teams/{team}/clinicians/{initials}/plan",
            |f, _| format!("/teams/{}/clinicians/TR/plan", f.team),
            none,
            MEMBERS_HTML,
        ),
        case(
            "POST",
            "/teams/{team}/clinicians/{initials}/plan/{version}/cells/{row}/{day}",
            |f, _| format!("/teams/{}/clinicians/TR/plan/1/cells/0/3", f.team),
            |_, _| form(&[("activity", "core".into())]),
            FOR_TR,
        ),
        case(
            "POST",
            "/teams/{team}/clinicians/{initials}/plan/versions",
            |f, _| format!("/teams/{}/clinicians/TR/plan/versions", f.team),
            |_, i| form(&[("applies_from", format!("2032-01-{:02}", i + 5))]),
            FOR_TR,
        ),
        case(
            "GET",
            "/teams/{team}/clinicians/{initials}/plan/{version}/print",
            |f, _| format!("/teams/{}/clinicians/TR/plan/1/print", f.team),
            none,
            MEMBERS_HTML,
        ),
        get("/teams/{team}/settings", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/settings",
            |f, _| format!("/teams/{}/settings", f.team),
            |_, _| settings_form(),
            PLANNERS,
        ),
        case(
            "POST",
            "/teams/{team}/settings/streams",
            |f, _| format!("/teams/{}/settings/streams", f.team),
            |_, i| form(&[("name", format!("Stream {i}"))]),
            PLANNERS,
        ),
        case(
            "POST",
            "/teams/{team}/settings/streams/{stream}",
            |f, _| format!("/teams/{}/settings/streams/{}", f.team, f.dbt_stream),
            |_, _| {
                form(&[
                    ("name", "DBT".into()),
                    ("average_appointments", "20".into()),
                ])
            },
            PLANNERS,
        ),
        get("/teams/{team}/skills", "", MEMBERS_HTML),
        get("/teams/{team}/forecast", "?referrals=14", MEMBERS_HTML),
        get("/teams/{team}/forecast/headroom", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/forecast/apply",
            |f, _| format!("/teams/{}/forecast/apply", f.team),
            |_, _| {
                form(&[
                    ("leaver", "TR".into()),
                    ("leaver_last_day", "2199-12-30".into()),
                    ("confirm", "yes".into()),
                ])
            },
            PLANNERS,
        ),
        get(
            "/teams/{team}/audit",
            "",
            [200, 200, 403, 403, 403, 403, 404, 303],
        ),
        get(
            "/teams/{team}/members",
            "",
            [200, 200, 403, 403, 403, 403, 404, 303],
        ),
        case(
            "POST",
            "/teams/{team}/members",
            |f, _| format!("/teams/{}/members", f.team),
            |_, i| {
                form(&[
                    ("username", format!("member-by-{}", WHO[i])),
                    ("role", "viewer".into()),
                    ("display_name", "Member".into()),
                    ("password", "a long password".into()),
                ])
            },
            PLANNERS,
        ),
        case(
            "POST",
            "/teams/{team}/members/{user}/remove",
            |f, i| format!("/teams/{}/members/{}/remove", f.team, f.members[i]),
            none,
            PLANNERS,
        ),
        get("/teams/{team}/files", "", MEMBERS_HTML),
        get("/teams/{team}/files/team.toml", "", MEMBERS_HTML),
        get("/teams/{team}/files/team-job-plan.xlsx", "", MEMBERS_HTML),
        get("/teams/{team}/demand", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/demand/upload",
            |f, _| format!("/teams/{}/demand/upload", f.team),
            |_, _| Body::Report(crate::demand::REPORT.into()),
            PLANNERS,
        ),
        case(
            "GET",
            "/teams/{team}/demand/compare",
            |f, _| {
                format!(
                    "/teams/{}/demand/compare?first={}&second={}",
                    f.team, f.demand, f.demand
                )
            },
            none,
            MEMBERS_HTML,
        ),
        case(
            "GET",
            "/teams/{team}/demand/{id}",
            |f, _| format!("/teams/{}/demand/{}", f.team, f.demand),
            none,
            MEMBERS_HTML,
        ),
        case(
            "GET",
            "/teams/{team}/demand/{id}/pivot.csv",
            |f, _| format!("/teams/{}/demand/{}/pivot.csv", f.team, f.demand),
            none,
            MEMBERS_HTML,
        ),
        case(
            "GET",
            "/teams/{team}/demand/{id}/pivot.xlsx",
            |f, _| format!("/teams/{}/demand/{}/pivot.xlsx", f.team, f.demand),
            none,
            MEMBERS_HTML,
        ),
        case(
            "POST",
            "/teams/{team}/demand/{id}/apply",
            |f, _| format!("/teams/{}/demand/{}/apply", f.team, f.demand),
            |_, _| form(&[("referrals", "1".into()), ("core", "keep".into())]),
            PLANNERS,
        ),
        // The API.
        get("/api/v1/openapi.json", "", [200; N]),
        get(
            "/api/v1/teams",
            "",
            [200, 200, 200, 200, 200, 200, 200, 401],
        ),
        get("/api/v1/teams/{team}", "", MEMBERS_API),
        get("/api/v1/teams/{team}/settings", "", MEMBERS_API),
        get("/api/v1/teams/{team}/clinicians", "", MEMBERS_API),
        case(
            "POST",
            "/api/v1/teams/{team}/clinicians",
            |f, _| format!("/api/v1/teams/{}/clinicians", f.team),
            |_, i| {
                Body::Json(
                    serde_json::json!({ "initials": format!("Y{}", (b'A' + i as u8) as char), "name": "API", "fte": 0.5 }),
                )
            },
            [201, 201, 403, 403, 403, 403, 404, 401],
        ),
        case(
            "GET",
            "/api/v1/teams/{team}/clinicians/{initials}",
            |f, _| format!("/api/v1/teams/{}/clinicians/TR", f.team),
            none,
            MEMBERS_API,
        ),
        case(
            "GET",
            "/api/v1/teams/{team}/clinicians/{initials}/job-plans",
            |f, _| format!("/api/v1/teams/{}/clinicians/TR/job-plans", f.team),
            none,
            MEMBERS_API,
        ),
        case(
            "POST",
            "/api/v1/teams/{team}/clinicians/{initials}/job-plans",
            |f, _| format!("/api/v1/teams/{}/clinicians/TR/job-plans", f.team),
            |_, i| {
                Body::Json(serde_json::json!({ "applies_from": format!("2033-01-{:02}", i + 5) }))
            },
            [201, 201, 201, 403, 403, 403, 404, 401],
        ),
        case(
            "GET",
            "/api/v1/teams/{team}/clinicians/{initials}/job-plans/{version}",
            |f, _| format!("/api/v1/teams/{}/clinicians/TR/job-plans/1", f.team),
            none,
            MEMBERS_API,
        ),
        case(
            "PUT",
            "/api/v1/teams/{team}/clinicians/{initials}/job-plans/{version}/cells/{row}/{day}",
            |f, _| {
                format!(
                    "/api/v1/teams/{}/clinicians/TR/job-plans/1/cells/0/3",
                    f.team
                )
            },
            |_, _| Body::Json(serde_json::json!({ "activity": "Core" })),
            [200, 200, 200, 403, 403, 403, 404, 401],
        ),
        get("/api/v1/teams/{team}/capacity", "", MEMBERS_API),
        case(
            "POST",
            "/api/v1/teams/{team}/demand",
            |f, _| format!("/api/v1/teams/{}/demand", f.team),
            |_, _| Body::Report(crate::demand::REPORT.into()),
            [200, 200, 403, 403, 403, 403, 404, 401],
        ),
        get("/api/v1/teams/{team}/demand", "", MEMBERS_API),
        case(
            "GET",
            "/api/v1/teams/{team}/demand/{id}",
            |f, _| format!("/api/v1/teams/{}/demand/{}", f.team, f.demand),
            none,
            MEMBERS_API,
        ),
        case(
            "POST",
            "/api/v1/teams/{team}/demand/{id}/apply",
            |f, _| format!("/api/v1/teams/{}/demand/{}/apply", f.team, f.demand),
            |_, _| Body::Json(serde_json::json!({ "core": "keep" })),
            [200, 200, 403, 403, 403, 403, 404, 401],
        ),
        get("/api/v1/teams/{team}/capacity/year", "", MEMBERS_API),
        get("/api/v1/teams/{team}/monitor", "", MEMBERS_API),
        case(
            "POST",
            "/api/v1/teams/{team}/forecast",
            |f, _| format!("/api/v1/teams/{}/forecast", f.team),
            |_, _| Body::Json(serde_json::json!({ "reps": 20, "weeks": 4 })),
            MEMBERS_API,
        ),
        case(
            "GET",
            "/api/v1/offers",
            |f, _| format!("/api/v1/offers?team={}", f.team),
            none,
            MEMBERS_API,
        ),
        case(
            "POST",
            "/api/v1/offers/{id}/book",
            |f, i| format!("/api/v1/offers/{}/book", f.vacant[N + i]),
            |_, i| Body::Json(serde_json::json!({ "client": format!("AV-A{i}") })),
            [200, 200, 200, 200, 200, 403, 404, 401],
        ),
        case(
            "POST",
            "/api/v1/offers/{id}/outcome",
            |f, i| format!("/api/v1/offers/{}/outcome", f.booked[N + i]),
            |_, _| Body::Json(serde_json::json!({ "outcome": "attended" })),
            [200, 200, 200, 200, 200, 403, 404, 401],
        ),
        case(
            "POST",
            "/api/v1/offers/{id}/correct",
            |f, i| format!("/api/v1/offers/{}/correct", f.attended[N + i]),
            |_, _| {
                Body::Json(serde_json::json!({ "outcome": "dna", "reason": "the wrong family" }))
            },
            [200, 200, 200, 403, 403, 403, 404, 401],
        ),
        case(
            "POST",
            "/api/v1/choice-slots/{id}/correct",
            |f, i| format!("/api/v1/choice-slots/{}/correct", f.choice_attended[i]),
            |_, _| {
                Body::Json(serde_json::json!({ "outcome": "dna", "reason": "the wrong family" }))
            },
            [200, 200, 200, 403, 403, 403, 404, 401],
        ),
        case(
            "GET",
            "/api/v1/choice-slots",
            |f, _| format!("/api/v1/choice-slots?team={}", f.team),
            none,
            MEMBERS_API,
        ),
        case(
            "POST",
            "/api/v1/choice-slots/{id}/book",
            |f, i| format!("/api/v1/choice-slots/{}/book", f.choice_vacant[N + i]),
            |_, i| Body::Json(serde_json::json!({ "client": format!("AV-B{i}") })),
            [200, 200, 200, 200, 200, 403, 404, 401],
        ),
        case(
            "POST",
            "/api/v1/choice-slots/{id}/outcome",
            |f, i| format!("/api/v1/choice-slots/{}/outcome", f.choice_booked[i]),
            |_, _| Body::Json(serde_json::json!({ "outcome": "attended" })),
            [200, 200, 200, 200, 200, 403, 404, 401],
        ),
    ];
    c.extend(assessment_cases());
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

/// The self-assessment: every member reads, the planners start reviews and rate.
fn assessment_cases() -> Vec<Case> {
    let none = |_: &Fixture, _: usize| Body::None;
    let review = |f: &Fixture| format!("/teams/{}/assessment/{}", f.team, f.assessment);
    let api = |f: &Fixture| format!("/api/v1/teams/{}/assessments", f.team);
    // One review date per caller, so each allowed start is new.
    let date = |i: usize| format!("2030-01-{:02}", i + 1);
    vec![
        get("/teams/{team}/assessment", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/assessment",
            move |f, _| format!("/teams/{}/assessment", f.team),
            move |_, i| form(&[("date", date(i)), ("copy_from", String::new())]),
            PLANNERS,
        ),
        case(
            "GET",
            "/teams/{team}/assessment/{id}",
            move |f, _| review(f),
            none,
            MEMBERS_HTML,
        ),
        case(
            "POST",
            "/teams/{team}/assessment/{id}/items/{number}",
            move |f, _| format!("{}/items/3", review(f)),
            |_, _| form(&[("rating", "1".into()), ("note", "matrix".into())]),
            PLANNERS,
        ),
        case(
            "GET",
            "/teams/{team}/assessment/{id}/print",
            move |f, _| format!("{}/print", review(f)),
            none,
            MEMBERS_HTML,
        ),
        case(
            "GET",
            "/teams/{team}/assessment/{id}/self-assessment.csv",
            move |f, _| format!("{}/self-assessment.csv", review(f)),
            none,
            MEMBERS_HTML,
        ),
        case(
            "GET",
            "/teams/{team}/assessment/{id}/self-assessment.xlsx",
            move |f, _| format!("{}/self-assessment.xlsx", review(f)),
            none,
            MEMBERS_HTML,
        ),
        case(
            "GET",
            "/api/v1/teams/{team}/assessments",
            move |f, _| api(f),
            none,
            MEMBERS_API,
        ),
        case(
            "POST",
            "/api/v1/teams/{team}/assessments",
            move |f, _| api(f),
            move |_, i| Body::Json(serde_json::json!({ "date": date(i + N) })),
            [201, 201, 403, 403, 403, 403, 404, 401],
        ),
        case(
            "GET",
            "/api/v1/teams/{team}/assessments/{id}",
            move |f, _| format!("{}/{}", api(f), f.assessment),
            none,
            MEMBERS_API,
        ),
        case(
            "PUT",
            "/api/v1/teams/{team}/assessments/{id}/items/{number}",
            move |f, _| format!("{}/{}/items/8", api(f), f.assessment),
            |_, _| Body::Json(serde_json::json!({ "rating": 2, "note": "matrix" })),
            [200, 200, 403, 403, 403, 403, 404, 401],
        ),
    ]
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

/// A stored demand analysis of the demo's report, made as an upload makes one.
async fn stored_demand(app: &App) -> i64 {
    let mut o = capa_io::discharge::DischargeOptions::new(
        app.today(),
        capa_core::demand::DemandSettings::default(),
    );
    o.threads = 0;
    let bytes = crate::demand::REPORT.as_bytes().to_vec();
    let a = capa_io::discharge::analyse_csv(std::io::Cursor::new(bytes), None, o).unwrap();
    let figures = capa_core::demand::StoredDemand::from_report(&a.report, a.rows, 0);
    let file = capa_store::UploadedFile {
        name: "report.csv".into(),
        size: 1,
        sha256: "0".repeat(64),
    };
    app.store
        .save_demand_analysis(Actor::System, app.team, &file, &figures, app.now)
        .await
        .unwrap()
        .0
}

pub async fn account(app: &App, username: &str, role: Option<Role>, team: TeamId) -> i64 {
    let id = app
        .store
        .create_user(
            Actor::System,
            &NewUser {
                username,
                display_name: username,
                password_hash: &password_hash(),
                is_admin: false,
            },
        )
        .await
        .unwrap();
    if let Some(role) = role {
        app.store
            .set_membership(Actor::System, id, team, role)
            .await
            .unwrap();
    }
    id.0
}

/// `partnership` Core offers and `choice` Choice slots of a clinician that
/// started in the hours before the tests' clock, vacant.
pub async fn past_appointments(
    app: &App,
    clinician: capa_store::ClinicianId,
    partnership: usize,
    choice: usize,
) -> (Vec<AppointmentId>, Vec<AppointmentId>) {
    // Distinct numbers and times however often it is called (numbers count
    // down, so a re-offer, numbered after the highest, takes none of them).
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let base = NEXT.fetch_add(partnership + choice, std::sync::atomic::Ordering::Relaxed);
    let slots = |n: usize, numbered: bool, from: usize| {
        (0..n)
            .map(|k| {
                let at = base + from + k;
                let starts = app.now - chrono::Duration::minutes(10 * at as i64 + 10);
                NewSlot {
                    number: numbered.then_some(5000 - at as u32),
                    starts_at: starts,
                    ends_at: starts + chrono::Duration::minutes(5),
                    location: None,
                }
            })
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for (kind, n, from) in [
        (AppointmentKind::Partnership, partnership, 0),
        (AppointmentKind::Choice, choice, partnership),
    ] {
        out.push(
            app.store
                .publish_offers(
                    Actor::System,
                    &NewOffers {
                        clinician,
                        quarter: app.quarter(),
                        kind,
                        slots: slots(n, kind.is_numbered(), from),
                    },
                )
                .await
                .unwrap(),
        );
    }
    let choice = out.pop().unwrap();
    (out.pop().unwrap(), choice)
}

/// The callers, logged in, and what their cases act on.
async fn fixture(app: &App) -> (Vec<User>, Fixture) {
    crate::diary::populated(app).await;
    let team = app.team;
    let stored = app.store.load_stored_team(team).await.unwrap();
    let ad = app
        .store
        .find_clinician(team, &Initials::parse("AD").unwrap())
        .await
        .unwrap()
        .unwrap();
    let tr = app
        .store
        .find_clinician(team, &Initials::parse("TR").unwrap())
        .await
        .unwrap()
        .unwrap();
    account(app, "other-clinician", Some(Role::Clinician(ad)), team).await;
    let mut other = capa_io::team_file::parse(capa_web::demo::TEAM_FILE, "other.toml")
        .unwrap()
        .team;
    other.settings.name = "Other Valley CAMHS".into();
    let other_team = app.store.create_team(Actor::System, &other).await.unwrap();
    account(app, "other-team", Some(Role::TeamLead), other_team).await;
    let mut users = Vec::new();
    for who in &WHO[..N - 1] {
        users.push(User::login(app, who).await);
    }
    users.push(User::anonymous(app));

    let vacant = |kind| async move {
        app.store
            .appointments(
                team,
                &AppointmentQuery {
                    states: vec![AppointmentState::Vacant],
                    kind: Some(kind),
                    from: Some(app.now),
                    ..AppointmentQuery::default()
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    let offers = vacant(AppointmentKind::Partnership).await;
    let slots = vacant(AppointmentKind::Choice).await;
    assert!(
        offers.len() >= 6 * N && slots.len() >= 3 * N,
        "enough vacant offers and slots"
    );
    let mut n = 0;
    let mut book = |id: AppointmentId| {
        n += 1;
        let store = app.store.clone();
        async move {
            let key = ClientKey::local(&format!("AV-F{n}")).unwrap();
            let client = store
                .find_or_create_client(Actor::System, team, &key, None, None)
                .await
                .unwrap();
            store
                .book(Actor::System, id, client.id, None)
                .await
                .unwrap();
            id.0
        }
    };
    // Outcomes are recorded once an appointment has started: TR's
    // appointments of the last hours, booked.
    let started = past_appointments(app, tr, 5 * N, 2 * N).await;
    let mut booked = Vec::new();
    for id in &started.0[..2 * N] {
        booked.push(book(*id).await);
    }
    let mut attended = Vec::new();
    for id in &started.0[2 * N..4 * N] {
        let id = book(*id).await;
        app.store
            .record_outcome_at(Actor::System, AppointmentId(id), Outcome::Attended, app.now)
            .await
            .unwrap();
        attended.push(id);
    }
    let mut choice_attended = Vec::new();
    for id in &started.1[N..2 * N] {
        let id = book(*id).await;
        app.store
            .record_outcome_at(Actor::System, AppointmentId(id), Outcome::Attended, app.now)
            .await
            .unwrap();
        choice_attended.push(id);
    }
    let mut dna = Vec::new();
    for id in &offers[4 * N..5 * N] {
        let id = book(*id).await;
        app.store
            .record_outcome(Actor::System, AppointmentId(id), Outcome::Dna)
            .await
            .unwrap();
        dna.push(id);
    }
    let mut choice_booked = Vec::new();
    for id in &started.1[..N] {
        choice_booked.push(book(*id).await);
    }
    let mut holidays = Vec::new();
    let mut leave = Vec::new();
    let mut feeds = Vec::new();
    let mut managed = Vec::new();
    let mut members = Vec::new();
    let mut accounts = Vec::new();
    for i in 0..N {
        let day = chrono::NaiveDate::from_ymd_opt(2031, 4, i as u32 + 2).unwrap();
        holidays.push(
            app.store
                .add_holiday(Actor::System, team, day, "To remove")
                .await
                .unwrap()
                .0,
        );
        let day = chrono::NaiveDate::from_ymd_opt(2031, 6, i as u32 + 2).unwrap();
        leave.push(
            app.store
                .add_leave(Actor::System, tr, day, day)
                .await
                .unwrap()
                .0,
        );
        feeds.push(
            app.store
                .create_calendar_feed(Actor::System, tr)
                .await
                .unwrap()
                .0
                .id
                .0,
        );
        let key = ClientKey::local(&format!("AV-W{i}")).unwrap();
        let client = app
            .store
            .find_or_create_client(Actor::System, team, &key, None, None)
            .await
            .unwrap();
        managed.push(
            app.store
                .add_to_managed_list(
                    Actor::System,
                    team,
                    client.id,
                    "nothing fits",
                    &serde_json::json!({}),
                )
                .await
                .unwrap()
                .0,
        );
        members.push(account(app, &format!("member-{i}"), Some(Role::Viewer), team).await);
    }
    for j in 0..3 * N {
        accounts.push(account(app, &format!("account-{j}"), Some(Role::Viewer), team).await);
    }
    let feed_token = app
        .store
        .create_calendar_feed(Actor::System, tr)
        .await
        .unwrap()
        .1;
    let mut tokens = Vec::new();
    for who in WHO {
        let name = if who == "anonymous" { "lead" } else { who };
        let user = app.store.login_credentials(name).await.unwrap().unwrap().0;
        tokens.push(
            app.store
                .create_api_token(Actor::System, user.id, "matrix")
                .await
                .unwrap()
                .0
                .id
                .0,
        );
    }
    let quarter = app.quarter().next().next();
    let index = stored.clinician_ids.iter().position(|c| *c == tr).unwrap();
    let (proposal, _) =
        capa_web::diary::proposal_for(&app.store, &stored, index, quarter, SlotKind::Core)
            .await
            .unwrap();
    let slot_values = proposal
        .candidates
        .iter()
        .take(N)
        .map(|s| format!("{}|{}|{}", s.date, s.session, s.seat))
        .collect();
    // The file is exported after the leave above is added, so importing it
    // (the import case) keeps the leave the removal cases remove.
    let toml = capa_io::team_file::to_toml(&app.store.load_team(team).await.unwrap());
    let fixture = Fixture {
        team: team.0,
        vacant: offers[..2 * N].iter().map(|a| a.0).collect(),
        booked,
        dna,
        choice_vacant: slots[..2 * N].iter().map(|a| a.0).collect(),
        choice_booked,
        attended,
        choice_attended,
        holidays,
        leave,
        feeds,
        feed_token,
        managed,
        tokens,
        members,
        users: accounts,
        slots: slot_values,
        quarter: quarter.key(),
        toml,
        assessment: app
            .store
            .create_assessment(Actor::System, team, app.today(), None)
            .await
            .unwrap()
            .id
            .0,
        demand: stored_demand(app).await,
        dbt_stream: app
            .store
            .streams(team)
            .await
            .unwrap()
            .iter()
            .find(|s| s.stream.name == "DBT")
            .unwrap()
            .id
            .0,
    };
    (users, fixture)
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
