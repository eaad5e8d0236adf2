//! The team job plan as an Excel workbook, for a service manager.
//!
//! [`team_job_plan_xlsx`] writes one workbook with these sheets, in order:
//!
//! - **Team job plan**: one row per clinician (sessions by kind, targets,
//!   Choice allocation), a totals row of formulas, and the team's figures
//!   against demand, each with how it was worked out;
//! - **Warnings**: what the team lead should look at;
//! - **Year**, when a year is given: each clinician's new Core targets per
//!   quarter, rounded cumulatively;
//! - one sheet per clinician, laid out like the seed's job plan template
//!   (NAME, JOB PLAN #, the day's blocks as rows, the weekdays as columns, and
//!   the CHOICE = / Partnership = / Specific = totals at the foot).
//!
//! Every text that comes from a user (names, job plan cells, explanations) is
//! written as a string cell, never as a formula; a text that begins like a
//! formula (`=`, `+`, `-`, `@`) also gets Excel's quote prefix, so editing the
//! cell later does not turn it into one. Text longer than a cell holds
//! (32,767 UTF-16 code units) is cut, and the cell ends by saying so: no stored
//! text makes the export fail.

mod demand;
mod team;
mod template;
mod year;

pub mod assessment;
pub mod review;
pub use demand::{demand_pivot_csv, demand_pivot_xlsx};

use std::borrow::Cow;

use capa_core::{CapacityReport, Team, YearReport};
use rust_xlsxwriter::{
    ColNum, Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, RowNum, Workbook,
    Worksheet, XlsxError,
};
use thiserror::Error;

/// An export that could not be produced.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The workbook writer refused something (a limit of the file format).
    #[error("could not write the workbook: {0}")]
    Workbook(#[from] XlsxError),
}

/// Name of the sheet with one row per clinician and the team's figures.
pub const TEAM_SHEET: &str = "Team job plan";
/// Name of the sheet listing the warnings.
pub const WARNINGS_SHEET: &str = "Warnings";
/// Name of the sheet with the year's targets (only when a year is given).
pub const YEAR_SHEET: &str = "Year";

/// The team job plan workbook (XLSX bytes) for a quarter's report, with a
/// "Year" sheet when `year` is given.
///
/// `report` should come from [`capa_core::capacity::quarter`] for `team`:
/// each clinician's sheet shows the job plan version the report used.
pub fn team_job_plan_xlsx(
    team: &Team,
    report: &CapacityReport,
    year: Option<&YearReport>,
) -> Result<Vec<u8>, ExportError> {
    let formats = Formats::new();
    let mut names = SheetNames::default();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Team job plan: {}, {}",
                report.team.name, report.quarter
            ))
            .set_subject("CAPA demand and capacity plan")
            .set_author("capa"),
    );

    let sheet = workbook.add_worksheet();
    sheet.set_name(names.claim(TEAM_SHEET))?;
    team::team_sheet(sheet, team, report, &formats)?;
    sheet.set_active(true);

    let sheet = workbook.add_worksheet();
    sheet.set_name(names.claim(WARNINGS_SHEET))?;
    team::warnings_sheet(sheet, report, year, &formats)?;

    if let Some(y) = year {
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.claim(YEAR_SHEET))?;
        year::year_sheet(sheet, y, &report.team.name, &formats)?;
    }

    for c in &report.clinicians {
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.claim(&format!("{} {}", c.initials, c.name)))?;
        template::clinician_sheet(sheet, team, report, c, &formats)?;
    }

    Ok(workbook.save_to_buffer()?)
}

/// The longest sheet name Excel accepts, in UTF-16 code units.
const SHEET_NAME_MAX: usize = 31;

/// Hands out valid, unique sheet names.
#[derive(Debug, Default)]
pub(crate) struct SheetNames {
    used: Vec<String>,
}

impl SheetNames {
    /// A valid sheet name close to `wanted`, unique (ignoring case) among
    /// those already claimed: characters Excel forbids (`[]:*?/\`) become
    /// `-`, leading and trailing apostrophes and spaces go, the name is cut
    /// to 31 characters, and a clash gets a numbered suffix.
    pub(crate) fn claim(&mut self, wanted: &str) -> String {
        let cleaned: String = wanted
            .chars()
            .map(|c| {
                if "[]:*?/\\".contains(c) || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let mut base = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
        if base.is_empty() {
            base = "Sheet";
        }
        let base = if base.eq_ignore_ascii_case("history") {
            format!("{base} (1)")
        } else {
            base.to_string()
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = SHEET_NAME_MAX - suffix.len();
            let head = cut_utf16(&base, room).trim_end_matches(['\'', ' ']);
            let name = format!("{head}{suffix}");
            let key = name.to_lowercase();
            if !self.used.contains(&key) && !name.is_empty() {
                self.used.push(key);
                return name;
            }
            n += 1;
        }
    }
}

/// The longest prefix of `s` that fits in `units` UTF-16 code units.
fn cut_utf16(s: &str, units: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &s[..i];
        }
    }
    s
}

/// The most a cell holds, in UTF-16 code units as Excel counts them.
pub const CELL_MAX_UTF16: usize = 32_767;

/// Text cut to what a cell holds, ending with a note that says it was cut
/// and how long it was, so an export never fails on stored text. Text that
/// fits is returned as it is.
pub(crate) fn fit_cell(s: &str) -> Cow<'_, str> {
    if s.len() <= CELL_MAX_UTF16 || s.encode_utf16().count() <= CELL_MAX_UTF16 {
        return Cow::Borrowed(s);
    }
    let marker = format!(
        " … [cut: the text has {} characters; an Excel cell holds {CELL_MAX_UTF16}]",
        s.chars().count()
    );
    let head = cut_utf16(s, CELL_MAX_UTF16 - marker.encode_utf16().count());
    Cow::Owned(format!("{head}{marker}"))
}

/// Whether a text would be read as a formula if typed into a spreadsheet.
pub(crate) fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Writes user text as a string cell; a text that looks like a formula also
/// gets the quote prefix, so Excel keeps it as text even after an edit.
pub(crate) fn text(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    s: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let s = &*fit_cell(s);
    if looks_like_formula(s) {
        ws.write_string_with_format(row, col, s, &format.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, s, format)?;
    }
    Ok(())
}

/// Merges a range and writes user text in it, as [`text`] does.
pub(crate) fn merged_text(
    ws: &mut Worksheet,
    (row, first_col, last_col): (RowNum, ColNum, ColNum),
    s: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if first_col == last_col {
        return text(ws, row, first_col, s, format);
    }
    let s = &*fit_cell(s);
    if looks_like_formula(s) {
        ws.merge_range(
            row,
            first_col,
            row,
            last_col,
            s,
            &format.clone().set_quote_prefix(),
        )?;
    } else {
        ws.merge_range(row, first_col, row, last_col, s, format)?;
    }
    Ok(())
}

/// Writes a formula with its value already computed, so readers that do not
/// recalculate (previewers, other programs) still show the right number.
pub(crate) fn formula(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    f: &str,
    result: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    ws.write_formula_with_format(row, col, Formula::new(f).set_result(result), format)?;
    Ok(())
}

/// A row height (points) that shows `chars` characters of wrapped text in a
/// cell `width` units wide (a unit is the width of a digit, about one
/// character of ordinary text; erring on the tall side leaves no text hidden).
/// Excel's tallest row is 409 points; taller ones are clamped.
pub(crate) fn wrapped_height(chars: usize, width: f64) -> f64 {
    let lines = (chars as f64 / width.max(1.0)).ceil().max(1.0);
    (15.0 * lines).min(ROW_MAX_HEIGHT)
}

/// The tallest row Excel shows, in points.
const ROW_MAX_HEIGHT: f64 = 409.0;

/// `format` for a figure that is a whole number, else `decimal` (so a
/// multiplier of 3 shows as 3 and one of 2.7 as 2.70).
pub(crate) fn figure_format<'a>(x: f64, whole: &'a Format, decimal: &'a Format) -> &'a Format {
    if (x - x.round()).abs() < 1e-9 {
        whole
    } else {
        decimal
    }
}

/// The web app's fills (`capa.css`: `--choice`, `--core`, `--specific`), so
/// the workbook reads like the page it was exported from; the text in the
/// cell always says the same, for readers who cannot tell the colours apart.
pub const CHOICE_FILL: u32 = 0xFDE7C8;
/// Fill of free (Core) sessions (`--core`).
pub const CORE_FILL: u32 = 0xD7F0DD;
/// Fill of Specific sessions (`--specific`).
pub const SPECIFIC_FILL: u32 = 0xDBE4FB;
/// Fill of blocks that are not sessions (start, wriggle, lunch, admin).
pub(crate) const BLOCK_FILL: u32 = 0xEEEEEE;
/// Fill of header cells.
pub(crate) const HEADER_FILL: u32 = 0xDDE4EE;

/// The cell formats the sheets share.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) subtitle: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) center: Format,
    pub(crate) wrap: Format,
    pub(crate) int: Format,
    pub(crate) dec: Format,
    pub(crate) pct: Format,
    pub(crate) total_text: Format,
    pub(crate) total_int: Format,
    pub(crate) total_dec: Format,
    pub(crate) section: Format,
    pub(crate) note: Format,
}

impl Formats {
    fn new() -> Self {
        let body = Format::new().set_align(FormatAlign::Top);
        let figure = body.clone().set_align(FormatAlign::Center);
        let total = Format::new()
            .set_bold()
            .set_border_top(FormatBorder::Thin)
            .set_border_bottom(FormatBorder::Double)
            .set_align(FormatAlign::Top);
        let total_figure = total.clone().set_align(FormatAlign::Center);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x444444)),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin),
            text: body.clone(),
            center: figure.clone(),
            wrap: body.clone().set_text_wrap(),
            int: figure.clone().set_num_format("0"),
            dec: figure.clone().set_num_format("0.00"),
            pct: figure.set_num_format("0.0%"),
            total_text: total,
            total_int: total_figure.clone().set_num_format("0"),
            total_dec: total_figure.set_num_format("0.00"),
            section: Format::new().set_bold().set_font_size(12),
            note: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0x444444)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut n = SheetNames::default();
        assert_eq!(n.claim("Team job plan"), "Team job plan");
        assert_eq!(n.claim("TEAM JOB PLAN"), "TEAM JOB PLAN (2)");
        assert_eq!(n.claim("AB a/b: [x]*?\\"), "AB a-b- -x----");
        assert_eq!(n.claim("'quoted'"), "quoted");
        assert_eq!(n.claim("   "), "Sheet");
        assert_eq!(n.claim("History"), "History (1)");
        let long = "AB An extraordinarily long name for a sheet";
        let a = n.claim(long);
        let b = n.claim(long);
        assert_eq!(a.encode_utf16().count(), 31);
        assert!(b.encode_utf16().count() <= 31);
        assert!(b.ends_with(" (2)"), "{b}");
        let maori = n.claim("TŌ Tōmairangi Ōwhango-Pōtaka Whetū");
        assert!(maori.encode_utf16().count() <= 31);
    }

    #[test]
    fn formula_like_text_is_recognised() {
        for s in ["=1+1", "+64 21", "-x", "@SUM(A1)"] {
            assert!(looks_like_formula(s), "{s}");
        }
        assert!(!looks_like_formula("Ann = Bo"));
    }
}
