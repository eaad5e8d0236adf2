//! Bodies of the diaries: appointments, bookings, outcomes.

use capa_store::Appointment;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An appointment of a diary. The family appears as its reference (an NHI or
/// the team's local reference), to members of the team only.
#[derive(Serialize, ToSchema)]
pub struct AppointmentBody {
    /// Appointment id.
    pub id: i64,
    /// Team id.
    pub team: i64,
    /// The clinician's initials.
    pub clinician: String,
    /// "AD4", or "AD Choice".
    pub label: String,
    /// partnership, specific or choice.
    pub kind: String,
    /// The Specific stream, if any.
    pub stream: Option<String>,
    /// The quarter it counts towards (`2026Q3`).
    pub quarter: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Where.
    pub location: Option<String>,
    /// vacant, booked, attended, dna, cancelled_by_family or cancelled_by_service.
    pub state: String,
    /// The family booked.
    pub client: Option<String>,
    /// The Choice appointment a Partnership booking came from.
    pub choice_appointment: Option<i64>,
    /// The missed appointment this one re-offers.
    pub replaces: Option<i64>,
    /// The appointment that re-offers this one.
    pub reoffered_by: Option<i64>,
}

impl From<&Appointment> for AppointmentBody {
    fn from(a: &Appointment) -> Self {
        Self {
            id: a.id.0,
            team: a.team_id.0,
            clinician: a.clinician_initials.clone(),
            label: a.label.clone(),
            kind: a.kind.id().into(),
            stream: a.stream_name.clone(),
            quarter: a.quarter.clone(),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            location: a.location.clone(),
            state: a.state.id().into(),
            client: a.client.as_ref().map(|c| c.reference.clone()),
            choice_appointment: a.choice_appointment_id.map(|i| i.0),
            replaces: a.replaces_id.map(|i| i.0),
            reoffered_by: a.reoffered_by.map(|i| i.0),
        }
    }
}

/// A booking.
#[derive(Deserialize, ToSchema)]
pub struct BookBody {
    /// The family: an NHI or the team's local reference.
    pub client: String,
    /// The Choice appointment the family comes from (Partnership offers only).
    pub choice_appointment: Option<i64>,
    /// Whether the offer was found by a search by skills or stream (default false).
    #[serde(default)]
    pub skills_searched: bool,
    /// A family holds one first Partnership appointment; to book one in
    /// another stream as well (Core and DBT, say), say why here (kept in the
    /// audit log). Without it such a booking is refused (422) naming the
    /// appointment the family holds.
    #[serde(default)]
    pub another_stream_reason: Option<String>,
}

/// A booking made.
#[derive(Serialize, ToSchema)]
pub struct BookedBody {
    /// Booking id.
    pub booking: i64,
    /// The appointment, now booked.
    pub offer: AppointmentBody,
    /// The family as recorded (upper case).
    pub client: String,
    /// The Choice appointment it came from.
    pub choice_appointment: Option<i64>,
    /// When.
    pub booked_at: DateTime<Utc>,
}

/// A vacant offer suggested instead.
#[derive(Serialize, ToSchema)]
pub struct NextOffer {
    /// Appointment id.
    pub id: i64,
    /// Initials.
    pub clinician: String,
    /// Label.
    pub label: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Always vacant.
    pub state: String,
}

/// 409 when someone else booked the offer a moment before: the next ones.
#[derive(Serialize, ToSchema)]
pub struct JustTakenBody {
    /// What happened.
    pub error: String,
    /// The next vacant offers of the same diary.
    pub next_offers: Vec<NextOffer>,
}

/// An outcome.
#[derive(Deserialize, ToSchema)]
pub struct OutcomeBody {
    /// attended, dna, cancelled_by_family or cancelled_by_service.
    pub outcome: String,
}

/// A correction of a wrong outcome.
#[derive(Deserialize, ToSchema)]
pub struct CorrectionBody {
    /// The right outcome: attended, dna, cancelled_by_family or cancelled_by_service.
    pub outcome: String,
    /// Why the outcome recorded was wrong (required, at most 2000
    /// characters; kept in the audit log).
    pub reason: String,
}

/// A corrected outcome.
#[derive(Serialize, ToSchema)]
pub struct CorrectedBody {
    /// The appointment with its corrected outcome.
    pub offer: AppointmentBody,
    /// The outcome recorded before.
    pub from: String,
    /// The outcome now.
    pub to: String,
    /// Whether the appointment's re-offer task was withdrawn (a DNA or
    /// cancellation corrected to attended).
    pub reoffer_withdrawn: bool,
    /// A re-offer already published for it, which stays in the diary as an
    /// ordinary offer.
    pub kept_offer: Option<i64>,
    /// Whether the appointment now needs a re-offer (an attendance corrected
    /// to a DNA or cancellation).
    pub needs_reoffer: bool,
}
