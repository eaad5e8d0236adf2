//! `capa demand analyse`: the seed's pivot of the yearly discharge report.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use capa_core::demand::{DemandReport, DemandSettings, dmy};
use capa_core::explain::{n2, percent};
use capa_io::discharge::{
    AnalysisJson, DischargeAnalysis, DischargeError, DischargeOptions, ErrorsJson, Progress,
    RowError, analyse_file,
};
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use crate::table::Table;

/// Demand subcommands.
#[derive(Subcommand)]
pub enum DemandCommand {
    /// Analyse a discharge report (CSV or XLSX): episodes by f/f, the pivot by
    /// diagnosis, referrals per week, Choice needed and a suggested Core
    /// multiplier. Exit 0 when every row is good, 2 on bad input.
    Analyse {
        /// The report: one row per discharged episode, with a header row.
        file: PathBuf,
        /// A team plan file whose `[team.demand]` settings to use.
        #[arg(long, value_name = "TEAM.TOML")]
        team: Option<PathBuf>,
        /// How to print the result.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Report bad rows and analyse the rest, instead of stopping.
        #[arg(long)]
        allow_bad_rows: bool,
        /// The date discharge dates are checked against (yyyy-mm-dd); today by default.
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
        /// Threads parsing CSV besides the reading one (default: one per core).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
    },
}

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The pivot a team lead reads.
    Table,
    /// Every figure, for other programs.
    Json,
    /// The pivot by diagnosis, for a spreadsheet.
    Csv,
}

/// Bad-row messages printed to the terminal before pointing to JSON.
const ERRORS_SHOWN: usize = 50;

/// Runs a demand subcommand.
pub fn run(cmd: DemandCommand) -> anyhow::Result<ExitCode> {
    let DemandCommand::Analyse {
        file,
        team,
        format,
        allow_bad_rows,
        today,
        threads,
    } = cmd;
    let name = file.display().to_string();
    let settings = match &team {
        None => DemandSettings::default(),
        Some(path) => match capa_io::team_file::load(path) {
            Ok(team_file) => team_file.demand,
            Err(e) => {
                // A team file that cannot be used is bad input, like a bad report.
                eprintln!("capa: the team file cannot be used:\n{e}");
                return Ok(ExitCode::from(2));
            }
        },
    };
    let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut options = DischargeOptions::new(today, settings);
    if let Some(n) = threads {
        options.threads = n;
    }
    options.progress = progress(&file, &name);
    let result = analyse_file(&file, options);
    clear_progress();
    let analysis = match result {
        Ok(a) => a,
        Err(e) => return Ok(fatal(&name, &e, format)),
    };
    let mut stderr = std::io::stderr().lock();
    for e in analysis.errors.iter().take(ERRORS_SHOWN) {
        writeln!(stderr, "capa: {name}: {e}")?;
    }
    let bad = analysis.errors.len() as u64 + analysis.errors_omitted;
    if bad > ERRORS_SHOWN as u64 {
        writeln!(
            stderr,
            "capa: {name}: {} more bad rows (--format json lists up to {})",
            bad - ERRORS_SHOWN as u64,
            analysis.errors.len()
        )?;
    }
    if bad > 0 && !allow_bad_rows {
        writeln!(
            stderr,
            "capa: {name}: {bad} bad rows; nothing analysed (fix them, or pass --allow-bad-rows to analyse the rest)"
        )?;
        if format == Format::Json {
            print_json(&ErrorsJson::new(
                &name,
                &analysis.errors,
                analysis.errors_omitted,
            ))?;
        }
        return Ok(ExitCode::from(2));
    }
    if bad > 0 {
        writeln!(
            stderr,
            "capa: {name}: {bad} bad rows left out; the figures are from the other {} rows",
            analysis.rows - bad.min(analysis.rows)
        )?;
    }
    drop(stderr);
    match format {
        Format::Table => emit(&render_table(&name, &analysis))?,
        Format::Json => print_json(&AnalysisJson::new(&name, &analysis))?,
        Format::Csv => emit(&render_csv(&analysis.report)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A file-level error: printed, exit 2.
fn fatal(name: &str, e: &DischargeError, format: Format) -> ExitCode {
    eprintln!("capa: {name}: {e}");
    if format == Format::Json {
        let mut errors = e.row_errors();
        if errors.is_empty() {
            errors.push(RowError {
                row: 0,
                column: None,
                message: e.to_string(),
            });
        }
        // Standard output may be closed; the message above is what matters.
        let _ = print_json(&ErrorsJson::new(name, &errors, 0));
    }
    ExitCode::from(2)
}

fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    emit(&text)
}

/// Writes to standard output; a reader that stopped early (`| head`) is not
/// an error.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Files smaller than this are read too fast to need a progress line.
const PROGRESS_FROM: u64 = 16 << 20;

/// A progress line on standard error, for a large file read at a terminal.
fn progress(path: &Path, name: &str) -> Option<Progress> {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return None;
    }
    let name = name.to_string();
    let mut last = Instant::now();
    Some(Box::new(move |done: u64, total: u64| {
        if last.elapsed() < Duration::from_millis(200) || total == 0 {
            return;
        }
        last = Instant::now();
        let share = done as f64 / total as f64;
        eprint!("\rcapa: reading {name}: {:>3.0}%", share * 100.0);
    }))
}

fn clear_progress() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
}

/// A whole number with thousands separators.
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), n2)
}

fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        percent(part as f64 / whole as f64)
    }
}

/// The pivot a team lead expects: episodes, f/f, diagnoses, the histogram
/// and the derived figures with their working.
fn render_table(name: &str, analysis: &DischargeAnalysis) -> String {
    let r = &analysis.report;
    let s = &r.settings;
    let (p_min, core_max) = (s.choice_max_ff + 1, s.core_range_max_ff);
    let mut out = format!("Demand from {name}\n");
    if let (Some(first), Some(last)) = (r.first_discharge, r.last_discharge) {
        out += &format!(
            "{} episodes discharged {} to {} ({} days)\n",
            count(r.episodes),
            dmy(first),
            dmy(last),
            r.span_days
        );
    }
    out.push('\n');

    let mut t = Table::new(&["Episodes", "count", "share"], &[false, true, true]);
    let mut line = |label: String, n: u64| t.row(vec![label, count(n), share(n, r.episodes)]);
    line("All episodes".into(), r.episodes);
    line(
        format!("Choice or one-off (f/f <= {})", s.choice_max_ff),
        r.choice_or_one_off,
    );
    line(
        format!("Partnership (f/f >= {p_min})"),
        r.partnership_episodes,
    );
    line(
        format!("  Core range (f/f {p_min}-{core_max})"),
        r.core_range_episodes,
    );
    line(
        format!("  Extended (f/f > {core_max})"),
        r.extended_episodes,
    );
    out += &t.render();
    out.push('\n');

    let mut t = Table::new(
        &["f/f per episode", "mean", "median", "90th percentile"],
        &[false, true, true, true],
    );
    t.row(vec![
        format!("Partnership (f/f >= {p_min})"),
        opt(r.partnership_mean_ff),
        opt(r.partnership_median_ff),
        opt(r.partnership_p90_ff),
    ]);
    t.row(vec![
        format!("Core range (f/f {p_min}-{core_max})"),
        opt(r.core_range_mean_ff),
        opt(r.core_range_median_ff),
        opt(r.core_range_p90_ff),
    ]);
    out += &t.render();
    out.push('\n');

    let mut t = Table::new(
        &[
            "Diagnosis",
            "episodes",
            "Partnership",
            "mean f/f",
            "median f/f",
            "extended",
            "stream",
        ],
        &[false, true, true, true, true, true, false],
    );
    for d in &r.by_diagnosis {
        t.row(vec![
            d.diagnosis.clone(),
            count(d.episodes),
            count(d.partnership_episodes),
            opt(d.mean_ff),
            opt(d.median_ff),
            d.extended_share.map_or_else(|| "-".into(), percent),
            if d.suggested_specific {
                "Specific?".into()
            } else {
                String::new()
            },
        ]);
    }
    out += &t.render();
    out += &format!(
        "\nMean and median f/f are over each diagnosis' Partnership episodes; extended is the share of them above {core_max} f/f.\n\"Specific?\": the Partnership median is above the Core range, a candidate Specific stream; the team decides.\n\n"
    );

    let mut t = Table::new(
        &["f/f", "episodes", "share", ""],
        &[true, true, true, false],
    );
    let most = r
        .ff_histogram
        .counts
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    for (label, n) in r.ff_histogram.bars() {
        let bar = "#".repeat(((n * 40).div_ceil(most)) as usize);
        t.row(vec![label, count(n), share(n, r.episodes), bar]);
    }
    out += &t.render();
    out.push('\n');

    let e = &r.explain;
    let mut t = Table::new(&["Demand", "", "how"], &[false, true, false]);
    t.row(vec![
        "Referrals per week".into(),
        opt(r.referrals_per_week),
        e.referrals_per_week.working.clone(),
    ]);
    t.row(vec![
        "Choice needed per quarter".into(),
        r.choice_needed_per_quarter
            .map_or_else(|| "-".into(), count),
        e.choice_needed_per_quarter.working.clone(),
    ]);
    t.row(vec![
        "Suggested Core multiplier".into(),
        opt(r.suggested_core_multiplier),
        e.suggested_core_multiplier.working.clone(),
    ]);
    t.row(vec![
        "Duplicates".into(),
        count(r.duplicates),
        duplicate_note(&analysis.duplicate_rows, r.duplicates),
    ]);
    t.row(vec![
        "Test NHIs (Z...)".into(),
        count(r.test_nhis),
        "included in the figures".into(),
    ]);
    out += &t.render();
    out.push('\n');
    out += "How the derived figures are computed:\n";
    for (label, x) in [
        ("Referrals per week", &e.referrals_per_week),
        ("Choice needed per quarter", &e.choice_needed_per_quarter),
        ("Suggested Core multiplier", &e.suggested_core_multiplier),
    ] {
        out += &format!("  {label}: {x}\n");
    }
    out.push('\n');
    for n in &analysis.notes {
        out += &format!("Note: {n}\n");
    }
    out
}

fn duplicate_note(rows: &[u64], n: u64) -> String {
    if n == 0 {
        return "same NHI, discharge date and diagnosis: none".into();
    }
    let shown: Vec<String> = rows.iter().take(10).map(u64::to_string).collect();
    let more = if n > shown.len() as u64 { ", ..." } else { "" };
    format!("counted once; rows {}{more}", shown.join(", "))
}

/// The pivot by diagnosis as CSV, with a first row for all diagnoses. A byte
/// order mark makes Excel read it as UTF-8 (macrons survive), and a cell that
/// starts like a formula is quoted with a leading apostrophe.
fn render_csv(r: &DemandReport) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "diagnosis",
        "episodes",
        "partnership_episodes",
        "mean_ff",
        "median_ff",
        "extended_episodes",
        "extended_share",
        "suggested_specific",
    ])?;
    let num = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    w.write_record([
        "All diagnoses".to_string(),
        r.episodes.to_string(),
        r.partnership_episodes.to_string(),
        num(r.partnership_mean_ff),
        num(r.partnership_median_ff),
        r.extended_episodes.to_string(),
        num(r.extended_share),
        String::new(),
    ])?;
    for d in &r.by_diagnosis {
        w.write_record([
            defuse(&d.diagnosis),
            d.episodes.to_string(),
            d.partnership_episodes.to_string(),
            num(d.mean_ff),
            num(d.median_ff),
            d.extended_episodes.to_string(),
            num(d.extended_share),
            d.suggested_specific.to_string(),
        ])?;
    }
    let bytes = w.into_inner().context("writing CSV")?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

/// Neutralises a cell a spreadsheet would run as a formula.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("ADHD"), "ADHD");
    }
}
