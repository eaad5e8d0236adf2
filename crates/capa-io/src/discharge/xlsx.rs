//! XLSX reports: the first sheet, read cell by cell as the workbook streams.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};

use super::columns::Columns;
use super::rows::{Cell, RowCells, RowChecker};
use super::values::{self, date_of_serial};
use super::{
    DischargeAnalysis, DischargeError, DischargeOptions, ErrorLog, accumulator, column_notes,
};
use capa_core::demand::Added;

/// Rows between two progress reports.
const PROGRESS_EVERY: u32 = 20_000;

pub(super) fn analyse(
    path: &Path,
    mut options: DischargeOptions,
) -> Result<DischargeAnalysis, DischargeError> {
    let workbook_error = |e: calamine::XlsxError| DischargeError::Workbook(e.to_string());
    super::unpack::check(path, &options.xlsx_limits)?;
    let file = BufReader::new(File::open(path)?);
    let mut workbook: Xlsx<_> = Xlsx::new(file).map_err(workbook_error)?;
    let is_1904 = workbook.has_1904_epoch();
    let sheet = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| DischargeError::Workbook("the workbook has no sheet".into()))?;
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(workbook_error)?;
    let last_row = cells.dimensions().end.0 + 1;

    let mut acc = accumulator(&options)?;
    let mut checker = RowChecker::new(is_1904);
    let mut errors = ErrorLog::new(options.max_errors);
    let mut row_errors = Vec::new();
    let mut duplicate_rows = Vec::new();
    let mut header: Option<(u64, Columns)> = None;
    let mut data_rows = 0u64;
    // The cells of the row being read, by column.
    let mut row: Vec<DataRef<'_>> = Vec::new();
    let mut row_number: Option<u32> = None;
    loop {
        let next = cells.next_cell().map_err(workbook_error)?;
        let next_row = next.as_ref().map(|c| c.get_position().0);
        if row_number.is_some() && next_row != row_number {
            let number = u64::from(row_number.unwrap_or(0)) + 1;
            match &header {
                None => {
                    let names: Vec<String> = row.iter().map(header_text).collect();
                    if names.iter().any(|n| !n.trim().is_empty()) {
                        let columns = Columns::match_header(&names, number)
                            .map_err(DischargeError::Header)?;
                        header = Some((number, columns));
                    }
                }
                Some((_, columns)) => {
                    let cell = |i: usize| row.get(i).map_or(Cell::Empty, |d| cell_of(d, is_1904));
                    let cells = RowCells {
                        nhi: cell(columns.nhi),
                        diagnosis: cell(columns.diagnosis),
                        days: cell(columns.days),
                        ff: cell(columns.ff),
                        discharge: cell(columns.discharge),
                        start: columns.start.map(cell),
                    };
                    row_errors.clear();
                    if let Some(checked) = checker.check(number, &cells, &mut row_errors) {
                        data_rows += 1;
                        match checked.episode(number, options.today) {
                            Err(e) => errors.push(e),
                            Ok(episode) => match acc.add(&episode) {
                                Ok(Added::Counted) => {}
                                Ok(Added::Duplicate) => {
                                    if duplicate_rows.len() < options.max_errors {
                                        duplicate_rows.push(number);
                                    }
                                }
                                Err(source) => {
                                    return Err(DischargeError::Diagnoses {
                                        row: number,
                                        source,
                                    });
                                }
                            },
                        }
                    } else if !cells.is_blank() {
                        data_rows += 1;
                        row_errors.drain(..).for_each(|e| errors.push(e));
                    }
                }
            }
            row.clear();
            if let (Some(p), Some(r)) = (&mut options.progress, row_number)
                && r % PROGRESS_EVERY == 0
            {
                p(u64::from(r), u64::from(last_row));
            }
        }
        let Some(c) = next else { break };
        row_number = Some(c.get_position().0);
        let column = c.get_position().1 as usize;
        if row.len() <= column {
            row.resize(column + 1, DataRef::Empty);
        }
        row[column] = c.get_value().clone();
    }
    let Some((header_row, columns)) = header else {
        return Err(DischargeError::Empty);
    };
    if data_rows == 0 {
        return Err(DischargeError::NoRows { header_row });
    }
    let mut notes = vec![format!("read the sheet '{sheet}' of an XLSX workbook")];
    notes.extend(column_notes(&columns));
    Ok(DischargeAnalysis {
        report: acc.finish(),
        errors: errors.kept,
        errors_omitted: errors.omitted,
        rows: data_rows,
        duplicate_rows,
        notes,
    })
}

fn header_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(x) => x.to_string(),
        DataRef::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn cell_of<'a>(d: &'a DataRef<'_>, is_1904: bool) -> Cell<'a> {
    match d {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(x) => Cell::Number(*x),
        DataRef::String(s) | DataRef::DateTimeIso(s) => Cell::Text(s.as_bytes()),
        DataRef::SharedString(s) => Cell::Text(s.as_bytes()),
        DataRef::DateTime(dt) if dt.is_datetime() => match date_of_serial(dt.as_f64(), is_1904) {
            Ok(date) => Cell::Date(date),
            Err(m) => Cell::Invalid(m),
        },
        DataRef::DateTime(dt) => Cell::Invalid(format!("'{}' is a duration", dt.as_f64())),
        DataRef::DurationIso(s) => Cell::Invalid(format!("{} is a duration", values::shown(s))),
        DataRef::Bool(b) => Cell::Invalid(format!("'{}' is a true/false value", b)),
        DataRef::Error(e) => Cell::Invalid(format!("'{e}' is an Excel error")),
        DataRef::Empty => Cell::Empty,
    }
}
