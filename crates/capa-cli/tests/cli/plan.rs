use serde_json::Value;

use crate::{capa, stderr, stdout};

const SEED: &str = "examples/seed-team.toml";

fn json(args: &[&str]) -> Value {
    let o = capa(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

#[test]
fn check_accepts_the_examples() {
    for f in [
        SEED,
        "examples/capa-uk-team.toml",
        "examples/capa-hours-team.toml",
    ] {
        let o = capa(&["plan", "check", f]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", stderr(&o));
        assert!(stdout(&o).contains(": ok: team"));
    }
}

#[test]
fn check_lists_every_error_and_exits_2() {
    let o = capa(&[
        "plan",
        "check",
        "crates/capa-io/tests/fixtures/team/many-errors.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        9,
        "{err}"
    );
    assert!(err.contains("many-errors.toml:14:7: clinicians[1].fte: FTE must be more than 0 and at most 1, not 1.2"), "{err}");
    assert!(err.contains("9 errors found; nothing computed"), "{err}");
}

#[test]
fn capacity_json_has_the_pinned_fields() {
    let v = json(&[
        "plan",
        "capacity",
        SEED,
        "--format",
        "json",
        "--quarter",
        "2026/27Q1",
    ]);
    assert_eq!(v["quarter"], "2026/27 Q1");
    let tr = &v["clinicians"][0];
    assert_eq!(tr["initials"], "TR");
    assert_eq!(tr["core_sessions"], 3);
    assert_eq!(tr["new_core_target"], 9);
    assert_eq!(tr["specific_targets"]["OT"], 5);
    assert_eq!(tr["specific_targets"]["DBT"], 1);
    assert_eq!(tr["choice_allocation"], 15);
    assert!(
        tr["explain"]["new_core_target"]
            .as_str()
            .unwrap()
            .contains("3 x 3 = 9")
    );
    let team = &v["team"];
    assert_eq!(team["new_core_total"], 54);
    assert_eq!(team["choice_needed"], 78);
    assert_eq!(team["core_demand"], 53.04);
    assert_eq!(team["balance_ratio"], 9.0);
    assert!((team["choice_core_share"].as_f64().unwrap() - 28.0 / 104.0).abs() < 1e-9);
    assert!(
        team["explain"]["balance_ratio"]
            .as_str()
            .unwrap()
            .contains("54 / 6 = 9")
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "share-low")
    );
}

#[test]
fn capacity_table_is_readable() {
    let o = capa(&["plan", "capacity", SEED, "--quarter", "2026Q1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("Seed CAMHS (example): 2026/27 Q1 (06/07/2026 to 04/10/2026)"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("TR Tui Rangi") && l.contains(" 9 ")),
        "{out}"
    );
    assert!(out.contains("ceil(6 x 13) = 78"));
    assert!(out.contains("6 x 13 x 0.68 = 53.04"));
    let explained = stdout(&capa(&[
        "plan",
        "capacity",
        SEED,
        "--quarter",
        "2026Q1",
        "--explain",
    ]));
    assert!(
        explained.contains(
            "new_core_target: Core sessions per week x multiplier, rounded half up: 3 x 3 = 9"
        ),
        "{explained}"
    );
}

#[test]
fn capacity_csv_has_a_row_per_clinician() {
    let o = capa(&[
        "plan",
        "capacity",
        SEED,
        "--format",
        "csv",
        "--quarter",
        "2026Q1",
    ]);
    let out = stdout(&o);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let header = rows.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 6);
    assert_eq!(&records[0][at("initials")], "TR");
    assert_eq!(&records[0][at("new_core_target")], "9");
    assert_eq!(&records[0][at("specific_target:OT")], "5");
}

#[test]
fn year_view_rounds_cumulatively() {
    let v = json(&[
        "plan",
        "capacity",
        "examples/capa-hours-team.toml",
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    assert_eq!(v["year"], "2026/27");
    assert_eq!(
        v["clinicians"][0]["new_core_targets"],
        serde_json::json!([9, 10, 9, 10])
    );
    assert_eq!(v["new_core_total"], 38);
    let table = stdout(&capa(&[
        "plan",
        "capacity",
        "examples/capa-hours-team.toml",
        "--year",
        "2026",
    ]));
    assert!(table.contains("Q1 from 06/07/2026"), "{table}");
}

#[test]
fn a_bad_quarter_is_a_clear_error() {
    let o = capa(&["plan", "capacity", SEED, "--quarter", "2026Q7"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("'2026Q7' is not a quarter"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_reports_every_cell_it_read_by_inference() {
    let o = capa(&["plan", "check", SEED]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("6 clinicians, 6 job plan versions, 2 Specific streams"),
        "{out}"
    );
    assert!(
        out.contains(
            "examples/seed-team.toml:35:24: clinicians[1].job_plan[1][2]: 'DBT consult' read as Other: consultation"
        ),
        "{out}"
    );
    // One clinician is one clinician.
    let o = capa(&["plan", "check", "examples/capa-hours-team.toml"]);
    assert!(stdout(&o).contains("1 clinician, 1 job plan version, 0 Specific streams"));
    let table = stdout(&capa(&[
        "plan",
        "capacity",
        "examples/capa-hours-team.toml",
        "--quarter",
        "2026Q1",
    ]));
    assert!(table.contains("Team (1 clinician)"), "{table}");
}

#[test]
fn the_year_view_shows_warnings_and_specific_targets() {
    let table = stdout(&capa(&["plan", "capacity", SEED, "--year", "2026"]));
    assert!(table.contains("Team OT Specific"), "{table}");
    assert!(table.contains("TR OT: 5, 6, 5, 6 (year 22)"), "{table}");
    assert!(
        table.contains("Warnings:\n  - Q1: Choice + Core is 26.9%"),
        "{table}"
    );
    assert!(table.contains("Surplus (+) or shortfall (-)"), "{table}");
}

#[test]
fn the_quarter_shows_step_3_and_choice_a_week() {
    let table = stdout(&capa(&["plan", "capacity", SEED, "--quarter", "2026Q1"]));
    assert!(table.contains("Core of Core+Spec"), "{table}");
    assert!(
        table.contains("ceil(78 / (1 x 11.25)) = ceil(6.93) = 7"),
        "{table}"
    );
    assert!(table.contains("about 53"), "{table}");
}

#[test]
fn holidays_of_the_teams_calendar() {
    let out = stdout(&capa(&[
        "plan",
        "holidays",
        "examples/capa-uk-team.toml",
        "--year",
        "2026",
    ]));
    assert!(out.contains("uk-england-wales"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("31/08/2026") && l.ends_with("Summer bank holiday")),
        "{out}"
    );
}
