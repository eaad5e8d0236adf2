//! Job plan versions: listing, saving, setting one session, copying to a new
//! version, removing. Their rows are in `rows/job_plan.rs`.

use chrono::NaiveDate;
use serde_json::json;

use capa_core::{Activity, JobPlan};

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::args;
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, JobPlanId};
use crate::rows::job_plan::{
    JobPlanVersion, VERSION_COLUMNS, cell_columns, cell_json, delete, insert, plan_json,
    read_version, replace, version_from, version_id,
};
use crate::rows::team::{TeamContext, team_of};
use crate::rows::whole::check_team;
use crate::{Store, now, to_u32};

impl Store {
    /// The clinician's job plan versions, in version order.
    pub async fn job_plan_versions(&self, clinician: ClinicianId) -> Result<Vec<JobPlanVersion>> {
        let mut tx = self.read().await?;
        team_of(&mut tx, clinician).await?;
        let rows = tx
            .fetch_all(
                &format!("SELECT {VERSION_COLUMNS} FROM job_plans WHERE clinician_id = $1 ORDER BY version"),
                args![clinician.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(version_from).collect()
    }

    /// Stores a job plan version whole: a new version is added; an existing
    /// version (same number) gets the new grid and date, keeping its id and
    /// creation record. The grid must have the team's layout and name only
    /// the team's streams.
    pub async fn save_job_plan(
        &self,
        actor: Actor,
        clinician: ClinicianId,
        plan: &JobPlan,
    ) -> Result<JobPlanId> {
        let mut tx = self.write().await?;
        let team_id = team_of(&mut tx, clinician).await?;
        let team = TeamContext::load(&mut tx, team_id).await?;
        let id = match version_id(&mut tx, clinician, plan.version).await? {
            None => insert(&mut tx, actor, &team, clinician, plan).await?,
            Some(_) => {
                let (id, before) =
                    read_version(&mut tx, clinician, plan.version, &team.layout).await?;
                replace(&mut tx, actor, &team, id, &before, plan).await?;
                id
            }
        };
        check_team(&mut tx, team.id).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets one session of a job plan version: `session` is the 0-based row
    /// of the team's layout, `day` the 0-based working day.
    pub async fn set_cell(
        &self,
        actor: Actor,
        clinician: ClinicianId,
        version: u32,
        session: usize,
        day: usize,
        activity: &Activity,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let team_id = team_of(&mut tx, clinician).await?;
        let team = TeamContext::load(&mut tx, team_id).await?;
        let (id, plan) = read_version(&mut tx, clinician, version, &team.layout).await?;
        let before = plan
            .grid()
            .get(session)
            .and_then(|r| r.get(day))
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "the team's layout has no session {} on day {}",
                    session + 1,
                    day + 1
                ))
            })?;
        let (kind, stream, label, category) = cell_columns(&team, activity)?;
        tx.execute(
            "INSERT INTO job_plan_cells (job_plan_id, session, day, kind, stream_id, label, category) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (job_plan_id, session, day) DO UPDATE SET kind = excluded.kind, \
             stream_id = excluded.stream_id, label = excluded.label, category = excluded.category",
            args![id.0, session as i64, day as i64, kind, stream, label, category],
        )
        .await?;
        let at = |a: &Activity| json!({ "version": version, "session": session, "day": day, "cell": cell_json(a) });
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team.id),
                kind: EntityKind::JobPlan,
                id: id.0,
                action: Action::Update,
                before: Some(at(before)),
                after: Some(at(activity)),
            },
        )
        .await?;
        check_team(&mut tx, team.id).await?;
        tx.commit().await
    }

    /// Adds the next version of the clinician's job plan as a copy of the
    /// highest-numbered one, applying from `applies_from`.
    pub async fn copy_previous_version(
        &self,
        actor: Actor,
        clinician: ClinicianId,
        applies_from: Option<NaiveDate>,
    ) -> Result<JobPlanVersion> {
        let mut tx = self.write().await?;
        let team = team_of(&mut tx, clinician).await?;
        let context = TeamContext::load(&mut tx, team).await?;
        let previous = tx
            .fetch_optional(
                "SELECT id, version FROM job_plans WHERE clinician_id = $1 ORDER BY version DESC LIMIT 1",
                args![clinician.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound("the clinician has no job plan to copy".into()))?;
        let previous_id: i64 = previous.get("id")?;
        let version = to_u32(previous.get::<i64>("version")? + 1, "job plan version")?;
        let row = tx
            .fetch_optional(
                &format!(
                    "INSERT INTO job_plans (clinician_id, version, applies_from, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING {VERSION_COLUMNS}"
                ),
                args![
                    clinician.0,
                    i64::from(version),
                    applies_from,
                    now(),
                    actor.user_id().map(|u| u.0),
                ],
            )
            .await
            .map_err(|e| e.conflict_as(|| format!("job plan version {version} was just added by someone else")))?
            .ok_or_else(|| StoreError::Database(sqlx::Error::RowNotFound))?;
        let created = version_from(&row)?;
        tx.execute(
            "INSERT INTO job_plan_cells (job_plan_id, session, day, kind, stream_id, label, category) \
             SELECT $1, session, day, kind, stream_id, label, category FROM job_plan_cells WHERE job_plan_id = $2",
            args![created.id.0, previous_id],
        )
        .await?;
        let (_, plan) = read_version(&mut tx, clinician, version, &context.layout).await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::JobPlan,
                id: created.id.0,
                action: Action::Create,
                before: None,
                after: Some(plan_json(&plan)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Removes one job plan version.
    pub async fn delete_job_plan(
        &self,
        actor: Actor,
        clinician: ClinicianId,
        version: u32,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let team = team_of(&mut tx, clinician).await?;
        let context = TeamContext::load(&mut tx, team).await?;
        let (id, before) = read_version(&mut tx, clinician, version, &context.layout).await?;
        delete(&mut tx, actor, team, id, &before).await?;
        tx.commit().await
    }
}
