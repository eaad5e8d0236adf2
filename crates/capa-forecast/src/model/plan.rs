//! Everything a replication needs that does not depend on chance, built once:
//! the diary ([`super::diary`]), each clinician's weekly appointment seats,
//! episode lengths, outcome shares, the weekly referral rate and the starting
//! state.

use std::collections::BTreeMap;

use capa_core::diary::SlotKind;
use capa_core::settings::MultiplierRule;
use capa_core::{Clinician, capacity};
use chrono::NaiveDate;

use super::diary::{
    PlanQuarter, SessionQuery, State, Table, TableBuilder, publication, quarters, slot_minute,
};
use super::episode::{Lengths, Visits};
use super::settings::EpisodeLengths;
use super::start;
use super::timeline::{DAY, Timeline};
use super::{ForecastError, ForecastInput, Start};

/// The entries of one table a publication makes vacant.
#[derive(Debug, Clone)]
pub(crate) struct Publication {
    /// The table: a kind's offers, or `kinds.len()` for Choice.
    pub table: u8,
    /// The entries, in time order.
    pub entries: Vec<u32>,
    /// Their vacancy bits: (word, mask).
    pub words: Vec<(u32, u64)>,
    pub first: u32,
    pub last: u32,
}

impl Publication {
    fn new(table: u8, mut entries: Vec<u32>) -> Self {
        entries.sort_unstable();
        let mut words: Vec<(u32, u64)> = Vec::new();
        for &i in &entries {
            let (w, bit) = (i / 64, 1u64 << (i % 64));
            match words.last_mut() {
                Some((last, mask)) if *last == w => *mask |= bit,
                _ => words.push((w, bit)),
            }
        }
        Self {
            table,
            first: entries.first().copied().unwrap_or(0),
            last: entries.last().copied().unwrap_or(0),
            entries,
            words,
        }
    }
}

/// Families and caseloads at minute 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct Initial {
    /// Accepted referrals without a Choice booking: (accepted day, DNAs).
    pub awaiting: Vec<(i32, u8)>,
    /// Booked Choice slots: (entry, accepted day, DNAs).
    pub choice_booked: Vec<(u32, i32, u8)>,
    /// Booked first-Partnership offers: (kind, entry, Choice day).
    pub partnership_booked: Vec<(u8, u32, i32)>,
    /// The managed list: (kind, Choice day).
    pub managed: Vec<(u8, i32)>,
    /// Open episodes: (clinician, kind, how many).
    pub caseload: Vec<(u16, u8, u32)>,
}

/// The deterministic half of a forecast.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub timeline: Timeline,
    /// Kinds of Partnership: Core, then each stream.
    pub kinds: Vec<SlotKind>,
    pub quarters: Vec<PlanQuarter>,
    /// First-Partnership offers per kind.
    pub offers: Vec<Table>,
    /// Reserve entries per kind and clinician.
    pub reserve: Vec<Vec<Vec<u32>>>,
    pub choice: Table,
    /// The first Choice slot of each day, for the second slot on another day.
    pub choice_days: Vec<u32>,
    /// Later publications: (minute, the entries of each table it publishes).
    pub publications: Vec<(u32, Vec<Publication>)>,
    /// Vacancy bits at minute 0, per offers table and for Choice.
    pub offer_bits: Vec<Vec<u64>>,
    pub choice_bits: Vec<u64>,
    /// Offers published per clinician and quarter (`[c x quarters + q]`):
    /// those at minute 0 and those of publications inside the period.
    /// Re-offers come on top.
    pub published: Vec<u32>,
    /// Seats for ongoing appointments: `[(clinician x kinds + kind) x weeks + week]`.
    pub seats: Vec<u16>,
    pub lengths: Vec<Lengths>,
    /// Weekly visits after the first appointment, misses included, per kind.
    pub visits: Vec<Visits>,
    /// Visits left of an episode under way (a snapshot's open caseload).
    pub residual: Vec<Visits>,
    /// Cumulative shares of Choice outcomes: Core, then each stream.
    pub outcome: Vec<f64>,
    /// Cumulative shares of skill needs.
    pub needs: Vec<f64>,
    /// Per clinician, bit i set when they meet need i.
    pub meets: Vec<u32>,
    /// Whether each clinician works in each kind (Core: all; a stream: its members).
    pub in_kind: Vec<Vec<bool>>,
    /// Expected referrals in each week.
    pub week_rate: Vec<f64>,
    /// Per week, the days (offsets 0-6) on which referrals are accepted:
    /// weekdays that are not public holidays.
    pub accept_days: Vec<Vec<u32>>,
    pub initial: Initial,
    /// (clinician, minute after their last day) for leavers inside the period.
    pub leavers: Vec<(u16, u32)>,
    pub choice_dna: f64,
    pub partnership_dna: f64,
    pub close_after: u8,
    pub earlier_choice: f64,
    /// The team's `max_wait_weeks` in minutes: the managed-list rule books
    /// only offers starting within it.
    pub max_wait: u32,
    /// Clinicians' initials.
    pub initials: Vec<String>,
    /// Mean appointments per episode, per kind.
    pub mean_lengths: Vec<f64>,
    /// Appointments a session holds, per kind.
    pub seats_per_session: Vec<f64>,
    /// Choice slots in each quarter (the plan's, or the snapshot's).
    pub choice_per_quarter: Vec<u32>,
}

impl Plan {
    /// Seats of a clinician for a kind in a week.
    pub fn seat(&self, c: usize, k: usize, w: u32) -> u16 {
        self.seats[(c * self.kinds.len() + k) * self.timeline.weeks as usize + w as usize]
    }

    /// The minute the forecast proper starts.
    pub fn report_start(&self) -> u32 {
        self.timeline.warm_up * super::timeline::WEEK
    }
}

/// Appointments a session holds and the mean episode, for Core or a stream.
pub(crate) fn kind_figures(input: &ForecastInput, kind: &SlotKind) -> (f64, f64) {
    let s = &input.team.settings;
    let (ww, _) = s.working_weeks_per_quarter();
    let default_aps = input.settings.appointments_per_session;
    let from_rule = |rule: &MultiplierRule| match rule {
        MultiplierRule::Derived {
            appointments_per_session,
            average_appointments,
            ..
        } => (*appointments_per_session, *average_appointments),
        MultiplierRule::Fixed { value } => (
            default_aps,
            if *value > 0.0 {
                default_aps * ww / value
            } else {
                7.5
            },
        ),
    };
    let core = from_rule(&s.core_multiplier);
    match kind {
        SlotKind::Specific(name) => s
            .streams
            .iter()
            .find(|st| st.name.eq_ignore_ascii_case(name))
            .and_then(|st| st.multiplier.as_ref())
            .map_or(core, from_rule),
        _ => core,
    }
}

/// Whether a clinician meets a skill need: capa-core's skill rule, on the
/// team's spelling of the domain.
pub(crate) fn meets_need(c: &Clinician, domain: &str, level: capa_core::SkillLevel) -> bool {
    c.has_skill(&capa_core::clinician::skill_domain(domain), level)
}

/// The days of each week on which referrals are accepted (capa-core's
/// working days: Monday to Friday, not a public holiday), and the weekly
/// rates with the referrals of a week without one accepted in the next week
/// that has one: a holiday moves referrals to the other days, it does not
/// lose them.
fn accepting(
    input: &ForecastInput,
    timeline: &Timeline,
    mut week_rate: Vec<f64>,
) -> (Vec<f64>, Vec<Vec<u32>>) {
    let days: Vec<Vec<u32>> = (0..timeline.weeks)
        .map(|w| {
            (0..7)
                .filter(|d| {
                    capa_core::diary::holidays::is_working_day(
                        timeline.date(w * 7 + d),
                        &input.holidays,
                    )
                })
                .collect()
        })
        .collect();
    let mut carried = 0.0;
    for (rate, open) in week_rate.iter_mut().zip(&days) {
        if open.is_empty() {
            carried += *rate;
            *rate = 0.0;
        } else {
            *rate += carried;
            carried = 0.0;
        }
    }
    (week_rate, days)
}

/// Builds the plan of a forecast.
pub(crate) fn build(input: &ForecastInput) -> Result<Plan, ForecastError> {
    let team = &input.team;
    let s = &team.settings;
    let problems = input
        .settings
        .problems(&s.stream_names(), s.conversion_to_core);
    if !problems.is_empty() {
        return Err(ForecastError::Settings(problems));
    }
    let f = &input.settings;
    let today = input.start.today();
    let (start, warm_up, weeks) = match &input.start {
        Start::Empty { .. } => (
            today - chrono::Days::new(7 * u64::from(f.warm_up_weeks)),
            f.warm_up_weeks,
            f.weeks.unwrap_or(52),
        ),
        Start::Snapshot(_) => (today, 0, f.weeks.unwrap_or(26)),
    };
    let timeline = Timeline::new(start, warm_up, weeks);
    let kinds: Vec<SlotKind> = std::iter::once(SlotKind::Core)
        .chain(
            s.streams
                .iter()
                .map(|st| SlotKind::Specific(st.name.clone())),
        )
        .collect();
    let n = team.clinicians.len();
    let quarters = quarters(input, &timeline);
    let snapshot = match &input.start {
        Start::Snapshot(snap) => Some(snap),
        Start::Empty { .. } => None,
    };
    let leave: Vec<Vec<(NaiveDate, NaiveDate)>> = team
        .clinicians
        .iter()
        .map(|c| {
            // The team's own leave, then any the forecast adds.
            team.leave
                .iter()
                .filter(|l| l.clinician == c.initials)
                .map(|l| (l.first_day, l.last_day))
                .chain(
                    input
                        .leave
                        .iter()
                        .filter(|l| l.clinician == c.initials)
                        .map(|l| (l.from, l.to)),
                )
                .collect()
        })
        .collect();
    let mut initial = Initial::default();

    let diary = match snapshot {
        Some(snap) => start::read(input, snap, &timeline, &quarters, &kinds, &mut initial)?,
        None => start::SnapshotDiary::default(),
    };

    let mut builders: Vec<TableBuilder> = kinds.iter().map(|_| TableBuilder::default()).collect();
    let mut choice_builder = TableBuilder::default();
    let mut choice_per_quarter = vec![0u32; quarters.len()];
    let mut booked_offers: Vec<(u8, i32)> = Vec::new();
    let mut booked_slots: Vec<(i32, u8)> = Vec::new();
    let in_kind: Vec<Vec<bool>> = team
        .clinicians
        .iter()
        .map(|c| {
            kinds
                .iter()
                .map(|k| match k {
                    SlotKind::Specific(st) => c.works_in_stream(st),
                    _ => true,
                })
                .collect()
        })
        .collect();
    for (qi, pq) in quarters.iter().enumerate() {
        let q = pq.quarter;
        let report = capacity::quarter(team, q);
        let publish = publication(input, &timeline, q);
        let passed = snapshot.is_some_and(|snap| {
            capa_core::diary::sheet::deadline(q, s.diary_notice_weeks).0 <= snap.today
        });
        let initial_state = |publish: u32| {
            if publish == 0 {
                State::Vacant
            } else {
                State::Unpublished
            }
        };
        for (c, cl) in team.clinicians.iter().enumerate() {
            for (k, kind) in kinds.iter().enumerate() {
                if !in_kind[c][k] {
                    continue;
                }
                let from_snapshot = diary.offers.get(&(c, k, qi));
                let taken: Vec<(NaiveDate, usize)> = from_snapshot
                    .map(|v| v.iter().map(|e| (e.date, e.row)).collect())
                    .unwrap_or_default();
                let query = SessionQuery {
                    input,
                    clinician: cl,
                    leave: &leave[c],
                    quarter: q,
                    kind,
                    taken: &taken,
                };
                let b = &mut builders[k];
                if passed || from_snapshot.is_some() {
                    for e in from_snapshot.into_iter().flatten() {
                        match e.booked {
                            Some(day) => {
                                b.push_booked(e.minute, c, qi, booked_offers.len());
                                booked_offers.push((k as u8, day));
                            }
                            None => b.push(e.minute, c, qi, State::Vacant, 0),
                        }
                    }
                    for slot in query.candidates() {
                        if let Some(m) = slot_minute(&timeline, &slot) {
                            b.push(m, c, qi, State::Reserve, 0);
                        }
                    }
                } else {
                    let (published, reserve) = query.proposal(&report);
                    for slot in &published {
                        if let Some(m) = slot_minute(&timeline, slot) {
                            b.push(m, c, qi, initial_state(publish), publish);
                        }
                    }
                    for slot in &reserve {
                        if let Some(m) = slot_minute(&timeline, slot) {
                            b.push(m, c, qi, State::Reserve, 0);
                        }
                    }
                }
            }
            if !cl.does_choice {
                continue;
            }
            let from_snapshot = diary.slots.get(&(c, qi));
            if passed || from_snapshot.is_some() {
                for e in from_snapshot.into_iter().flatten() {
                    choice_per_quarter[qi] += 1;
                    match e.booked {
                        Some(b) => {
                            choice_builder.push_booked(e.minute, c, qi, booked_slots.len());
                            booked_slots.push(b);
                        }
                        None => choice_builder.push(e.minute, c, qi, State::Vacant, 0),
                    }
                }
            } else {
                let query = SessionQuery {
                    input,
                    clinician: cl,
                    leave: &leave[c],
                    quarter: q,
                    kind: &SlotKind::Choice,
                    taken: &[],
                };
                for slot in query.candidates() {
                    if let Some(m) = slot_minute(&timeline, &slot) {
                        choice_per_quarter[qi] += 1;
                        choice_builder.push(m, c, qi, initial_state(publish), publish);
                    }
                }
            }
        }
    }

    let mut publications: BTreeMap<u32, Vec<(u8, u32)>> = BTreeMap::new();
    let mut offers = Vec::new();
    let mut reserve = Vec::new();
    for (k, b) in builders.into_iter().enumerate() {
        let sorted = b.finish(n);
        for (m, i) in sorted.publications {
            publications.entry(m).or_default().push((k as u8, i));
        }
        for (booking, entry) in sorted.bookings {
            let (kind, day) = booked_offers[booking];
            initial.partnership_booked.push((kind, entry, day));
        }
        offers.push(sorted.table);
        reserve.push(sorted.reserve);
    }
    let sorted = choice_builder.finish(n);
    for (m, i) in sorted.publications {
        publications
            .entry(m)
            .or_default()
            .push((kinds.len() as u8, i));
    }
    for (booking, entry) in sorted.bookings {
        let (day, dnas) = booked_slots[booking];
        initial.choice_booked.push((entry, day, dnas));
    }
    let choice = sorted.table;
    let choice_days = super::sim::day_starts(&choice.time);
    let end_minute = timeline.weeks * super::timeline::WEEK;
    let nq = quarters.len();
    let mut published = vec![0u32; n * nq];
    for t in &offers {
        for ((s, c), q) in t.initial.iter().zip(&t.clinician).zip(&t.quarter) {
            if matches!(s, State::Vacant | State::Booked) {
                published[*c as usize * nq + *q as usize] += 1;
            }
        }
    }
    let publications: Vec<(u32, Vec<Publication>)> = publications
        .into_iter()
        .map(|(minute, entries)| {
            let mut by_table: BTreeMap<u8, Vec<u32>> = BTreeMap::new();
            for (table, i) in entries {
                by_table.entry(table).or_default().push(i);
                if minute <= end_minute && (table as usize) < kinds.len() {
                    let t = &offers[table as usize];
                    published
                        [t.clinician[i as usize] as usize * nq + t.quarter[i as usize] as usize] +=
                        1;
                }
            }
            (
                minute,
                by_table
                    .into_iter()
                    .map(|(table, entries)| Publication::new(table, entries))
                    .collect(),
            )
        })
        .collect();
    let offer_bits = offers
        .iter()
        .map(|t| super::sim::vacancy_bits(&t.initial))
        .collect();
    let choice_bits = super::sim::vacancy_bits(&choice.initial);

    // Seats for ongoing appointments: every session of the kind in each
    // quarter, as capa-core's proposals find them (job plan in force on the
    // day, in post, not on leave or a public holiday), at the kind's
    // appointments a session.
    let figures: Vec<(f64, f64)> = kinds.iter().map(|k| kind_figures(input, k)).collect();
    let weeks_total = timeline.weeks as usize;
    let mut seats_f = vec![0.0f64; n * kinds.len() * weeks_total];
    for pq in &quarters {
        for (c, cl) in team.clinicians.iter().enumerate() {
            for (k, kind) in kinds.iter().enumerate() {
                let query = SessionQuery {
                    input,
                    clinician: cl,
                    leave: &leave[c],
                    quarter: pq.quarter,
                    kind,
                    taken: &[],
                };
                for slot in query.candidates() {
                    let day = timeline.day(slot.date);
                    if day >= 0 && (day as usize) < weeks_total * 7 {
                        let w = day as usize / 7;
                        seats_f[(c * kinds.len() + k) * weeks_total + w] += figures[k].0;
                    }
                }
            }
        }
    }
    let seats = seats_f
        .iter()
        .map(|x| (x + 1e-9).floor().min(f64::from(u16::MAX)) as u16)
        .collect();

    let mut lengths = Vec::new();
    for (k, (_, mean)) in figures.iter().enumerate() {
        let drawn = match (&f.episode_lengths, k) {
            (
                EpisodeLengths::DischargeHistogram {
                    counts,
                    choice_max_ff,
                    core_range_max_ff,
                },
                0,
            ) => Lengths::from_ff_counts(counts, choice_max_ff + 1, *core_range_max_ff),
            _ => None,
        };
        lengths.push(drawn.unwrap_or_else(|| Lengths::gamma_poisson(*mean, f.length_shape)));
    }
    let visits: Vec<Visits> = lengths
        .iter()
        .map(|l| Visits::new(l, f.partnership_dna))
        .collect();
    let residual = visits.iter().map(Visits::residual).collect();
    let mut outcome = vec![s.conversion_to_core];
    for st in &s.streams {
        let share = f
            .specific_conversion
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&st.name))
            .map_or(0.0, |(_, v)| *v);
        outcome.push(outcome.last().copied().unwrap_or(0.0) + share);
    }
    let mut needs = Vec::new();
    for need in &f.skill_needs {
        needs.push(needs.last().copied().unwrap_or(0.0) + need.share);
    }
    let meets = team
        .clinicians
        .iter()
        .map(|c| {
            f.skill_needs
                .iter()
                .enumerate()
                .filter(|(_, need)| meets_need(c, &need.domain, need.level))
                .fold(0u32, |bits, (i, _)| bits | (1 << i))
        })
        .collect();
    let week_rate = (0..timeline.weeks)
        .map(|w| {
            let factor = if f.weekly_profile.is_empty() {
                1.0
            } else {
                let i = (timeline.iso_week(w) as usize).saturating_sub(1);
                f.weekly_profile
                    .get(i)
                    .or(f.weekly_profile.last())
                    .copied()
                    .unwrap_or(1.0)
            };
            s.accepted_referrals_per_week * factor
        })
        .collect();
    let (week_rate, accept_days) = accepting(input, &timeline, week_rate);
    let leavers = team
        .clinicians
        .iter()
        .enumerate()
        .filter_map(|(c, cl)| {
            let last = cl.leaving_date?;
            let after = timeline.day(last) + 1;
            (after > 0 && (after as u32) < timeline.weeks * 7)
                .then(|| (c as u16, after as u32 * DAY))
        })
        .collect();
    Ok(Plan {
        timeline,
        quarters,
        offers,
        reserve,
        choice,
        choice_days,
        publications,
        offer_bits,
        choice_bits,
        published,
        seats,
        visits,
        residual,
        mean_lengths: lengths.iter().map(Lengths::mean).collect(),
        lengths,
        outcome,
        needs,
        meets,
        in_kind,
        week_rate,
        accept_days,
        initial,
        leavers,
        choice_dna: f.choice_dna,
        partnership_dna: f.partnership_dna,
        close_after: f.choice_dnas_to_close.min(250) as u8,
        earlier_choice: f.earlier_choice_share,
        max_wait: s.max_wait_weeks.min(52 * 20) * super::timeline::WEEK,
        initials: team
            .clinicians
            .iter()
            .map(|c| c.initials.to_string())
            .collect(),
        seats_per_session: figures.iter().map(|f| f.0).collect(),
        choice_per_quarter,
        kinds,
    })
}
