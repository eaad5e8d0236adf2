//! A clinician's rows: details, skills and streams, with their job plans
//! through [`super::job_plan`].

use std::collections::HashMap;

use capa_core::{Clinician, Fte, Initials, SessionLayout, SkillLevel};

use crate::audit::{self, Action, EntityKind, Entry, json};
use crate::db::{Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, TeamId};
use crate::rows::job_plan;
use crate::rows::team::TeamContext;
use crate::to_u32;

fn initials_taken(e: StoreError, initials: &Initials) -> StoreError {
    e.conflict_as(|| {
        format!("initials {initials} are already used by another clinician of the team")
    })
}

fn level_id(level: SkillLevel) -> &'static str {
    match level {
        SkillLevel::Core => "core",
        SkillLevel::Advanced => "advanced",
    }
}

/// What the audit log keeps of a clinician: the details, not the job plans,
/// which have records of their own.
fn details(c: &Clinician) -> Result<serde_json::Value> {
    let mut value = json(c)?;
    if let Some(map) = value.as_object_mut() {
        map.remove("job_plans");
    }
    Ok(value)
}

/// The team's clinicians in the team's order, each with its job plans.
pub(crate) async fn read_all(
    tx: &mut Tx,
    team: TeamId,
    layout: &SessionLayout,
) -> Result<Vec<(ClinicianId, Clinician)>> {
    let rows = tx
        .fetch_all(
            "SELECT id, initials, name, discipline, fte, does_choice, choice_allocation, start_date, leaving_date \
             FROM clinicians WHERE team_id = $1 ORDER BY position, id",
            args![team.0],
        )
        .await?;
    let mut skills: HashMap<i64, Vec<(String, SkillLevel)>> = HashMap::new();
    for row in tx
        .fetch_all(
            "SELECT s.clinician_id, s.domain, s.level FROM clinician_skills s \
             JOIN clinicians c ON c.id = s.clinician_id WHERE c.team_id = $1",
            args![team.0],
        )
        .await?
    {
        let level: String = row.get("level")?;
        let level = SkillLevel::parse(&level)
            .ok_or_else(|| StoreError::Invalid(format!("unknown skill level '{level}'")))?;
        skills
            .entry(row.get("clinician_id")?)
            .or_default()
            .push((row.get("domain")?, level));
    }
    let mut streams: HashMap<i64, Vec<String>> = HashMap::new();
    for row in tx
        .fetch_all(
            "SELECT cs.clinician_id, st.name FROM clinician_streams cs \
             JOIN streams st ON st.id = cs.stream_id WHERE st.team_id = $1",
            args![team.0],
        )
        .await?
    {
        streams
            .entry(row.get("clinician_id")?)
            .or_default()
            .push(row.get("name")?);
    }
    let mut plans = job_plan::read_for_team(tx, team, layout).await?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.get("id")?;
            let initials: String = row.get("initials")?;
            let fte: f64 = row.get("fte")?;
            let clinician = Clinician {
                initials: Initials::parse(&initials)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
                name: row.get("name")?,
                discipline: row.get("discipline")?,
                fte: Fte::new(fte).map_err(|e| StoreError::Invalid(e.to_string()))?,
                skills: skills.remove(&id).unwrap_or_default().into_iter().collect(),
                streams: streams
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
                does_choice: row.get("does_choice")?,
                choice_allocation: row
                    .get::<Option<i64>>("choice_allocation")?
                    .map(|n| to_u32(n, "Choice allocation"))
                    .transpose()?,
                start_date: row.get("start_date")?,
                leaving_date: row.get("leaving_date")?,
                job_plans: plans.remove(&id).unwrap_or_default(),
            };
            Ok((ClinicianId(id), clinician))
        })
        .collect()
}

/// Writes the clinician's skills and streams, replacing any stored.
async fn write_skills_and_streams(
    tx: &mut Tx,
    team: &TeamContext,
    id: ClinicianId,
    c: &Clinician,
) -> Result<()> {
    tx.execute(
        "DELETE FROM clinician_skills WHERE clinician_id = $1",
        args![id.0],
    )
    .await?;
    for (domain, level) in &c.skills {
        tx.execute(
            "INSERT INTO clinician_skills (clinician_id, domain, level) VALUES ($1, $2, $3)",
            args![id.0, domain.as_str(), level_id(*level)],
        )
        .await?;
    }
    tx.execute(
        "DELETE FROM clinician_streams WHERE clinician_id = $1",
        args![id.0],
    )
    .await?;
    for name in &c.streams {
        let (stream, _) = team.stream(name)?;
        tx.execute(
            "INSERT INTO clinician_streams (clinician_id, stream_id) VALUES ($1, $2)",
            args![id.0, stream.0],
        )
        .await
        .map_err(|e| e.conflict_as(|| format!("{} lists stream '{name}' twice", c.initials)))?;
    }
    Ok(())
}

/// Adds a clinician, with its job plans, at the end of the team's list.
pub(crate) async fn insert(
    tx: &mut Tx,
    actor: Actor,
    team: &TeamContext,
    c: &Clinician,
) -> Result<ClinicianId> {
    let position = tx
        .scalar(
            "SELECT COALESCE(MAX(position), -1) + 1 AS n FROM clinicians WHERE team_id = $1",
            args![team.id.0],
        )
        .await?;
    let id = ClinicianId(
        tx.insert(
            "INSERT INTO clinicians (team_id, position, initials, name, discipline, fte, does_choice, \
             choice_allocation, start_date, leaving_date) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            args![
                team.id.0,
                position,
                c.initials.as_str(),
                c.name.as_str(),
                c.discipline.as_deref(),
                c.fte.get(),
                c.does_choice,
                c.choice_allocation.map(i64::from),
                c.start_date,
                c.leaving_date,
            ],
        )
        .await
        .map_err(|e| initials_taken(e, &c.initials))?,
    );
    write_skills_and_streams(tx, team, id, c).await?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team.id),
            kind: EntityKind::Clinician,
            id: id.0,
            action: Action::Create,
            before: None,
            after: Some(details(c)?),
        },
    )
    .await?;
    for plan in &c.job_plans {
        job_plan::insert(tx, actor, team, id, plan).await?;
    }
    Ok(id)
}

/// Replaces a clinician's details, skills and streams (not job plans).
pub(crate) async fn update(
    tx: &mut Tx,
    actor: Actor,
    team: &TeamContext,
    id: ClinicianId,
    before: &Clinician,
    c: &Clinician,
) -> Result<()> {
    tx.execute(
        "UPDATE clinicians SET initials = $1, name = $2, discipline = $3, fte = $4, does_choice = $5, \
         choice_allocation = $6, start_date = $7, leaving_date = $8 WHERE id = $9",
        args![
            c.initials.as_str(),
            c.name.as_str(),
            c.discipline.as_deref(),
            c.fte.get(),
            c.does_choice,
            c.choice_allocation.map(i64::from),
            c.start_date,
            c.leaving_date,
            id.0,
        ],
    )
    .await
    .map_err(|e| initials_taken(e, &c.initials))?;
    write_skills_and_streams(tx, team, id, c).await?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team.id),
            kind: EntityKind::Clinician,
            id: id.0,
            action: Action::Update,
            before: Some(details(before)?),
            after: Some(details(c)?),
        },
    )
    .await
}

/// Removes a clinician with their job plans.
pub(crate) async fn delete(
    tx: &mut Tx,
    actor: Actor,
    team: TeamId,
    id: ClinicianId,
    before: &Clinician,
) -> Result<()> {
    tx.execute("DELETE FROM clinicians WHERE id = $1", args![id.0])
        .await
        .map_err(|e| {
            e.conflict_as(|| {
                format!(
                    "{} is linked to a user account; change that account's role first",
                    before.initials
                )
            })
        })?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team),
            kind: EntityKind::Clinician,
            id: id.0,
            action: Action::Delete,
            before: Some(json(before)?),
            after: None,
        },
    )
    .await
}
