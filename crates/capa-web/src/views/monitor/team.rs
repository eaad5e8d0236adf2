//! The monitor's team side in words: demand against delivered, waits and the
//! access targets, the four quarters' trends and the charts (drawn by
//! capa-io from capa-core's figures).

use capa_core::explain::{n2, percent};
use capa_core::monitor::{AccessShare, Direction, QuarterMonitor, Trends, WaitStats};
use capa_io::chart::{monitor_demand_svg, monitor_targets_svg, monitor_waits_svg};

use super::ChartView;

/// A wait: median and 90th percentile, with the working.
pub struct WaitLine {
    /// "Referral to Choice".
    pub label: &'static str,
    /// Median days ("–" when nobody waited).
    pub median: String,
    /// 90th percentile days.
    pub p90: String,
    /// Families measured.
    pub n: usize,
    /// The working.
    pub how: String,
}

/// A share seen within an access target.
pub struct AccessLine {
    /// "Seen at Choice within 3 weeks".
    pub label: String,
    /// "85%" or "–".
    pub share: String,
    /// "80%".
    pub target: String,
    /// `ok`, `warn`, or "" when nobody was seen.
    pub tone: &'static str,
    /// "meets the target" / "below the target" / "nobody seen".
    pub verdict: &'static str,
    /// The working.
    pub how: String,
}

/// A quarter of the trends.
pub struct TrendRow {
    /// "2026/27 Q1".
    pub quarter: String,
    /// Target.
    pub target: u32,
    /// Started, or projected for the quarter under way ("12", "10 projected").
    pub position: String,
    /// Re-offered in time, of those missed ("3 of 4").
    pub reoffered: String,
    /// Choice done of needed.
    pub choice: String,
    /// Core started of needed.
    pub core: String,
    /// Median / p90 days to Choice.
    pub to_choice: String,
    /// Median / p90 days to Partnership.
    pub to_partnership: String,
    /// Shares within 3 and 8 weeks.
    pub shares: String,
    /// Managed list.
    pub managed: u32,
    /// Clinicians flagged.
    pub flagged: usize,
}

fn days(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), n2)
}

fn share(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), percent)
}

fn wait(label: &'static str, w: &WaitStats) -> WaitLine {
    WaitLine {
        label,
        median: days(w.median),
        p90: days(w.p90),
        n: w.n,
        how: w.explain.to_string(),
    }
}

fn access(label: String, a: &AccessShare) -> AccessLine {
    let (tone, verdict) = match a.meets {
        Some(true) => ("ok", "meets the target"),
        Some(false) => ("warn", "below the target"),
        None => ("", "nobody seen"),
    };
    AccessLine {
        label,
        share: share(a.share),
        target: percent(a.target),
        tone,
        verdict,
        how: a.explain.to_string(),
    }
}

/// The waits, the access shares and the months' table.
pub fn waits(m: &QuarterMonitor) -> (Vec<WaitLine>, Vec<AccessLine>, Vec<[String; 5]>) {
    let w = &m.waits;
    let lines = vec![
        wait("Referral to Choice", &w.to_choice_days),
        wait("Choice to first Partnership", &w.to_partnership_days),
    ];
    let shares = vec![
        access(
            format!("Seen at Choice within {} weeks", w.short_target.weeks),
            &w.short_target,
        ),
        access(
            format!("Seen at Choice within {} weeks", w.long_target.weeks),
            &w.long_target,
        ),
        access(
            format!(
                "First Partnership within {} weeks of Choice (the aim)",
                w.partnership_within_aim.weeks
            ),
            &w.partnership_within_aim,
        ),
        access(
            format!(
                "First Partnership within {} weeks of Choice (the limit)",
                w.partnership_within_limit.weeks
            ),
            &w.partnership_within_limit,
        ),
    ];
    let months = w
        .by_month
        .iter()
        .map(|mw| {
            [
                mw.month.clone(),
                days(mw.to_choice_days.median),
                days(mw.to_choice_days.p90),
                days(mw.to_partnership_days.median),
                days(mw.to_partnership_days.p90),
            ]
        })
        .collect();
    (lines, shares, months)
}

/// The team's figures against demand: label, value, the working.
pub fn figures(m: &QuarterMonitor) -> Vec<(String, String, String)> {
    let t = &m.team;
    let how = |k: &str| {
        t.explain
            .get(k)
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    vec![
        (
            "Choice delivered against demand".into(),
            format!("{} of {} needed", t.choice_done, t.choice_needed),
            how("choice"),
        ),
        (
            "Core started against demand".into(),
            format!("{} of {} needed", t.core_started, n2(t.core_demand)),
            how("core"),
        ),
        (
            "First appointments booked at the end of Choice".into(),
            format!("{} of {}", t.booked_from_choice, t.bookings),
            how("bookings"),
        ),
    ]
}

/// The trends' table rows, oldest first.
pub fn trend_rows(t: &Trends) -> Vec<TrendRow> {
    t.quarters
        .iter()
        .map(|q| TrendRow {
            quarter: q.quarter.to_string(),
            target: q.target,
            position: match (q.position, q.phase) {
                (Some(p), capa_core::monitor::Phase::Current) => format!("{p} projected"),
                (Some(p), _) => p.to_string(),
                (None, _) => format!("{} so far", q.started),
            },
            reoffered: format!("{} of {}", q.reoffered_in_time, q.missed),
            choice: format!("{} of {}", q.choice_done, q.choice_needed),
            core: format!("{} of {}", q.core_started, n2(q.core_demand)),
            to_choice: format!("{} / {}", days(q.to_choice_median), days(q.to_choice_p90)),
            to_partnership: format!(
                "{} / {}",
                days(q.to_partnership_median),
                days(q.to_partnership_p90)
            ),
            shares: format!(
                "{} / {}",
                share(q.share_within_3_weeks),
                share(q.share_within_8_weeks)
            ),
            managed: q.managed_list,
            flagged: q.clinicians_flagged,
        })
        .collect()
}

/// Each key figure's change across the four quarters, in words.
pub fn changes(t: &Trends) -> Vec<String> {
    t.changes
        .iter()
        .filter(|c| c.direction != Direction::Unknown)
        .map(|c| {
            let way = match c.direction {
                Direction::Up => "up",
                Direction::Down => "down",
                _ => "unchanged",
            };
            let judged = match c.better {
                Some(true) => ", better for families",
                Some(false) => ", worse for families",
                None => "",
            };
            format!(
                "{}: {} from {} to {}{judged}.",
                c.figure.replace('_', " "),
                way,
                days(c.first),
                days(c.last)
            )
        })
        .collect()
}

/// The three charts.
pub fn charts(m: &QuarterMonitor, t: &Trends) -> Vec<ChartView> {
    vec![
        ChartView {
            id: "chart-targets",
            title: "Target against started, by clinician".into(),
            svg: monitor_targets_svg(m),
        },
        ChartView {
            id: "chart-waits",
            title: "Waits by month against the targets".into(),
            svg: monitor_waits_svg(&m.waits, &m.settings),
        },
        ChartView {
            id: "chart-demand",
            title: "Demand against delivered, by quarter".into(),
            svg: monitor_demand_svg(t),
        },
    ]
}
