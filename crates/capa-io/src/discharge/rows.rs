//! From the cells of one row to an episode, or to the row's errors.

use std::borrow::Cow;

use capa_core::Nhi;
use capa_core::demand::{Episode, EpisodeField, dmy};
use chrono::NaiveDate;

use super::RowError;
use super::values::{self, shown};

/// One cell as a reader found it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Text: a CSV field, or a string cell of a workbook.
    Text(&'a [u8]),
    /// A number cell of a workbook.
    Number(f64),
    /// A date cell of a workbook.
    Date(NaiveDate),
    /// Nothing.
    Empty,
    /// A cell that cannot hold a value (an Excel error such as #N/A).
    Invalid(String),
}

/// The cells of the fields capa reads from one row.
pub(crate) struct RowCells<'a> {
    pub nhi: Cell<'a>,
    pub diagnosis: Cell<'a>,
    pub days: Cell<'a>,
    pub ff: Cell<'a>,
    pub discharge: Cell<'a>,
    pub start: Option<Cell<'a>>,
}

impl RowCells<'_> {
    /// Whether every cell read is empty: a blank row, skipped.
    pub fn is_blank(&self) -> bool {
        let blank = |c: &Cell<'_>| match c {
            Cell::Empty => true,
            Cell::Text(b) => b.trim_ascii().is_empty(),
            _ => false,
        };
        [
            &self.nhi,
            &self.diagnosis,
            &self.days,
            &self.ff,
            &self.discharge,
        ]
        .into_iter()
        .chain(self.start.as_ref())
        .all(blank)
    }
}

/// The values of a good row; [`Checked::episode`] adds the date checks.
pub(crate) struct Checked<'a> {
    nhi: Nhi,
    diagnosis: Cow<'a, str>,
    days: u32,
    ff: u32,
    discharge: NaiveDate,
}

impl Checked<'_> {
    /// The episode, or the error that its dates do not fit together or today.
    pub fn episode(&self, row: u64, today: NaiveDate) -> Result<Episode<'_>, RowError> {
        Episode::new(
            self.nhi,
            &self.diagnosis,
            self.days,
            self.ff,
            self.discharge,
            today,
        )
        .map_err(|e| RowError::new(row, Some(e.field()), e.to_string()))
    }
}

/// Checks a row's cells; every bad cell gives an error.
pub(crate) struct RowChecker {
    /// Whether a workbook counts serial dates from 1904.
    pub is_1904: bool,
    /// Text values that were not UTF-8 and were read as Windows-1252.
    pub fallback_values: u64,
}

impl RowChecker {
    pub fn new(is_1904: bool) -> Self {
        Self {
            is_1904,
            fallback_values: 0,
        }
    }

    pub fn check<'a>(
        &mut self,
        row: u64,
        cells: &RowCells<'a>,
        errors: &mut Vec<RowError>,
    ) -> Option<Checked<'a>> {
        let mut fail =
            |field, message: String| errors.push(RowError::new(row, Some(field), message));
        let nhi = self.nhi(&cells.nhi).map_err(|m| fail(EpisodeField::Nhi, m));
        let diagnosis = self
            .diagnosis(&cells.diagnosis)
            .map_err(|m| fail(EpisodeField::Diagnosis, m));
        let days = count(&cells.days).map_err(|m| fail(EpisodeField::DaysInService, m));
        let ff = count(&cells.ff).map_err(|m| fail(EpisodeField::FaceToFace, m));
        let discharge = self
            .date(&cells.discharge)
            .map_err(|m| fail(EpisodeField::DischargeDate, m));
        if let Some(start) = &cells.start {
            match self.date(start) {
                Err(m) => fail(EpisodeField::StartDate, m),
                Ok(start) => {
                    if let (Ok(days), Ok(discharge)) = (&days, &discharge) {
                        let apart = discharge.signed_duration_since(start).num_days();
                        if apart < 0 {
                            fail(
                                EpisodeField::StartDate,
                                format!(
                                    "'{}' is after the discharge date {}",
                                    dmy(start),
                                    dmy(*discharge)
                                ),
                            );
                        } else if i64::from(*days) != apart && i64::from(*days) != apart + 1 {
                            fail(
                                EpisodeField::DaysInService,
                                format!(
                                    "'{days}' does not fit the dates: start {} to discharge {} is {apart} days",
                                    dmy(start),
                                    dmy(*discharge)
                                ),
                            );
                        }
                    }
                }
            }
        }
        Some(Checked {
            nhi: nhi.ok()?,
            diagnosis: diagnosis.ok()?,
            days: days.ok()?,
            ff: ff.ok()?,
            discharge: discharge.ok()?,
        })
        .filter(|_| errors.is_empty())
    }

    fn text<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        let (t, fallback) = values::text(bytes);
        self.fallback_values += u64::from(fallback);
        t
    }

    fn nhi(&mut self, cell: &Cell<'_>) -> Result<Nhi, String> {
        let value = match cell {
            Cell::Text(b) => self.text(b),
            Cell::Number(x) => Cow::Owned(x.to_string()),
            Cell::Date(d) => Cow::Owned(dmy(*d)),
            Cell::Empty => return Err("is empty".into()),
            Cell::Invalid(m) => return Err(m.clone()),
        };
        if value.trim().is_empty() {
            return Err("is empty".into());
        }
        Nhi::parse(&value).map_err(|e| format!("{} is not a valid NHI: {e}", shown(&value)))
    }

    fn diagnosis<'a>(&mut self, cell: &Cell<'a>) -> Result<Cow<'a, str>, String> {
        match cell {
            Cell::Text(b) => Ok(self.text(b)),
            // Codes such as 300.02 come out of a workbook as numbers.
            Cell::Number(x) => Ok(Cow::Owned(x.to_string())),
            Cell::Date(d) => Err(format!("'{}' is a date, not a diagnosis", dmy(*d))),
            Cell::Empty => Ok(Cow::Borrowed("")),
            Cell::Invalid(m) => Err(m.clone()),
        }
    }

    fn date(&mut self, cell: &Cell<'_>) -> Result<NaiveDate, String> {
        match cell {
            Cell::Text(b) => values::date(b),
            Cell::Number(x) => values::date_of_serial(*x, self.is_1904),
            Cell::Date(d) => Ok(*d),
            Cell::Empty => Err("is empty".into()),
            Cell::Invalid(m) => Err(m.clone()),
        }
    }
}

fn count(cell: &Cell<'_>) -> Result<u32, String> {
    match cell {
        Cell::Text(b) => values::count(b),
        Cell::Number(x) => values::count_of_number(*x),
        Cell::Date(d) => Err(format!("'{}' is a date, not a number", dmy(*d))),
        Cell::Empty => Err("is empty".into()),
        Cell::Invalid(m) => Err(m.clone()),
    }
}
