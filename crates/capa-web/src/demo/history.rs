//! The demo's diary history, so the monitor and the review pack have
//! something to show on first look: the previous quarter in full and the
//! current quarter up to the demo's clock (never today's date).
//!
//! Who shows what, so a lead trying the demo meets every flag:
//! - SP books only two offers in three (`under_target`, past and projected);
//! - KT published half their Core offers this quarter (`offers_short_at_deadline`);
//! - TR's and HN's first DNAs this quarter are not re-offered (`not_reoffered`);
//! - LH's episodes are never closed (`caseload_high`);
//! - DM leaves six weeks into next quarter (`leaving_in_quarter` there, and the what-if);
//! - NB started this quarter and has no job plan yet (`no_job_plan`).
//!
//! Every Partnership of the previous quarter is booked from a Choice
//! appointment at least a week before it, so the waits are real; families'
//! referrals were accepted one to seven weeks before their Choice
//! appointment. Episodes started last quarter close about ten weeks on.

use std::collections::VecDeque;

use capa_core::Quarter;
use capa_core::diary::Outcome;
use capa_core::diary::proposal::SlotKind;
use capa_store::{
    Actor, Appointment, AppointmentId, AppointmentKind, AppointmentQuery, ClientId, ClientKey,
    Store, StoredTeam, TeamId,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::DemoError;

/// Books two offers in three: under target.
const UNDER_TARGET: &str = "SP";
/// Publishes half the Core offers of the current quarter.
const SHORT_OF_OFFERS: &str = "KT";
/// Leaves during the next quarter.
const LEAVER: &str = "DM";
/// Their episodes stay open.
const HEAVY_CASELOAD: &str = "LH";
/// Their first DNA of the current quarter waits to be re-offered.
const NOT_REOFFERED: [&str; 2] = ["TR", "HN"];

fn map(e: crate::error::AppError) -> DemoError {
    DemoError::TeamFile(e.to_string())
}

/// Gives the leaver a last day six weeks into the quarter after `q`, before
/// any diary is published (their offers stop there).
pub async fn set_leaver(store: &Store, stored: &StoredTeam, q: Quarter) -> Result<(), DemoError> {
    let index = index_of(stored, LEAVER)?;
    let mut c = stored.team.clinicians[index].clone();
    c.leaving_date = Some(q.next().start() + Duration::days(41));
    store
        .update_clinician(Actor::System, stored.clinician_ids[index], &c)
        .await?;
    Ok(())
}

fn index_of(stored: &StoredTeam, initials: &str) -> Result<usize, DemoError> {
    stored
        .team
        .clinicians
        .iter()
        .position(|c| c.initials.as_str() == initials)
        .ok_or_else(|| DemoError::TeamFile(format!("the demo team has no clinician {initials}")))
}

/// Publishes every clinician's suggested offers and Choice slots of the
/// quarter (half the Core offers for the clinician short of offers, in the
/// quarter holding `today`). Returns how many were published.
pub async fn publish_quarter(
    store: &Store,
    stored: &StoredTeam,
    quarter: Quarter,
    current: Quarter,
) -> Result<usize, DemoError> {
    let mut published = 0;
    for index in 0..stored.team.clinicians.len() {
        let mut kinds = vec![SlotKind::Core, SlotKind::Choice];
        kinds.extend(
            stored
                .team
                .settings
                .stream_names()
                .into_iter()
                .map(SlotKind::Specific),
        );
        let short = quarter == current
            && stored.team.clinicians[index].initials.as_str() == SHORT_OF_OFFERS;
        for kind in kinds {
            let (proposal, existing) =
                crate::diary::proposal_for(store, stored, index, quarter, kind.clone())
                    .await
                    .map_err(map)?;
            let mut chosen: Vec<_> = proposal
                .suggested
                .iter()
                .map(|i| proposal.candidates[*i].clone())
                .collect();
            if short && kind == SlotKind::Core {
                chosen.truncate(chosen.len() / 2);
            }
            published += chosen.len();
            crate::diary::publish(
                store,
                Actor::System,
                stored,
                crate::diary::DiaryOf {
                    index,
                    quarter,
                    kind: &kind,
                },
                &existing,
                &chosen,
            )
            .await
            .map_err(map)?;
        }
    }
    Ok(published)
}

/// The families: everything before `now` in `quarters` (oldest first, the
/// current one last) booked and its outcome recorded as of the appointment, with the
/// DNAs, re-offers and closures the module's header lists; a quarter of the
/// current quarter's later appointments booked ahead.
pub async fn families(
    store: &Store,
    stored: &StoredTeam,
    quarters: &[Quarter],
    now: DateTime<Utc>,
) -> Result<(), DemoError> {
    let Some(&q) = quarters.last() else {
        return Ok(());
    };
    let zone = stored.team.settings.time_zone;
    let today = zone.today(now);
    let mut demo = Families {
        store,
        team: stored.id,
        n: 0,
        seen_at_choice: VecDeque::new(),
        started: Vec::new(),
    };
    for &quarter in quarters {
        let past_quarter = quarter != q;
        let offers = store
            .appointments(
                stored.id,
                &AppointmentQuery {
                    quarter: Some(quarter),
                    ..AppointmentQuery::default()
                },
            )
            .await?;
        let mut booked_partnerships = 0u32;
        let mut held_back = 0u32;
        let mut first_dna_done: Vec<&str> = Vec::new();
        for (i, a) in offers.iter().enumerate() {
            let past = a.starts_at < now;
            if a.kind == AppointmentKind::Choice {
                if past {
                    demo.choice(a, zone.local(a.starts_at).date()).await?;
                } else if i.is_multiple_of(4) {
                    demo.ahead(a).await?;
                }
                continue;
            }
            if !past {
                if i.is_multiple_of(4) {
                    demo.ahead(a).await?;
                }
                continue;
            }
            if a.clinician_initials == UNDER_TARGET {
                held_back += 1;
                if held_back.is_multiple_of(3) {
                    continue;
                }
            }
            booked_partnerships += 1;
            let who = a.clinician_initials.as_str();
            let outcome = if past_quarter {
                match booked_partnerships {
                    n if n.is_multiple_of(10) => Outcome::Dna,
                    n if n.is_multiple_of(23) => Outcome::CancelledByFamily,
                    _ => Outcome::Attended,
                }
            } else if let Some(w) = NOT_REOFFERED
                .into_iter()
                .find(|w| *w == who && !first_dna_done.contains(w))
            {
                first_dna_done.push(w);
                Outcome::Dna
            } else {
                Outcome::Attended
            };
            let day = zone.local(a.starts_at).date();
            demo.partnership(a, day, outcome).await?;
            // Last quarter's missed appointments were re-offered (every
            // other one late enough to show); the new offer is then booked.
            if past_quarter && outcome != Outcome::Attended {
                let after =
                    a.starts_at + Duration::days(1 + i64::from(booked_partnerships % 2) * 7);
                if let Ok(new) = crate::diary::reoffer(store, Actor::System, stored, a, after).await
                    && new.starts_at < now
                {
                    let day = zone.local(new.starts_at).date();
                    demo.partnership(&new, day, Outcome::Attended).await?;
                }
            }
        }
    }
    // Episodes begun last quarter close about ten weeks on, but for the
    // clinician whose caseload runs high.
    for (id, who, day) in &demo.started {
        let closed_on = *day + Duration::days(70);
        if who != HEAVY_CASELOAD && *day < q.start() && closed_on <= today {
            store
                .close_episode(Actor::System, stored.id, *id, closed_on)
                .await?;
        }
    }
    Ok(())
}

/// The families as they are booked.
struct Families<'a> {
    store: &'a Store,
    team: TeamId,
    /// Families numbered so far (their local references AV-0001 ...).
    n: u32,
    /// Families seen at Choice, not yet booked into a Partnership: client,
    /// Choice appointment, its day.
    seen_at_choice: VecDeque<(ClientId, AppointmentId, NaiveDate)>,
    /// First Partnership appointments attended: id, clinician, day.
    started: Vec<(AppointmentId, String, NaiveDate)>,
}

impl Families<'_> {
    /// A new family, its referral accepted on `accepted_on`. Local
    /// references only: no NHIs in a demo.
    async fn family(&mut self, accepted_on: Option<NaiveDate>) -> Result<ClientId, DemoError> {
        self.n += 1;
        let key = ClientKey::local(&format!("AV-{:04}", self.n))?;
        Ok(self
            .store
            .find_or_create_client(Actor::System, self.team, &key, None, accepted_on)
            .await?
            .id)
    }

    /// A Choice appointment held: a family referred one to seven weeks
    /// before, seen (one in twelve did not come).
    async fn choice(&mut self, a: &Appointment, day: NaiveDate) -> Result<(), DemoError> {
        let accepted = day - Duration::days(7 + i64::from(self.n * 11 % 43));
        let client = self.family(Some(accepted)).await?;
        self.store.book(Actor::System, a.id, client, None).await?;
        let outcome = if self.n % 12 == 5 {
            Outcome::Dna
        } else {
            Outcome::Attended
        };
        self.record(a, outcome).await?;
        if outcome == Outcome::Attended {
            self.seen_at_choice.push_back((client, a.id, day));
        }
        Ok(())
    }

    /// A first Partnership appointment held: the family waiting longest
    /// since Choice (at least a week), else a family new to the diary.
    async fn partnership(
        &mut self,
        a: &Appointment,
        day: NaiveDate,
        outcome: Outcome,
    ) -> Result<(), DemoError> {
        let waiting = self
            .seen_at_choice
            .iter()
            .position(|(_, _, seen)| *seen + Duration::days(7) <= day);
        let (client, choice) = match waiting.and_then(|i| self.seen_at_choice.remove(i)) {
            Some((client, choice, _)) => (client, Some(choice)),
            None => (self.family(None).await?, None),
        };
        self.store.book(Actor::System, a.id, client, choice).await?;
        self.record(a, outcome).await?;
        if outcome == Outcome::Attended {
            self.started.push((a.id, a.clinician_initials.clone(), day));
        }
        Ok(())
    }

    /// An appointment later in the quarter, booked ahead.
    async fn ahead(&mut self, a: &Appointment) -> Result<(), DemoError> {
        let client = self.family(None).await?;
        self.store.book(Actor::System, a.id, client, None).await?;
        Ok(())
    }

    /// The outcome, recorded an hour after the appointment began.
    async fn record(&self, a: &Appointment, outcome: Outcome) -> Result<(), DemoError> {
        self.store
            .record_outcome_at(
                Actor::System,
                a.id,
                outcome,
                a.starts_at + Duration::hours(1),
            )
            .await?;
        Ok(())
    }
}

/// NB, a psychiatric registrar who started this quarter: in post, no job
/// plan entered yet.
pub async fn add_new_starter(
    store: &Store,
    team: TeamId,
    q: Quarter,
    today: NaiveDate,
) -> Result<(), DemoError> {
    let clinician = capa_core::Clinician {
        initials: capa_core::Initials::parse("NB")
            .map_err(|e| DemoError::TeamFile(e.to_string()))?,
        name: "Nikau Brown".into(),
        discipline: Some("Psychiatric registrar".into()),
        fte: capa_core::Fte::new(1.0).map_err(|e| DemoError::TeamFile(e.to_string()))?,
        skills: Default::default(),
        streams: Default::default(),
        does_choice: true,
        choice_allocation: None,
        start_date: Some((q.start() + Duration::days(14)).min(today)),
        leaving_date: None,
        job_plans: Vec::new(),
    };
    store.add_clinician(Actor::System, team, &clinician).await?;
    Ok(())
}
