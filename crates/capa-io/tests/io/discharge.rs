//! Reading discharge reports: good files in their many shapes, and every kind
//! of bad file with the exact error a user sees.

use std::path::{Path, PathBuf};

use capa_core::demand::DemandSettings;
use capa_io::discharge::{
    DischargeAnalysis, DischargeError, DischargeOptions, analyse_csv, analyse_file,
};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
}

fn options(threads: usize) -> DischargeOptions {
    let mut o = DischargeOptions::new(today(), DemandSettings::default());
    o.threads = threads;
    o
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/discharge")
        .join(name)
}

fn read(name: &str) -> Result<DischargeAnalysis, DischargeError> {
    analyse_file(&fixture(name), options(1))
}

fn read_text(text: &str, threads: usize) -> Result<DischargeAnalysis, DischargeError> {
    analyse_csv(
        std::io::Cursor::new(text.as_bytes().to_vec()),
        None,
        options(threads),
    )
}

/// The row errors of a file whose rows are bad, as the user reads them.
fn row_errors(name: &str) -> Vec<String> {
    let a = read(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    a.errors.iter().map(ToString::to_string).collect()
}

/// The message of a file that cannot be read at all.
fn fatal(name: &str) -> String {
    match read(name) {
        Ok(_) => panic!("{name} was read"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn each_bad_row_gives_its_exact_error() {
    let expected: &[(&str, &[&str])] = &[
        (
            "nhi-check-digit.csv",
            &[
                "row 3, nhi: 'JBX3657' is not a valid NHI: check digit does not match (expected '6', found '7')",
            ],
        ),
        (
            "nhi-format.csv",
            &[
                "row 2, nhi: 'JB36567' is not a valid NHI: character 3 ('3') should be a letter other than I or O",
            ],
        ),
        (
            "negative-count.csv",
            &["row 2, face_to_face: '-2' is negative"],
        ),
        (
            "non-numeric-count.csv",
            &["row 2, days_in_service: 'ten' is not a number"],
        ),
        (
            "fractional-count.csv",
            &["row 2, face_to_face: '2.5' is not a whole number"],
        ),
        (
            "unparseable-date.csv",
            &[
                "row 2, discharge_date: '31/02/2024' is not a date in the calendar (use dd/mm/yyyy or yyyy-mm-dd)",
            ],
        ),
        (
            "two-digit-year.csv",
            &[
                "row 2, discharge_date: '02/03/24' has a two-digit year (use dd/mm/yyyy or yyyy-mm-dd)",
            ],
        ),
        (
            "future-date.csv",
            &["row 2, discharge_date: 01/01/2030 is in the future (today is 31/12/2024)"],
        ),
        (
            "start-before-1900.csv",
            &[
                "row 2, days_in_service: 50000 days before the discharge on 02/03/2024 is before 01/01/1900: days in service do not fit the dates",
            ],
        ),
        (
            "days-do-not-fit-start-date.csv",
            &[
                "row 2, days_in_service: '30' does not fit the dates: start 01/01/2024 to discharge 01/03/2024 is 60 days",
            ],
        ),
        (
            "wrong-field-count.csv",
            &["row 2: has 8 values but the header has 7 (a value with a ',' in it needs quotes)"],
        ),
        (
            "unclosed-quote.csv",
            &["row 3: a quote opened in this row is never closed"],
        ),
        (
            "several-errors.csv",
            &[
                "row 2, nhi: 'ZZZ0044' is not a valid NHI: checksum remainder is 0, which no valid NHI has",
                "row 2, days_in_service: '-1' is negative",
                "row 2, face_to_face: 'x' is not a number",
                "row 2, discharge_date: '2024-13-01' is not a date in the calendar (use dd/mm/yyyy or yyyy-mm-dd)",
            ],
        ),
    ];
    for (name, errors) in expected {
        assert_eq!(row_errors(name), *errors, "{name}");
    }
}

#[test]
fn bad_rows_leave_the_good_ones_countable() {
    let a = read("nhi-check-digit.csv").unwrap();
    assert!(a.has_errors());
    assert_eq!((a.rows, a.report.episodes), (2, 1));
    let a = read("several-errors.csv").unwrap();
    assert_eq!((a.rows, a.report.episodes), (2, 1));
}

#[test]
fn each_unreadable_file_gives_its_exact_error() {
    let expected = [
        (
            "missing-column.csv",
            "row 1, face_to_face: no face_to_face column (accepted names: F/F, Face to face, Contacts, Number of f/f, F2F); the header has: Name, NHI, Diagnosis, Days in service, Discharge date",
        ),
        (
            "duplicate-column.csv",
            "row 1, nhi: columns 1 ('NHI') and 2 ('NHI number') both look like nhi; rename or remove one",
        ),
        ("empty.csv", "the file is empty"),
        ("blank-lines-only.csv", "the file is empty"),
        (
            "header-only.csv",
            "row 1: the file has a header row but no episodes",
        ),
        (
            "binary.csv",
            "this is not a text file (binary data at byte 3); save the report as CSV (UTF-8) or XLSX",
        ),
        (
            "old-excel.xls",
            "this is an old Excel .xls workbook; save it as .xlsx or CSV",
        ),
    ];
    for (name, message) in expected {
        assert_eq!(fatal(name), message, "{name}");
    }
    let e = read("missing-column.csv").unwrap_err();
    let rows = e.row_errors();
    assert_eq!(
        (rows[0].row, rows[0].column.as_deref()),
        (1, Some("face_to_face"))
    );
}

#[test]
fn a_huge_row_is_reported_and_skipped() {
    let header = "NHI,Diagnosis,Days,F/F,Discharge date\n";
    let good = "JBX3656,ADHD,10,4,01/03/2024\n";
    let huge = format!("JBX3656,{},10,4,02/03/2024\n", "x".repeat(70_000));
    for threads in [0, 2] {
        let a = read_text(&format!("{header}{good}{huge}{good}"), threads).unwrap();
        let errors: Vec<String> = a.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            ["row 3: the row is longer than 65536 bytes (is a quote left open?)"]
        );
        // The row after it is read, as a duplicate of the first.
        assert_eq!((a.report.episodes, a.report.duplicates), (1, 1));
        assert_eq!(a.duplicate_rows, [4]);
    }
}

#[test]
fn a_quote_left_open_costs_one_row_not_the_file() {
    let mut text = String::from("NHI,Diagnosis,Days,F/F,Discharge date\n");
    text.push_str("JBX3656,ADHD,10,4,01/03/2024\n");
    text.push_str("JBX3656,\"ADHD,10,4,02/03/2024\n");
    for day in 0..20_000 {
        text.push_str(&format!("JBX3656,ADHD,10,4,{:02}/01/2024\n", 1 + day % 28));
    }
    for threads in [0, 2] {
        let a = read_text(&text, threads).unwrap();
        let errors: Vec<String> = a.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            ["row 3: the row is longer than 65536 bytes (is a quote left open?)"]
        );
        assert_eq!(a.rows, 20_002);
        assert_eq!(a.report.episodes, 29);
    }
}

#[test]
fn errors_kept_are_capped_and_the_rest_counted() {
    let mut text = String::from("NHI,Diagnosis,Days,F/F,Discharge date\n");
    for _ in 0..1500 {
        text.push_str("JBX3656,ADHD,10,-4,01/03/2024\n");
    }
    text.push_str("JBX3656,ADHD,10,4,01/03/2024\n");
    let a = read_text(&text, 2).unwrap();
    assert_eq!(a.errors.len(), 1000);
    assert_eq!(a.errors_omitted, 500);
    assert_eq!(a.errors[999].row, 1001);
    assert_eq!(a.report.episodes, 1);
}

#[test]
fn other_encodings_and_delimiters_are_read() {
    let a = read("windows-1252.csv").unwrap();
    assert_eq!(a.report.by_diagnosis[0].diagnosis, "Anxiété");
    // One value in the file: said in the singular.
    assert!(
        a.notes
            .iter()
            .any(|n| n == "1 value was not UTF-8 and was read as Windows-1252"),
        "{:?}",
        a.notes
    );
    assert!(a.notes.iter().any(|n| n.contains("separated by ';'")));
    let a = read("utf16-tabs.csv").unwrap();
    assert!(!a.has_errors(), "{:?}", a.errors);
    assert_eq!(a.report.by_diagnosis[0].diagnosis, "Whānau distress");
    assert!(a.notes.iter().any(|n| n.contains("UTF-16LE")));
    assert!(a.notes.iter().any(|n| n.contains("separated by tabs")));
}

/// A report of `n` rows with quoted fields, some spanning lines, so that chunk
/// boundaries fall everywhere.
fn tricky_report(n: usize) -> String {
    let mut text = String::from("Name,NHI,Diagnosis,Days in service,F/F,Discharge date\r\n");
    let nhis = [
        "JBX3656", "ZZZ0016", "ZAC5361", "ZBN77VL", "ZZZ0024", "ZZZ00AC",
    ];
    for i in 0..n {
        let name = if i % 5 == 0 {
            format!("\"Smith, \"\"Jo\"\"\nline two {i}\"")
        } else {
            format!("Jo {i}")
        };
        let diagnosis = match i % 4 {
            0 => "\"Trauma, complex\"",
            1 => "ADHD",
            2 => "\"Anxiety\"",
            _ => "adhd ",
        };
        text.push_str(&format!(
            "{name},{},{diagnosis},{},{},{:02}/{:02}/2024\r\n",
            nhis[i % nhis.len()],
            i % 97,
            i % 41,
            1 + i % 28,
            1 + i % 12
        ));
    }
    text
}

#[test]
fn threads_do_not_change_any_figure() {
    let text = tricky_report(80_000);
    assert!(text.len() > 3 << 20, "spans several chunks");
    let one = read_text(&text, 0).unwrap();
    assert!(
        !one.has_errors(),
        "{:?}",
        &one.errors[..3.min(one.errors.len())]
    );
    assert_eq!(one.rows, 80_000);
    assert!(one.report.duplicates > 0);
    for threads in [1, 3] {
        let many = read_text(&text, threads).unwrap();
        assert_eq!(many, one, "{threads} threads");
    }
}

#[test]
fn quoted_names_spanning_lines_keep_row_numbers() {
    let text = "Name,NHI,Diagnosis,Days,F/F,Discharge date\n\"Two\nlines\",JBX3656,ADHD,1,2,01/02/2024\nJo,JBX3656,ADHD,1,x,01/02/2024\n";
    let a = read_text(text, 0).unwrap();
    assert_eq!(
        a.errors[0].to_string(),
        "row 3, face_to_face: 'x' is not a number"
    );
}

#[test]
fn a_hand_computed_report() {
    let text = "\u{feff}Client name,NHI number,Primary diagnosis,Team,Days in service,Face to face,Discharge date\n\
        A,JBX3656,ADHD,N,0,0,2024-01-01\n\
        B,ZZZ0016,ADHD,N,20,3,15/01/2024\n\
        C,ZZZ0024,ADHD,N,60,4,1/2/2024\n\
        D,ZAC5361,Anxiety,N,70,8,15/03/2024\n\
        E,ZBN77VL,Anxiety,N,90,16,01/04/2024\n\
        E,zbn77vl,ANXIETY,N,90,16,01/04/2024\n\
        \n\
        F,ZZZ00AC,Eating disorder,N,300,20,30/06/2024\n";
    let a = read_text(text, 0).unwrap();
    assert!(!a.has_errors(), "{:?}", a.errors);
    let r = &a.report;
    assert_eq!((a.rows, r.episodes, r.duplicates), (7, 6, 1));
    assert_eq!(a.duplicate_rows, [7]);
    assert_eq!((r.choice_or_one_off, r.partnership_episodes), (2, 4));
    // Partnership f/f: 4 8 16 20.
    assert_eq!(r.partnership_mean_ff, Some(12.0));
    assert_eq!(r.partnership_median_ff, Some(12.0));
    assert_eq!(r.core_range_mean_ff, Some(6.0));
    assert_eq!(r.extended_episodes, 2);
    assert_eq!(r.test_nhis, 5);
    assert_eq!(r.by_diagnosis[0].diagnosis, "ADHD");
    assert_eq!(r.by_diagnosis[1].diagnosis, "Anxiety");
    assert_eq!(r.by_diagnosis[1].median_ff, Some(12.0));
    assert!(r.by_diagnosis[2].suggested_specific);
    // Span 01/01 to 30/06/2024: 182 days. Starts in it: 01/01 (0 days),
    // 05/01 (15/03 - 70), 02/01 (01/04 - 90).
    assert_eq!((r.span_days, r.referrals_in_span), (182, 3));
    assert!(
        a.notes
            .iter()
            .any(|n| n == "never read (names): 'Client name'")
    );
    assert!(a.notes.iter().any(|n| n == "ignored: 'Team'"));
}

#[test]
fn xlsx_with_date_cells_serials_and_text() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("discharges.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let headers = [
        "Name",
        "NHI",
        "Diagnosis",
        "Days in service",
        "F/F",
        "Discharge date",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    // A date cell, a bare serial number, and a date typed as text.
    let rows: [(&str, &str, f64, f64); 4] = [
        ("JBX3656", "ADHD", 10.0, 5.0),
        ("ZZZ0016", "Anxiety", 20.0, 2.0),
        ("ZZZ0024", "300.02", 30.0, 7.0),
        ("ZAC5361", "ADHD", 40.0, 2.5),
    ];
    for (i, (nhi, diagnosis, days, ff)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, "Someone").unwrap();
        sheet.write_string(r, 1, *nhi).unwrap();
        sheet.write_string(r, 2, *diagnosis).unwrap();
        sheet.write_number(r, 3, *days).unwrap();
        sheet.write_number(r, 4, *ff).unwrap();
    }
    let d = ExcelDateTime::from_ymd(2024, 3, 5).unwrap();
    sheet.write_datetime_with_format(1, 5, &d, &date).unwrap();
    sheet.write_number(2, 5, 45356.0).unwrap();
    sheet.write_string(3, 5, "05/03/2024").unwrap();
    sheet.write_datetime_with_format(4, 5, &d, &date).unwrap();
    book.save(&path).unwrap();

    let a = analyse_file(&path, options(1)).unwrap();
    let errors: Vec<String> = a.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors, ["row 5, face_to_face: '2.5' is not a whole number"]);
    assert_eq!(a.report.episodes, 3);
    assert_eq!(
        a.report.first_discharge,
        NaiveDate::from_ymd_opt(2024, 3, 5)
    );
    assert_eq!(a.report.last_discharge, NaiveDate::from_ymd_opt(2024, 3, 5));
    let names: Vec<&str> = a
        .report
        .by_diagnosis
        .iter()
        .map(|d| d.diagnosis.as_str())
        .collect();
    assert_eq!(names, ["300.02", "ADHD", "Anxiety"]);
    assert!(a.notes[0].contains("XLSX"));
}
