//! Public holidays and working days.
//!
//! A team's holidays come from its calendar ([`HolidayCalendar`]): New
//! Zealand's national holidays with, if the team chooses, its province's
//! anniversary day ([`nz`]), or the bank holidays of one of the United
//! Kingdom's nations ([`uk`]). The store keeps each team's list, starting from
//! its calendar, with any days the team adds. [`WorkingDays`] counts working
//! days on the team's weekdays, skipping holidays.

pub mod nz;
pub mod uk;

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::layout::WEEKDAYS;

pub use nz::{Anniversary, nz_public_holidays};
pub use uk::{Nation, bank_holidays};

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
pub(super) fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

/// A holiday that falls on a weekend is observed on the following Monday.
pub(super) fn mondayised(date: NaiveDate) -> NaiveDate {
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
pub(super) fn pair_observed(first: NaiveDate) -> (NaiveDate, NaiveDate) {
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

/// Where a team's public holidays come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayCalendar {
    /// New Zealand's national holidays, with a province's anniversary day.
    NewZealand(Option<Anniversary>),
    /// A nation of the United Kingdom.
    UnitedKingdom(Nation),
    /// None: the team enters every holiday itself.
    None,
}

/// New Zealand's national holidays: New Zealand first.
impl Default for HolidayCalendar {
    fn default() -> Self {
        Self::NZ
    }
}

impl HolidayCalendar {
    /// New Zealand's national holidays only: capa's default.
    pub const NZ: Self = Self::NewZealand(None);

    /// Every calendar, New Zealand's first.
    pub fn all() -> Vec<Self> {
        let mut out = vec![Self::NZ];
        out.extend(Anniversary::ALL.map(|a| Self::NewZealand(Some(a))));
        out.extend(
            [
                Nation::EnglandAndWales,
                Nation::Scotland,
                Nation::NorthernIreland,
            ]
            .map(Self::UnitedKingdom),
        );
        out.push(Self::None);
        out
    }

    /// The identifier used in files and settings: `nz`, `nz-wellington`,
    /// `uk-england-wales`, `uk-scotland`, `uk-northern-ireland`, `none`.
    pub fn id(self) -> String {
        match self {
            Self::NewZealand(None) => "nz".into(),
            Self::NewZealand(Some(a)) => format!("nz-{}", a.id()),
            Self::UnitedKingdom(Nation::EnglandAndWales) => "uk-england-wales".into(),
            Self::UnitedKingdom(Nation::Scotland) => "uk-scotland".into(),
            Self::UnitedKingdom(Nation::NorthernIreland) => "uk-northern-ireland".into(),
            Self::None => "none".into(),
        }
    }

    /// Parses an identifier, ignoring case.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_lowercase();
        Self::all().into_iter().find(|c| c.id() == t)
    }

    /// The calendar in words, with the anniversary day's rule.
    pub fn describe(self) -> String {
        match self {
            Self::NewZealand(None) => "New Zealand national public holidays".into(),
            Self::NewZealand(Some(a)) => format!(
                "New Zealand national public holidays and {} ({}: {})",
                a.name(),
                a.covers(),
                a.rule()
            ),
            Self::UnitedKingdom(Nation::EnglandAndWales) => {
                "bank holidays of England and Wales".into()
            }
            Self::UnitedKingdom(Nation::Scotland) => "bank holidays of Scotland".into(),
            Self::UnitedKingdom(Nation::NorthernIreland) => {
                "bank holidays of Northern Ireland".into()
            }
            Self::None => "no calendar: the team enters its own holidays".into(),
        }
    }

    /// The calendar's holidays in a calendar year, in date order, one per day.
    pub fn holidays(self, year: i32) -> Vec<(NaiveDate, &'static str)> {
        let mut out = match self {
            Self::NewZealand(anniversary) => {
                let mut h = nz_public_holidays(year);
                if let Some(a) = anniversary
                    && let Some(day) = a.date(year)
                    && !h.iter().any(|(d, _)| *d == day)
                {
                    h.push((day, a.name()));
                }
                h
            }
            Self::UnitedKingdom(nation) => bank_holidays(nation, year),
            Self::None => Vec::new(),
        };
        out.sort();
        out
    }

    /// The calendar's holidays from `from` to `to`, both included.
    pub fn between(self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, &'static str)> {
        (from.year()..=to.year())
            .flat_map(|y| self.holidays(y))
            .filter(|(d, _)| from <= *d && *d <= to)
            .collect()
    }
}

impl fmt::Display for HolidayCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

/// The days a team works: its weekdays, less its public holidays.
#[derive(Debug, Clone, Copy)]
pub struct WorkingDays<'a> {
    /// The team's working weekdays (its layout's days).
    pub weekdays: &'a [Weekday],
    /// Its public holidays.
    pub holidays: &'a [NaiveDate],
}

impl<'a> WorkingDays<'a> {
    /// Monday to Friday, less `holidays`.
    pub fn monday_to_friday(holidays: &'a [NaiveDate]) -> Self {
        Self {
            weekdays: &WEEKDAYS,
            holidays,
        }
    }

    /// Whether `date` is a working day.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.weekdays.contains(&date.weekday()) && !self.holidays.contains(&date)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not
    /// after `from`).
    pub fn after(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.contains(*d))
            .count() as u32
    }

    /// The `n`-th working day after `from` (`from` itself for 0).
    pub fn add(&self, from: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 || self.weekdays.is_empty() {
            return from;
        }
        from.iter_days()
            .skip(1)
            .filter(|d| self.contains(*d))
            .nth(n as usize - 1)
            .unwrap_or(from)
    }
}

/// Whether a date is a working day: Monday to Friday and not one of the holidays.
pub fn is_working_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    WorkingDays::monday_to_friday(holidays).contains(date)
}

/// Working days (Monday to Friday) after `from` up to and including `to` (0
/// when `to` is not after `from`). A re-offer due on a Monday has had 5
/// working days by the following Monday.
pub fn working_days_between(from: NaiveDate, to: NaiveDate, holidays: &[NaiveDate]) -> u32 {
    WorkingDays::monday_to_friday(holidays).after(from, to)
}

/// The `n`-th working day (Monday to Friday) after `from`.
pub fn add_working_days(from: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    WorkingDays::monday_to_friday(holidays).add(from, n)
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

    #[test]
    fn a_four_day_week_counts_its_own_days() {
        let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];
        let w = WorkingDays {
            weekdays: &days,
            holidays: &[],
        };
        // Friday 6 March 2026 is not a working day: Monday 2 + 5 = Tuesday 10.
        assert_eq!(w.add(d(2026, 3, 2), 5), d(2026, 3, 10));
        assert_eq!(w.after(d(2026, 3, 2), d(2026, 3, 9)), 4);
    }

    #[test]
    fn calendars_by_id_with_their_anniversary_day() {
        for c in HolidayCalendar::all() {
            assert_eq!(HolidayCalendar::parse(&c.id()), Some(c));
        }
        let wellington = HolidayCalendar::parse("NZ-Wellington").unwrap();
        let h = wellington.holidays(2026);
        assert_eq!(h.len(), 12);
        assert!(h.contains(&(d(2026, 1, 19), "Wellington Anniversary Day")));
        assert!(
            wellington
                .describe()
                .contains("the Monday nearest 22 January")
        );
        assert_eq!(HolidayCalendar::NZ.holidays(2026).len(), 11);
        assert!(HolidayCalendar::None.holidays(2026).is_empty());
        let q1 = HolidayCalendar::NZ.between(d(2026, 7, 6), d(2026, 10, 4));
        assert_eq!(q1, [(d(2026, 7, 10), "Matariki")]);
    }
}
