//! A whole team read back from its rows and checked by `Team::new`: the top
//! layer, above the clinicians and their job plans.

use serde::Serialize;

use capa_core::{Clinician, Team};

use crate::db::Tx;
use crate::error::Result;
use crate::ids::{ClinicianId, TeamId};
use crate::rows::clinician;
use crate::rows::team::{invalid, no_clinician, read_settings, team_of};

/// A team as stored: the domain team with the row ids the web application
/// needs to address its parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredTeam {
    /// The team's row id.
    pub id: TeamId,
    /// The team, checked by `Team::new`.
    pub team: Team,
    /// The row id of each clinician, in the order of `team.clinicians`.
    pub clinician_ids: Vec<ClinicianId>,
}

/// A clinician with the row ids that address it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredClinician {
    /// The clinician's row id.
    pub id: ClinicianId,
    /// The team's row id.
    pub team_id: TeamId,
    /// The clinician, job plans included.
    pub clinician: Clinician,
}

/// The whole team, rebuilt and checked by `Team::new`.
pub(crate) async fn read_team(tx: &mut Tx, id: TeamId) -> Result<StoredTeam> {
    let settings = read_settings(tx, id).await?;
    let (clinician_ids, clinicians) = clinician::read_all(tx, id, &settings.layout)
        .await?
        .into_iter()
        .unzip();
    let leave = crate::diary::team_leave(tx, id).await?;
    let team = Team::with_leave(settings, clinicians, leave).map_err(invalid)?;
    Ok(StoredTeam {
        id,
        team,
        clinician_ids,
    })
}

/// Refuses to commit a change that leaves the team failing `Team::new`.
pub(crate) async fn check_team(tx: &mut Tx, id: TeamId) -> Result<()> {
    read_team(tx, id).await.map(|_| ())
}

/// A clinician as stored, from a transaction.
pub(crate) async fn read_one(tx: &mut Tx, id: ClinicianId) -> Result<StoredClinician> {
    let team = team_of(tx, id).await?;
    let stored = read_team(tx, team).await?;
    let index = stored
        .clinician_ids
        .iter()
        .position(|c| *c == id)
        .ok_or_else(|| no_clinician(id))?;
    Ok(StoredClinician {
        id,
        team_id: team,
        clinician: stored.team.clinicians[index].clone(),
    })
}
