//! The monitor's team settings, each with its default.

use serde::{Deserialize, Serialize};

use crate::diary::sheet::REOFFER_WORKING_DAYS;
use crate::diary::waits::{AIM_WEEKS, DEFAULT_MAX_WAIT_WEEKS, NZ_TARGET_WEEKS};

/// Open Partnership caseload of a full-time clinician above which capa flags
/// `caseload_high`. A full-time clinician at the seed's plan starts about 15
/// new Partnerships a quarter (9 Core and some Specific), and a Partnership
/// of 7 or so appointments stays open for about a quarter, so by Little's law
/// (open = started per quarter x quarters open) they hold about 15 at any time.
/// 20 leaves a third more than that before calling it "a run of heavy cases"
/// (the seed's words). The threshold is pro rata to FTE.
pub const DEFAULT_CASELOAD_THRESHOLD: u32 = 20;

/// New Zealand's shares of families to be seen within the short and long
/// access targets (80% within 3 weeks, 95% within 8 weeks).
pub const NZ_TARGET_SHARES: (f64, f64) = (0.80, 0.95);

/// An access target: a share of families seen within a number of weeks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessTarget {
    /// Weeks from referral accepted to the Choice appointment.
    pub weeks: u32,
    /// Share of families to be seen within them, 0-1.
    pub share: f64,
}

/// The monitor's team settings. Every one has a default (below) and is a
/// team setting; the publishing deadline is the team's diary notice
/// ([`crate::TeamSettings::diary_notice_weeks`]), passed with the facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MonitorSettings {
    /// Working days a clinician has to re-offer a DNA'd or cancelled first
    /// appointment. Default 5 (the diary's re-offer window).
    pub reoffer_working_days: u32,
    /// Open Partnership caseload of a full-time clinician above which
    /// `caseload_high` is flagged, pro rata to FTE. Default
    /// [`DEFAULT_CASELOAD_THRESHOLD`] (20).
    pub caseload_threshold: u32,
    /// The short access target: 80% seen within 3 weeks.
    pub short_wait: AccessTarget,
    /// The long access target: 95% seen within 8 weeks.
    pub long_wait: AccessTarget,
    /// CAPA's aim for the internal wait (Choice to first Partnership), weeks. Default 4.
    pub internal_aim_weeks: u32,
    /// The team's limit on the internal wait, weeks. Default 6.
    pub internal_limit_weeks: u32,
}

impl Default for MonitorSettings {
    fn default() -> Self {
        Self {
            reoffer_working_days: REOFFER_WORKING_DAYS,
            caseload_threshold: DEFAULT_CASELOAD_THRESHOLD,
            short_wait: AccessTarget {
                weeks: NZ_TARGET_WEEKS.0,
                share: NZ_TARGET_SHARES.0,
            },
            long_wait: AccessTarget {
                weeks: NZ_TARGET_WEEKS.1,
                share: NZ_TARGET_SHARES.1,
            },
            internal_aim_weeks: AIM_WEEKS,
            internal_limit_weeks: DEFAULT_MAX_WAIT_WEEKS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_method_pages() {
        let s = MonitorSettings::default();
        assert_eq!(s.reoffer_working_days, 5);
        assert_eq!(s.caseload_threshold, 20);
        assert_eq!((s.short_wait.weeks, s.short_wait.share), (3, 0.8));
        assert_eq!((s.long_wait.weeks, s.long_wait.share), (8, 0.95));
        assert_eq!((s.internal_aim_weeks, s.internal_limit_weeks), (4, 6));
    }

    #[test]
    fn a_team_file_may_set_some_and_keep_the_other_defaults() {
        let s: MonitorSettings = serde_json::from_str(r#"{"caseload_threshold": 12}"#).unwrap();
        assert_eq!(s.caseload_threshold, 12);
        assert_eq!(s.reoffer_working_days, 5);
        assert!(serde_json::from_str::<MonitorSettings>(r#"{"caseload": 1}"#).is_err());
    }
}
