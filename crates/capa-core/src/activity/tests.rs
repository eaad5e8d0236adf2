//! How cells are read: each spelling a clinician writes, by name.
use super::*;

const STREAMS: [&str; 2] = ["DBT", "OT"];

fn cell(s: &str) -> Activity {
    Activity::parse_cell(s, &STREAMS).unwrap()
}

#[test]
fn empty_and_core_cells_are_core() {
    assert_eq!(cell(""), Activity::Core);
    assert_eq!(cell("  "), Activity::Core);
    assert_eq!(cell("CORE"), Activity::Core);
}

#[test]
fn choice_is_case_insensitive() {
    assert_eq!(cell("CHOICE"), Activity::Choice);
    assert_eq!(cell("choice"), Activity::Choice);
}

#[test]
fn specific_in_both_spellings() {
    assert_eq!(cell("Specific: OT"), Activity::Specific("OT".into()));
    assert_eq!(cell("specific:dbt"), Activity::Specific("DBT".into()));
    assert_eq!(cell("OT specific"), Activity::Specific("OT".into()));
    assert_eq!(cell("DBT Specific"), Activity::Specific("DBT".into()));
}

#[test]
fn unknown_stream_is_an_error() {
    let err = Activity::parse_cell("Specific: ED", &STREAMS).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown Specific stream 'ED' (the team's streams: DBT, OT)"
    );
    assert_eq!(
        Activity::parse_cell("Specific:", &STREAMS),
        Err(CellError::MissingStream)
    );
}

#[test]
fn long_cells_and_control_characters_are_refused() {
    let long = "x".repeat(40_000);
    assert_eq!(
        Activity::parse_cell(&long, &STREAMS)
            .unwrap_err()
            .to_string(),
        "a job-plan cell has at most 80 characters; this one has 40000"
    );
    assert!(matches!(
        Activity::parse_cell("MDT\0", &STREAMS),
        Err(CellError::Text(TextError::Control { .. }))
    ));
    assert_eq!(cell(&"x".repeat(80)).label().len(), 80);
}

#[test]
fn seed_cells_infer_their_categories() {
    let cat = |s: &str| match cell(s) {
        Activity::Other { category, .. } => category,
        other => panic!("{s} parsed as {other:?}"),
    };
    assert_eq!(cat("Business meeting"), OtherCategory::TeamMeeting);
    assert_eq!(cat("DBT consult"), OtherCategory::Consultation);
    assert_eq!(cat("Travel"), OtherCategory::Travel);
    assert_eq!(cat("travel"), OtherCategory::Travel);
    assert_eq!(cat("Supervision (own)"), OtherCategory::SupervisionOwn);
    assert_eq!(
        cat("Supervision (others)"),
        OtherCategory::SupervisionOthers
    );
    assert_eq!(cat("DBT group"), OtherCategory::Group);
    assert_eq!(cat("MDT"), OtherCategory::Mdt);
    assert_eq!(cat("OT MTG"), OtherCategory::TeamMeeting);
    assert_eq!(cat("Annual leave"), OtherCategory::Leave);
    assert_eq!(cat("Not working"), OtherCategory::NotWorking);
    assert_eq!(cat("Admin"), OtherCategory::Admin);
    assert_eq!(cat("Service development"), OtherCategory::Management);
    assert_eq!(cat("School liaison"), OtherCategory::Consultation);
    assert_eq!(cat("Family therapy clinic"), OtherCategory::Other);
}

fn reading(s: &str) -> Reading {
    Activity::read_cell(s, &STREAMS).unwrap().reading
}

#[test]
fn cells_as_clinicians_write_them() {
    // CAPA's "Choice clinic", the seed's "CHOICE", "CHOICE appts", "Choice x2".
    for text in [
        "Choice clinic",
        "CHOICE appts",
        "Choice x2",
        "choice (2 appts)",
        "Choice x 2",
    ] {
        assert_eq!(cell(text), Activity::Choice, "{text}");
        assert_eq!(
            reading(text),
            Reading::Inferred(format!("'{text}' read as Choice"))
        );
    }
    assert_eq!(reading("CHOICE"), Reading::AsWritten);
    // A stream's name alone is its Specific work.
    assert_eq!(cell("DBT"), Activity::Specific("DBT".into()));
    assert_eq!(
        reading("dbt"),
        Reading::Inferred("'dbt' read as Specific: DBT".into())
    );
    // Travel, whatever else the cell says.
    let travel = |s: &str| {
        matches!(
            cell(s),
            Activity::Other {
                category: OtherCategory::Travel,
                ..
            }
        )
    };
    assert!(travel("Travel (drop off)"));
    assert!(matches!(
        cell("Off"),
        Activity::Other {
            category: OtherCategory::NotWorking,
            ..
        }
    ));
    assert!(matches!(
        cell("Day off"),
        Activity::Other {
            category: OtherCategory::NotWorking,
            ..
        }
    ));
    // "Choice supervision" is not a Choice clinic.
    assert!(matches!(
        cell("Choice supervision"),
        Activity::Other {
            category: OtherCategory::SupervisionOwn,
            ..
        }
    ));
}

#[test]
fn every_inference_is_reported() {
    assert_eq!(
        reading("DBT consult"),
        Reading::Inferred("'DBT consult' read as Other: consultation".into())
    );
    assert_eq!(reading("MDT"), Reading::AsWritten);
    assert_eq!(reading("Travel"), Reading::AsWritten);
    assert_eq!(reading("Specific: OT"), Reading::AsWritten);
    assert_eq!(reading(""), Reading::AsWritten);
    match reading("Family therapy clinic") {
        Reading::Unplaced(m) => assert!(
            m.starts_with("'Family therapy clinic' could not be placed: read as Other: other"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stored_session_reads_as_its_label_would() {
    let other = |label: &str, category| Activity::Other {
        label: label.into(),
        category,
    };
    assert_eq!(
        other("DBT consult", OtherCategory::Consultation).reading(&STREAMS),
        Reading::Inferred("'DBT consult' read as Other: consultation".into())
    );
    assert_eq!(
        other("Travel (drop off)", OtherCategory::Travel).reading(&STREAMS),
        Reading::Inferred("'Travel (drop off)' read as Other: travel".into())
    );
    assert_eq!(
        other("Family therapy clinic", OtherCategory::Other).reading(&STREAMS),
        Reading::Unplaced(
            "'Family therapy clinic' could not be placed: read as Other: other (not Core capacity)"
                .into()
        )
    );
    // A category chosen other than the words say is what was written.
    assert_eq!(
        other("Family therapy clinic", OtherCategory::Group).reading(&STREAMS),
        Reading::AsWritten
    );
    assert_eq!(
        other("DBT consult", OtherCategory::Group).reading(&STREAMS),
        Reading::AsWritten
    );
    // A label that now reads as a stream (the stream added later) is as stored.
    assert_eq!(
        other("DBT", OtherCategory::Other).reading(&STREAMS),
        Reading::AsWritten
    );
    assert_eq!(
        other("MDT", OtherCategory::Mdt).reading(&STREAMS),
        Reading::AsWritten
    );
    assert_eq!(Activity::Choice.reading(&STREAMS), Reading::AsWritten);
    assert_eq!(
        Activity::Specific("DBT".into()).reading(&STREAMS),
        Reading::AsWritten
    );
}

#[test]
fn category_ids_parse() {
    assert_eq!(
        OtherCategory::parse("Supervision-Others"),
        Some(OtherCategory::SupervisionOthers)
    );
    assert_eq!(
        OtherCategory::parse("not working"),
        Some(OtherCategory::NotWorking)
    );
    assert_eq!(OtherCategory::parse("MDT"), Some(OtherCategory::Mdt));
    assert_eq!(OtherCategory::parse("lunch"), None);
}
