//! One family, one first Partnership appointment: a booking refuses a family
//! that already holds a booked first Partnership appointment of the team,
//! naming it, unless it is for another stream and says why. Checked inside
//! the booking's transaction with the family's row locked, by one indexed
//! query on the family's appointments (nothing that grows with the team).

use capa_core::diary::AppointmentState;

use crate::db::{Backend, Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{AppointmentId, ClientId, TeamId};

use super::{AppointmentKind, read_one};

/// Locks a client's row for the rest of the transaction on PostgreSQL, so
/// two bookings of one family take turns (SQLite's writers already do).
async fn lock_client(tx: &mut Tx, client: ClientId) -> Result<()> {
    if tx.backend() == Backend::Postgres {
        tx.fetch_optional(
            "SELECT id FROM clients WHERE id = $1 FOR UPDATE",
            args![client.0],
        )
        .await?;
    }
    Ok(())
}

/// The diary an appointment is in, in words: "Core Partnership", "DBT
/// Specific Partnership".
fn diary_words(a: &super::Appointment) -> String {
    match &a.stream_name {
        Some(s) => format!("{s} Specific Partnership"),
        None => "Core Partnership".into(),
    }
}

/// One family, one first Partnership appointment: refuses to book a family
/// that already holds a booked first Partnership appointment, naming it,
/// unless the booking is for another stream and says why.
pub(super) async fn check_one_first_appointment(
    tx: &mut Tx,
    team: TeamId,
    appointment: AppointmentId,
    kind: AppointmentKind,
    client: ClientId,
    another_stream: Option<&str>,
) -> Result<()> {
    if !kind.is_numbered() {
        return Ok(());
    }
    lock_client(tx, client).await?;
    let held = tx
        .fetch_all(
            "SELECT id FROM appointments WHERE team_id = $1 AND client_id = $2 AND id <> $3 \
             AND kind IN ('partnership', 'specific') AND state = $4 ORDER BY starts_at",
            args![
                team.0,
                client.0,
                appointment.0,
                AppointmentState::Booked.id()
            ],
        )
        .await?;
    if held.is_empty() {
        return Ok(());
    }
    let zone = super::outcomes::team_zone(tx, team).await?;
    let mut existing = Vec::new();
    for row in &held {
        existing.push(read_one(tx, AppointmentId(row.get("id")?)).await?);
    }
    let named = existing
        .iter()
        .map(|a| {
            format!(
                "{} ({}) on {}",
                a.label,
                diary_words(a),
                super::outcomes::local_words(zone, a.starts_at)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    match another_stream.map(str::trim) {
        None => Err(StoreError::Invalid(format!(
            "this family already holds a first Partnership appointment: {named}; one family has one first appointment, unless another stream is booked with a reason"
        ))),
        Some("") => Err(StoreError::Invalid(
            "booking another stream needs the reason (it is kept in the audit log)".into(),
        )),
        Some(_) => match existing.iter().find(|a| a.kind == kind) {
            Some(same) => Err(StoreError::Invalid(format!(
                "this family already holds {} in the same diary ({}); another stream means another Specific stream or Core",
                same.label,
                diary_words(same)
            ))),
            None => Ok(()),
        },
    }
}
