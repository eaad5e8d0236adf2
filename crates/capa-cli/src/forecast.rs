//! `capa forecast`: simulate a team plan file forward (waits with their bands,
//! headroom), and the engine's own M/M/c check.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use capa_core::Initials;
use capa_core::diary::holidays::HolidayCalendar;
use capa_core::explain::{n2, percent};
use capa_forecast::model::{
    self, EpisodeLengths, Forecast, ForecastInput, ForecastSettings, Headroom, HeadroomOptions,
    Leave, Snapshot, Start, WhatIf,
};
use capa_forecast::queue::{self, QueueReport, QueueSpec};
use capa_forecast::replicate::Replications;
use capa_forecast::stats::Band;
use capa_io::discharge::{DischargeOptions, analyse_file};
use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};

use crate::table::Table;

/// `capa forecast` subcommands.
#[derive(Subcommand)]
pub enum ForecastCommand {
    /// Forecast the team's waits week by week: waits to Choice and to the
    /// first Partnership appointment, shares seen within 3 and 8 weeks,
    /// waiting lists and caseloads, each with its median and 5-95% band.
    Run {
        /// The team plan file (TOML), as `capa plan` reads it.
        file: PathBuf,
        /// Replications.
        #[arg(long, default_value_t = 1000)]
        reps: usize,
        #[command(flatten)]
        run: RunArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The largest referral rate a week the plan holds: 80% seen within 3
    /// weeks in at least 90% of replications.
    Headroom {
        /// The team plan file (TOML).
        file: PathBuf,
        /// Replications at each rate tried.
        #[arg(long, default_value_t = 200)]
        reps: usize,
        #[command(flatten)]
        run: RunArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The model's deterministic inputs as JSON (for an empty start): every
    /// offer and Choice slot the forecast books into and when each is
    /// published, seats, episode lengths, shares.
    Inputs {
        /// The team plan file (TOML).
        file: PathBuf,
        #[command(flatten)]
        run: RunArgs,
    },
    /// A plain M/M/c queue on the same engine, beside the Erlang C formula.
    Queue {
        /// Arrivals per unit of time (lambda).
        #[arg(long)]
        arrival_rate: f64,
        /// Services per unit of time of one server (mu).
        #[arg(long)]
        service_rate: f64,
        /// Servers (c).
        #[arg(long)]
        servers: u32,
        /// Customers measured in each replication.
        #[arg(long)]
        customers: usize,
        /// Customers simulated first and not measured; default a tenth of --customers.
        #[arg(long)]
        warm_up: Option<usize>,
        /// Replications.
        #[arg(long, default_value_t = 20)]
        reps: usize,
        /// Master seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table to read.
    Table,
    /// JSON for other programs.
    Json,
}

/// Public holiday lists.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Holidays {
    /// The team's own calendar (its `holiday_calendar`).
    Team,
    /// New Zealand's national public holidays.
    Nz,
    /// None.
    None,
}

/// What the CAPA model runs on, besides the team file.
#[derive(Args)]
pub struct RunArgs {
    /// Weeks to forecast (default: 26 from a snapshot, 52 after the warm-up).
    #[arg(long)]
    weeks: Option<u32>,
    /// Master seed: the same seed gives the same forecast on any number of threads.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// The forecast's first day (yyyy-mm-dd); default today.
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
    /// Start from this snapshot of the diary (JSON) instead of an empty diary after a warm-up.
    #[arg(long, value_name = "FILE.json")]
    snapshot: Option<PathBuf>,
    /// What-if changes to make first (JSON: {"changes": [...]}, see docs/forecast.md).
    #[arg(long = "what-if", value_name = "FILE.json")]
    what_if: Option<PathBuf>,
    /// The forecast's settings (JSON, see docs/forecast.md); the flags below override it.
    #[arg(long, value_name = "FILE.json")]
    settings: Option<PathBuf>,
    /// Accepted referrals a week instead of the team's.
    #[arg(long)]
    referrals: Option<f64>,
    /// Share of Choice appointments missed (default 0.05).
    #[arg(long)]
    choice_dna: Option<f64>,
    /// Share of Partnership appointments missed (default 0.08).
    #[arg(long)]
    partnership_dna: Option<f64>,
    /// Share of Choice appointments going on to a Specific stream, e.g. DBT=0.05 (repeatable).
    #[arg(long = "conversion", value_name = "STREAM=SHARE")]
    conversions: Vec<String>,
    /// Public holidays: the team's calendar (default), nz, or none.
    #[arg(long, value_enum, default_value_t = Holidays::Team)]
    holidays: Holidays,
    /// Leave besides the team file's, e.g. AD=2026-12-21..2027-01-08 (repeatable).
    #[arg(long = "leave", value_name = "INITIALS=FROM..TO")]
    leave: Vec<String>,
    /// A discharge report (CSV or XLSX) whose f/f histogram gives the Core episode lengths.
    #[arg(long, value_name = "FILE")]
    discharges: Option<PathBuf>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the {what} {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not a valid {what}", path.display()))
}

fn parse_leave(text: &str) -> Result<Leave> {
    let bad = || {
        anyhow::anyhow!(
            "--leave '{text}': write INITIALS=FROM..TO with dates as yyyy-mm-dd, e.g. AD=2026-12-21..2027-01-08"
        )
    };
    let (who, dates) = text.split_once('=').ok_or_else(bad)?;
    let (from, to) = dates.split_once("..").ok_or_else(bad)?;
    let clinician = Initials::parse(who).map_err(|e| anyhow::anyhow!("--leave '{text}': {e}"))?;
    let from: NaiveDate = from.trim().parse().map_err(|_| bad())?;
    let to: NaiveDate = to.trim().parse().map_err(|_| bad())?;
    if to < from {
        bail!("--leave '{text}': the last day is before the first");
    }
    Ok(Leave {
        clinician,
        from,
        to,
    })
}

/// Builds the model's input from the team file and the flags; `None` when
/// the team file cannot be read (its errors are printed).
fn input(file: &Path, a: &RunArgs) -> Result<Option<ForecastInput>> {
    let Some(tf) = crate::plan::read(file) else {
        return Ok(None);
    };
    let team = tf.team;
    let mut settings: ForecastSettings = match &a.settings {
        Some(p) => read_json(p, "forecast settings file")?,
        None => ForecastSettings {
            appointments_per_session: tf.demand.appointments_per_session,
            ..ForecastSettings::default()
        },
    };
    settings.weeks = a.weeks.or(settings.weeks);
    if let Some(v) = a.choice_dna {
        settings.choice_dna = v;
    }
    if let Some(v) = a.partnership_dna {
        settings.partnership_dna = v;
    }
    for c in &a.conversions {
        let (stream, share) = c
            .split_once('=')
            .with_context(|| format!("--conversion '{c}': write STREAM=SHARE, e.g. DBT=0.05"))?;
        let share: f64 = share
            .trim()
            .parse()
            .with_context(|| format!("--conversion '{c}': the share must be a number"))?;
        settings
            .specific_conversion
            .insert(stream.trim().to_string(), share);
    }
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let start = match &a.snapshot {
        Some(p) => Start::Snapshot(read_json::<Snapshot>(p, "snapshot")?),
        None => Start::Empty { today },
    };
    if let Some(path) = &a.discharges {
        let analysis = analyse_file(path, DischargeOptions::new(today, tf.demand.clone()))
            .with_context(|| format!("{}", path.display()))?;
        if !analysis.errors.is_empty() || analysis.errors_omitted > 0 {
            bail!(
                "{}: {} bad rows; `capa demand analyse {}` lists them",
                path.display(),
                analysis.errors.len() as u64 + analysis.errors_omitted,
                path.display()
            );
        }
        settings.episode_lengths = EpisodeLengths::from_report(&analysis.report);
    }
    let calendar = match a.holidays {
        Holidays::Team => team.settings.holiday_calendar,
        Holidays::Nz => HolidayCalendar::NZ,
        Holidays::None => HolidayCalendar::None,
    };
    let first = start.today().year() - 3;
    let holidays = (first..first + 16)
        .flat_map(|y| calendar.holidays(y))
        .map(|(d, _)| d)
        .collect();
    let leave = a
        .leave
        .iter()
        .map(|l| parse_leave(l))
        .collect::<Result<_>>()?;
    let mut input = ForecastInput {
        team,
        settings,
        holidays,
        leave,
        start,
    };
    if let Some(r) = a.referrals {
        input.team.settings.accepted_referrals_per_week = r;
    }
    if let Some(p) = &a.what_if {
        let what_if: WhatIf = read_json(p, "what-if file")?;
        input = what_if.apply(&input)?;
    }
    Ok(Some(input))
}

/// Runs a forecast subcommand.
pub fn run(cmd: ForecastCommand) -> Result<ExitCode> {
    match cmd {
        ForecastCommand::Run {
            file,
            reps,
            run,
            format,
        } => {
            let Some(input) = input(&file, &run)? else {
                return Ok(ExitCode::from(2));
            };
            let runs = Replications::new(reps, run.seed).on_threads(run.threads);
            let f = model::forecast(&input, runs)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&f)?),
                Format::Table => print!("{}", forecast_table(&input, &f)),
            }
        }
        ForecastCommand::Headroom {
            file,
            reps,
            run,
            format,
        } => {
            let Some(input) = input(&file, &run)? else {
                return Ok(ExitCode::from(2));
            };
            let runs = Replications::new(reps, run.seed).on_threads(run.threads);
            let h = model::headroom(&input, runs, HeadroomOptions::default())?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&h)?),
                Format::Table => print!("{}", headroom_table(&input, &h)),
            }
        }
        ForecastCommand::Inputs { file, run } => {
            let Some(input) = input(&file, &run)? else {
                return Ok(ExitCode::from(2));
            };
            println!("{}", serde_json::to_string(&model::inputs(&input)?)?);
        }
        ForecastCommand::Queue {
            arrival_rate,
            service_rate,
            servers,
            customers,
            warm_up,
            reps,
            seed,
            threads,
            format,
        } => {
            let spec = QueueSpec {
                arrival_rate,
                service_rate,
                servers,
                customers,
                warm_up: warm_up.unwrap_or(customers / 10),
            };
            let r = queue::run(&spec, Replications::new(reps, seed).on_threads(threads))?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
                Format::Table => print!("{}", queue_table(&spec, &r)),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A band as "median (5th-95th)".
fn b(x: &Band, digits: usize) -> String {
    let f = |v: f64| format!("{v:.digits$}");
    if (x.p5 - x.p95).abs() < 1e-9 {
        f(x.p50)
    } else {
        format!("{} ({}-{})", f(x.p50), f(x.p5), f(x.p95))
    }
}

fn share(x: &Band) -> String {
    if (x.p5 - x.p95).abs() < 1e-9 {
        percent(x.p50)
    } else {
        format!("{} ({}-{})", percent(x.p50), percent(x.p5), percent(x.p95))
    }
}

fn forecast_table(input: &ForecastInput, f: &Forecast) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: forecast of {} weeks from {} to {}, {} replications (seed {}), from {}\n",
        input.team.settings.name,
        f.weeks,
        f.start.format("%d/%m/%Y"),
        f.end.format("%d/%m/%Y"),
        f.reps,
        f.seed,
        if f.started_from == "snapshot" {
            "today's diary".to_string()
        } else {
            format!("an empty diary after {} weeks' warm-up", f.warm_up_weeks)
        }
    );
    let mut t = Table::new(
        &["Figure", "Median (5-95% of replications)", "All families"],
        &[false, false, false],
    );
    let wait = |w: &model::WaitSummary| {
        format!(
            "mean {}, median {}, 90% within {}, 95% within {} ({} families)",
            n2(w.mean),
            n2(w.p50),
            n2(w.p90),
            n2(w.p95),
            w.families
        )
    };
    t.row(vec![
        "Wait to Choice, days".into(),
        b(&f.wait_to_choice_days.mean_band, 1),
        wait(&f.wait_to_choice_days),
    ]);
    t.row(vec![
        "Wait to first Partnership, days".into(),
        b(&f.wait_to_partnership_days.mean_band, 1),
        wait(&f.wait_to_partnership_days),
    ]);
    t.row(vec![
        "Seen within 3 weeks (NZ target 80%)".into(),
        share(&f.share_within_3_weeks_band),
        percent(f.share_within_3_weeks),
    ]);
    t.row(vec![
        "Seen within 8 weeks (NZ target 95%)".into(),
        share(&f.share_within_8_weeks_band),
        percent(f.share_within_8_weeks),
    ]);
    t.row(vec![
        "Partnerships started".into(),
        b(&f.partnerships_started_band, 0),
        n2(f.partnerships_started),
    ]);
    t.row(vec![
        "Referrals closed after missing Choice".into(),
        b(&f.closed_after_dna, 0),
        String::new(),
    ]);
    out.push_str(&t.render());

    out.push_str("\nWeek by week (medians, 5-95% in brackets; lists at the week's end):\n");
    let mut w = Table::new(
        &[
            "Week",
            "From",
            "Referrals",
            "Wait to Choice",
            "Within 3 wks",
            "Waiting for Choice",
            "Waiting for Partnership",
            "Managed list",
            "Caseload",
        ],
        &[true, false, true, false, false, false, false, false, false],
    );
    for x in &f.weekly {
        w.row(vec![
            x.week.to_string(),
            x.starts.format("%d/%m/%Y").to_string(),
            b(&x.referrals, 0),
            b(&x.wait_to_choice_days, 1),
            share(&x.share_within_3_weeks),
            b(&x.choice_waiting, 0),
            b(&x.partnership_waiting, 0),
            b(&x.managed_list, 0),
            b(&x.caseload, 0),
        ]);
    }
    out.push_str(&w.render());

    out.push_str(
        "\nClinicians (caseload at the end; new Partnerships started against target by quarter):\n",
    );
    let mut c = Table::new(
        &["Clinician", "Caseload", "Quarters: started / target"],
        &[false, false, false],
    );
    for cl in &f.clinicians {
        c.row(vec![
            cl.initials.clone(),
            cl.caseload.last().map_or_else(String::new, |x| b(x, 0)),
            cl.quarters
                .iter()
                .map(|q| {
                    format!(
                        "{}: {} / {}",
                        q.quarter,
                        b(&q.partnerships_started, 0),
                        q.target
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    out.push_str(&c.render());
    out.push_str("\nWhat the model assumes:\n");
    for a in &f.assumptions {
        let _ = writeln!(out, "  - {a}");
    }
    let l = &f.littles_law;
    let _ = writeln!(
        out,
        "\nCheck (Little's law on the wait for Choice): {} waiting on average; referrals a day x mean days waited = {}.",
        n2(l.mean_waiting_for_choice.mean),
        n2(l.arrivals_times_mean_wait.mean)
    );
    out
}

fn headroom_table(input: &ForecastInput, h: &Headroom) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: headroom {} referrals a week (between {} and {} the verdict is within chance); now {} a week.\nCriterion: {}; {} replications at each rate.\n",
        input.team.settings.name,
        n2(h.referrals_per_week),
        n2(h.interval[0]),
        n2(h.interval[1]),
        n2(h.current_referrals_per_week),
        h.criterion,
        h.reps
    );
    let mut t = Table::new(
        &[
            "Referrals a week",
            "Replications meeting the target",
            "95% interval",
            "Holds",
        ],
        &[true, true, false, false],
    );
    for x in &h.tested {
        t.row(vec![
            n2(x.referrals_per_week),
            percent(x.share_of_replications),
            format!("{}-{}", percent(x.interval[0]), percent(x.interval[1])),
            if x.holds { "yes".into() } else { "no".into() },
        ]);
    }
    out.push_str(&t.render());
    out
}

fn queue_table(spec: &QueueSpec, r: &QueueReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "M/M/{} queue: arrivals {} a unit of time, service {} per server; {} replications of {} customers (after {} not measured)\n",
        spec.servers,
        spec.arrival_rate,
        spec.service_rate,
        r.reps,
        r.customers,
        r.warm_up_customers
    );
    let mut t = Table::new(
        &["Figure", "Simulated (95% interval)", "Erlang C"],
        &[false, false, true],
    );
    let i = &r.intervals;
    let th = r.theory;
    let row = |name: &str, e: &capa_forecast::stats::Estimate, theory: Option<f64>| {
        vec![
            name.to_string(),
            format!("{:.4} +- {:.4}", e.mean, e.half_width),
            theory.map_or("unstable".into(), |v| format!("{v:.4}")),
        ]
    };
    t.row(row("mean_wait", &i.mean_wait, th.map(|t| t.mean_wait)));
    t.row(row(
        "mean_time_in_system",
        &i.mean_time_in_system,
        th.map(|t| t.mean_time_in_system),
    ));
    t.row(row(
        "utilisation",
        &i.utilisation,
        th.map(|t| t.utilisation),
    ));
    t.row(row(
        "mean_queue_length",
        &i.mean_queue_length,
        th.map(|t| t.mean_queue_length),
    ));
    out.push_str(&t.render());
    out
}
