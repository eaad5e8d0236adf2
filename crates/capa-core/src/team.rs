//! A team: its settings and its clinicians, checked as a whole.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::activity::Activity;
use crate::clinician::{Clinician, Initials};
use crate::settings::{ChoicePolicy, MultiplierRule, TeamSettings, WorkingWeeks};

/// A CAPA team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    /// Settings.
    pub settings: TeamSettings,
    /// Clinicians, in the order the team lists them.
    pub clinicians: Vec<Clinician>,
    /// The clinicians' leave, by first day. Leave longer than the team's
    /// `long_leave_weeks` reduces targets pro rata ([`Leave::is_long`]); all
    /// of it keeps diary offers out of the days away.
    pub leave: Vec<Leave>,
}

/// A period a clinician is away, both days included.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Leave {
    /// Whose.
    pub clinician: Initials,
    /// The first day away.
    pub first_day: NaiveDate,
    /// The last day away.
    pub last_day: NaiveDate,
}

impl Leave {
    /// Days away, both ends included.
    pub fn days(&self) -> i64 {
        (self.last_day - self.first_day).num_days() + 1
    }

    /// Whether the period is long leave: more than `long_leave_weeks` weeks
    /// (parental leave, long-term sickness), which reduces targets. Ordinary
    /// leave does not: the working weeks per quarter allow for it.
    pub fn is_long(&self, long_leave_weeks: u32) -> bool {
        self.days() > 7 * i64::from(long_leave_weeks)
    }

    /// The period as `dd/mm/yyyy to dd/mm/yyyy`.
    pub fn describe(&self) -> String {
        format!(
            "{} to {}",
            self.first_day.format("%d/%m/%Y"),
            self.last_day.format("%d/%m/%Y")
        )
    }
}

/// Where in the team a problem lies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "index")]
pub enum Place {
    /// A team setting.
    Settings,
    /// The n-th stream (0-based).
    Stream(usize),
    /// The n-th clinician (0-based).
    Clinician(usize),
    /// The n-th period of leave (0-based, in the order given).
    Leave(usize),
}

/// Something wrong with a team as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[error("{message}")]
pub struct TeamError {
    /// Where.
    pub place: Place,
    /// The field concerned, as named in the team file.
    pub field: &'static str,
    /// What is wrong and what was expected.
    pub message: String,
}

impl TeamError {
    fn new(place: Place, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            place,
            field,
            message: message.into(),
        }
    }
}

fn check_rate(
    errors: &mut Vec<TeamError>,
    place: Place,
    field: &'static str,
    value: f64,
    what: &str,
) {
    if !value.is_finite() || value < 0.0 {
        errors.push(TeamError::new(
            place,
            field,
            format!("{what} must be a number 0 or more, not {value}"),
        ));
    }
}

/// The field names a multiplier rule's problems carry: the Core
/// multiplier's are the team file's `core_multiplier` and `derive.*`, a
/// stream's its own `multiplier`, `average_appointments` ...
struct RuleFields {
    multiplier: &'static str,
    appointments_per_session: &'static str,
    working_weeks_per_quarter: &'static str,
    average_appointments: &'static str,
}

const CORE_FIELDS: RuleFields = RuleFields {
    multiplier: "core_multiplier",
    appointments_per_session: "derive.appointments_per_session",
    working_weeks_per_quarter: "derive.working_weeks_per_quarter",
    average_appointments: "derive.average_appointments",
};

const STREAM_FIELDS: RuleFields = RuleFields {
    multiplier: "multiplier",
    appointments_per_session: "appointments_per_session",
    working_weeks_per_quarter: "working_weeks_per_quarter",
    average_appointments: "average_appointments",
};

fn check_rule(errors: &mut Vec<TeamError>, place: Place, rule: &MultiplierRule, f: &RuleFields) {
    match rule {
        MultiplierRule::Fixed { value } => {
            check_rate(errors, place, f.multiplier, *value, "a multiplier")
        }
        MultiplierRule::Derived {
            appointments_per_session,
            working_weeks_per_quarter,
            average_appointments,
        } => {
            check_rate(
                errors,
                place.clone(),
                f.appointments_per_session,
                *appointments_per_session,
                "appointments per session",
            );
            if let Some(w) = working_weeks_per_quarter {
                check_weeks(errors, place.clone(), f.working_weeks_per_quarter, *w);
            }
            if !(average_appointments.is_finite() && *average_appointments > 0.0) {
                errors.push(TeamError::new(
                    place,
                    f.average_appointments,
                    format!("average appointments per episode must be more than 0, not {average_appointments}"),
                ));
            }
        }
    }
}

fn check_weeks(errors: &mut Vec<TeamError>, place: Place, field: &'static str, w: f64) {
    if !(w.is_finite() && w > 0.0 && w <= 13.0) {
        errors.push(TeamError::new(
            place,
            field,
            format!("working weeks per quarter must be more than 0 and at most 13, not {w}"),
        ));
    }
}

impl Team {
    /// A clinician's long leave (more than the team's `long_leave_weeks`).
    pub fn long_leave_of<'a>(&'a self, initials: &'a Initials) -> impl Iterator<Item = &'a Leave> {
        self.leave
            .iter()
            .filter(move |l| &l.clinician == initials && l.is_long(self.settings.long_leave_weeks))
    }

    /// Checks a team as a whole and returns every problem found: rates and
    /// multipliers that are negative, duplicate initials or stream names,
    /// clinicians in streams the team does not have, Specific sessions in an
    /// unknown stream, leaving before starting, and text or dates beyond
    /// [`crate::limits`].
    pub fn new(settings: TeamSettings, clinicians: Vec<Clinician>) -> Result<Self, Vec<TeamError>> {
        Self::with_leave(settings, clinicians, Vec::new())
    }

    /// [`Team::new`] with the clinicians' leave, each period checked too: a
    /// clinician of the team, ending on or after its first day.
    pub fn with_leave(
        settings: TeamSettings,
        clinicians: Vec<Clinician>,
        mut leave: Vec<Leave>,
    ) -> Result<Self, Vec<TeamError>> {
        let mut errors = Vec::new();
        let s = &settings;
        check_rate(
            &mut errors,
            Place::Settings,
            "accepted_referrals_per_week",
            s.accepted_referrals_per_week,
            "accepted referrals per week",
        );
        if !(s.conversion_to_core.is_finite() && (0.0..=1.0).contains(&s.conversion_to_core)) {
            errors.push(TeamError::new(
                Place::Settings,
                "conversion_to_core",
                format!(
                    "conversion to Core must be between 0 and 1 (e.g. 0.68), not {}",
                    s.conversion_to_core
                ),
            ));
        }
        if !(1..=12).contains(&s.year_start_month) {
            errors.push(TeamError::new(
                Place::Settings,
                "year_start_month",
                format!(
                    "the year's first month must be 1 to 12, not {}",
                    s.year_start_month
                ),
            ));
        }
        check_rate(
            &mut errors,
            Place::Settings,
            "choice_appointments_per_session",
            s.choice_appointments_per_session,
            "Choice appointments per session",
        );
        if !(s.hours_per_week.is_finite() && s.hours_per_week > 0.0) {
            errors.push(TeamError::new(
                Place::Settings,
                "hours_per_week",
                format!(
                    "hours per week must be more than 0, not {}",
                    s.hours_per_week
                ),
            ));
        }
        match &s.working_weeks {
            WorkingWeeks::Fixed { weeks } => check_weeks(
                &mut errors,
                Place::Settings,
                "working_weeks_per_quarter",
                *weeks,
            ),
            WorkingWeeks::FromDaysAway {
                annual_leave_days,
                public_holidays,
                study_days,
            } => {
                for (field, v) in [
                    ("annual_leave_days", annual_leave_days),
                    ("public_holidays", public_holidays),
                    ("study_days", study_days),
                ] {
                    check_rate(&mut errors, Place::Settings, field, *v, "days away");
                }
                check_weeks(
                    &mut errors,
                    Place::Settings,
                    "working_weeks_per_quarter",
                    s.working_weeks_per_quarter().0,
                );
            }
        }
        check_rule(
            &mut errors,
            Place::Settings,
            &s.core_multiplier,
            &CORE_FIELDS,
        );
        let mut stream_names: BTreeMap<String, usize> = BTreeMap::new();
        for (i, stream) in s.streams.iter().enumerate() {
            if stream.name.trim().is_empty() {
                errors.push(TeamError::new(
                    Place::Stream(i),
                    "name",
                    "a stream needs a name",
                ));
            }
            if let Some(first) = stream_names.insert(stream.name.to_lowercase(), i) {
                errors.push(TeamError::new(
                    Place::Stream(i),
                    "name",
                    format!(
                        "stream '{}' is defined twice (also stream {})",
                        stream.name,
                        first + 1
                    ),
                ));
            }
            if let Some(rule) = &stream.multiplier {
                check_rule(&mut errors, Place::Stream(i), rule, &STREAM_FIELDS);
            }
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, c) in clinicians.iter().enumerate() {
            let place = Place::Clinician(i);
            if let Some(first) = seen.insert(c.initials.as_str().to_string(), i) {
                errors.push(TeamError::new(
                    place.clone(),
                    "initials",
                    format!(
                        "initials {} are already used by {}; initials must be unique in the team",
                        c.initials, clinicians[first].name
                    ),
                ));
            }
            for st in &c.streams {
                if !stream_names.contains_key(&st.to_lowercase()) {
                    errors.push(TeamError::new(
                        place.clone(),
                        "streams",
                        format!(
                            "{} is in stream '{st}', which the team does not define in [[streams]]",
                            c.initials
                        ),
                    ));
                }
            }
            for plan in &c.job_plans {
                for a in plan.grid().iter().flatten() {
                    if let Activity::Specific(st) = a
                        && !stream_names.contains_key(&st.to_lowercase())
                    {
                        errors.push(TeamError::new(place.clone(), "job_plan", format!("job plan {} has a session in stream '{st}', which the team does not define", plan.version)));
                    }
                }
            }
            if let (Some(start), Some(leave)) = (c.start_date, c.leaving_date)
                && leave < start
            {
                errors.push(TeamError::new(
                    place.clone(),
                    "leaving_date",
                    format!("leaving date {leave} is before the start date {start}"),
                ));
            }
            if s.choice_allocation == ChoicePolicy::Manual
                && c.does_choice
                && c.choice_allocation.is_none()
            {
                errors.push(TeamError::new(place.clone(), "choice_allocation", format!(
                    "the team allocates Choice manually, so {} needs a choice_allocation (or does_choice = false)", c.initials
                )));
            }
        }
        if let Err(e) = s.layout.check() {
            errors.push(TeamError::new(Place::Settings, "layout", e.to_string()));
        }
        for (i, l) in leave.iter().enumerate() {
            if !clinicians.iter().any(|c| c.initials == l.clinician) {
                errors.push(TeamError::new(
                    Place::Leave(i),
                    "clinician",
                    format!("leave for {}, who is not in the team", l.clinician),
                ));
            }
            for (field, day) in [("first_day", l.first_day), ("last_day", l.last_day)] {
                if let Err(e) = crate::limits::check_date("a day of leave", day) {
                    errors.push(TeamError::new(Place::Leave(i), field, e.to_string()));
                }
            }
            if l.last_day < l.first_day {
                errors.push(TeamError::new(
                    Place::Leave(i),
                    "last_day",
                    format!(
                        "leave cannot end ({}) before it starts ({})",
                        l.last_day.format("%d/%m/%Y"),
                        l.first_day.format("%d/%m/%Y")
                    ),
                ));
            }
        }
        errors.extend(crate::limits::team_errors(&settings, &clinicians));
        if errors.is_empty() {
            leave.sort();
            Ok(Self {
                settings,
                clinicians,
                leave,
            })
        } else {
            Err(errors)
        }
    }
}
