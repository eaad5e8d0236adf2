//! What capa accepts, in one place: how long each kind of text may be,
//! which characters text may not hold, and the range of dates.
//!
//! The file reader, the store and the web application all refuse the same
//! things in the same words because they all ask this module: `Team::new`
//! checks every text and date of a team, `Activity::parse_cell` checks a
//! cell as it is read, and the store checks the text it keeps outside teams
//! (client references, holidays, locations, notes).
//!
//! Limits are counted in characters (Unicode scalar values), not bytes, so a
//! name in te reo Māori has the same room as one in plain ASCII.

use chrono::NaiveDate;
use thiserror::Error;

use crate::clinician::Clinician;
use crate::settings::TeamSettings;
use crate::team::{Place, TeamError};

/// A kind of text capa keeps, each with its own limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// A team's name.
    TeamName,
    /// A person's name: a clinician's, or a user account's display name.
    PersonName,
    /// A clinician's discipline (psychologist, OT ...).
    Discipline,
    /// The text of a job-plan cell, or an Other activity's label.
    CellLabel,
    /// A Specific stream's name.
    StreamName,
    /// A skill domain's name.
    SkillName,
    /// An IANA time zone name.
    TimeZone,
    /// A client's local reference (used until the NHI is known).
    LocalReference,
    /// A client's display label.
    ClientLabel,
    /// A public holiday's or a leave period's name.
    AbsenceName,
    /// Where an appointment is.
    Location,
    /// A free note (why a family is on the managed list, how it was resolved).
    Note,
}

impl TextField {
    /// The most characters the field may hold.
    pub const fn max_chars(self) -> usize {
        match self {
            Self::TeamName | Self::PersonName | Self::AbsenceName | Self::Location => 100,
            Self::CellLabel => 80,
            Self::Discipline | Self::StreamName | Self::SkillName => 60,
            Self::TimeZone | Self::LocalReference | Self::ClientLabel => 64,
            Self::Note => 2000,
        }
    }

    /// How messages name the field.
    pub const fn name(self) -> &'static str {
        match self {
            Self::TeamName => "a team name",
            Self::PersonName => "a name",
            Self::Discipline => "a discipline",
            Self::CellLabel => "a job-plan cell",
            Self::StreamName => "a stream name",
            Self::SkillName => "a skill name",
            Self::TimeZone => "a time zone",
            Self::LocalReference => "a local reference",
            Self::ClientLabel => "a client label",
            Self::AbsenceName => "a holiday or leave name",
            Self::Location => "a location",
            Self::Note => "a note",
        }
    }

    /// Whether line breaks and tabs are allowed (only in notes).
    pub const fn multi_line(self) -> bool {
        matches!(self, Self::Note)
    }
}

/// Text that a field cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    /// Longer than the field's limit.
    #[error("{field} has at most {max} characters; this one has {found}")]
    TooLong {
        /// The field, as messages name it.
        field: &'static str,
        /// Characters found.
        found: usize,
        /// The limit.
        max: usize,
    },
    /// Holds a control character (NUL, CR, LF, ESC ...).
    #[error(
        "{field} may not contain control characters such as line breaks; found {code} at character {at}"
    )]
    Control {
        /// The field, as messages name it.
        field: &'static str,
        /// The character, as `U+000D`.
        code: String,
        /// Its 1-based position.
        at: usize,
    },
}

/// Whether a character is refused in a field: every control character
/// (U+0000-U+001F, U+007F-U+009F) and the Unicode line and paragraph
/// separators, except tab and line breaks in multi-line fields.
fn refused(c: char, multi_line: bool) -> bool {
    if multi_line && matches!(c, '\n' | '\r' | '\t') {
        return false;
    }
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Checks text (as it will be stored, already trimmed) against its field's
/// limit and characters.
pub fn check_text(field: TextField, text: &str) -> Result<(), TextError> {
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        if refused(c, field.multi_line()) {
            return Err(TextError::Control {
                field: field.name(),
                code: format!("U+{:04X}", u32::from(c)),
                at: i + 1,
            });
        }
        count = i + 1;
    }
    let max = field.max_chars();
    if count > max {
        return Err(TextError::TooLong {
            field: field.name(),
            found: count,
            max,
        });
    }
    Ok(())
}

/// The first date capa plans with.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last date capa plans with.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// A date outside [`EARLIEST_DATE`] to [`LATEST_DATE`]: a typing mistake
/// (`0000-01-01`, `20026-07-01`), never a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{what} {date} is outside the dates capa plans with ({EARLIEST_DATE} to {LATEST_DATE})")]
pub struct DateError {
    /// What the date is, as messages name it (e.g. "the start date").
    pub what: &'static str,
    /// The date given.
    pub date: NaiveDate,
}

/// Checks that a date lies in the range capa plans with.
pub fn check_date(what: &'static str, date: NaiveDate) -> Result<(), DateError> {
    if (EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        Ok(())
    } else {
        Err(DateError { what, date })
    }
}

/// Every text and date of a team that breaks a limit, for `Team::new`.
pub(crate) fn team_errors(settings: &TeamSettings, clinicians: &[Clinician]) -> Vec<TeamError> {
    let mut errors = Vec::new();
    let mut text = |place: &Place, field: &'static str, kind: TextField, value: &str, at: &str| {
        if let Err(e) = check_text(kind, value) {
            errors.push(TeamError {
                place: place.clone(),
                field,
                message: format!("{at}{e}"),
            });
        }
    };
    text(
        &Place::Settings,
        "name",
        TextField::TeamName,
        &settings.name,
        "",
    );
    text(
        &Place::Settings,
        "time_zone",
        TextField::TimeZone,
        settings.time_zone.name(),
        "",
    );
    for (i, s) in settings.streams.iter().enumerate() {
        text(
            &Place::Stream(i),
            "name",
            TextField::StreamName,
            &s.name,
            "",
        );
    }
    let mut dates = Vec::new();
    for (i, c) in clinicians.iter().enumerate() {
        let place = Place::Clinician(i);
        let who = format!("{}: ", c.initials);
        text(&place, "name", TextField::PersonName, &c.name, &who);
        if let Some(d) = &c.discipline {
            text(&place, "discipline", TextField::Discipline, d, &who);
        }
        for skill in c.skills.keys() {
            text(&place, "skills", TextField::SkillName, skill, &who);
        }
        for plan in &c.job_plans {
            let at = format!("{}, job plan {}: ", c.initials, plan.version);
            for a in plan.grid().iter().flatten() {
                if let crate::Activity::Other { label, .. } = a {
                    text(&place, "job_plan", TextField::CellLabel, label, &at);
                }
            }
            if let Some(d) = plan.applies_from {
                dates.push((i, "applies_from", "the date a job plan applies from", d));
            }
        }
        if let Some(d) = c.start_date {
            dates.push((i, "start_date", "the start date", d));
        }
        if let Some(d) = c.leaving_date {
            dates.push((i, "leaving_date", "the leaving date", d));
        }
    }
    for (i, field, what, date) in dates {
        if let Err(e) = check_date(what, date) {
            errors.push(TeamError {
                place: Place::Clinician(i),
                field,
                message: format!("{}: {e}", clinicians[i].initials),
            });
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_within_the_limit_is_accepted() {
        assert_eq!(
            check_text(TextField::PersonName, "Ngaio Te Whāriki"),
            Ok(())
        );
        let hundred = "ā".repeat(100);
        assert_eq!(check_text(TextField::PersonName, &hundred), Ok(()));
    }

    #[test]
    fn long_text_is_refused_naming_the_field_and_limit() {
        let err = check_text(TextField::PersonName, &"x".repeat(100_000)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a name has at most 100 characters; this one has 100000"
        );
        assert!(check_text(TextField::CellLabel, &"x".repeat(81)).is_err());
    }

    #[test]
    fn control_characters_are_refused_with_their_place() {
        let err = check_text(TextField::LocalReference, "REF\r\nDTSTART").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a local reference may not contain control characters such as line breaks; found U+000D at character 4"
        );
        assert!(check_text(TextField::CellLabel, "a\0b").is_err());
        assert!(check_text(TextField::CellLabel, "a\u{1b}[31m").is_err());
        assert!(check_text(TextField::CellLabel, "a\u{2028}b").is_err());
        assert!(check_text(TextField::CellLabel, "tab\there").is_err());
    }

    #[test]
    fn notes_may_have_several_lines() {
        assert_eq!(
            check_text(TextField::Note, "first line\r\nsecond\tline"),
            Ok(())
        );
        assert!(check_text(TextField::Note, "bell\u{7}").is_err());
    }

    #[test]
    fn a_team_is_checked_field_by_field() {
        use crate::{Activity, Fte, Initials, JobPlan, OtherCategory, Stream, Team};
        let mut settings = TeamSettings::new("T".repeat(101));
        settings.streams.push(Stream {
            name: "DBT\n".into(),
            multiplier: None,
        });
        let mut plan = JobPlan::blank(1, NaiveDate::from_ymd_opt(0, 1, 1), &settings.layout);
        plan.set(
            0,
            0,
            Activity::Other {
                label: "x".repeat(40_000),
                category: OtherCategory::Other,
            },
        );
        let c = Clinician {
            initials: Initials::parse("AD").unwrap(),
            name: "A\0D".into(),
            discipline: None,
            fte: Fte::FULL,
            skills: [("s".repeat(61), crate::SkillLevel::Core)].into(),
            streams: Default::default(),
            does_choice: false,
            choice_allocation: None,
            start_date: None,
            leaving_date: NaiveDate::from_ymd_opt(20026, 7, 1),
            job_plans: vec![plan],
        };
        let errors = Team::new(settings, vec![c]).unwrap_err();
        let fields: Vec<(Place, &str)> =
            errors.iter().map(|e| (e.place.clone(), e.field)).collect();
        assert_eq!(
            fields,
            [
                (Place::Settings, "name"),
                (Place::Stream(0), "name"),
                (Place::Clinician(0), "name"),
                (Place::Clinician(0), "skills"),
                (Place::Clinician(0), "job_plan"),
                (Place::Clinician(0), "applies_from"),
                (Place::Clinician(0), "leaving_date"),
            ]
        );
        assert_eq!(
            errors[4].message,
            "AD, job plan 1: a job-plan cell has at most 80 characters; this one has 40000"
        );
        assert!(
            errors[6]
                .message
                .starts_with("AD: the leaving date +20026-07-01 is outside")
        );
    }

    #[test]
    fn dates_far_outside_any_plan_are_refused_with_the_range() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(check_date("the start date", d(2026, 7, 1)), Ok(()));
        assert_eq!(check_date("x", EARLIEST_DATE), Ok(()));
        assert_eq!(check_date("x", LATEST_DATE), Ok(()));
        let err = check_date("the date a job plan applies from", d(0, 1, 1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the date a job plan applies from 0000-01-01 is outside the dates capa plans with (1970-01-01 to 2199-12-31)"
        );
        assert!(check_date("x", d(2200, 1, 1)).is_err());
    }
}
