//! `capa plan`: check a team plan file, compute its capacity, list its
//! holidays. `quarter.rs` and `year.rs` render the reports, `holidays.rs`
//! the team's calendar.

mod holidays;
mod quarter;
mod year;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use capa_core::explain::plural;
use capa_core::{PlanningYear, Quarter, capacity};
use capa_io::team_file::{self, TeamFile};
use clap::{Subcommand, ValueEnum};

/// `capa plan` subcommands.
#[derive(Subcommand)]
pub enum PlanCommand {
    /// Check a team plan file; exit 0 when it is valid, 2 with every error listed.
    Check {
        /// The team plan file (TOML).
        file: PathBuf,
    },
    /// Each clinician's quarterly targets, the Choice allocation and the team's balance.
    Capacity {
        /// The team plan file (TOML).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The quarter, e.g. 2026/27Q3 or 2026Q3 (the year its planning year starts);
        /// default: the quarter containing today.
        #[arg(long)]
        quarter: Option<String>,
        /// Show the planning year with cumulative rounding; optionally name the
        /// year by the calendar year it starts in (e.g. 2026 for 2026/27).
        #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "YEAR")]
        year: Option<String>,
        /// Print how every figure was computed under the table.
        #[arg(long)]
        explain: bool,
    },
    /// The team's public holidays in a calendar year, from its
    /// holiday_calendar (New Zealand with a province's anniversary day, or a
    /// UK nation's bank holidays).
    Holidays {
        /// The team plan file (TOML).
        file: PathBuf,
        /// The calendar year; default: this year.
        #[arg(long)]
        year: Option<i32>,
    },
}

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table to read.
    Table,
    /// JSON for other programs.
    Json,
    /// CSV, one row per clinician.
    Csv,
}

/// Runs a plan subcommand.
pub fn run(cmd: PlanCommand) -> Result<ExitCode> {
    match cmd {
        PlanCommand::Check { file } => check(&file),
        PlanCommand::Holidays { file, year } => {
            let Some(tf) = read(&file) else {
                return Ok(ExitCode::from(2));
            };
            let y =
                year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Local::now().date_naive()));
            print!("{}", holidays::list(&tf.team, y));
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::Capacity {
            file,
            format,
            quarter,
            year,
            explain,
        } => {
            let Some(tf) = read(&file) else {
                return Ok(ExitCode::from(2));
            };
            let team = &tf.team;
            let start_month = team.settings.year_start_month;
            let today = chrono::Local::now().date_naive();
            let q = match &quarter {
                Some(text) => Quarter::parse(text, start_month)?,
                None => Quarter::containing(today, start_month),
            };
            let out = match year {
                Some(y) => {
                    let py = if y.trim().is_empty() {
                        q.year
                    } else {
                        parse_year(&y, start_month)?
                    };
                    let report = capa_core::year::year(team, py);
                    match format {
                        Format::Table => year::year_table(team, &report, explain),
                        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
                        Format::Csv => year::year_csv(team, &report)?,
                    }
                }
                None => {
                    let report = capacity::quarter(team, q);
                    match format {
                        Format::Table => quarter::quarter_table(&report, explain),
                        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
                        Format::Csv => quarter::quarter_csv(team, &report)?,
                    }
                }
            };
            print!("{out}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_year(text: &str, start_month: u32) -> Result<PlanningYear> {
    let first = text.trim().split('/').next().unwrap_or("");
    match first.parse::<i32>() {
        Ok(y) if (1900..=9999).contains(&y) => Ok(PlanningYear::new(y, start_month)),
        _ => bail!(
            "'{text}' is not a planning year; write the calendar year it starts in, e.g. 2026 or 2026/27"
        ),
    }
}

/// Reads a team file, printing its warnings, or its errors when it cannot be used.
pub(crate) fn read(file: &Path) -> Option<TeamFile> {
    match team_file::load(file) {
        Ok(tf) => {
            for w in &tf.warnings {
                eprintln!("warning: {}", w.display_in(&file.display().to_string()));
            }
            Some(tf)
        }
        Err(e) => {
            for w in &e.warnings {
                eprintln!("warning: {}", w.display_in(&e.file));
            }
            for p in &e.problems {
                eprintln!("error: {}", p.display_in(&e.file));
            }
            eprintln!(
                "{}: {} found; nothing computed",
                e.file,
                plural(e.problems.len() as u32, "error", "errors")
            );
            None
        }
    }
}

fn check(file: &Path) -> Result<ExitCode> {
    let Some(tf) = read(file) else {
        return Ok(ExitCode::from(2));
    };
    let t = &tf.team;
    let plans: usize = t.clinicians.iter().map(|c| c.job_plans.len()).sum();
    let count = |n: usize, one: &str, many: &str| plural(n as u32, one, many);
    println!(
        "{}: ok: team '{}', {}, {}, {}, {} layout{}",
        file.display(),
        t.settings.name,
        count(t.clinicians.len(), "clinician", "clinicians"),
        count(plans, "job plan version", "job plan versions"),
        count(
            t.settings.streams.len(),
            "Specific stream",
            "Specific streams"
        ),
        t.settings.layout.id,
        if tf.warnings.is_empty() {
            String::new()
        } else {
            format!(" ({})", count(tf.warnings.len(), "warning", "warnings"))
        }
    );
    if !tf.readings.is_empty() {
        println!(
            "{} read by inference (check that each is what was meant):",
            count(tf.readings.len(), "cell", "cells")
        );
        let name = file.display().to_string();
        for r in &tf.readings {
            println!("  {}", r.display_in(&name));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn join_map<V: std::fmt::Display>(m: &BTreeMap<String, V>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text that a spreadsheet would read as a formula is prefixed with an apostrophe.
pub(super) fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
