//! `capa plan`: check a team plan file and compute its capacity.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use capa_core::explain::{n2, percent};
use capa_core::{CapacityReport, PlanningYear, Quarter, Team, YearReport, capacity, year};
use capa_io::team_file::{self, TeamFile};
use clap::{Subcommand, ValueEnum};

use crate::table::Table;

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
                    let report = year::year(team, py);
                    match format {
                        Format::Table => year_table(team, &report, explain),
                        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
                        Format::Csv => year_csv(team, &report)?,
                    }
                }
                None => {
                    let report = capacity::quarter(team, q);
                    match format {
                        Format::Table => quarter_table(&report, explain),
                        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
                        Format::Csv => quarter_csv(team, &report)?,
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
fn read(file: &Path) -> Option<TeamFile> {
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
            let n = e.problems.len();
            eprintln!(
                "{}: {n} error{} found; nothing computed",
                e.file,
                if n == 1 { "" } else { "s" }
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
    println!(
        "{}: ok: team '{}', {} clinicians, {} job plan version{}, {} Specific stream{}, {} layout{}",
        file.display(),
        t.settings.name,
        t.clinicians.len(),
        plans,
        if plans == 1 { "" } else { "s" },
        t.settings.streams.len(),
        if t.settings.streams.len() == 1 {
            ""
        } else {
            "s"
        },
        t.settings.layout.id,
        if tf.warnings.is_empty() {
            String::new()
        } else {
            format!(
                " ({} warning{})",
                tf.warnings.len(),
                if tf.warnings.len() == 1 { "" } else { "s" }
            )
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn join_map<V: std::fmt::Display>(m: &BTreeMap<String, V>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quarter_table(r: &CapacityReport, explain: bool) -> String {
    let t = &r.team;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({} to {})\n",
        t.name,
        r.quarter,
        r.starts.format("%d/%m/%Y"),
        r.ends.format("%d/%m/%Y")
    );
    let mut table = Table::new(
        &[
            "Clinician",
            "FTE",
            "Plan",
            "Choice",
            "Core",
            "Specific",
            "Other",
            "New Core",
            "Specific targets",
            "Choice alloc",
            "Plan holds",
        ],
        &[
            false, true, false, true, true, false, true, true, false, true, false,
        ],
    );
    for c in &r.clinicians {
        table.row(vec![
            format!("{} {}", c.initials, c.name),
            n2(c.fte),
            c.job_plan_version
                .map_or("none".into(), |v| format!("v{v}")),
            c.choice_sessions.to_string(),
            c.core_sessions.to_string(),
            join_map(&c.specific_sessions),
            c.other_sessions.to_string(),
            c.new_core_target.to_string(),
            join_map(&c.specific_targets),
            if c.does_choice {
                c.choice_allocation.to_string()
            } else {
                "opted out".into()
            },
            if !c.does_choice && c.choice_allocation == 0 {
                String::new()
            } else {
                format!(
                    "{}{}",
                    c.choice_capacity,
                    if c.choice_plan_holds { "" } else { " SHORT" }
                )
            },
        ]);
    }
    table.rule();
    table.row(vec![
        format!("Team ({} clinicians)", t.clinicians),
        n2(t.fte_total),
        String::new(),
        t.choice_sessions.to_string(),
        t.core_sessions.to_string(),
        join_map(&t.sessions.specific),
        t.sessions.other_total().to_string(),
        t.new_core_total.to_string(),
        join_map(&t.specific_totals),
        t.choice_allocated.to_string(),
        t.choice_capacity.to_string(),
    ]);
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "\nSessions are per week; targets are new Partnerships to start in the quarter."
    );
    let _ = writeln!(out, "Core multiplier: {}\n", t.explain.core_multiplier);

    let mut figures = Table::new(&["Team figure", "Value", "How"], &[false, true, false]);
    let fig = |name: &str, value: String, key: &str| {
        vec![
            name.to_string(),
            value,
            t.explain
                .get(key)
                .map(|e| e.working.clone())
                .unwrap_or_default(),
        ]
    };
    figures.row(fig(
        "Choice needed this quarter",
        t.choice_needed.to_string(),
        "choice_needed",
    ));
    figures.row(fig(
        "Core demand (new Core Partnerships needed)",
        n2(t.core_demand),
        "core_demand",
    ));
    figures.row(fig(
        "New Core Partnerships offered",
        t.new_core_total.to_string(),
        "new_core_total",
    ));
    figures.row(fig(
        if t.core_surplus < 0.0 {
            "Shortfall against Core demand"
        } else {
            "Surplus over Core demand"
        },
        n2(t.core_surplus.abs()),
        "core_surplus",
    ));
    figures.row(fig(
        &format!(
            "Balance ratio (CAPA {}-{})",
            n2(t.balance_band.low),
            n2(t.balance_band.high)
        ),
        t.balance_ratio.map_or("-".into(), n2),
        "balance_ratio",
    ));
    figures.row(fig(
        &format!(
            "Choice + Core share (CAPA {}-{})",
            percent(t.choice_core_share_band.low),
            percent(t.choice_core_share_band.high)
        ),
        t.choice_core_share.map_or("-".into(), percent),
        "choice_core_share",
    ));
    out.push_str(&figures.render());

    if r.warnings.is_empty() {
        out.push_str("\nNo warnings.\n");
    } else {
        out.push_str("\nWarnings:\n");
        for w in &r.warnings {
            let _ = writeln!(out, "  - {}", w.message);
        }
    }
    if explain {
        out.push_str("\nHow each figure was computed:\n");
        for (k, e) in t.explain.iter() {
            let _ = writeln!(out, "  team.{k}: {e}");
        }
        for c in &r.clinicians {
            let _ = writeln!(out, "\n  {} {}:", c.initials, c.name);
            for (k, e) in c.explain.iter() {
                let _ = writeln!(out, "    {k}: {e}");
            }
        }
    } else {
        out.push_str("\nAdd --explain to see how every figure was computed (docs/method.md explains the method).\n");
    }
    out
}

fn year_table(team: &Team, r: &YearReport, explain: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: planning year {} (cumulative rounding: the quarters add up to the year)\n",
        team.settings.name, r.year
    );
    let mut header = vec!["Clinician".to_string()];
    for q in &r.quarters {
        header.push(format!(
            "Q{} from {}",
            q.number,
            q.start().format("%d/%m/%Y")
        ));
    }
    header.push("Year".into());
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut right = vec![true; h.len()];
    right[0] = false;
    let mut table = Table::new(&h, &right);
    for c in &r.clinicians {
        let mut row = vec![format!("{} {}", c.initials, c.name)];
        row.extend(c.new_core_targets.iter().map(u32::to_string));
        row.push(c.new_core_total.to_string());
        table.row(row);
    }
    table.rule();
    let mut row = vec!["Team new Core".to_string()];
    row.extend(r.new_core_targets.iter().map(u32::to_string));
    row.push(r.new_core_total.to_string());
    table.row(row);
    let mut row = vec!["Core demand".to_string()];
    row.extend(r.core_demand.iter().map(|d| n2(*d)));
    row.push(n2(r.core_demand.iter().sum()));
    table.row(row);
    let mut row = vec!["Choice needed".to_string()];
    row.extend(r.choice_needed.iter().map(u32::to_string));
    row.push(r.choice_needed.iter().sum::<u32>().to_string());
    table.row(row);
    out.push_str(&table.render());
    let specific: Vec<String> = r
        .clinicians
        .iter()
        .flat_map(|c| {
            c.specific_targets.iter().map(move |(s, v)| {
                format!(
                    "  {} {s}: {}",
                    c.initials,
                    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                )
            })
        })
        .collect();
    if !specific.is_empty() {
        out.push_str("\nSpecific targets by quarter:\n");
        out.push_str(&specific.join("\n"));
        out.push('\n');
    }
    if explain {
        out.push_str("\nHow each clinician's quarters were found:\n");
        for c in &r.clinicians {
            let _ = writeln!(out, "  {}: {}", c.initials, c.explain);
        }
    }
    out
}

/// Text that a spreadsheet would read as a formula is prefixed with an apostrophe.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn quarter_csv(team: &Team, r: &CapacityReport) -> Result<String> {
    let streams = team.settings.stream_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "quarter",
        "initials",
        "name",
        "fte",
        "job_plan_version",
        "choice_sessions",
        "core_sessions",
    ]
    .map(String::from)
    .to_vec();
    header.extend(streams.iter().map(|s| format!("specific_sessions:{s}")));
    header.extend(["other_sessions", "core_multiplier", "new_core_target"].map(String::from));
    header.extend(streams.iter().map(|s| format!("specific_target:{s}")));
    header.extend(
        [
            "does_choice",
            "choice_allocation",
            "choice_capacity",
            "choice_plan_holds",
        ]
        .map(String::from),
    );
    w.write_record(&header)?;
    for c in &r.clinicians {
        let mut row = vec![
            r.quarter.to_string(),
            cell(c.initials.as_str()),
            cell(&c.name),
            n2(c.fte),
            c.job_plan_version.map_or(String::new(), |v| v.to_string()),
            c.choice_sessions.to_string(),
            c.core_sessions.to_string(),
        ];
        row.extend(
            streams
                .iter()
                .map(|s| c.specific_sessions.get(s).copied().unwrap_or(0).to_string()),
        );
        row.extend([
            c.other_sessions.to_string(),
            n2(c.core_multiplier),
            c.new_core_target.to_string(),
        ]);
        row.extend(
            streams
                .iter()
                .map(|s| c.specific_targets.get(s).copied().unwrap_or(0).to_string()),
        );
        row.extend([
            c.does_choice.to_string(),
            c.choice_allocation.to_string(),
            c.choice_capacity.to_string(),
            c.choice_plan_holds.to_string(),
        ]);
        w.write_record(&row)?;
    }
    String::from_utf8(w.into_inner().context("writing CSV")?).context("CSV is UTF-8")
}

fn year_csv(team: &Team, r: &YearReport) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["year".to_string(), "initials".into(), "name".into()];
    header.extend(r.quarters.iter().map(|q| format!("new_core_q{}", q.number)));
    header.push("new_core_year".into());
    for s in team.settings.stream_names() {
        header.extend(
            r.quarters
                .iter()
                .map(|q| format!("specific_q{}:{s}", q.number)),
        );
    }
    w.write_record(&header)?;
    for c in &r.clinicians {
        let mut row = vec![r.year.to_string(), cell(c.initials.as_str()), cell(&c.name)];
        row.extend(c.new_core_targets.iter().map(u32::to_string));
        row.push(c.new_core_total.to_string());
        for s in team.settings.stream_names() {
            match c.specific_targets.get(&s) {
                Some(v) => row.extend(v.iter().map(u32::to_string)),
                None => row.extend(r.quarters.iter().map(|_| "0".to_string())),
            }
        }
        w.write_record(&row)?;
    }
    String::from_utf8(w.into_inner().context("writing CSV")?).context("CSV is UTF-8")
}
