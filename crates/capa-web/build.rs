//! Embeds the front-end assets that come from the npm registry (htmx), pinned in
//! `web/package-lock.json`. When `web/node_modules` is missing, runs `npm ci`
//! once, so a fresh clone builds with the README's commands alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let web = manifest.join("../../web");
    let htmx = web.join("node_modules/htmx.org/dist/htmx.min.js");
    println!(
        "cargo::rerun-if-changed={}",
        web.join("package-lock.json").display()
    );
    println!("cargo::rerun-if-changed={}", htmx.display());
    if !htmx.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--omit=dev"])
            .current_dir(&web)
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => panic!(
                "`npm ci` in {} failed ({s}); install Node.js and npm, then build again",
                web.display()
            ),
            Err(e) => {
                panic!("capa-web needs npm to fetch htmx (pinned in web/package-lock.json): {e}")
            }
        }
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    copy(&htmx, &out.join("htmx.min.js"));
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("copying {} failed: {e}", from.display()));
}
