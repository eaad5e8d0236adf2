//! The model's deterministic inputs as data: the diary it books into (every
//! offer and slot, when each is published, the sessions held back for
//! re-offers), seats, episode lengths and shares. `capa forecast inputs`
//! prints them, so a forecast can be checked by hand or rebuilt elsewhere
//! (the SimPy benchmark runs the same model on them).

use serde::Serialize;

use super::diary::{State, Table};
use super::plan::{self, Plan};
use super::timeline::{ACCEPT_FROM, ACCEPT_MINUTES};
use super::{ForecastError, ForecastInput, Start};

/// A table of diary entries, in time order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntriesOut {
    /// Start, minutes from the first simulated midnight.
    pub time: Vec<u32>,
    /// Clinician index.
    pub clinician: Vec<u16>,
    /// Quarter index.
    pub quarter: Vec<u16>,
    /// State at minute 0: `vacant`, `booked`, `unpublished` (published later)
    /// or `reserve` (published only as a re-offer).
    pub state: Vec<&'static str>,
}

fn entries(t: &Table) -> EntriesOut {
    EntriesOut {
        time: t.time.clone(),
        clinician: t.clinician.clone(),
        quarter: t.quarter.clone(),
        state: t
            .initial
            .iter()
            .map(|s| match s {
                State::Unpublished => "unpublished",
                State::Reserve => "reserve",
                State::Vacant => "vacant",
                State::Booked => "booked",
                State::Attended => "attended",
                State::Dna => "dna",
                State::Expired => "expired",
            })
            .collect(),
    }
}

/// Everything a replication starts from, for an empty start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInputs {
    /// The first simulated day.
    pub start: chrono::NaiveDate,
    /// Weeks simulated, warm-up included.
    pub weeks: u32,
    /// Weeks of warm-up.
    pub warm_up_weeks: u32,
    /// Expected referrals in each week.
    pub week_rate: Vec<f64>,
    /// Offsets (days) of each week's five weekdays.
    pub weekdays: Vec<u32>,
    /// Per week, the offsets of the days referrals are accepted on: the
    /// weekdays that are not public holidays (a week's rate is spread over them).
    pub accept_days: Vec<Vec<u32>>,
    /// Referrals are accepted from this minute of a weekday ...
    pub accept_from: u32,
    /// ... for this many minutes.
    pub accept_minutes: u32,
    /// Kinds of Partnership: Core, then the streams.
    pub kinds: Vec<String>,
    /// Clinicians' initials.
    pub clinicians: Vec<String>,
    /// Choice slots.
    pub choice: EntriesOut,
    /// First-Partnership offers, per kind.
    pub offers: Vec<EntriesOut>,
    /// Per kind and clinician, the reserve entries (indices into `offers`).
    pub reserve: Vec<Vec<Vec<u32>>>,
    /// (minute, [(table, entry)]): table `kinds.len()` is Choice.
    pub publications: Vec<(u32, Vec<(u8, u32)>)>,
    /// Seats for ongoing appointments, `[(clinician x kinds + kind) x weeks + week]`.
    pub seats: Vec<u16>,
    /// Per kind, P(1 appointment), P(2) ...
    pub lengths: Vec<Vec<f64>>,
    /// Per kind, P(0), P(1) ... of the weekly visits after the first
    /// appointment, misses included (drawn once when an episode starts).
    pub visits: Vec<Vec<f64>>,
    /// Cumulative shares of Choice outcomes (Core, then each stream).
    pub outcome: Vec<f64>,
    /// Cumulative shares of skill needs.
    pub needs: Vec<f64>,
    /// Per clinician, bit i set when they meet need i.
    pub meets: Vec<u32>,
    /// Per clinician and kind, whether they work in it.
    pub in_kind: Vec<Vec<bool>>,
    /// (clinician, minute after their last day).
    pub leavers: Vec<(u16, u32)>,
    /// Share of Choice appointments missed.
    pub choice_dna: f64,
    /// Share of Partnership appointments missed.
    pub partnership_dna: f64,
    /// Choice DNAs that close a referral.
    pub close_after: u8,
    /// Share of families taking the earlier of two Choice slots.
    pub earlier_choice: f64,
    /// The team's limit on the internal wait, in minutes: a family whose
    /// earliest fitting offer starts later goes on the managed list.
    pub max_wait_minutes: u32,
}

/// The deterministic inputs of a forecast from an empty diary.
pub fn inputs(input: &ForecastInput) -> Result<ModelInputs, ForecastError> {
    if matches!(input.start, Start::Snapshot(_)) {
        return Err(ForecastError::Snapshot(
            "the model's inputs are exported for an empty start only".into(),
        ));
    }
    let p: Plan = plan::build(input)?;
    Ok(ModelInputs {
        start: p.timeline.start,
        weeks: p.timeline.weeks,
        warm_up_weeks: p.timeline.warm_up,
        week_rate: p.week_rate.clone(),
        weekdays: p.timeline.weekdays.clone(),
        accept_days: p.accept_days.clone(),
        accept_from: ACCEPT_FROM,
        accept_minutes: ACCEPT_MINUTES,
        kinds: p.kinds.iter().map(ToString::to_string).collect(),
        clinicians: p.initials.clone(),
        choice: entries(&p.choice),
        offers: p.offers.iter().map(entries).collect(),
        reserve: p.reserve.clone(),
        publications: p
            .publications
            .iter()
            .map(|(minute, parts)| {
                let entries = parts
                    .iter()
                    .flat_map(|part| part.entries.iter().map(move |&i| (part.table, i)))
                    .collect();
                (*minute, entries)
            })
            .collect(),
        seats: p.seats.clone(),
        lengths: p
            .lengths
            .iter()
            .map(|l| (1..=l.max()).map(|k| l.probability(k)).collect())
            .collect(),
        visits: p.visits.iter().map(|v| v.probabilities()).collect(),
        outcome: p.outcome.clone(),
        needs: p.needs.clone(),
        meets: p.meets.clone(),
        in_kind: p.in_kind.clone(),
        leavers: p.leavers.clone(),
        choice_dna: p.choice_dna,
        partnership_dna: p.partnership_dna,
        close_after: p.close_after,
        earlier_choice: p.earlier_choice,
        max_wait_minutes: p.max_wait,
    })
}
