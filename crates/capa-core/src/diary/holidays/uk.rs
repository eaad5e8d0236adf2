//! United Kingdom bank holidays: England and Wales, Scotland, Northern
//! Ireland. Each nation keeps its own list; a holiday falling at a weekend
//! has a substitute day on the next weekday that is not already a holiday.
//! Days moved or added by proclamation (jubilees, a coronation, a state
//! funeral) are in [`proclaimed`], from 1995.

use chrono::{Datelike, NaiveDate, Weekday};

use super::{easter_sunday, mondayised, nth_weekday, pair_observed};

/// The three bank-holiday calendars of the United Kingdom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nation {
    /// England and Wales.
    EnglandAndWales,
    /// Scotland.
    Scotland,
    /// Northern Ireland.
    NorthernIreland,
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    nth_weekday(year, month, Weekday::Mon, 5).or_else(|| nth_weekday(year, month, Weekday::Mon, 4))
}

/// The early May bank holiday: the first Monday in May, moved for VE Day
/// anniversaries (1995, 2020).
fn early_may(year: i32) -> Option<NaiveDate> {
    match year {
        1995 => ymd(1995, 5, 8),
        2020 => ymd(2020, 5, 8),
        _ => nth_weekday(year, 5, Weekday::Mon, 1),
    }
}

/// The spring bank holiday: the last Monday in May, moved in jubilee years.
fn spring(year: i32) -> Option<NaiveDate> {
    match year {
        2002 => ymd(2002, 6, 4),
        2012 => ymd(2012, 6, 4),
        2022 => ymd(2022, 6, 2),
        _ => last_monday(year, 5),
    }
}

/// Extra bank holidays proclaimed for one year, in every nation.
fn proclaimed(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let days: &[(u32, u32, &'static str)] = match year {
        1999 => &[(12, 31, "Millennium Day")],
        2002 => &[(6, 3, "Golden Jubilee")],
        2011 => &[(4, 29, "Royal wedding")],
        2012 => &[(6, 5, "Diamond Jubilee")],
        2022 => &[
            (6, 3, "Platinum Jubilee"),
            (9, 19, "State funeral of Queen Elizabeth II"),
        ],
        2023 => &[(5, 8, "Coronation of King Charles III")],
        _ => &[],
    };
    days.iter()
        .filter_map(|&(m, d, name)| ymd(year, m, d).map(|day| (day, name)))
        .collect()
}

/// A holiday observed on `observed`, named as a substitute when moved.
fn push(
    out: &mut Vec<(NaiveDate, &'static str)>,
    actual: Option<NaiveDate>,
    observed: Option<NaiveDate>,
    names: (&'static str, &'static str),
) {
    if let (Some(a), Some(o)) = (actual, observed) {
        out.push((o, if a == o { names.0 } else { names.1 }));
    }
}

/// A nation's bank holidays in a calendar year, on the days they are
/// observed, in date order.
pub fn bank_holidays(nation: Nation, year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::new();
    let jan1 = ymd(year, 1, 1);
    if nation == Nation::Scotland {
        if let Some(first) = jan1 {
            let (a, b) = pair_observed(first);
            push(
                &mut out,
                jan1,
                Some(a),
                ("New Year's Day", "New Year's Day (substitute day)"),
            );
            push(
                &mut out,
                first.succ_opt(),
                Some(b),
                ("2nd January", "2nd January (substitute day)"),
            );
        }
    } else {
        push(
            &mut out,
            jan1,
            jan1.map(mondayised),
            ("New Year's Day", "New Year's Day (substitute day)"),
        );
    }
    let easter = easter_sunday(year);
    if let Some(good_friday) = easter.and_then(|e| e.checked_sub_days(chrono::Days::new(2))) {
        out.push((good_friday, "Good Friday"));
    }
    if nation != Nation::Scotland
        && let Some(monday) = easter.and_then(|e| e.succ_opt())
    {
        out.push((monday, "Easter Monday"));
    }
    if nation == Nation::NorthernIreland {
        let patrick = ymd(year, 3, 17);
        push(
            &mut out,
            patrick,
            patrick.map(mondayised),
            ("St Patrick's Day", "St Patrick's Day (substitute day)"),
        );
        let boyne = ymd(year, 7, 12);
        push(
            &mut out,
            boyne,
            boyne.map(mondayised),
            (
                "Battle of the Boyne (Orangemen's Day)",
                "Battle of the Boyne (Orangemen's Day) (substitute day)",
            ),
        );
    }
    if let Some(d) = early_may(year) {
        out.push((d, "Early May bank holiday"));
    }
    if let Some(d) = spring(year) {
        out.push((d, "Spring bank holiday"));
    }
    let summer = match nation {
        Nation::Scotland => nth_weekday(year, 8, Weekday::Mon, 1),
        _ => last_monday(year, 8),
    };
    if let Some(d) = summer {
        out.push((d, "Summer bank holiday"));
    }
    if nation == Nation::Scotland {
        let andrew = ymd(year, 11, 30);
        push(
            &mut out,
            andrew,
            andrew.map(mondayised),
            ("St Andrew's Day", "St Andrew's Day (substitute day)"),
        );
    }
    if let Some(christmas) = ymd(year, 12, 25) {
        let (a, b) = pair_observed(christmas);
        push(
            &mut out,
            Some(christmas),
            Some(a),
            ("Christmas Day", "Christmas Day (substitute day)"),
        );
        push(
            &mut out,
            christmas.succ_opt(),
            Some(b),
            ("Boxing Day", "Boxing Day (substitute day)"),
        );
    }
    out.extend(proclaimed(year));
    out.sort();
    out.dedup_by_key(|(d, _)| *d);
    debug_assert!(out.iter().all(|(d, _)| d.year() == year));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn days(nation: Nation, year: i32) -> Vec<NaiveDate> {
        bank_holidays(nation, year)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    }

    #[test]
    fn england_and_wales_2026() {
        // Easter Sunday 5 April; Boxing Day a Saturday, so Monday 28th.
        assert_eq!(
            days(Nation::EnglandAndWales, 2026),
            [
                d(2026, 1, 1),
                d(2026, 4, 3),
                d(2026, 4, 6),
                d(2026, 5, 4),
                d(2026, 5, 25),
                d(2026, 8, 31),
                d(2026, 12, 25),
                d(2026, 12, 28),
            ]
        );
    }

    #[test]
    fn scotland_2026_has_2_january_and_st_andrew_but_no_easter_monday() {
        assert_eq!(
            days(Nation::Scotland, 2026),
            [
                d(2026, 1, 1),
                d(2026, 1, 2),
                d(2026, 4, 3),
                d(2026, 5, 4),
                d(2026, 5, 25),
                d(2026, 8, 3),
                d(2026, 11, 30),
                d(2026, 12, 25),
                d(2026, 12, 28),
            ]
        );
    }

    #[test]
    fn northern_ireland_2026_and_its_substitutes() {
        let h = bank_holidays(Nation::NorthernIreland, 2026);
        assert!(h.contains(&(d(2026, 3, 17), "St Patrick's Day")));
        // 12 July 2026 is a Sunday.
        assert!(h.contains(&(
            d(2026, 7, 13),
            "Battle of the Boyne (Orangemen's Day) (substitute day)"
        )));
        assert_eq!(h.len(), 10);
    }

    #[test]
    fn weekend_christmas_and_new_year_have_substitutes() {
        // 2022: 1 January a Saturday; Christmas a Sunday, Boxing Day a Monday.
        let h = bank_holidays(Nation::EnglandAndWales, 2022);
        assert!(h.contains(&(d(2022, 1, 3), "New Year's Day (substitute day)")));
        assert!(h.contains(&(d(2022, 12, 26), "Boxing Day")));
        assert!(h.contains(&(d(2022, 12, 27), "Christmas Day (substitute day)")));
        // 2022 also moved the spring holiday and added two more.
        for day in [d(2022, 6, 2), d(2022, 6, 3), d(2022, 9, 19)] {
            assert!(h.iter().any(|(x, _)| *x == day), "{day}");
        }
        assert!(!h.iter().any(|(x, _)| *x == d(2022, 5, 30)));
        // Scotland 2022: 1 and 2 January at the weekend move to 3 and 4.
        let s = days(Nation::Scotland, 2022);
        assert!(s.contains(&d(2022, 1, 3)) && s.contains(&d(2022, 1, 4)));
        assert!(days(Nation::EnglandAndWales, 2023).contains(&d(2023, 5, 8)));
    }

    #[test]
    fn every_year_observes_its_holidays_on_weekdays() {
        for nation in [
            Nation::EnglandAndWales,
            Nation::Scotland,
            Nation::NorthernIreland,
        ] {
            for y in 1995..2060 {
                let h = days(nation, y);
                assert!(
                    h.iter().all(|d| d.weekday().num_days_from_monday() < 5),
                    "{nation:?} {y}"
                );
                let want = match nation {
                    Nation::EnglandAndWales => 8,
                    Nation::Scotland => 9,
                    Nation::NorthernIreland => 10,
                } + proclaimed(y).len();
                assert_eq!(h.len(), want, "{nation:?} {y}");
            }
        }
    }
}
