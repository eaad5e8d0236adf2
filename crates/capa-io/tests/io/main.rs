//! Integration tests of capa-io: reading and writing the files capa uses.

mod team_file;
