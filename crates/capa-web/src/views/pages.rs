//! The views of the smaller pages: home, method, year, print, settings,
//! clinicians, skills map, audit log, files, account.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::explain::n2;
use capa_core::layout::BlockKind;
use capa_core::{Clinician, JobPlan, PlanningYear, TeamSettings, YearReport};

use super::chrome::Chrome;
use super::plan_editor::{TargetsView, class, day_name, text};

/// A team on the home page.
pub struct TeamLink {
    /// Link.
    pub href: String,
    /// Name.
    pub name: String,
    /// The user's role in it.
    pub role: String,
}

/// `GET /`.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    /// Frame.
    pub chrome: Chrome,
    /// Teams.
    pub teams: Vec<TeamLink>,
    /// Whether the user may create teams.
    pub is_admin: bool,
}

/// `GET /method`: docs/method.md.
#[derive(Template, WebTemplate)]
#[template(path = "method.html")]
pub struct MethodPage {
    /// Frame.
    pub chrome: Chrome,
}

impl MethodPage {
    /// The method page's HTML.
    pub fn body(&self) -> String {
        super::markdown::render(include_str!("../../../../docs/method.md"))
    }
}

/// A row of the year table.
pub struct YearRow {
    /// Initials and name.
    pub who: String,
    /// Link to the plan.
    pub href: String,
    /// Targets per quarter.
    pub quarters: Vec<u32>,
    /// The year.
    pub total: u32,
    /// The cumulative rounding, in words.
    pub explain: String,
}

/// `GET /teams/{team}/year`.
#[derive(Template, WebTemplate)]
#[template(path = "year.html")]
pub struct YearPage {
    /// Frame.
    pub chrome: Chrome,
    /// "2026/27".
    pub year: String,
    /// Quarter headings.
    pub headings: Vec<String>,
    /// Clinicians.
    pub rows: Vec<YearRow>,
    /// Team per quarter.
    pub team: Vec<u32>,
    /// Team year.
    pub team_total: u32,
    /// Core demand per quarter.
    pub demand: Vec<String>,
    /// Core demand in the year.
    pub demand_total: String,
    /// Choice needed per quarter.
    pub choice: Vec<u32>,
    /// Choice needed in the year.
    pub choice_total: u32,
    /// Links to other years.
    pub other_years: Vec<(String, String)>,
    /// Chart.
    pub chart: String,
}

impl YearPage {
    /// Builds the page from a year's report.
    pub fn new(
        chrome: Chrome,
        team: i64,
        r: &YearReport,
        chart: String,
        current: PlanningYear,
    ) -> Self {
        let other_years = [-1, 0, 1]
            .iter()
            .map(|d| {
                let y = PlanningYear::new(current.start_year + d, current.start_month);
                (
                    format!("/teams/{team}/year?year={}", y.start_year),
                    y.to_string(),
                )
            })
            .collect();
        Self {
            chrome,
            year: r.year.to_string(),
            headings: r
                .quarters
                .iter()
                .map(|q| format!("Q{} from {}", q.number, q.start().format("%d/%m/%Y")))
                .collect(),
            rows: r
                .clinicians
                .iter()
                .map(|c| YearRow {
                    who: format!("{} {}", c.initials, c.name),
                    href: format!("/teams/{team}/clinicians/{}/plan", c.initials),
                    quarters: c.new_core_targets.clone(),
                    total: c.new_core_total,
                    explain: c.explain.to_string(),
                })
                .collect(),
            team: r.new_core_targets.clone(),
            team_total: r.new_core_total,
            demand: r.core_demand.iter().map(|d| n2(*d)).collect(),
            demand_total: n2(r.core_demand.iter().sum()),
            choice: r.choice_needed.clone(),
            choice_total: r.choice_needed.iter().sum(),
            other_years,
            chart,
        }
    }
}

/// A row of the printed plan.
pub struct PrintRow {
    /// Time.
    pub time: String,
    /// Block label, for rows between sessions.
    pub label: String,
    /// Cells: (text, class); empty for block rows.
    pub cells: Vec<(String, &'static str)>,
}

/// The printed job plan.
#[derive(Template, WebTemplate)]
#[template(path = "print.html")]
pub struct PrintPage {
    /// Frame.
    pub chrome: Chrome,
    /// Name.
    pub name: String,
    /// Initials.
    pub initials: String,
    /// "JOB PLAN #".
    pub version: u32,
    /// Applies from.
    pub applies_from: String,
    /// Day headings.
    pub days: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<PrintRow>,
    /// Choice sessions.
    pub choice: u32,
    /// Core sessions and target.
    pub partnership: String,
    /// Specific sessions and targets.
    pub specific: String,
    /// Back link.
    pub back: String,
}

impl PrintPage {
    /// Lays the plan out like the seed's template.
    pub fn new(
        chrome: Chrome,
        s: &TeamSettings,
        c: &Clinician,
        plan: &JobPlan,
        t: &TargetsView,
        back: String,
    ) -> Self {
        let mut session = 0;
        let rows = s
            .layout
            .blocks
            .iter()
            .map(|b| {
                let time = format!("{}-{}", b.start.format("%H:%M"), b.end.format("%H:%M"));
                if b.kind == BlockKind::Session {
                    let cells = plan.grid()[session]
                        .iter()
                        .map(|a| {
                            (
                                if *a == capa_core::Activity::Core {
                                    String::new()
                                } else {
                                    text(a)
                                },
                                class(a),
                            )
                        })
                        .collect();
                    session += 1;
                    PrintRow {
                        time,
                        label: String::new(),
                        cells,
                    }
                } else {
                    PrintRow {
                        time,
                        label: b.label.clone(),
                        cells: Vec::new(),
                    }
                }
            })
            .collect();
        let specific = if t.specific.is_empty() {
            "0".into()
        } else {
            t.specific
                .iter()
                .map(|(s, n)| {
                    let target = t
                        .specific_targets
                        .iter()
                        .find(|(k, _)| k == s)
                        .map_or(0, |(_, v)| *v);
                    format!(
                        "{s}: {n} session{}, {target} new a quarter",
                        if *n == 1 { "" } else { "s" }
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        Self {
            chrome,
            name: c.name.clone(),
            initials: c.initials.to_string(),
            version: plan.version,
            applies_from: plan
                .applies_from
                .map_or("the start".into(), |d| d.format("%d/%m/%Y").to_string()),
            days: s.layout.days.iter().map(|d| day_name(*d)).collect(),
            rows,
            choice: t.choice,
            partnership: format!(
                "{} free sessions x multiplier = {} new Core Partnerships a quarter",
                t.core, t.new_core
            ),
            specific,
            back,
        }
    }
}

/// One setting on the settings page.
pub struct SettingView {
    /// Form field name.
    pub name: &'static str,
    /// Label.
    pub label: &'static str,
    /// Current value.
    pub value: String,
    /// Default.
    pub default: String,
    /// What it means.
    pub help: &'static str,
    /// `number`, `text` or `select`.
    pub kind: &'static str,
    /// Options of a select: (value, label).
    pub options: Vec<(String, String)>,
    /// Step of a number.
    pub step: &'static str,
}

/// A Specific stream on the settings page.
pub struct StreamView {
    /// Name.
    pub name: String,
    /// Its multiplier and how it was set.
    pub multiplier: String,
}

/// `GET /teams/{team}/settings`.
#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub struct SettingsPage {
    /// Frame.
    pub chrome: Chrome,
    /// Whether the user may change them.
    pub can_edit: bool,
    /// The settings.
    pub settings: Vec<SettingView>,
    /// Streams.
    pub streams: Vec<StreamView>,
    /// Where the form posts.
    pub action: String,
    /// A problem with the last change.
    pub error: Option<String>,
}

/// A clinician in the list.
pub struct ClinicianItem {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: String,
    /// FTE.
    pub fte: String,
    /// Does Choice.
    pub choice: &'static str,
    /// Skills summary.
    pub skills: String,
    /// Streams.
    pub streams: String,
    /// Dates.
    pub dates: String,
    /// Plan link.
    pub plan_href: String,
    /// Edit link.
    pub edit_href: String,
}

/// `GET /teams/{team}/clinicians`.
#[derive(Template, WebTemplate)]
#[template(path = "clinicians.html")]
pub struct CliniciansPage {
    /// Frame.
    pub chrome: Chrome,
    /// Clinicians.
    pub clinicians: Vec<ClinicianItem>,
    /// Whether the user may add and edit.
    pub can_edit: bool,
    /// The add form's target.
    pub action: String,
    /// Disciplines seen, for the form's suggestions.
    pub error: Option<String>,
}

/// The clinician form (add or edit).
#[derive(Template, WebTemplate)]
#[template(path = "clinician.html")]
pub struct ClinicianPage {
    /// Frame.
    pub chrome: Chrome,
    /// Heading.
    pub heading: String,
    /// Where it posts.
    pub action: String,
    /// Current values.
    pub form: ClinicianFormView,
    /// ABCD'S and the team's own domains: (domain, level or "").
    pub skills: Vec<(String, String)>,
    /// Streams: (name, member).
    pub streams: Vec<(String, bool)>,
    /// Whether the user may change it.
    pub can_edit: bool,
    /// A problem with the last change.
    pub error: Option<String>,
}

/// The clinician form's values.
#[derive(Default)]
pub struct ClinicianFormView {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: String,
    /// FTE.
    pub fte: String,
    /// Does Choice.
    pub does_choice: bool,
    /// Manual allocation.
    pub choice_allocation: String,
    /// Start date (yyyy-mm-dd).
    pub start_date: String,
    /// Leaving date (yyyy-mm-dd).
    pub leaving_date: String,
}

/// A cell of the skills map.
pub struct SkillCell {
    /// Text ("core", "advanced", "✓" or "").
    pub text: String,
    /// CSS class.
    pub class: &'static str,
}

/// `GET /teams/{team}/skills`.
#[derive(Template, WebTemplate)]
#[template(path = "skills.html")]
pub struct SkillsPage {
    /// Frame.
    pub chrome: Chrome,
    /// Column headings: skill domains then streams.
    pub domains: Vec<String>,
    /// Streams.
    pub streams: Vec<String>,
    /// Rows: (who, cells).
    pub rows: Vec<(String, Vec<SkillCell>)>,
    /// Coverage per domain: (core, advanced).
    pub coverage: Vec<(usize, usize)>,
    /// Coverage per stream: (clinicians, weekly sessions).
    pub stream_coverage: Vec<(usize, u32)>,
    /// Gaps in words.
    pub gaps: Vec<String>,
}

/// An audit record as shown.
pub struct AuditRow {
    /// When (team time).
    pub at: String,
    /// Who.
    pub who: String,
    /// What kind of thing.
    pub what: String,
    /// Action.
    pub action: String,
    /// Before (pretty JSON).
    pub before: String,
    /// After (pretty JSON).
    pub after: String,
}

/// `GET /teams/{team}/audit`.
#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    /// Frame.
    pub chrome: Chrome,
    /// Records, newest first.
    pub rows: Vec<AuditRow>,
    /// Link to older records.
    pub older: Option<String>,
}

/// `GET /teams/{team}/files`.
#[derive(Template, WebTemplate)]
#[template(path = "files.html")]
pub struct FilesPage {
    /// Frame.
    pub chrome: Chrome,
    /// TOML export link.
    pub toml_href: String,
    /// XLSX export link.
    pub xlsx_href: String,
    /// Import target.
    pub import_href: String,
    /// Whether the user may import.
    pub can_import: bool,
    /// Problems with the last import: (where, what).
    pub problems: Vec<String>,
}

/// A token as listed.
pub struct TokenRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Created.
    pub created: String,
    /// Last used.
    pub last_used: String,
    /// Revoked.
    pub revoked: bool,
}

/// `GET /account`.
#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    /// Frame.
    pub chrome: Chrome,
    /// Username.
    pub username: String,
    /// Tokens.
    pub tokens: Vec<TokenRow>,
    /// A token just created, shown once.
    pub new_token: Option<String>,
}

/// A user's role in a team, as listed.
pub struct RoleView {
    /// Team id.
    pub team_id: i64,
    /// Team name.
    pub team: String,
    /// Role.
    pub role: String,
}

/// A user as listed.
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Administrator.
    pub is_admin: bool,
    /// Disabled.
    pub disabled: bool,
    /// Roles in teams.
    pub roles: Vec<RoleView>,
}

/// `GET /admin/users`.
#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
pub struct UsersPage {
    /// Frame.
    pub chrome: Chrome,
    /// Users.
    pub users: Vec<UserRow>,
    /// Teams: (id, name).
    pub teams: Vec<(i64, String)>,
    /// A problem with the last change.
    pub error: Option<String>,
}

/// `GET /teams/{team}/members`.
#[derive(Template, WebTemplate)]
#[template(path = "members.html")]
pub struct MembersPage {
    /// Frame.
    pub chrome: Chrome,
    /// Team name.
    pub team: String,
    /// Members: (user id, username, name, role, remove action).
    pub members: Vec<(i64, String, String, String, String)>,
    /// Form target.
    pub action: String,
    /// A problem with the last change.
    pub error: Option<String>,
}
