//! `capa demand analyse` as a team lead and a script use it.

use std::path::{Path, PathBuf};

use super::{capa, stderr, stdout};

/// Writes a report into the test scratch directory and returns its path.
fn report(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const GOOD: &str = "Name,NHI,Diagnosis,Days in service,F/F,Discharge date\n\
    Aroha Secretname,JBX3656,ADHD,0,0,01/01/2024\n\
    Mia Secretname,ZZZ0016,ADHD,20,3,15/01/2024\n\
    Noah Secretname,ZZZ0024,ADHD,60,4,01/02/2024\n\
    Leo Secretname,ZAC5361,Anxiety,70,8,15/03/2024\n\
    Ava Secretname,ZBN77VL,Anxiety,90,16,01/04/2024\n\
    Ava Secretname,ZBN77VL,Anxiety,90,16,01/04/2024\n\
    Isla Secretname,ZZZ00AC,Eating disorder,300,20,30/06/2024\n";

fn analyse(path: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "demand",
        "analyse",
        path.to_str().unwrap(),
        "--today",
        "2024-12-31",
    ];
    args.extend_from_slice(extra);
    capa(&args)
}

#[test]
fn json_has_every_figure() {
    let path = report("good.csv", GOOD);
    let out = analyse(&path, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["episodes"], 6);
    assert_eq!(v["choice_or_one_off"], 2);
    assert_eq!(v["partnership_episodes"], 4);
    assert_eq!(v["partnership_mean_ff"], 12.0);
    assert_eq!(v["partnership_median_ff"], 12.0);
    assert_eq!(v["partnership_p90_ff"], 18.8);
    assert_eq!(v["core_range_mean_ff"], 6.0);
    assert_eq!(v["extended_episodes"], 2);
    let h = v["ff_histogram"].as_object().unwrap();
    assert_eq!(h.len(), 32);
    assert_eq!(
        (&h["0"], &h["16"], &h["31+"]),
        (&1.into(), &1.into(), &0.into())
    );
    // The bars come in f/f order in the text.
    let text = stdout(&out);
    let at = |k: &str| text.find(&format!("\"{k}\": ")).unwrap();
    assert!(at("0") < at("1") && at("9") < at("10") && at("30") < at("31+"));
    let d = &v["by_diagnosis"][0];
    assert_eq!(d["diagnosis"], "ADHD");
    assert_eq!(d["episodes"], 3);
    assert_eq!(d["partnership_episodes"], 1);
    assert_eq!(d["mean_ff"], 4.0);
    assert_eq!(d["median_ff"], 4.0);
    assert_eq!(d["extended_share"], 0.0);
    assert_eq!(d["suggested_specific"], false);
    assert_eq!(v["by_diagnosis"][2]["suggested_specific"], true);
    // 3 starts in 01/01-30/06/2024 (182 days): 3 x 7 / 182 a week.
    // serde_json reads floats to within a unit in the last place.
    let near = |v: &serde_json::Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-12;
    assert!(near(&v["referrals_per_week"], 21.0 / 182.0));
    assert_eq!(v["choice_needed_per_quarter"], 2);
    assert!(near(&v["suggested_core_multiplier"], 22.5 / 6.0));
    assert_eq!(v["duplicates"], 1);
    assert_eq!(v["duplicate_rows"], serde_json::json!([7]));
    assert_eq!(v["test_nhis"], 5);
    assert_eq!(v["errors"], serde_json::json!([]));
    for figure in [
        "referrals_per_week",
        "choice_needed_per_quarter",
        "suggested_core_multiplier",
    ] {
        assert!(
            v["explain"][figure].as_str().unwrap().contains(" = "),
            "{figure}"
        );
    }
}

#[test]
fn the_table_is_the_pivot_and_names_never_show() {
    let path = report("table.csv", GOOD);
    let out = analyse(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "6 episodes discharged 01/01/2024 to 30/06/2024 (182 days)",
        "Choice or one-off (f/f <= 3)",
        "Eating disorder",
        "Specific?",
        "Referrals per week",
        "Choice needed per quarter",
        "Suggested Core multiplier",
        "2 x 11.25 / 6 = 3.75",
        "counted once; rows 7",
        "31+",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("Secretname"));
    assert!(!stderr(&out).contains("Secretname"));
}

#[test]
fn a_bad_row_stops_the_analysis_with_exit_2() {
    let text = GOOD.replace("ZZZ0024", "ZZZ0025");
    let path = report("bad-row.csv", &text);
    let out = analyse(&path, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.contains("bad-row.csv: row 4, nhi: 'ZZZ0025' is not a valid NHI: check digit does not match (expected '4', found '5')"),
        "{err}"
    );
    assert!(err.contains("1 bad rows; nothing analysed"), "{err}");
    assert!(!err.contains("Secretname"));

    let out = analyse(&path, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["errors"][0]["row"], 4);
    assert_eq!(v["errors"][0]["column"], "nhi");
    assert!(v.get("episodes").is_none(), "no statistics");
}

#[test]
fn allow_bad_rows_analyses_the_rest() {
    let text = GOOD.replace("20,3,15/01/2024", "20,three,15/01/2024");
    let path = report("allow.csv", &text);
    let out = analyse(&path, &["--allow-bad-rows", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["episodes"], 5);
    assert_eq!(v["errors"][0]["row"], 3);
    assert_eq!(v["errors"][0]["column"], "face_to_face");
    assert_eq!(v["errors"][0]["message"], "'three' is not a number");
    assert!(stderr(&out).contains("1 bad rows left out"));
}

#[test]
fn an_unreadable_file_names_the_file_and_exits_2() {
    let path = report(
        "no-ff.csv",
        "NHI,Diagnosis,Days,Discharge date\nJBX3656,ADHD,1,01/01/2024\n",
    );
    let out = analyse(&path, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("capa: ")
            && err.contains("no-ff.csv: row 1, face_to_face: no face_to_face column"),
        "{err}"
    );
    let out = analyse(&path, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["errors"][0]["column"], "face_to_face");

    let out = analyse(Path::new("does/not/exist.csv"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("exist.csv: cannot read the file"));
}

#[test]
fn a_discharge_after_today_is_a_bad_row() {
    let path = report("future.csv", GOOD);
    let out = capa(&[
        "demand",
        "analyse",
        path.to_str().unwrap(),
        "--today",
        "2024-06-29",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("row 8, discharge_date: 30/06/2024 is in the future (today is 29/06/2024)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn csv_is_the_pivot_for_a_spreadsheet() {
    let text = GOOD.replace("Eating disorder", "=cmd()");
    let path = report("pivot.csv", &text);
    let out = analyse(&path, &["--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}diagnosis,episodes,partnership_episodes,mean_ff,median_ff,extended_episodes,extended_share,suggested_specific"
    );
    assert_eq!(lines[1], "All diagnoses,6,4,12,12,2,0.5,");
    assert_eq!(lines[2], "ADHD,3,1,4,4,0,0,false");
    assert_eq!(lines[4], "'=cmd(),1,1,20,20,1,1,true");
}

#[test]
fn a_team_file_sets_the_thresholds() {
    let path = report("team-thresholds.csv", GOOD);
    let team = report(
        "team.toml",
        "[team]\nname = \"T\"\n\n[team.demand]\nchoice_max_ff = 4\ncore_range_max_ff = 10\n",
    );
    let out = analyse(
        &path,
        &["--team", team.to_str().unwrap(), "--format", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // f/f 0, 3 and 4 are now Choice or one-off; 8 is Core range; 16 and 20 extended.
    assert_eq!(v["choice_or_one_off"], 3);
    assert_eq!(v["core_range_episodes"], 1);
    assert_eq!(v["extended_episodes"], 2);
    assert_eq!(v["settings"]["choice_max_ff"], 4);

    let bad = report(
        "bad-team.toml",
        "[team]\nname = \"T\"\n[team.demand]\nchoise_max_ff = 2\n",
    );
    let out = analyse(&path, &["--team", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("choise_max_ff"), "{}", stderr(&out));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::process::{Command, Stdio};
    let path = report("pipe.csv", GOOD);
    let mut child = Command::new(env!("CARGO_BIN_EXE_capa"))
        .args([
            "demand",
            "analyse",
            path.to_str().unwrap(),
            "--today",
            "2024-12-31",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end at once, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
