//! Clinicians: adding, changing, removing, finding. Their rows are in
//! `rows/clinician.rs`, their job plans in `job_plans.rs`.

use capa_core::{Clinician, Initials};

use crate::Store;
use crate::db::args;
use crate::error::Result;
use crate::ids::{Actor, ClinicianId, TeamId};
use crate::rows::clinician::{delete, insert, update};
use crate::rows::team::{TeamContext, lock_team, team_of};
use crate::rows::whole::{StoredClinician, check_team, read_one};

impl Store {
    /// Adds a clinician to a team, with any job plan versions it has.
    /// Initials already used in the team give `Conflict`.
    pub async fn add_clinician(
        &self,
        actor: Actor,
        team: TeamId,
        clinician: &Clinician,
    ) -> Result<ClinicianId> {
        let mut tx = self.write().await?;
        let context = TeamContext::load(&mut tx, team).await?;
        let id = insert(&mut tx, actor, &context, clinician).await?;
        check_team(&mut tx, team).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a clinician's details, skills and streams. `job_plans` is
    /// ignored: job plans change by version, through
    /// [`Store::save_job_plan`] and its siblings.
    pub async fn update_clinician(
        &self,
        actor: Actor,
        id: ClinicianId,
        clinician: &Clinician,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let team = team_of(&mut tx, id).await?;
        let context = TeamContext::load(&mut tx, team).await?;
        let before = read_one(&mut tx, id).await?;
        update(&mut tx, actor, &context, id, &before.clinician, clinician).await?;
        check_team(&mut tx, team).await?;
        tx.commit().await
    }

    /// Removes a clinician with their job plans. Refused (`Conflict`) while a
    /// user account is linked to the clinician. A clinician who leaves is
    /// better given a leaving date, which keeps their history.
    pub async fn delete_clinician(&self, actor: Actor, id: ClinicianId) -> Result<()> {
        let mut tx = self.write().await?;
        let team = team_of(&mut tx, id).await?;
        lock_team(&mut tx, team).await?;
        let before = read_one(&mut tx, id).await?;
        delete(&mut tx, actor, team, id, &before.clinician).await?;
        tx.commit().await
    }

    /// A clinician with their job plans.
    pub async fn clinician(&self, id: ClinicianId) -> Result<StoredClinician> {
        let mut tx = self.read().await?;
        let c = read_one(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// The id of the team's clinician with these initials, if any.
    pub async fn find_clinician(
        &self,
        team: TeamId,
        initials: &Initials,
    ) -> Result<Option<ClinicianId>> {
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                "SELECT id FROM clinicians WHERE team_id = $1 AND initials = $2",
                args![team.0, initials.as_str()],
            )
            .await?;
        tx.commit().await?;
        row.map(|r| r.get("id").map(ClinicianId)).transpose()
    }
}
