//! Outcomes of booked appointments (recorded once the appointment has
//! started), corrections of a wrong outcome, and re-offers of missed first
//! appointments (always after the appointment they replace).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use capa_core::diary::{Correction, Outcome, StateError};

use crate::db::{Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, AppointmentId, TeamId};
use crate::{Store, now};

use super::booking::{Owner, audit_change, check_slot, head, insert, state_conflict};
use super::{Appointment, NewSlot, locked_state, read_one};

/// The team's time zone, for messages that name a time (UTC when the
/// setting is not a zone).
pub(super) async fn team_zone(tx: &mut Tx, team: TeamId) -> Result<Tz> {
    let row = tx
        .fetch_optional("SELECT time_zone FROM teams WHERE id = $1", args![team.0])
        .await?;
    Ok(row
        .map(|r| r.get::<String>("time_zone"))
        .transpose()?
        .and_then(|z| z.parse().ok())
        .unwrap_or(Tz::UTC))
}

/// A time as the team reads it: `12/10/2026 at 09:00`.
pub(super) fn local_words(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone)
        .format("%d/%m/%Y at %H:%M")
        .to_string()
}

impl Store {
    /// Records what happened at a booked appointment, as of now, without the
    /// rule on time. Transitional: the web application's outcome routes call
    /// it until they pass their clock to [`Store::record_outcome_at`], which
    /// refuses an outcome before the appointment has started.
    pub async fn record_outcome(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        outcome: Outcome,
    ) -> Result<Appointment> {
        self.write_outcome(actor, appointment, outcome, now(), false)
            .await
    }

    /// Records what happened at a booked appointment at `at` (now, from the
    /// caller's clock). The rule is `AppointmentState::record_at`: only a
    /// booked appointment, and only once it has started (`Conflict`
    /// otherwise, naming its start in the team's time). A DNA or
    /// cancellation leaves the appointment needing a re-offer
    /// ([`Appointment::needs_reoffer`]), due within the team's working days
    /// of the appointment's date. The booking stays active: it is the
    /// record of who the appointment was for.
    pub async fn record_outcome_at(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        outcome: Outcome,
        at: DateTime<Utc>,
    ) -> Result<Appointment> {
        self.write_outcome(actor, appointment, outcome, at, true)
            .await
    }

    async fn write_outcome(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        outcome: Outcome,
        at: DateTime<Utc>,
        started_only: bool,
    ) -> Result<Appointment> {
        let mut tx = self.write().await?;
        let before = locked_state(&mut tx, appointment).await?;
        let (team, _, _) = head(&mut tx, appointment).await?;
        let after = if started_only {
            let old = read_one(&mut tx, appointment).await?;
            let zone = team_zone(&mut tx, team).await?;
            let local = |t: DateTime<Utc>| t.with_timezone(&zone).naive_local();
            before.record_at(outcome, local(old.starts_at), local(at))
        } else {
            before.record(outcome)
        }
        .map_err(state_conflict)?;
        let changed = tx
            .execute(
                "UPDATE appointments SET state = $2, outcome_at = $3 WHERE id = $1 AND state = $4",
                args![appointment.0, after.id(), at, before.id()],
            )
            .await?;
        if changed != 1 {
            return Err(StoreError::Conflict(
                "the appointment changed while its outcome was recorded; try again".into(),
            ));
        }
        audit_change(
            &mut tx,
            actor,
            team,
            appointment,
            json!({ "state": before }),
            json!({ "state": after, "outcome_at": at }),
        )
        .await?;
        let updated = read_one(&mut tx, appointment).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Corrects a wrong outcome, with the reason, audited (the rule is
    /// `AppointmentState::correct`). Correcting a DNA or cancellation to
    /// attended withdraws its re-offer task; a re-offer already published
    /// stays in the diary as an ordinary offer (no longer linked to the
    /// appointment). Correcting an attendance to a DNA makes a re-offer task.
    pub async fn correct_outcome(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        outcome: Outcome,
        reason: &str,
    ) -> Result<(Appointment, Correction)> {
        let reason = reason.trim();
        let mut tx = self.write().await?;
        let before = locked_state(&mut tx, appointment).await?;
        let correction = before.correct(outcome, reason).map_err(|e| match e {
            StateError::NoReason => StoreError::Invalid(e.to_string()),
            other => state_conflict(other),
        })?;
        let (team, _, _) = head(&mut tx, appointment).await?;
        let changed = tx
            .execute(
                "UPDATE appointments SET state = $2 WHERE id = $1 AND state = $3",
                args![appointment.0, correction.to.id(), before.id()],
            )
            .await?;
        if changed != 1 {
            return Err(StoreError::Conflict(
                "the appointment changed while its outcome was corrected; try again".into(),
            ));
        }
        audit_change(
            &mut tx,
            actor,
            team,
            appointment,
            json!({ "state": correction.from }),
            json!({ "state": correction.to, "corrected": true, "reason": reason }),
        )
        .await?;
        if correction.withdraws_reoffer {
            let reoffer = tx
                .fetch_optional(
                    "SELECT id FROM appointments WHERE replaces_id = $1",
                    args![appointment.0],
                )
                .await?;
            if let Some(row) = reoffer {
                let id = AppointmentId(row.get("id")?);
                tx.execute(
                    "UPDATE appointments SET replaces_id = NULL WHERE id = $1",
                    args![id.0],
                )
                .await?;
                audit_change(
                    &mut tx,
                    actor,
                    team,
                    id,
                    json!({ "replaces_id": appointment }),
                    json!({
                        "replaces_id": null,
                        "note": "kept as an ordinary offer: the appointment it re-offered was not missed after all",
                    }),
                )
                .await?;
            }
        }
        let updated = read_one(&mut tx, appointment).await?;
        tx.commit().await?;
        Ok((updated, correction))
    }

    /// Publishes the re-offer of a DNA or cancelled appointment: a vacant
    /// appointment of the same clinician, diary and quarter, linked to it by
    /// `replaces_id`, so the quarter's number of new Partnerships does not
    /// shrink. It must start after the appointment it replaces (`Invalid`
    /// otherwise; `capa_core::diary::proposal::reoffer_slot` finds one).
    /// `slot.number` `None` takes the next free number of the clinician's
    /// quarter (a Choice re-offer has none). An appointment is re-offered
    /// once (`Conflict` after that); one that was attended, or is still
    /// vacant or booked, is not re-offered (`Invalid`).
    pub async fn publish_reoffer(
        &self,
        actor: Actor,
        replaces: AppointmentId,
        slot: &NewSlot,
    ) -> Result<AppointmentId> {
        let mut tx = self.write().await?;
        let state = locked_state(&mut tx, replaces).await?;
        let old = read_one(&mut tx, replaces).await?;
        if !state.needs_reoffer() {
            return Err(StoreError::Invalid(format!(
                "only a DNA or cancelled appointment is re-offered ({} is {state})",
                old.label
            )));
        }
        if let Some(by) = old.reoffered_by {
            return Err(StoreError::Conflict(format!(
                "{} has already been re-offered (appointment {by})",
                old.label
            )));
        }
        if slot.starts_at <= old.starts_at {
            let zone = team_zone(&mut tx, old.team_id).await?;
            return Err(StoreError::Invalid(format!(
                "a re-offer starts after the appointment it replaces ({} on {}), not on {}",
                old.label,
                local_words(zone, old.starts_at),
                local_words(zone, slot.starts_at)
            )));
        }
        let mut slot = slot.clone();
        if old.kind.is_numbered() && slot.number.is_none() {
            let next = tx
                .scalar(
                    "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM appointments \
                     WHERE clinician_id = $1 AND quarter = $2 AND kind = $3 \
                     AND COALESCE(stream_id, 0) = $4",
                    args![
                        old.clinician_id.0,
                        old.quarter.as_str(),
                        old.kind.id(),
                        old.kind.stream().map_or(0, |s| s.0)
                    ],
                )
                .await?;
            slot.number = Some(crate::to_u32(next, "offer number")?);
        }
        check_slot(old.kind, &slot)?;
        let owner = Owner {
            team: old.team_id,
            initials: old.clinician_initials.clone(),
        };
        let id = insert(
            &mut tx,
            actor,
            &owner,
            old.clinician_id,
            &old.quarter,
            old.kind,
            &slot,
            Some(replaces),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
