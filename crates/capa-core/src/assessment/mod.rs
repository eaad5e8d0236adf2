//! The CAPA self-assessment (method page, section 8): the eleven components,
//! each rated No (RED) = 0, Partial (AMBER) = 1 or Yes (GREEN) = 2 with a
//! note, per review date.
//!
//! - [`mod@component`]: the components, their groups and tags (items 4 and 6
//!   tagged by the team, [`AssessmentSettings`]).
//! - [`rating`]: ratings, item numbers and notes, parsed with errors that
//!   name the field.
//! - [`mod@score`]: a review's score out of 22, per group and per tag, the New
//!   Zealand full-implementation rule, and the comparison of two reviews.
//! - [`mod@guidance`]: guidance and questions: the seed's words for items 7
//!   and 8, capa's own for the others.
//! - [`evidence`]: capa's evidence beside items 3, 5, 6, 7 and 8, each with
//!   a suggested rating that never replaces the team's.
//! - [`mod@view`]: a review as the page and the API show it.

pub mod component;
pub mod evidence;
pub mod guidance;
pub mod rating;
pub mod score;
pub mod view;

pub use component::{AssessmentSettings, Component, Group, Tag, component, components};
pub use evidence::{EvidenceFacts, EvidenceLine, ItemEvidence, NO_EVIDENCE};
pub use guidance::{Guidance, Source, guidance};
pub use rating::{FieldError, ItemNumber, NOTE_MAX_CHARS, Rating, parse_note};
pub use score::{
    Assessment, Comparison, Entry, FullImplementation, GroupChange, ItemChange,
    MAX_PARTIAL_FOR_FULL, PartScore, Score, compare, full_implementation, score,
};
pub use view::{AssessmentView, ItemView, view};
