//! The team plan file: examples read, bad files give exact errors, writing round-trips.

use std::path::{Path, PathBuf};

use capa_core::{Activity, OtherCategory, PlanningYear, capacity};
use capa_io::team_file::{self, TeamFileError};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/team")
        .join(name)
}

/// Each problem as `line:column key: message`.
fn problems(e: &TeamFileError) -> Vec<String> {
    e.problems
        .iter()
        .map(|p| format!("{}:{} {}: {}", p.line, p.column, p.key, p.message))
        .collect()
}

#[test]
fn examples_read_cleanly() {
    for name in [
        "seed-team.toml",
        "capa-uk-team.toml",
        "capa-hours-team.toml",
    ] {
        let tf = team_file::load(&root().join("examples").join(name))
            .unwrap_or_else(|e| panic!("{name}:\n{e}"));
        assert!(tf.warnings.is_empty(), "{name}: {:?}", tf.warnings);
    }
}

#[test]
fn seed_example_holds_the_seed_plan_and_gives_9() {
    let tf = team_file::load(&root().join("examples/seed-team.toml")).unwrap();
    let team = tf.team;
    assert!(team.clinicians.len() >= 5);
    let tr = &team.clinicians[0];
    let grid = tr.job_plans[0].grid();
    assert_eq!(grid[1][1], Activity::Choice, "Tuesday session 2 is CHOICE");
    assert_eq!(grid[3][3], Activity::Specific("DBT".into()));
    assert_eq!(grid[2][4], Activity::Specific("OT".into()));
    assert!(matches!(
        &grid[0][0],
        Activity::Other {
            category: OtherCategory::TeamMeeting,
            ..
        }
    ));
    let report = capacity::quarter(&team, PlanningYear::new(2026, 7).quarters()[0]);
    assert_eq!(report.clinicians[0].new_core_target, 9);
    assert_eq!(report.team.choice_needed, 78);
    assert_eq!(report.team.choice_allocated, 78);
}

#[test]
fn uk_example_gives_andrew_down_9_with_a_derived_multiplier() {
    let team = team_file::load(&root().join("examples/capa-uk-team.toml"))
        .unwrap()
        .team;
    let r = capacity::quarter(&team, PlanningYear::new(2026, 4).quarters()[0]);
    let ad = &r.clinicians[0];
    assert_eq!(ad.initials.as_str(), "AD");
    assert_eq!(ad.new_core_target, 9);
    assert_eq!(
        r.team.explain.core_multiplier.working,
        "2 x 11.25 / 7.5 = 3"
    );
    assert_eq!(r.team.stream_multipliers["Eating disorders"], 2.25);
}

#[test]
fn hours_example_gives_9_10_9_10() {
    let team = team_file::load(&root().join("examples/capa-hours-team.toml"))
        .unwrap()
        .team;
    let y = capa_core::year::year(&team, PlanningYear::new(2026, 7));
    assert_eq!(y.clinicians[0].new_core_targets, [9, 10, 9, 10]);
}

#[test]
fn every_problem_of_a_bad_file_is_listed_with_its_line() {
    let e = team_file::load(&fixture("many-errors.toml")).unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "3:31 team.accepted_referrals_per_week: accepted referrals per week must be a number 0 or more, not -2",
            "4:22 team.conversion_to_core: conversion to Core must be between 0 and 1 (e.g. 0.68), not 1.5",
            "14:7 clinicians[1].fte: FTE must be more than 0 and at most 1, not 1.2",
            "19:16 clinicians[1].job_plan[4][4]: unknown Specific stream 'ED' (the team's streams: DBT)",
            "27:3 clinicians[2].job_plan: row 2 has 4 cells; the week has 5 working days (one row per session, Monday to Friday)",
            "33:12 clinicians[3].initials: initials BB are already used by B; initials must be unique in the team",
            "35:12 clinicians[3].streams: unknown stream 'OT'; the team's streams are: DBT",
            "36:16 clinicians[3].leaving_date: expected a date: 2026-09-30 (TOML date) or \"30/09/2026\"",
            "39:12 clinicians[4].initials: initials 'C3' must be letters only (offers are numbered after them, e.g. AD1)",
        ]
    );
    assert_eq!(e.warnings.len(), 1);
    assert_eq!(e.warnings[0].key, "team.colour");
    assert_eq!(e.warnings[0].line, 5);
    assert!(e.to_string().starts_with(&format!(
        "{}:3:31: team.accepted_referrals_per_week:",
        e.file
    )));
}

#[test]
fn duplicate_initials_are_case_insensitive() {
    let e = team_file::load(&fixture("duplicate-initials.toml")).unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "9:12 clinicians[2].initials: initials AD are already used by Alex Doe; initials must be unique in the team"
        ]
    );
}

#[test]
fn wrong_row_count_names_the_layout() {
    let e = team_file::load(&fixture("wrong-rows.toml")).unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "8:12 clinicians[1].job_plan: the job plan has 3 rows; the uk-half-day layout has 2 sessions a day (one row per session, Monday to Friday)"
        ]
    );
}

#[test]
fn negative_multiplier_and_impossible_weeks() {
    let e = team_file::load(&fixture("negative-rates.toml")).unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "4:29 team.working_weeks_per_quarter: working weeks per quarter must be more than 0 and at most 13, not 14",
            "8:14 streams[1].multiplier: a multiplier must be a number 0 or more, not -1.5",
        ]
    );
}

#[test]
fn core_multiplier_and_derive_together_are_refused() {
    let e = team_file::load(&fixture("both-multipliers.toml")).unwrap_err();
    assert_eq!(
        problems(&e),
        ["5:1 team.derive: give core_multiplier or [team.derive], not both"]
    );
}

#[test]
fn manual_policy_needs_each_number() {
    let e = team_file::load(&fixture("manual-missing.toml")).unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "5:1 clinicians[1].choice_allocation: the team allocates Choice manually, so AD needs a choice_allocation (or does_choice = false)"
        ]
    );
}

#[test]
fn syntax_and_type_errors_have_lines() {
    let e = team_file::parse("[team]\nname = \"x\"\nfoo = [\n", "syntax.toml").unwrap_err();
    assert_eq!(e.problems[0].line, 3);
    let e = team_file::parse("[team]\nname = 3\n", "type.toml").unwrap_err();
    assert_eq!(
        problems(&e),
        ["2:8 team.name: wrong type: found integer `3`, expected a string"]
    );
    let e = team_file::parse(
        "[[clinicians]]\ninitials = \"AD\"\nname = \"A\"\n",
        "noteam.toml",
    )
    .unwrap_err();
    assert!(e.problems[0].message.contains("missing key `team`"), "{e}");
}

#[test]
fn a_misspelt_time_zone_is_an_error_with_its_line() {
    let e = team_file::parse(
        "[team]\nname = \"x\"\ntime_zone = \"Europe/Londn\"\n",
        "zone.toml",
    )
    .unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "3:13 team.time_zone: 'Europe/Londn' is not a time zone; write it like Pacific/Auckland or Europe/London"
        ]
    );
    let tf = team_file::parse(
        "[team]\nname = \"x\"\ntime_zone = \"Europe/London\"\n",
        "zone.toml",
    )
    .unwrap();
    assert_eq!(tf.team.settings.time_zone.name(), "Europe/London");
}

#[test]
fn non_utf8_and_missing_files_are_clear() {
    let dir = std::env::temp_dir().join(format!("capa-io-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("latin1.toml");
    std::fs::write(&p, b"[team]\nname = \"Caf\xe9\"\n").unwrap();
    let e = team_file::load(&p).unwrap_err();
    assert_eq!(e.problems[0].line, 2);
    assert!(e.problems[0].message.contains("not UTF-8"));
    let e = team_file::load(&dir.join("nope.toml")).unwrap_err();
    assert!(e.problems[0].message.starts_with("cannot read the file"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn explicit_categories_and_versions() {
    let src = r#"
[team]
name = "Versions"
layout = "uk-half-day"

[[clinicians]]
initials = "AD"
name = "Alex Doe"

[[clinicians.job_plans]]
version = 1
grid = [["Choice", "", "", "", ""], ["", "", "", "", ""]]

[[clinicians.job_plans]]
version = 2
applies_from = 2026-10-05
grid = [[{ label = "Clinic run", category = "travel" }, "", "", "", ""], ["", "", "", "", "Choice"]]
"#;
    let team = team_file::parse(src, "v.toml").unwrap().team;
    let c = &team.clinicians[0];
    assert_eq!(c.job_plans.len(), 2);
    assert!(c.does_choice, "Choice sessions imply does_choice");
    let q1 = PlanningYear::new(2026, 7).quarters()[0];
    let q2 = q1.next();
    assert_eq!(capacity::quarter(&team, q1).clinicians[0].core_sessions, 9);
    let c2 = &capacity::quarter(&team, q2).clinicians[0];
    assert_eq!(
        (c2.job_plan_version, c2.core_sessions, c2.other_sessions),
        (Some(2), 8, 1)
    );
    assert_eq!(
        c.job_plans[1].grid()[0][0],
        Activity::Other {
            label: "Clinic run".into(),
            category: OtherCategory::Travel
        }
    );
}

#[test]
fn written_files_read_back_to_the_same_team() {
    for name in [
        "seed-team.toml",
        "capa-uk-team.toml",
        "capa-hours-team.toml",
    ] {
        let team = team_file::load(&root().join("examples").join(name))
            .unwrap()
            .team;
        let text = team_file::to_toml(&team);
        let again = team_file::parse(&text, "written.toml")
            .unwrap_or_else(|e| panic!("{name}:\n{e}\n{text}"));
        assert!(again.warnings.is_empty());
        assert_eq!(again.team, team, "{name}");
    }
}

#[test]
fn demand_settings_come_from_the_team_and_its_demand_table() {
    let plain = team_file::parse(
        "[team]\nname = \"T\"\nworking_weeks_per_quarter = 11.0\n",
        "t.toml",
    )
    .unwrap();
    assert_eq!(plain.demand.working_weeks_per_quarter, 11.0);
    assert_eq!(plain.demand.choice_max_ff, 3);
    let src = "[team]\nname = \"T\"\n\n[team.derive]\nappointments_per_session = 1.5\naverage_appointments = 7\n\n[team.demand]\nchoice_max_ff = 2\ncore_range_max_ff = 12\n";
    let tf = team_file::parse(src, "t.toml").unwrap();
    assert_eq!(
        (tf.demand.choice_max_ff, tf.demand.core_range_max_ff),
        (2, 12)
    );
    assert_eq!(
        tf.demand.appointments_per_session, 1.5,
        "from [team.derive]"
    );
    let e = team_file::parse(
        "[team]\nname = \"T\"\n[team.demand]\nchoise_max_ff = 2\n",
        "t.toml",
    )
    .unwrap_err();
    assert_eq!(e.problems[0].line, 3);
    assert!(e.problems[0].message.contains("choise_max_ff"), "{e}");
    assert_eq!(tf.demand_table.choice_max_ff, Some(2));
    assert_eq!(
        tf.demand_table.appointments_per_session, None,
        "kept as stated: the rest follows the team"
    );
    // Thresholds that cannot work together are the file's problem, told at
    // the table, not a failure of a later analysis.
    let e = team_file::parse(
        "[team]\nname = \"T\"\n[team.demand]\nchoice_max_ff = 20\n",
        "t.toml",
    )
    .unwrap_err();
    assert_eq!(e.problems[0].key, "team.demand");
    assert!(
        e.problems[0]
            .message
            .contains("must be above choice_max_ff"),
        "{e}"
    );
    // Written back after the team, the table reads back the same.
    let text = team_file::to_toml(&tf.team) + &team_file::demand_table(&tf.demand_table);
    let back = team_file::parse(&text, "t.toml").unwrap();
    assert_eq!(
        (back.demand_table, back.demand),
        (tf.demand_table, tf.demand)
    );
}

#[test]
fn forty_thousand_unknown_keys_are_read_in_one_pass_and_counted() {
    let mut text = String::from("[team]\nname = \"T\"\n");
    for i in 0..40_000 {
        text.push_str(&format!("unknown_{i:05} = {i}\n"));
    }
    assert!(text.len() < team_file::MAX_TEAM_FILE_BYTES);
    let tf = team_file::parse(&text, "many.toml").unwrap();
    let listed = team_file::MAX_UNKNOWN_KEY_WARNINGS;
    assert_eq!(
        tf.warnings.len(),
        listed + 1,
        "the rest collapse to a count"
    );
    assert_eq!(tf.warnings[0].key, "team.unknown_00000");
    assert_eq!((tf.warnings[0].line, tf.warnings[0].column), (3, 1));
    let last_listed = &tf.warnings[listed - 1];
    assert_eq!(last_listed.key, format!("team.unknown_{:05}", listed - 1));
    assert_eq!(last_listed.line, listed + 2);
    assert_eq!(
        tf.warnings[listed].message,
        "39980 more unknown keys, ignored (40000 in all; the first 20 are listed)"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let dir = std::env::temp_dir().join(format!("capa-io-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.toml");
    let mut text = String::from("[team]\nname = \"T\"\n");
    text.push_str(&"# padding\n".repeat(team_file::MAX_TEAM_FILE_BYTES / 10 + 1));
    std::fs::write(&path, &text).unwrap();
    let e = team_file::load(&path).unwrap_err();
    assert!(
        problems(&e)[0].contains("a team file has at most 1048576 (1024 KiB)"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dates_far_outside_any_plan_and_overlong_text_are_refused_where_they_are() {
    let long = "x".repeat(40_000);
    let text = format!(
        "[team]\nname = \"T\"\n\n[[clinicians]]\ninitials = \"AD\"\nname = \"A\\u0000D\"\n\
         [[clinicians.job_plans]]\napplies_from = 0000-01-01\ngrid = [\n\
         [\"{long}\", \"\", \"\", \"\", \"\"],\n\
         [{{ label = \"{long}\", category = \"admin\" }}, \"\", \"\", \"\", \"\"],\n\
         [\"\", \"\", \"\", \"\", \"\"],\n[\"\", \"\", \"\", \"\", \"\"],\n]\n"
    );
    let e = team_file::parse(&text, "t.toml").unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "6:8 clinicians[1].name: AD: a name may not contain control characters such as line breaks; found U+0000 at character 2",
            "8:16 clinicians[1].job_plans[1].applies_from: the date 0000-01-01 is outside the dates capa plans with (1970-01-01 to 2199-12-31)",
            "10:2 clinicians[1].job_plans[1].grid[1][1]: a job-plan cell has at most 80 characters; this one has 40000",
            "11:2 clinicians[1].job_plans[1].grid[2][1]: a job-plan cell has at most 80 characters; this one has 40000",
        ]
    );
}
