//! The forecast engine and model against theory and their own promises.

mod queueing;
