//! Files in and out of capa: the team plan file (TOML) and discharge reports.

pub mod assessment;
pub mod chart;
pub mod discharge;
pub mod ics;
pub mod review;
pub mod team_file;
pub mod xlsx;
