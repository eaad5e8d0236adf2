//! The frame around every page: assets, navigation, the signed-in user, the
//! CSRF token forms must carry, and the message left by the last change.

use crate::assets;
use crate::auth::Access;
use crate::flash::Flash;
use crate::urls::{TeamUrls, path};

/// Which team page is showing, for the navigation's `aria-current`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The team job plan (capacity) page.
    Plan,
    /// The year view.
    Year,
    /// The diaries.
    Diary,
    /// The quarter monitor.
    Monitor,
    /// Clinicians and their job plans.
    Clinicians,
    /// The skills map.
    Skills,
    /// The forecast.
    Forecast,
    /// Team settings.
    Settings,
    /// Import and export.
    Files,
    /// Demand from the discharge report.
    Demand,
    /// The audit log.
    Audit,
    /// The team's members.
    Members,
    /// How capa computes each figure.
    Method,
    /// The CAPA self-assessment.
    Assessment,
    /// Anything else.
    Other,
}

/// A team in the page frame.
#[derive(Debug, Clone)]
pub struct TeamRef {
    /// Store id.
    pub id: i64,
    /// Name.
    pub name: String,
}

/// A navigation link.
#[derive(Debug, Clone)]
pub struct NavItem {
    /// Target.
    pub href: String,
    /// Text.
    pub label: &'static str,
    /// Whether it is the page showing.
    pub current: bool,
}

/// The page frame.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Stylesheet URL.
    pub css_url: String,
    /// htmx URL.
    pub htmx_url: String,
    /// capa's script URL.
    pub js_url: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// The team shown, if any.
    pub team: Option<TeamRef>,
    /// The navigation: the team's pages, or the administrator's.
    pub nav: Vec<NavItem>,
    /// The signed-in user's display name.
    pub user: Option<String>,
    /// A message.
    pub flash: Option<Flash>,
}

impl Chrome {
    /// A frame without a team (login, team list, account).
    pub fn plain(user: Option<String>, csrf: String) -> Self {
        Self {
            css_url: assets::css_url(),
            htmx_url: assets::htmx_url(),
            js_url: assets::js_url(),
            csrf,
            team: None,
            nav: Vec::new(),
            user,
            flash: None,
        }
    }

    /// A frame for a team page; the pages a role may not use are left out.
    pub fn team(user: String, csrf: String, team: TeamRef, page: Page, access: &Access) -> Self {
        let urls = TeamUrls::new(team.id);
        let mut items = vec![
            (Page::Plan, urls.plan(), "Team job plan"),
            (Page::Year, urls.year(None), "Year"),
            (Page::Diary, urls.diary(), "Diary"),
            (
                Page::Monitor,
                crate::pages::monitor::links::Links::new(team.id).monitor(None),
                "Monitor",
            ),
            (Page::Clinicians, urls.clinicians(), "Clinicians"),
            (Page::Skills, urls.skills(), "Skills map"),
            (Page::Forecast, urls.forecast(), "Forecast"),
            (Page::Settings, urls.settings(), "Settings"),
            (Page::Files, urls.files(), "Files"),
            (Page::Demand, urls.demand(), "Demand"),
        ];
        if access.may_plan_team() {
            items.push((Page::Members, urls.members(), "Members"));
            items.push((Page::Audit, urls.audit(None), "Audit log"));
        }
        items.push((
            Page::Assessment,
            crate::pages::assessment::links::Links::new(team.id).reviews(),
            "Self-assessment",
        ));
        items.push((Page::Method, urls.method(), "How it is computed"));
        let nav = items
            .into_iter()
            .map(|(p, href, label)| NavItem {
                href,
                label,
                current: p == page,
            })
            .collect();
        Self {
            team: Some(team),
            nav,
            ..Self::plain(Some(user), csrf)
        }
    }

    /// Adds the administrator's links (users) to a frame without a team.
    pub fn admin(mut self) -> Self {
        self.nav.push(NavItem {
            href: path::USERS.into(),
            label: "Users",
            current: true,
        });
        self
    }

    /// Shows a message.
    pub fn with_flash(mut self, flash: Option<Flash>) -> Self {
        self.flash = flash;
        self
    }
}
