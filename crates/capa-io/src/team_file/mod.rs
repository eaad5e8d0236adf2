//! The team plan file: a whole team in one TOML file (see `docs/team-file.md`).
//!
//! Reading collects every problem it can find, each with the file, line,
//! column and key, rather than stopping at the first. Keys it does not know are
//! reported as warnings and ignored, so files written by newer versions or by
//! other programs keep working.

mod clinician;
mod place;
mod raw;
mod reader;
mod settings;
mod write;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use capa_core::Team;
use capa_core::demand::{DemandOverrides, DemandSettings};
use thiserror::Error;

use place::Lines;
use raw::RawFile;
use reader::Reader;

pub use write::{demand_table, to_toml};

/// A team read from a file, with the warnings met on the way.
#[derive(Debug, Clone)]
pub struct TeamFile {
    /// The team, checked as a whole.
    pub team: Team,
    /// Settings of the demand analysis (`[team.demand]`), with the multiplier's
    /// inputs taken from the team's own settings unless the table sets them.
    pub demand: DemandSettings,
    /// The `[team.demand]` table's keys as the file states them (what a
    /// store keeps, so that the other keys follow the team's settings).
    pub demand_table: DemandOverrides,
    /// Things that did not stop the reading: unknown keys, values ignored,
    /// job plan cells capa could not place.
    pub warnings: Vec<Problem>,
    /// Every job plan cell whose reading capa inferred, with how it read it
    /// ("'DBT consult' read as Other: consultation"), so nothing is read
    /// silently.
    pub readings: Vec<Problem>,
}

/// One problem in a team file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line (0 when the problem is with the file as a whole).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key concerned, e.g. `clinicians[2].fte` (empty for syntax errors).
    pub key: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// A team file that could not be read, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct TeamFileError {
    /// The file's name as given.
    pub file: String,
    /// The problems, in the order of the file.
    pub problems: Vec<Problem>,
    /// Warnings met before the reading stopped (an unknown key may be a misspelt one).
    pub warnings: Vec<Problem>,
}

impl Problem {
    /// The problem as `file:line:column: key: message`.
    pub fn display_in(&self, file: &str) -> String {
        let mut s = String::from(file);
        if self.line > 0 {
            s.push_str(&format!(":{}:{}", self.line, self.column));
        }
        s.push_str(": ");
        if !self.key.is_empty() {
            s.push_str(&self.key);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        s
    }
}

impl fmt::Display for TeamFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .problems
            .iter()
            .map(|p| p.display_in(&self.file))
            .collect();
        f.write_str(&lines.join("\n"))
    }
}

/// The largest team file capa reads: a team of a hundred clinicians with
/// several job-plan versions each is a few hundred kilobytes. The web
/// application uses it as its upload limit (a server setting) and `load`
/// refuses bigger files before reading them.
pub const MAX_TEAM_FILE_BYTES: usize = 1024 * 1024;

/// A team file too big to read, as the error `load` gives and an upload
/// limit can give too.
pub fn too_big(file: &str, bytes: u64, max: usize) -> TeamFileError {
    TeamFileError {
        file: file.to_string(),
        problems: vec![Problem {
            line: 0,
            column: 0,
            key: String::new(),
            message: format!(
                "the file has {bytes} bytes; a team file has at most {max} ({} KiB)",
                max / 1024
            ),
        }],
        warnings: Vec::new(),
    }
}

/// Reads and checks a team file of at most [`MAX_TEAM_FILE_BYTES`].
pub fn load(path: &Path) -> Result<TeamFile, TeamFileError> {
    let file = path.display().to_string();
    let unreadable = |e: std::io::Error| TeamFileError {
        file: file.clone(),
        problems: vec![Problem {
            line: 0,
            column: 0,
            key: String::new(),
            message: format!("cannot read the file: {e}"),
        }],
        warnings: Vec::new(),
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_TEAM_FILE_BYTES as u64 {
        return Err(too_big(&file, size, MAX_TEAM_FILE_BYTES));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let source = String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        TeamFileError {
            file: file.clone(),
            problems: vec![Problem {
                line,
                column: 1,
                key: String::new(),
                message: "the file is not UTF-8 text; save it as UTF-8 (TOML files must be)".into(),
            }],
            warnings: Vec::new(),
        }
    })?;
    parse(&source, &file)
}

/// Reads and checks a team file's text; `file` names it in messages.
pub fn parse(source: &str, file: &str) -> Result<TeamFile, TeamFileError> {
    let lines = Lines::new(source);
    let fail = |span: Option<Range<usize>>, keyed: bool, message: String| {
        let (line, column) = span.as_ref().map_or((0, 0), |s| lines.locate(s.start));
        // A value of the wrong type comes with its place only: name its key.
        let key = match span {
            Some(s) if keyed => place::key_at(source, s.start),
            _ => String::new(),
        };
        TeamFileError {
            file: file.to_string(),
            problems: vec![Problem {
                line,
                column,
                key,
                message,
            }],
            warnings: Vec::new(),
        }
    };
    let de = toml::de::Deserializer::parse(source)
        .map_err(|e| fail(e.span(), false, e.message().to_string()))?;
    let mut ignored = Vec::new();
    let raw: RawFile =
        serde_ignored::deserialize(de, |path| ignored.push(clean_path(&path.to_string())))
            .map_err(|e| fail(e.span(), true, explain_serde(e.message())))?;
    let mut r = Reader {
        lines: &lines,
        source,
        problems: Vec::new(),
        warnings: Vec::new(),
        readings: Vec::new(),
        leave: Vec::new(),
    };
    r.warnings.extend(unknown_keys(source, ignored));
    let demand_table = raw.team.get_ref().demand.clone();
    let team = r.team(raw);
    let demand = r.demand(demand_table.as_ref());
    let resolved = match (&team, &demand) {
        (Some(t), Some(d)) => {
            let settings = d.resolve(&t.settings);
            // Thresholds that cannot be used together are the file's
            // problem, told where, not a failure of a later analysis.
            if let (Err(e), Some(table)) = (settings.check(), &demand_table) {
                r.problem(&table.span(), "team.demand", e.to_string());
            }
            settings
        }
        _ => DemandSettings::default(),
    };
    let mut problems = r.problems;
    problems.sort_by_key(|p| (p.line, p.column));
    match team {
        Some(team) if problems.is_empty() => Ok(TeamFile {
            demand: resolved,
            demand_table: demand.unwrap_or_default(),
            team,
            warnings: r.warnings,
            readings: r.readings,
        }),
        _ => Err(TeamFileError {
            file: file.to_string(),
            problems,
            warnings: r.warnings,
        }),
    }
}

/// serde_ignored's paths carry toml's private span markers; drop them.
fn clean_path(path: &str) -> String {
    path.split('.')
        .filter(|seg| !seg.starts_with("$__serde_spanned"))
        .map(|seg| {
            if seg.chars().all(|c| c.is_ascii_digit()) {
                format!("[{}]", seg.parse::<usize>().map_or(0, |n| n + 1))
            } else {
                format!(".{seg}")
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// Unknown keys listed one by one before the rest are counted in one warning.
pub const MAX_UNKNOWN_KEY_WARNINGS: usize = 20;

/// The warnings for unknown keys: the first [`MAX_UNKNOWN_KEY_WARNINGS`] with
/// their lines, then one that counts the rest. One pass over the file finds
/// every key's line, so a file of many unknown keys costs no more than one
/// of many known ones.
fn unknown_keys(source: &str, paths: Vec<String>) -> Vec<Problem> {
    if paths.is_empty() {
        return Vec::new();
    }
    let lines = KeyLines::new(source);
    let mut warnings = Vec::new();
    let total = paths.len();
    for key in paths.into_iter().take(MAX_UNKNOWN_KEY_WARNINGS) {
        let (line, column) = lines.find(&key);
        warnings.push(Problem {
            line,
            column,
            message: "unknown key, ignored (see docs/team-file.md for the keys capa reads)".into(),
            key,
        });
    }
    if total > MAX_UNKNOWN_KEY_WARNINGS {
        let more = total - MAX_UNKNOWN_KEY_WARNINGS;
        warnings.push(Problem {
            line: 0,
            column: 0,
            key: String::new(),
            message: format!(
                "{more} more unknown key{}, ignored ({total} in all; the first {MAX_UNKNOWN_KEY_WARNINGS} are listed)",
                if more == 1 { "" } else { "s" }
            ),
        });
    }
    warnings
}

/// Where each key is first written as `key = ...` at the start of a line.
/// Ambiguous keys (several tables with the same key) get their first place.
struct KeyLines<'a> {
    first: HashMap<&'a str, (usize, usize)>,
}

impl<'a> KeyLines<'a> {
    fn new(source: &'a str) -> Self {
        let mut first = HashMap::new();
        for (i, line) in source.lines().enumerate() {
            let t = line.trim_start();
            let Some((key, _)) = t.split_once('=') else {
                continue;
            };
            let key = key.trim_end();
            let key = key
                .strip_prefix('"')
                .and_then(|k| k.strip_suffix('"'))
                .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                .unwrap_or(key);
            first
                .entry(key)
                .or_insert((i + 1, line.len() - t.len() + 1));
        }
        Self { first }
    }

    /// The line and column of the last segment of a key path
    /// (`clinicians[2].extra` is found as `extra = ...`); `(0, 0)` when not found.
    fn find(&self, path: &str) -> (usize, usize) {
        let key = path.rsplit('.').next().unwrap_or(path);
        let key = key.split('[').next().unwrap_or(key);
        self.first.get(key).copied().unwrap_or((0, 0))
    }
}

/// Makes serde's type messages speak the file's language: "expected a
/// number", not "expected f64".
fn explain_serde(message: &str) -> String {
    let mut m = message
        .replace("invalid type: ", "wrong type: found ")
        .replace("invalid value: ", "wrong value: found ")
        .replace("missing field", "missing key")
        .replace("unknown variant", "unknown value")
        .replace("unknown field", "unknown key");
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number 0 or more"),
        ("expected u32", "expected a whole number 0 or more"),
        ("expected u16", "expected a whole number 0 or more"),
        ("expected u8", "expected a whole number 0 or more"),
        ("expected usize", "expected a whole number 0 or more"),
        ("expected a sequence", "expected a list [ ... ]"),
        ("expected a map", "expected a table"),
        ("expected a boolean", "expected true or false"),
        ("floating point", "number"),
        ("a borrowed string", "a string"),
    ] {
        m = m.replace(rust, words);
    }
    // A job-plan cell that is neither text nor a table (untagged enums
    // say only that no variant matched).
    if m.contains("untagged enum RawCell") {
        return "expected a session: text such as \"Choice\" or \"MDT\", or { label = \"...\", category = \"...\" }".into();
    }
    if let Some(i) = m.find("expected struct ") {
        m.truncate(i);
        m.push_str("expected a table");
    }
    m
}

/// Reads a date written as ISO (`2026-09-30`) or as New Zealand and UK write it (`30/09/2026`).
pub use capa_core::dates::parse_date;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn paths_lose_span_markers() {
        assert_eq!(
            clean_path("clinicians.0.$__serde_spanned_private_value.extra"),
            "clinicians[1].extra"
        );
        assert_eq!(
            clean_path("team.$__serde_spanned_private_value.bogus"),
            "team.bogus"
        );
    }

    #[test]
    fn serde_messages_speak_the_files_language() {
        assert_eq!(
            explain_serde("invalid type: string \"six\", expected f64"),
            "wrong type: found string \"six\", expected a number"
        );
        assert_eq!(
            explain_serde("invalid value: integer `-3`, expected u32"),
            "wrong value: found integer `-3`, expected a whole number 0 or more"
        );
        assert_eq!(
            explain_serde("invalid type: integer `3`, expected struct RawTeam"),
            "wrong type: found integer `3`, expected a table"
        );
        assert_eq!(
            explain_serde("data did not match any variant of untagged enum RawCell"),
            "expected a session: text such as \"Choice\" or \"MDT\", or { label = \"...\", category = \"...\" }"
        );
    }

    #[test]
    fn dates_in_both_spellings() {
        assert_eq!(
            parse_date("30/09/2026"),
            NaiveDate::from_ymd_opt(2026, 9, 30)
        );
        assert_eq!(
            parse_date("2026-09-30"),
            NaiveDate::from_ymd_opt(2026, 9, 30)
        );
        assert_eq!(parse_date("31/02/2026"), None);
    }
}
