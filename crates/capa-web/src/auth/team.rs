//! The team context every team page and team API route starts from: who is
//! asking, their access to the team, the team as stored, and the time. It is
//! an extractor, so a handler cannot reach a team without the access check.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use capa_core::{Clinician, Initials, Quarter, Team, Zone};
use capa_store::{ClinicianId, StoredTeam, TeamId};
use chrono::{DateTime, NaiveDate, Utc};

use super::{Access, AuthRejection, CurrentUser, is_api};
use crate::AppState;
use crate::error::AppError;
use crate::flash::Flash;
use crate::urls::TeamUrls;
use crate::views::chrome::{Chrome, Page, TeamRef};

/// A request about one team, by a user who may see it.
pub struct TeamContext {
    /// Who is asking.
    pub user: CurrentUser,
    /// What they may do in the team.
    pub access: Access,
    /// The team as stored, with its row ids.
    pub stored: StoredTeam,
    /// Now, from the application's clock.
    pub now: DateTime<Utc>,
    /// The team's links.
    pub urls: TeamUrls,
    /// A message left by the change before this page.
    pub flash: Option<Flash>,
}

impl FromRequestParts<AppState> for TeamContext {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let api = is_api(parts);
        let next = parts
            .uri
            .path_and_query()
            .map_or("/".to_string(), |p| p.to_string());
        let reject = |error| AuthRejection {
            api,
            error,
            next: next.clone(),
            password_change: false,
        };
        let not_found = || AppError::NotFound("no such team, or you are not a member of it".into());
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| reject(not_found()))?;
        let team = params
            .iter()
            .find(|(name, _)| *name == "team")
            .and_then(|(_, v)| v.parse::<i64>().ok())
            .ok_or_else(|| reject(not_found()))?;
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let access = Access::of(&state.store, &user, TeamId(team))
            .await
            .map_err(reject)?;
        let stored = state
            .store
            .load_stored_team(TeamId(team))
            .await
            .map_err(|e| reject(e.into()))?;
        Ok(Self {
            user,
            access,
            stored,
            now: state.clock.now(),
            urls: TeamUrls::new(team),
            flash: parts.extensions.get::<Flash>().cloned(),
        })
    }
}

impl TeamContext {
    /// The team.
    pub fn team(&self) -> &Team {
        &self.stored.team
    }

    /// The team's row id.
    pub fn id(&self) -> TeamId {
        self.stored.id
    }

    /// The team's time zone.
    pub fn zone(&self) -> Zone {
        self.stored.team.settings.time_zone
    }

    /// Today in the team's time zone.
    pub fn today(&self) -> NaiveDate {
        self.zone().today(self.now)
    }

    /// Today's quarter in the team's calendar.
    pub fn current_quarter(&self) -> Quarter {
        Quarter::containing(self.today(), self.stored.team.settings.year_start_month)
    }

    /// A quarter from a query value (`2026Q3`, `2026/27 Q3`), or today's.
    pub fn quarter(&self, text: Option<&str>) -> Result<Quarter, AppError> {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Quarter::parse(t, self.stored.team.settings.year_start_month)
                .map_err(|e| AppError::BadRequest(e.to_string())),
            None => Ok(self.current_quarter()),
        }
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

    /// The clinician at an index of the team.
    pub fn clinician_at(&self, index: usize) -> &Clinician {
        &self.stored.team.clinicians[index]
    }

    /// The index of a clinician's row id in the team.
    pub fn index_of(&self, id: ClinicianId) -> Option<usize> {
        self.stored.clinician_ids.iter().position(|c| *c == id)
    }

    /// The clinician a page is about: the one asked for, else the user's own
    /// record, else the team's first.
    pub fn whose(&self, asked: Option<&str>) -> Result<(usize, ClinicianId), AppError> {
        if let Some(ini) = asked.filter(|a| !a.trim().is_empty()) {
            return self.clinician(ini);
        }
        if let Some(own) = self.access.own_clinician() {
            return self.index_of(own).map(|i| (i, own)).ok_or_else(|| {
                AppError::NotFound("your clinician record is not in this team".into())
            });
        }
        match self.stored.clinician_ids.first() {
            Some(id) => Ok((0, *id)),
            None => Err(AppError::NotFound("the team has no clinicians yet".into())),
        }
    }

    /// Names by initials, for lines that show "TR Tui Rangi".
    pub fn who(&self, initials: &str) -> String {
        match self
            .stored
            .team
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == initials)
        {
            Some(c) => format!("{} {}", c.initials, c.name),
            None => initials.to_string(),
        }
    }

    /// The page frame: the team's navigation with `page` current, and the
    /// message left by the last change.
    pub fn chrome(&self, page: Page) -> Chrome {
        let mut chrome = Chrome::team(
            self.user.user.display_name.clone(),
            self.user.csrf(),
            TeamRef {
                id: self.stored.id.0,
                name: self.stored.team.settings.name.clone(),
            },
            page,
            &self.access,
        );
        chrome.flash = self.flash.clone();
        chrome
    }
}
