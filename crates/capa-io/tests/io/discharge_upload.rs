//! A report fed in pieces, as an HTTP body arrives, gives exactly the analysis
//! of the same file read from disk.

use std::path::{Path, PathBuf};

use capa_core::demand::DemandSettings;
use capa_io::discharge::{AnalysisJson, DischargeError, DischargeOptions, Upload, analyse_file};
use chrono::NaiveDate;

fn options() -> DischargeOptions {
    let today = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let mut o = DischargeOptions::new(today, DemandSettings::default());
    o.threads = 1;
    o
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/discharge")
        .join(name)
}

fn feed(
    bytes: &[u8],
    piece: usize,
) -> Result<capa_io::discharge::DischargeAnalysis, DischargeError> {
    let spool = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut upload = Upload::new(options(), spool);
    for chunk in bytes.chunks(piece) {
        upload.feed(chunk)?;
    }
    assert_eq!(upload.received(), bytes.len() as u64);
    upload.finish()
}

fn json(a: &capa_io::discharge::DischargeAnalysis) -> String {
    serde_json::to_string(&AnalysisJson::new("f", a)).unwrap()
}

#[test]
fn csv_in_pieces_is_the_file_read_whole() {
    for name in [
        "several-errors.csv",
        "windows-1252.csv",
        "utf16-tabs.csv",
        "wrong-field-count.csv",
    ] {
        let path = fixture(name);
        let whole = analyse_file(&path, options()).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        for piece in [1, 3, 7, 64, 1 << 20] {
            let fed = feed(&bytes, piece).unwrap();
            assert_eq!(json(&fed), json(&whole), "{name} in pieces of {piece}");
        }
    }
}

#[test]
fn file_errors_in_pieces() {
    let empty = feed(b"", 5).unwrap_err();
    assert_eq!(empty.to_string(), "the file is empty");
    let short = feed(b"NHI\n", 2).unwrap_err();
    assert!(short.to_string().contains("no diagnosis column"), "{short}");
    let old = std::fs::read(fixture("old-excel.xls")).unwrap();
    assert!(matches!(feed(&old, 3), Err(DischargeError::OldExcel)));
    let binary = std::fs::read(fixture("binary.csv")).unwrap();
    assert!(matches!(
        feed(&binary, 4),
        Err(DischargeError::Binary { .. })
    ));
}

#[test]
fn xlsx_is_spooled_then_read() {
    use rust_xlsxwriter::Workbook;
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upload.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["NHI", "Diagnosis", "Days", "F/F", "Discharge date"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, nhi) in ["JBX3656", "ZZZ0016", "ZZZ0024"].iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *nhi).unwrap();
        sheet.write_string(r, 1, "ADHD").unwrap();
        sheet.write_number(r, 2, 10.0).unwrap();
        sheet.write_number(r, 3, f64::from(r) * 3.0).unwrap();
        sheet.write_string(r, 4, "05/03/2024").unwrap();
    }
    book.save(&path).unwrap();
    let whole = analyse_file(&path, options()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let fed = feed(&bytes, 1000).unwrap();
    assert_eq!(fed.report.episodes, 3);
    assert_eq!(json(&fed), json(&whole));
    // Nothing is left in the spool.
    let left = std::fs::read_dir(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("capa-upload-")
        })
        .count();
    assert_eq!(left, 0);
}

#[test]
fn stored_pivot_downloads_read_back() {
    use capa_core::demand::StoredDemand;
    use capa_io::xlsx::{demand_pivot_csv, demand_pivot_xlsx};
    let text = "NHI,Diagnosis,Days,F/F,Discharge date\n\
        JBX3656,=cmd(),10,3,05/03/2024\nZZZ0016,=cmd(),10,5,05/03/2024\n\
        ZZZ0024,=cmd(),10,6,05/03/2024\nZAC5361,=cmd(),10,20,05/03/2024\n\
        ZZZ00AC,=cmd(),10,7,05/03/2024\nZBN77VL,Rare,10,7,05/03/2024\n";
    let a = feed(text.as_bytes(), 10).unwrap();
    let stored = StoredDemand::from_report(&a.report, a.rows, 0);
    let csv = demand_pivot_csv(&stored);
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[1], "All diagnoses,6,5,9,7,1,0.2,");
    assert_eq!(lines[2], "'=cmd(),5,4,9.5,6.5,1,0.25,false");
    assert!(lines[3].starts_with("Other diagnoses (fewer than 5 episodes each),1,1,7,"));
    assert!(!csv.contains("Rare") && !csv.contains("ZBN"));
    assert!(csv.contains("\nff,episodes\n0,0\n"));
    let bytes = demand_pivot_xlsx(&stored).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("Pivot").unwrap();
    assert_eq!(sheet.get_value((2, 0)).unwrap().to_string(), "=cmd()");
    assert_eq!(sheet.get_value((1, 1)).unwrap().to_string(), "6");
}
