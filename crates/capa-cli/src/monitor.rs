//! `capa monitor`: the quarter monitor for an analyst with database access,
//! the same figures as `GET /api/v1/teams/{team}/monitor` (the JSON is the
//! API's body, built by the same function).

use anyhow::{Context, Result, bail};
use capa_core::Quarter;
use capa_store::Store;
use capa_web::api::schema::MonitorBody;
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};

use crate::database;
use crate::table::Table;

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table to read.
    Table,
    /// JSON, the API's body.
    Json,
    /// CSV, one row per clinician and a last row for the team.
    Csv,
}

/// `capa monitor` options.
#[derive(Args)]
pub struct MonitorArgs {
    /// Database URL (default: the SQLite file `capa serve` uses).
    #[arg(long, env = "CAPA_DATABASE_URL")]
    database_url: Option<String>,
    /// The team's name.
    #[arg(long)]
    team: String,
    /// The quarter: 2026Q3, 2026/27 Q3 ... (default: today's).
    #[arg(long)]
    quarter: Option<String>,
    /// table, json or csv.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Judge as of this instant (RFC 3339, e.g. 2026-09-14T09:30:00+12:00) instead of now.
    #[arg(long, value_parser = crate::server::instant)]
    now: Option<DateTime<Utc>>,
}

/// Runs `capa monitor`.
pub async fn run(a: MonitorArgs) -> Result<()> {
    let url = database::resolve(a.database_url)?;
    let store = Store::open(&url)
        .await
        .with_context(|| format!("opening {}", database::describe(&url)))?;
    let Some(id) = store.find_team(a.team.trim()).await? else {
        let names: Vec<String> = store.teams().await?.into_iter().map(|t| t.name).collect();
        bail!(
            "no team named '{}' in the database (teams: {})",
            a.team.trim(),
            if names.is_empty() {
                "none".into()
            } else {
                names.join(", ")
            }
        );
    };
    let stored = store.load_stored_team(id).await?;
    let today = stored
        .team
        .settings
        .time_zone
        .today(a.now.unwrap_or_else(Utc::now));
    let start_month = stored.team.settings.year_start_month;
    let quarter = match a
        .quarter
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        Some(q) => Quarter::parse(q, start_month).with_context(|| "--quarter".to_string())?,
        None => Quarter::containing(today, start_month),
    };
    let body = capa_web::monitor::body(&store, &stored, quarter, today).await?;
    store.close().await;
    let out = match a.format {
        Format::Json => serde_json::to_string_pretty(&body)? + "\n",
        Format::Csv => csv(&body)?,
        Format::Table => table(&body),
    };
    print!("{out}");
    Ok(())
}

const HEADER: [&str; 15] = [
    "initials",
    "name",
    "target",
    "published",
    "booked",
    "started",
    "dna",
    "cancelled",
    "reoffered",
    "not_reoffered",
    "choice_allocated",
    "choice_done",
    "projected",
    "open_caseload",
    "flags",
];

fn opt(n: Option<u32>) -> String {
    n.map_or(String::new(), |n| n.to_string())
}

fn rows(b: &MonitorBody) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = b
        .clinicians
        .iter()
        .map(|c| {
            let k = &c.counts;
            vec![
                c.initials.clone(),
                c.name.clone(),
                c.target.to_string(),
                k.published.to_string(),
                k.booked.to_string(),
                k.started.to_string(),
                k.dna.to_string(),
                k.cancelled.to_string(),
                k.reoffered.to_string(),
                k.not_reoffered.to_string(),
                c.choice_allocated.to_string(),
                c.choice_done.to_string(),
                opt(c.projected),
                c.open_caseload.to_string(),
                c.flags
                    .iter()
                    .map(|f| f.code.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    let t = &b.totals;
    let k = &t.counts;
    out.push(vec![
        "team".into(),
        b.team.clone(),
        t.target.to_string(),
        k.published.to_string(),
        k.booked.to_string(),
        k.started.to_string(),
        k.dna.to_string(),
        k.cancelled.to_string(),
        k.reoffered.to_string(),
        k.not_reoffered.to_string(),
        t.choice_allocated.to_string(),
        t.choice_done.to_string(),
        opt(t.projected),
        t.open_caseload.to_string(),
        String::new(),
    ]);
    out
}

fn csv(b: &MonitorBody) -> Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    for r in rows(b) {
        w.write_record(r)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn days(x: Option<f64>) -> String {
    x.map_or("-".into(), |d| format!("{d:.1}"))
}

fn share(x: Option<f64>) -> String {
    x.map_or("-".into(), |s| format!("{:.0}%", s * 100.0))
}

fn table(b: &MonitorBody) -> String {
    let mut out = format!(
        "{}: {} ({} to {}), as of {}, {}\n\n",
        b.team, b.quarter_label, b.starts, b.ends, b.as_of, b.phase
    );
    let right: Vec<bool> = HEADER
        .iter()
        .map(|h| !matches!(*h, "initials" | "name" | "flags"))
        .collect();
    let mut t = Table::new(&HEADER, &right);
    let all = rows(b);
    let (team, lines) = all.split_last().expect("the team's row");
    for r in lines {
        t.row(r.clone());
    }
    t.rule();
    t.row(team.clone());
    out.push_str(&t.render());
    out.push('\n');
    for c in &b.clinicians {
        for f in &c.flags {
            out.push_str(&format!("{} {}: {}\n", c.initials, f.code, f.reason));
        }
    }
    let w = &b.waits;
    out.push_str(&format!(
        "\nWaits (days): referral to Choice median {}, 90th percentile {}; Choice to first Partnership median {}, 90th percentile {}\n",
        days(w.to_choice_days.median),
        days(w.to_choice_days.p90),
        days(w.to_partnership_days.median),
        days(w.to_partnership_days.p90),
    ));
    out.push_str(&format!(
        "Seen within {} weeks: {} (target {}); within {} weeks: {} (target {})\n",
        w.short_target.weeks,
        share(w.share_within_3_weeks),
        share(Some(w.short_target.target)),
        w.long_target.weeks,
        share(w.share_within_8_weeks),
        share(Some(w.long_target.target)),
    ));
    out.push_str(&format!(
        "Choice: {} needed, {} done. Core: {:.1} needed, {} started. Managed list: {}\n",
        b.totals.choice_needed,
        b.totals.choice_done,
        b.totals.core_demand,
        b.totals.core_started,
        b.managed_list
    ));
    if let Some(r) = &b.review {
        out.push_str(&format!("Review done {} by {}\n", r.done_on, r.done_by));
    }
    out
}
