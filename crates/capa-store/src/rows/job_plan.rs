//! Job plan versions and their cells.
//!
//! Every cell of a version's grid is stored, free (Core) sessions included,
//! so a stored grid says what each session holds rather than leaving gaps to
//! interpret. A Specific cell refers to its stream by id, so renaming a
//! stream renames it in every plan.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use capa_core::job_plan::check_shape;
use capa_core::{Activity, JobPlan, OtherCategory, SessionLayout};

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, JobPlanId, TeamId, UserId};
use crate::rows::team::TeamContext;
use crate::{now, to_u32};

/// A job plan version's record: who made it and when. The grid itself is
/// in the clinician's `JobPlan` of the same version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobPlanVersion {
    /// Row id.
    pub id: JobPlanId,
    /// The clinician's row id.
    pub clinician_id: ClinicianId,
    /// Version number ("JOB PLAN #"), from 1.
    pub version: u32,
    /// First day it applies; `None`: from the beginning.
    pub applies_from: Option<NaiveDate>,
    /// When the version was created.
    pub created_at: DateTime<Utc>,
    /// Who created it; `None` for the command line or the system.
    pub created_by: Option<UserId>,
}

/// The stored form of one cell: kind, stream id, label, category.
type CellColumns = (
    &'static str,
    Option<i64>,
    Option<String>,
    Option<&'static str>,
);

pub(crate) fn cell_columns(team: &TeamContext, activity: &Activity) -> Result<CellColumns> {
    Ok(match activity {
        Activity::Choice => ("choice", None, None, None),
        Activity::Core => ("core", None, None, None),
        Activity::Specific(name) => ("specific", Some(team.stream(name)?.0.0), None, None),
        Activity::Other { label, category } => {
            ("other", None, Some(label.clone()), Some(category.id()))
        }
    })
}

fn activity_from(row: &Row) -> Result<Activity> {
    let kind: String = row.get("kind")?;
    Ok(match kind.as_str() {
        "choice" => Activity::Choice,
        "core" => Activity::Core,
        "specific" => Activity::Specific(
            row.get::<Option<String>>("stream")?
                .ok_or_else(|| StoreError::Invalid("a Specific session has no stream".into()))?,
        ),
        _ => {
            let category: String = row.get::<Option<String>>("category")?.unwrap_or_default();
            Activity::Other {
                label: row.get::<Option<String>>("label")?.unwrap_or_default(),
                category: OtherCategory::parse(&category).ok_or_else(|| {
                    StoreError::Invalid(format!("unknown session category '{category}'"))
                })?,
            }
        }
    })
}

/// A cell as the audit log keeps it: the label, and for Other work the
/// category too (the label alone would lose it).
pub(crate) fn cell_json(activity: &Activity) -> serde_json::Value {
    match activity {
        Activity::Other { label, category } => json!({ "label": label, "category": category.id() }),
        other => json!(other.label()),
    }
}

pub(crate) fn plan_json(plan: &JobPlan) -> serde_json::Value {
    let grid: Vec<Vec<serde_json::Value>> = plan
        .grid()
        .iter()
        .map(|row| row.iter().map(cell_json).collect())
        .collect();
    json!({ "version": plan.version, "applies_from": plan.applies_from, "grid": grid })
}

/// Every job plan of a team's clinicians, by clinician row id, each
/// clinician's in version order.
pub(crate) async fn read_for_team(
    tx: &mut Tx,
    team: TeamId,
    layout: &SessionLayout,
) -> Result<HashMap<i64, Vec<JobPlan>>> {
    read_plans(tx, "c.team_id", team.0, layout).await
}

/// One clinician's job plans, in version order.
pub(crate) async fn read_for_clinician(
    tx: &mut Tx,
    clinician: ClinicianId,
    layout: &SessionLayout,
) -> Result<Vec<JobPlan>> {
    Ok(read_plans(tx, "c.id", clinician.0, layout)
        .await?
        .remove(&clinician.0)
        .unwrap_or_default())
}

/// Job plans of the clinicians whose `owner` column (a team's or a
/// clinician's id) is `id`, by clinician row id.
async fn read_plans(
    tx: &mut Tx,
    owner: &str,
    id: i64,
    layout: &SessionLayout,
) -> Result<HashMap<i64, Vec<JobPlan>>> {
    let plans = tx
        .fetch_all(
            &format!(
                "SELECT p.id, p.clinician_id, p.version, p.applies_from FROM job_plans p \
                 JOIN clinicians c ON c.id = p.clinician_id WHERE {owner} = $1 \
                 ORDER BY p.clinician_id, p.version"
            ),
            args![id],
        )
        .await?;
    let (rows, days) = (layout.sessions_per_day(), layout.days_per_week());
    let mut grids: HashMap<i64, Vec<Vec<Activity>>> = HashMap::new();
    for plan in &plans {
        grids.insert(plan.get("id")?, vec![vec![Activity::Core; days]; rows]);
    }
    let cells = tx
        .fetch_all(
            &format!("SELECT cl.job_plan_id, cl.session, cl.day, cl.kind, st.name AS stream, cl.label, cl.category \
             FROM job_plan_cells cl JOIN job_plans p ON p.id = cl.job_plan_id \
             JOIN clinicians c ON c.id = p.clinician_id \
             LEFT JOIN streams st ON st.id = cl.stream_id WHERE {owner} = $1"),
            args![id],
        )
        .await?;
    for cell in &cells {
        let (session, day): (i64, i64) = (cell.get("session")?, cell.get("day")?);
        let slot = grids
            .get_mut(&cell.get::<i64>("job_plan_id")?)
            .and_then(|g| g.get_mut(usize::try_from(session).ok()?))
            .and_then(|r| r.get_mut(usize::try_from(day).ok()?))
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "a stored job plan has a session (row {}, day {}) outside the team's layout",
                    session + 1,
                    day + 1
                ))
            })?;
        *slot = activity_from(cell)?;
    }
    let mut by_clinician: HashMap<i64, Vec<JobPlan>> = HashMap::new();
    for plan in &plans {
        let grid = grids.remove(&plan.get::<i64>("id")?).unwrap_or_default();
        let version = to_u32(plan.get("version")?, "job plan version")?;
        let job_plan = JobPlan::new(version, plan.get("applies_from")?, grid, layout)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        by_clinician
            .entry(plan.get("clinician_id")?)
            .or_default()
            .push(job_plan);
    }
    Ok(by_clinician)
}

async fn write_cells(
    tx: &mut Tx,
    team: &TeamContext,
    plan: JobPlanId,
    grid: &[Vec<Activity>],
) -> Result<()> {
    for (session, row) in grid.iter().enumerate() {
        for (day, activity) in row.iter().enumerate() {
            let (kind, stream, label, category) = cell_columns(team, activity)?;
            tx.execute(
                "INSERT INTO job_plan_cells (job_plan_id, session, day, kind, stream_id, label, category) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                args![plan.0, session as i64, day as i64, kind, stream, label, category],
            )
            .await?;
        }
    }
    Ok(())
}

fn check_plan(team: &TeamContext, plan: &JobPlan) -> Result<()> {
    if plan.version == 0 {
        return Err(StoreError::Invalid(
            "job plan versions are numbered from 1".into(),
        ));
    }
    check_shape(
        plan.grid().iter().map(Vec::len),
        plan.grid().len(),
        &team.layout,
    )
    .map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Stores a new version of a clinician's job plan.
pub(crate) async fn insert(
    tx: &mut Tx,
    actor: Actor,
    team: &TeamContext,
    clinician: ClinicianId,
    plan: &JobPlan,
) -> Result<JobPlanId> {
    check_plan(team, plan)?;
    let id = JobPlanId(
        tx.insert(
            "INSERT INTO job_plans (clinician_id, version, applies_from, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            args![
                clinician.0,
                i64::from(plan.version),
                plan.applies_from,
                now(),
                actor.user_id().map(|u| u.0),
            ],
        )
        .await
        .map_err(|e| {
            e.conflict_as(|| {
                format!(
                    "the clinician already has job plan version {}",
                    plan.version
                )
            })
        })?,
    );
    write_cells(tx, team, id, plan.grid()).await?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team.id),
            kind: EntityKind::JobPlan,
            id: id.0,
            action: Action::Create,
            before: None,
            after: Some(plan_json(plan)),
        },
    )
    .await?;
    Ok(id)
}

/// Gives an existing version a new grid and date.
pub(crate) async fn replace(
    tx: &mut Tx,
    actor: Actor,
    team: &TeamContext,
    id: JobPlanId,
    before: &JobPlan,
    plan: &JobPlan,
) -> Result<()> {
    check_plan(team, plan)?;
    tx.execute(
        "UPDATE job_plans SET applies_from = $1 WHERE id = $2",
        args![plan.applies_from, id.0],
    )
    .await?;
    tx.execute(
        "DELETE FROM job_plan_cells WHERE job_plan_id = $1",
        args![id.0],
    )
    .await?;
    write_cells(tx, team, id, plan.grid()).await?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team.id),
            kind: EntityKind::JobPlan,
            id: id.0,
            action: Action::Update,
            before: Some(plan_json(before)),
            after: Some(plan_json(plan)),
        },
    )
    .await
}

/// Removes one version.
pub(crate) async fn delete(
    tx: &mut Tx,
    actor: Actor,
    team: TeamId,
    id: JobPlanId,
    before: &JobPlan,
) -> Result<()> {
    tx.execute("DELETE FROM job_plans WHERE id = $1", args![id.0])
        .await?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team),
            kind: EntityKind::JobPlan,
            id: id.0,
            action: Action::Delete,
            before: Some(plan_json(before)),
            after: None,
        },
    )
    .await
}

pub(crate) async fn version_id(
    tx: &mut Tx,
    clinician: ClinicianId,
    version: u32,
) -> Result<Option<JobPlanId>> {
    let row = tx
        .fetch_optional(
            "SELECT id FROM job_plans WHERE clinician_id = $1 AND version = $2",
            args![clinician.0, i64::from(version)],
        )
        .await?;
    row.map(|r| r.get("id").map(JobPlanId)).transpose()
}

/// The stored plan of one version, with its row id.
pub(crate) async fn read_version(
    tx: &mut Tx,
    clinician: ClinicianId,
    version: u32,
    layout: &SessionLayout,
) -> Result<(JobPlanId, JobPlan)> {
    let id = version_id(tx, clinician, version).await?.ok_or_else(|| {
        StoreError::NotFound(format!("the clinician has no job plan version {version}"))
    })?;
    let plan = read_for_clinician(tx, clinician, layout)
        .await?
        .into_iter()
        .find(|p| p.version == version)
        .ok_or_else(|| StoreError::NotFound(format!("job plan version {version}")))?;
    Ok((id, plan))
}

pub(crate) fn version_from(row: &Row) -> Result<JobPlanVersion> {
    Ok(JobPlanVersion {
        id: JobPlanId(row.get("id")?),
        clinician_id: ClinicianId(row.get("clinician_id")?),
        version: to_u32(row.get("version")?, "job plan version")?,
        applies_from: row.get("applies_from")?,
        created_at: row.get("created_at")?,
        created_by: row.get::<Option<i64>>("created_by")?.map(UserId),
    })
}

pub(crate) const VERSION_COLUMNS: &str =
    "id, clinician_id, version, applies_from, created_at, created_by";
