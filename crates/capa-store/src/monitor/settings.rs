//! The monitor's team settings: the caseload threshold and the access
//! targets (columns of `teams` added by migration 7), with the re-offer
//! window and the wait limit the diary already keeps.

use capa_core::diary::waits::AIM_WEEKS;
use capa_core::monitor::{AccessTarget, MonitorSettings};
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, TeamId};
use crate::{Store, to_u32};

const SELECT: &str = "SELECT reoffer_working_days, max_wait_weeks, caseload_threshold, \
    access_short_weeks, access_short_share, access_long_weeks, access_long_share \
    FROM teams WHERE id = $1";

pub(crate) async fn read(tx: &mut Tx, team: TeamId) -> Result<MonitorSettings> {
    let r = tx
        .fetch_optional(SELECT, args![team.0])
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no team with id {team}")))?;
    Ok(MonitorSettings {
        reoffer_working_days: to_u32(r.get("reoffer_working_days")?, "re-offer working days")?,
        caseload_threshold: to_u32(r.get("caseload_threshold")?, "caseload threshold")?,
        short_wait: AccessTarget {
            weeks: to_u32(r.get("access_short_weeks")?, "access target weeks")?,
            share: r.get("access_short_share")?,
        },
        long_wait: AccessTarget {
            weeks: to_u32(r.get("access_long_weeks")?, "access target weeks")?,
            share: r.get("access_long_share")?,
        },
        internal_aim_weeks: AIM_WEEKS,
        internal_limit_weeks: to_u32(r.get("max_wait_weeks")?, "wait limit")?,
    })
}

fn check(s: &MonitorSettings) -> Result<()> {
    if !(1..=1000).contains(&s.caseload_threshold) {
        return Err(StoreError::Invalid(format!(
            "caseload threshold: expected a whole number from 1 to 1000, not {}",
            s.caseload_threshold
        )));
    }
    for (what, t) in [("short", s.short_wait), ("long", s.long_wait)] {
        if !(1..=104).contains(&t.weeks) {
            return Err(StoreError::Invalid(format!(
                "{what} access target: expected 1 to 104 weeks, not {}",
                t.weeks
            )));
        }
        if !(t.share > 0.0 && t.share <= 1.0) {
            return Err(StoreError::Invalid(format!(
                "{what} access target: expected a share above 0% and at most 100%, not {}",
                t.share
            )));
        }
    }
    if s.short_wait.weeks > s.long_wait.weeks {
        return Err(StoreError::Invalid(
            "the short access target's weeks must not exceed the long one's".into(),
        ));
    }
    Ok(())
}

impl Store {
    /// The team's monitor settings (caseload threshold, access targets,
    /// re-offer window, wait limit).
    pub async fn monitor_settings(&self, team: TeamId) -> Result<MonitorSettings> {
        let mut tx = self.read().await?;
        let s = read(&mut tx, team).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// Changes the caseload threshold and the access targets (audited; the
    /// re-offer window and the wait limit are the team settings' own).
    pub async fn set_monitor_settings(
        &self,
        actor: Actor,
        team: TeamId,
        settings: &MonitorSettings,
    ) -> Result<()> {
        check(settings)?;
        let mut tx = self.write().await?;
        let before = read(&mut tx, team).await?;
        tx.execute(
            "UPDATE teams SET caseload_threshold = $2, access_short_weeks = $3, \
             access_short_share = $4, access_long_weeks = $5, access_long_share = $6 WHERE id = $1",
            args![
                team.0,
                i64::from(settings.caseload_threshold),
                i64::from(settings.short_wait.weeks),
                settings.short_wait.share,
                i64::from(settings.long_wait.weeks),
                settings.long_wait.share
            ],
        )
        .await?;
        let view = |s: &MonitorSettings| {
            json!({
                "caseload_threshold": s.caseload_threshold,
                "short_wait": s.short_wait,
                "long_wait": s.long_wait,
            })
        };
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Team,
                id: team.0,
                action: Action::Update,
                before: Some(view(&before)),
                after: Some(view(settings)),
            },
        )
        .await?;
        tx.commit().await
    }
}
