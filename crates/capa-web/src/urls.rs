//! Every URL of the application, written once. The route table registers the
//! path patterns below; pages build their links with the functions that fill
//! them in, so a link cannot point at a route that does not exist.

use capa_core::{Initials, PlanningYear, Quarter};
use chrono::NaiveDate;

/// Path patterns, as the router registers them. Those of a team are relative
/// to [`TEAM`].
pub mod path {
    /// The team prefix.
    pub const TEAM: &str = "/teams/{team}";
    /// Home: the user's teams.
    pub const HOME: &str = "/";
    /// Creating a team.
    pub const TEAMS: &str = "/teams";
    /// The method page.
    pub const METHOD: &str = "/method";
    /// The user's account.
    pub const ACCOUNT: &str = "/account";
    /// Changing one's password.
    pub const ACCOUNT_PASSWORD: &str = "/account/password";
    /// Changing one's password through the API.
    pub const API_ACCOUNT_PASSWORD: &str = "/api/v1/account/password";
    /// Signing in and out through the API.
    pub const API_SESSION: &str = "/api/v1/session";
    /// Personal API tokens.
    pub const TOKENS: &str = "/account/tokens";
    /// Revoking a token.
    pub const TOKEN_REVOKE: &str = "/account/tokens/{id}/revoke";
    /// Accounts (administrators).
    pub const USERS: &str = "/admin/users";
    /// A user's role in a team.
    pub const USER_ROLES: &str = "/admin/users/{id}/teams";
    /// Removing a user's role.
    pub const USER_ROLE_REMOVE: &str = "/admin/users/{id}/teams/{team}/remove";
    /// Setting a one-time password for an account.
    pub const USER_PASSWORD: &str = "/admin/users/{id}/password";
    /// Disabling or enabling an account.
    pub const USER_ACTION: &str = "/admin/users/{id}/{action}";
    /// A calendar feed (the token is the credential).
    pub const FEED: &str = "/calendar/{file}";
    /// Signing in.
    pub const LOGIN: &str = "/login";
    /// Signing out.
    pub const LOGOUT: &str = "/logout";
    /// Embedded assets.
    pub const ASSET: &str = "/assets/{version}/{name}";
    /// The team page with a trailing slash (redirected).
    pub const TEAM_SLASH: &str = "/teams/{team}/";

    /// The team job plan.
    pub const PLAN: &str = "/";
    /// The year.
    pub const YEAR: &str = "/year";
    /// The method page in the team's frame.
    pub const TEAM_METHOD: &str = "/method";
    /// The diary: a week, or one day.
    pub const DIARY: &str = "/diary";
    /// The activity-planning sheet.
    pub const SHEET: &str = "/diary/sheet";
    /// Publishing offers.
    pub const PUBLISH: &str = "/diary/publish";
    /// Keeping or withdrawing offers a job plan change left standing.
    pub const PUBLISH_STANDING: &str = "/diary/publish/standing";
    /// Booking at the end of Choice.
    pub const BOOK: &str = "/diary/book";
    /// Booking one offer.
    pub const APPOINTMENT_BOOK: &str = "/diary/appointments/{id}/book";
    /// An appointment's outcome.
    pub const APPOINTMENT_OUTCOME: &str = "/diary/appointments/{id}/outcome";
    /// Re-offering a missed appointment.
    pub const APPOINTMENT_REOFFER: &str = "/diary/appointments/{id}/reoffer";
    /// Correcting a wrong outcome.
    pub const APPOINTMENT_CORRECT: &str = "/diary/appointments/{id}/correct";
    /// Full booking to Choice.
    pub const CHOICE: &str = "/diary/choice";
    /// Booking a Choice slot.
    pub const CHOICE_BOOK: &str = "/diary/choice/{id}/book";
    /// The managed list.
    pub const MANAGED: &str = "/diary/managed";
    /// Resolving a managed-list entry.
    pub const MANAGED_RESOLVE: &str = "/diary/managed/{id}/resolve";
    /// Holidays and leave.
    pub const ABSENCES: &str = "/diary/absences";
    /// Adding a holiday.
    pub const HOLIDAYS: &str = "/diary/absences/holidays";
    /// Removing a holiday.
    pub const HOLIDAY_REMOVE: &str = "/diary/absences/holidays/{id}/remove";
    /// Adding leave.
    pub const LEAVE: &str = "/diary/absences/leave";
    /// Removing leave.
    pub const LEAVE_REMOVE: &str = "/diary/absences/leave/{id}/remove";
    /// Calendar feeds.
    pub const CALENDAR: &str = "/diary/calendar";
    /// Revoking a feed.
    pub const CALENDAR_REVOKE: &str = "/diary/calendar/{feed}/revoke";
    /// A clinician's quarter week by week.
    pub const PLOT: &str = "/diary/plot";
    /// Clinicians.
    pub const CLINICIANS: &str = "/clinicians";
    /// A clinician's details.
    pub const CLINICIAN: &str = "/clinicians/{initials}";
    /// The job plan editor.
    pub const PLAN_EDITOR: &str = "/clinicians/{initials}/plan";
    /// One session of a job plan.
    pub const PLAN_CELL: &str = "/clinicians/{initials}/plan/{version}/cells/{row}/{day}";
    /// A new job plan version.
    pub const PLAN_VERSIONS: &str = "/clinicians/{initials}/plan/versions";
    /// A job plan printed.
    pub const PLAN_PRINT: &str = "/clinicians/{initials}/plan/{version}/print";
    /// Team settings.
    pub const SETTINGS: &str = "/settings";
    /// Adding a Specific stream.
    pub const STREAMS: &str = "/settings/streams";
    /// Changing a Specific stream.
    pub const STREAM: &str = "/settings/streams/{stream}";
    /// The skills map.
    pub const SKILLS: &str = "/skills";
    /// The forecast (what-ifs as query parameters).
    pub const FORECAST: &str = "/forecast";
    /// The forecast's headroom (a fragment).
    pub const FORECAST_HEADROOM: &str = "/forecast/headroom";
    /// Applying a what-if as new job plan versions.
    pub const FORECAST_APPLY: &str = "/forecast/apply";
    /// The audit log.
    pub const AUDIT: &str = "/audit";
    /// Members.
    pub const MEMBERS: &str = "/members";
    /// Removing a member.
    pub const MEMBER_REMOVE: &str = "/members/{user}/remove";
    /// Files.
    pub const FILES: &str = "/files";
    /// The team plan file.
    pub const FILE_TOML: &str = "/files/team.toml";
    /// The team job plan workbook.
    pub const FILE_XLSX: &str = "/files/team-job-plan.xlsx";
    /// Importing a team plan file.
    pub const FILE_IMPORT: &str = "/files/import";
    /// Demand: upload a discharge report, the history of analyses.
    pub const DEMAND: &str = "/demand";
    /// Uploading a discharge report from the page.
    pub const DEMAND_UPLOAD: &str = "/demand/upload";
    /// Two analyses side by side (`?first=&second=`).
    pub const DEMAND_COMPARE: &str = "/demand/compare";
    /// One stored analysis.
    pub const DEMAND_ANALYSIS: &str = "/demand/{id}";
    /// Applying an analysis to the team's settings.
    pub const DEMAND_APPLY: &str = "/demand/{id}/apply";
    /// An analysis' pivot as CSV.
    pub const DEMAND_CSV: &str = "/demand/{id}/pivot.csv";
    /// An analysis' pivot as XLSX.
    pub const DEMAND_XLSX: &str = "/demand/{id}/pivot.xlsx";
}

/// A pattern with its `{name}` parameters filled in.
pub fn fill(pattern: &str, params: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = pattern.to_string();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// A path with a query string (values encoded; empty values left out).
pub fn with_query(path: &str, query: &[(&str, &str)]) -> String {
    let kept: Vec<_> = query.iter().filter(|(_, v)| !v.is_empty()).collect();
    if kept.is_empty() {
        return path.to_string();
    }
    let encoded = serde_urlencoded::to_string(kept).unwrap_or_default();
    format!("{path}?{encoded}")
}

/// The login page, coming back to `next`.
pub fn login(next: &str) -> String {
    with_query(path::LOGIN, &[("next", next)])
}

/// Revoking one of the user's tokens.
pub fn token_revoke(id: i64) -> String {
    fill(path::TOKEN_REVOKE, &[("id", &id)])
}

/// A user's role in a team.
pub fn user_roles(user: i64) -> String {
    fill(path::USER_ROLES, &[("id", &user)])
}

/// Removing a user's role in a team.
pub fn user_role_remove(user: i64, team: i64) -> String {
    fill(path::USER_ROLE_REMOVE, &[("id", &user), ("team", &team)])
}

/// Setting a one-time password for an account.
pub fn user_password(user: i64) -> String {
    fill(path::USER_PASSWORD, &[("id", &user)])
}

/// Disabling (`disable`) or enabling (`enable`) an account.
pub fn user_action(user: i64, action: &str) -> String {
    fill(path::USER_ACTION, &[("id", &user), ("action", &action)])
}

/// A calendar feed's path.
pub fn feed(token: &str) -> String {
    fill(path::FEED, &[("file", &format!("{token}.ics"))])
}

/// The links of one team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamUrls {
    team: i64,
}

impl TeamUrls {
    /// The links of team `team`.
    pub fn new(team: i64) -> Self {
        Self { team }
    }

    /// A team path from its pattern.
    fn at(&self, pattern: &str, params: &[(&str, &dyn std::fmt::Display)]) -> String {
        let base = fill(path::TEAM, &[("team", &self.team)]);
        if pattern == "/" {
            base
        } else {
            format!("{base}{}", fill(pattern, params))
        }
    }

    /// The team job plan.
    pub fn plan(&self) -> String {
        self.at(path::PLAN, &[])
    }

    /// The team job plan of a quarter.
    pub fn plan_in(&self, q: Quarter) -> String {
        with_query(&self.plan(), &[("quarter", &q.key())])
    }

    /// The year view.
    pub fn year(&self, year: Option<PlanningYear>) -> String {
        let y = year.map(|y| y.start_year.to_string()).unwrap_or_default();
        with_query(&self.at(path::YEAR, &[]), &[("year", &y)])
    }

    /// The method page in the team's frame.
    pub fn method(&self) -> String {
        self.at(path::TEAM_METHOD, &[])
    }

    /// The diary's current week.
    pub fn diary(&self) -> String {
        self.at(path::DIARY, &[])
    }

    /// The diary's week starting on `monday`.
    pub fn diary_week(&self, monday: NaiveDate) -> String {
        with_query(&self.diary(), &[("week", &monday.to_string())])
    }

    /// The day list of one day.
    pub fn diary_day(&self, day: NaiveDate) -> String {
        with_query(&self.diary(), &[("day", &day.to_string())])
    }

    /// The activity-planning sheet of a quarter (the current one for `None`).
    pub fn sheet(&self, q: Option<Quarter>) -> String {
        let key = q.map(|q| q.key()).unwrap_or_default();
        with_query(&self.at(path::SHEET, &[]), &[("quarter", &key)])
    }

    /// Publishing offers.
    pub fn publish(&self) -> String {
        self.at(path::PUBLISH, &[])
    }

    /// Keeping or withdrawing offers a job plan change left standing.
    pub fn publish_standing(&self) -> String {
        self.at(path::PUBLISH_STANDING, &[])
    }

    /// Booking at the end of Choice.
    pub fn book(&self) -> String {
        self.at(path::BOOK, &[])
    }

    /// Booking the first Partnership appointment after a Choice appointment.
    pub fn book_after_choice(&self, choice: i64) -> String {
        with_query(&self.book(), &[("choice", &choice.to_string())])
    }

    /// Booking one offer.
    pub fn appointment_book(&self, id: i64) -> String {
        self.at(path::APPOINTMENT_BOOK, &[("id", &id)])
    }

    /// Recording an appointment's outcome.
    pub fn appointment_outcome(&self, id: i64) -> String {
        self.at(path::APPOINTMENT_OUTCOME, &[("id", &id)])
    }

    /// Re-offering a missed appointment.
    pub fn appointment_reoffer(&self, id: i64) -> String {
        self.at(path::APPOINTMENT_REOFFER, &[("id", &id)])
    }

    /// Correcting a wrong outcome.
    pub fn appointment_correct(&self, id: i64) -> String {
        self.at(path::APPOINTMENT_CORRECT, &[("id", &id)])
    }

    /// Full booking to Choice.
    pub fn choice(&self) -> String {
        self.at(path::CHOICE, &[])
    }

    /// Booking a Choice slot.
    pub fn choice_book(&self, id: i64) -> String {
        self.at(path::CHOICE_BOOK, &[("id", &id)])
    }

    /// The managed list.
    pub fn managed(&self) -> String {
        self.at(path::MANAGED, &[])
    }

    /// Resolving a managed-list entry.
    pub fn managed_resolve(&self, id: i64) -> String {
        self.at(path::MANAGED_RESOLVE, &[("id", &id)])
    }

    /// Holidays and leave.
    pub fn absences(&self) -> String {
        self.at(path::ABSENCES, &[])
    }

    /// Adding a holiday.
    pub fn holidays(&self) -> String {
        self.at(path::HOLIDAYS, &[])
    }

    /// Removing a holiday.
    pub fn holiday_remove(&self, id: i64) -> String {
        self.at(path::HOLIDAY_REMOVE, &[("id", &id)])
    }

    /// Adding leave.
    pub fn leave(&self) -> String {
        self.at(path::LEAVE, &[])
    }

    /// Removing leave.
    pub fn leave_remove(&self, id: i64) -> String {
        self.at(path::LEAVE_REMOVE, &[("id", &id)])
    }

    /// A clinician's calendar feeds.
    pub fn calendar(&self, who: &Initials) -> String {
        with_query(
            &self.at(path::CALENDAR, &[]),
            &[("clinician", who.as_str())],
        )
    }

    /// The calendar page of the user's own clinician record.
    pub fn calendar_own(&self) -> String {
        self.at(path::CALENDAR, &[])
    }

    /// Revoking a feed.
    pub fn calendar_revoke(&self, feed: i64, who: &Initials) -> String {
        with_query(
            &self.at(path::CALENDAR_REVOKE, &[("feed", &feed)]),
            &[("clinician", who.as_str())],
        )
    }

    /// A clinician's quarter week by week.
    pub fn plot(&self, who: Option<&Initials>) -> String {
        with_query(
            &self.at(path::PLOT, &[]),
            &[("clinician", who.map_or("", Initials::as_str))],
        )
    }

    /// Clinicians.
    pub fn clinicians(&self) -> String {
        self.at(path::CLINICIANS, &[])
    }

    /// A clinician's details.
    pub fn clinician(&self, who: &Initials) -> String {
        self.at(path::CLINICIAN, &[("initials", who)])
    }

    /// A clinician's job plan (the version in force).
    pub fn plan_editor(&self, who: &Initials) -> String {
        self.at(path::PLAN_EDITOR, &[("initials", who)])
    }

    /// One version of a clinician's job plan.
    pub fn plan_version(&self, who: &Initials, version: u32) -> String {
        with_query(&self.plan_editor(who), &[("version", &version.to_string())])
    }

    /// A version with one session's editor open.
    pub fn plan_edit_cell(&self, who: &Initials, version: u32, row: usize, day: usize) -> String {
        format!(
            "{}#cell-editor",
            with_query(
                &self.plan_editor(who),
                &[
                    ("version", &version.to_string()),
                    ("edit", &format!("{row}-{day}"))
                ]
            )
        )
    }

    /// Setting one session.
    pub fn plan_cell(&self, who: &Initials, version: u32, row: usize, day: usize) -> String {
        self.at(
            path::PLAN_CELL,
            &[
                ("initials", who),
                ("version", &version),
                ("row", &row),
                ("day", &day),
            ],
        )
    }

    /// Starting a new version.
    pub fn plan_versions(&self, who: &Initials) -> String {
        self.at(path::PLAN_VERSIONS, &[("initials", who)])
    }

    /// A version printed.
    pub fn plan_print(&self, who: &Initials, version: u32) -> String {
        self.at(
            path::PLAN_PRINT,
            &[("initials", who), ("version", &version)],
        )
    }

    /// Settings.
    pub fn settings(&self) -> String {
        self.at(path::SETTINGS, &[])
    }

    /// Adding a Specific stream.
    pub fn streams(&self) -> String {
        self.at(path::STREAMS, &[])
    }

    /// Changing a Specific stream.
    pub fn stream(&self, id: i64) -> String {
        self.at(path::STREAM, &[("stream", &id)])
    }

    /// The settings page at its streams.
    pub fn settings_streams_anchor(&self) -> String {
        format!("{}#streams-h", self.settings())
    }

    /// The skills map.
    pub fn skills(&self) -> String {
        self.at(path::SKILLS, &[])
    }

    /// The forecast.
    pub fn forecast(&self) -> String {
        self.at(path::FORECAST, &[])
    }

    /// The forecast's headroom fragment.
    pub fn forecast_headroom(&self) -> String {
        self.at(path::FORECAST_HEADROOM, &[])
    }

    /// Applying a what-if.
    pub fn forecast_apply(&self) -> String {
        self.at(path::FORECAST_APPLY, &[])
    }

    /// The audit log (older than record `before`, when given).
    pub fn audit(&self, before: Option<i64>) -> String {
        let b = before.map(|b| b.to_string()).unwrap_or_default();
        with_query(&self.at(path::AUDIT, &[]), &[("before", &b)])
    }

    /// Members.
    pub fn members(&self) -> String {
        self.at(path::MEMBERS, &[])
    }

    /// Removing a member.
    pub fn member_remove(&self, user: i64) -> String {
        self.at(path::MEMBER_REMOVE, &[("user", &user)])
    }

    /// Files.
    pub fn files(&self) -> String {
        self.at(path::FILES, &[])
    }

    /// The team plan file.
    pub fn file_toml(&self) -> String {
        self.at(path::FILE_TOML, &[])
    }

    /// The team job plan workbook.
    pub fn file_xlsx(&self) -> String {
        self.at(path::FILE_XLSX, &[])
    }

    /// Importing a team plan file.
    pub fn file_import(&self) -> String {
        self.at(path::FILE_IMPORT, &[])
    }

    /// Demand: upload and history.
    pub fn demand(&self) -> String {
        self.at(path::DEMAND, &[])
    }

    /// Uploading a discharge report.
    pub fn demand_upload(&self) -> String {
        self.at(path::DEMAND_UPLOAD, &[])
    }

    /// Comparing two analyses.
    pub fn demand_compare(&self, first: i64, second: i64) -> String {
        with_query(
            &self.at(path::DEMAND_COMPARE, &[]),
            &[
                ("first", &first.to_string()),
                ("second", &second.to_string()),
            ],
        )
    }

    /// One analysis.
    pub fn demand_analysis(&self, id: i64) -> String {
        self.at(path::DEMAND_ANALYSIS, &[("id", &id)])
    }

    /// Applying an analysis.
    pub fn demand_apply(&self, id: i64) -> String {
        self.at(path::DEMAND_APPLY, &[("id", &id)])
    }

    /// An analysis' pivot as CSV.
    pub fn demand_csv(&self, id: i64) -> String {
        self.at(path::DEMAND_CSV, &[("id", &id)])
    }

    /// An analysis' pivot as XLSX.
    pub fn demand_xlsx(&self, id: i64) -> String {
        self.at(path::DEMAND_XLSX, &[("id", &id)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_fill_their_patterns() {
        let t = TeamUrls::new(4);
        assert_eq!(t.plan(), "/teams/4");
        assert_eq!(t.appointment_book(9), "/teams/4/diary/appointments/9/book");
        let tr = Initials::parse("TR").unwrap();
        assert_eq!(
            t.plan_cell(&tr, 2, 1, 3),
            "/teams/4/clinicians/TR/plan/2/cells/1/3"
        );
        assert_eq!(
            t.plan_edit_cell(&tr, 2, 1, 3),
            "/teams/4/clinicians/TR/plan?version=2&edit=1-3#cell-editor"
        );
        assert_eq!(t.sheet(None), "/teams/4/diary/sheet");
        assert_eq!(
            login("/teams/1?quarter=2026Q1"),
            "/login?next=%2Fteams%2F1%3Fquarter%3D2026Q1"
        );
    }
}
