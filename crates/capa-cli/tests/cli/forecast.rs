//! `capa forecast`: the pinned JSON fields, determinism across threads, the
//! queue check against Erlang C, what-ifs from a file, and bad input.

use serde_json::Value;

use crate::{capa, stderr, stdout};

const TEAM: &str = "examples/forecast-team.toml";

fn json(args: &[&str]) -> Value {
    let o = capa(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

const RUN: [&str; 12] = [
    "forecast",
    "run",
    TEAM,
    "--reps",
    "20",
    "--weeks",
    "8",
    "--seed",
    "3",
    "--today",
    "2026-08-03",
    "--format",
];

#[test]
fn run_json_has_the_pinned_fields() {
    let mut args = RUN.to_vec();
    args.push("json");
    let v = json(&args);
    assert_eq!(v["reps"], 20);
    for wait in ["wait_to_choice_days", "wait_to_partnership_days"] {
        for f in ["mean", "p50", "p90", "p95"] {
            assert!(v[wait][f].as_f64().is_some(), "{wait}.{f}: {}", v[wait]);
        }
        assert!(v[wait]["p50"].as_f64() <= v[wait]["p95"].as_f64());
    }
    let s3 = v["share_within_3_weeks"].as_f64().unwrap();
    let s8 = v["share_within_8_weeks"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&s3) && s3 <= s8, "{s3} {s8}");
    assert!(v["partnerships_started"].as_f64().unwrap() > 0.0);
    let weekly = v["weekly"].as_array().unwrap();
    assert_eq!(weekly.len(), 8);
    assert_eq!(weekly[0]["starts"], "2026-08-03");
    for f in ["p5", "p50", "p95", "mean"] {
        assert!(weekly[3]["choice_waiting"][f].as_f64().is_some());
    }
    assert_eq!(v["clinicians"].as_array().unwrap().len(), 12);
    assert!(!v["assumptions"].as_array().unwrap().is_empty());
}

#[test]
fn the_same_seed_gives_the_same_output_on_one_and_two_threads() {
    let with = |threads: &str| {
        let mut args = RUN.to_vec();
        args.extend(["json", "--threads", threads]);
        let o = capa(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        o.stdout
    };
    assert_eq!(with("1"), with("2"));
}

#[test]
fn run_table_shows_the_bands_and_the_assumptions() {
    let mut args = RUN.to_vec();
    args.push("table");
    let o = capa(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("forecast of 8 weeks from 03/08/2026"), "{out}");
    assert!(out.contains("Seen within 3 weeks (NZ target 80%)"), "{out}");
    assert!(out.contains("What the model assumes:"), "{out}");
    assert!(out.contains("Little's law"), "{out}");
}

#[test]
fn a_what_if_file_changes_the_forecast() {
    let path = std::env::temp_dir().join(format!("capa-what-if-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"changes": [{"change": "referrals_per_week", "value": 20}]}"#,
    )
    .unwrap();
    let mut args = RUN.to_vec();
    args.push("json");
    let base = json(&args);
    args.extend(["--what-if", path.to_str().unwrap()]);
    let busier = json(&args);
    assert_eq!(busier["referrals_per_week"], 20.0);
    assert!(
        busier["wait_to_choice_days"]["mean"].as_f64()
            > base["wait_to_choice_days"]["mean"].as_f64()
    );
    std::fs::write(
        &path,
        r#"{"changes": [{"change": "leaver", "clinician": "QQ", "last_day": "2026-09-01"}]}"#,
    )
    .unwrap();
    let o = capa(&args);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("what-if change 1: no clinician with initials QQ in the team"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn headroom_reports_a_rate_and_its_interval() {
    let v = json(&[
        "forecast",
        "headroom",
        TEAM,
        "--reps",
        "20",
        "--weeks",
        "13",
        "--today",
        "2026-08-03",
        "--format",
        "json",
    ]);
    let h = v["referrals_per_week"].as_f64().unwrap();
    let [lo, hi] = [
        v["interval"][0].as_f64().unwrap(),
        v["interval"][1].as_f64().unwrap(),
    ];
    assert!(lo <= h && h <= hi, "{v}");
    // 18 Choice sessions a week hold fewer than 18 referrals, more than 12.
    assert!(h > 12.0 && h < 18.0, "{v}");
    assert_eq!(v["current_referrals_per_week"], 12.0);
    assert!(v["tested"].as_array().unwrap().len() >= 3);
}

#[test]
fn queue_agrees_with_erlang_c() {
    let v = json(&[
        "forecast",
        "queue",
        "--arrival-rate",
        "2.4",
        "--service-rate",
        "1",
        "--servers",
        "3",
        "--customers",
        "20000",
        "--seed",
        "4",
        "--format",
        "json",
    ]);
    // Erlang C for M/M/3 at a = 2.4: Wq = 0.6472 / 0.6 = 1.0787.
    let theory = 0.647_191 / 0.6;
    let wait = v["mean_wait"].as_f64().unwrap();
    assert!(
        (wait - theory).abs() < 0.05 * theory,
        "{wait} against {theory}"
    );
    assert!(
        (v["mean_time_in_system"].as_f64().unwrap() - (theory + 1.0)).abs() < 0.05 * (theory + 1.0)
    );
    assert!((v["utilisation"].as_f64().unwrap() - 0.8).abs() < 0.02);
    let lq = v["mean_queue_length"].as_f64().unwrap();
    assert!((lq - 2.4 * theory).abs() < 0.05 * 2.4 * theory, "{lq}");
    assert_eq!(
        v["theory"]["mean_wait"].as_f64().map(|x| (x * 1e4).round()),
        Some((theory * 1e4).round())
    );
}

#[test]
fn bad_input_says_what_is_wrong() {
    let o = capa(&["forecast", "run", "examples/no-such-team.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the file"),
        "{}",
        stderr(&o)
    );
    let o = capa(&["forecast", "run", TEAM, "--leave", "AR=2026-12-21"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("write INITIALS=FROM..TO"),
        "{}",
        stderr(&o)
    );
    let o = capa(&[
        "forecast",
        "run",
        TEAM,
        "--choice-dna",
        "1.5",
        "--today",
        "2026-08-03",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("choice_dna must be between 0 and 1, not 1.5"),
        "{}",
        stderr(&o)
    );
    let o = capa(&[
        "forecast",
        "queue",
        "--arrival-rate",
        "1",
        "--service-rate",
        "0",
        "--servers",
        "1",
        "--customers",
        "10",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("service rate must be a number above 0, not 0"),
        "{}",
        stderr(&o)
    );
}
