//! The Partnership and Choice diaries: numbered first-appointment offers,
//! full booking, outcomes and re-offers (method page, section 6).
//!
//! - [`proposal`]: the sessions a clinician's job plan offers in a quarter, how
//!   many to publish, and a spread to suggest.
//! - [`numbering`]: labels `INITIALS + n` in date order, never changed once published.
//! - [`mod@search`]: the offers that fit a family at the end of Choice; the two
//!   Choice slots offered at referral.
//! - [`waits`]: the internal wait, the managed-list rule and why nothing fits.
//! - [`sheet`]: the quarter's activity-planning sheet, deadline and re-offer tasks.
//! - [`plot`]: a clinician's quarter week by week, booked against free.
//! - [`standing`]: offers a job plan change left in sessions of another kind.
//! - [`holidays`]: public holiday calendars (New Zealand with its provinces'
//!   anniversary days, the United Kingdom's nations) and working days.
//! - [`state`]: an appointment's life cycle.
//!
//! Dates and times are the team's local wall-clock times (naive); the store
//! and the web layer convert at their edges. Everything here is a pure
//! function of its inputs: the store passes offers in, persists what comes out.

pub mod holidays;
pub mod numbering;
pub mod plot;
pub mod proposal;
pub mod search;
pub mod sheet;
pub mod standing;
pub mod state;
pub mod waits;

#[cfg(test)]
mod fixtures;

pub use holidays::{HolidayCalendar, nz_public_holidays};
pub use numbering::{label, label_for, next_numbers};
pub use proposal::{ProposalRequest, ProposedSlot, SlotKind};
pub use search::{ChoiceQuery, OfferQuery, OfferView, search, two_choice_slots};
pub use state::{AppointmentState, Correction, Outcome, StateError};
