//! The self-assessment's exports read back: the XLSX with calamine, the CSV
//! with the csv reader, and the history chart parsed as XML.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use capa_core::assessment::{Assessment, AssessmentSettings, ItemNumber, Rating, score, view};
use capa_io::assessment::{CSV_HEADER, ITEMS_SHEET, SCORES_SHEET, assessment_csv, assessment_xlsx};
use capa_io::chart::assessment_chart_svg;
use chrono::NaiveDate;

fn review() -> Assessment {
    let mut a = Assessment::new(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    let n = |v| ItemNumber::from_value(v).unwrap();
    a.set(
        n(3),
        Some(Rating::No),
        "=SUM(A1) looks like a formula".into(),
    );
    a.set(
        n(7),
        Some(Rating::Yes),
        "Core and Specific both planned; te reo: Māori".into(),
    );
    a.set(n(8), Some(Rating::Partial), String::new());
    a
}

#[test]
fn the_workbook_reads_back_with_every_rating_note_and_score() {
    let a = review();
    let v = view(&a, &AssessmentSettings::default(), &[]);
    let bytes = assessment_xlsx("North CAMHS", &v).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec![ITEMS_SHEET, SCORES_SHEET]);
    let items = wb.worksheet_range(ITEMS_SHEET).unwrap();
    assert_eq!(
        items.get_value((0, 0)),
        Some(&Data::String(
            "CAPA self-assessment: North CAMHS, 20/11/2026".into()
        ))
    );
    // Row 4 is item 1; item 3 is row 6, item 7 row 10.
    assert_eq!(items.get_value((6, 0)), Some(&Data::Float(3.0)));
    assert_eq!(items.get_value((6, 4)), Some(&Data::Float(0.0)));
    assert_eq!(
        items.get_value((6, 5)),
        Some(&Data::String("No (RED)".into()))
    );
    assert_eq!(
        items.get_value((6, 6)),
        Some(&Data::String("=SUM(A1) looks like a formula".into())),
        "kept as text, not a formula"
    );
    assert_eq!(items.get_value((10, 4)), Some(&Data::Float(2.0)));
    assert_eq!(
        items.get_value((10, 6)),
        Some(&Data::String(
            "Core and Specific both planned; te reo: Māori".into()
        ))
    );
    assert!(
        matches!(items.get_value((4, 4)), None | Some(Data::Empty)),
        "item 1 not rated"
    );
    let scores = wb.worksheet_range(SCORES_SHEET).unwrap();
    let total_row = (1..scores.height() as u32)
        .find(|r| scores.get_value((*r, 0)) == Some(&Data::String("Total".into())))
        .unwrap();
    let s = score(&a, &AssessmentSettings::default());
    assert_eq!(
        scores.get_value((total_row, 2)),
        Some(&Data::Float(f64::from(s.score)))
    );
    assert_eq!(s.score, 3);
    assert_eq!(
        scores.get_value((1, 0)),
        Some(&Data::String("Foundation".into()))
    );
}

#[test]
fn the_csv_reads_back_row_for_row() {
    let a = review();
    let v = view(&a, &AssessmentSettings::default(), &[]);
    let text = assessment_csv(&v).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12, "eleven items and the total");
    assert_eq!(&rows[2][0], "3");
    assert_eq!(&rows[2][4], "0");
    assert_eq!(&rows[2][6], "'=SUM(A1) looks like a formula");
    assert_eq!(&rows[6][4], "2");
    assert_eq!(&rows[0][4], "", "item 1 not rated");
    assert_eq!(&rows[11][4], "3");
    assert_eq!(&rows[11][5], "not full implementation");
}

#[test]
fn the_history_chart_is_well_formed_and_accessible() {
    let settings = AssessmentSettings::default();
    let older = {
        let mut a = review();
        a.date = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
        a
    };
    let history: Vec<_> = [older, review()]
        .iter()
        .map(|a| (a.date, score(a, &settings).groups))
        .collect();
    let svg = assessment_chart_svg(&history);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap();
    assert!(desc.contains("20/11/2025: 3 of 22"), "{desc}");
    assert!(desc.contains("Partnership 3 of 4"), "{desc}");
}
