//! How the pages write days, times and kinds of appointment.

use capa_core::Activity;
use capa_core::activity::OtherCategory;
use capa_core::diary::{AppointmentState, SlotKind};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

/// Weekday names.
pub fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// `Monday 05/10/2026`.
pub fn long_day(d: NaiveDate) -> String {
    format!("{} {}", day_name(d.weekday()), d.format("%d/%m/%Y"))
}

/// `Mon 05/10/2026 11:00`.
pub fn short_when(at: NaiveDateTime) -> String {
    format!(
        "{} {}",
        &day_name(at.weekday())[..3],
        at.format("%d/%m/%Y %H:%M")
    )
}

/// `05/10/2026`.
pub fn dmy(d: NaiveDate) -> String {
    capa_core::dates::dmy(d)
}

/// The CSS class of an activity.
pub fn activity_class(a: &Activity) -> &'static str {
    match a {
        Activity::Choice => "k-choice",
        Activity::Core => "k-core",
        Activity::Specific(_) => "k-specific",
        Activity::Other {
            category: OtherCategory::NotWorking | OtherCategory::Leave,
            ..
        } => "k-off",
        Activity::Other { .. } => "k-other",
    }
}

/// The text of a cell: free Core sessions are shown as such.
pub fn activity_text(a: &Activity) -> String {
    match a {
        Activity::Core => "Core (free)".into(),
        other => other.label(),
    }
}

/// An appointment's state in words, and the tone of its tag.
pub fn state_words(s: AppointmentState) -> (&'static str, &'static str) {
    match s {
        AppointmentState::Vacant => ("vacant", ""),
        AppointmentState::Booked => ("booked", "ok"),
        AppointmentState::Attended => ("attended", "ok"),
        AppointmentState::Dna => ("did not attend", "warn"),
        AppointmentState::CancelledByFamily => ("cancelled by family", "warn"),
        AppointmentState::CancelledByService => ("cancelled by service", "warn"),
    }
}

/// A diary's value in forms: `core`, `choice` or `specific:STREAM`.
pub fn kind_value(kind: &SlotKind) -> String {
    match kind {
        SlotKind::Choice => "choice".into(),
        SlotKind::Core => "core".into(),
        SlotKind::Specific(s) => format!("specific:{s}"),
    }
}

/// A diary from its form value (Core for anything unknown).
pub fn kind_of(text: Option<&str>) -> SlotKind {
    match text {
        Some("choice") => SlotKind::Choice,
        Some(t) if t.starts_with("specific:") => {
            SlotKind::Specific(t["specific:".len()..].to_string())
        }
        _ => SlotKind::Core,
    }
}

/// `1 session`, `2 sessions`.
pub fn sessions(n: u32) -> String {
    format!("{n} session{}", if n == 1 { "" } else { "s" })
}
