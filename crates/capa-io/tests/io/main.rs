//! Integration tests of capa-io: reading and writing the files capa uses.

mod assessment_exports;
mod discharge;
mod discharge_bomb;
mod discharge_upload;
mod exports;
mod team_file;
mod team_file_roundtrip;
mod team_file_rules;
