//! The weekly Choice flex check from the diary's own data: vacant Choice
//! slots in the coming weeks against the referrals they will bring and the
//! accepted referrals not yet booked into Choice.

use chrono::{DateTime, Duration, Utc};

use capa_core::choice::{FlexCheck, flex_check};
use capa_core::diary::AppointmentState;

use crate::Store;
use crate::db::args;
use crate::error::Result;
use crate::ids::TeamId;
use crate::rows::team::read_settings;

/// CAPA's flex check looks this many weeks ahead.
pub const FLEX_WEEKS: u32 = 6;

impl Store {
    /// CAPA's weekly flex check as of `now`: vacant Choice slots starting in
    /// the next [`FLEX_WEEKS`] weeks, against the team's accepted referrals
    /// per week x 6 plus the families accepted (a referral date recorded)
    /// who hold no Choice appointment yet.
    pub async fn choice_flex_check(&self, team: TeamId, now: DateTime<Utc>) -> Result<FlexCheck> {
        let until = now + Duration::weeks(i64::from(FLEX_WEEKS));
        let mut tx = self.read().await?;
        let settings = read_settings(&mut tx, team).await?;
        let vacant = tx
            .scalar(
                "SELECT COUNT(*) AS n FROM appointments WHERE team_id = $1 AND kind = $2 \
                 AND state = $3 AND starts_at >= $4 AND starts_at < $5",
                args![team.0, "choice", AppointmentState::Vacant.id(), now, until],
            )
            .await?;
        let unbooked = tx
            .scalar(
                "SELECT COUNT(*) AS n FROM clients c WHERE c.team_id = $1 AND c.accepted_on IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = c.id AND a.kind = $2)",
                args![team.0, "choice"],
            )
            .await?;
        tx.commit().await?;
        Ok(flex_check(
            crate::to_u32(vacant, "vacant Choice slots")?,
            settings.accepted_referrals_per_week,
            crate::to_u32(unbooked, "unbooked referrals")?,
            FLEX_WEEKS,
        ))
    }
}
