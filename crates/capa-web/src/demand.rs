//! A discharge report received over HTTP, shared by the upload page and the
//! API: the body is streamed chunk by chunk into capa-io's [`Upload`] (on a
//! blocking thread; CSV parsed as it arrives, XLSX spooled then read with its
//! limits), hashed and counted on the way, and cut off at the server's size
//! limit. What comes back is the analysis exactly as `capa demand analyse`
//! makes it; what is stored is only its aggregates (`StoredDemand`).
//!
//! Nothing of the file is logged: errors name rows and columns for the
//! uploader only, in the response.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use capa_core::demand::DemandSettings;
use capa_io::discharge::{DischargeAnalysis, DischargeError, DischargeOptions, RowError, Upload};
use chrono::NaiveDate;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use capa_core::Team;
use capa_core::demand::StoredDemand;
use capa_core::demand::apply::{
    self, ApplyChoices, DemandApplication, SettingChange, TargetChange,
};
use capa_store::{DemandAnalysis, DemandAnalysisId, UploadedFile};

use crate::AppState;
use crate::auth::TeamContext;
use crate::error::AppError;

/// Chunks queued between the network and the reader.
const QUEUED: usize = 8;

/// Bad rows kept to show the uploader.
pub const ROWS_SHOWN: usize = 100;

/// A report received and analysed.
pub struct Received {
    /// The file's name as sent (or "report").
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// The analysis (the reader's result).
    pub analysis: Result<DischargeAnalysis, DischargeError>,
    /// Form fields that came with a multipart upload (`csrf`, `allow_bad_rows`).
    pub fields: Vec<(String, String)>,
}

impl Received {
    /// A form field's value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why nothing could be received.
#[derive(Debug)]
pub enum ReceiveError {
    /// Above the server's limit.
    TooLarge(u64),
    /// The body could not be read (a broken connection, bad multipart).
    Body(String),
    /// A multipart upload without a file.
    NoFile,
}

/// A report not received, with the form's token if it came before the file
/// (a browser's form sends it first), so that the refusal can be checked
/// and shown like any other answer.
#[derive(Debug)]
pub struct Unreceived {
    /// Why.
    pub error: ReceiveError,
    /// The `csrf` field, when one was read ("" otherwise).
    pub csrf: String,
}

impl From<ReceiveError> for Unreceived {
    fn from(error: ReceiveError) -> Self {
        Self {
            error,
            csrf: String::new(),
        }
    }
}

impl ReceiveError {
    /// The message the uploader reads.
    pub fn message(&self) -> String {
        match self {
            Self::TooLarge(limit) => format!(
                "the file is larger than {}, the most this server accepts; ask the administrator to raise capa's upload limit, or upload a shorter report",
                megabytes(*limit)
            ),
            Self::Body(e) => format!("the upload could not be read: {e}"),
            Self::NoFile => "choose a discharge report (CSV or XLSX) to upload".into(),
        }
    }
}

/// A byte count as "200 MB" (a limit below a megabyte in kB or bytes, so
/// that it never reads "0.0 MB").
pub fn megabytes(bytes: u64) -> String {
    let (unit, size) = match bytes {
        1_000_000.. => ("MB", 1_000_000.0),
        1_000.. => ("kB", 1_000.0),
        _ => return format!("{bytes} bytes"),
    };
    let x = bytes as f64 / size;
    if x.fract() == 0.0 {
        format!("{x} {unit}")
    } else {
        format!("{x:.1} {unit}")
    }
}

/// Reads the options the analysis runs with.
pub fn options(today: NaiveDate, settings: DemandSettings) -> DischargeOptions {
    let mut o = DischargeOptions::new(today, settings);
    // Two cores serve everyone: one parsing thread beside the reader keeps
    // an upload from taking the whole machine.
    o.threads = o.threads.min(1);
    o
}

/// The team's own demand settings: its `[team.demand]` thresholds as
/// imported, over its other settings, as `capa demand analyse --team` takes
/// them from the team file.
pub async fn team_settings(
    state: &AppState,
    ctx: &TeamContext,
) -> Result<DemandSettings, AppError> {
    let overrides = state.store.team_demand_overrides(ctx.id()).await?;
    Ok(overrides.resolve(&ctx.team().settings))
}

/// Receives a report: a multipart form (its `file` field, other fields kept)
/// or the raw body with its content type, analysed with `settings`.
pub async fn receive(
    state: &AppState,
    req: Request,
    today: NaiveDate,
    settings: DemandSettings,
) -> Result<Received, Unreceived> {
    let limit = state.config.max_upload_bytes;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let name = req
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("report")
        .to_string();
    if !multipart {
        let stream = req.into_body().into_data_stream();
        return Ok(read_stream(stream, name, Vec::new(), limit, options(today, settings)).await?);
    }
    let mut form = Multipart::from_request(req, state)
        .await
        .map_err(|e| ReceiveError::Body(e.body_text()))?;
    let mut fields: Vec<(String, String)> = Vec::new();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ReceiveError::Body(e.body_text()))?
    {
        let field_name = field.name().unwrap_or("").to_string();
        if field_name == "file" {
            let name = field.file_name().unwrap_or("report").to_string();
            let csrf = fields
                .iter()
                .find(|(n, _)| n == "csrf")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let mut received = read_stream(field, name, fields, limit, options(today, settings))
                .await
                .map_err(|error| Unreceived { error, csrf })?;
            // Fields after the file still count (a form may put them last).
            while let Some(f) = form
                .next_field()
                .await
                .map_err(|e| ReceiveError::Body(e.body_text()))?
            {
                let n = f.name().unwrap_or("").to_string();
                let v = f.text().await.unwrap_or_default();
                received.fields.push((n, short(v)));
            }
            return Ok(received);
        }
        let value = field.text().await.unwrap_or_default();
        fields.push((field_name, short(value)));
    }
    Err(ReceiveError::NoFile.into())
}

/// Form fields are short (a token, a checkbox): anything longer is cut.
fn short(mut v: String) -> String {
    if v.len() > 256 {
        let mut end = 256;
        while !v.is_char_boundary(end) {
            end -= 1;
        }
        v.truncate(end);
    }
    v
}

async fn read_stream<S, E>(
    mut stream: S,
    name: String,
    fields: Vec<(String, String)>,
    limit: u64,
    options: DischargeOptions,
) -> Result<Received, ReceiveError>
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let (tx, mut rx) = mpsc::channel::<axum::body::Bytes>(QUEUED);
    let spool = std::env::temp_dir();
    let reader = tokio::task::spawn_blocking(move || {
        let mut upload = Upload::new(options, &spool);
        while let Some(chunk) = rx.blocking_recv() {
            upload.feed(&chunk)?;
        }
        upload.finish()
    });
    let mut hash = Sha256::new();
    let mut size = 0u64;
    let mut failure = None;
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                failure = Some(ReceiveError::Body(e.to_string()));
                break;
            }
        };
        size += chunk.len() as u64;
        if size > limit {
            failure = Some(ReceiveError::TooLarge(limit));
            // Read on (and throw away) up to as much again before answering:
            // a client still sending when the server closes may get a reset
            // connection rather than the 413 and its message.
            let mut drained = 0u64;
            while let Some(Ok(rest)) = stream.next().await {
                drained += rest.len() as u64;
                if drained > limit {
                    break;
                }
            }
            break;
        }
        hash.update(&chunk);
        if tx.send(chunk).await.is_err() {
            // The reader stopped (a file error): keep hashing what arrives
            // so the body is drained, then report its result.
            continue;
        }
    }
    drop(tx);
    let analysis = reader.await.unwrap_or_else(|_| {
        Err(DischargeError::Io(std::io::Error::other(
            "the reader failed",
        )))
    });
    if let Some(f) = failure {
        return Err(f);
    }
    Ok(Received {
        name,
        size,
        sha256: hex::encode(hash.finalize()),
        analysis,
        fields,
    })
}

/// A bad row as the page and the API show it: row, column, the value as the
/// message quotes it, and the reason.
pub struct BadRow {
    /// Row number as a spreadsheet shows it (0: the file as a whole).
    pub row: u64,
    /// The field's name, when the error is about one.
    pub column: Option<String>,
    /// The value, when the message quotes it.
    pub value: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl BadRow {
    /// From the reader's error.
    pub fn of(e: &RowError) -> Self {
        // Messages about a value start by quoting it: "'JBX3657' is not ...".
        let value = e
            .message
            .strip_prefix('\'')
            .and_then(|rest| rest.split_once("' "))
            .map(|(v, _)| v.to_string());
        Self {
            row: e.row,
            column: e.column.clone(),
            value,
            reason: e.message.clone(),
        }
    }
}

/// The bad rows of a failed read or an analysis, as shown (first [`ROWS_SHOWN`]),
/// and how many there were in all.
pub fn bad_rows(result: &Result<DischargeAnalysis, DischargeError>) -> (Vec<BadRow>, u64) {
    match result {
        Ok(a) => (
            a.errors.iter().take(ROWS_SHOWN).map(BadRow::of).collect(),
            a.errors.len() as u64 + a.errors_omitted,
        ),
        Err(e) => {
            let mut rows: Vec<BadRow> = e.row_errors().iter().map(BadRow::of).collect();
            if rows.is_empty() {
                rows.push(BadRow {
                    row: 0,
                    column: None,
                    value: None,
                    reason: e.to_string(),
                });
            }
            let n = rows.len() as u64;
            rows.truncate(ROWS_SHOWN);
            (rows, n)
        }
    }
}

/// Stores an analysis' aggregates for the team: the figures of the good rows,
/// and how many bad rows were left out.
pub async fn store(
    state: &AppState,
    ctx: &TeamContext,
    received: &Received,
    analysis: &DischargeAnalysis,
    left_out: u64,
) -> Result<DemandAnalysisId, AppError> {
    let figures = StoredDemand::from_report(&analysis.report, analysis.rows, left_out);
    let file = UploadedFile {
        name: received.name.clone(),
        size: received.size,
        sha256: received.sha256.clone(),
    };
    Ok(state
        .store
        .save_demand_analysis(ctx.user.actor(), ctx.id(), &file, &figures, ctx.now)
        .await?)
}

/// One of the team's analyses, or 404.
pub async fn find(
    state: &AppState,
    ctx: &TeamContext,
    id: i64,
) -> Result<DemandAnalysis, AppError> {
    state
        .store
        .demand_analysis(ctx.id(), DemandAnalysisId(id))
        .await?
        .ok_or_else(|| AppError::NotFound("no such demand analysis in this team".into()))
}

/// What applying an analysis did.
pub struct Applied {
    /// Each setting changed.
    pub changes: Vec<SettingChange>,
    /// This quarter's targets before and after.
    pub targets: Vec<TargetChange>,
    /// What was not done, and why.
    pub notes: Vec<String>,
}

/// The settings an analysis would give the team, and the quarter's targets
/// before and after (nothing is changed).
pub fn preview(
    ctx: &TeamContext,
    figures: &StoredDemand,
    choices: &ApplyChoices,
) -> Result<(DemandApplication, Vec<TargetChange>), AppError> {
    let before = ctx.team();
    let application = apply::apply(&before.settings, figures, choices);
    let after = Team::with_leave(
        application.settings.clone(),
        before.clinicians.clone(),
        before.leave.clone(),
    )
    .map_err(|errors| {
        AppError::BadRequest(format!(
            "the figures cannot be applied: {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    let targets = apply::targets(before, &after, ctx.current_quarter());
    Ok((application, targets))
}

/// Applies an analysis to the team's settings: one transaction, audited.
pub async fn apply(
    state: &AppState,
    ctx: &TeamContext,
    id: DemandAnalysisId,
    choices: &ApplyChoices,
) -> Result<Applied, AppError> {
    let analysis = find(state, ctx, id.0).await?;
    let (application, targets) = preview(ctx, &analysis.figures, choices)?;
    state
        .store
        .apply_demand_analysis(
            ctx.user.actor(),
            ctx.id(),
            id,
            &application.settings,
            ctx.now,
        )
        .await?;
    Ok(Applied {
        changes: application.changes,
        targets,
        notes: application.notes,
    })
}

/// The demo's one-year discharge report, made by the project's generator
/// (`bench/generate_discharges.py 500`): synthetic names and NHIs.
pub const DEMO_REPORT: &str = include_str!("../../../examples/demo-discharges.csv");

/// Gives the demo team an analysis of [`DEMO_REPORT`], uploaded four weeks
/// before `now`, unless it has one already. Returns whether one was added.
pub async fn demo_analysis(
    store: &capa_store::Store,
    team: capa_store::TeamId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, AppError> {
    if !store.demand_analyses(team).await?.is_empty() {
        return Ok(false);
    }
    let settings = store.team_settings(team).await?;
    let demand = store.team_demand_overrides(team).await?.resolve(&settings);
    let mut o = options(settings.time_zone.today(now), demand);
    o.threads = 0;
    let bytes = DEMO_REPORT.as_bytes().to_vec();
    let analysis = capa_io::discharge::analyse_csv(std::io::Cursor::new(bytes), None, o)
        .map_err(|e| AppError::Internal(format!("the demo's report does not read: {e}")))?;
    let figures = StoredDemand::from_report(&analysis.report, analysis.rows, 0);
    let file = UploadedFile {
        name: "demo-discharges.csv".into(),
        size: DEMO_REPORT.len() as u64,
        sha256: hex::encode(Sha256::digest(DEMO_REPORT.as_bytes())),
    };
    let at = now - chrono::Duration::days(28);
    store
        .save_demand_analysis(capa_store::Actor::System, team, &file, &figures, at)
        .await?;
    Ok(true)
}
