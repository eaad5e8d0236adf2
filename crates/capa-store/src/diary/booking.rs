//! Publishing offers, booking, outcomes, re-offers and unbooking.
//!
//! Booking is decided by the database: a compare-and-swap on the
//! appointment row (`UPDATE ... WHERE id = $1 AND state = 'vacant'`) inside a
//! write transaction, so of two clinicians booking the same offer exactly one
//! changes the row and the other changes nothing and is told at once; and an
//! insert into `bookings`, whose partial unique index allows one active
//! booking per appointment, so even a bug that skipped the first check could
//! not book an appointment twice. On PostgreSQL (READ COMMITTED) the second
//! UPDATE waits for the first transaction and then re-reads the row, finding
//! it booked; on SQLite `BEGIN IMMEDIATE` makes writers take turns.

use chrono::NaiveDate;
use serde_json::json;

use capa_core::diary::{AppointmentState, StateError};
use capa_core::limits::{TextField, check_date, check_text};

use crate::audit::{self, Action, EntityKind, Entry};
use crate::clients::{self, ClientKey, StoredClient};
use crate::db::{Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, AppointmentId, BookingId, ClientId, ClinicianId, TeamId};
use crate::{Store, now};

use super::first_appointment::check_one_first_appointment;
use super::{
    AppointmentKind, Booking, NewOffers, NewSlot, locked_state, no_appointment, quarter_key,
};

/// What publishing needs to know of the clinician.
pub(super) struct Owner {
    pub team: TeamId,
    pub initials: String,
}

pub(super) async fn owner(tx: &mut Tx, clinician: ClinicianId) -> Result<Owner> {
    let row = tx
        .fetch_optional(
            "SELECT team_id, initials FROM clinicians WHERE id = $1",
            args![clinician.0],
        )
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no clinician with id {clinician}")))?;
    Ok(Owner {
        team: TeamId(row.get("team_id")?),
        initials: row.get("initials")?,
    })
}

pub(super) fn check_slot(kind: AppointmentKind, slot: &NewSlot) -> Result<()> {
    if slot.ends_at <= slot.starts_at {
        return Err(StoreError::Invalid(format!(
            "an appointment must end after it starts ({} to {})",
            slot.starts_at, slot.ends_at
        )));
    }
    check_date("an appointment's day", slot.starts_at.date_naive())?;
    check_date("an appointment's day", slot.ends_at.date_naive())?;
    if let Some(l) = slot.location.as_deref().map(str::trim) {
        check_text(TextField::Location, l)?;
    }
    match (kind.is_numbered(), slot.number) {
        (true, Some(0)) => Err(StoreError::Invalid("offers are numbered from 1".into())),
        (true, None) => Err(StoreError::Invalid(
            "a Partnership offer needs its number (the n of AD n)".into(),
        )),
        (false, Some(_)) => Err(StoreError::Invalid("Choice slots are not numbered".into())),
        _ => Ok(()),
    }
}

/// Inserts one appointment, vacant, with its audit record.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert(
    tx: &mut Tx,
    actor: Actor,
    owner: &Owner,
    clinician: ClinicianId,
    quarter: &str,
    kind: AppointmentKind,
    slot: &NewSlot,
    replaces: Option<AppointmentId>,
) -> Result<AppointmentId> {
    let location = slot
        .location
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let id = tx
        .insert(
            "INSERT INTO appointments (team_id, clinician_id, kind, stream_id, quarter, number, \
             starts_at, ends_at, location, state, replaces_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            args![
                owner.team.0,
                clinician.0,
                kind.id(),
                kind.stream().map(|s| s.0),
                quarter,
                slot.number.map(i64::from),
                slot.starts_at,
                slot.ends_at,
                location,
                AppointmentState::Vacant.id(),
                replaces.map(|r| r.0),
                now(),
            ],
        )
        .await
        .map_err(|e| {
            e.conflict_as(|| match slot.number {
                Some(n) => format!("{}{n} is already published for {quarter}", owner.initials),
                None => "this appointment has already been re-offered".into(),
            })
        })?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(owner.team),
            kind: EntityKind::Appointment,
            id,
            action: Action::Create,
            before: None,
            after: Some(json!({
                "clinician_id": clinician,
                "kind": kind,
                "quarter": quarter,
                "number": slot.number,
                "starts_at": slot.starts_at,
                "ends_at": slot.ends_at,
                "location": location,
                "state": AppointmentState::Vacant,
                "replaces_id": replaces,
            })),
        },
    )
    .await?;
    Ok(AppointmentId(id))
}

/// Writes an appointment's change of state to the audit log.
pub(super) async fn audit_change(
    tx: &mut Tx,
    actor: Actor,
    team: TeamId,
    id: AppointmentId,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<()> {
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team),
            kind: EntityKind::Appointment,
            id: id.0,
            action: Action::Update,
            before: Some(before),
            after: Some(after),
        },
    )
    .await
}

pub(super) fn state_conflict(e: StateError) -> StoreError {
    StoreError::Conflict(e.to_string())
}

/// The team and kind of an appointment.
pub(super) async fn head(
    tx: &mut Tx,
    id: AppointmentId,
) -> Result<(TeamId, AppointmentKind, Option<i64>)> {
    let row = tx
        .fetch_optional(
            "SELECT team_id, kind, stream_id, client_id FROM appointments WHERE id = $1",
            args![id.0],
        )
        .await?
        .ok_or_else(|| no_appointment(id))?;
    let kind = AppointmentKind::from_columns(&row.get::<String>("kind")?, row.get("stream_id")?)?;
    Ok((TeamId(row.get("team_id")?), kind, row.get("client_id")?))
}

/// What a booking needs to know of a family the team may not know yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NewClient<'a> {
    /// A display label, stored only when the client is created.
    pub label: Option<&'a str>,
    /// The date the referral was accepted, stored only when the client is created.
    pub accepted_on: Option<NaiveDate>,
}

/// How a booking is made, beyond the appointment and the family.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BookingOptions<'a> {
    /// The family's label and acceptance date, stored only when the booking
    /// creates the client.
    pub new_client: NewClient<'a>,
    /// The Choice appointment the booking was made at (Partnership offers).
    pub choice_appointment: Option<AppointmentId>,
    /// Why a family that holds a first Partnership appointment is booked
    /// into another stream too (kept in the audit record); see
    /// [`Store::book_another_stream`].
    pub another_stream: Option<&'a str>,
    /// Whether the offer was found by a search by skills or stream.
    pub skills_searched: bool,
}

/// The booking itself, inside the caller's transaction: the compare-and-swap
/// on the appointment row, the booking row and the audit record.
async fn book_in(
    tx: &mut Tx,
    actor: Actor,
    (appointment, team, kind): (AppointmentId, TeamId, AppointmentKind),
    client: ClientId,
    choice_appointment: Option<AppointmentId>,
    another_stream: Option<&str>,
    skills_searched: bool,
) -> Result<Booking> {
    check_one_first_appointment(tx, team, appointment, kind, client, another_stream).await?;
    if let Some(choice) = choice_appointment {
        if kind == AppointmentKind::Choice {
            return Err(StoreError::Invalid(
                "a Choice slot is booked at referral, not from another Choice appointment".into(),
            ));
        }
        let (choice_team, choice_kind, choice_client) = head(tx, choice).await?;
        if choice_team != team || choice_kind != AppointmentKind::Choice {
            return Err(StoreError::Invalid(format!(
                "appointment {choice} is not a Choice appointment of this team"
            )));
        }
        if choice_client.is_some_and(|c| c != client.0) {
            return Err(StoreError::Invalid(format!(
                "Choice appointment {choice} is booked for another family"
            )));
        }
    }
    let at = now();
    let by = actor.user_id().map(|u| u.0);
    let taken = tx
        .execute(
            "UPDATE appointments SET state = $2, client_id = $3, choice_appointment_id = $4, \
             booked_at = $5, booked_by = $6 WHERE id = $1 AND state = $7",
            args![
                appointment.0,
                AppointmentState::Booked.id(),
                client.0,
                choice_appointment.map(|c| c.0),
                at,
                by,
                AppointmentState::Vacant.id(),
            ],
        )
        .await?;
    if taken == 0 {
        let state = locked_state(tx, appointment).await?;
        return Err(match state.book() {
            Err(e) => state_conflict(e),
            // Unbooked again since the UPDATE looked (PostgreSQL only).
            Ok(_) => StoreError::Conflict("this appointment was just taken".into()),
        });
    }
    let id = tx
        .insert(
            "INSERT INTO bookings (appointment_id, client_id, choice_appointment_id, booked_at, \
             booked_by, active, skills_searched) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            args![
                appointment.0,
                client.0,
                choice_appointment.map(|c| c.0),
                at,
                by,
                true,
                skills_searched
            ],
        )
        .await
        .map_err(|e| {
            e.conflict_as(|| StateError::NotVacant(AppointmentState::Booked).to_string())
        })?;
    audit_change(
        tx,
        actor,
        team,
        appointment,
        json!({ "state": AppointmentState::Vacant }),
        json!({
            "state": AppointmentState::Booked,
            "booking_id": id,
            "client_id": client,
            "choice_appointment_id": choice_appointment,
            "another_stream_reason": another_stream.map(str::trim),
            "skills_searched": skills_searched,
        }),
    )
    .await?;
    Ok(Booking {
        id: BookingId(id),
        appointment_id: appointment,
        client_id: client,
        choice_appointment_id: choice_appointment,
        booked_at: at,
        booked_by: actor.user_id(),
        active: true,
        skills_searched,
    })
}

impl Store {
    /// Publishes a clinician's offers (or Choice slots) for a quarter, all or
    /// none: each vacant, audited. A number the clinician already has in the
    /// quarter and diary is refused with `Conflict` (`AD4 is already
    /// published for 2026Q3`), as is one repeated in the batch. Returns the
    /// new ids in the order of `offers.slots`.
    pub async fn publish_offers(
        &self,
        actor: Actor,
        offers: &NewOffers,
    ) -> Result<Vec<AppointmentId>> {
        for slot in &offers.slots {
            check_slot(offers.kind, slot)?;
        }
        let mut tx = self.write().await?;
        let owner = owner(&mut tx, offers.clinician).await?;
        if let Some(stream) = offers.kind.stream() {
            let team: Option<i64> = tx
                .fetch_optional("SELECT team_id FROM streams WHERE id = $1", args![stream.0])
                .await?
                .map(|r| r.get("team_id"))
                .transpose()?;
            if team != Some(owner.team.0) {
                return Err(StoreError::Invalid(format!(
                    "stream {stream} is not one of the clinician's team"
                )));
            }
        }
        let quarter = quarter_key(offers.quarter);
        let mut ids = Vec::with_capacity(offers.slots.len());
        for slot in &offers.slots {
            ids.push(
                insert(
                    &mut tx,
                    actor,
                    &owner,
                    offers.clinician,
                    &quarter,
                    offers.kind,
                    slot,
                    None,
                )
                .await?,
            );
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Books a vacant appointment for a client, recording the Choice
    /// appointment the booking was made at (for a Partnership offer).
    ///
    /// `Conflict` when the appointment is no longer vacant: someone else has
    /// just taken it; nothing is written and the caller shows the next
    /// offers. The client must be the appointment's team's
    /// ([`Store::find_or_create_client`]); the Choice appointment must be a
    /// Choice slot of the same team, not booked for another family. To book
    /// a family the team may not know yet, [`Store::book_client`] records
    /// the client in the same transaction. One family, one first
    /// Partnership appointment: a family that already holds a booked one is
    /// refused (`Invalid`, naming it); see [`Store::book_another_stream`].
    pub async fn book(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        client: ClientId,
        choice_appointment: Option<AppointmentId>,
    ) -> Result<Booking> {
        self.book_with(actor, appointment, client, choice_appointment, None, false)
            .await
    }

    /// [`Store::book`], recording whether the offer was found by a search
    /// by skills or stream (the self-assessment's evidence for item 6).
    pub async fn book_searched(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        client: ClientId,
        choice_appointment: Option<AppointmentId>,
        skills_searched: bool,
    ) -> Result<Booking> {
        self.book_with(
            actor,
            appointment,
            client,
            choice_appointment,
            None,
            skills_searched,
        )
        .await
    }

    /// [`Store::book`] for a family that already holds a first Partnership
    /// appointment and needs another stream too (Core and DBT, say): the
    /// appointment must be in another diary than the one(s) held, and the
    /// reason is kept in the audit record.
    pub async fn book_another_stream(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        client: ClientId,
        choice_appointment: Option<AppointmentId>,
        reason: &str,
    ) -> Result<Booking> {
        self.book_with(
            actor,
            appointment,
            client,
            choice_appointment,
            Some(reason),
            false,
        )
        .await
    }

    async fn book_with(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        client: ClientId,
        choice_appointment: Option<AppointmentId>,
        another_stream: Option<&str>,
        skills_searched: bool,
    ) -> Result<Booking> {
        let mut tx = self.write().await?;
        let (team, kind, _) = head(&mut tx, appointment).await?;
        clients::of_team(&mut tx, team, client).await?;
        let booking = book_in(
            &mut tx,
            actor,
            (appointment, team, kind),
            client,
            choice_appointment,
            another_stream,
            skills_searched,
        )
        .await?;
        tx.commit().await?;
        Ok(booking)
    }

    /// Books a vacant appointment for the family known by `client` (an NHI
    /// or local reference), recording the client in the same transaction
    /// when the team does not know it yet (with `label` and `accepted_on`,
    /// as [`Store::find_or_create_client`] does). A booking refused with
    /// `Conflict` (just taken) or for any other reason leaves no client
    /// behind: the new client row and its audit record roll back with it.
    pub async fn book_client(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        client: &ClientKey,
        new_client: NewClient<'_>,
        choice_appointment: Option<AppointmentId>,
    ) -> Result<(Booking, StoredClient)> {
        let options = BookingOptions {
            new_client,
            choice_appointment,
            ..BookingOptions::default()
        };
        self.book_family(actor, appointment, client, &options).await
    }

    /// [`Store::book_client`] with every option of a booking: the booking
    /// screens' and the API's one write transaction: it reads the
    /// appointment's row, finds or records the client, checks the family's
    /// first appointments (one indexed query), then the compare-and-swap,
    /// the booking row and the audit records; nothing in it grows with the
    /// team.
    pub async fn book_family(
        &self,
        actor: Actor,
        appointment: AppointmentId,
        client: &ClientKey,
        options: &BookingOptions<'_>,
    ) -> Result<(Booking, StoredClient)> {
        let mut tx = self.write().await?;
        let (team, kind, _) = head(&mut tx, appointment).await?;
        let stored = clients::find_or_insert(
            &mut tx,
            actor,
            team,
            client,
            options.new_client.label,
            options.new_client.accepted_on,
        )
        .await?;
        let booking = book_in(
            &mut tx,
            actor,
            (appointment, team, kind),
            stored.id,
            options.choice_appointment,
            options.another_stream,
            options.skills_searched,
        )
        .await?;
        tx.commit().await?;
        Ok((booking, stored))
    }

    /// Takes a family out of a booked appointment (it changed its mind):
    /// the appointment is vacant again and the booking inactive (kept, for
    /// the history). `Conflict` unless the appointment is booked.
    pub async fn unbook(&self, actor: Actor, appointment: AppointmentId) -> Result<()> {
        let mut tx = self.write().await?;
        let state = locked_state(&mut tx, appointment).await?;
        if state != AppointmentState::Booked {
            return Err(StoreError::Conflict(format!(
                "only a booked appointment can be unbooked (this one is {state})"
            )));
        }
        let (team, _, client) = head(&mut tx, appointment).await?;
        let changed = tx
            .execute(
                "UPDATE appointments SET state = $2, client_id = NULL, choice_appointment_id = NULL, \
                 booked_at = NULL, booked_by = NULL WHERE id = $1 AND state = $3",
                args![
                    appointment.0,
                    AppointmentState::Vacant.id(),
                    AppointmentState::Booked.id()
                ],
            )
            .await?;
        if changed != 1 {
            return Err(StoreError::Conflict(
                "the appointment changed while it was unbooked; try again".into(),
            ));
        }
        tx.execute(
            "UPDATE bookings SET active = $2, ended_at = $3 WHERE appointment_id = $1 AND active = $4",
            args![appointment.0, false, now(), true],
        )
        .await?;
        audit_change(
            &mut tx,
            actor,
            team,
            appointment,
            json!({ "state": AppointmentState::Booked, "client_id": client }),
            json!({ "state": AppointmentState::Vacant }),
        )
        .await?;
        tx.commit().await
    }
}
