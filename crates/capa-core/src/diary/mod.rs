//! The Partnership and Choice diaries: numbered first-appointment offers,
//! full booking, outcomes and re-offers (method page, section 6).

pub mod state;

pub use state::{AppointmentState, Outcome, StateError};
