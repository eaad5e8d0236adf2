//! Reading one value: counts, dates and text, from CSV bytes or XLSX cells.

use std::borrow::Cow;

use chrono::NaiveDate;
use encoding_rs::WINDOWS_1252;

/// Text from bytes: UTF-8 when it is, else Windows-1252 (the encoding Excel
/// on Windows writes "CSV" in), which can decode any byte. The flag says
/// whether the fallback was needed.
pub(crate) fn text(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => {
            let (s, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (s, true)
        }
    }
}

/// A value quoted for a message: trimmed, at most 40 characters.
pub(crate) fn shown(value: &str) -> String {
    let v = value.trim();
    if v.chars().count() > 40 {
        let cut: String = v.chars().take(40).collect();
        format!("'{cut}...'")
    } else {
        format!("'{v}'")
    }
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

/// A whole number >= 0 ("12", and "12.0" as spreadsheets sometimes write it).
pub(crate) fn count(bytes: &[u8]) -> Result<u32, String> {
    let b = trim(bytes);
    if b.is_empty() {
        return Err("is empty".into());
    }
    let mut value: u64 = 0;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        value = value * 10 + u64::from(b[i] - b'0');
        if value > u64::from(u32::MAX) {
            return Err(format!("{} is too large", shown(&text(b).0)));
        }
        i += 1;
    }
    if i == b.len() {
        return Ok(value as u32);
    }
    if i > 0 && b[i] == b'.' && b[i + 1..].iter().all(|&c| c == b'0') {
        return Ok(value as u32);
    }
    Err(number_problem(&text(b).0))
}

/// Why a text that is not a count is not one.
fn number_problem(v: &str) -> String {
    match v.parse::<f64>() {
        Ok(x) if x < 0.0 => format!("{} is negative", shown(v)),
        Ok(x) if x.is_finite() => format!("{} is not a whole number", shown(v)),
        _ => format!("{} is not a number", shown(v)),
    }
}

/// A count from a spreadsheet number.
pub(crate) fn count_of_number(x: f64) -> Result<u32, String> {
    if x < 0.0 {
        Err(format!("'{x}' is negative"))
    } else if x.fract() != 0.0 || !x.is_finite() {
        Err(format!("'{x}' is not a whole number"))
    } else if x > f64::from(u32::MAX) {
        Err(format!("'{x}' is too large"))
    } else {
        Ok(x as u32)
    }
}

const DATE_FORMS: &str = "dd/mm/yyyy or yyyy-mm-dd";

/// A date written yyyy-mm-dd or dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy and
/// dd.mm.yyyy), possibly followed by a time, which is ignored.
pub(crate) fn date(bytes: &[u8]) -> Result<NaiveDate, String> {
    let b = trim(bytes);
    if b.is_empty() {
        return Err("is empty".into());
    }
    let shown_b = || shown(&text(b).0);
    let bad = || format!("{} is not a date (use {DATE_FORMS})", shown_b());
    let mut at = 0;
    let (x, x_len) = digits(b, &mut at);
    let sep = *b.get(at).ok_or_else(bad)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return Err(bad());
    }
    at += 1;
    let (month, m_len) = digits(b, &mut at);
    if b.get(at) != Some(&sep) {
        return Err(bad());
    }
    at += 1;
    let (z, z_len) = digits(b, &mut at);
    // A time may follow after a space or a 'T'.
    if at < b.len() && b[at] != b' ' && b[at] != b'T' {
        return Err(bad());
    }
    if !(1..=2).contains(&m_len) {
        return Err(bad());
    }
    let (year, day) = match (x_len, z_len) {
        (4, 1..=2) => (x, z),
        (1..=2, 4) => (z, x),
        (1..=2, 2) => {
            return Err(format!(
                "{} has a two-digit year (use {DATE_FORMS})",
                shown_b()
            ));
        }
        _ => return Err(bad()),
    };
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
        format!(
            "{} is not a date in the calendar (use {DATE_FORMS})",
            shown_b()
        )
    })
}

/// Reads up to five digits at `at`; returns their value and how many there were.
fn digits(b: &[u8], at: &mut usize) -> (u32, usize) {
    let start = *at;
    let mut value = 0;
    while *at < b.len() && *at - start < 5 && b[*at].is_ascii_digit() {
        value = value * 10 + u32::from(b[*at] - b'0');
        *at += 1;
    }
    (value, *at - start)
}

/// A date from an Excel serial number (days since 30/12/1899, or since
/// 01/01/1904 in workbooks using the Mac epoch); a time of day is ignored.
pub(crate) fn date_of_serial(serial: f64, is_1904: bool) -> Result<NaiveDate, String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return Err(format!("'{serial}' is not a date"));
    }
    let dt = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904);
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
        .ok_or_else(|| format!("'{serial}' is not a date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counts() {
        assert_eq!(count(b" 12 "), Ok(12));
        assert_eq!(count(b"7.00"), Ok(7));
        assert_eq!(count(b"0"), Ok(0));
        assert_eq!(count(b"-3"), Err("'-3' is negative".into()));
        assert_eq!(count(b"2.5"), Err("'2.5' is not a whole number".into()));
        assert_eq!(count(b"seven"), Err("'seven' is not a number".into()));
        assert_eq!(count(b"12."), Ok(12));
        assert_eq!(count(b""), Err("is empty".into()));
        assert_eq!(
            count(b"99999999999"),
            Err("'99999999999' is too large".into())
        );
        assert_eq!(count_of_number(4.0), Ok(4));
        assert!(count_of_number(-1.0).is_err());
        assert!(count_of_number(1.5).is_err());
    }

    #[test]
    fn dates_in_new_zealand_and_iso_forms() {
        assert_eq!(date(b"2024-03-05"), Ok(d(2024, 3, 5)));
        assert_eq!(date(b"05/03/2024"), Ok(d(2024, 3, 5)));
        assert_eq!(date(b"5/3/2024"), Ok(d(2024, 3, 5)));
        assert_eq!(date(b"05-03-2024"), Ok(d(2024, 3, 5)));
        assert_eq!(date(b"05.03.2024 00:00:00"), Ok(d(2024, 3, 5)));
        assert_eq!(date(b"2024-03-05T10:00:00"), Ok(d(2024, 3, 5)));
        assert_eq!(
            date(b"31/02/2024"),
            Err("'31/02/2024' is not a date in the calendar (use dd/mm/yyyy or yyyy-mm-dd)".into())
        );
        assert_eq!(
            date(b"05/03/24"),
            Err("'05/03/24' has a two-digit year (use dd/mm/yyyy or yyyy-mm-dd)".into())
        );
        assert!(date(b"March 5 2024").is_err());
        assert!(date(b"2024/03-05").is_err());
        assert!(date(b"45123").is_err());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(date_of_serial(45356.0, false), Ok(d(2024, 3, 5)));
        assert_eq!(date_of_serial(45356.75, false), Ok(d(2024, 3, 5)));
        assert_eq!(date_of_serial(43894.0, true), Ok(d(2024, 3, 5)));
        assert!(date_of_serial(-2.0, false).is_err());
    }

    #[test]
    fn text_falls_back_to_windows_1252() {
        assert_eq!(text("Whānau".as_bytes()), (Cow::Borrowed("Whānau"), false));
        let (t, fallback) = text(b"caf\xe9");
        assert_eq!(t, "café");
        assert!(fallback);
        assert_eq!(shown(&"x".repeat(50)), format!("'{}...'", "x".repeat(40)));
    }
}
