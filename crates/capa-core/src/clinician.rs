//! Clinicians: who they are in the team, their skills, and their job plans.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Serialize, Serializer};
use thiserror::Error;

use crate::job_plan::{self, JobPlan};

/// A clinician's initials, unique in the team; they label diary offers (AD1, AD2 ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Initials(String);

/// Initials that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InitialsError {
    /// Empty.
    #[error("initials are empty")]
    Empty,
    /// Too long to label diary offers.
    #[error("initials '{0}' are longer than 6 letters")]
    TooLong(String),
    /// Contain something other than letters; digits would make labels like AD12 ambiguous.
    #[error("initials '{0}' must be letters only (offers are numbered after them, e.g. AD1)")]
    NotLetters(String),
}

impl Initials {
    /// Parses initials: letters only, 1 to 6, stored upper-case.
    pub fn parse(text: &str) -> Result<Self, InitialsError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(InitialsError::Empty);
        }
        if !t.chars().all(char::is_alphabetic) {
            return Err(InitialsError::NotLetters(t.to_string()));
        }
        if t.chars().count() > 6 {
            return Err(InitialsError::TooLong(t.to_string()));
        }
        Ok(Self(t.to_uppercase()))
    }

    /// The initials as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Initials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Initials {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Full-time equivalent, in (0, 1].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Fte(f64);

/// An FTE outside (0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[error("FTE must be more than 0 and at most 1, not {0}")]
pub struct FteError(pub f64);

impl Fte {
    /// Full time.
    pub const FULL: Fte = Fte(1.0);

    /// Parses an FTE in (0, 1].
    pub fn new(value: f64) -> Result<Self, FteError> {
        if value.is_finite() && value > 0.0 && value <= 1.0 {
            Ok(Self(value))
        } else {
            Err(FteError(value))
        }
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// The level at which a clinician holds a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkillLevel {
    /// Extended core level.
    Core,
    /// Advanced level.
    Advanced,
}

impl SkillLevel {
    /// Parses `core` or `advanced`, case-insensitively.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "core" => Some(Self::Core),
            "advanced" | "adv" => Some(Self::Advanced),
            _ => None,
        }
    }
}

/// The extended core skills domains of CAPA (ABCD'S). Teams may add domains.
pub const ABCDS: [&str; 5] = [
    "Assessment",
    "Behavioural",
    "Cognitive",
    "Dynamic",
    "Systemic",
];

/// The team's spelling of a skill domain: an ABCD'S domain matched by name or
/// initial letter, otherwise the text as given (a team's own domain).
pub fn skill_domain(text: &str) -> String {
    let t = text.trim();
    let lower = t.to_lowercase();
    ABCDS
        .iter()
        .find(|d| {
            let dl = d.to_lowercase();
            dl == lower
                || (lower.len() == 1 && dl.starts_with(&lower))
                || (lower == "behavioral" && dl == "behavioural")
        })
        .map_or_else(|| t.to_string(), |d| d.to_string())
}

/// A member of the team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clinician {
    /// Initials, unique in the team.
    pub initials: Initials,
    /// Full name.
    pub name: String,
    /// Discipline (psychologist, OT, nurse, social worker ...), free text.
    pub discipline: Option<String>,
    /// Full-time equivalent.
    pub fte: Fte,
    /// Skill domains (ABCD'S and the team's own) with their level.
    pub skills: BTreeMap<String, SkillLevel>,
    /// Specific streams the clinician works in (the team's spelling).
    pub streams: BTreeSet<String>,
    /// Whether the clinician does Choice appointments (false: opted out).
    pub does_choice: bool,
    /// Manual Choice allocation per quarter (used under the manual policy).
    pub choice_allocation: Option<u32>,
    /// First day in the team, if within the planning horizon.
    pub start_date: Option<NaiveDate>,
    /// Last day in the team, if leaving.
    pub leaving_date: Option<NaiveDate>,
    /// Job plan versions.
    pub job_plans: Vec<JobPlan>,
}

impl Clinician {
    /// The job plan in force on a date.
    pub fn job_plan_on(&self, date: NaiveDate) -> Option<&JobPlan> {
        job_plan::in_force(&self.job_plans, date)
    }

    /// A job plan version by its number.
    pub fn job_plan(&self, version: u32) -> Option<&JobPlan> {
        self.job_plans.iter().find(|p| p.version == version)
    }

    /// The newest job plan version (the one that applies last).
    pub fn latest_job_plan(&self) -> Option<&JobPlan> {
        self.job_plans
            .iter()
            .max_by_key(|p| (p.applies_from, p.version))
    }

    /// Whether the clinician holds a skill domain at `level` or above (the
    /// domain compared without case or surrounding spaces): the skills rule
    /// of the diary's search and of the forecast's skill needs.
    pub fn has_skill(&self, domain: &str, level: SkillLevel) -> bool {
        self.skills
            .iter()
            .any(|(d, held)| same_name(d, domain) && *held >= level)
    }

    /// Whether the clinician works in a Specific stream (names compared
    /// without case or surrounding spaces).
    pub fn works_in_stream(&self, stream: &str) -> bool {
        self.streams.iter().any(|s| same_name(s, stream))
    }

    /// Days the clinician is in the team between `start` (inclusive) and `end` (exclusive).
    pub fn days_in_post(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        let (from, to) = self.in_post_between(start, end);
        (to - from).num_days().max(0)
    }

    /// Whether the clinician is in the team on `day` (from their start date
    /// to their leaving date, both included): only then do their offers count
    /// for a family. The diary's proposals and searches and the forecast all
    /// ask this one question.
    pub fn in_post_on(&self, day: NaiveDate) -> bool {
        in_post_on(self.start_date, self.leaving_date, day)
    }

    /// The part of `start..end` the clinician is in the team: from the later
    /// of `start` and their start date, up to (not including) the earlier of
    /// `end` and the day after they leave.
    pub fn in_post_between(&self, start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
        let from = self.start_date.map_or(start, |d| d.max(start));
        let to = self
            .leaving_date
            .and_then(|d| d.succ_opt())
            .map_or(end, |d| d.min(end));
        (from, to.max(from))
    }

    /// Working days (the team's `weekdays`) the clinician is in the team
    /// between `start` (inclusive) and `end` (exclusive).
    pub fn working_days_in_post(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        weekdays: &[Weekday],
    ) -> u32 {
        let (from, to) = self.in_post_between(start, end);
        working_days(from, to, weekdays)
    }
}

/// [`Clinician::in_post_on`] from the two dates alone, for callers that hold
/// a clinician's dates without the whole clinician (the store's search for
/// the next vacant offers).
pub fn in_post_on(start: Option<NaiveDate>, leaving: Option<NaiveDate>, day: NaiveDate) -> bool {
    start.is_none_or(|s| s <= day) && leaving.is_none_or(|l| day <= l)
}

/// Names (skill domains, streams) as the team means them: the same whatever
/// the case and surrounding spaces.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Days from `start` (inclusive) to `end` (exclusive) that fall on one of
/// `weekdays`. Public holidays count: the working weeks per quarter allow for them.
pub fn working_days(start: NaiveDate, end: NaiveDate, weekdays: &[Weekday]) -> u32 {
    if end <= start {
        return 0;
    }
    let days = (end - start).num_days();
    let whole_weeks = (days / 7) as u32;
    let mut n = whole_weeks * weekdays.len() as u32;
    let mut d = start + chrono::Days::new(7 * u64::from(whole_weeks));
    while d < end {
        if weekdays.contains(&d.weekday()) {
            n += 1;
        }
        d = d.succ_opt().unwrap_or(end);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_post_skills_and_streams_are_one_rule() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let c = Clinician {
            initials: Initials::parse("AD").unwrap(),
            name: String::new(),
            discipline: None,
            fte: Fte::FULL,
            skills: BTreeMap::from([(" dynamic".to_string(), SkillLevel::Advanced)]),
            streams: BTreeSet::from(["DBT".to_string()]),
            does_choice: true,
            choice_allocation: None,
            start_date: Some(d(7, 1)),
            leaving_date: Some(d(9, 30)),
            job_plans: Vec::new(),
        };
        assert!(!c.in_post_on(d(6, 30)) && c.in_post_on(d(7, 1)));
        assert!(c.in_post_on(d(9, 30)) && !c.in_post_on(d(10, 1)));
        assert!(c.has_skill("Dynamic", SkillLevel::Core));
        assert!(c.has_skill("DYNAMIC ", SkillLevel::Advanced));
        let core_only = Clinician {
            skills: BTreeMap::from([("Dynamic".to_string(), SkillLevel::Core)]),
            ..c.clone()
        };
        assert!(!core_only.has_skill("Dynamic", SkillLevel::Advanced));
        assert!(!c.has_skill("Systemic", SkillLevel::Core));
        assert!(c.works_in_stream(" dbt") && !c.works_in_stream("Eating"));
    }

    #[test]
    fn initials_are_letters_upper_cased() {
        assert_eq!(Initials::parse(" ad ").unwrap().as_str(), "AD");
        assert_eq!(Initials::parse("").unwrap_err(), InitialsError::Empty);
        assert!(matches!(
            Initials::parse("A1"),
            Err(InitialsError::NotLetters(_))
        ));
        assert!(matches!(
            Initials::parse("ABCDEFG"),
            Err(InitialsError::TooLong(_))
        ));
        assert_eq!(Initials::parse("tō").unwrap().as_str(), "TŌ");
    }

    #[test]
    fn fte_is_in_zero_to_one() {
        assert!(Fte::new(1.0).is_ok());
        assert!(Fte::new(0.1).is_ok());
        assert!(Fte::new(0.0).is_err());
        assert!(Fte::new(1.2).is_err());
        assert!(Fte::new(f64::NAN).is_err());
        assert_eq!(
            Fte::new(-0.5).unwrap_err().to_string(),
            "FTE must be more than 0 and at most 1, not -0.5"
        );
    }

    #[test]
    fn working_days_in_post_count_the_teams_weekdays() {
        use crate::layout::WEEKDAYS;
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // 2026/27 Q1: Monday 6 July to Sunday 4 October, 13 weeks.
        let (start, end) = (d(7, 6), d(10, 5));
        assert_eq!(working_days(start, end, &WEEKDAYS), 65);
        let mut c = Clinician {
            initials: Initials::parse("LV").unwrap(),
            name: "Leaving".into(),
            discipline: None,
            fte: Fte::FULL,
            skills: BTreeMap::new(),
            streams: BTreeSet::new(),
            does_choice: true,
            choice_allocation: None,
            start_date: None,
            leaving_date: Some(d(7, 31)), // a Friday, after four weeks
            job_plans: Vec::new(),
        };
        assert_eq!(c.working_days_in_post(start, end, &WEEKDAYS), 20);
        assert_eq!(c.days_in_post(start, end), 26);
        c.leaving_date = None;
        c.start_date = Some(d(9, 30)); // a Wednesday: 3 days that week, then none
        assert_eq!(c.working_days_in_post(start, end, &WEEKDAYS), 3);
        let four = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];
        assert_eq!(working_days(start, end, &four), 52);
    }

    #[test]
    fn skill_domains_by_name_or_letter() {
        assert_eq!(skill_domain("a"), "Assessment");
        assert_eq!(skill_domain("SYSTEMIC"), "Systemic");
        assert_eq!(skill_domain("behavioral"), "Behavioural");
        assert_eq!(skill_domain("Cultural competence"), "Cultural competence");
        assert_eq!(SkillLevel::parse("Advanced"), Some(SkillLevel::Advanced));
    }
}
