//! The frame around every page: assets, navigation, the signed-in user, the
//! CSRF token forms must carry, and a one-off message.

use crate::assets;

/// Which team page is showing, for the navigation's `aria-current`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The team job plan (capacity) page.
    Plan,
    /// The year view.
    Year,
    /// The diaries.
    Diary,
    /// Clinicians and their job plans.
    Clinicians,
    /// The skills map.
    Skills,
    /// Team settings.
    Settings,
    /// Import and export.
    Files,
    /// The audit log.
    Audit,
    /// The team's members.
    Members,
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

/// A one-off message at the top of a page.
#[derive(Debug, Clone)]
pub struct Flash {
    /// `ok` or `bad`.
    pub kind: &'static str,
    /// The message.
    pub text: String,
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
    /// The team's navigation.
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

    /// A frame for a team page; `sees_audit` adds the audit log to the navigation.
    pub fn team(user: String, csrf: String, team: TeamRef, page: Page, sees_audit: bool) -> Self {
        let base = format!("/teams/{}", team.id);
        let mut items = vec![
            (Page::Plan, base.clone(), "Team job plan"),
            (Page::Year, format!("{base}/year"), "Year"),
            (Page::Diary, format!("{base}/diary"), "Diary"),
            (Page::Clinicians, format!("{base}/clinicians"), "Clinicians"),
            (Page::Skills, format!("{base}/skills"), "Skills map"),
            (Page::Settings, format!("{base}/settings"), "Settings"),
            (Page::Files, format!("{base}/files"), "Files"),
        ];
        if sees_audit {
            items.push((Page::Members, format!("{base}/members"), "Members"));
            items.push((Page::Audit, format!("{base}/audit"), "Audit log"));
        }
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
            href: "/admin/users".into(),
            label: "Users",
            current: true,
        });
        self
    }

    /// Adds a message.
    pub fn with_flash(mut self, kind: &'static str, text: impl Into<String>) -> Self {
        self.flash = Some(Flash {
            kind,
            text: text.into(),
        });
        self
    }
}
