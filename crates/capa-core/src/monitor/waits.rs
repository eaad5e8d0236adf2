//! Waits: referral accepted -> Choice (the external wait) and Choice -> first
//! Partnership appointment (the internal wait), as medians and 90th
//! percentiles overall and by month, and the share of families seen within
//! the access targets.
//!
//! **Percentiles** are computed as Excel's PERCENTILE.INC (and pandas'
//! default, and capa's demand figures): sort the n waits; the p-th percentile
//! sits at position `1 + (n - 1) x p` of the sorted list (1-based); when that
//! position falls between two waits, take the lower one plus the fraction of
//! the gap. The median is the 50th percentile (for an even n, the mean of the
//! two middle waits). With one wait, every percentile is that wait.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::explain::{Explanation, n2, percent};

use super::facts::{ChoiceAppointment, FirstAppointment};
use super::settings::{AccessTarget, MonitorSettings};

/// Sorted waits listed in full in a working; longer lists show only the
/// waits either side of each position, which is all the working needs.
const LISTED_WAITS: usize = 12;

/// The median and 90th percentile of a set of waits, in days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaitStats {
    /// Waits measured.
    pub n: usize,
    /// The median wait in days (`None`: no waits).
    pub median: Option<f64>,
    /// The 90th percentile in days.
    pub p90: Option<f64>,
    /// The working of both.
    pub explain: Explanation,
}

/// A percentile by PERCENTILE.INC of waits already sorted, as `num / den`
/// (1/2 the median, 9/10 the 90th percentile), with its working.
fn percentile(sorted: &[i64], num: i64, den: i64, name: &str) -> Option<(f64, String)> {
    let n = sorted.len() as i64;
    if n == 0 {
        return None;
    }
    // Exact rational position: (n - 1) x num / den, 0-based.
    let scaled = (n - 1) * num;
    let below = (scaled / den) as usize;
    let rem = scaled % den;
    let lo = sorted[below];
    let position = format!(
        "1 + ({n} - 1) x {} = {}",
        n2(num as f64 / den as f64),
        n2(1.0 + scaled as f64 / den as f64)
    );
    if rem == 0 {
        return Some((
            lo as f64,
            format!("{name}: position {position}, the wait there is {lo}"),
        ));
    }
    let hi = sorted[below + 1];
    let frac = rem as f64 / den as f64;
    let value = lo as f64 + (hi - lo) as f64 * frac;
    Some((
        value,
        format!(
            "{name}: position {position}, between the {} ({lo}) and the {} ({hi}): {lo} + {} x ({hi} - {lo}) = {}",
            ordinal(below + 1),
            ordinal(below + 2),
            n2(frac),
            n2(value)
        ),
    ))
}

fn ordinal(k: usize) -> String {
    let suffix = match (k % 10, k % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{k}{suffix}")
}

/// The median and 90th percentile of `days` (any order), explained.
pub fn stats(days: &[i64], what: &str) -> WaitStats {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let formula = format!(
        "{what}: median and 90th percentile of the waits in days (PERCENTILE.INC: position 1 + (n - 1) x p of the sorted waits)"
    );
    let (Some((median, m)), Some((p90, p))) = (
        percentile(&sorted, 1, 2, "median"),
        percentile(&sorted, 9, 10, "90th percentile"),
    ) else {
        return WaitStats {
            n: 0,
            median: None,
            p90: None,
            explain: Explanation::new(formula, "no waits measured"),
        };
    };
    let listed = if sorted.len() <= LISTED_WAITS {
        sorted
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!(
            "{} ... {} (shortest to longest)",
            sorted[0],
            sorted[sorted.len() - 1]
        )
    };
    WaitStats {
        n: sorted.len(),
        median: Some(median),
        p90: Some(p90),
        explain: Explanation::new(
            formula,
            format!("sorted waits {listed} (n = {}); {m}; {p}", sorted.len()),
        ),
    }
}

/// The share of families seen within an access target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessShare {
    /// The target's weeks.
    pub weeks: u32,
    /// The share the target asks for.
    pub target: f64,
    /// Families seen within the weeks.
    pub within: usize,
    /// Families seen.
    pub seen: usize,
    /// `within / seen` (`None`: nobody seen).
    pub share: Option<f64>,
    /// Whether the share reaches the target.
    pub meets: Option<bool>,
    /// The working.
    pub explain: Explanation,
}

fn access(days: &[i64], target: AccessTarget) -> AccessShare {
    let limit = i64::from(target.weeks) * 7;
    let within = days.iter().filter(|d| **d <= limit).count();
    let seen = days.len();
    let share = (seen > 0).then(|| within as f64 / seen as f64);
    let meets = share.map(|s| s + 1e-9 >= target.share);
    let formula = format!(
        "families seen within {} weeks ({limit} days) / families seen",
        target.weeks
    );
    let explain = match share {
        None => Explanation::new(formula, "nobody seen"),
        Some(s) => {
            Explanation::new(formula, format!("{within} / {seen} = {}", percent(s))).note(format!(
                "{} the target of {}",
                if meets == Some(true) {
                    "meets"
                } else {
                    "below"
                },
                percent(target.share)
            ))
        }
    };
    AccessShare {
        weeks: target.weeks,
        target: target.share,
        within,
        seen,
        share,
        meets,
        explain,
    }
}

/// One calendar month's waits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthWaits {
    /// The month, `YYYY-MM` (of the Choice appointment for the external wait,
    /// of the first Partnership appointment for the internal wait).
    pub month: String,
    /// Referral accepted -> Choice.
    pub to_choice_days: WaitStats,
    /// Choice -> first Partnership appointment.
    pub to_partnership_days: WaitStats,
    /// Share seen within the short access target.
    pub share_within_3_weeks: Option<f64>,
    /// Share seen within the long access target.
    pub share_within_8_weeks: Option<f64>,
}

/// The quarter's waits. The JSON names keep New Zealand's 3 and 8 weeks;
/// they hold the team's short and long access targets (3 and 8 by default).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waits {
    /// Referral accepted -> Choice appointment attended.
    pub to_choice_days: WaitStats,
    /// Choice appointment -> first Partnership appointment booked from it.
    pub to_partnership_days: WaitStats,
    /// Share seen at Choice within the short target (default 3 weeks).
    pub share_within_3_weeks: Option<f64>,
    /// Share seen at Choice within the long target (default 8 weeks).
    pub share_within_8_weeks: Option<f64>,
    /// The short access target's working.
    pub short_target: AccessShare,
    /// The long access target's working.
    pub long_target: AccessShare,
    /// Internal waits within CAPA's aim (default 4 weeks).
    pub partnership_within_aim: AccessShare,
    /// Internal waits within the team's limit (default 6 weeks).
    pub partnership_within_limit: AccessShare,
    /// Month by month.
    pub by_month: Vec<MonthWaits>,
    /// Waits left out because the later date comes before the earlier one
    /// (a data error to correct in the diary).
    pub left_out: usize,
}

fn month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// A wait measured: the later event's day and the days waited.
type Measured = (NaiveDate, i64);

/// External waits of the quarter: each attended Choice appointment that
/// carries its referral's accepted date.
pub fn external(choice: &[ChoiceAppointment]) -> Vec<Measured> {
    choice
        .iter()
        .filter(|c| c.state == crate::diary::AppointmentState::Attended)
        .filter_map(|c| {
            c.referral_accepted
                .map(|a| (c.date, (c.date - a).num_days()))
        })
        .collect()
}

/// Internal waits of the quarter: each first Partnership appointment booked
/// from a Choice appointment, whatever its outcome (the wait is the one the
/// family was offered).
pub fn internal(appointments: &[FirstAppointment]) -> Vec<Measured> {
    appointments
        .iter()
        .filter_map(|a| {
            let choice = a.booking.as_ref()?.choice_date?;
            let day = a.starts_at.date();
            Some((day, (day - choice).num_days()))
        })
        .collect()
}

/// The quarter's waits from its measured waits.
pub fn waits(external: &[Measured], internal: &[Measured], settings: &MonitorSettings) -> Waits {
    let valid =
        |m: &[Measured]| -> Vec<Measured> { m.iter().copied().filter(|(_, d)| *d >= 0).collect() };
    let (ext, int) = (valid(external), valid(internal));
    let left_out = external.len() + internal.len() - ext.len() - int.len();
    let days = |m: &[Measured]| m.iter().map(|(_, d)| *d).collect::<Vec<_>>();
    let (ext_days, int_days) = (days(&ext), days(&int));
    let short = access(&ext_days, settings.short_wait);
    let long = access(&ext_days, settings.long_wait);

    let mut months: BTreeMap<String, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
    for (d, w) in &ext {
        months.entry(month(*d)).or_default().0.push(*w);
    }
    for (d, w) in &int {
        months.entry(month(*d)).or_default().1.push(*w);
    }
    let by_month = months
        .into_iter()
        .map(|(m, (e, i))| MonthWaits {
            to_choice_days: stats(&e, &format!("referral accepted to Choice, {m}")),
            to_partnership_days: stats(&i, &format!("Choice to first Partnership, {m}")),
            share_within_3_weeks: access(&e, settings.short_wait).share,
            share_within_8_weeks: access(&e, settings.long_wait).share,
            month: m,
        })
        .collect();
    let unlimited = |weeks| AccessTarget { weeks, share: 1.0 };
    Waits {
        to_choice_days: stats(&ext_days, "referral accepted to Choice"),
        to_partnership_days: stats(&int_days, "Choice to first Partnership"),
        share_within_3_weeks: short.share,
        share_within_8_weeks: long.share,
        short_target: short,
        long_target: long,
        partnership_within_aim: access(&int_days, unlimited(settings.internal_aim_weeks)),
        partnership_within_limit: access(&int_days, unlimited(settings.internal_limit_weeks)),
        by_month,
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p90_of_five_waits_by_hand() {
        // Sorted 5, 9, 12, 20, 30. Median: position 1 + 4 x 0.5 = 3, the 12.
        // 90th: position 1 + 4 x 0.9 = 4.6, 20 + 0.6 x (30 - 20) = 26.
        let s = stats(&[20, 5, 30, 12, 9], "w");
        assert_eq!((s.n, s.median, s.p90), (5, Some(12.0), Some(26.0)));
        assert_eq!(
            s.explain.working,
            "sorted waits 5, 9, 12, 20, 30 (n = 5); median: position 1 + (5 - 1) x 0.5 = 3, \
             the wait there is 12; 90th percentile: position 1 + (5 - 1) x 0.9 = 4.6, between \
             the 4th (20) and the 5th (30): 20 + 0.6 x (30 - 20) = 26"
        );
    }

    #[test]
    fn even_count_median_is_the_mean_of_the_middle_two() {
        let s = stats(&[7, 14, 21, 28], "w");
        // 1 + 3 x 0.5 = 2.5: 14 + 0.5 x 7 = 17.5; 1 + 3 x 0.9 = 3.7: 21 + 0.7 x 7 = 25.9.
        assert_eq!(s.median, Some(17.5));
        assert!((s.p90.unwrap() - 25.9).abs() < 1e-9);
        let one = stats(&[10], "w");
        assert_eq!((one.median, one.p90), (Some(10.0), Some(10.0)));
        let none = stats(&[], "w");
        assert_eq!((none.n, none.median), (0, None));
        assert_eq!(none.explain.working, "no waits measured");
    }

    #[test]
    fn long_lists_show_only_the_ends() {
        let days: Vec<i64> = (1..=20).collect();
        let s = stats(&days, "w");
        assert!(s.explain.working.starts_with("sorted waits 1 ... 20"));
        // 1 + 19 x 0.9 = 18.1: 18 + 0.1 x 1 = 18.1.
        assert!((s.p90.unwrap() - 18.1).abs() < 1e-9);
    }

    #[test]
    fn shares_within_targets_and_by_month() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // July: 10 and 25 days; August: 60 and 14 days.
        let ext = [(d(7, 10), 10), (d(7, 20), 25), (d(8, 3), 60), (d(8, 4), 14)];
        let int = [(d(7, 15), 7), (d(8, 20), 35), (d(8, 21), -2)];
        let w = waits(&ext, &int, &MonitorSettings::default());
        // Within 21 days: 10, 14 = 2 of 4; within 56: 10, 25, 14 = 3 of 4.
        assert_eq!(w.share_within_3_weeks, Some(0.5));
        assert_eq!(w.share_within_8_weeks, Some(0.75));
        assert_eq!(w.short_target.explain.working, "2 / 4 = 50%");
        assert_eq!(w.short_target.meets, Some(false));
        assert_eq!(w.left_out, 1);
        assert_eq!(w.to_partnership_days.n, 2);
        assert_eq!(w.partnership_within_aim.within, 1);
        assert_eq!(w.partnership_within_limit.within, 2);
        let months: Vec<&str> = w.by_month.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months, ["2026-07", "2026-08"]);
        assert_eq!(w.by_month[0].to_choice_days.median, Some(17.5));
        assert_eq!(w.by_month[1].share_within_8_weeks, Some(0.5));
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal).into();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
    }
}
