//! A stored demand analysis' pivot as a spreadsheet: CSV and XLSX with the
//! same rows (all diagnoses first, then each diagnosis, the rare ones merged),
//! then the f/f histogram.

use capa_core::demand::StoredDemand;
use rust_xlsxwriter::{Format, Workbook};

use super::{ExportError, looks_like_formula, text};

const HEADER: [&str; 8] = [
    "diagnosis",
    "episodes",
    "partnership_episodes",
    "mean_ff",
    "median_ff",
    "extended_episodes",
    "extended_share",
    "suggested_specific",
];

/// One pivot row: the label, then the figures (`None`: not known).
type Row = (String, [Option<f64>; 6], Option<bool>);

fn rows(a: &StoredDemand) -> Vec<Row> {
    let n = |x: u64| Some(x as f64);
    let mut out = vec![(
        "All diagnoses".to_string(),
        [
            n(a.episodes),
            n(a.partnership_episodes),
            a.partnership_mean_ff,
            a.partnership_median_ff,
            n(a.extended_episodes),
            a.extended_share,
        ],
        None,
    )];
    for d in &a.by_diagnosis {
        out.push((
            d.diagnosis.clone(),
            [
                n(d.episodes),
                n(d.partnership_episodes),
                d.mean_ff,
                d.median_ff,
                n(d.extended_episodes),
                d.extended_share,
            ],
            Some(d.suggested_specific),
        ));
    }
    out
}

/// The pivot as CSV: UTF-8 with a byte-order mark (Excel keeps macrons), a
/// cell that starts like a formula prefixed with `'`, and after a blank line
/// the histogram (`ff`, `episodes`).
pub fn demand_pivot_csv(a: &StoredDemand) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut write = |record: Vec<String>| {
        // Writing to memory cannot fail.
        w.write_record(&record).ok();
    };
    write(HEADER.iter().map(|s| s.to_string()).collect());
    for (label, figures, specific) in rows(a) {
        let mut record = vec![defuse(&label)];
        record.extend(
            figures
                .iter()
                .map(|x| x.map_or_else(String::new, |v| v.to_string())),
        );
        record.push(specific.map_or_else(String::new, |b| b.to_string()));
        write(record);
    }
    let mut hist = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    hist.write_record(["ff", "episodes"]).ok();
    for (label, count) in a.histogram().bars() {
        hist.write_record([label, count.to_string()]).ok();
    }
    let pivot = w.into_inner().unwrap_or_default();
    let hist = hist.into_inner().unwrap_or_default();
    format!(
        "\u{feff}{}\n{}",
        String::from_utf8_lossy(&pivot),
        String::from_utf8_lossy(&hist)
    )
}

/// Neutralises a CSV cell a spreadsheet would run as a formula.
fn defuse(cell: &str) -> String {
    if looks_like_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The pivot as an XLSX workbook: a "Pivot" sheet and an "f-f histogram"
/// sheet; diagnoses are string cells, never formulas.
pub fn demand_pivot_xlsx(a: &StoredDemand) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let decimal = Format::new().set_num_format("0.00");
    let ws = book.add_worksheet();
    ws.set_name("Pivot")?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, (label, figures, specific)) in rows(a).into_iter().enumerate() {
        let r = i as u32 + 1;
        text(ws, r, 0, &label, &plain)?;
        for (c, x) in figures.iter().enumerate() {
            if let Some(v) = x {
                let f = if v.fract() == 0.0 { &plain } else { &decimal };
                ws.write_number_with_format(r, c as u16 + 1, *v, f)?;
            }
        }
        if let Some(b) = specific {
            ws.write_boolean(r, 7, b)?;
        }
    }
    ws.set_column_width(0, 40)?;
    let hs = book.add_worksheet();
    hs.set_name("f-f histogram")?;
    hs.write_string_with_format(0, 0, "ff", &bold)?;
    hs.write_string_with_format(0, 1, "episodes", &bold)?;
    for (i, (label, count)) in a.histogram().bars().enumerate() {
        let r = i as u32 + 1;
        hs.write_string(r, 0, &label)?;
        hs.write_number(r, 1, count as f64)?;
    }
    Ok(book.save_to_buffer()?)
}
