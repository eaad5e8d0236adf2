//! The Partnership and Choice diaries: appointments (numbered Partnership
//! offers, Core or per Specific stream, and Choice slots), their bookings and
//! outcomes, and what the diary needs around them (team holidays, clinicians'
//! leave, the managed list, calendar feeds, the weekly Choice flex check).
//!
//! `booking.rs` publishing, booking (one family, one first Partnership
//! appointment) and unbooking; `outcomes.rs` outcomes, corrections and
//! re-offers; `holidays.rs` each team's holidays from its calendar;
//! `leave.rs` clinicians' leave; `managed.rs`; `feeds.rs`; `flex.rs`;
//! `withdraw.rs` withdrawing a vacant offer.
//!
//! The rules of an appointment's life are `capa_core::diary`'s
//! ([`AppointmentState`]); this module keeps them in the database. Booking is
//! a compare-and-swap on the appointment row (`... WHERE state = 'vacant'`)
//! inside a write transaction, plus an insert into `bookings`, whose partial
//! unique index (one active booking per appointment) is the database's own
//! guarantee against double booking on both backends (`booking.rs`).

mod booking;
mod feeds;
mod first_appointment;
mod flex;
mod holidays;
mod leave;
mod managed;
mod next;
mod outcomes;
mod withdraw;

use chrono::{DateTime, Utc};
use serde::Serialize;

use capa_core::Quarter;
use capa_core::diary::{AppointmentState, SlotKind};

use crate::db::{Backend, Row, Tx, Value, args};
use crate::error::{Result, StoreError};
use crate::ids::{AppointmentId, BookingId, ClientId, ClinicianId, StreamId, TeamId, UserId};
use crate::{Store, to_u32};

pub use booking::{BookingOptions, NewClient};
pub use feeds::CalendarFeed;
pub use flex::FLEX_WEEKS;
pub use holidays::Holiday;
pub(crate) use holidays::calendar_changed;
pub use leave::Leave;
pub(crate) use leave::{replace_team_leave, team_leave};
pub use managed::ManagedEntry;

/// Which diary an appointment is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "stream")]
pub enum AppointmentKind {
    /// A first Core Partnership appointment (numbered offer).
    Partnership,
    /// A first Specific Partnership appointment in a stream (numbered per
    /// stream).
    Specific(StreamId),
    /// A Choice appointment (not numbered).
    Choice,
}

impl AppointmentKind {
    /// The identifier stored: `partnership`, `specific` or `choice`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Partnership => "partnership",
            Self::Specific(_) => "specific",
            Self::Choice => "choice",
        }
    }

    /// The stream of a Specific offer.
    pub fn stream(self) -> Option<StreamId> {
        match self {
            Self::Specific(s) => Some(s),
            _ => None,
        }
    }

    /// Whether appointments of this kind carry the n of `AD n`.
    pub fn is_numbered(self) -> bool {
        !matches!(self, Self::Choice)
    }

    fn from_columns(kind: &str, stream: Option<i64>) -> Result<Self> {
        match (kind, stream) {
            ("partnership", None) => Ok(Self::Partnership),
            ("specific", Some(s)) => Ok(Self::Specific(StreamId(s))),
            ("choice", None) => Ok(Self::Choice),
            _ => Err(StoreError::Invalid(format!(
                "unknown appointment kind '{kind}' in the diary"
            ))),
        }
    }
}

/// How a quarter is stored and shown in the diary: `2026Q3` (the year the
/// team's planning year starts in, then the quarter).
pub fn quarter_key(quarter: Quarter) -> String {
    quarter.key()
}

/// One slot to publish: its time, place and (for a Partnership offer) its
/// number in the clinician's quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSlot {
    /// The n of `AD n`: required for Partnership offers, absent for Choice
    /// slots. For a re-offer, `None` takes the next free number.
    pub number: Option<u32>,
    /// Start (UTC).
    pub starts_at: DateTime<Utc>,
    /// End (UTC), after the start.
    pub ends_at: DateTime<Utc>,
    /// Where, if the team records it.
    pub location: Option<String>,
}

/// A batch of offers (or Choice slots) one clinician publishes for a quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffers {
    /// Whose diary.
    pub clinician: ClinicianId,
    /// The quarter the offers count towards.
    pub quarter: Quarter,
    /// Which diary.
    pub kind: AppointmentKind,
    /// The slots.
    pub slots: Vec<NewSlot>,
}

/// The family an appointment is booked for, as the diary shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientRef {
    /// The client's id.
    pub id: ClientId,
    /// Its NHI or local reference. An NHI is personal: show it to the team,
    /// never in a calendar feed.
    pub reference: String,
    /// Whether `reference` is an NHI (not a local reference).
    pub is_nhi: bool,
    /// The team's display label, if any.
    pub label: Option<String>,
}

/// A diary appointment as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appointment {
    /// Row id.
    pub id: AppointmentId,
    /// Team.
    pub team_id: TeamId,
    /// Clinician.
    pub clinician_id: ClinicianId,
    /// The clinician's initials.
    pub clinician_initials: String,
    /// Which diary.
    pub kind: AppointmentKind,
    /// The stream's name for a Specific offer.
    pub stream_name: Option<String>,
    /// The quarter it counts towards (`2026Q3`, see [`quarter_key`]).
    pub quarter: String,
    /// The n of `AD n` (Partnership offers).
    pub number: Option<u32>,
    /// `AD4` for a Core offer, `AD-DBT4` for a Specific stream's (each stream
    /// has its own sequence), `AD Choice` for a Choice slot.
    pub label: String,
    /// Start (UTC).
    pub starts_at: DateTime<Utc>,
    /// End (UTC).
    pub ends_at: DateTime<Utc>,
    /// Where.
    pub location: Option<String>,
    /// Where it stands.
    pub state: AppointmentState,
    /// The family booked in (kept after the outcome).
    pub client: Option<ClientRef>,
    /// The Choice appointment the booking was made at.
    pub choice_appointment_id: Option<AppointmentId>,
    /// When it was booked.
    pub booked_at: Option<DateTime<Utc>>,
    /// Who booked it (`None` for the system or a removed user).
    pub booked_by: Option<UserId>,
    /// When the outcome was recorded.
    pub outcome_at: Option<DateTime<Utc>>,
    /// The DNA or cancelled appointment this one re-offers.
    pub replaces_id: Option<AppointmentId>,
    /// The appointment that re-offers this one, once published.
    pub reoffered_by: Option<AppointmentId>,
}

impl Appointment {
    /// A DNA or cancelled appointment not yet re-offered: a task for the
    /// clinician.
    pub fn needs_reoffer(&self) -> bool {
        self.state.needs_reoffer() && self.reoffered_by.is_none()
    }
}

/// A booking: who was booked into which appointment, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booking {
    /// Row id.
    pub id: BookingId,
    /// The appointment.
    pub appointment_id: AppointmentId,
    /// The family.
    pub client_id: ClientId,
    /// The Choice appointment it was made at.
    pub choice_appointment_id: Option<AppointmentId>,
    /// When.
    pub booked_at: DateTime<Utc>,
    /// By whom (`None` for the system).
    pub booked_by: Option<UserId>,
    /// Whether it still holds the appointment (false once unbooked).
    pub active: bool,
    /// Whether the offer was found by a search by skills or stream.
    pub skills_searched: bool,
}

/// Which appointments to list; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct AppointmentQuery {
    /// Only this quarter's.
    pub quarter: Option<Quarter>,
    /// Only in these states (all when empty).
    pub states: Vec<AppointmentState>,
    /// Only this clinician's.
    pub clinician: Option<ClinicianId>,
    /// Only this diary.
    pub kind: Option<AppointmentKind>,
    /// Only starting at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only starting before this time.
    pub to: Option<DateTime<Utc>>,
    /// Only this family's.
    pub client: Option<ClientId>,
    /// At most this many (earliest first).
    pub limit: Option<u32>,
}

const APPOINTMENT_SELECT: &str = "SELECT a.id, a.team_id, a.clinician_id, c.initials, a.kind, \
     a.stream_id, s.name AS stream_name, a.quarter, a.number, a.starts_at, a.ends_at, a.location, \
     a.state, a.client_id, cl.nhi, cl.local_ref, cl.label AS client_label, a.choice_appointment_id, \
     a.booked_at, a.booked_by, a.outcome_at, a.replaces_id, r.id AS reoffered_by \
     FROM appointments a JOIN clinicians c ON c.id = a.clinician_id \
     LEFT JOIN streams s ON s.id = a.stream_id \
     LEFT JOIN clients cl ON cl.id = a.client_id \
     LEFT JOIN appointments r ON r.replaces_id = a.id";

fn appointment_from(row: &Row) -> Result<Appointment> {
    let initials: String = row.get("initials")?;
    let kind = AppointmentKind::from_columns(&row.get::<String>("kind")?, row.get("stream_id")?)?;
    let number = row
        .get::<Option<i64>>("number")?
        .map(|n| to_u32(n, "offer number"))
        .transpose()?;
    let stream_name: Option<String> = row.get("stream_name")?;
    let state: String = row.get("state")?;
    let state = AppointmentState::parse(&state)
        .ok_or_else(|| StoreError::Invalid(format!("unknown appointment state '{state}'")))?;
    let client = match row.get::<Option<i64>>("client_id")? {
        Some(id) => {
            let nhi: Option<String> = row.get("nhi")?;
            Some(ClientRef {
                id: ClientId(id),
                is_nhi: nhi.is_some(),
                reference: match nhi {
                    Some(n) => n,
                    None => row.get("local_ref")?,
                },
                label: row.get("client_label")?,
            })
        }
        None => None,
    };
    let id = |column: &str| -> Result<Option<AppointmentId>> {
        Ok(row.get::<Option<i64>>(column)?.map(AppointmentId))
    };
    Ok(Appointment {
        id: AppointmentId(row.get("id")?),
        team_id: TeamId(row.get("team_id")?),
        clinician_id: ClinicianId(row.get("clinician_id")?),
        label: label(&initials, kind, stream_name.as_deref(), number),
        clinician_initials: initials,
        kind,
        stream_name,
        quarter: row.get("quarter")?,
        number,
        starts_at: row.get("starts_at")?,
        ends_at: row.get("ends_at")?,
        location: row.get("location")?,
        state,
        client,
        choice_appointment_id: id("choice_appointment_id")?,
        booked_at: row.get("booked_at")?,
        booked_by: row.get::<Option<i64>>("booked_by")?.map(UserId),
        outcome_at: row.get("outcome_at")?,
        replaces_id: id("replaces_id")?,
        reoffered_by: id("reoffered_by")?,
    })
}

/// An appointment's label: `TR4` for a Core offer, `TR-DBT4` for a DBT
/// stream offer (its own sequence), `TR Choice` for a Choice slot.
fn label(initials: &str, kind: AppointmentKind, stream: Option<&str>, n: Option<u32>) -> String {
    let slot = match (kind, stream) {
        (AppointmentKind::Choice, _) => SlotKind::Choice,
        (AppointmentKind::Specific(_), Some(s)) => SlotKind::Specific(s.to_string()),
        _ => SlotKind::Core,
    };
    match capa_core::Initials::parse(initials) {
        Ok(i) => capa_core::diary::label_for(&i, &slot, n),
        Err(_) => format!("{initials}{}", n.map_or(String::new(), |n| n.to_string())),
    }
}

pub(crate) fn no_appointment(id: AppointmentId) -> StoreError {
    StoreError::NotFound(format!("no appointment with id {id}"))
}

/// One appointment, read in the transaction.
pub(crate) async fn read_one(tx: &mut Tx, id: AppointmentId) -> Result<Appointment> {
    let sql = format!("{APPOINTMENT_SELECT} WHERE a.id = $1");
    let row = tx
        .fetch_optional(&sql, args![id.0])
        .await?
        .ok_or_else(|| no_appointment(id))?;
    appointment_from(&row)
}

/// An appointment's state, with the row locked for the rest of the
/// transaction on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already excludes
/// other writers).
pub(crate) async fn locked_state(tx: &mut Tx, id: AppointmentId) -> Result<AppointmentState> {
    let lock = match tx.backend() {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let sql = format!("SELECT state FROM appointments WHERE id = $1{lock}");
    let row = tx
        .fetch_optional(&sql, args![id.0])
        .await?
        .ok_or_else(|| no_appointment(id))?;
    let state: String = row.get("state")?;
    AppointmentState::parse(&state)
        .ok_or_else(|| StoreError::Invalid(format!("unknown appointment state '{state}'")))
}

impl Store {
    /// One appointment.
    pub async fn appointment(&self, id: AppointmentId) -> Result<Appointment> {
        let mut tx = self.read().await?;
        let a = read_one(&mut tx, id).await?;
        tx.commit().await?;
        Ok(a)
    }

    /// The team's appointments matching `query`, earliest first.
    pub async fn appointments(
        &self,
        team: TeamId,
        query: &AppointmentQuery,
    ) -> Result<Vec<Appointment>> {
        let mut conditions = vec!["a.team_id = $1".to_string()];
        let mut params: Vec<Value> = args![team.0];
        let mut add = |condition: &str, value: Value| {
            params.push(value);
            conditions.push(format!("{condition} ${}", params.len()));
        };
        if let Some(q) = query.quarter {
            add("a.quarter =", quarter_key(q).into());
        }
        if let Some(c) = query.clinician {
            add("a.clinician_id =", c.0.into());
        }
        if let Some(k) = query.kind {
            add("a.kind =", k.id().into());
            if let Some(s) = k.stream() {
                add("a.stream_id =", s.0.into());
            }
        }
        if let Some(from) = query.from {
            add("a.starts_at >=", from.into());
        }
        if let Some(to) = query.to {
            add("a.starts_at <", to.into());
        }
        if let Some(c) = query.client {
            add("a.client_id =", c.0.into());
        }
        if !query.states.is_empty() {
            let first = params.len() + 1;
            let bind_params = (first..first + query.states.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            params.extend(query.states.iter().map(|s| Value::from(s.id())));
            conditions.push(format!("a.state IN ({bind_params})"));
        }
        let mut sql = format!(
            "{APPOINTMENT_SELECT} WHERE {} ORDER BY a.starts_at, a.id",
            conditions.join(" AND ")
        );
        if let Some(limit) = query.limit {
            params.push(i64::from(limit).into());
            sql.push_str(&format!(" LIMIT ${}", params.len()));
        }
        let mut tx = self.read().await?;
        let rows = tx.fetch_all(&sql, params).await?;
        tx.commit().await?;
        rows.iter().map(appointment_from).collect()
    }

    /// Every booking ever made of an appointment, oldest first (at most one
    /// of them active).
    pub async fn bookings(&self, appointment: AppointmentId) -> Result<Vec<Booking>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                "SELECT id, appointment_id, client_id, choice_appointment_id, booked_at, booked_by, active, \
                 skills_searched \
                 FROM bookings WHERE appointment_id = $1 ORDER BY id",
                args![appointment.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(booking_from).collect()
    }
}

pub(crate) fn booking_from(row: &Row) -> Result<Booking> {
    Ok(Booking {
        id: BookingId(row.get("id")?),
        appointment_id: AppointmentId(row.get("appointment_id")?),
        client_id: ClientId(row.get("client_id")?),
        choice_appointment_id: row
            .get::<Option<i64>>("choice_appointment_id")?
            .map(AppointmentId),
        booked_at: row.get("booked_at")?,
        booked_by: row.get::<Option<i64>>("booked_by")?.map(UserId),
        active: row.get("active")?,
        skills_searched: row.get("skills_searched")?,
    })
}
