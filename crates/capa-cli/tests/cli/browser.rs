//! The browser suite (`web/tests/`, headless Chromium with Playwright and
//! axe-core) run against this build's `capa`, so `cargo test` runs it too.
//! In CI (`CI` set) a missing Chromium or Node.js fails the test; elsewhere the
//! test says what to install and passes.

use std::path::Path;
use std::process::Command;

use crate::root;

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn browser_suite_passes_in_headless_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<&str> = [
        ("node", have("node", "--version")),
        ("npm", have("npm", "--version")),
        ("chromium", Path::new(&chromium).exists()),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(name, _)| name)
    .collect();
    if !missing.is_empty() {
        let message = format!(
            "the browser suite needs {} (Debian: apt-get install chromium nodejs npm)",
            missing.join(", ")
        );
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipping: {message}");
        return;
    }
    let web = root().join("web");
    if !web.join("node_modules/playwright-core").exists()
        || !web.join("node_modules/axe-core").exists()
    {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&web)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci in web/ failed");
    }
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec", "tests/"])
        .current_dir(&web)
        .env("CAPA_BIN", env!("CARGO_BIN_EXE_capa"))
        // The demo runs as of the tests' clock, not today.
        .env("CAPA_DEMO_NOW", capa_store::testing::now().to_rfc3339())
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser suite failed:\n{report}");
    eprintln!("{report}");
}
