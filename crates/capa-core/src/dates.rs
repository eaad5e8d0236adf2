//! Reading dates typed by people: the one function every edge (team files,
//! forms, query strings, the API) uses, so they all accept the same spellings.

use chrono::NaiveDate;

/// Reads a date written as ISO (`2026-09-30`) or as New Zealand and the UK
/// write it (`30/09/2026`). Surrounding spaces are ignored.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .ok()
}

/// A date as New Zealand writes it: `30/09/2026`.
pub use crate::demand::dmy;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 30);
        assert_eq!(parse_date("30/09/2026"), d);
        assert_eq!(parse_date(" 2026-09-30 "), d);
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("09/30/2026"), None);
        assert_eq!(dmy(d.unwrap()), "30/09/2026");
    }
}
