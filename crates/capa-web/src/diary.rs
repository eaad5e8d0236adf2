//! Glue between the stored diary (UTC timestamps, row ids) and capa-core's
//! diary rules (the team's local times, initials): conversions, and the steps
//! the pages, the API and the demo share: proposing and publishing offers,
//! booking with a friendly "just taken", re-offering.

use capa_core::Zone;
use capa_core::diary::proposal::{self, ProposalRequest, ProposedSlot, SlotKind};
use capa_core::diary::search::{self, OfferQuery, OfferView};
use capa_core::diary::sheet::SheetOffer;
use capa_core::diary::{AppointmentState, numbering};
use capa_core::{Initials, Quarter, Team, capacity};
use capa_store::{
    Actor, Appointment, AppointmentId, AppointmentKind, AppointmentQuery, ClientKey, NewOffers,
    NewSlot, Store, StoredTeam, quarter_key,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::error::AppError;

/// The team's time zone.
pub fn zone(team: &Team) -> Zone {
    team.settings.time_zone
}

/// A stored time in the team's local time.
pub fn local(zone: Zone, at: DateTime<Utc>) -> NaiveDateTime {
    zone.local(at)
}

/// A local time as stored (UTC).
pub fn utc(zone: Zone, at: NaiveDateTime) -> DateTime<Utc> {
    zone.utc(at)
}

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

/// A stored appointment as the search sees it.
pub fn offer_view(zone: Zone, a: &Appointment) -> OfferView {
    OfferView {
        id: a.id.0,
        clinician: Initials::parse(&a.clinician_initials)
            .unwrap_or_else(|_| Initials::parse("X").expect("X is initials")),
        label: a.label.clone(),
        starts_at: local(zone, a.starts_at),
        ends_at: local(zone, a.ends_at),
        location: a.location.clone(),
        state: a.state,
        kind: slot_kind(a),
    }
}

/// A stored offer as the activity-planning sheet sees it.
pub fn sheet_offer(zone: Zone, a: &Appointment) -> SheetOffer {
    SheetOffer {
        id: a.id.0,
        clinician: Initials::parse(&a.clinician_initials)
            .unwrap_or_else(|_| Initials::parse("X").expect("X is initials")),
        state: a.state,
        starts_at: local(zone, a.starts_at),
        outcome_recorded_at: a.outcome_at.map(|t| local(zone, t).date()),
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

/// A clinician's proposal for a quarter: candidate slots from their job plan
/// and the ones suggested, spread through the quarter, up to what is needed.
pub async fn proposal_for(
    store: &Store,
    stored: &StoredTeam,
    index: usize,
    quarter: Quarter,
    kind: SlotKind,
) -> Result<(proposal::Proposal, Vec<Appointment>), AppError> {
    let team = &stored.team;
    let c = &team.clinicians[index];
    let zone = zone(team);
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
    let leave: Vec<(NaiveDate, NaiveDate)> = store
        .leave(
            stored.id,
            Some(quarter.start()),
            Some(quarter.end_exclusive()),
        )
        .await?
        .into_iter()
        .filter(|l| l.clinician_id == stored.clinician_ids[index])
        .map(|l| (l.first_day, l.last_day))
        .collect();
    let sessions: Vec<_> = team.settings.layout.sessions().map(|b| b.start).collect();
    let taken: Vec<(NaiveDate, usize)> = existing
        .iter()
        .filter_map(|a| {
            let at = local(zone, a.starts_at);
            sessions
                .iter()
                .rposition(|s| *s <= at.time())
                .map(|row| (at.date(), row))
        })
        .collect();
    let report = capacity::quarter(team, quarter);
    let target = match &kind {
        SlotKind::Choice => report.clinicians[index].choice_allocation,
        other => proposal::target_for(&report, &c.initials, other).unwrap_or(0),
    };
    let request = ProposalRequest {
        clinician: c,
        layout: &team.settings.layout,
        quarter,
        kind: &kind,
        holidays: &holidays,
        leave: &leave,
        taken: &taken,
        choice_appointments_per_session: team.settings.choice_appointments_per_session.max(1.0)
            as u32,
    };
    let published: Vec<AppointmentState> = existing
        .iter()
        .filter(|a| a.replaces_id.is_none())
        .map(|a| a.state)
        .collect();
    Ok((proposal::propose(&request, target, &published), existing))
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
    let zone = zone(&stored.team);
    let starts: Vec<NaiveDateTime> = slots.iter().map(|s| s.date.and_time(s.starts)).collect();
    let used: Vec<u32> = existing.iter().filter_map(|a| a.number).collect();
    let numbers = numbering::next_numbers(&used, &starts);
    let store_kind = store_kind(store, stored, kind).await?;
    let new_slots = slots
        .iter()
        .zip(numbers)
        .map(|(s, n)| NewSlot {
            number: store_kind.is_numbered().then_some(n),
            starts_at: utc(zone, s.date.and_time(s.starts)),
            ends_at: utc(zone, s.date.and_time(s.ends)),
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

/// The next vacant offers that fit a plain query (same diary, any clinician),
/// for the "just taken" answer.
pub async fn next_offers(
    store: &Store,
    stored: &StoredTeam,
    kind: AppointmentKind,
    limit: usize,
) -> Result<Vec<OfferView>, AppError> {
    let zone = zone(&stored.team);
    let now = Utc::now();
    let rows = store
        .appointments(
            stored.id,
            &AppointmentQuery {
                states: vec![AppointmentState::Vacant],
                kind: Some(kind),
                from: Some(now),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let views: Vec<OfferView> = rows.iter().map(|a| offer_view(zone, a)).collect();
    let mut q = OfferQuery::new(local(zone, now));
    q.limit = limit;
    if kind == AppointmentKind::Choice {
        return Ok(views
            .into_iter()
            .filter(|v| v.state == AppointmentState::Vacant)
            .take(limit)
            .collect());
    }
    Ok(search::search(&views, &stored.team.clinicians, &q)
        .into_iter()
        .cloned()
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
/// client, then the compare-and-swap booking.
pub async fn book(
    store: &Store,
    actor: Actor,
    stored: &StoredTeam,
    appointment: AppointmentId,
    client: &str,
    choice: Option<AppointmentId>,
) -> Result<capa_store::Booking, AppError> {
    let a = store.appointment(appointment).await?;
    if a.team_id != stored.id {
        return Err(AppError::NotFound(
            "no such appointment in this team".into(),
        ));
    }
    if let Some(c) = choice {
        let choice_row = store.appointment(c).await?;
        if choice_row.team_id != stored.id || choice_row.kind != AppointmentKind::Choice {
            return Err(AppError::BadRequest(
                "choice_appointment must be a Choice appointment of this team".into(),
            ));
        }
    }
    let key = client_key(client)?;
    let client = store
        .find_or_create_client(actor, stored.id, &key, None, None)
        .await?;
    Ok(store.book(actor, appointment, client.id, choice).await?)
}

/// Re-offers a missed or cancelled first appointment: the clinician's next
/// free slot of the same kind after today, in the same quarter when possible,
/// otherwise the next.
pub async fn reoffer(
    store: &Store,
    actor: Actor,
    stored: &StoredTeam,
    missed: &Appointment,
    today: NaiveDate,
) -> Result<AppointmentId, AppError> {
    let index = stored
        .clinician_ids
        .iter()
        .position(|id| *id == missed.clinician_id)
        .ok_or_else(|| AppError::NotFound("the clinician is no longer in the team".into()))?;
    let kind = slot_kind(missed);
    let zone = zone(&stored.team);
    let here = Quarter::containing(
        local(zone, missed.starts_at).date(),
        stored.team.settings.year_start_month,
    );
    for quarter in [here, here.next()] {
        let (p, _) = proposal_for(store, stored, index, quarter, kind.clone()).await?;
        if let Some(slot) = p.candidates.iter().find(|s| s.date > today) {
            let new = NewSlot {
                number: None,
                starts_at: utc(zone, slot.date.and_time(slot.starts)),
                ends_at: utc(zone, slot.date.and_time(slot.ends)),
                location: missed.location.clone(),
            };
            return Ok(store.publish_reoffer(actor, missed.id, &new).await?);
        }
    }
    Err(AppError::Conflict(format!(
        "{} has no free {} session left in {here} or the next quarter to re-offer in",
        missed.clinician_initials, kind
    )))
}

/// The quarter key the store uses ("2026Q3").
pub fn key(q: Quarter) -> String {
    quarter_key(q)
}
