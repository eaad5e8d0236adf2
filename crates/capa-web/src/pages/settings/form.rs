//! Reading the settings form into settings, every problem next to its field.

use capa_core::settings::{ChoicePolicy, MultiplierRule, WorkingWeeks};
use capa_core::{SessionLayout, TeamSettings};
use serde::Deserialize;

use super::layout::{self, CUSTOM};
use crate::forms::FormErrors;

/// Longest team name.
const MAX_NAME: usize = 200;

/// The settings form.
#[derive(Deserialize)]
pub struct SettingsForm {
    name: String,
    layout: String,
    year_start_month: String,
    time_zone: String,
    hours_per_week: String,
    accepted_referrals_per_week: String,
    conversion_to_core: String,
    core_multiplier: String,
    core_average_appointments: String,
    core_appointments_per_session: String,
    working_weeks_per_quarter: String,
    annual_leave_days: String,
    public_holidays: String,
    study_days: String,
    choice_allocation: String,
    choice_appointments_per_session: String,
    balance_low: String,
    balance_high: String,
    share_low: String,
    share_high: String,
    diary_notice_weeks: String,
    // Issue 9's settings: absent from an older form, they keep their values.
    #[serde(default)]
    layout_name: String,
    #[serde(default)]
    layout_days: String,
    #[serde(default)]
    layout_blocks: String,
    #[serde(default)]
    holiday_calendar: String,
    #[serde(default)]
    long_leave_weeks: String,
    #[serde(default)]
    reoffer_working_days: String,
    #[serde(default)]
    max_wait_weeks: String,
}

impl SettingsForm {
    /// Every field with its name, to show the form again as typed.
    pub fn values(&self) -> [(&'static str, &str); 28] {
        [
            ("name", &self.name),
            ("layout", &self.layout),
            ("year_start_month", &self.year_start_month),
            ("time_zone", &self.time_zone),
            ("hours_per_week", &self.hours_per_week),
            (
                "accepted_referrals_per_week",
                &self.accepted_referrals_per_week,
            ),
            ("conversion_to_core", &self.conversion_to_core),
            ("core_multiplier", &self.core_multiplier),
            ("core_average_appointments", &self.core_average_appointments),
            (
                "core_appointments_per_session",
                &self.core_appointments_per_session,
            ),
            ("working_weeks_per_quarter", &self.working_weeks_per_quarter),
            ("annual_leave_days", &self.annual_leave_days),
            ("public_holidays", &self.public_holidays),
            ("study_days", &self.study_days),
            ("choice_allocation", &self.choice_allocation),
            (
                "choice_appointments_per_session",
                &self.choice_appointments_per_session,
            ),
            ("balance_low", &self.balance_low),
            ("balance_high", &self.balance_high),
            ("share_low", &self.share_low),
            ("share_high", &self.share_high),
            ("diary_notice_weeks", &self.diary_notice_weeks),
            ("layout_name", &self.layout_name),
            ("layout_days", &self.layout_days),
            ("layout_blocks", &self.layout_blocks),
            ("holiday_calendar", &self.holiday_calendar),
            ("long_leave_weeks", &self.long_leave_weeks),
            ("reoffer_working_days", &self.reoffer_working_days),
            ("max_wait_weeks", &self.max_wait_weeks),
        ]
    }
}

/// Whether the form asks for the team's own layout.
pub fn form_is_custom(f: &SettingsForm) -> bool {
    f.layout.trim() == CUSTOM
}

fn number(text: &str, what: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .map(Some)
        .map_err(|_| format!("{what}: '{t}' is not a number"))
}

fn required(text: &str, what: &str) -> Result<f64, String> {
    number(text, what)?.ok_or_else(|| format!("{what} is required"))
}

/// Reads the form into settings (streams kept from `current`); every problem
/// goes to the field it is about.
pub fn read(f: &SettingsForm, current: &TeamSettings, e: &mut FormErrors) -> TeamSettings {
    let mut s = current.clone();
    s.name = f.name.trim().to_string();
    if s.name.is_empty() {
        e.field("name", "the team needs a name");
    } else if s.name.chars().count() > MAX_NAME {
        e.field(
            "name",
            format!("a team's name has at most {MAX_NAME} characters"),
        );
    }
    if f.layout.trim() == CUSTOM {
        if let Some(l) = layout::read(&f.layout_name, &f.layout_days, &f.layout_blocks, e) {
            s.layout = l;
        }
    } else {
        match SessionLayout::builtin(&f.layout) {
            Some(l) => s.layout = l,
            None => e.field("layout", format!("unknown layout '{}'", f.layout)),
        }
    }
    if !f.holiday_calendar.trim().is_empty() {
        match capa_core::diary::HolidayCalendar::parse(&f.holiday_calendar) {
            Some(c) => s.holiday_calendar = c,
            None => e.field(
                "holiday_calendar",
                format!("unknown holiday calendar '{}'", f.holiday_calendar.trim()),
            ),
        }
    }
    let mut whole = |field: &str, text: &str, what: &str, most: u32, target: &mut u32| {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        match t.parse::<u32>() {
            Ok(n) if (1..=most).contains(&n) => *target = n,
            _ => e.field(
                field,
                format!("{what} is a whole number from 1 to {most}, not '{t}'"),
            ),
        }
    };
    whole(
        "long_leave_weeks",
        &f.long_leave_weeks,
        "long leave",
        52,
        &mut s.long_leave_weeks,
    );
    whole(
        "reoffer_working_days",
        &f.reoffer_working_days,
        "re-offer working days",
        60,
        &mut s.reoffer_working_days,
    );
    whole(
        "max_wait_weeks",
        &f.max_wait_weeks,
        "the longest wait",
        52,
        &mut s.max_wait_weeks,
    );
    match f.year_start_month.trim().parse() {
        Ok(m) => s.year_start_month = m,
        Err(_) => e.field(
            "year_start_month",
            "the year's first month is a number 1-12",
        ),
    }
    if let Some(z) = e.take(
        "time_zone",
        capa_core::Zone::parse(&f.time_zone).map_err(|z| z.to_string()),
    ) {
        s.time_zone = z;
    }
    let mut num = |field: &str, text: &str, what: &str, target: &mut f64| {
        if let Some(v) = e.take(field, required(text, what)) {
            *target = v;
        }
    };
    num(
        "hours_per_week",
        &f.hours_per_week,
        "hours per week",
        &mut s.hours_per_week,
    );
    num(
        "accepted_referrals_per_week",
        &f.accepted_referrals_per_week,
        "accepted referrals per week",
        &mut s.accepted_referrals_per_week,
    );
    num(
        "conversion_to_core",
        &f.conversion_to_core,
        "conversion to Core",
        &mut s.conversion_to_core,
    );
    num(
        "choice_appointments_per_session",
        &f.choice_appointments_per_session,
        "Choice appointments per session",
        &mut s.choice_appointments_per_session,
    );
    num(
        "balance_low",
        &f.balance_low,
        "balance from",
        &mut s.balance_band.low,
    );
    num(
        "balance_high",
        &f.balance_high,
        "balance to",
        &mut s.balance_band.high,
    );
    num(
        "share_low",
        &f.share_low,
        "share from",
        &mut s.choice_core_share_band.low,
    );
    num(
        "share_high",
        &f.share_high,
        "share to",
        &mut s.choice_core_share_band.high,
    );
    let multiplier = e.take(
        "core_multiplier",
        number(&f.core_multiplier, "Core multiplier"),
    );
    let average = e.take(
        "core_average_appointments",
        number(&f.core_average_appointments, "average appointments"),
    );
    let per_session = e.take(
        "core_appointments_per_session",
        number(&f.core_appointments_per_session, "appointments per session"),
    );
    match (multiplier, average) {
        (Some(Some(value)), Some(None)) => s.core_multiplier = MultiplierRule::Fixed { value },
        (Some(None), Some(Some(average_appointments))) => {
            s.core_multiplier = MultiplierRule::Derived {
                appointments_per_session: per_session.flatten().unwrap_or(2.0),
                working_weeks_per_quarter: None,
                average_appointments,
            }
        }
        (Some(Some(_)), Some(Some(_))) => e.field(
            "core_multiplier",
            "give the Core multiplier or the average appointments, not both",
        ),
        (Some(None), Some(None)) => e.field(
            "core_multiplier",
            "give the Core multiplier (3 by default) or the average appointments to derive it",
        ),
        _ => {}
    }
    let days = [
        e.take(
            "annual_leave_days",
            number(&f.annual_leave_days, "annual leave days"),
        ),
        e.take(
            "public_holidays",
            number(&f.public_holidays, "public holidays"),
        ),
        e.take("study_days", number(&f.study_days, "study days")),
    ];
    let days: Option<Vec<Option<f64>>> = days.into_iter().collect();
    if let (Some(weeks), Some(days)) = (
        e.take(
            "working_weeks_per_quarter",
            number(&f.working_weeks_per_quarter, "working weeks"),
        ),
        days,
    ) {
        match (weeks, days.iter().any(Option::is_some)) {
            (Some(weeks), false) => s.working_weeks = WorkingWeeks::Fixed { weeks },
            (None, true) => {
                s.working_weeks = WorkingWeeks::FromDaysAway {
                    annual_leave_days: days[0].unwrap_or(0.0),
                    public_holidays: days[1].unwrap_or(0.0),
                    study_days: days[2].unwrap_or(0.0),
                }
            }
            (Some(_), true) => e.field(
                "working_weeks_per_quarter",
                "give working weeks per quarter or the days away, not both",
            ),
            (None, false) => s.working_weeks = WorkingWeeks::default(),
        }
    }
    match ChoicePolicy::parse(&f.choice_allocation) {
        Some(p) => s.choice_allocation = p,
        None => e.field(
            "choice_allocation",
            format!("unknown Choice allocation '{}'", f.choice_allocation),
        ),
    }
    if s.balance_band.low > s.balance_band.high {
        e.field("balance_low", "a band's 'from' must not be above its 'to'");
    }
    if s.choice_core_share_band.low > s.choice_core_share_band.high {
        e.field("share_low", "a band's 'from' must not be above its 'to'");
    }
    match f.diary_notice_weeks.trim().parse() {
        Ok(w) => s.diary_notice_weeks = w,
        Err(_) => e.field(
            "diary_notice_weeks",
            "diary notice is a whole number of weeks",
        ),
    }
    s
}

/// `Team::new`'s field names as the form's.
pub fn form_field(team_field: &str) -> Option<&'static str> {
    Some(match team_field {
        "name" => "name",
        "year_start_month" => "year_start_month",
        "hours_per_week" => "hours_per_week",
        "accepted_referrals_per_week" => "accepted_referrals_per_week",
        "conversion_to_core" => "conversion_to_core",
        "average_appointments" => "core_average_appointments",
        "core_multiplier" | "multiplier" => "core_multiplier",
        "working_weeks_per_quarter" | "working_weeks" => "working_weeks_per_quarter",
        "choice_appointments_per_session" => "choice_appointments_per_session",
        "balance_band" => "balance_low",
        "choice_core_share_band" => "share_low",
        "diary_notice_weeks" => "diary_notice_weeks",
        "layout" => "layout_blocks",
        "holiday_calendar" => "holiday_calendar",
        "long_leave_weeks" => "long_leave_weeks",
        "reoffer_working_days" => "reoffer_working_days",
        "max_wait_weeks" => "max_wait_weeks",
        _ => return None,
    })
}
