//! The JSON of an analysis, as `capa demand analyse --format json` prints it
//! and the web API answers: one shape, written once.

use capa_core::demand::DemandReport;
use serde::Serialize;

use super::{DischargeAnalysis, RowError};

/// An analysis: the file's name, every figure, the rows read, the bad rows,
/// the duplicates' rows and how the file was read.
#[derive(Serialize)]
pub struct AnalysisJson<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a DemandReport,
    rows: u64,
    errors: &'a [RowError],
    errors_omitted: u64,
    duplicate_rows: &'a [u64],
    notes: &'a [String],
}

impl<'a> AnalysisJson<'a> {
    /// The JSON of `analysis` of the file called `file`.
    pub fn new(file: &'a str, analysis: &'a DischargeAnalysis) -> Self {
        Self {
            file,
            report: &analysis.report,
            rows: analysis.rows,
            errors: &analysis.errors,
            errors_omitted: analysis.errors_omitted,
            duplicate_rows: &analysis.duplicate_rows,
            notes: &analysis.notes,
        }
    }
}

/// A report that was not analysed: the file's name and its bad rows.
#[derive(Serialize)]
pub struct ErrorsJson<'a> {
    file: &'a str,
    errors: &'a [RowError],
    errors_omitted: u64,
}

impl<'a> ErrorsJson<'a> {
    /// The bad rows of the file called `file`, and how many more there were.
    pub fn new(file: &'a str, errors: &'a [RowError], errors_omitted: u64) -> Self {
        Self {
            file,
            errors,
            errors_omitted,
        }
    }
}
