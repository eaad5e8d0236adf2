//! The diary's steps the pages, the API and the demo share, between stored
//! appointments (UTC, row ids) and capa-core's diary rules (the team's local
//! times, initials): proposing and publishing offers, booking (with "just
//! taken" as its own error), re-offering. The rules themselves are capa-core's.

use capa_core::diary::proposal::{self, DiaryEntry, ProposalRequest, ProposedSlot, SlotKind};
use capa_core::diary::search::OfferView;
use capa_core::diary::sheet::SheetOffer;
use capa_core::diary::{AppointmentState, Correction, Outcome, StateError, numbering};
use capa_core::limits::{TextField, check_text};
use capa_core::{Initials, Quarter, Zone, capacity};
use capa_store::{
    Actor, Appointment, AppointmentId, AppointmentKind, AppointmentQuery, BookingOptions,
    ClientKey, NewOffers, NewSlot, Store, StoreError, StoredTeam, TeamId,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::error::AppError;

/// The store's diary for a slot kind: a Specific stream by its row id.
pub async fn store_kind(
    store: &Store,
    stored: &StoredTeam,
    kind: &SlotKind,
) -> Result<AppointmentKind, AppError> {
    Ok(match kind {
        SlotKind::Choice => AppointmentKind::Choice,
        SlotKind::Core => AppointmentKind::Partnership,
        SlotKind::Specific(name) => {
            let streams = store.streams(stored.id).await?;
            let s = streams
                .iter()
                .find(|s| s.stream.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    AppError::BadRequest(format!("the team has no Specific stream '{name}'"))
                })?;
            AppointmentKind::Specific(s.id)
        }
    })
}

/// The slot kind of a stored appointment.
pub fn slot_kind(a: &Appointment) -> SlotKind {
    match (a.kind, &a.stream_name) {
        (AppointmentKind::Choice, _) => SlotKind::Choice,
        (AppointmentKind::Specific(_), Some(s)) => SlotKind::Specific(s.clone()),
        _ => SlotKind::Core,
    }
}

fn initials_of(a: &Appointment) -> Initials {
    Initials::parse(&a.clinician_initials)
        .unwrap_or_else(|_| Initials::parse("X").expect("X is initials"))
}

/// A stored appointment as the search sees it.
pub fn offer_view(zone: Zone, a: &Appointment) -> OfferView {
    OfferView {
        id: a.id.0,
        clinician: initials_of(a),
        label: a.label.clone(),
        starts_at: zone.local(a.starts_at),
        ends_at: zone.local(a.ends_at),
        location: a.location.clone(),
        state: a.state,
        kind: slot_kind(a),
    }
}

/// A stored offer as the activity-planning sheet sees it.
pub fn sheet_offer(zone: Zone, a: &Appointment) -> SheetOffer {
    SheetOffer {
        id: a.id.0,
        clinician: initials_of(a),
        state: a.state,
        starts_at: zone.local(a.starts_at),
        outcome_recorded_at: a.outcome_at.map(|t| zone.local(t).date()),
        replaced_by: a.reoffered_by.map(|id| id.0),
    }
}

/// The team's public holidays (stored) in a date range.
pub async fn holiday_dates(
    store: &Store,
    stored: &StoredTeam,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>, AppError> {
    Ok(store
        .holidays(stored.id, Some(from), Some(to))
        .await?
        .into_iter()
        .map(|h| h.day)
        .collect())
}

/// A clinician's leave in a date range, as inclusive ranges.
pub async fn leave_of(
    store: &Store,
    stored: &StoredTeam,
    index: usize,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate)>, AppError> {
    Ok(store
        .leave(stored.id, Some(from), Some(to))
        .await?
        .into_iter()
        .filter(|l| l.clinician_id == stored.clinician_ids[index])
        .map(|l| (l.first_day, l.last_day))
        .collect())
}

/// A clinician's proposal for a quarter (capa-core's `propose_for_diary`
/// over the diary as stored) and the diary's appointments so far.
pub async fn proposal_for(
    store: &Store,
    stored: &StoredTeam,
    index: usize,
    quarter: Quarter,
    kind: SlotKind,
) -> Result<(proposal::Proposal, Vec<Appointment>), AppError> {
    let team = &stored.team;
    let zone = team.settings.time_zone;
    let store_kind = store_kind(store, stored, &kind).await?;
    let existing = store
        .appointments(
            stored.id,
            &AppointmentQuery {
                quarter: Some(quarter),
                clinician: Some(stored.clinician_ids[index]),
                kind: Some(store_kind),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let holidays = holiday_dates(store, stored, quarter.start(), quarter.end_exclusive()).await?;
    let leave = leave_of(
        store,
        stored,
        index,
        quarter.start(),
        quarter.end_exclusive(),
    )
    .await?;
    let request = ProposalRequest {
        clinician: &team.clinicians[index],
        layout: &team.settings.layout,
        quarter,
        kind: &kind,
        holidays: &holidays,
        leave: &leave,
        taken: &[],
        choice_appointments_per_session: proposal::choice_seats(&team.settings),
    };
    let diary: Vec<DiaryEntry> = existing
        .iter()
        .map(|a| DiaryEntry {
            starts_at: zone.local(a.starts_at),
            state: a.state,
            reoffer: a.replaces_id.is_some(),
        })
        .collect();
    let report = capacity::quarter(team, quarter);
    Ok((
        proposal::propose_for_diary(&report, &request, &diary),
        existing,
    ))
}

/// Whose diary, which quarter, which diary.
pub struct DiaryOf<'a> {
    /// The clinician's index in the team.
    pub index: usize,
    /// The quarter.
    pub quarter: Quarter,
    /// Partnership offers or Choice slots.
    pub kind: &'a SlotKind,
}

/// Publishes chosen slots as numbered offers (or Choice slots), in date order;
/// `existing` are the diary's appointments already published (for numbering).
/// Returns the labels published.
pub async fn publish(
    store: &Store,
    actor: Actor,
    stored: &StoredTeam,
    to: DiaryOf<'_>,
    existing: &[Appointment],
    slots: &[ProposedSlot],
) -> Result<Vec<AppointmentId>, AppError> {
    let DiaryOf {
        index,
        quarter,
        kind,
    } = to;
    let zone = stored.team.settings.time_zone;
    let starts: Vec<NaiveDateTime> = slots.iter().map(|s| s.date.and_time(s.starts)).collect();
    let used: Vec<u32> = existing.iter().filter_map(|a| a.number).collect();
    let numbers = numbering::next_numbers(&used, &starts);
    let store_kind = store_kind(store, stored, kind).await?;
    let new_slots = slots
        .iter()
        .zip(numbers)
        .map(|(s, n)| NewSlot {
            number: store_kind.is_numbered().then_some(n),
            starts_at: zone.utc(s.date.and_time(s.starts)),
            ends_at: zone.utc(s.date.and_time(s.ends)),
            location: None,
        })
        .collect();
    Ok(store
        .publish_offers(
            actor,
            &NewOffers {
                clinician: stored.clinician_ids[index],
                quarter,
                kind: store_kind,
                slots: new_slots,
            },
        )
        .await?)
}

/// The vacant appointments of one of the team's diaries from `now` on, as
/// capa-core's search sees them.
pub async fn vacant(
    store: &Store,
    stored: &StoredTeam,
    kind: AppointmentKind,
    now: DateTime<Utc>,
) -> Result<Vec<OfferView>, AppError> {
    let zone = stored.team.settings.time_zone;
    Ok(store
        .appointments(
            stored.id,
            &AppointmentQuery {
                states: vec![AppointmentState::Vacant],
                kind: Some(kind),
                from: Some(now),
                ..AppointmentQuery::default()
            },
        )
        .await?
        .iter()
        .map(|a| offer_view(zone, a))
        .collect())
}

/// Reads the client text of a booking: a valid NHI or a local reference.
pub fn client_key(text: &str) -> Result<ClientKey, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AppError::BadRequest(
            "give the family's NHI or the team's local reference".into(),
        ));
    }
    ClientKey::parse(t).map_err(AppError::from)
}

/// Books a family into an appointment of this team: finds or records the
/// client, then the compare-and-swap booking. Someone else's booking of the
/// same appointment a moment before is [`AppError::JustTaken`].
pub async fn book(
    store: &Store,
    actor: Actor,
    stored: &StoredTeam,
    appointment: AppointmentId,
    client: &str,
    choice: Option<AppointmentId>,
) -> Result<capa_store::Booking, AppError> {
    book_searched(store, actor, stored, appointment, client, choice, false).await
}

/// [`book`], recording whether the offer was found by a search by skills
/// or stream (the self-assessment's evidence for item 6).
pub async fn book_searched(
    store: &Store,
    actor: Actor,
    stored: &StoredTeam,
    appointment: AppointmentId,
    client: &str,
    choice: Option<AppointmentId>,
    skills_searched: bool,
) -> Result<capa_store::Booking, AppError> {
    let a = store.appointment(appointment).await?;
    let request = BookRequest {
        client,
        choice,
        skills_searched,
        another_stream: None,
    };
    book_appointment(store, actor, stored.id, &a, &request).await
}

/// [`book`] for a family that already holds a first Partnership appointment
/// and needs another stream too (Core and DBT, say): the reason is required
/// (422 naming `another_stream_reason` without one, or one too long) and kept
/// in the audit record; the appointment must be in another diary than the
/// one the family holds (the store's rule).
pub async fn book_another_stream(
    store: &Store,
    actor: Actor,
    stored: &StoredTeam,
    appointment: AppointmentId,
    client: &str,
    choice: Option<AppointmentId>,
    reason: &str,
) -> Result<capa_store::Booking, AppError> {
    another_stream_reason(reason)?;
    let a = store.appointment(appointment).await?;
    let request = BookRequest {
        client,
        choice,
        skills_searched: false,
        another_stream: Some(reason),
    };
    book_appointment(store, actor, stored.id, &a, &request).await
}

/// What a booking asks for, beyond the appointment.
#[derive(Debug, Clone, Copy)]
pub struct BookRequest<'a> {
    /// The family: an NHI or the team's local reference, as typed.
    pub client: &'a str,
    /// The Choice appointment the family comes from.
    pub choice: Option<AppointmentId>,
    /// Whether the offer was found by a search by skills or stream.
    pub skills_searched: bool,
    /// For a family that holds a first Partnership appointment, why it is
    /// booked into another stream too ([`book_another_stream`]).
    pub another_stream: Option<&'a str>,
}

/// The reason for booking another stream, trimmed: required, within a
/// note's limit (422 naming `another_stream_reason`).
fn another_stream_reason(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    let field = "another_stream_reason";
    if reason.is_empty() {
        return Err(AppError::Invalid {
            field,
            message: "booking another stream needs the reason (it is kept in the audit log)".into(),
        });
    }
    check_text(TextField::Note, reason).map_err(|e| AppError::Invalid {
        field,
        message: e.to_string(),
    })?;
    Ok(reason)
}

/// Books a family into `a`, an appointment of the team `team`, as read a
/// moment before: one write transaction ([`Store::book_family`]) in which
/// the client is recorded if the team does not know it yet, so a refused
/// booking leaves no client. An appointment that was no longer vacant when
/// read is [`AppError::JustTaken`] at once, without the write; so is one
/// that someone else booked since (the store's compare-and-swap).
pub async fn book_appointment(
    store: &Store,
    actor: Actor,
    team: TeamId,
    a: &Appointment,
    request: &BookRequest<'_>,
) -> Result<capa_store::Booking, AppError> {
    let another_stream = request
        .another_stream
        .map(another_stream_reason)
        .transpose()?;
    if a.team_id != team {
        return Err(AppError::NotFound(
            "no such appointment in this team".into(),
        ));
    }
    if let Some(c) = request.choice {
        let choice_row = store.appointment(c).await?;
        if choice_row.team_id != team || choice_row.kind != AppointmentKind::Choice {
            return Err(AppError::BadRequest(
                "choice_appointment must be a Choice appointment of this team".into(),
            ));
        }
    }
    let key = client_key(request.client)?;
    if a.state != AppointmentState::Vacant {
        return Err(AppError::JustTaken(a.label.clone()));
    }
    let options = BookingOptions {
        choice_appointment: request.choice,
        another_stream,
        skills_searched: request.skills_searched,
        ..BookingOptions::default()
    };
    match store.book_family(actor, a.id, &key, &options).await {
        Ok((booking, _)) => Ok(booking),
        // The booking's compare-and-swap found the appointment no longer vacant.
        Err(StoreError::Conflict(_)) => Err(AppError::JustTaken(a.label.clone())),
        Err(e) => Err(e.into()),
    }
}

/// Re-offers a missed or cancelled first appointment: the clinician's next
/// free slot of the same kind after today, in the same quarter when possible,
/// otherwise the next. Returns the new offer.
pub async fn reoffer(
    store: &Store,
    actor: Actor,
    stored: &StoredTeam,
    missed: &Appointment,
    now: DateTime<Utc>,
) -> Result<Appointment, AppError> {
    let index = stored
        .clinician_ids
        .iter()
        .position(|id| *id == missed.clinician_id)
        .ok_or_else(|| AppError::NotFound("the clinician is no longer in the team".into()))?;
    let kind = slot_kind(missed);
    let zone = stored.team.settings.time_zone;
    let here = Quarter::containing(
        zone.local(missed.starts_at).date(),
        stored.team.settings.year_start_month,
    );
    let replaces = zone.local(missed.starts_at);
    let now = zone.local(now);
    for quarter in [here, here.next()] {
        let (p, _) = proposal_for(store, stored, index, quarter, kind.clone()).await?;
        if let Some(slot) = proposal::reoffer_slot(&p.candidates, replaces, now) {
            let new = NewSlot {
                number: None,
                starts_at: zone.utc(slot.date.and_time(slot.starts)),
                ends_at: zone.utc(slot.date.and_time(slot.ends)),
                location: missed.location.clone(),
            };
            let id = store.publish_reoffer(actor, missed.id, &new).await?;
            return Ok(store.appointment(id).await?);
        }
    }
    Err(AppError::Conflict(format!(
        "{} has no free {} session left in {here} or the next quarter to re-offer in",
        missed.clinician_initials, kind
    )))
}

/// Reads an outcome's identifier (`field` names it in the error).
pub fn outcome_of(text: &str, field: &'static str) -> Result<Outcome, AppError> {
    Outcome::parse(text).ok_or_else(|| AppError::Invalid {
        field,
        message: format!(
            "unknown outcome '{}'; expected attended, dna, cancelled_by_family or cancelled_by_service",
            text.trim()
        ),
    })
}

/// Records what happened at a booked appointment as of `now`, by capa-core's
/// rule (`AppointmentState::record_at`): only once the appointment has
/// started. An outcome before that is refused naming the field `outcome`
/// (422); an appointment nobody is booked into is a conflict (409). The
/// store applies the same rule again inside its transaction.
pub async fn record_outcome(
    store: &Store,
    actor: Actor,
    zone: Zone,
    a: &Appointment,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<Appointment, AppError> {
    match a
        .state
        .record_at(outcome, zone.local(a.starts_at), zone.local(now))
    {
        Err(e @ StateError::NotStarted(_)) => {
            return Err(AppError::Invalid {
                field: "outcome",
                message: e.to_string(),
            });
        }
        Err(e) => return Err(AppError::Conflict(e.to_string())),
        Ok(_) => {}
    }
    Ok(store.record_outcome_at(actor, a.id, outcome, now).await?)
}

/// The most characters a correction's reason may hold (a note's limit).
pub const REASON_LIMIT: usize = TextField::Note.max_chars();

/// Corrects a wrong outcome with the reason (capa-core's
/// `AppointmentState::correct`, then the store, which audits it and withdraws
/// a DNA's re-offer task). A missing or too long reason is refused naming the
/// field `reason`, the same outcome again naming `outcome` (422); an
/// appointment without an outcome yet is a conflict (409).
pub async fn correct_outcome(
    store: &Store,
    actor: Actor,
    a: &Appointment,
    outcome: Outcome,
    reason: &str,
) -> Result<(Appointment, Correction), AppError> {
    let reason = reason.trim();
    check_text(TextField::Note, reason).map_err(|e| AppError::Invalid {
        field: "reason",
        message: e.to_string(),
    })?;
    match a.state.correct(outcome, reason) {
        Err(e @ StateError::NoReason) => {
            return Err(AppError::Invalid {
                field: "reason",
                message: e.to_string(),
            });
        }
        Err(e @ StateError::SameOutcome(_)) => {
            return Err(AppError::Invalid {
                field: "outcome",
                message: e.to_string(),
            });
        }
        Err(e) => return Err(AppError::Conflict(e.to_string())),
        Ok(_) => {}
    }
    Ok(store.correct_outcome(actor, a.id, outcome, reason).await?)
}
