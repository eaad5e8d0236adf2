//! The forecast engine and model against theory and their own promises.

mod capa_model;
mod queueing;
mod starting;
mod team;
mod what_if;
