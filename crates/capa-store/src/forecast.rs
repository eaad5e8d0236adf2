//! Today's diary as a forecast's starting point: the Partnership offers and
//! Choice slots from today on (vacant or booked), the families waiting for
//! Choice, the managed list and each clinician's open caseload, read in one
//! transaction and given as `capa_forecast`'s [`Snapshot`]. Nothing in it
//! names a family: a family is only the dates its waits are measured from.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use capa_core::diary::SlotKind;
use capa_forecast::model::Snapshot;
use capa_forecast::model::snapshot::{
    AwaitingChoice, BookedPartnership, ManagedFamily, OpenCaseload, SnapshotOffer, SnapshotSlot,
};

use crate::db::{Row, args};
use crate::error::Result;
use crate::ids::TeamId;
use crate::rows::team::{settings_without_streams, stream_rows};
use crate::{Store, StoreError};

/// How far back attended first appointments count towards today's open
/// caseload when the diary does not record discharges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseloadWindow {
    /// Weeks: an episode whose first appointment was attended this recently
    /// is taken as still open (the team's mean episode length in weeks).
    pub weeks: u32,
}

fn slot_kind(kind: &str, stream: Option<String>) -> Result<SlotKind> {
    match (kind, stream) {
        ("partnership", _) => Ok(SlotKind::Core),
        ("specific", Some(s)) => Ok(SlotKind::Specific(s)),
        ("choice", _) => Ok(SlotKind::Choice),
        (k, _) => Err(StoreError::Invalid(format!(
            "unknown appointment kind '{k}' in the diary"
        ))),
    }
}

fn day_of(at: Option<DateTime<Utc>>, zone: capa_core::Zone) -> Option<NaiveDate> {
    at.map(|t| zone.today(t))
}

impl Store {
    /// The team's diary at `now` as a forecast's [`Snapshot`]:
    /// - offers and Choice slots starting today or later that are vacant or
    ///   booked (a booked offer keeps the day of its family's Choice
    ///   appointment, a booked slot the day the referral was accepted);
    /// - families with an accepted referral and no appointment of any kind
    ///   yet, not on the managed list: waiting for Choice;
    /// - the open managed list (a Specific stream when the entry's needs name
    ///   one, else Core), each from the day of the family's last attended
    ///   Choice appointment, else the day it was added;
    /// - per clinician and kind, first Partnership appointments attended in
    ///   the last `window` weeks: the open caseload, estimated.
    pub async fn forecast_snapshot(
        &self,
        team: TeamId,
        now: DateTime<Utc>,
        window: CaseloadWindow,
    ) -> Result<Snapshot> {
        let mut tx = self.read().await?;
        let zone = settings_without_streams(&mut tx, team).await?.time_zone;
        let streams: Vec<String> = stream_rows(&mut tx, team)
            .await?
            .into_iter()
            .map(|s| s.stream.name)
            .collect();
        let today = zone.today(now);
        let day_start = zone.start_of(today);
        let rows = tx
            .fetch_all(
                "SELECT c.initials, a.kind, s.name AS stream_name, a.starts_at, a.state, \
                 a.client_id, cl.accepted_on, ch.starts_at AS choice_at \
                 FROM appointments a JOIN clinicians c ON c.id = a.clinician_id \
                 LEFT JOIN streams s ON s.id = a.stream_id \
                 LEFT JOIN clients cl ON cl.id = a.client_id \
                 LEFT JOIN appointments ch ON ch.id = a.choice_appointment_id \
                 WHERE a.team_id = $1 AND a.starts_at >= $2 AND a.state IN ('vacant', 'booked') \
                 ORDER BY a.starts_at, a.id",
                args![team.0, day_start],
            )
            .await?;
        let mut snapshot = Snapshot {
            today,
            ..Snapshot::default()
        };
        for row in &rows {
            let kind = slot_kind(&row.get::<String>("kind")?, row.get("stream_name")?)?;
            let clinician: String = row.get("initials")?;
            let starts_at = zone.local(row.get("starts_at")?);
            let booked = row.get::<String>("state")? == "booked";
            if kind == SlotKind::Choice {
                snapshot.choice_slots.push(SnapshotSlot {
                    clinician,
                    starts_at,
                    booked: booked
                        .then(|| -> Result<AwaitingChoice> {
                            Ok(AwaitingChoice {
                                accepted: row.get("accepted_on")?,
                                dnas: 0,
                            })
                        })
                        .transpose()?,
                });
            } else {
                snapshot.offers.push(SnapshotOffer {
                    clinician,
                    starts_at,
                    kind,
                    booked: booked
                        .then(|| -> Result<BookedPartnership> {
                            Ok(BookedPartnership {
                                choice_date: day_of(row.get("choice_at")?, zone),
                            })
                        })
                        .transpose()?,
                });
            }
        }
        // Choice DNAs of families still waiting, for the two-DNA rule.
        let dnas = dna_counts(&mut tx, team).await?;
        let waiting = tx
            .fetch_all(
                "SELECT cl.id, cl.accepted_on FROM clients cl \
                 WHERE cl.team_id = $1 AND cl.accepted_on IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = cl.id \
                     AND a.state IN ('booked', 'attended')) \
                 AND NOT EXISTS (SELECT 1 FROM managed_list m WHERE m.client_id = cl.id \
                     AND m.resolved_at IS NULL) \
                 ORDER BY cl.accepted_on, cl.id",
                args![team.0],
            )
            .await?;
        for row in &waiting {
            let id: i64 = row.get("id")?;
            snapshot.awaiting_choice.push(AwaitingChoice {
                accepted: row.get("accepted_on")?,
                dnas: dnas.get(&id).copied().unwrap_or(0),
            });
        }
        let managed = tx
            .fetch_all(
                "SELECT m.needs_json, m.added_at, \
                 (SELECT MAX(a.starts_at) FROM appointments a WHERE a.client_id = m.client_id \
                  AND a.kind = 'choice' AND a.state = 'attended') AS choice_at \
                 FROM managed_list m WHERE m.team_id = $1 AND m.resolved_at IS NULL \
                 ORDER BY m.added_at, m.id",
                args![team.0],
            )
            .await?;
        for row in &managed {
            snapshot
                .managed_list
                .push(managed_family(row, zone, &streams)?);
        }
        let since = now - Duration::weeks(i64::from(window.weeks));
        let open = tx
            .fetch_all(
                "SELECT c.initials, a.kind, s.name AS stream_name, COUNT(*) AS open \
                 FROM appointments a JOIN clinicians c ON c.id = a.clinician_id \
                 LEFT JOIN streams s ON s.id = a.stream_id \
                 WHERE a.team_id = $1 AND a.kind <> 'choice' AND a.state = 'attended' \
                 AND a.starts_at >= $2 AND a.starts_at < $3 \
                 GROUP BY c.initials, a.kind, s.name ORDER BY c.initials, a.kind, s.name",
                args![team.0, since, now],
            )
            .await?;
        for row in &open {
            snapshot.caseload.push(OpenCaseload {
                clinician: row.get("initials")?,
                kind: slot_kind(&row.get::<String>("kind")?, row.get("stream_name")?)?,
                open: crate::to_u32(row.get::<i64>("open")?, "open caseload")?,
            });
        }
        tx.commit().await?;
        Ok(snapshot)
    }
}

async fn dna_counts(tx: &mut crate::db::Tx, team: TeamId) -> Result<BTreeMap<i64, u32>> {
    let rows = tx
        .fetch_all(
            "SELECT a.client_id, COUNT(*) AS dnas FROM appointments a \
             WHERE a.team_id = $1 AND a.kind = 'choice' AND a.state = 'dna' \
             GROUP BY a.client_id",
            args![team.0],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.get("client_id")?,
                crate::to_u32(r.get::<i64>("dnas")?, "DNAs")?,
            ))
        })
        .collect()
}

/// A managed-list entry as the forecast sees it: what it waits for and since when.
fn managed_family(row: &Row, zone: capa_core::Zone, streams: &[String]) -> Result<ManagedFamily> {
    let needs: String = row.get("needs_json")?;
    let needs: serde_json::Value = serde_json::from_str(&needs).map_err(|e| {
        StoreError::Invalid(format!("a managed-list entry holds invalid JSON: {e}"))
    })?;
    let kind = needs
        .get("stream")
        .and_then(serde_json::Value::as_str)
        .and_then(|s| streams.iter().find(|t| t.eq_ignore_ascii_case(s)))
        .map_or(SlotKind::Core, |s| SlotKind::Specific(s.clone()));
    let added: DateTime<Utc> = row.get("added_at")?;
    Ok(ManagedFamily {
        choice_date: Some(day_of(row.get("choice_at")?, zone).unwrap_or(zone.today(added))),
        kind,
    })
}

/// What applying a forecast's what-if changed, for the message after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppliedPlan {
    /// Job plan versions added, as `(initials, version)`.
    pub versions_added: Vec<(String, u32)>,
    /// Job plan versions that took the change too (later versions).
    pub versions_changed: Vec<(String, u32)>,
    /// Clinicians given a (new) leaving date.
    pub leavers: Vec<String>,
    /// Clinicians added.
    pub joined: Vec<String>,
}

impl AppliedPlan {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.versions_added.is_empty()
            && self.versions_changed.is_empty()
            && self.leavers.is_empty()
            && self.joined.is_empty()
    }
}

impl Store {
    /// Makes the team's clinicians what `after` says, in one transaction:
    /// new job plan versions are added and changed ones replaced, leaving
    /// dates set and new clinicians added, each change audited; the team is
    /// checked whole before it commits. Only what a forecast's what-if can
    /// change is written: a clinician in `after` matched by initials to the
    /// stored one, their job plans, their leaving date, and clinicians who are
    /// new. Settings (the referral rate, conversion) are not plan changes and
    /// are left alone; nobody is removed.
    pub async fn apply_plan_changes(
        &self,
        actor: crate::Actor,
        team: TeamId,
        after: &capa_core::Team,
    ) -> Result<AppliedPlan> {
        use crate::rows::{clinician, job_plan};
        let mut tx = self.write().await?;
        let context = crate::rows::team::TeamContext::load(&mut tx, team).await?;
        let stored = clinician::read_all(&mut tx, team, &context.layout).await?;
        let mut done = AppliedPlan::default();
        for c in &after.clinicians {
            let Some((id, before)) = stored.iter().find(|(_, s)| s.initials == c.initials) else {
                clinician::insert(&mut tx, actor, &context, c).await?;
                done.joined.push(c.initials.to_string());
                continue;
            };
            let plans = job_plan::read_for_clinician(&mut tx, *id, &context.layout).await?;
            for plan in &c.job_plans {
                match plans.iter().find(|p| p.version == plan.version) {
                    None => {
                        job_plan::insert(&mut tx, actor, &context, *id, plan).await?;
                        done.versions_added
                            .push((c.initials.to_string(), plan.version));
                    }
                    Some(old) if old != plan => {
                        let (row, old) =
                            job_plan::read_version(&mut tx, *id, plan.version, &context.layout)
                                .await?;
                        job_plan::replace(&mut tx, actor, &context, row, &old, plan).await?;
                        done.versions_changed
                            .push((c.initials.to_string(), plan.version));
                    }
                    Some(_) => {}
                }
            }
            if c.leaving_date != before.leaving_date {
                let mut changed = before.clone();
                changed.leaving_date = c.leaving_date;
                clinician::update(&mut tx, actor, &context, *id, before, &changed).await?;
                done.leavers.push(c.initials.to_string());
            }
        }
        crate::rows::whole::check_team(&mut tx, team).await?;
        tx.commit().await?;
        Ok(done)
    }
}
