//! The matrix's cases for the pages: outside a team and the team's own.

use super::*;

/// Pages outside a team: home, login, accounts, administration.
pub(super) fn outside_cases() -> Vec<Case> {
    let none = |_: &Fixture, _: usize| Body::None;
    vec![
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
        get(
            "/account/password",
            "",
            [200, 200, 200, 200, 200, 200, 200, 303],
        ),
        // A new password the rule refuses: the route is each user's own, and
        // nobody's password changes here.
        case(
            "POST",
            "/account/password",
            |_, _| "/account/password".into(),
            |_, _| {
                form(&[
                    ("current_password", PASSWORD.into()),
                    ("new_password", "short".into()),
                    ("again", "short".into()),
                ])
            },
            [422, 422, 422, 422, 422, 422, 422, 303],
        ),
        case(
            "POST",
            "/admin/users/{id}/password",
            |f, i| format!("/admin/users/{}/password", f.users[3 * N + i]),
            |_, _| form(&[("password", "one-time-matrix".into())]),
            ADMIN,
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
    ]
}

/// The team's pages and their forms.
pub(super) fn team_page_cases() -> Vec<Case> {
    let none = |_: &Fixture, _: usize| Body::None;
    vec![
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
            "/teams/{team}/diary/book",
            |f, _| format!("/teams/{}/diary/book", f.team),
            |_, _| form(&[("client", "AV-M1".into()), ("preferred", "TR".into())]),
            MEMBERS_HTML,
        ),
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
        case(
            "POST",
            "/teams/{team}/diary/appointments/{id}/close",
            |f, i| {
                format!(
                    "/teams/{}/diary/appointments/{}/close",
                    f.team,
                    f.attended[N + i]
                )
            },
            |f, _| form(&[("closed_on", f.today.clone())]),
            FOR_TR,
        ),
        get("/teams/{team}/diary/choice", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/diary/choice",
            |f, _| format!("/teams/{}/diary/choice", f.team),
            |_, _| form(&[("client", "AV-M1".into())]),
            MEMBERS_HTML,
        ),
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
        get("/teams/{team}/monitor", "", MEMBERS_HTML),
        get("/teams/{team}/settings/monitoring", "", MEMBERS_HTML),
        case(
            "POST",
            "/teams/{team}/settings/monitoring",
            |f, _| format!("/teams/{}/settings/monitoring", f.team),
            |_, _| {
                form(&[
                    ("caseload_threshold", "20".into()),
                    ("short_weeks", "3".into()),
                    ("short_percent", "80".into()),
                    ("long_weeks", "8".into()),
                    ("long_percent", "95".into()),
                ])
            },
            PLANNERS,
        ),
        case(
            "GET",
            "/teams/{team}/monitor/clinicians/{initials}",
            |f, _| {
                format!(
                    "/teams/{}/monitor/clinicians/TR?quarter={}",
                    f.team, f.quarter
                )
            },
            |_, _| Body::None,
            MEMBERS_HTML,
        ),
        case(
            "GET",
            "/teams/{team}/monitor/clinicians/{initials}/what-if",
            |f, _| {
                format!(
                    "/teams/{}/monitor/clinicians/TR/what-if?kind=leaving&last_day=2199-12-30",
                    f.team
                )
            },
            |_, _| Body::None,
            MEMBERS_HTML,
        ),
        case(
            "POST",
            "/teams/{team}/monitor/clinicians/{initials}/what-if/apply",
            // Each planner re-plans a different clinician: once TR's Core
            // sessions are Choice, TR has nothing left to swap.
            |f, i| {
                format!(
                    "/teams/{}/monitor/clinicians/{}/what-if/apply",
                    f.team,
                    if i == 1 { "AD" } else { "TR" }
                )
            },
            |_, _| {
                form(&[
                    ("kind", "leaving".into()),
                    ("last_day", "2199-12-30".into()),
                    ("confirm", "yes".into()),
                ])
            },
            PLANNERS,
        ),
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
    ]
}
