//! New Zealand's national public holidays, and working days.
//!
//! The team keeps its own list of public holidays (the store holds it); this
//! module computes the national ones so a team can start from them. Regional
//! anniversary days (Wellington, Auckland, Canterbury ...) differ by province
//! and some follow local custom rather than a formula, so they are left to the
//! team to add to its list.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Matariki's dates, from the schedule of the Te Kāhui o Matariki Public
/// Holiday Act 2022. They follow the Māori lunar calendar as set by the
/// Matariki Advisory Group, so they are a published table, not a formula.
const MATARIKI: [(i32, u32, u32); 31] = [
    (2022, 6, 24),
    (2023, 7, 14),
    (2024, 6, 28),
    (2025, 6, 20),
    (2026, 7, 10),
    (2027, 6, 25),
    (2028, 7, 14),
    (2029, 7, 6),
    (2030, 6, 21),
    (2031, 7, 11),
    (2032, 7, 2),
    (2033, 6, 24),
    (2034, 7, 7),
    (2035, 6, 29),
    (2036, 7, 21),
    (2037, 7, 10),
    (2038, 6, 25),
    (2039, 7, 15),
    (2040, 7, 6),
    (2041, 7, 19),
    (2042, 7, 11),
    (2043, 7, 3),
    (2044, 6, 24),
    (2045, 7, 7),
    (2046, 6, 29),
    (2047, 7, 19),
    (2048, 7, 3),
    (2049, 6, 25),
    (2050, 7, 15),
    (2051, 6, 30),
    (2052, 6, 21),
];

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Easter Sunday of a year in the Gregorian calendar, by the anonymous
/// Gregorian algorithm (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    // Position in the 19-year Metonic cycle, then century corrections for the
    // solar (leap-year) and lunar drift of the Gregorian calendar.
    let golden = year.rem_euclid(19);
    let century = year.div_euclid(100);
    let year_in_century = year.rem_euclid(100);
    let leap_centuries = century / 4;
    let century_rest = century % 4;
    let lunar_correction = (century + 8) / 25;
    let solar_correction = (century - lunar_correction + 1) / 3;
    // Days from 21 March to the Paschal full moon (the epact's complement).
    let moon = (19 * golden + century - leap_centuries - solar_correction + 15).rem_euclid(30);
    let leap_years = year_in_century / 4;
    let year_rest = year_in_century % 4;
    // Days from the full moon to the following Sunday.
    let sunday = (32 + 2 * century_rest + 2 * leap_years - moon - year_rest).rem_euclid(7);
    // The rare cases where the full moon would fall too late are moved back a week.
    let late = (golden + 11 * moon + 22 * sunday) / 451;
    let offset = moon + sunday - 7 * late + 114;
    let month = offset / 31;
    let day = offset % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// The `n`-th (1-based) given weekday of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

/// A holiday that falls on a weekend is observed on the following Monday.
fn mondayised(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date + Days::new(2),
        Weekday::Sun => date + Days::new(1),
        _ => date,
    }
}

/// A pair of consecutive holidays (1 and 2 January, Christmas and Boxing Day):
/// each one that falls on a weekend moves to the next weekday that is not
/// already a holiday, so both are still days off ("Mondayisation" and
/// "Tuesdayisation").
fn pair_observed(first: NaiveDate) -> (NaiveDate, NaiveDate) {
    let second = first + Days::new(1);
    match first.weekday() {
        // Saturday and Sunday: Monday and Tuesday.
        Weekday::Sat => (first + Days::new(2), first + Days::new(3)),
        // Sunday and Monday: the Monday stays, the Sunday moves to Tuesday.
        Weekday::Sun => (first + Days::new(2), second),
        // Friday and Saturday: the Saturday moves to Monday.
        Weekday::Fri => (first, first + Days::new(3)),
        _ => (first, second),
    }
}

/// New Zealand's national public holidays in a calendar year, on the days
/// they are observed, in date order, each with its name ("(observed)" when
/// moved off a weekend).
///
/// Included: New Year's Day and the day after, Waitangi Day, Good Friday,
/// Easter Monday, ANZAC Day, the Sovereign's Birthday (Queen's to 2022,
/// King's from 2023), Matariki (2022-2052, from the Act's schedule; none
/// outside it), Labour Day, Christmas Day and Boxing Day. Regional anniversary
/// days are not included: the team adds its own.
pub fn nz_public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out: Vec<(NaiveDate, &'static str)> = Vec::new();
    // A holiday observed on `observed` though it falls on `actual`.
    let mut moved = |actual: Option<NaiveDate>,
                     observed: Option<NaiveDate>,
                     names: (&'static str, &'static str)| {
        if let (Some(a), Some(o)) = (actual, observed) {
            out.push((o, if a == o { names.0 } else { names.1 }));
        }
    };

    if let Some(jan1) = ymd(year, 1, 1) {
        let (a, b) = pair_observed(jan1);
        moved(
            Some(jan1),
            Some(a),
            ("New Year's Day", "New Year's Day (observed)"),
        );
        moved(
            jan1.succ_opt(),
            Some(b),
            (
                "Day after New Year's Day",
                "Day after New Year's Day (observed)",
            ),
        );
    }
    // Waitangi Day and ANZAC Day are Mondayised from 2014 (the Holidays
    // Amendment Act 2013); before that a weekend one was simply lost.
    let shift = |d: NaiveDate| if year >= 2014 { mondayised(d) } else { d };
    let waitangi = ymd(year, 2, 6);
    moved(
        waitangi,
        waitangi.map(shift),
        ("Waitangi Day", "Waitangi Day (observed)"),
    );
    let anzac = ymd(year, 4, 25);
    moved(
        anzac,
        anzac.map(shift),
        ("ANZAC Day", "ANZAC Day (observed)"),
    );
    if let Some(christmas) = ymd(year, 12, 25) {
        let (a, b) = pair_observed(christmas);
        moved(
            Some(christmas),
            Some(a),
            ("Christmas Day", "Christmas Day (observed)"),
        );
        moved(
            christmas.succ_opt(),
            Some(b),
            ("Boxing Day", "Boxing Day (observed)"),
        );
    }

    // The rest always fall on a weekday.
    let easter = easter_sunday(year);
    let fixed = [
        (
            easter.and_then(|e| e.checked_sub_days(Days::new(2))),
            "Good Friday",
        ),
        (easter.and_then(|e| e.succ_opt()), "Easter Monday"),
        (
            nth_weekday(year, 6, Weekday::Mon, 1),
            if year >= 2023 {
                "King's Birthday"
            } else {
                "Queen's Birthday"
            },
        ),
        (
            MATARIKI
                .iter()
                .find(|(y, _, _)| *y == year)
                .and_then(|&(y, m, d)| ymd(y, m, d)),
            "Matariki",
        ),
        (nth_weekday(year, 10, Weekday::Mon, 4), "Labour Day"),
    ];
    out.extend(
        fixed
            .into_iter()
            .filter_map(|(d, name)| d.map(|d| (d, name))),
    );
    out.sort();
    // The Act treats holidays falling on the same day as one day: ANZAC Day
    // can meet Easter Monday (2011 on the day; 2038 once Mondayised).
    out.dedup_by(|later, earlier| {
        if later.0 != earlier.0 {
            return false;
        }
        earlier.1 = if later.1.ends_with("(observed)") || earlier.1.ends_with("(observed)") {
            "Easter Monday and ANZAC Day (observed)"
        } else {
            "Easter Monday and ANZAC Day"
        };
        true
    });
    out
}

/// Whether a date is a working day: Monday to Friday and not one of the holidays.
pub fn is_working_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// Working days after `from` up to and including `to` (0 when `to` is not
/// after `from`). A re-offer due on a Monday has had 5 working days by the
/// following Monday.
pub fn working_days_between(from: NaiveDate, to: NaiveDate, holidays: &[NaiveDate]) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d, holidays))
        .count() as u32
}

/// The `n`-th working day after `from`.
pub fn add_working_days(from: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    from.iter_days()
        .skip(1)
        .filter(|d| is_working_day(*d, holidays))
        .nth(n.saturating_sub(1) as usize)
        .filter(|_| n > 0)
        .unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_sundays() {
        for (y, m, day) in [
            (2000, 4, 23),
            (2008, 3, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2038, 4, 25),
            (1818, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), Some(d(y, m, day)), "{y}");
        }
    }

    #[test]
    fn nz_2026() {
        let got = nz_public_holidays(2026);
        let want = [
            (d(2026, 1, 1), "New Year's Day"),
            (d(2026, 1, 2), "Day after New Year's Day"),
            (d(2026, 2, 6), "Waitangi Day"),
            (d(2026, 4, 3), "Good Friday"),
            (d(2026, 4, 6), "Easter Monday"),
            // 25 April 2026 is a Saturday.
            (d(2026, 4, 27), "ANZAC Day (observed)"),
            (d(2026, 6, 1), "King's Birthday"),
            (d(2026, 7, 10), "Matariki"),
            (d(2026, 10, 26), "Labour Day"),
            (d(2026, 12, 25), "Christmas Day"),
            // 26 December 2026 is a Saturday.
            (d(2026, 12, 28), "Boxing Day (observed)"),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn weekend_pairs_move_to_monday_and_tuesday() {
        // 2022: 1 January a Saturday; Christmas a Sunday.
        let h = nz_public_holidays(2022);
        let dates: Vec<_> = h.iter().map(|(d, _)| *d).collect();
        assert!(dates.contains(&d(2022, 1, 3)) && dates.contains(&d(2022, 1, 4)));
        assert!(h.contains(&(d(2022, 12, 26), "Boxing Day")));
        assert!(h.contains(&(d(2022, 12, 27), "Christmas Day (observed)")));
        assert!(h.contains(&(d(2022, 6, 6), "Queen's Birthday")));
        assert!(h.contains(&(d(2022, 6, 24), "Matariki")));
        // 2021: Christmas a Saturday, Boxing Day a Sunday.
        let h = nz_public_holidays(2021);
        assert!(h.contains(&(d(2021, 12, 27), "Christmas Day (observed)")));
        assert!(h.contains(&(d(2021, 12, 28), "Boxing Day (observed)")));
        assert!(!h.iter().any(|(_, n)| *n == "Matariki"));
        // 2027: 1 January a Friday, so the 2nd (Saturday) moves to Monday 4th.
        let h = nz_public_holidays(2027);
        assert!(h.contains(&(d(2027, 1, 4), "Day after New Year's Day (observed)")));
        // 2010: 6 February a Saturday, before Mondayisation.
        assert!(nz_public_holidays(2010).contains(&(d(2010, 2, 6), "Waitangi Day")));
        // 2028: 6 February a Sunday.
        assert!(nz_public_holidays(2028).contains(&(d(2028, 2, 7), "Waitangi Day (observed)")));
    }

    #[test]
    fn anzac_day_meeting_easter_monday_is_one_day() {
        let h = nz_public_holidays(2011);
        assert!(h.contains(&(d(2011, 4, 25), "Easter Monday and ANZAC Day")));
        // 2038: Easter Sunday is 25 April, so ANZAC Day moves onto Easter Monday.
        let h = nz_public_holidays(2038);
        assert!(h.contains(&(d(2038, 4, 26), "Easter Monday and ANZAC Day (observed)")));
        assert_eq!(h.len(), 10);
    }

    #[test]
    fn every_year_has_its_holidays_on_distinct_weekdays() {
        for y in 2000..2060 {
            let h = nz_public_holidays(y);
            let full = if (2022..=2052).contains(&y) { 11 } else { 10 };
            let shared = h.iter().any(|(_, n)| n.starts_with("Easter Monday and"));
            assert_eq!(h.len(), full - usize::from(shared), "{y}");
            let mut dates: Vec<_> = h.iter().map(|(d, _)| *d).collect();
            dates.dedup();
            assert_eq!(dates.len(), h.len(), "{y}: two holidays on one day");
            assert!(
                y < 2014 || dates.iter().all(|d| is_working_day(*d, &[])),
                "{y}: a holiday observed at a weekend"
            );
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Monday 2 March 2026 to Monday 9 March: Tue-Fri and Mon = 5.
        assert_eq!(working_days_between(d(2026, 3, 2), d(2026, 3, 9), &[]), 5);
        assert_eq!(
            working_days_between(d(2026, 3, 2), d(2026, 3, 9), &[d(2026, 3, 4)]),
            4
        );
        assert_eq!(working_days_between(d(2026, 3, 9), d(2026, 3, 2), &[]), 0);
        assert_eq!(add_working_days(d(2026, 3, 2), 5, &[]), d(2026, 3, 9));
        // Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        let easter = [d(2026, 4, 3), d(2026, 4, 6)];
        assert_eq!(add_working_days(d(2026, 4, 1), 2, &easter), d(2026, 4, 7));
        assert_eq!(add_working_days(d(2026, 4, 1), 0, &easter), d(2026, 4, 1));
    }
}
