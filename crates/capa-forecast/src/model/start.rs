//! Today's diary from a [`Snapshot`], as the model's starting state: the
//! offers and slots of each clinician's quarters, and the families and
//! caseloads at minute 0. An offer or slot after its clinician's last day is
//! dropped, and a family booked into it waits to be booked again.

use std::collections::BTreeMap;

use capa_core::diary::SlotKind;
use chrono::NaiveDate;

use super::diary::{PlanQuarter, clinician_index, session_row};
use super::plan::Initial;
use super::snapshot::{MAX_ENTRIES, Snapshot};
use super::timeline::Timeline;
use super::{ForecastError, ForecastInput};

/// A snapshot's offer or slot.
pub(crate) struct Entry<B> {
    pub minute: u32,
    pub date: NaiveDate,
    /// Its job-plan row, so the session is not offered again.
    pub row: usize,
    /// Partnership: the family's Choice day; Choice: accepted day and DNAs.
    pub booked: Option<B>,
}

/// A referral booked into a Choice slot: (accepted day, Choice DNAs so far).
pub(crate) type ChoiceBooking = (i32, u8);

/// A snapshot's diary by (clinician, kind, quarter) and (clinician, quarter).
#[derive(Default)]
pub(crate) struct SnapshotDiary {
    pub offers: BTreeMap<(usize, usize, usize), Vec<Entry<i32>>>,
    pub slots: BTreeMap<(usize, usize), Vec<Entry<ChoiceBooking>>>,
}

/// The position of a kind among the model's (Core, then the streams).
pub(crate) fn kind_index(kinds: &[SlotKind], kind: &SlotKind) -> Option<usize> {
    kinds.iter().position(|k| match (k, kind) {
        (SlotKind::Specific(a), SlotKind::Specific(b)) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    })
}

/// The quarter a date falls in.
pub(crate) fn quarter_index(quarters: &[PlanQuarter], date: NaiveDate) -> Option<usize> {
    quarters
        .iter()
        .position(|q| q.quarter.start() <= date && date < q.quarter.end_exclusive())
}

/// Reads a snapshot into its diary, adding its families to `initial`.
pub(crate) fn read(
    input: &ForecastInput,
    snap: &Snapshot,
    timeline: &Timeline,
    quarters: &[PlanQuarter],
    kinds: &[SlotKind],
    initial: &mut Initial,
) -> Result<SnapshotDiary, ForecastError> {
    let today = snap.today;
    let mut diary = SnapshotDiary::default();
    for list in [
        snap.offers.len(),
        snap.choice_slots.len(),
        snap.awaiting_choice.len(),
        snap.managed_list.len(),
        snap.caseload.len(),
    ] {
        if list > MAX_ENTRIES {
            return Err(ForecastError::Snapshot(format!(
                "a list of {list} entries is more than the {} a snapshot may hold",
                MAX_ENTRIES
            )));
        }
    }
    let day_of = |d: Option<NaiveDate>| timeline.day(d.unwrap_or(today));
    for o in &snap.offers {
        let c = clinician_index(input, &o.clinician)?;
        let k = kind_index(kinds, &o.kind)
            .filter(|&k| k > 0 || o.kind == SlotKind::Core)
            .ok_or_else(|| {
                ForecastError::Snapshot(format!(
                    "offer of {} at {}: {} is not a Partnership kind of this team",
                    o.clinician, o.starts_at, o.kind
                ))
            })?;
        let booked = o.booked.as_ref().map(|b| day_of(b.choice_date));
        let (Some(minute), Some(q)) = (
            timeline.minute(o.starts_at),
            quarter_index(quarters, o.starts_at.date()),
        ) else {
            continue;
        };
        if !input.team.clinicians[c].in_post_on(o.starts_at.date()) {
            if let Some(day) = booked {
                initial.managed.push((k as u8, day));
            }
            continue;
        }
        let row = session_row(input, o.starts_at).unwrap_or(0);
        diary.offers.entry((c, k, q)).or_default().push(Entry {
            minute,
            date: o.starts_at.date(),
            row,
            booked,
        });
    }
    for sl in &snap.choice_slots {
        let c = clinician_index(input, &sl.clinician)?;
        let booked = sl
            .booked
            .as_ref()
            .map(|b| (day_of(b.accepted), b.dnas.min(250) as u8));
        let (Some(minute), Some(q)) = (
            timeline.minute(sl.starts_at),
            quarter_index(quarters, sl.starts_at.date()),
        ) else {
            continue;
        };
        if !input.team.clinicians[c].in_post_on(sl.starts_at.date()) {
            if let Some(b) = booked {
                initial.awaiting.push(b);
            }
            continue;
        }
        let row = session_row(input, sl.starts_at).unwrap_or(0);
        diary.slots.entry((c, q)).or_default().push(Entry {
            minute,
            date: sl.starts_at.date(),
            row,
            booked,
        });
    }
    for a in &snap.awaiting_choice {
        initial
            .awaiting
            .push((day_of(a.accepted), a.dnas.min(250) as u8));
    }
    for m in &snap.managed_list {
        let k = kind_index(kinds, &m.kind).ok_or_else(|| {
            ForecastError::Snapshot(format!(
                "managed list: {} is not a Partnership kind of this team",
                m.kind
            ))
        })?;
        initial.managed.push((k as u8, day_of(m.choice_date)));
    }
    for o in &snap.caseload {
        let c = clinician_index(input, &o.clinician)?;
        let k = kind_index(kinds, &o.kind).ok_or_else(|| {
            ForecastError::Snapshot(format!(
                "caseload of {}: {} is not a Partnership kind of this team",
                o.clinician, o.kind
            ))
        })?;
        initial
            .caseload
            .push((c as u16, k as u8, o.open.min(10_000)));
    }
    Ok(diary)
}
