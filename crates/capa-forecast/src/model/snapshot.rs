//! Today's diary, the starting state of a forecast "from today": the
//! Partnership offers and Choice slots from today on (vacant or booked), the
//! referrals waiting without a Choice booking, the managed list and each
//! clinician's open caseload. The web application fills it from the store;
//! nothing in it names a family.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use capa_core::diary::SlotKind;

/// The team's diary and caseloads on a day.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The day it describes; the forecast starts at its beginning.
    pub today: NaiveDate,
    /// First-Partnership offers (Core or Specific) starting today or later.
    /// A clinician's quarter that has offers here, or whose publication
    /// deadline has passed, is taken as published: the forecast adds nothing
    /// to it but re-offers.
    #[serde(default)]
    pub offers: Vec<SnapshotOffer>,
    /// Choice slots starting today or later, on the same rule.
    #[serde(default)]
    pub choice_slots: Vec<SnapshotSlot>,
    /// Accepted referrals with no Choice appointment booked yet.
    #[serde(default)]
    pub awaiting_choice: Vec<AwaitingChoice>,
    /// Families past Choice with no first Partnership appointment booked.
    #[serde(default)]
    pub managed_list: Vec<ManagedFamily>,
    /// Open episodes per clinician and kind of work.
    #[serde(default)]
    pub caseload: Vec<OpenCaseload>,
}

/// A first-Partnership offer in the diary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotOffer {
    /// The clinician's initials.
    pub clinician: String,
    /// When it starts (the team's local time).
    pub starts_at: NaiveDateTime,
    /// Core, or a stream's Specific offer.
    pub kind: SlotKind,
    /// The family booked into it, if any.
    #[serde(default)]
    pub booked: Option<BookedPartnership>,
}

/// A family booked into a first-Partnership offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct BookedPartnership {
    /// The day of their Choice appointment (for the internal wait); unknown: today.
    #[serde(default)]
    pub choice_date: Option<NaiveDate>,
}

/// A Choice slot in the diary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotSlot {
    /// The clinician's initials.
    pub clinician: String,
    /// When it starts.
    pub starts_at: NaiveDateTime,
    /// The referral booked into it, if any.
    #[serde(default)]
    pub booked: Option<AwaitingChoice>,
}

/// An accepted referral waiting for Choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwaitingChoice {
    /// The day the referral was accepted (for the external wait); unknown: today.
    #[serde(default)]
    pub accepted: Option<NaiveDate>,
    /// Choice appointments already missed.
    #[serde(default)]
    pub dnas: u32,
}

/// A family on the managed list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedFamily {
    /// The day of their Choice appointment; unknown: today.
    #[serde(default)]
    pub choice_date: Option<NaiveDate>,
    /// What they are waiting for: Core, or a stream's Specific Partnership.
    pub kind: SlotKind,
}

/// A clinician's open episodes of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenCaseload {
    /// The clinician's initials.
    pub clinician: String,
    /// Core, or a stream's Specific work.
    pub kind: SlotKind,
    /// Open episodes, first appointment already attended. Their remaining
    /// appointments are drawn as for an episode met part way through.
    pub open: u32,
}

/// Most entries of each list a snapshot may hold (a team's diary is far smaller).
pub const MAX_ENTRIES: usize = 100_000;
