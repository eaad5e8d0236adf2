//! The facts of a quarter's monitor, read in a handful of queries in one
//! read transaction: the quarter's first Partnership appointments with their
//! bookings and re-offers, its Choice appointments with the referral dates,
//! leave, caseloads, holidays and the managed list. Targets and demand come
//! from `capa_core::capacity::quarter` on the stored team.

use std::collections::BTreeMap;

use capa_core::diary::proposal::SlotKind;
use capa_core::diary::{AppointmentState, numbering};
use capa_core::monitor::{
    Booking, Caseload, ChoiceAppointment, ClinicianFacts, FirstAppointment, LeavePeriod,
    MonitorSettings, QuarterFacts, Reoffer, TeamDemand,
};
use capa_core::{Initials, Quarter, capacity};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::Store;
use crate::db::{Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::rows::whole::StoredTeam;

/// Days of holidays before the quarter the facts carry, so a re-offer window
/// that began in the previous quarter is counted in working days.
const HOLIDAYS_BEFORE_DAYS: i64 = 120;

fn initials(text: &str) -> Result<Initials> {
    Initials::parse(text).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn state(row: &Row) -> Result<AppointmentState> {
    let s: String = row.get("state")?;
    AppointmentState::parse(&s)
        .ok_or_else(|| StoreError::Invalid(format!("unknown appointment state '{s}'")))
}

const FIRST_SELECT: &str = "SELECT a.id, c.initials, a.kind, s.name AS stream_name, a.number, \
    a.starts_at, a.state, a.created_at, a.outcome_at, a.booked_at, a.client_id, \
    ch.starts_at AS choice_starts_at, r.id AS reoffer_id, r.created_at AS reoffer_created_at \
    FROM appointments a JOIN clinicians c ON c.id = a.clinician_id \
    LEFT JOIN streams s ON s.id = a.stream_id \
    LEFT JOIN appointments ch ON ch.id = a.choice_appointment_id \
    LEFT JOIN appointments r ON r.replaces_id = a.id \
    WHERE a.team_id = $1 AND a.quarter = $2 AND a.kind <> 'choice' \
    ORDER BY a.starts_at, a.id";

/// The family's first attended Choice appointment since its referral was
/// accepted carries the referral date (a later one is not a wait).
const CHOICE_SELECT: &str = "SELECT c.initials, a.starts_at, a.state, \
    CASE WHEN cl.accepted_on IS NOT NULL AND NOT EXISTS ( \
        SELECT 1 FROM appointments e WHERE e.client_id = a.client_id AND e.kind = 'choice' \
        AND e.state = 'attended' AND e.starts_at >= cl.accepted_on \
        AND (e.starts_at < a.starts_at OR (e.starts_at = a.starts_at AND e.id < a.id)) \
    ) THEN cl.accepted_on END AS referral_accepted \
    FROM appointments a JOIN clinicians c ON c.id = a.clinician_id \
    LEFT JOIN clients cl ON cl.id = a.client_id \
    WHERE a.team_id = $1 AND a.quarter = $2 AND a.kind = 'choice' \
    ORDER BY a.starts_at, a.id";

pub(crate) async fn read(
    tx: &mut Tx,
    stored: &StoredTeam,
    quarter: Quarter,
    today: NaiveDate,
    holidays: Vec<NaiveDate>,
) -> Result<QuarterFacts> {
    let team = &stored.team;
    let zone = team.settings.time_zone;
    let key = quarter.key();
    let local_day = |t: DateTime<Utc>| zone.today(t);

    let mut appointments = Vec::new();
    let mut reoffers = Vec::new();
    for r in tx
        .fetch_all(FIRST_SELECT, args![stored.id.0, key.as_str()])
        .await?
    {
        let id: i64 = r.get("id")?;
        let stream: Option<String> = r.get("stream_name")?;
        let number: Option<i64> = r.get("number")?;
        let who = initials(&r.get::<String>("initials")?)?;
        let kind = match &stream {
            Some(s) => SlotKind::Specific(s.clone()),
            None => SlotKind::Core,
        };
        let number = number
            .map(|n| crate::to_u32(n, "offer number"))
            .transpose()?;
        let label = numbering::label_for(&who, &kind, number);
        let booked_at: Option<DateTime<Utc>> = r.get("booked_at")?;
        let client: Option<i64> = r.get("client_id")?;
        let choice: Option<DateTime<Utc>> = r.get("choice_starts_at")?;
        let booking = match (client, booked_at) {
            (Some(_), Some(at)) => Some(Booking {
                booked_on: local_day(at),
                choice_date: choice.map(local_day),
                // The diary does not record how an offer was found, so no
                // booking counts as made by a skills search.
                skills_searched: false,
            }),
            _ => None,
        };
        if let Some(replacement) = r.get::<Option<i64>>("reoffer_id")? {
            let at: DateTime<Utc> = r.get("reoffer_created_at")?;
            reoffers.push(Reoffer {
                original: id,
                replacement,
                // Rows carry the real time they were written, while the demo
                // and tests judge as of a fixed day: nothing is seen as
                // published after the day judged.
                published_on: local_day(at).min(today),
            });
        }
        appointments.push(FirstAppointment {
            id,
            clinician: who,
            label,
            stream,
            starts_at: zone.local(r.get("starts_at")?),
            state: state(&r)?,
            published_on: local_day(r.get("created_at")?).min(today),
            outcome_recorded_on: r.get::<Option<DateTime<Utc>>>("outcome_at")?.map(local_day),
            booking,
        });
    }

    let mut choice = Vec::new();
    for r in tx
        .fetch_all(CHOICE_SELECT, args![stored.id.0, key.as_str()])
        .await?
    {
        choice.push(ChoiceAppointment {
            clinician: initials(&r.get::<String>("initials")?)?,
            date: local_day(r.get("starts_at")?),
            state: state(&r)?,
            referral_accepted: r.get("referral_accepted")?,
        });
    }

    // Open caseloads as of the end of `today`, per clinician.
    let until = zone.start_of(today + TimeDelta::days(1));
    let mut caseloads: BTreeMap<String, Caseload> = BTreeMap::new();
    for r in tx
        .fetch_all(
            "SELECT c.initials, COUNT(*) AS started, COUNT(e.id) AS closed \
             FROM appointments a JOIN clinicians c ON c.id = a.clinician_id \
             LEFT JOIN episode_closures e ON e.appointment_id = a.id AND e.closed_on <= $3 \
             WHERE a.team_id = $1 AND a.kind <> 'choice' AND a.state = 'attended' \
             AND a.starts_at < $2 GROUP BY c.initials",
            args![stored.id.0, until, today],
        )
        .await?
    {
        caseloads.insert(
            r.get("initials")?,
            Caseload {
                started: crate::to_u32(r.get("started")?, "caseload")?,
                closed: crate::to_u32(r.get("closed")?, "caseload")?,
            },
        );
    }
    let managed = tx
        .scalar(
            "SELECT COUNT(*) AS n FROM managed_list WHERE team_id = $1 AND resolved_at IS NULL",
            args![stored.id.0],
        )
        .await?;

    let report = capacity::quarter(team, quarter);
    let mut clinicians = ClinicianFacts::all(&team.clinicians, &report);
    for c in &mut clinicians {
        c.leave = team
            .leave
            .iter()
            .filter(|l| l.clinician == c.initials)
            .map(|l| LeavePeriod {
                first_day: l.first_day,
                last_day: l.last_day,
            })
            .collect();
        c.caseload = caseloads
            .get(c.initials.as_str())
            .copied()
            .unwrap_or_default();
    }
    Ok(QuarterFacts {
        quarter,
        today,
        holidays,
        diary_notice_weeks: team.settings.diary_notice_weeks,
        clinicians,
        appointments,
        reoffers,
        choice,
        demand: TeamDemand::from_capacity(&report),
        managed_list: crate::to_u32(managed, "managed list")?,
    })
}

impl Store {
    /// The facts of the team's monitor for `quarter`, judged as of `today`
    /// (the team's local date), with the team's monitor settings.
    pub async fn monitor_facts(
        &self,
        stored: &StoredTeam,
        quarter: Quarter,
        today: NaiveDate,
    ) -> Result<(QuarterFacts, MonitorSettings)> {
        let from = quarter.start() - TimeDelta::days(HOLIDAYS_BEFORE_DAYS);
        let to = quarter.end_exclusive();
        let holidays = self.holiday_days(stored.id, from, to).await?;
        let mut tx = self.read().await?;
        let settings = super::settings::read(&mut tx, stored.id).await?;
        let facts = read(&mut tx, stored, quarter, today, holidays).await?;
        tx.commit().await?;
        Ok((facts, settings))
    }

    /// The facts of `quarter` and the three before it, oldest first, for the
    /// four quarters' trends.
    pub async fn monitor_facts_trend(
        &self,
        stored: &StoredTeam,
        quarter: Quarter,
        today: NaiveDate,
    ) -> Result<(Vec<QuarterFacts>, MonitorSettings)> {
        let mut quarters = vec![quarter];
        for _ in 0..3 {
            let earliest = quarters[0];
            quarters.insert(0, earliest.previous());
        }
        let from = quarters[0].start() - TimeDelta::days(HOLIDAYS_BEFORE_DAYS);
        let holidays = self
            .holiday_days(stored.id, from, quarter.end_exclusive())
            .await?;
        let mut tx = self.read().await?;
        let settings = super::settings::read(&mut tx, stored.id).await?;
        let mut all = Vec::with_capacity(4);
        for q in quarters {
            all.push(read(&mut tx, stored, q, today, holidays.clone()).await?);
        }
        tx.commit().await?;
        Ok((all, settings))
    }
}
