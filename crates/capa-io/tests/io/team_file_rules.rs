//! The team file keys and readings issue 9 adds: holiday calendar, long
//! leave, re-offer days, wait limit, a team's own session layout, leave per
//! clinician, cells read as clinicians write them (every inference
//! reported), and errors in the file's words.

use capa_core::diary::HolidayCalendar;
use capa_core::{Activity, OtherCategory, PlanningYear, capacity};
use capa_io::team_file::{self, TeamFileError};

fn problems(e: &TeamFileError) -> Vec<String> {
    e.problems
        .iter()
        .map(|p| format!("{}:{} {}: {}", p.line, p.column, p.key, p.message))
        .collect()
}

const THREE_A_DAY: &str = r#"
[team]
name = "Three a day"
holiday_calendar = "nz-canterbury"
long_leave_weeks = 3
reoffer_working_days = 4
max_wait_weeks = 5

[team.layout]
id = "three-a-day"
name = "Three sessions, Monday to Thursday"
days = ["Monday", "Tuesday", "Wed", "Thu"]
blocks = [
  { label = "Morning", start = "09:00", end = "11:00" },
  { label = "Midday", start = "11:30", end = "13:30" },
  { label = "Lunch", start = "13:30", end = "14:00", kind = "lunch" },
  { label = "Afternoon", start = "14:00", end = "16:00" },
]

[[streams]]
name = "DBT"
multiplier = 2

[[clinicians]]
initials = "FD"
name = "Four Days"
leave = [{ first_day = 2026-08-03, last_day = "30/10/2026" }]
job_plan = [
  ["Choice clinic", "", "DBT", "MDT"],
  ["", "Travel (drop off)", "", "DBT consult"],
  ["CHOICE appts", "Choice x2", "Admin", ""],
]
"#;

#[test]
fn a_teams_own_layout_calendar_and_leave_are_read() {
    let tf = team_file::parse(THREE_A_DAY, "three.toml").unwrap_or_else(|e| panic!("{e}"));
    let s = &tf.team.settings;
    assert_eq!(s.layout.id, "three-a-day");
    assert_eq!(
        (s.layout.sessions_per_day(), s.layout.days_per_week()),
        (3, 4)
    );
    assert_eq!(
        s.holiday_calendar,
        HolidayCalendar::parse("nz-canterbury").unwrap()
    );
    assert_eq!(
        (s.long_leave_weeks, s.reoffer_working_days, s.max_wait_weeks),
        (3, 4, 5)
    );
    assert_eq!(tf.team.leave.len(), 1);
    let grid = tf.team.clinicians[0].job_plans[0].grid();
    assert_eq!(grid[0][0], Activity::Choice, "Choice clinic");
    assert_eq!(grid[2][0], Activity::Choice, "CHOICE appts");
    assert_eq!(grid[2][1], Activity::Choice, "Choice x2");
    assert_eq!(grid[0][2], Activity::Specific("DBT".into()), "DBT alone");
    assert!(matches!(
        grid[1][1],
        Activity::Other {
            category: OtherCategory::Travel,
            ..
        }
    ));
    // Every inferred reading is reported, with its cell.
    let readings: Vec<String> = tf
        .readings
        .iter()
        .map(|p| format!("{} {}: {}", p.line, p.key, p.message))
        .collect();
    assert_eq!(
        readings,
        [
            "29 clinicians[1].job_plan[1][1]: 'Choice clinic' read as Choice",
            "29 clinicians[1].job_plan[1][3]: 'DBT' read as Specific: DBT",
            "30 clinicians[1].job_plan[2][2]: 'Travel (drop off)' read as Other: travel",
            "30 clinicians[1].job_plan[2][4]: 'DBT consult' read as Other: consultation",
            "31 clinicians[1].job_plan[3][1]: 'CHOICE appts' read as Choice",
            "31 clinicians[1].job_plan[3][2]: 'Choice x2' read as Choice",
        ]
    );
    assert!(tf.warnings.is_empty(), "{:?}", tf.warnings);
    // Long leave from 3 August 2026 (13 weeks, more than the team's 3):
    // Q1's four-day weeks lose 36 of their 52 working days; 4 Core x 3 x 16/52 = 3.69.
    let r = capacity::quarter(&tf.team, PlanningYear::new(2026, 7).quarters()[0]);
    let fd = &r.clinicians[0];
    assert_eq!((fd.in_post_days, fd.quarter_working_days), (16, 52));
    assert_eq!(fd.new_core_target, 4);
    // Written and read back, the same team.
    let text = team_file::to_toml(&tf.team);
    let again = team_file::parse(&text, "written.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again.team, tf.team, "{text}");
    assert!(again.warnings.is_empty());
}

#[test]
fn a_cell_nobody_can_place_is_a_warning_that_names_it() {
    let src = "[team]\nname = \"T\"\nlayout = \"uk-half-day\"\n\n[[clinicians]]\ninitials = \"AB\"\nname = \"A\"\njob_plan = [[\"Family therapy clinic\", \"\", \"\", \"\", \"\"], [\"\", \"\", \"\", \"\", \"\"]]\n";
    let tf = team_file::parse(src, "t.toml").unwrap();
    assert_eq!(tf.warnings.len(), 1);
    let w = &tf.warnings[0];
    assert_eq!(
        (w.line, w.key.as_str()),
        (8, "clinicians[1].job_plan[1][1]")
    );
    assert_eq!(
        w.message,
        "'Family therapy clinic' could not be placed: read as Other: other (not Core capacity); write { label = \"Family therapy clinic\", category = \"...\" } to say what it is, or Core, Choice or Specific: <stream>"
    );
}

#[test]
fn layout_and_setting_errors_name_their_keys() {
    let src = r#"[team]
name = "Bad"
holiday_calendar = "nz-gondor"
long_leave_weeks = -1

[team.layout]
days = ["Monday", "Funday"]
blocks = [
  { label = "AM", start = "9am", end = "12:00" },
  { label = "PM", start = "13:00", end = "16:00", kind = "nap" },
]
"#;
    let e = team_file::parse(src, "bad.toml").unwrap_err();
    let p = problems(&e);
    assert_eq!(p.len(), 5, "{p:#?}");
    assert!(p[0].starts_with("3:20 team.holiday_calendar: unknown holiday calendar 'nz-gondor'; expected one of: nz, nz-wellington"));
    assert_eq!(
        p[1],
        "4:20 team.long_leave_weeks: weeks of leave that count as long leave must be a whole number 0 or more, not -1"
    );
    assert_eq!(
        p[2],
        "7:19 team.layout.days: 'Funday' is not a day; write Monday, Tuesday ... or Mon, Tue ..."
    );
    assert_eq!(
        p[3],
        "9:27 team.layout.blocks[1].start: '9am' is not a time; write it as 09:00"
    );
    assert_eq!(
        p[4],
        "10:58 team.layout.blocks[2].kind: unknown kind 'nap'; expected session, buffer, lunch or admin"
    );
    let e = team_file::parse(
        "[team]\nname = \"O\"\n[team.layout]\nblocks = [{ label = \"AM\", start = \"12:00\", end = \"09:00\" }]\n",
        "o.toml",
    )
    .unwrap_err();
    assert_eq!(
        problems(&e),
        ["4:10 team.layout: block 'AM' must start before it ends (12:00 to 09:00)"]
    );
}

#[test]
fn a_layout_based_on_a_built_in_one_with_other_days() {
    let src = "[team]\nname = \"Four days\"\n[team.layout]\nbased_on = \"uk-half-day\"\ndays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\"]\n\n[[clinicians]]\ninitials = \"AB\"\nname = \"A\"\njob_plan = [[\"\", \"\", \"Choice\", \"\"], [\"\", \"\", \"\", \"\"]]\n";
    let tf = team_file::parse(src, "t.toml").unwrap_or_else(|e| panic!("{e}"));
    let l = &tf.team.settings.layout;
    assert_eq!(
        (l.id.as_str(), l.days_per_week(), l.sessions_per_day()),
        ("uk-half-day-own", 4, 2)
    );
    let e = team_file::parse(
        &src.replace(
            "[\"\", \"\", \"Choice\", \"\"]",
            "[\"\", \"\", \"Choice\", \"\", \"\"]",
        ),
        "t.toml",
    )
    .unwrap_err();
    assert!(
        e.problems[0]
            .message
            .ends_with("(one row per session, Monday to Thursday)"),
        "{e}"
    );
}

#[test]
fn errors_speak_the_files_language_and_name_core_multiplier() {
    let e = team_file::parse(
        "[team]\nname = \"T\"\nhours_per_week = \"forty\"\n",
        "t.toml",
    )
    .unwrap_err();
    assert_eq!(
        problems(&e),
        ["3:18 team.hours_per_week: wrong type: found string \"forty\", expected a number"]
    );
    // A value of the wrong type names its key, with its file line and column.
    let e = team_file::parse(
        "[team]\nname = \"T\"\ncore_multiplier = \"three\"\n",
        "t.toml",
    )
    .unwrap_err();
    assert_eq!(
        problems(&e),
        ["3:19 team.core_multiplier: wrong type: found string \"three\", expected a number"]
    );
    assert_eq!(e.file, "t.toml");
    let e = team_file::parse(
        "[team]\nname = \"T\"\n\n[[clinicians]]\ninitials = \"AB\"\nname = \"A\"\nfte = \"full\"\n",
        "t.toml",
    )
    .unwrap_err();
    assert_eq!(
        problems(&e),
        ["7:7 clinicians[1].fte: wrong type: found string \"full\", expected a number"]
    );
    // A cell that is neither text nor a table says what a cell may be.
    let e = team_file::parse(
        "[team]\nname = \"T\"\nlayout = \"uk-half-day\"\n\n[[clinicians]]\ninitials = \"AB\"\nname = \"A\"\njob_plan = [\n  [42, \"\", \"\", \"\", \"\"],\n  [\"\", \"\", \"\", \"\", \"\"],\n]\n",
        "t.toml",
    )
    .unwrap_err();
    let all = problems(&e).join("\n");
    assert!(
        all.contains("clinicians[1].job_plan: expected a session: text such as \"Choice\""),
        "{all}"
    );
    for word in [
        "f64",
        "untagged",
        "RawCell",
        "serde",
        "invalid type",
        "struct",
    ] {
        assert!(!all.contains(word), "{all}");
    }
    let e = team_file::parse("[team]\nname = \"T\"\ncore_multiplier = -3\n", "t.toml").unwrap_err();
    assert_eq!(
        problems(&e),
        ["3:19 team.core_multiplier: a multiplier must be a number 0 or more, not -3"]
    );
    let e = team_file::parse(
        "[team]\nname = \"T\"\n[team.derive]\naverage_appointments = 0\n",
        "t.toml",
    )
    .unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "4:24 team.derive.average_appointments: average appointments per episode must be more than 0, not 0"
        ]
    );
}

#[test]
fn leave_errors_point_at_the_period() {
    let src = "[team]\nname = \"T\"\n\n[[clinicians]]\ninitials = \"AB\"\nname = \"A\"\nleave = [{ first_day = 2026-08-03, last_day = 2026-08-01 }, { first_day = \"soon\", last_day = 2026-09-01 }]\n";
    let e = team_file::parse(src, "t.toml").unwrap_err();
    assert_eq!(
        problems(&e),
        [
            "7:10 clinicians[1].leave[1].last_day: leave cannot end (01/08/2026) before it starts (03/08/2026)",
            "7:75 clinicians[1].leave[2].first_day: expected a date: 2026-09-30 (TOML date) or \"30/09/2026\"",
        ]
    );
}
