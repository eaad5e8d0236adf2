//! Row identifiers as distinct types, and who makes a change.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A team's row id.
    TeamId
);
id_type!(
    /// A Specific stream's row id.
    StreamId
);
id_type!(
    /// A clinician's row id.
    ClinicianId
);
id_type!(
    /// A job plan version's row id.
    JobPlanId
);
id_type!(
    /// A user account's row id.
    UserId
);
id_type!(
    /// A personal API token's row id.
    TokenId
);
id_type!(
    /// An audit record's id; ids grow with time.
    AuditId
);
id_type!(
    /// A client's (a family's) row id.
    ClientId
);
id_type!(
    /// A diary appointment's row id: a Partnership offer or a Choice slot.
    AppointmentId
);
id_type!(
    /// A booking's row id (one per booking ever made).
    BookingId
);
id_type!(
    /// A team holiday's row id.
    HolidayId
);
id_type!(
    /// A clinician's leave period's row id.
    LeaveId
);
id_type!(
    /// An entry of the managed list's row id.
    ManagedId
);
id_type!(
    /// A calendar feed's row id.
    FeedId
);
id_type!(
    /// A self-assessment's (a review's) row id.
    AssessmentId
);

/// Who makes a change: recorded in the audit log with the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A signed-in user (through the web application or an API token).
    User(UserId),
    /// The command line or the system itself (`capa user add`, `capa demo`),
    /// where no account is signed in; recorded with no user id.
    System,
}

impl Actor {
    /// The user id recorded for the change, if a user made it.
    pub fn user_id(self) -> Option<UserId> {
        match self {
            Self::User(id) => Some(id),
            Self::System => None,
        }
    }
}
