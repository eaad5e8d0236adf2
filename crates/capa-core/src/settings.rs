//! Team settings: every constant of the method, with the method page's defaults.

use serde::{Serialize, Serializer};

use crate::diary::holidays::HolidayCalendar;
use crate::explain::{Explanation, exact};
use crate::layout::SessionLayout;
use crate::zone::Zone;

/// Weeks in a quarter (13 weeks, 3 months). Structural, not a setting.
pub const WEEKS_PER_QUARTER: f64 = 13.0;

/// How the working weeks per quarter are set.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum WorkingWeeks {
    /// Entered directly. CAPA: about 45 of 52 weeks, 11.25 a quarter.
    Fixed {
        /// Working weeks per quarter.
        weeks: f64,
    },
    /// Derived from days away per year: `13 - (leave + holidays + study) / (4 x working days per week)`.
    FromDaysAway {
        /// Annual-leave days per year.
        annual_leave_days: f64,
        /// Public holidays per year.
        public_holidays: f64,
        /// Study or training days per year.
        study_days: f64,
    },
}

impl Default for WorkingWeeks {
    fn default() -> Self {
        Self::Fixed { weeks: 11.25 }
    }
}

/// How a stream's multiplier (new Partnerships per weekly session per quarter) is set.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum MultiplierRule {
    /// Entered by the team (Core default 3).
    Fixed {
        /// The multiplier.
        value: f64,
    },
    /// `appointments per session x working weeks per quarter / average appointments per episode`.
    Derived {
        /// Appointments one session holds (CAPA: 2 per half day).
        appointments_per_session: f64,
        /// Working weeks per quarter; `None` uses the team's.
        working_weeks_per_quarter: Option<f64>,
        /// Average appointments to complete an episode in the stream.
        average_appointments: f64,
    },
}

impl Default for MultiplierRule {
    fn default() -> Self {
        Self::Fixed { value: 3.0 }
    }
}

/// A Specific Partnership stream (DBT, OT, eating disorders ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stream {
    /// The stream's name as the team writes it.
    pub name: String,
    /// Its multiplier; `None` uses the Core multiplier.
    pub multiplier: Option<MultiplierRule>,
}

/// How the quarter's Choice appointments are shared among clinicians.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChoicePolicy {
    /// Equal shares among clinicians who do Choice.
    #[default]
    Equal,
    /// Shares pro rata to FTE.
    Fte,
    /// Each clinician's number entered by hand.
    Manual,
}

impl ChoicePolicy {
    /// Parses `equal`, `fte` or `manual`, case-insensitively.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "equal" => Some(Self::Equal),
            "fte" | "pro-rata" | "pro rata" => Some(Self::Fte),
            "manual" => Some(Self::Manual),
            _ => None,
        }
    }
}

/// A closed range a figure should fall in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// A team's settings, each with the method page's default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamSettings {
    /// Team name.
    pub name: String,
    /// Session layout.
    pub layout: SessionLayout,
    /// Month (1-12) the planning year starts; New Zealand health: July.
    pub year_start_month: u32,
    /// The team's time zone (IANA name, checked when read).
    pub time_zone: Zone,
    /// Contracted hours per week (NZ 40, UK 37.5).
    pub hours_per_week: f64,
    /// Working weeks per quarter, for the multiplier formula and Choice capacity.
    pub working_weeks: WorkingWeeks,
    /// Accepted referrals per week.
    pub accepted_referrals_per_week: f64,
    /// Share of Choice appointments that convert to Core Partnership (CAPA 66-70%).
    pub conversion_to_core: f64,
    /// The Core multiplier.
    pub core_multiplier: MultiplierRule,
    /// Specific streams.
    pub streams: Vec<Stream>,
    /// Choice appointments one Choice session holds.
    pub choice_appointments_per_session: f64,
    /// How Choice appointments are allocated.
    pub choice_allocation: ChoicePolicy,
    /// New Core Partnerships per quarter as a multiple of weekly accepted referrals (CAPA 8-9).
    pub balance_band: Band,
    /// Share of sessions in Choice + Core that CAPA finds sustainable (30-40%).
    pub choice_core_share_band: Band,
    /// Weeks before a quarter by which offers must be in the diary.
    pub diary_notice_weeks: u32,
    /// Where the team's public holidays come from (New Zealand's national
    /// holidays by default, with a province's anniversary day if chosen).
    #[serde(serialize_with = "calendar_id")]
    pub holiday_calendar: HolidayCalendar,
    /// Leave longer than this many weeks (parental leave, long-term sickness)
    /// reduces a clinician's targets pro rata; shorter leave does not, since
    /// the working weeks per quarter already allow for it.
    pub long_leave_weeks: u32,
    /// Working days a clinician has, from a DNA'd or cancelled first
    /// appointment's date, to re-offer it.
    pub reoffer_working_days: u32,
    /// The team's limit on the wait from Choice to the first Partnership
    /// appointment (CAPA: at most 6 weeks). Families nothing fits within it
    /// go on the managed list; a preferred clinician's offers are put first
    /// only within it.
    pub max_wait_weeks: u32,
}

fn calendar_id<S: Serializer>(c: &HolidayCalendar, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&c.id())
}

/// Long leave: more than 4 weeks away reduces targets.
pub const DEFAULT_LONG_LEAVE_WEEKS: u32 = 4;

/// Working days to re-offer a missed first appointment.
pub const DEFAULT_REOFFER_WORKING_DAYS: u32 = 5;

/// The team's limit on the internal wait, in weeks (CAPA: at most 6).
pub const DEFAULT_MAX_WAIT_WEEKS: u32 = 6;

impl TeamSettings {
    /// Settings with every default of the method page, for a named team.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            layout: SessionLayout::nz_four_session(),
            year_start_month: 7,
            time_zone: Zone::AUCKLAND,
            hours_per_week: 40.0,
            working_weeks: WorkingWeeks::default(),
            accepted_referrals_per_week: 0.0,
            conversion_to_core: 0.68,
            core_multiplier: MultiplierRule::default(),
            streams: Vec::new(),
            choice_appointments_per_session: 1.0,
            choice_allocation: ChoicePolicy::default(),
            balance_band: Band {
                low: 8.0,
                high: 9.0,
            },
            choice_core_share_band: Band {
                low: 0.30,
                high: 0.40,
            },
            diary_notice_weeks: 6,
            holiday_calendar: HolidayCalendar::NZ,
            long_leave_weeks: DEFAULT_LONG_LEAVE_WEEKS,
            reoffer_working_days: DEFAULT_REOFFER_WORKING_DAYS,
            max_wait_weeks: DEFAULT_MAX_WAIT_WEEKS,
        }
    }

    /// Working weeks per quarter, with how they were found.
    pub fn working_weeks_per_quarter(&self) -> (f64, Explanation) {
        match &self.working_weeks {
            WorkingWeeks::Fixed { weeks } => (
                *weeks,
                Explanation::new(
                    "working weeks per quarter",
                    format!("team setting: {}", exact(*weeks)),
                ),
            ),
            WorkingWeeks::FromDaysAway {
                annual_leave_days,
                public_holidays,
                study_days,
            } => {
                let days = self.layout.days_per_week().max(1) as f64;
                let away = annual_leave_days + public_holidays + study_days;
                let weeks = WEEKS_PER_QUARTER - away / (4.0 * days);
                (
                    weeks,
                    Explanation::new(
                        "13 - (leave + holidays + study days) / (4 x working days per week)",
                        format!(
                            "13 - ({} + {} + {}) / (4 x {}) = {}",
                            exact(*annual_leave_days),
                            exact(*public_holidays),
                            exact(*study_days),
                            days,
                            exact(weeks)
                        ),
                    ),
                )
            }
        }
    }

    /// The team's spelling of each stream, in file order.
    pub fn stream_names(&self) -> Vec<String> {
        self.streams.iter().map(|s| s.name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_method_pages() {
        let s = TeamSettings::new("T");
        assert_eq!(s.year_start_month, 7);
        assert_eq!(s.working_weeks_per_quarter().0, 11.25);
        assert_eq!(s.conversion_to_core, 0.68);
        assert_eq!(s.core_multiplier, MultiplierRule::Fixed { value: 3.0 });
        assert_eq!(s.diary_notice_weeks, 6);
        assert_eq!(s.hours_per_week, 40.0);
        assert_eq!(s.holiday_calendar, HolidayCalendar::NZ);
        assert_eq!(
            (s.long_leave_weeks, s.reoffer_working_days, s.max_wait_weeks),
            (4, 5, 6)
        );
    }

    #[test]
    fn working_weeks_from_days_away() {
        let mut s = TeamSettings::new("T");
        // 20 leave + 11 holidays + 5 study = 36 days: 13 - 36/20 = 11.2.
        s.working_weeks = WorkingWeeks::FromDaysAway {
            annual_leave_days: 20.0,
            public_holidays: 11.0,
            study_days: 5.0,
        };
        let (w, e) = s.working_weeks_per_quarter();
        assert!((w - 11.2).abs() < 1e-9);
        assert_eq!(e.working, "13 - (20 + 11 + 5) / (4 x 5) = 11.2");
    }
}
