//! What the quarterly monitor keeps beyond the diaries: a quarter's review
//! mark and the actions agreed per clinician (`review.rs`), episode closures
//! (`episodes.rs`, which give the open caseload), the quarter's facts for
//! `capa_core::monitor` (`facts.rs`), and the monitor's team
//! settings (`settings.rs`).

mod episodes;
mod facts;
mod review;
mod settings;
mod what_if;

pub use episodes::EpisodeClosure;
pub use review::{ReviewMark, ReviewNote};
