//! The `capa` binary as an analyst uses it.

mod browser;
mod demand;
mod forecast;
mod monitor;
mod nhi;
mod plan;
mod restore;
mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `capa` with arguments, from the workspace root.
pub fn capa(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_capa"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("capa runs")
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
