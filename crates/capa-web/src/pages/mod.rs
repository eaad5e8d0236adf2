//! HTML pages, one module per page or group of pages.

pub mod account;
pub mod audit;
pub mod clinicians;
pub mod diary;
pub mod diary_more;
pub mod editor;
pub mod files;
pub mod home;
pub mod members;
pub mod plan;
pub mod settings;
pub mod skills;
pub mod users;

use capa_core::{Initials, Quarter};
use capa_store::{ClinicianId, StoredTeam, TeamId};
use chrono::Utc;

use crate::AppState;
use crate::auth::{Access, CurrentUser};
use crate::error::AppError;
use crate::views::chrome::{Chrome, Page, TeamRef};

/// A clinician's job plan version, or a 404 that says which.
pub fn plan_version(
    c: &capa_core::Clinician,
    version: u32,
) -> Result<&capa_core::JobPlan, AppError> {
    c.job_plan(version)
        .ok_or_else(|| AppError::NotFound(format!("{} has no job plan #{version}", c.initials)))
}

/// Everything a team page starts from.
pub struct TeamPage {
    /// The user's access.
    pub access: Access,
    /// The team with its row ids.
    pub stored: StoredTeam,
    /// The page frame.
    pub chrome: Chrome,
}

impl TeamPage {
    /// Loads the team after checking the user may see it.
    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        team: i64,
        page: Page,
    ) -> Result<Self, AppError> {
        let id = TeamId(team);
        let access = Access::of(state, user, id).await?;
        let stored = state.store.load_stored_team(id).await?;
        let chrome = Chrome::team(
            user.user.display_name.clone(),
            user.csrf(),
            TeamRef {
                id: team,
                name: stored.team.settings.name.clone(),
            },
            page,
            access.sees_audit(),
        );
        Ok(Self {
            access,
            stored,
            chrome,
        })
    }

    /// The clinician with these initials: their index in the team and row id.
    pub fn clinician(&self, initials: &str) -> Result<(usize, ClinicianId), AppError> {
        let wanted = Initials::parse(initials).map_err(|e| AppError::NotFound(e.to_string()))?;
        self.stored
            .team
            .clinicians
            .iter()
            .position(|c| c.initials == wanted)
            .map(|i| (i, self.stored.clinician_ids[i]))
            .ok_or_else(|| {
                AppError::NotFound(format!("the team has no clinician with initials {wanted}"))
            })
    }

    /// Today's quarter in the team's calendar.
    pub fn current_quarter(&self) -> Quarter {
        Quarter::containing(self.today(), self.stored.team.settings.year_start_month)
    }

    /// Today in the team's time zone (Pacific/Auckland when the setting is not a known zone).
    pub fn today(&self) -> chrono::NaiveDate {
        self.stored.team.settings.time_zone.today(Utc::now())
    }

    /// A quarter from a query value, or today's.
    pub fn quarter(&self, text: Option<&str>) -> Result<Quarter, AppError> {
        match text.filter(|t| !t.trim().is_empty()) {
            Some(t) => Quarter::parse(t, self.stored.team.settings.year_start_month)
                .map_err(|e| AppError::BadRequest(e.to_string())),
            None => Ok(self.current_quarter()),
        }
    }
}
