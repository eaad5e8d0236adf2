//! The forecast engine and model against theory and their own promises.

mod calendar;
mod capa_model;
mod queueing;
mod starting;
mod streams;
mod team;
mod what_if;
