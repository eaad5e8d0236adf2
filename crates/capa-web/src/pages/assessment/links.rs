//! The self-assessment's paths, written once: the route table registers the
//! patterns and the pages build their links from [`Links`].

use crate::urls::{fill, path::TEAM};

/// Path patterns, relative to the team.
pub mod path {
    /// The reviews, and starting one.
    pub const REVIEWS: &str = "/assessment";
    /// One review.
    pub const REVIEW: &str = "/assessment/{id}";
    /// Rating one item of a review.
    pub const ITEM: &str = "/assessment/{id}/items/{number}";
    /// The A4 summary.
    pub const PRINT: &str = "/assessment/{id}/print";
    /// The CSV export.
    pub const CSV: &str = "/assessment/{id}/self-assessment.csv";
    /// The XLSX export.
    pub const XLSX: &str = "/assessment/{id}/self-assessment.xlsx";
}

/// The self-assessment links of one team.
#[derive(Debug, Clone, Copy)]
pub struct Links {
    team: i64,
}

impl Links {
    /// The links of team `team`.
    pub fn new(team: i64) -> Self {
        Self { team }
    }

    fn at(&self, pattern: &str, id: Option<i64>, number: Option<u8>) -> String {
        let base = fill(TEAM, &[("team", &self.team)]);
        let id = id.unwrap_or_default();
        let number = number.unwrap_or_default();
        format!(
            "{base}{}",
            fill(pattern, &[("id", &id), ("number", &number)])
        )
    }

    /// The reviews.
    pub fn reviews(&self) -> String {
        self.at(path::REVIEWS, None, None)
    }

    /// One review.
    pub fn review(&self, id: i64) -> String {
        self.at(path::REVIEW, Some(id), None)
    }

    /// Rating an item.
    pub fn item(&self, id: i64, number: u8) -> String {
        self.at(path::ITEM, Some(id), Some(number))
    }

    /// The A4 summary.
    pub fn print(&self, id: i64) -> String {
        self.at(path::PRINT, Some(id), None)
    }

    /// CSV.
    pub fn csv(&self, id: i64) -> String {
        self.at(path::CSV, Some(id), None)
    }

    /// XLSX.
    pub fn xlsx(&self, id: i64) -> String {
        self.at(path::XLSX, Some(id), None)
    }
}
