//! The model's clock: minutes from the first simulated day's midnight, weeks
//! of seven days from there, and the working hours in which referrals are
//! accepted.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};

/// Minutes in a day.
pub const DAY: u32 = 1440;
/// Minutes in a week.
pub const WEEK: u32 = 7 * DAY;
/// Referrals are accepted between 09:00 and 17:00 on weekdays: 480 minutes a
/// day, 2,400 a week.
pub const ACCEPT_FROM: u32 = 9 * 60;
/// Minutes of a weekday in which referrals are accepted.
pub const ACCEPT_MINUTES: u32 = 8 * 60;

/// The simulated period.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Day 0 (minute 0 is its midnight).
    pub start: NaiveDate,
    /// Weeks simulated in all.
    pub weeks: u32,
    /// Weeks of warm-up before the forecast (0 from a snapshot).
    pub warm_up: u32,
    /// Offsets (0-6) of the weekdays in each seven-day week, in order.
    pub weekdays: Vec<u32>,
}

impl Timeline {
    /// A timeline from `start` of `warm_up + weeks` weeks.
    pub fn new(start: NaiveDate, warm_up: u32, weeks: u32) -> Self {
        let weekdays = (0..7)
            .filter(|&d| {
                let day = start + Days::new(u64::from(d));
                !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            })
            .collect();
        Self {
            start,
            weeks: warm_up + weeks,
            warm_up,
            weekdays,
        }
    }

    /// The first day after the simulated period.
    pub fn end(&self) -> NaiveDate {
        self.date(self.weeks * 7)
    }

    /// The day `n` days after the start.
    pub fn date(&self, n: u32) -> NaiveDate {
        self.start + Days::new(u64::from(n))
    }

    /// The first day of week `w`.
    pub fn week_start(&self, w: u32) -> NaiveDate {
        self.date(w * 7)
    }

    /// Minutes from the start to a moment; `None` before the start or too far.
    pub fn minute(&self, at: NaiveDateTime) -> Option<u32> {
        let m = (at - self.start.and_time(chrono::NaiveTime::MIN)).num_minutes();
        u32::try_from(m).ok()
    }

    /// Days from the start to a date, negative before it.
    pub fn day(&self, date: NaiveDate) -> i32 {
        (date - self.start).num_days() as i32
    }

    /// Minutes from the start to a date's midnight, clamped at 0.
    pub fn midnight(&self, date: NaiveDate) -> u32 {
        self.day(date).max(0) as u32 * DAY
    }

    /// The minute of accepting time `x` (0 to 480 x the days) of week `w`,
    /// whose accepting days are `days` (offsets 0-6, in order).
    pub fn working_minute(w: u32, days: &[u32], x: f64) -> u32 {
        let x = x.clamp(0.0, f64::from(ACCEPT_MINUTES * days.len() as u32) - 1e-6);
        let day = (x / f64::from(ACCEPT_MINUTES)) as usize;
        let offset = days.get(day).copied().unwrap_or(0);
        let within = x - (day as u32 * ACCEPT_MINUTES) as f64;
        w * WEEK + offset * DAY + ACCEPT_FROM + within as u32
    }

    /// The week a minute falls in.
    pub fn week_of(minute: u32) -> u32 {
        minute / WEEK
    }

    /// The ISO week number of the middle of week `w`, for the referral profile.
    pub fn iso_week(&self, w: u32) -> u32 {
        self.date(w * 7 + 3).iso_week().week()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_minutes_fall_on_weekdays_in_office_hours() {
        // Wednesday 1 July 2026: the week's weekdays are Wed, Thu, Fri, Mon, Tue.
        let t = Timeline::new(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), 0, 4);
        assert_eq!(t.weekdays, [0, 1, 2, 5, 6]);
        let days = &t.weekdays;
        assert_eq!(Timeline::working_minute(0, days, 0.0), 9 * 60);
        assert_eq!(
            Timeline::working_minute(0, days, 480.0 * 3.0),
            5 * DAY + 9 * 60
        );
        assert_eq!(
            Timeline::working_minute(1, days, 2399.0),
            WEEK + 6 * DAY + 9 * 60 + 479
        );
        // A week with a holiday on its Thursday accepts on four days.
        assert_eq!(
            Timeline::working_minute(0, &[0, 2, 5, 6], 480.0 * 1.5),
            2 * DAY + 9 * 60 + 240
        );
        assert_eq!(t.end(), NaiveDate::from_ymd_opt(2026, 7, 29).unwrap());
        assert_eq!(t.day(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()), -1);
    }
}
