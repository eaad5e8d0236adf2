//! Quarters and planning years.
//!
//! A planning year starts on the first Monday on or after the 1st of the team's
//! year-start month (New Zealand health: July). Quarters 1-3 are the 13-week
//! blocks from that Monday; quarter 4 runs to the start of the next year, so it
//! takes the 53rd week when one occurs. This matches "13 weeks starting on the
//! first Monday on or after the 1st of its first month" in every year where the
//! two readings could differ only by the gap week, and keeps the year gap-free.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Serialize, Serializer};
use thiserror::Error;

/// A planning year, named by the calendar year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanningYear {
    /// Calendar year of the year's first month.
    pub start_year: i32,
    /// First month, 1-12.
    pub start_month: u32,
}

/// One quarter of a planning year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quarter {
    /// The planning year.
    pub year: PlanningYear,
    /// 1 to 4.
    pub number: u8,
}

/// A quarter that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "'{0}' is not a quarter; write it like 2026/27 Q3, 2026Q3 or 2026-Q3 (the year the planning year starts, then the quarter 1-4)"
)]
pub struct QuarterError(pub String);

fn first_monday_on_or_after(d: NaiveDate) -> NaiveDate {
    let ahead = (7 + Weekday::Mon.num_days_from_monday() as i64
        - d.weekday().num_days_from_monday() as i64)
        % 7;
    d + chrono::Duration::days(ahead)
}

impl PlanningYear {
    /// The planning year starting in `start_year`.
    pub fn new(start_year: i32, start_month: u32) -> Self {
        Self {
            start_year,
            start_month: start_month.clamp(1, 12),
        }
    }

    /// The planning year a date falls in.
    pub fn containing(date: NaiveDate, start_month: u32) -> Self {
        let this = Self::new(date.year(), start_month);
        if date < this.start() {
            Self::new(date.year() - 1, start_month)
        } else {
            this
        }
    }

    /// First day: the first Monday on or after the 1st of the start month.
    pub fn start(&self) -> NaiveDate {
        let first =
            NaiveDate::from_ymd_opt(self.start_year, self.start_month, 1).unwrap_or(NaiveDate::MIN);
        first_monday_on_or_after(first)
    }

    /// First day of the next planning year.
    pub fn end_exclusive(&self) -> NaiveDate {
        self.next().start()
    }

    /// The following year.
    pub fn next(&self) -> Self {
        Self::new(self.start_year + 1, self.start_month)
    }

    /// The four quarters.
    pub fn quarters(&self) -> [Quarter; 4] {
        [1, 2, 3, 4].map(|number| Quarter {
            year: *self,
            number,
        })
    }
}

impl fmt::Display for PlanningYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start_month == 1 {
            write!(f, "{}", self.start_year)
        } else {
            write!(
                f,
                "{}/{:02}",
                self.start_year,
                (self.start_year + 1).rem_euclid(100)
            )
        }
    }
}

impl Quarter {
    /// The quarter a date falls in.
    pub fn containing(date: NaiveDate, start_month: u32) -> Self {
        let year = PlanningYear::containing(date, start_month);
        let weeks = (date - year.start()).num_days() / 7;
        let number = (weeks / 13 + 1).min(4) as u8;
        Self { year, number }
    }

    /// First day (a Monday).
    pub fn start(&self) -> NaiveDate {
        self.year.start() + Days::new(91 * u64::from(self.number.saturating_sub(1)))
    }

    /// The day after the last day: the next quarter's start.
    pub fn end_exclusive(&self) -> NaiveDate {
        if self.number >= 4 {
            self.year.end_exclusive()
        } else {
            self.start() + Days::new(91)
        }
    }

    /// Whole weeks in the quarter: 13, or 14 for a fourth quarter with a 53rd week.
    pub fn weeks(&self) -> i64 {
        (self.end_exclusive() - self.start()).num_days() / 7
    }

    /// Days in the quarter.
    pub fn days(&self) -> i64 {
        (self.end_exclusive() - self.start()).num_days()
    }

    /// The following quarter.
    pub fn next(&self) -> Self {
        if self.number >= 4 {
            Self {
                year: self.year.next(),
                number: 1,
            }
        } else {
            Self {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    /// The quarter before.
    pub fn previous(&self) -> Self {
        if self.number <= 1 {
            Self {
                year: PlanningYear::new(self.year.start_year - 1, self.year.start_month),
                number: 4,
            }
        } else {
            Self {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// The quarter's key, `2026Q3`: how URLs, the API and the store name a
    /// quarter (the year the planning year starts, then the quarter).
    /// [`Quarter::parse`] reads it back.
    pub fn key(&self) -> String {
        format!("{}Q{}", self.year.start_year, self.number)
    }

    /// Parses `2026/27 Q3`, `2026Q3`, `2026-Q3`, `2026 q3` for a team whose year
    /// starts in `start_month`. The year is the one the planning year starts in.
    pub fn parse(text: &str, start_month: u32) -> Result<Self, QuarterError> {
        let err = || QuarterError(text.to_string());
        let t = text.trim().to_ascii_uppercase();
        let q = t.rfind('Q').ok_or_else(err)?;
        let number: u8 = t[q + 1..].trim().parse().map_err(|_| err())?;
        if !(1..=4).contains(&number) {
            return Err(err());
        }
        let year_part = t[..q].trim().trim_end_matches(['-', ' ']);
        let first = year_part.split('/').next().ok_or_else(err)?;
        let start_year: i32 = first.trim().parse().map_err(|_| err())?;
        if !(1900..=9999).contains(&start_year) {
            return Err(err());
        }
        if let Some(second) = year_part.split('/').nth(1) {
            let expected = (start_year + 1).rem_euclid(100);
            let given: i32 = second.trim().parse().map_err(|_| err())?;
            if given.rem_euclid(100) != expected {
                return Err(err());
            }
        }
        Ok(Self {
            year: PlanningYear::new(start_year, start_month),
            number,
        })
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Q{}", self.year, self.number)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for PlanningYear {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Quarters parse with a July year start when no team is at hand.
impl FromStr for Quarter {
    type Err = QuarterError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quarter::parse(s, 7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn nz_year_2026_starts_monday_6_july() {
        let y = PlanningYear::new(2026, 7);
        assert_eq!(y.start(), d(2026, 7, 6));
        let q = y.quarters();
        assert_eq!(q[1].start(), d(2026, 10, 5));
        assert_eq!(q[2].start(), d(2027, 1, 4));
        assert_eq!(q[3].start(), d(2027, 4, 5));
        assert_eq!(q[3].end_exclusive(), d(2027, 7, 5));
        assert!(q.iter().all(|q| q.weeks() == 13));
        assert_eq!(y.to_string(), "2026/27");
    }

    #[test]
    fn fourth_quarter_takes_the_53rd_week() {
        // 1 July 2024 is a Monday; the next year starts Monday 7 July 2025.
        let y = PlanningYear::new(2024, 7);
        assert_eq!(y.start(), d(2024, 7, 1));
        assert_eq!(y.end_exclusive(), d(2025, 7, 7));
        assert_eq!(y.quarters()[3].weeks(), 14);
    }

    #[test]
    fn quarter_containing_a_date() {
        assert_eq!(
            Quarter::containing(d(2026, 11, 23), 7).to_string(),
            "2026/27 Q2"
        );
        assert_eq!(
            Quarter::containing(d(2026, 7, 3), 7).to_string(),
            "2025/26 Q4"
        );
        assert_eq!(Quarter::containing(d(2026, 3, 1), 1).to_string(), "2026 Q1");
    }

    #[test]
    fn quarters_parse_in_several_spellings() {
        for s in ["2026/27 Q3", "2026Q3", "2026-Q3", "2026 q3"] {
            let q = Quarter::parse(s, 7).unwrap();
            assert_eq!(q.to_string(), "2026/27 Q3", "{s}");
        }
        assert!(Quarter::parse("2026/28 Q1", 7).is_err());
        assert!(Quarter::parse("2026 Q5", 7).is_err());
        assert!(Quarter::parse("Q1", 7).is_err());
        assert_eq!(
            Quarter::parse("2026/27 Q4", 7).unwrap().next().to_string(),
            "2027/28 Q1"
        );
    }

    #[test]
    fn keys_read_back_and_quarters_step_both_ways() {
        let q = Quarter::parse("2026/27 Q1", 7).unwrap();
        assert_eq!(q.key(), "2026Q1");
        assert_eq!(Quarter::parse(&q.key(), 7).unwrap(), q);
        assert_eq!(q.previous().to_string(), "2025/26 Q4");
        assert_eq!(q.previous().next(), q);
        assert_eq!(q.next().previous(), q);
    }
}
