//! Replacing a stored team with another whole `Team` (a team plan file
//! imported into the web application), as a set of ordinary changes.
//!
//! Only what differs is written, each change with its own audit record, so
//! importing the file just exported records nothing, and the history of a
//! clinician or a job plan version carries on through an import.

use std::collections::BTreeMap;

use capa_core::{Clinician, Team};

use crate::Store;
use crate::audit::{self, Action, EntityKind, Entry, json};
use crate::db::{Tx, args};
use crate::error::Result;
use crate::ids::{Actor, ClinicianId, TeamId};
use crate::rows::team::{TeamContext, lock_team, remove_streams, upsert_streams, write_settings};
use crate::rows::whole::{check_team, read_team};
use crate::rows::{clinician as clinicians, job_plan as job_plans};

fn same_details(a: &Clinician, b: &Clinician) -> bool {
    let strip = |c: &Clinician| Clinician {
        job_plans: Vec::new(),
        ..c.clone()
    };
    strip(a) == strip(b)
}

impl Store {
    /// Makes the stored team equal to `team`, in one transaction: settings
    /// (the name too) and streams as [`Store::update_team_settings`] would;
    /// clinicians matched by initials, updated, added, or removed when
    /// `team` leaves them out (refused while a user account is linked to
    /// one); each clinician's job plan versions matched by number, replaced,
    /// added or removed; leave made equal to `team.leave`. Row ids of what
    /// is matched stay the same. Afterwards
    /// [`Store::load_team`] returns `team` (job plans in version order).
    pub async fn replace_team(&self, actor: Actor, id: TeamId, team: &Team) -> Result<()> {
        let mut tx = self.write().await?;
        lock_team(&mut tx, id).await?;
        let before = read_team(&mut tx, id).await?;
        let unnamed = if before.team.settings == team.settings {
            Vec::new()
        } else {
            write_settings(&mut tx, id, &team.settings).await?;
            if before.team.settings.holiday_calendar != team.settings.holiday_calendar {
                crate::diary::calendar_changed(&mut tx, id).await?;
            }
            let unnamed = upsert_streams(&mut tx, id, &team.settings.streams).await?;
            audit::record(
                &mut tx,
                actor,
                Entry {
                    team: Some(id),
                    kind: EntityKind::Team,
                    id: id.0,
                    action: Action::Update,
                    before: Some(json(&before.team.settings)?),
                    after: Some(json(&team.settings)?),
                },
            )
            .await?;
            unnamed
        };
        let context = TeamContext::load(&mut tx, id).await?;
        let mut stored: BTreeMap<_, _> = before
            .clinician_ids
            .iter()
            .zip(&before.team.clinicians)
            .map(|(cid, c)| (c.initials.clone(), (*cid, c)))
            .collect();
        let mut order = Vec::with_capacity(team.clinicians.len());
        for c in &team.clinicians {
            let cid = match stored.remove(&c.initials) {
                Some((cid, old)) => {
                    if !same_details(old, c) {
                        clinicians::update(&mut tx, actor, &context, cid, old, c).await?;
                    }
                    replace_plans(&mut tx, actor, &context, cid, old, c).await?;
                    cid
                }
                None => clinicians::insert(&mut tx, actor, &context, c).await?,
            };
            order.push(cid);
        }
        for (cid, old) in stored.into_values() {
            clinicians::delete(&mut tx, actor, id, cid, old).await?;
        }
        for (position, cid) in order.iter().enumerate() {
            tx.execute(
                "UPDATE clinicians SET position = $1 WHERE id = $2",
                args![position as i64, cid.0],
            )
            .await?;
        }
        remove_streams(&mut tx, unnamed).await?;
        crate::diary::replace_team_leave(&mut tx, actor, id, &team.leave).await?;
        check_team(&mut tx, id).await?;
        tx.commit().await
    }
}

/// Brings one clinician's job plan versions in line with `new`'s.
async fn replace_plans(
    tx: &mut Tx,
    actor: Actor,
    team: &TeamContext,
    clinician: ClinicianId,
    old: &Clinician,
    new: &Clinician,
) -> Result<()> {
    for plan in &new.job_plans {
        match old.job_plans.iter().find(|p| p.version == plan.version) {
            Some(previous) if previous == plan => {}
            Some(previous) => {
                let id = job_plans::version_id(tx, clinician, plan.version)
                    .await?
                    .ok_or(crate::StoreError::Database(sqlx::Error::RowNotFound))?;
                job_plans::replace(tx, actor, team, id, previous, plan).await?;
            }
            None => {
                job_plans::insert(tx, actor, team, clinician, plan).await?;
            }
        }
    }
    for previous in &old.job_plans {
        if !new.job_plans.iter().any(|p| p.version == previous.version)
            && let Some(id) = job_plans::version_id(tx, clinician, previous.version).await?
        {
            job_plans::delete(tx, actor, team.id, id, previous).await?;
        }
    }
    Ok(())
}
