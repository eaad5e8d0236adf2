//! The matrix's cases for the JSON API, and the self-assessment's pages and API.

use super::*;

/// The JSON API's routes.
pub(super) fn api_cases() -> Vec<Case> {
    let none = |_: &Fixture, _: usize| Body::None;
    vec![
        // The API.
        get("/api/v1/openapi.json", "", [200; N]),
        // A new password the rule refuses: nobody's password changes here.
        case(
            "POST",
            "/api/v1/account/password",
            |_, _| "/api/v1/account/password".into(),
            |_, _| {
                Body::Json(
                    serde_json::json!({ "current_password": PASSWORD, "new_password": "short" }),
                )
            },
            [422, 422, 422, 422, 422, 422, 422, 401],
        ),
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
    ]
}

/// The self-assessment: every member reads, the planners start reviews and rate.
pub(super) fn assessment_cases() -> Vec<Case> {
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
