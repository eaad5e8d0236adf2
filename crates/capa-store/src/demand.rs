//! Demand analyses: the aggregates of each uploaded discharge report, dated,
//! with the file's name, size and SHA-256 and who uploaded it.
//!
//! What is written is capa_core's `StoredDemand` (counts and the pivot with
//! rare diagnoses merged) and nothing of the report's rows: the type holds no
//! NHI, name or episode, so the store cannot keep one. Applying an analysis
//! changes the team's settings and marks the analysis applied in one
//! transaction, both audited.
//!
//! A team's own thresholds (its team file's `[team.demand]` table) are kept
//! here too, as stated, so that an upload is analysed as `capa demand
//! analyse --team` would analyse it.

use capa_core::TeamSettings;
use capa_core::demand::{DemandOverrides, StoredDemand};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Store;
use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, TeamId, UserId};
use crate::teams::change_settings;
use crate::to_u32;

/// The longest file name kept, in characters.
pub const MAX_FILE_NAME: usize = 255;

/// A demand analysis' row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DemandAnalysisId(pub i64);

impl std::fmt::Display for DemandAnalysisId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The uploaded file, described (never its contents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadedFile {
    /// Its name as uploaded (folders left out), at most [`MAX_FILE_NAME`].
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
}

/// One stored analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandAnalysis {
    /// Its id.
    pub id: DemandAnalysisId,
    /// The team it is for.
    pub team_id: TeamId,
    /// The file it came from.
    pub file: UploadedFile,
    /// Who uploaded it (`None`: the system or the command line).
    pub uploaded_by: Option<UserId>,
    /// When.
    pub uploaded_at: DateTime<Utc>,
    /// The figures.
    pub figures: StoredDemand,
    /// When it was last applied to the team's settings.
    pub applied_at: Option<DateTime<Utc>>,
    /// By whom.
    pub applied_by: Option<UserId>,
}

/// The file name kept: its last path part, control characters dropped, cut
/// to [`MAX_FILE_NAME`]; "report" when nothing is left.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME)
        .collect();
    let kept = kept.trim().to_string();
    if kept.is_empty() {
        "report".into()
    } else {
        kept
    }
}

fn figures_json(figures: &StoredDemand) -> Result<String> {
    serde_json::to_string(figures)
        .map_err(|e| StoreError::Invalid(format!("cannot store the figures: {e}")))
}

fn analysis_from(row: &Row) -> Result<DemandAnalysis> {
    let figures: String = row.get("figures")?;
    let figures = serde_json::from_str(&figures).map_err(|e| {
        StoreError::Invalid(format!("a stored demand analysis cannot be read: {e}"))
    })?;
    let size: i64 = row.get("file_size")?;
    Ok(DemandAnalysis {
        id: DemandAnalysisId(row.get("id")?),
        team_id: TeamId(row.get("team_id")?),
        file: UploadedFile {
            name: row.get("file_name")?,
            size: u64::try_from(size).unwrap_or(0),
            sha256: row.get("file_sha256")?,
        },
        uploaded_by: row.get::<Option<i64>>("uploaded_by")?.map(UserId),
        uploaded_at: row.get("uploaded_at")?,
        figures,
        applied_at: row.get("applied_at")?,
        applied_by: row.get::<Option<i64>>("applied_by")?.map(UserId),
    })
}

const COLUMNS: &str = "id, team_id, file_name, file_size, file_sha256, uploaded_by, uploaded_at, \
                       figures, applied_by, applied_at";

/// What the audit log keeps of an analysis: the file and headline counts.
fn audit_view(file: &UploadedFile, figures: &StoredDemand) -> serde_json::Value {
    serde_json::json!({
        "file": file,
        "episodes": figures.episodes,
        "rows": figures.rows,
        "rows_left_out": figures.rows_left_out,
        "referrals_per_week": figures.referrals_per_week,
    })
}

impl Store {
    /// Keeps an analysis of a team's discharge report, uploaded at `at`.
    pub async fn save_demand_analysis(
        &self,
        actor: Actor,
        team: TeamId,
        file: &UploadedFile,
        figures: &StoredDemand,
        at: DateTime<Utc>,
    ) -> Result<DemandAnalysisId> {
        let name = clean_file_name(&file.name);
        let file = UploadedFile {
            name,
            ..file.clone()
        };
        if file.sha256.len() != 64 || !file.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(
                "a file's SHA-256 is 64 hexadecimal digits".into(),
            ));
        }
        let size = i64::try_from(file.size)
            .map_err(|_| StoreError::Invalid("the file is too large to record".into()))?;
        let mut tx = self.write().await?;
        let id = tx
            .insert(
                "INSERT INTO demand_analyses (team_id, file_name, file_size, file_sha256, \
                 uploaded_by, uploaded_at, figures) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                args![
                    team.0,
                    file.name.clone(),
                    size,
                    file.sha256.to_ascii_lowercase(),
                    actor.user_id().map(|u| u.0),
                    at,
                    figures_json(figures)?
                ],
            )
            .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::DemandAnalysis,
                id,
                action: Action::Create,
                before: None,
                after: Some(audit_view(&file, figures)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(DemandAnalysisId(id))
    }

    /// A team's analyses, newest upload first.
    pub async fn demand_analyses(&self, team: TeamId) -> Result<Vec<DemandAnalysis>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                &format!(
                    "SELECT {COLUMNS} FROM demand_analyses WHERE team_id = $1 \
                     ORDER BY uploaded_at DESC, id DESC"
                ),
                args![team.0],
            )
            .await?;
        rows.iter().map(analysis_from).collect()
    }

    /// One of a team's analyses (`None`: not this team's, or none).
    pub async fn demand_analysis(
        &self,
        team: TeamId,
        id: DemandAnalysisId,
    ) -> Result<Option<DemandAnalysis>> {
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                &format!("SELECT {COLUMNS} FROM demand_analyses WHERE team_id = $1 AND id = $2"),
                args![team.0, id.0],
            )
            .await?;
        row.as_ref().map(analysis_from).transpose()
    }

    /// Applies an analysis: the team's settings become `settings` (made by
    /// `capa_core::demand::apply::apply`) and the analysis is marked applied
    /// at `at`, in one transaction, each audited. A team that would no longer
    /// hold together is refused and nothing changes.
    pub async fn apply_demand_analysis(
        &self,
        actor: Actor,
        team: TeamId,
        id: DemandAnalysisId,
        settings: &TeamSettings,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let changed = tx
            .execute(
                "UPDATE demand_analyses SET applied_at = $1, applied_by = $2 \
                 WHERE team_id = $3 AND id = $4",
                args![at, actor.user_id().map(|u| u.0), team.0, id.0],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("demand analysis {id}")));
        }
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::DemandAnalysis,
                id: id.0,
                action: Action::Update,
                before: None,
                after: Some(serde_json::json!({ "applied_at": at })),
            },
        )
        .await?;
        change_settings(&mut tx, actor, team, settings).await?;
        tx.commit().await
    }
}

const OVERRIDE_COLUMNS: &str = "choice_max_ff, core_range_max_ff, histogram_max, \
                                appointments_per_session, working_weeks_per_quarter, weeks_per_quarter";

fn stored_u32(row: &Row, column: &str) -> Result<Option<u32>> {
    row.get::<Option<i64>>(column)?
        .map(|n| to_u32(n, column))
        .transpose()
}

fn overrides_from(row: &Row) -> Result<DemandOverrides> {
    Ok(DemandOverrides {
        choice_max_ff: stored_u32(row, "choice_max_ff")?,
        core_range_max_ff: stored_u32(row, "core_range_max_ff")?,
        histogram_max: stored_u32(row, "histogram_max")?,
        appointments_per_session: row.get("appointments_per_session")?,
        working_weeks_per_quarter: row.get("working_weeks_per_quarter")?,
        weeks_per_quarter: stored_u32(row, "weeks_per_quarter")?,
    })
}

async fn read_overrides(tx: &mut Tx, team: TeamId) -> Result<DemandOverrides> {
    let row = tx
        .fetch_optional(
            &format!("SELECT {OVERRIDE_COLUMNS} FROM team_demand_settings WHERE team_id = $1"),
            args![team.0],
        )
        .await?;
    Ok(row
        .as_ref()
        .map(overrides_from)
        .transpose()?
        .unwrap_or_default())
}

impl Store {
    /// The team's own demand thresholds as its team file stated them (none
    /// stated: empty); `DemandOverrides::resolve` with the team's settings
    /// gives what an analysis uses.
    pub async fn team_demand_overrides(&self, team: TeamId) -> Result<DemandOverrides> {
        let mut tx = self.read().await?;
        read_overrides(&mut tx, team).await
    }

    /// Sets the team's own demand thresholds (an imported team file's
    /// `[team.demand]` table), audited when they change. Settings that do
    /// not make sense together are refused and nothing changes.
    pub async fn set_team_demand_overrides(
        &self,
        actor: Actor,
        team: TeamId,
        overrides: &DemandOverrides,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let settings = crate::rows::team::read_settings(&mut tx, team).await?;
        overrides
            .resolve(&settings)
            .check()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let before = read_overrides(&mut tx, team).await?;
        if before == *overrides {
            return tx.commit().await;
        }
        tx.execute(
            "DELETE FROM team_demand_settings WHERE team_id = $1",
            args![team.0],
        )
        .await?;
        if !overrides.is_empty() {
            let n = |v: Option<u32>| v.map(i64::from);
            tx.execute(
                &format!(
                    "INSERT INTO team_demand_settings (team_id, {OVERRIDE_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)"
                ),
                args![
                    team.0,
                    n(overrides.choice_max_ff),
                    n(overrides.core_range_max_ff),
                    n(overrides.histogram_max),
                    overrides.appointments_per_session,
                    overrides.working_weeks_per_quarter,
                    n(overrides.weeks_per_quarter)
                ],
            )
            .await?;
        }
        let view = |o: &DemandOverrides| serde_json::json!({ "demand": o });
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Team,
                id: team.0,
                action: Action::Update,
                before: Some(view(&before)),
                after: Some(view(overrides)),
            },
        )
        .await?;
        tx.commit().await
    }
}
