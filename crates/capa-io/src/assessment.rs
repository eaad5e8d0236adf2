//! A self-assessment review exported: CSV here (UTF-8 with a BOM, so
//! spreadsheet programs keep macrons; cells that would read as a formula are
//! quote-prefixed), XLSX in [`crate::xlsx::assessment`].

use capa_core::assessment::{AssessmentView, Rating};

pub use crate::xlsx::assessment::{ITEMS_SHEET, SCORES_SHEET, assessment_xlsx};

/// The header of the CSV export.
pub const CSV_HEADER: [&str; 9] = [
    "number",
    "component",
    "group",
    "tag",
    "rating",
    "answer",
    "note",
    "suggested",
    "evidence",
];

fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn answer(r: Option<Rating>) -> String {
    r.map_or("not rated".into(), |r| {
        format!("{} ({})", r.label(), r.colour())
    })
}

/// The review as CSV: one row per component, then the total and the rule.
pub fn assessment_csv(view: &AssessmentView) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for i in &view.items {
        let evidence = match i.no_evidence {
            Some(n) => n.to_string(),
            None => i
                .evidence
                .iter()
                .map(|e| e.text.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        };
        w.write_record([
            i.number.to_string(),
            i.component.to_string(),
            i.group.name().to_string(),
            i.tag.name().to_string(),
            i.rating.map_or(String::new(), |r| r.value().to_string()),
            answer(i.rating),
            safe(&i.note),
            i.suggested.map_or(String::new(), |r| r.value().to_string()),
            safe(&evidence),
        ])?;
    }
    w.write_record([
        "total".to_string(),
        format!("score out of {}", view.max_score),
        String::new(),
        String::new(),
        view.score.to_string(),
        if view.full_implementation {
            "full implementation".into()
        } else {
            "not full implementation".into()
        },
        safe(&view.full_implementation_reason),
        String::new(),
        String::new(),
    ])?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(format!(
        "\u{feff}{}",
        String::from_utf8(bytes).expect("csv writes the UTF-8 it was given")
    ))
}
