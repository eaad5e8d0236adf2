//! Quarterly monitoring and review (method page, section 7; the seed's item
//! 8: "a way of monitoring and reviewing them!").
//!
//! Is each clinician working to target, and where are families waiting? The
//! store supplies the facts ([`QuarterFacts`]: targets from the capacity
//! rules, the quarter's first Partnership appointments and their re-offers,
//! Choice appointments, leave, caseloads, holidays, the day to judge as of);
//! [`quarter`] turns them into a [`QuarterMonitor`]: each clinician's line
//! with its [`Flag`]s, the team's totals and the waits. Everything here is a
//! pure function of its inputs: "today" is always an argument.
//!
//! - [`facts`]: what the store supplies.
//! - [`settings`]: the monitor's team settings and their defaults.
//! - [`counts`]: counting first appointments; following each DNA'd or
//!   cancelled one to its re-offer.
//! - [`projection`]: past, current or future; working days; the projection.
//! - [`flags`]: the six flags, each with a stable code and a plain reason.
//! - [`clinician`], [`team`], [`report`]: the lines and the whole.
//! - [`review`]: the quarterly review pack's tables, from the whole.
//! - [`mod@waits`]: medians and 90th percentiles (PERCENTILE.INC), by month,
//!   and the shares within the access targets.
//! - [`mod@trends`]: the last four quarters' monitors side by side.
//! - [`mod@what_if`]: the leaver and maternity what-if: capacity lost, and
//!   Core sessions swapped for another clinician's Choice sessions.

pub mod clinician;
pub mod counts;
pub mod facts;
pub mod flags;
pub mod projection;
pub mod report;
pub mod review;
pub mod settings;
pub mod team;
pub mod trends;
pub mod waits;
pub mod what_if;

#[cfg(test)]
mod fixtures;

pub use clinician::{ClinicianMonitor, StreamLine};
pub use counts::{Counts, Missed};
pub use facts::{
    Booking, Caseload, ChoiceAppointment, ClinicianFacts, ClinicianTarget, FirstAppointment,
    LeavePeriod, QuarterFacts, Reoffer, TeamDemand,
};
pub use flags::{Flag, FlagCode};
pub use projection::{Availability, Phase, Projection};
pub use report::{QuarterMonitor, quarter};
pub use review::{BehindRow, ReofferRow, ReofferStatus, ReviewPack, WaitRow, pack};
pub use settings::{AccessTarget, MonitorSettings};
pub use team::{FlagCount, TeamMonitor};
pub use trends::{Change, ClinicianTrend, Direction, QuarterTrend, TargetStarted, Trends, trends};
pub use waits::{AccessShare, MonthWaits, WaitStats, Waits};
pub use what_if::{
    Absence, BeforeAfter, CapacityLost, ProposedPlan, SessionMove, TargetChange, WhatIf,
    WhatIfError, WhatIfRequest, what_if,
};
