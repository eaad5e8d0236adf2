//! The Choice and Partnership Approach (CAPA) as pure functions and types.
//!
//! Every CAPA rule lives here once: job plans, multipliers, activity targets,
//! Choice allocation, the team's balance against demand, NHI validation. The
//! crate does no I/O; the file readers, the web application and the command
//! line call it. Every computed figure carries an [`Explanation`] of its
//! formula and working, so a team lead can check it by hand.
//!
//! The entry points are [`Team::new`] (check a team as a whole),
//! [`capacity::quarter`] (a quarter's targets and balance) and [`year::year`]
//! (a year with cumulative rounding).

pub mod activity;
pub mod assessment;
pub mod balance;
pub mod capacity;
pub mod choice;
pub mod clinician;
pub mod dates;
pub mod demand;
pub mod diary;
pub mod explain;
pub mod job_plan;
pub mod layout;
pub mod limits;
pub mod monitor;
pub mod multiplier;
pub mod nhi;
pub mod password;
pub mod quarter;
pub mod rounding;
pub mod settings;
pub mod skills;
pub mod team;
pub mod year;
pub mod zone;

pub use activity::{Activity, OtherCategory};
pub use capacity::{CapacityReport, ClinicianCapacity, TeamCapacity, Warning};
pub use clinician::{Clinician, Fte, Initials, SkillLevel};
pub use explain::Explanation;
pub use job_plan::{JobPlan, SessionCounts};
pub use layout::SessionLayout;
pub use multiplier::Multiplier;
pub use nhi::{Nhi, NhiError, NhiFormat};
pub use quarter::{PlanningYear, Quarter};
pub use settings::{ChoicePolicy, MultiplierRule, Stream, TeamSettings, WorkingWeeks};
pub use team::{Leave, Team, TeamError};
pub use year::YearReport;
pub use zone::{Zone, ZoneError};
