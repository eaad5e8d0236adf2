//! Item 3, handle demand: families are seen at Choice within the access
//! targets, and the job plans hold the Choice appointments the referrals need.

use crate::capacity::CapacityReport;
use crate::explain::{Explanation, percent};
use crate::monitor::{AccessShare, QuarterMonitor};

use super::{EvidenceLine, ItemEvidence, share_line};
use crate::assessment::rating::{ItemNumber, Rating};

/// Choice capacity as a share of the need from which capa suggests Partial:
/// a shortfall under a tenth is what the weekly flex (extra Choice when
/// referrals peak) usually absorbs; more, and a wait to Choice grows.
pub const CHOICE_CAPACITY_PARTIAL: f64 = 0.9;

/// The facts item 3 is judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandFacts {
    /// Families seen within the short target (3 weeks).
    pub short: AccessShare,
    /// Families seen within the long target (8 weeks).
    pub long: AccessShare,
    /// Choice appointments the quarter's referrals need.
    pub choice_needed: u32,
    /// Choice appointments the job plans hold.
    pub choice_capacity: u32,
}

impl DemandFacts {
    /// The facts from the quarter's monitor (waits) and capacity report (Choice).
    pub fn from_monitor(m: &QuarterMonitor, report: &CapacityReport) -> Self {
        Self {
            short: m.waits.short_target.clone(),
            long: m.waits.long_target.clone(),
            choice_needed: report.team.choice_needed,
            choice_capacity: report.team.choice_capacity,
        }
    }
}

/// Item 3's evidence: the external wait against the access targets, and
/// Choice capacity against the need.
pub fn demand(number: ItemNumber, f: &DemandFacts) -> ItemEvidence {
    let mut lines = Vec::new();
    let (s, l) = (&f.short, &f.long);
    let (text, suggested) = match (s.share, l.share, s.meets, l.meets) {
        (Some(a), Some(b), Some(ma), Some(mb)) => (
            format!(
                "{} seen within {} weeks (target {}), {} within {} weeks (target {})",
                percent(a),
                s.weeks,
                percent(s.target),
                percent(b),
                l.weeks,
                percent(l.target)
            ),
            Some(match (ma, mb) {
                (true, true) => Rating::Yes,
                (false, false) => Rating::No,
                _ => Rating::Partial,
            }),
        ),
        _ => (
            "nobody was seen at Choice with a referral date this quarter".to_string(),
            None,
        ),
    };
    lines.push(EvidenceLine {
        text,
        suggested,
        explain: Explanation::new(
            "shares seen within the short and long access targets",
            format!("{}; {}", s.explain.working, l.explain.working),
        )
        .note("suggests Yes when both targets are met, Partial when one is, No when neither"),
    });

    lines.push(share_line(
        f.choice_capacity,
        f.choice_needed,
        (1.0, CHOICE_CAPACITY_PARTIAL),
        "Choice appointments the plans hold / Choice appointments needed",
        "no Choice need to compare with: the team has not set its accepted referrals per week"
            .to_string(),
        |r| {
            format!(
                "the job plans hold {} Choice appointments against {} needed ({})",
                f.choice_capacity,
                f.choice_needed,
                percent(r)
            )
        },
    ));
    ItemEvidence::from_lines(number, lines)
}
