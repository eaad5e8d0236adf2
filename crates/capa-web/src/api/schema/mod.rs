//! The API's request and response bodies: its contract, written here rather
//! than serialized straight out of capa-core's types, so a change inside the
//! method cannot rename a field clients rely on. The OpenAPI document is
//! generated from these types. Reports keep the shape `capa plan capacity
//! --format json` prints (a test compares them).

mod diary;
mod monitor;
mod reports;
mod teams;

pub use diary::*;
pub use monitor::*;
pub use reports::*;
pub use teams::*;
