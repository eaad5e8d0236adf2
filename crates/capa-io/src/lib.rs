//! Files in and out of capa: the team plan file (TOML) and discharge reports.

pub mod team_file;
