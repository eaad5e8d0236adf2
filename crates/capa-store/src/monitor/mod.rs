//! What the quarterly monitor keeps beyond the diaries: a quarter's review
//! mark and the actions agreed per clinician (`review.rs`), episode closures
//! (`episodes.rs`, which give the open caseload), and the monitor's team
//! settings (`settings.rs`).

mod episodes;
mod review;
mod settings;

pub use episodes::EpisodeClosure;
pub use review::{ReviewMark, ReviewNote};
