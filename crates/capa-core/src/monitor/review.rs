//! The quarterly review pack: what a team meeting goes through, taken from
//! the quarter's monitor. Who is behind and why (every clinician with a
//! flag, with the flags' reasons), what was re-offered and what not, the
//! waits, the managed list. The web page, the XLSX and the CSV show these
//! same rows, so the words a meeting reads are decided here once.

use chrono::NaiveDate;
use serde::Serialize;

use crate::quarter::Quarter;

use super::counts::Missed;
use super::flags::FlagCode;
use super::report::QuarterMonitor;
use super::waits::WaitStats;

/// A clinician who is behind, or has something to look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehindRow {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// New Partnerships to start.
    pub target: u32,
    /// Started so far.
    pub started: u32,
    /// Projected at the quarter's end (current quarter only).
    pub projected: Option<u32>,
    /// The flags: code, short title, reason.
    pub flags: Vec<(FlagCode, &'static str, String)>,
}

/// Where a DNA'd or cancelled first appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReofferStatus {
    /// Re-offered within the window.
    InTime,
    /// Re-offered after the window.
    Late,
    /// Not re-offered and past the window.
    Overdue,
    /// Not re-offered yet, still within the window.
    Due,
}

impl ReofferStatus {
    /// In plain words.
    pub fn words(self) -> &'static str {
        match self {
            Self::InTime => "re-offered in time",
            Self::Late => "re-offered late",
            Self::Overdue => "not re-offered, overdue",
            Self::Due => "not re-offered yet",
        }
    }
}

/// One DNA'd or cancelled first appointment and its re-offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReofferRow {
    /// The offer's label (AD3).
    pub label: String,
    /// Whose.
    pub clinician: String,
    /// DNA, or cancelled by whom.
    pub what: &'static str,
    /// The day the re-offer became due.
    pub due: NaiveDate,
    /// Re-offer by this day.
    pub reoffer_by: NaiveDate,
    /// The day it was re-offered.
    pub reoffered_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: ReofferStatus,
}

/// One line of the waits table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaitRow {
    /// `Referral to Choice`, `Choice to first Partnership`, or a month of either.
    pub measure: String,
    /// Waits measured.
    pub n: usize,
    /// Median in days.
    pub median: Option<f64>,
    /// 90th percentile in days.
    pub p90: Option<f64>,
}

/// The pack of one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewPack {
    /// The quarter.
    pub quarter: Quarter,
    /// As of.
    pub as_of: NaiveDate,
    /// Clinicians with at least one flag, in the monitor's order.
    pub behind: Vec<BehindRow>,
    /// Every DNA'd or cancelled first appointment, oldest first.
    pub reoffers: Vec<ReofferRow>,
    /// Re-offered (in time or late) of those.
    pub reoffered: usize,
    /// Not re-offered of those.
    pub not_reoffered: usize,
    /// The quarter's waits, then month by month.
    pub waits: Vec<WaitRow>,
    /// Share seen at Choice within the short and the long target, with the targets.
    pub access: [(u32, Option<f64>, f64); 2],
    /// Families on the managed list.
    pub managed_list: u32,
}

fn status(m: &Missed) -> ReofferStatus {
    match (m.reoffered_on, m.in_time, m.overdue) {
        (Some(_), true, _) => ReofferStatus::InTime,
        (Some(_), false, _) => ReofferStatus::Late,
        (None, _, true) => ReofferStatus::Overdue,
        (None, _, false) => ReofferStatus::Due,
    }
}

fn wait(measure: String, w: &WaitStats) -> WaitRow {
    WaitRow {
        measure,
        n: w.n,
        median: w.median,
        p90: w.p90,
    }
}

/// The review pack of a quarter's monitor.
pub fn pack(m: &QuarterMonitor) -> ReviewPack {
    let behind = m
        .clinicians
        .iter()
        .filter(|c| !c.flags.is_empty())
        .map(|c| BehindRow {
            initials: c.initials.to_string(),
            name: c.name.clone(),
            target: c.target,
            started: c.counts.started,
            projected: c.projected,
            flags: c
                .flags
                .iter()
                .map(|f| (f.code, f.code.title(), f.reason.clone()))
                .collect(),
        })
        .collect();
    let reoffers: Vec<ReofferRow> = m
        .missed
        .iter()
        .map(|x| ReofferRow {
            label: x.label.clone(),
            clinician: x.clinician.to_string(),
            what: x.what(),
            due: x.due,
            reoffer_by: x.reoffer_by,
            reoffered_on: x.reoffered_on,
            status: status(x),
        })
        .collect();
    let reoffered = reoffers.iter().filter(|r| r.reoffered_on.is_some()).count();
    let mut waits = vec![
        wait("Referral to Choice".into(), &m.waits.to_choice_days),
        wait(
            "Choice to first Partnership".into(),
            &m.waits.to_partnership_days,
        ),
    ];
    for month in &m.waits.by_month {
        waits.push(wait(
            format!("{}: referral to Choice", month.month),
            &month.to_choice_days,
        ));
        waits.push(wait(
            format!("{}: Choice to first Partnership", month.month),
            &month.to_partnership_days,
        ));
    }
    let (s, l) = (&m.waits.short_target, &m.waits.long_target);
    ReviewPack {
        quarter: m.quarter,
        as_of: m.as_of,
        behind,
        not_reoffered: reoffers.len() - reoffered,
        reoffered,
        reoffers,
        waits,
        access: [(s.weeks, s.share, s.target), (l.weeks, l.share, l.target)],
        managed_list: m.managed_list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::state::AppointmentState::{Attended, Dna};
    use crate::monitor::facts::{QuarterFacts, TeamDemand};
    use crate::monitor::fixtures::{appointment, clinician_facts, d, q1, reoffer};
    use crate::monitor::{MonitorSettings, quarter};

    #[test]
    fn the_pack_lists_who_is_behind_and_each_reoffer() {
        // AD: target 3, one started, two DNAs: AD2 (13 July) re-offered on
        // 15 July, in time; AD3 (14 July) never, overdue by 3 August.
        // TR: target 1, one started: nothing to look at.
        let facts = QuarterFacts {
            quarter: q1(),
            today: d(2026, 8, 3),
            holidays: Vec::new(),
            diary_notice_weeks: 6,
            clinicians: vec![clinician_facts("AD", 3), clinician_facts("TR", 1)],
            appointments: vec![
                appointment(1, "AD", 7, Attended),
                appointment(2, "AD", 13, Dna),
                appointment(3, "AD", 14, Dna),
                appointment(4, "TR", 8, Attended),
            ],
            reoffers: vec![reoffer(2, 9, d(2026, 7, 15))],
            choice: Vec::new(),
            demand: TeamDemand {
                choice_needed: 0,
                core_demand: 0.0,
                choice_explain: Default::default(),
                core_explain: Default::default(),
            },
            managed_list: 2,
        };
        let p = pack(&quarter(&facts, &MonitorSettings::default()));
        assert_eq!(p.behind.len(), 1);
        assert_eq!(p.behind[0].initials, "AD");
        assert_eq!((p.behind[0].target, p.behind[0].started), (3, 1));
        assert!(
            p.behind[0]
                .flags
                .iter()
                .any(|(c, _, r)| *c == FlagCode::NotReoffered && r.contains("AD3"))
        );
        let labels: Vec<(&str, ReofferStatus)> = p
            .reoffers
            .iter()
            .map(|r| (r.label.as_str(), r.status))
            .collect();
        assert_eq!(
            labels,
            [
                ("AD2", ReofferStatus::InTime),
                ("AD3", ReofferStatus::Overdue)
            ]
        );
        assert_eq!((p.reoffered, p.not_reoffered), (1, 1));
        assert_eq!(p.managed_list, 2);
        assert_eq!(p.waits[0].measure, "Referral to Choice");
        assert_eq!(
            p.waits[1].n, 4,
            "four first appointments booked from Choice"
        );
        assert_eq!(p.waits[1].median, Some(14.0));
        assert_eq!(p.access[0].0, 3);
    }
}
