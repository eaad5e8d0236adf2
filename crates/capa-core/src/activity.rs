//! What a job-plan session holds: Choice, Core Partnership, Specific work in a
//! stream, or some other activity with a category.

use std::fmt;

use serde::{Serialize, Serializer};
use thiserror::Error;

use crate::limits::{TextError, TextField, check_text};

/// The kind of work in one session.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Activity {
    /// Choice appointments (first appointments).
    Choice,
    /// Core Partnership. An empty session is a free session and counts as Core.
    Core,
    /// Individual Specific Partnership work in a named stream (the stream's canonical name).
    Specific(String),
    /// Anything else, with a free label and a category.
    Other {
        /// The text written in the plan.
        label: String,
        /// What kind of non-Partnership time it is.
        category: OtherCategory,
    },
}

/// Categories of non-Partnership time in a job plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OtherCategory {
    /// Team or business meetings.
    TeamMeeting,
    /// Multidisciplinary team meetings.
    Mdt,
    /// The clinician's own supervision.
    SupervisionOwn,
    /// Supervising others.
    SupervisionOthers,
    /// Consultation (including DBT consult).
    Consultation,
    /// Group work.
    Group,
    /// Travel.
    Travel,
    /// Administration.
    Admin,
    /// Management and leadership.
    Management,
    /// Training, CPD and research.
    Training,
    /// Not working (part-time).
    NotWorking,
    /// Leave.
    Leave,
    /// Anything not recognised.
    Other,
}

impl OtherCategory {
    /// Every category, in display order.
    pub const ALL: [OtherCategory; 13] = [
        Self::TeamMeeting,
        Self::Mdt,
        Self::SupervisionOwn,
        Self::SupervisionOthers,
        Self::Consultation,
        Self::Group,
        Self::Travel,
        Self::Admin,
        Self::Management,
        Self::Training,
        Self::NotWorking,
        Self::Leave,
        Self::Other,
    ];

    /// The identifier used in files (`team-meeting`, `mdt`, `supervision-own` ...).
    pub fn id(self) -> &'static str {
        match self {
            Self::TeamMeeting => "team-meeting",
            Self::Mdt => "mdt",
            Self::SupervisionOwn => "supervision-own",
            Self::SupervisionOthers => "supervision-others",
            Self::Consultation => "consultation",
            Self::Group => "group",
            Self::Travel => "travel",
            Self::Admin => "admin",
            Self::Management => "management",
            Self::Training => "training",
            Self::NotWorking => "not-working",
            Self::Leave => "leave",
            Self::Other => "other",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::TeamMeeting => "team meeting",
            Self::Mdt => "MDT",
            Self::SupervisionOwn => "supervision (own)",
            Self::SupervisionOthers => "supervision (others)",
            Self::Consultation => "consultation",
            Self::Group => "group",
            Self::Travel => "travel",
            Self::Admin => "admin",
            Self::Management => "management",
            Self::Training => "training/CPD/research",
            Self::NotWorking => "not working",
            Self::Leave => "leave",
            Self::Other => "other",
        }
    }

    /// Parses a category identifier or label, case-insensitively.
    pub fn parse(text: &str) -> Option<Self> {
        let key = normalise(text).replace([' ', '_'], "-");
        Self::ALL
            .into_iter()
            .find(|c| c.id() == key || normalise(c.label()).replace(' ', "-") == key)
    }

    /// Infers the category from the words of a label, e.g. "OT MTG" is a team
    /// meeting, "DBT group" is group work, "Supervision (others)" is supervising.
    pub fn infer(label: &str) -> Self {
        let l = normalise(label);
        let has = |words: &[&str]| words.iter().any(|w| contains_word(&l, w));
        if has(&["mdt", "multidisciplinary", "multi-disciplinary"]) {
            Self::Mdt
        } else if l.contains("supervis") {
            if has(&["others", "other", "supervising", "supervisees"]) {
                Self::SupervisionOthers
            } else {
                Self::SupervisionOwn
            }
        } else if has(&["travel", "travelling", "traveling", "drive", "driving"]) {
            // Before "off": "Travel (drop off)" is travel, not time off.
            Self::Travel
        } else if has(&[
            "not working",
            "non-working",
            "non working",
            "day off",
            "off duty",
        ]) || l == "off"
        {
            Self::NotWorking
        } else if has(&["leave", "holiday", "holidays", "a/l", "annual leave"]) {
            Self::Leave
        } else if l.contains("consult") || has(&["liaison"]) {
            Self::Consultation
        } else if has(&["group", "groups"]) {
            Self::Group
        } else if has(&["meeting", "meetings", "mtg", "huddle", "business", "hui"]) {
            Self::TeamMeeting
        } else if l.contains("admin") || has(&["paperwork", "notes", "letters", "reports"]) {
            Self::Admin
        } else if l.contains("manag")
            || has(&[
                "lead",
                "leadership",
                "service development",
                "project",
                "projects",
            ])
        {
            Self::Management
        } else if has(&["training", "cpd", "research", "study", "teaching", "audit"]) {
            Self::Training
        } else {
            Self::Other
        }
    }
}

impl fmt::Display for OtherCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

fn normalise(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Whether `word` (one or more words) stands in `text` on word boundaries.
fn contains_word(text: &str, word: &str) -> bool {
    let is_boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(word).any(|(i, _)| {
        is_boundary(text[..i].chars().next_back())
            && is_boundary(text[i + word.len()..].chars().next())
    })
}

/// A job-plan cell that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CellError {
    /// The cell names a Specific stream the team has not defined.
    #[error("unknown Specific stream '{stream}' (the team's streams: {known})")]
    UnknownStream {
        /// The stream named in the cell.
        stream: String,
        /// The defined streams, comma-separated, or "none".
        known: String,
    },
    /// `Specific:` with nothing after it.
    #[error("'Specific:' needs a stream name, e.g. 'Specific: DBT'")]
    MissingStream,
    /// Too long, or holding a control character.
    #[error(transparent)]
    Text(#[from] TextError),
}

/// How a cell's text was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Written in capa's own words (`Choice`, `Specific: DBT`, `MDT`, a blank).
    AsWritten,
    /// Read by inference; the text says how ("'Choice clinic' read as Choice").
    Inferred(String),
    /// Nothing in the text says what it is: kept as Other: other. The text
    /// says so; how to say what it is depends on where it was written (a
    /// file's table cell, the editor's category), so the caller adds that.
    Unplaced(String),
}

/// A cell's text read into an activity, with how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellReading {
    /// The activity.
    pub activity: Activity,
    /// How it was read.
    pub reading: Reading,
}

/// Words that may follow "Choice" in a cell that means Choice appointments:
/// "Choice clinic" (CAPA's own words), "CHOICE appts", "Choice x2".
const CHOICE_WORDS: [&str; 13] = [
    "clinic",
    "clinics",
    "appt",
    "appts",
    "appointment",
    "appointments",
    "session",
    "sessions",
    "slot",
    "slots",
    "assessment",
    "assessments",
    "appt.",
];

fn choice_variant(lower: &str) -> bool {
    let Some(rest) = lower.strip_prefix("choice") else {
        return false;
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t', '(', ':', '-', 'x']) {
        return false;
    }
    rest.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ':' | '-' | ','))
        .filter(|w| !w.is_empty())
        .all(|w| {
            CHOICE_WORDS.contains(&w)
                || w.chars().all(|c| c.is_ascii_digit())
                || w.strip_prefix('x')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                || w == "x"
        })
}

impl Activity {
    /// Reads a cell's text: `""` or `Core` (Core Partnership), `Choice`,
    /// `Specific: <stream>` (or the seed's `<stream> specific`), or any other
    /// text, an Other activity whose category is inferred from its words.
    /// Matching is case-insensitive; stream names resolve to the team's spelling.
    /// See [`Activity::read_cell`] for how each reading was made.
    pub fn parse_cell<S: AsRef<str>>(text: &str, streams: &[S]) -> Result<Self, CellError> {
        Self::read_cell(text, streams).map(|r| r.activity)
    }

    /// Reads a cell as a clinician writes it, saying how: `Choice clinic`,
    /// `CHOICE appts` and `Choice x2` are Choice; a team's stream name alone
    /// (`DBT`) is that stream's Specific work; any other text is an Other
    /// activity whose category is inferred from its words (`DBT consult` is
    /// consultation, `Travel (drop off)` travel), reported as
    /// [`Reading::Inferred`], or [`Reading::Unplaced`] when no word places it.
    pub fn read_cell<S: AsRef<str>>(text: &str, streams: &[S]) -> Result<CellReading, CellError> {
        let trimmed = text.trim();
        check_text(TextField::CellLabel, trimmed)?;
        let lower = trimmed.to_lowercase();
        let exact = |activity| {
            Ok(CellReading {
                activity,
                reading: Reading::AsWritten,
            })
        };
        let inferred = |activity: Activity| {
            let how = format!("'{trimmed}' read as {}", activity.describe());
            Ok(CellReading {
                activity,
                reading: Reading::Inferred(how),
            })
        };
        match lower.as_str() {
            "" | "core" | "free" => return exact(Self::Core),
            "core partnership" | "partnership" => return inferred(Self::Core),
            "choice" => return exact(Self::Choice),
            _ if choice_variant(&lower) => return inferred(Self::Choice),
            _ => {}
        }
        let named = if let Some(rest) = strip_prefix_ci(trimmed, "specific") {
            let rest = rest.trim_start();
            let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
            if rest.is_empty() {
                return Err(CellError::MissingStream);
            }
            Some(rest)
        } else {
            strip_suffix_ci(trimmed, "specific").map(str::trim)
        };
        if let Some(name) = named {
            return match find_stream(name, streams) {
                Some(canonical) => exact(Self::Specific(canonical)),
                None => Err(CellError::UnknownStream {
                    stream: name.to_string(),
                    known: known_streams(streams),
                }),
            };
        }
        if let Some(canonical) = find_stream(trimmed, streams) {
            return inferred(Self::Specific(canonical));
        }
        let category = OtherCategory::infer(trimmed);
        let activity = Self::Other {
            label: trimmed.to_string(),
            category,
        };
        let own_words = OtherCategory::parse(trimmed) == Some(category);
        if category == OtherCategory::Other && !own_words {
            return Ok(CellReading {
                activity,
                reading: Reading::Unplaced(format!(
                    "'{trimmed}' could not be placed: read as Other: other (not Core capacity)"
                )),
            });
        }
        if own_words {
            exact(activity)
        } else {
            inferred(activity)
        }
    }

    /// How a stored activity reads, its text gone: an Other session reads as
    /// its label would (`DBT consult` inferred as consultation, `Family
    /// therapy clinic` unplaced), unless its category was chosen other than
    /// the label's words say, which is as written; Choice, Core and Specific
    /// sessions are as written. The editor shows these beside the grid, the
    /// same readings `capa plan check` gives for a file's cells.
    pub fn reading<S: AsRef<str>>(&self, streams: &[S]) -> Reading {
        let Self::Other { label, .. } = self else {
            return Reading::AsWritten;
        };
        match Self::read_cell(label, streams) {
            Ok(read) if read.activity == *self => read.reading,
            _ => Reading::AsWritten,
        }
    }

    /// The activity in words, as a reading reports it: `Choice`, `Core`,
    /// `Specific: DBT`, `Other: consultation`.
    pub fn describe(&self) -> String {
        match self {
            Self::Choice => "Choice".into(),
            Self::Core => "Core".into(),
            Self::Specific(s) => format!("Specific: {s}"),
            Self::Other { category, .. } => format!("Other: {}", category.label()),
        }
    }

    /// A short label for grids and exports.
    pub fn label(&self) -> String {
        match self {
            Self::Choice => "Choice".into(),
            Self::Core => "Core".into(),
            Self::Specific(s) => format!("Specific: {s}"),
            Self::Other { label, .. } => label.clone(),
        }
    }

    /// Whether the session counts towards Partnership or Choice capacity.
    pub fn is_clinical_capacity(&self) -> bool {
        !matches!(self, Self::Other { .. })
    }
}

impl Serialize for Activity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.label())
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    let rest = &text[prefix.len()..];
    let at_boundary = rest.is_empty() || rest.starts_with([':', ' ', '\t']);
    (head.eq_ignore_ascii_case(prefix) && at_boundary).then_some(rest)
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    let head = &text[..cut];
    (tail.eq_ignore_ascii_case(suffix) && head.ends_with([' ', '\t']) && !head.trim().is_empty())
        .then_some(head)
}

/// The team's spelling of a stream name, matched case-insensitively.
pub fn find_stream<S: AsRef<str>>(name: &str, streams: &[S]) -> Option<String> {
    let wanted = name.trim().to_lowercase();
    streams
        .iter()
        .map(AsRef::as_ref)
        .find(|s| s.trim().to_lowercase() == wanted)
        .map(str::to_string)
}

fn known_streams<S: AsRef<str>>(streams: &[S]) -> String {
    if streams.is_empty() {
        "none defined".into()
    } else {
        streams
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests;
