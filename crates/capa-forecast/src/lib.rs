//! Forecasts of a CAPA team's waits, by discrete-event simulation.
//!
//! - [`engine`]: the event calendar and the loop that runs a model.
//! - [`replicate`]: replications in parallel, deterministic for a seed
//!   whatever the number of threads.
//! - [`stats`]: percentile bands, confidence intervals, day histograms.
//! - [`theory`], [`queue`]: the M/M/c queue in theory and on the engine,
//!   the engine's own check.
//! - [`model`]: the CAPA model: [`model::forecast`], [`model::headroom`],
//!   the starting [`model::Snapshot`] and the [`model::WhatIf`] changes.

pub mod engine;
pub mod model;
pub mod queue;
pub mod replicate;
pub mod stats;
pub mod theory;
