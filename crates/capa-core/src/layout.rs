//! Session layouts: how a team divides its working day into job-plan sessions.

use chrono::{NaiveTime, Weekday};
use serde::Serialize;
use thiserror::Error;

/// What a block of the day is for. Only [`BlockKind::Session`] blocks are job-plan cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// A job-plan session: one activity per weekday.
    Session,
    /// Slack between sessions ("wriggle time", the morning half hour).
    Buffer,
    /// Lunch.
    Lunch,
    /// Daily administration time.
    Admin,
}

/// One block of the working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Label shown in the grid, e.g. "Session 1" or "AM".
    pub label: String,
    /// Start time.
    pub start: NaiveTime,
    /// End time.
    pub end: NaiveTime,
    /// What the block is for.
    pub kind: BlockKind,
}

/// A team's session layout: the working days and the blocks of each day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionLayout {
    /// Identifier used in files: `nz-four-session`, `uk-half-day` or a team's own.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Working days, in order (Monday to Friday by default).
    pub days: Vec<Weekday>,
    /// The blocks of a day, in time order.
    pub blocks: Vec<Block>,
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

fn block(label: &str, start: (u32, u32), end: (u32, u32), kind: BlockKind) -> Block {
    Block {
        label: label.to_string(),
        start: t(start.0, start.1),
        end: t(end.0, end.1),
        kind,
    }
}

/// Monday to Friday.
pub const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

impl SessionLayout {
    /// The New Zealand layout of the seed: four one-hour sessions a day with
    /// wriggle time between them, lunch, and an hour of admin at the end.
    pub fn nz_four_session() -> Self {
        use BlockKind::*;
        Self {
            id: "nz-four-session".into(),
            name: "New Zealand four-session day".into(),
            days: WEEKDAYS.to_vec(),
            blocks: vec![
                block("Start", (8, 30), (9, 0), Buffer),
                block("Session 1", (9, 0), (10, 0), Session),
                block("Wriggle", (10, 0), (11, 0), Buffer),
                block("Session 2", (11, 0), (12, 0), Session),
                block("Lunch", (12, 0), (13, 0), Lunch),
                block("Session 3", (13, 0), (14, 0), Session),
                block("Wriggle", (14, 0), (15, 0), Buffer),
                block("Session 4", (15, 0), (16, 0), Session),
                block("Small admin", (16, 0), (17, 0), Admin),
            ],
        }
    }

    /// The UK CAPA layout: two half-day sessions (AM, PM) of 3.5 hours.
    pub fn uk_half_day() -> Self {
        use BlockKind::*;
        Self {
            id: "uk-half-day".into(),
            name: "UK half-day sessions".into(),
            days: WEEKDAYS.to_vec(),
            blocks: vec![
                block("AM", (9, 0), (12, 30), Session),
                block("Lunch", (12, 30), (13, 0), Lunch),
                block("PM", (13, 0), (16, 30), Session),
                block("Admin", (16, 30), (17, 0), Admin),
            ],
        }
    }

    /// A built-in layout by its identifier.
    pub fn builtin(id: &str) -> Option<Self> {
        match id.trim().to_ascii_lowercase().as_str() {
            "nz-four-session" | "nz" => Some(Self::nz_four_session()),
            "uk-half-day" | "uk" => Some(Self::uk_half_day()),
            _ => None,
        }
    }

    /// The identifiers of the built-in layouts.
    pub const BUILTIN_IDS: [&'static str; 2] = ["nz-four-session", "uk-half-day"];

    /// A team's own layout: its working days and the blocks of its day (for
    /// example three sessions a day, or a four-day week). The multiplier is
    /// per session of this layout. Checked: at least one working day, each
    /// once; at least one session; every block named, starting before it
    /// ends, in time order without overlapping the one before.
    pub fn custom(
        id: impl Into<String>,
        name: impl Into<String>,
        days: Vec<Weekday>,
        blocks: Vec<Block>,
    ) -> Result<Self, LayoutError> {
        let layout = Self {
            id: id.into().trim().to_string(),
            name: name.into().trim().to_string(),
            days,
            blocks,
        };
        layout.check()?;
        Ok(layout)
    }

    /// Checks a layout as [`SessionLayout::custom`] does (a stored layout is
    /// checked again when read).
    pub fn check(&self) -> Result<(), LayoutError> {
        if self.id.is_empty() {
            return Err(LayoutError::NoId);
        }
        for text in [&self.id, &self.name] {
            crate::limits::check_text(crate::limits::TextField::TeamName, text)?;
        }
        for b in &self.blocks {
            crate::limits::check_text(crate::limits::TextField::CellLabel, &b.label)?;
        }
        if self.blocks.len() > MAX_BLOCKS {
            return Err(LayoutError::TooManyBlocks(self.blocks.len()));
        }
        if self.days.is_empty() {
            return Err(LayoutError::NoDays);
        }
        for (i, d) in self.days.iter().enumerate() {
            if self.days[..i].contains(d) {
                return Err(LayoutError::DayTwice(weekday_name(*d)));
            }
        }
        if self.sessions_per_day() == 0 {
            return Err(LayoutError::NoSessions);
        }
        for (i, b) in self.blocks.iter().enumerate() {
            if b.label.trim().is_empty() {
                return Err(LayoutError::Unnamed(i + 1));
            }
            if b.start >= b.end {
                return Err(LayoutError::Backwards {
                    label: b.label.clone(),
                    start: b.start,
                    end: b.end,
                });
            }
            if let Some(prev) = i.checked_sub(1).map(|j| &self.blocks[j])
                && b.start < prev.end
            {
                return Err(LayoutError::Overlap {
                    label: b.label.clone(),
                    previous: prev.label.clone(),
                });
            }
        }
        Ok(())
    }

    /// The working days in words ("Monday to Friday", "Monday, Tuesday, Thursday").
    pub fn days_in_words(&self) -> String {
        let names: Vec<&str> = self.days.iter().map(|d| weekday_name(*d)).collect();
        let consecutive = self
            .days
            .windows(2)
            .all(|w| w[1].num_days_from_monday() == w[0].num_days_from_monday() + 1);
        match names.as_slice() {
            [] => "no days".into(),
            [one] => (*one).to_string(),
            [first, .., last] if consecutive && names.len() > 2 => format!("{first} to {last}"),
            _ => names.join(", "),
        }
    }

    /// The session blocks of a day, in order: the rows of a job-plan grid.
    pub fn sessions(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Session)
    }

    /// Sessions per day: the number of rows in a job-plan grid.
    pub fn sessions_per_day(&self) -> usize {
        self.sessions().count()
    }

    /// Working days per week: the number of columns in a job-plan grid.
    pub fn days_per_week(&self) -> usize {
        self.days.len()
    }

    /// Sessions in a full-time week.
    pub fn sessions_per_week(&self) -> usize {
        self.sessions_per_day() * self.days_per_week()
    }
}

/// A day's name in English.
pub fn weekday_name(d: Weekday) -> &'static str {
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

/// Reads a day's name or its first three letters ("Monday", "mon").
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let t = text.trim().to_lowercase();
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .find(|d| {
        let name = weekday_name(*d).to_lowercase();
        name == t || (t.len() == 3 && name.starts_with(&t))
    })
}

/// What kind of block a name stands for (`session`, `buffer`, `lunch`, `admin`).
pub fn parse_block_kind(text: &str) -> Option<BlockKind> {
    match text.trim().to_lowercase().as_str() {
        "session" => Some(BlockKind::Session),
        "buffer" | "wriggle" | "break" => Some(BlockKind::Buffer),
        "lunch" => Some(BlockKind::Lunch),
        "admin" => Some(BlockKind::Admin),
        _ => None,
    }
}

/// The most blocks a day may have (a session every half hour from 7 to 7
/// is 24; the limit leaves room and keeps a bad file from making a vast grid).
pub const MAX_BLOCKS: usize = 48;

/// A layout a team cannot use.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LayoutError {
    /// A name or label too long, or holding a control character.
    #[error(transparent)]
    Text(#[from] crate::limits::TextError),
    /// More blocks than a day can hold.
    #[error("a day has at most {MAX_BLOCKS} blocks; this layout has {0}")]
    TooManyBlocks(usize),
    /// No identifier.
    #[error("a layout needs an id")]
    NoId,
    /// No working days.
    #[error("a layout needs at least one working day")]
    NoDays,
    /// A day listed twice.
    #[error("{0} is listed twice among the working days")]
    DayTwice(&'static str),
    /// No session blocks.
    #[error("a layout needs at least one block of kind session (the job plan's rows)")]
    NoSessions,
    /// A block without a label.
    #[error("block {0} needs a label")]
    Unnamed(usize),
    /// A block that ends before it starts.
    #[error("block '{label}' must start before it ends ({start} to {end})", start = start.format("%H:%M"), end = end.format("%H:%M"))]
    Backwards {
        /// The block.
        label: String,
        /// Its start.
        start: NaiveTime,
        /// Its end.
        end: NaiveTime,
    },
    /// A block that starts before the previous one ends.
    #[error("block '{label}' starts before '{previous}' ends; list the blocks in time order")]
    Overlap {
        /// The block.
        label: String,
        /// The block before it.
        previous: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nz_layout_has_four_sessions_a_day() {
        let l = SessionLayout::nz_four_session();
        assert_eq!(l.sessions_per_day(), 4);
        assert_eq!(l.sessions_per_week(), 20);
        let first = l.sessions().next().unwrap();
        assert_eq!(first.start, t(9, 0));
    }

    #[test]
    fn uk_layout_has_half_days() {
        let l = SessionLayout::uk_half_day();
        assert_eq!(l.sessions_per_week(), 10);
        assert_eq!(SessionLayout::builtin("UK-half-day"), Some(l));
        assert_eq!(SessionLayout::builtin("weekly"), None);
    }

    #[test]
    fn a_team_defines_three_sessions_on_a_four_day_week() {
        use BlockKind::*;
        let days = vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];
        let blocks = vec![
            block("Morning", (9, 0), (11, 0), Session),
            block("Midday", (11, 30), (13, 30), Session),
            block("Lunch", (13, 30), (14, 0), Lunch),
            block("Afternoon", (14, 0), (16, 0), Session),
        ];
        let l = SessionLayout::custom("three-a-day", "Three a day", days, blocks.clone()).unwrap();
        assert_eq!((l.sessions_per_day(), l.days_per_week()), (3, 4));
        assert_eq!(l.sessions_per_week(), 12);
        assert_eq!(l.days_in_words(), "Monday to Thursday");
        let mut overlapping = blocks.clone();
        overlapping[1].start = t(10, 30);
        assert_eq!(
            SessionLayout::custom("x", "x", vec![Weekday::Mon], overlapping)
                .unwrap_err()
                .to_string(),
            "block 'Midday' starts before 'Morning' ends; list the blocks in time order"
        );
        assert_eq!(
            SessionLayout::custom("x", "x", vec![Weekday::Mon, Weekday::Mon], blocks.clone()),
            Err(LayoutError::DayTwice("Monday"))
        );
        let lunch_only = vec![block("Lunch", (12, 0), (13, 0), Lunch)];
        assert_eq!(
            SessionLayout::custom("x", "x", vec![Weekday::Mon], lunch_only),
            Err(LayoutError::NoSessions)
        );
        assert_eq!(parse_weekday("thu"), Some(Weekday::Thu));
        assert_eq!(parse_block_kind("Wriggle"), Some(Buffer));
    }
}
