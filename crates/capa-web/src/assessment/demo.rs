//! The demo team's past self-assessments: two reviews a year apart (a year
//! and two years before the demo's clock), so the history and the trend
//! show on first look and a lead can start this year's from the last.

use capa_core::assessment::{ItemNumber, Rating};
use capa_store::{Actor, Store, StoreError, TeamId};
use chrono::{DateTime, Months, Utc};

/// Ratings (0-2) and notes of the demo's two reviews, oldest first, item 1 to 11.
const REVIEWS: [[(u8, &str); 11]; 2] = [
    [
        (1, "Leads support CAPA; no protected time for it yet."),
        (1, "Letters still say 'assessment' and 'waiting list'."),
        (0, "Families wait about nine weeks for Choice."),
        (1, ""),
        (0, "Most families leave Choice without a date."),
        (0, ""),
        (1, "Specific time planned; Core not counted."),
        (0, "No job plans; nobody knows their Partnership numbers."),
        (1, ""),
        (0, "No peer supervision groups."),
        (1, "One away day, on CAPA basics."),
    ],
    [
        (2, "CAPA lead named, half a day a week."),
        (2, ""),
        (
            1,
            "Choice within 3 weeks for most; the 8-week target missed in winter.",
        ),
        (2, ""),
        (1, "Full booking started in the autumn."),
        (1, "Skills map drafted."),
        (
            1,
            "Core and Specific both planned; Core demand not yet met.",
        ),
        (
            1,
            "Job plans and targets set; quarterly review not yet regular.",
        ),
        (1, ""),
        (1, "Two groups meet monthly."),
        (
            2,
            "Two away days: demand and capacity, then the skills map.",
        ),
    ],
];

/// Adds the two past reviews unless the team has reviews already. Returns
/// how many were added.
pub async fn populate(
    store: &Store,
    team: TeamId,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    if !store.assessments(team).await?.is_empty() {
        return Ok(0);
    }
    let stored = store.load_stored_team(team).await?;
    let today = stored.team.settings.time_zone.today(now);
    let mut added = 0;
    for (k, ratings) in REVIEWS.iter().enumerate() {
        let years_ago = 2 - k as u32;
        let date = today
            .checked_sub_months(Months::new(12 * years_ago))
            .unwrap_or(today);
        let a = store
            .create_assessment(Actor::System, team, date, None)
            .await?;
        for (n, (rating, note)) in ratings.iter().enumerate() {
            let number = ItemNumber::from_value(n as i64 + 1)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let rating = Rating::from_value(i64::from(*rating))
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            store
                .rate_assessment_item(Actor::System, a.id, number, Some(rating), note)
                .await?;
        }
        added += 1;
    }
    Ok(added)
}
