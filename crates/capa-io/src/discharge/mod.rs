//! Discharge reports: the yearly list of every discharged episode that a team
//! pivots to learn its demand (method section 5).
//!
//! A report is a CSV file or an XLSX workbook with a header row. Columns are
//! found by name, in any case and with common synonyms (`F/F`, `Face to face`,
//! `Contacts`, `NHI number`, `Days in service`, `Discharge date` ...); other
//! columns are ignored, and a name column is never read. Each row becomes a
//! [`capa_core::demand::Episode`] or one or more [`RowError`]s, and the
//! episodes go straight into a [`DemandAccumulator`]: the file is streamed,
//! never loaded, so memory stays flat however long the report is (apart from
//! the duplicate check, see [`DemandAccumulator`]).
//!
//! CSV is read in blocks of 1 MiB, cut at record boundaries and parsed on
//! [`DischargeOptions::threads`] threads; the parts are merged in file order,
//! so the figures, the row numbers of errors and which copy of a duplicate
//! counts do not depend on the number of threads.

mod columns;
mod csv;
mod json;
mod record;
mod rows;
mod unpack;
mod upload;
mod values;
mod xlsx;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use capa_core::demand::{
    DemandAccumulator, DemandError, DemandReport, DemandSettings, EpisodeField,
};
use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

pub use json::{AnalysisJson, ErrorsJson};
pub use unpack::XlsxLimits;
pub use upload::Upload;

/// A callback told how far the reading has got: (done, total), in bytes for
/// CSV and in rows for XLSX; total is 0 when unknown.
pub type Progress = Box<dyn FnMut(u64, u64) + Send>;

/// How to read a discharge report.
pub struct DischargeOptions {
    /// The date the analysis runs: discharge dates after it are errors. A
    /// parameter, so that results do not depend on the clock.
    pub today: NaiveDate,
    /// The thresholds of the analysis.
    pub settings: DemandSettings,
    /// Row errors kept in memory; more are counted, not kept.
    pub max_errors: usize,
    /// The longest row accepted, in bytes; a longer one is an error.
    pub max_row_bytes: usize,
    /// Threads parsing CSV besides the one reading the file; 0 parses on the
    /// reading thread.
    pub threads: usize,
    /// Told of the progress after each block read.
    pub progress: Option<Progress>,
    /// What an XLSX report may unpack to (checked before it is read).
    pub xlsx_limits: XlsxLimits,
}

impl DischargeOptions {
    /// Defaults: 1000 errors kept, rows up to 64 KiB, one parsing thread per
    /// core (up to 8) when there are two cores or more.
    pub fn new(today: NaiveDate, settings: DemandSettings) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            today,
            settings,
            max_errors: 1000,
            max_row_bytes: 64 * 1024,
            // Parsing is most of the work and the reading thread mostly
            // waits, so one parsing thread per core is fastest (measured in
            // docs/performance.md); on one core, parse on the reading thread.
            threads: if cores > 1 { cores.min(8) } else { 0 },
            progress: None,
            xlsx_limits: XlsxLimits::default(),
        }
    }
}

/// A bad value in a row, or a bad header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The row number as a spreadsheet shows it (the header is row 1 when it
    /// is the first line).
    pub row: u64,
    /// The field's canonical name (`nhi`, `diagnosis`, `days_in_service`,
    /// `face_to_face`, `discharge_date`, `start_date`), when the error is
    /// about one field.
    pub column: Option<String>,
    /// What is wrong, quoting the offending value.
    pub message: String,
}

impl RowError {
    pub(crate) fn new(row: u64, field: Option<EpisodeField>, message: impl Into<String>) -> Self {
        Self {
            row,
            column: field.map(|f| f.name().to_string()),
            message: message.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "row {}, {c}: {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// Why a report could not be read at all.
#[derive(Debug, Error)]
pub enum DischargeError {
    /// Reading failed.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// Nothing in the file.
    #[error("the file is empty")]
    Empty,
    /// A header but not a single row.
    #[error("row {header_row}: the file has a header row but no episodes")]
    NoRows {
        /// The header's row number.
        header_row: u64,
    },
    /// Not text and not a workbook.
    #[error(
        "this is not a text file (binary data at byte {offset}); save the report as CSV (UTF-8) or XLSX"
    )]
    Binary {
        /// Where the first binary byte is.
        offset: u64,
    },
    /// An Excel 97-2003 workbook.
    #[error("this is an old Excel .xls workbook; save it as .xlsx or CSV")]
    OldExcel,
    /// The workbook could not be read.
    #[error("cannot read the workbook: {0}")]
    Workbook(String),
    /// The workbook would unpack to more than capa reads safely (a "zip bomb",
    /// or a cell larger than Excel allows); nothing of it was read.
    #[error("this workbook is too large to read safely: {0}")]
    TooLarge(String),
    /// Columns missing or doubled in the header.
    #[error("{}", join(.0))]
    Header(Vec<RowError>),
    /// The diagnosis column has too many different values.
    #[error("row {row}, diagnosis: {source}")]
    Diagnoses {
        /// The row where the limit was passed.
        row: u64,
        /// The limit.
        source: DemandError,
    },
    /// The settings cannot be used.
    #[error(transparent)]
    Settings(DemandError),
}

fn join(errors: &[RowError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl DischargeError {
    /// The row errors behind this error, when it is about rows (the header or
    /// the diagnosis limit); empty for errors about the file as a whole.
    pub fn row_errors(&self) -> Vec<RowError> {
        match self {
            Self::Header(errors) => errors.clone(),
            Self::NoRows { header_row } => vec![RowError::new(
                *header_row,
                None,
                "the file has a header row but no episodes",
            )],
            Self::Diagnoses { row, source } => vec![RowError::new(
                *row,
                Some(EpisodeField::Diagnosis),
                source.to_string(),
            )],
            _ => Vec::new(),
        }
    }
}

/// What reading a report found: the figures, and the rows that were not used.
#[derive(Clone, Debug, PartialEq)]
pub struct DischargeAnalysis {
    /// The figures, from the good rows.
    pub report: DemandReport,
    /// Bad rows, the first [`DischargeOptions::max_errors`] of them.
    pub errors: Vec<RowError>,
    /// Bad-row errors beyond those kept.
    pub errors_omitted: u64,
    /// Data rows read (not the header, not blank rows).
    pub rows: u64,
    /// Row numbers of duplicates (the first [`DischargeOptions::max_errors`]).
    pub duplicate_rows: Vec<u64>,
    /// How the file was read: format, delimiter or sheet, encoding, and which
    /// columns were used or ignored (names of columns only, never values).
    pub notes: Vec<String>,
}

impl DischargeAnalysis {
    /// Whether any row was bad.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.errors_omitted > 0
    }
}

/// Reads a discharge report from a file: an XLSX workbook (recognised by its
/// content, whatever the file's name) or CSV.
pub fn analyse_file(
    path: &Path,
    options: DischargeOptions,
) -> Result<DischargeAnalysis, DischargeError> {
    let mut file = File::open(path)?;
    let len = file.metadata().ok().map(|m| m.len());
    let mut magic = [0u8; 8];
    let got = read_up_to(&mut file, &mut magic)?;
    let magic = &magic[..got];
    if magic.starts_with(b"PK\x03\x04") {
        drop(file);
        return xlsx::analyse(path, options);
    }
    if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(DischargeError::OldExcel);
    }
    let head = std::io::Cursor::new(magic.to_vec());
    analyse_csv(head.chain(file), len, options)
}

/// Reads a CSV discharge report from any reader; `len`, when known, lets the
/// progress callback show a share done.
pub fn analyse_csv<R: Read + Send + 'static>(
    input: R,
    len: Option<u64>,
    options: DischargeOptions,
) -> Result<DischargeAnalysis, DischargeError> {
    csv::analyse(Box::new(input), len, options)
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Row errors kept up to a limit, and a count of the rest.
#[derive(Debug)]
pub(crate) struct ErrorLog {
    pub kept: Vec<RowError>,
    pub omitted: u64,
    pub limit: usize,
}

impl ErrorLog {
    pub fn new(limit: usize) -> Self {
        Self {
            kept: Vec::new(),
            omitted: 0,
            limit,
        }
    }

    pub fn push(&mut self, e: RowError) {
        if self.kept.len() < self.limit {
            self.kept.push(e);
        } else {
            self.omitted += 1;
        }
    }
}

/// An accumulator for the options' settings.
fn accumulator(options: &DischargeOptions) -> Result<DemandAccumulator, DischargeError> {
    DemandAccumulator::new(options.settings.clone()).map_err(DischargeError::Settings)
}

/// Notes on the columns, by header name only.
fn column_notes(columns: &columns::Columns) -> Vec<String> {
    let mut notes = vec![format!(
        "columns used: {}",
        columns
            .used
            .iter()
            .map(|(f, h)| format!("{} = '{h}'", f.name()))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    if !columns.names.is_empty() {
        notes.push(format!(
            "never read (names): {}",
            quoted_list(&columns.names)
        ));
    }
    if !columns.ignored.is_empty() {
        notes.push(format!("ignored: {}", quoted_list(&columns.ignored)));
    }
    notes
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
