//! Withdrawing a vacant offer: after a job plan change, an offer standing in
//! a session that is no longer Core (or no longer its stream's) can be taken
//! out of the diary. Only a vacant offer: a family's booking is never
//! withdrawn under it.

use serde_json::json;

use capa_core::diary::AppointmentState;

use crate::Store;
use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::args;
use crate::error::{Result, StoreError};
use crate::ids::{Actor, AppointmentId};

use super::{locked_state, read_one};

impl Store {
    /// Withdraws a vacant offer (or Choice slot): the appointment leaves the
    /// diary, with an audit record of what it was. Numbering continues after
    /// the highest number published, so only a withdrawn highest number is
    /// given again (to the next offer published). `Conflict`
    /// unless it is vacant; a re-offer withdrawn leaves the appointment it
    /// replaced needing a re-offer again.
    pub async fn withdraw_offer(&self, actor: Actor, appointment: AppointmentId) -> Result<()> {
        let mut tx = self.write().await?;
        let state = locked_state(&mut tx, appointment).await?;
        let a = read_one(&mut tx, appointment).await?;
        if state != AppointmentState::Vacant {
            return Err(StoreError::Conflict(format!(
                "only a vacant offer can be withdrawn ({} is {state})",
                a.label
            )));
        }
        // Bookings of it ended before (a family that changed its mind): the
        // audit log keeps them.
        tx.execute(
            "DELETE FROM bookings WHERE appointment_id = $1",
            args![appointment.0],
        )
        .await?;
        let changed = tx
            .execute(
                "DELETE FROM appointments WHERE id = $1 AND state = $2",
                args![appointment.0, AppointmentState::Vacant.id()],
            )
            .await?;
        if changed != 1 {
            return Err(StoreError::Conflict(
                "the offer changed while it was withdrawn; try again".into(),
            ));
        }
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(a.team_id),
                kind: EntityKind::Appointment,
                id: appointment.0,
                action: Action::Delete,
                before: Some(json!({
                    "label": a.label,
                    "clinician": a.clinician_initials,
                    "quarter": a.quarter,
                    "starts_at": a.starts_at,
                    "ends_at": a.ends_at,
                    "state": a.state,
                    "replaces_id": a.replaces_id,
                })),
                after: Some(json!({ "note": "withdrawn: its session is no longer of its kind in the job plan" })),
            },
        )
        .await?;
        tx.commit().await
    }
}
