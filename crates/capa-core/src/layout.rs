//! Session layouts: how a team divides its working day into job-plan sessions.

use chrono::{NaiveTime, Weekday};
use serde::Serialize;

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
}
