//! The Choice and Partnership Approach (CAPA) as pure functions and types.
//!
//! Every CAPA rule lives here once: job plans, multipliers, activity targets,
//! Choice allocation, the team's balance against demand, NHI validation. The
//! crate does no I/O; the file readers, the web application and the command
//! line call it. Every computed figure carries an [`Explanation`] of its inputs,
//! formula and result, so a team lead can check it by hand.

pub mod nhi;

pub use nhi::{Nhi, NhiError, NhiFormat};
