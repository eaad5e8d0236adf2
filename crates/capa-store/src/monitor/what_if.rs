//! Applying a leaver's or maternity leave's what-if: the proposal's job plan
//! versions saved together, each audited, or none of them.

use capa_core::JobPlan;
use serde_json::json;

use crate::Store;
use crate::audit::{self, Action, EntityKind, Entry};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, JobPlanId, TeamId};
use crate::rows::job_plan::{insert, version_id};
use crate::rows::team::{TeamContext, team_of};
use crate::rows::whole::check_team;

impl Store {
    /// Saves new job plan versions (each with its `applies_from`) for
    /// clinicians of one team in one transaction: every version is new
    /// (`Conflict` if its number exists), each is audited with the purpose
    /// given (the what-if in words) in one more record, and the team is checked after them all,
    /// so a proposal is applied whole or not at all.
    pub async fn apply_job_plans(
        &self,
        actor: Actor,
        team: TeamId,
        plans: &[(ClinicianId, JobPlan)],
        purpose: &str,
    ) -> Result<Vec<JobPlanId>> {
        capa_core::limits::check_text(capa_core::limits::TextField::Note, purpose)?;
        let mut tx = self.write().await?;
        let ctx = TeamContext::load(&mut tx, team).await?;
        let mut ids = Vec::with_capacity(plans.len());
        for (clinician, plan) in plans {
            if team_of(&mut tx, *clinician).await? != team {
                return Err(StoreError::Invalid(format!(
                    "clinician {clinician} belongs to another team"
                )));
            }
            if version_id(&mut tx, *clinician, plan.version)
                .await?
                .is_some()
            {
                return Err(StoreError::Conflict(format!(
                    "job plan version {} exists already: someone changed the plans; work the what-if out again",
                    plan.version
                )));
            }
            ids.push(insert(&mut tx, actor, &ctx, *clinician, plan).await?);
        }
        check_team(&mut tx, team).await?;
        // Each version's own record holds its grid; this one says why they
        // were made together.
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Team,
                id: team.0,
                action: Action::Update,
                before: None,
                after: Some(json!({
                    "what_if": purpose,
                    "job_plans": plans.iter().zip(&ids).map(|((c, p), id)| json!({
                        "clinician_id": c,
                        "job_plan_id": id,
                        "version": p.version,
                        "applies_from": p.applies_from,
                    })).collect::<Vec<_>>(),
                })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ids)
    }
}
