//! The settings as the page shows them: every setting of the method with its
//! label, default and meaning.

use capa_core::SessionLayout;
use capa_core::TeamSettings;
use capa_core::explain::n2;
use capa_core::settings::{ChoicePolicy, MultiplierRule, WorkingWeeks};

use capa_core::diary::HolidayCalendar;

use super::layout::{CUSTOM, blocks_text, days_text};
use crate::views::controls::OptionView;
use crate::views::settings::SettingView;

fn opt(x: Option<f64>) -> String {
    x.map(n2).unwrap_or_default()
}

/// Every setting as the page shows it.
pub fn views(s: &TeamSettings) -> Vec<SettingView> {
    let d = TeamSettings::new("");
    let num = |name, label, value: String, default: String, help, step| SettingView {
        name,
        label,
        value,
        default,
        help,
        kind: "number",
        options: Vec::new(),
        step,
        error: String::new(),
        heading: "",
    };
    let text = |name, label, value: String, default: String, help, kind| SettingView {
        name,
        label,
        value,
        default,
        help,
        kind,
        options: Vec::new(),
        step: "",
        error: String::new(),
        heading: "",
    };
    let own_layout = SessionLayout::builtin(&s.layout.id).as_ref() != Some(&s.layout);
    let (fixed_weeks, leave, holidays, study) = match &s.working_weeks {
        WorkingWeeks::Fixed { weeks } => (Some(*weeks), None, None, None),
        WorkingWeeks::FromDaysAway {
            annual_leave_days,
            public_holidays,
            study_days,
        } => (
            None,
            Some(*annual_leave_days),
            Some(*public_holidays),
            Some(*study_days),
        ),
    };
    let (multiplier, average, per_session) = match &s.core_multiplier {
        MultiplierRule::Fixed { value } => (Some(*value), None, None),
        MultiplierRule::Derived {
            average_appointments,
            appointments_per_session,
            ..
        } => (
            None,
            Some(*average_appointments),
            Some(*appointments_per_session),
        ),
    };
    vec![
        SettingView {
            name: "name",
            label: "Team name",
            value: s.name.clone(),
            default: "none".into(),
            help: "Shown on every page and export.",
            kind: "text",
            options: Vec::new(),
            step: "",
            error: String::new(),
            heading: "Team",
        },
        SettingView {
            name: "layout",
            label: "Session layout",
            value: s.layout.id.clone(),
            default: d.layout.id.clone(),
            help: "How the day divides into job-plan sessions. New Zealand: four one-hour sessions with wriggle time; UK: two half days.",
            kind: "select",
            options: SessionLayout::BUILTIN_IDS
                .iter()
                .filter_map(|id| SessionLayout::builtin(id))
                .map(|l| OptionView {
                    selected: !own_layout && l.id == s.layout.id,
                    value: l.id,
                    label: l.name,
                })
                .chain([OptionView {
                    value: CUSTOM.into(),
                    label: "The team's own (below)".into(),
                    selected: own_layout,
                }])
                .collect(),
            step: "",
            error: String::new(),
            heading: "Session layout",
        },
        text(
            "layout_name",
            "Own layout: name",
            if own_layout {
                s.layout.name.clone()
            } else {
                String::new()
            },
            "none".into(),
            "Used when the layout above is the team's own. The multiplier is per session of this layout.",
            "text",
        ),
        text(
            "layout_days",
            "Own layout: working days",
            days_text(&s.layout),
            "Monday to Friday".into(),
            "The job plan's columns: 'Monday to Thursday', or days with commas ('Mon, Tue, Thu').",
            "text",
        ),
        text(
            "layout_blocks",
            "Own layout: the day's blocks",
            blocks_text(&s.layout),
            "the chosen layout's".into(),
            "One block a line, in time order: label, start, end, kind (session, buffer, lunch or admin; session if left out). Each session is a row of the job plan.",
            "textarea",
        ),
        SettingView {
            heading: "The year and its figures",
            ..num(
                "year_start_month",
                "Year starts in month",
                s.year_start_month.to_string(),
                "7 (July)".into(),
                "The planning year starts on the first Monday on or after the 1st of this month.",
                "1",
            )
        },
        SettingView {
            name: "time_zone",
            label: "Time zone",
            value: s.time_zone.to_string(),
            default: d.time_zone.to_string(),
            help: "Decides which quarter 'today' is in.",
            kind: "text",
            options: Vec::new(),
            step: "",
            error: String::new(),
            heading: "",
        },
        num(
            "hours_per_week",
            "Hours per week",
            n2(s.hours_per_week),
            "40 (UK 37.5)".into(),
            "Contracted hours. New Zealand's 40-hour week is part of why a multiplier of 3 is sustainable there.",
            "0.5",
        ),
        num(
            "accepted_referrals_per_week",
            "Accepted referrals per week",
            n2(s.accepted_referrals_per_week),
            "0".into(),
            "Drives the Choice appointments needed and the Core demand.",
            "0.1",
        ),
        num(
            "conversion_to_core",
            "Conversion to Core Partnership",
            n2(s.conversion_to_core),
            n2(d.conversion_to_core),
            "Share of Choice appointments that go on to Core Partnership (CAPA reports 66-70%).",
            "0.01",
        ),
        num(
            "core_multiplier",
            "Core multiplier",
            opt(multiplier),
            "3".into(),
            "New Core Partnerships per weekly Core session per quarter. Leave empty to derive it from the average below.",
            "0.01",
        ),
        num(
            "core_average_appointments",
            "or: average Core appointments",
            opt(average),
            "none".into(),
            "Derives the multiplier: appointments per session x working weeks / this average (CAPA: 2 x 11.25 / 7.5 = 3).",
            "0.1",
        ),
        num(
            "core_appointments_per_session",
            "Appointments per session (derived)",
            opt(per_session.or(Some(2.0))),
            "2".into(),
            "Used with the average above.",
            "0.5",
        ),
        num(
            "working_weeks_per_quarter",
            "Working weeks per quarter",
            opt(fixed_weeks),
            "11.25".into(),
            "Weeks worked in a 13-week quarter (CAPA: about 45 of 52). Leave empty to derive from the days away below.",
            "0.05",
        ),
        num(
            "annual_leave_days",
            "or: annual leave days a year",
            opt(leave),
            "none".into(),
            "With public holidays and study days: 13 - days away / (4 x working days a week).",
            "1",
        ),
        num(
            "public_holidays",
            "public holidays a year",
            opt(holidays),
            "none".into(),
            "",
            "1",
        ),
        num(
            "study_days",
            "study days a year",
            opt(study),
            "none".into(),
            "",
            "1",
        ),
        SettingView {
            name: "choice_allocation",
            label: "Choice allocation",
            value: match s.choice_allocation {
                ChoicePolicy::Equal => "equal",
                ChoicePolicy::Fte => "fte",
                ChoicePolicy::Manual => "manual",
            }
            .into(),
            default: "equal".into(),
            help: "There is no CAPA rule: share equally, pro rata to FTE, or enter each clinician's number.",
            kind: "select",
            options: [
                ("equal", "Equal"),
                ("fte", "Pro rata to FTE"),
                ("manual", "Manual"),
            ]
            .into_iter()
            .map(|(value, label)| OptionView {
                value: value.into(),
                label: label.into(),
                selected: value
                    == match s.choice_allocation {
                        ChoicePolicy::Equal => "equal",
                        ChoicePolicy::Fte => "fte",
                        ChoicePolicy::Manual => "manual",
                    },
            })
            .collect(),
            step: "",
            error: String::new(),
            heading: "",
        },
        num(
            "choice_appointments_per_session",
            "Choice appointments per session",
            n2(s.choice_appointments_per_session),
            "1".into(),
            "For the check that each plan holds its Choice allocation.",
            "1",
        ),
        num(
            "balance_low",
            "Balance ratio from",
            n2(s.balance_band.low),
            "8".into(),
            "CAPA: a team is broadly in balance when new Core Partnerships a quarter are 8-9 times weekly accepted referrals.",
            "0.1",
        ),
        num(
            "balance_high",
            "Balance ratio to",
            n2(s.balance_band.high),
            "9".into(),
            "",
            "0.1",
        ),
        num(
            "share_low",
            "Choice + Core share from",
            n2(s.choice_core_share_band.low),
            "0.3".into(),
            "CAPA finds 30-40% of sessions in Choice + Core sustainable.",
            "0.01",
        ),
        num(
            "share_high",
            "Choice + Core share to",
            n2(s.choice_core_share_band.high),
            "0.4".into(),
            "",
            "0.01",
        ),
        num(
            "diary_notice_weeks",
            "Diary notice (weeks)",
            s.diary_notice_weeks.to_string(),
            "6".into(),
            "Offers for a quarter are due in the Partnership diary this many weeks before it starts.",
            "1",
        ),
        SettingView {
            name: "holiday_calendar",
            label: "Public holiday calendar",
            value: s.holiday_calendar.id(),
            default: HolidayCalendar::NZ.describe(),
            help: "The diary skips these days and working days are counted without them. A New Zealand team chooses its region's anniversary day; a UK team its nation's bank holidays. The team's own days are added under Holidays and leave.",
            kind: "select",
            options: HolidayCalendar::all()
                .into_iter()
                .map(|c| OptionView {
                    value: c.id(),
                    label: c.describe(),
                    selected: c == s.holiday_calendar,
                })
                .collect(),
            step: "",
            error: String::new(),
            heading: "Holidays, leave and waits",
        },
        num(
            "long_leave_weeks",
            "Long leave from (weeks)",
            s.long_leave_weeks.to_string(),
            capa_core::settings::DEFAULT_LONG_LEAVE_WEEKS.to_string(),
            "Leave longer than this (parental leave, long-term sickness) reduces a clinician's targets pro rata by working days; shorter leave does not, as the working weeks allow for it.",
            "1",
        ),
        num(
            "reoffer_working_days",
            "Re-offer within (working days)",
            s.reoffer_working_days.to_string(),
            capa_core::settings::DEFAULT_REOFFER_WORKING_DAYS.to_string(),
            "Working days from a missed or cancelled first appointment's date to re-offer it.",
            "1",
        ),
        num(
            "max_wait_weeks",
            "Longest wait (weeks)",
            s.max_wait_weeks.to_string(),
            capa_core::settings::DEFAULT_MAX_WAIT_WEEKS.to_string(),
            "The team's limit on the wait from Choice to the first Partnership appointment: families nothing fits within it go on the managed list, and a preferred clinician comes first only within it.",
            "1",
        ),
    ]
}
