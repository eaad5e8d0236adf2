//! The quarter monitor's steps shared by pages, the API, the command line and
//! the demo: the store's facts judged by capa-core's monitor rules, as of
//! the team's today. Nothing here computes a figure.

use capa_core::Quarter;
use capa_core::monitor::{self, QuarterMonitor, Trends};
use capa_store::{Store, StoreError, StoredTeam};
use chrono::NaiveDate;

use crate::api::schema::MonitorBody;

/// The team's monitor of `quarter` as of `today` (the team's local date).
pub async fn quarter(
    store: &Store,
    stored: &StoredTeam,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<QuarterMonitor, StoreError> {
    let (facts, settings) = store.monitor_facts(stored, quarter, today).await?;
    Ok(monitor::quarter(&facts, &settings))
}

/// The monitors of `quarter` and the three quarters before it (oldest
/// first), and their trends.
pub async fn four_quarters(
    store: &Store,
    stored: &StoredTeam,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<(Vec<QuarterMonitor>, Trends), StoreError> {
    let (all, settings) = store.monitor_facts_trend(stored, quarter, today).await?;
    let monitors: Vec<QuarterMonitor> =
        all.iter().map(|f| monitor::quarter(f, &settings)).collect();
    let trends = monitor::trends(&monitors);
    Ok((monitors, trends))
}

/// The API's and the command line's body for the team's monitor.
pub async fn body(
    store: &Store,
    stored: &StoredTeam,
    q: Quarter,
    today: NaiveDate,
) -> Result<MonitorBody, StoreError> {
    let m = quarter(store, stored, q, today).await?;
    let review = store.review_mark(stored.id, q).await?;
    Ok(MonitorBody::new(
        &stored.team.settings.name,
        &m,
        review.as_ref(),
    ))
}

/// What the monitor page shows: the quarter's facts (for each clinician's
/// leave and leaving date), its monitor, and the four quarters' trends.
pub struct PageData {
    /// The facts of the quarter shown.
    pub facts: monitor::QuarterFacts,
    /// The quarter shown, judged as of today.
    pub monitor: QuarterMonitor,
    /// It and the three quarters before it.
    pub trends: Trends,
}

/// The monitor page's figures: the quarter and the three before it, judged
/// as capa-core judges them.
pub async fn page_data(
    store: &Store,
    stored: &StoredTeam,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<PageData, StoreError> {
    let (mut all, settings) = store.monitor_facts_trend(stored, quarter, today).await?;
    let mut monitors: Vec<QuarterMonitor> =
        all.iter().map(|f| monitor::quarter(f, &settings)).collect();
    let trends = monitor::trends(&monitors);
    let monitor = monitors
        .pop()
        .ok_or_else(|| StoreError::Invalid("no quarter to monitor".into()))?;
    let facts = all
        .pop()
        .ok_or_else(|| StoreError::Invalid("no quarter to monitor".into()))?;
    Ok(PageData {
        facts,
        monitor,
        trends,
    })
}

/// The facts of a quarter and its monitor (the drill-in lists the facts'
/// appointments beside the monitor's judgement of them).
pub async fn with_facts(
    store: &Store,
    stored: &StoredTeam,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<(monitor::QuarterFacts, QuarterMonitor), StoreError> {
    let (facts, settings) = store.monitor_facts(stored, quarter, today).await?;
    let m = monitor::quarter(&facts, &settings);
    Ok((facts, m))
}
