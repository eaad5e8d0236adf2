//! Capacity: each clinician's quarterly targets, and the team's plan against
//! its demand, with every figure explained and the warnings a lead should see.
//!
//! - `targets.rs`: a clinician's quarter before rounding (job plan, working
//!   days in post, long leave) and the rounding rule that makes a quarter
//!   agree with its year.
//! - `explain.rs`: the report's explanations as named fields.
//! - `warnings.rs`: what a lead should look at, per clinician and team.

mod explain;
mod targets;
mod warnings;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::balance::{self, Standing};
use crate::choice::{self, Candidate, InPost};
use crate::clinician::Initials;
use crate::explain::{Explanation, exact, n2, tidy};
use crate::job_plan::SessionCounts;
use crate::multiplier::Multiplier;
use crate::quarter::Quarter;
use crate::settings::Band;
use crate::team::Team;

pub use explain::{ClinicianExplain, TeamExplain};
pub use warnings::Warning;

use targets::{Figure, Raw, raw, rounded};
use warnings::warn;

/// One clinician's capacity in a quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClinicianCapacity {
    /// Initials.
    pub initials: Initials,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: Option<String>,
    /// FTE.
    pub fte: f64,
    /// Whether the clinician does Choice.
    pub does_choice: bool,
    /// The job plan version in force at the quarter's start (`None`: no plan).
    pub job_plan_version: Option<u32>,
    /// Choice sessions per week.
    pub choice_sessions: u32,
    /// Core sessions per week, including free (empty) sessions.
    pub core_sessions: u32,
    /// Specific sessions per week per stream.
    pub specific_sessions: BTreeMap<String, u32>,
    /// Other sessions per week.
    pub other_sessions: u32,
    /// Sessions the clinician works per week (all but not working and leave).
    pub working_sessions: u32,
    /// All session counts by kind and category.
    pub sessions: SessionCounts,
    /// Share of the quarter's working days in post and not on long leave, 0-1.
    pub in_post: f64,
    /// Working days in post and not on long leave.
    pub in_post_days: u32,
    /// Working days in the quarter (the team's weekdays).
    pub quarter_working_days: u32,
    /// Working days of the quarter on long leave.
    pub long_leave_days: u32,
    /// The Core multiplier.
    pub core_multiplier: f64,
    /// New Core Partnerships before rounding.
    pub new_core_unrounded: f64,
    /// New Core Partnerships to start this quarter: the year's cumulative
    /// rounding, the same figure the year shows for the quarter.
    pub new_core_target: u32,
    /// `round(new_core_unrounded)`: the quarter rounded on its own, which
    /// the target differs from only to make the year add up.
    pub new_core_quarter_alone: u32,
    /// Specific targets before rounding, per stream.
    pub specific_unrounded: BTreeMap<String, f64>,
    /// New Specific Partnerships per stream (cumulatively rounded, as Core).
    pub specific_targets: BTreeMap<String, u32>,
    /// Choice appointments allocated this quarter.
    pub choice_allocation: u32,
    /// The unrounded share of the Choice need (0 under the manual policy).
    pub choice_share: f64,
    /// Whole Choice appointments the job plan holds this quarter.
    pub choice_capacity: u32,
    /// Whether the plan holds the allocation.
    pub choice_plan_holds: bool,
    /// Share of the clinician's Partnership sessions that are Core (step 3
    /// of job planning; compare with the team's).
    pub core_specific_share: Option<f64>,
    /// How each figure was computed.
    pub explain: ClinicianExplain,
}

/// The team's totals and its balance against demand in a quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamCapacity {
    /// Team name.
    pub name: String,
    /// Clinicians in the plan.
    pub clinicians: usize,
    /// Sum of FTE.
    pub fte_total: f64,
    /// Session totals by kind.
    pub sessions: SessionCounts,
    /// Choice sessions per week.
    pub choice_sessions: u32,
    /// Core sessions per week.
    pub core_sessions: u32,
    /// Working sessions per week.
    pub working_sessions: u32,
    /// The Core multiplier.
    pub core_multiplier: f64,
    /// New Core Partnerships the team offers this quarter (sum of targets).
    pub new_core_total: u32,
    /// New Specific Partnerships per stream.
    pub specific_totals: BTreeMap<String, u32>,
    /// Multiplier of each Specific stream.
    pub stream_multipliers: BTreeMap<String, f64>,
    /// Accepted referrals per week.
    pub accepted_referrals_per_week: f64,
    /// Choice appointments needed this quarter.
    pub choice_needed: u32,
    /// Choice appointments needed a week (one per accepted referral).
    pub choice_needed_per_week: f64,
    /// Choice sessions the plans need a week to hold the quarter's need.
    pub choice_sessions_needed: u32,
    /// Choice appointments allocated to clinicians.
    pub choice_allocated: u32,
    /// Choice appointments the job plans hold.
    pub choice_capacity: u32,
    /// New Core Partnerships the quarter's referrals need.
    pub core_demand: f64,
    /// New Core total minus Core demand (negative: shortfall).
    pub core_surplus: f64,
    /// New Core total / accepted referrals per week (CAPA: 8-9).
    pub balance_ratio: Option<f64>,
    /// The band for the ratio.
    pub balance_band: Band,
    /// Where the ratio stands.
    pub balance: Standing,
    /// Share of working sessions in Choice + Core (CAPA: 30-40%).
    pub choice_core_share: Option<f64>,
    /// The band for the share.
    pub choice_core_share_band: Band,
    /// Where the share stands.
    pub choice_core_standing: Standing,
    /// Share of the team's Partnership sessions that are Core.
    pub core_specific_share: Option<f64>,
    /// How each figure was computed.
    pub explain: TeamExplain,
}

/// A team's capacity in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityReport {
    /// The quarter.
    pub quarter: Quarter,
    /// The quarter's first day.
    pub starts: NaiveDate,
    /// The quarter's last day.
    pub ends: NaiveDate,
    /// Team totals and balance.
    pub team: TeamCapacity,
    /// Each clinician.
    pub clinicians: Vec<ClinicianCapacity>,
    /// What needs attention.
    pub warnings: Vec<Warning>,
}

/// The multipliers of a team: Core, and each stream's.
struct Multipliers {
    core: Multiplier,
    streams: BTreeMap<String, Multiplier>,
}

impl Multipliers {
    fn of(team: &Team) -> Self {
        let s = &team.settings;
        Self {
            core: Multiplier::core(s),
            streams: s
                .streams
                .iter()
                .filter_map(|st| Multiplier::stream(s, &st.name).map(|m| (st.name.clone(), m)))
                .collect(),
        }
    }
}

/// Every clinician's unrounded figures for the year's quarters up to `q`:
/// `[quarter][clinician]`.
fn year_to(team: &Team, q: Quarter, m: &Multipliers) -> Vec<Vec<Raw>> {
    q.year.quarters()[..usize::from(q.number.clamp(1, 4))]
        .iter()
        .map(|quarter| {
            team.clinicians
                .iter()
                .map(|c| raw(team, c, *quarter, &m.core, &m.streams))
                .collect()
        })
        .collect()
}

/// The team's capacity in a quarter: each clinician's sessions and targets from
/// the job plan in force at the quarter's start, the Choice need and its
/// allocation, and the team's balance against demand. A quarter's target is
/// the one the year's cumulative rounding gives it ([`crate::year::year`]
/// shows the same figures).
pub fn quarter(team: &Team, q: Quarter) -> CapacityReport {
    let m = Multipliers::of(team);
    let raws = year_to(team, q, &m);
    report(team, q, &m, &raws)
}

/// The report of the last quarter in `raws` (the year's quarters to it).
fn report(team: &Team, q: Quarter, m: &Multipliers, raws: &[Vec<Raw>]) -> CapacityReport {
    let s = &team.settings;
    let (working_weeks, weeks_explain) = s.working_weeks_per_quarter();
    let (now, earlier) = raws.split_last().expect("a quarter is in its year");
    let mut warnings = Vec::new();
    let mut clinicians = Vec::new();
    let mut candidates = Vec::new();
    let weekdays = s.layout.days_in_words();

    for (i, (c, r)) in team.clinicians.iter().zip(now).enumerate() {
        let counts = r.counts();
        let version = r.plan.as_ref().map(|(v, _)| *v);
        warnings.extend(warnings::clinician(c, r, q));

        let earlier_core: Vec<f64> = earlier.iter().map(|qs| qs[i].core).collect();
        let core = rounded(
            &Figure {
                what: "Core",
                sessions: counts.core,
                multiplier: &m.core,
                in_post: r.in_post,
            },
            r.core,
            &earlier_core,
        );
        let mut core_explain = core.explain;
        if let Some(n) = pro_rata_note(r, &weekdays) {
            core_explain = core_explain.note(n);
        }
        let mut specific_targets = BTreeMap::new();
        let mut specific_by_stream = BTreeMap::new();
        for (stream, raw_now) in &r.specific {
            let Some(sm) = m.streams.get(stream) else {
                continue;
            };
            let earlier_s: Vec<f64> = earlier
                .iter()
                .map(|qs| qs[i].specific.get(stream).copied().unwrap_or(0.0))
                .collect();
            let what = format!("{stream} Specific");
            let t = rounded(
                &Figure {
                    what: &what,
                    sessions: counts.specific.get(stream).copied().unwrap_or(0),
                    multiplier: sm,
                    in_post: r.in_post,
                },
                *raw_now,
                &earlier_s,
            );
            specific_targets.insert(stream.clone(), t.target);
            specific_by_stream.insert(stream.clone(), t.explain);
        }
        let specific_joined = (!specific_by_stream.is_empty()).then(|| {
            Explanation::new(
                "per stream: Specific sessions per week x the stream's multiplier, rounded half up",
                specific_by_stream
                    .iter()
                    .map(|(s, e)| format!("{s}: {}", e.working))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        });
        let (cs_share, cs_explain) = balance::core_specific(counts.core, counts.specific_total());
        candidates.push(Candidate {
            initials: c.initials.clone(),
            fte: c.fte.get(),
            does_choice: c.does_choice,
            in_post_days: r.in_post.days,
            quarter_days: r.in_post.of,
            manual: c.choice_allocation,
        });
        let explain = ClinicianExplain {
            core_sessions: Explanation::new(
                "sessions of kind Core per week, empty (free) sessions included",
                match version {
                    Some(v) => format!("in job plan {v}: {}", counts.core),
                    None => "no job plan in force: 0".into(),
                },
            ),
            new_core_target: core_explain,
            specific_targets: specific_joined,
            specific_by_stream,
            choice_allocation: Explanation::default(),
            choice_capacity: Explanation::default(),
            core_specific_share: cs_explain,
            in_post: in_post_explain(r, &weekdays),
        };
        clinicians.push(ClinicianCapacity {
            initials: c.initials.clone(),
            name: c.name.clone(),
            discipline: c.discipline.clone(),
            fte: c.fte.get(),
            does_choice: c.does_choice,
            job_plan_version: version,
            choice_sessions: counts.choice,
            core_sessions: counts.core,
            specific_sessions: counts.specific.clone(),
            other_sessions: counts.other_total(),
            working_sessions: counts.working(),
            in_post: r.in_post.share(),
            in_post_days: r.in_post.days,
            quarter_working_days: r.in_post.of,
            long_leave_days: r.long_leave_days,
            core_multiplier: m.core.value,
            new_core_unrounded: r.core,
            new_core_target: core.target,
            new_core_quarter_alone: core.alone,
            specific_unrounded: r.specific.clone(),
            specific_targets,
            choice_allocation: 0,
            choice_share: 0.0,
            choice_capacity: 0,
            choice_plan_holds: true,
            core_specific_share: cs_share,
            explain,
            sessions: counts,
        });
    }

    let (choice_needed, need_explain) = choice::needed_per_quarter(s.accepted_referrals_per_week);
    let (per_week, per_week_explain) = choice::needed_per_week(s.accepted_referrals_per_week);
    let (sessions_needed, sessions_needed_explain) = choice::sessions_needed_per_week(
        choice_needed,
        s.choice_appointments_per_session,
        working_weeks,
    );
    let allocation = choice::allocate(s.choice_allocation, choice_needed, &candidates);
    for (cc, cand) in clinicians.iter_mut().zip(&candidates) {
        let share = allocation.shares.get(&cc.initials);
        let allocated = share.map_or(0, |s| s.allocated);
        let fit = choice::fit(
            cc.choice_sessions,
            s.choice_appointments_per_session,
            working_weeks,
            InPost {
                days: cand.in_post_days,
                of: cand.quarter_days,
            },
            allocated,
        );
        cc.choice_allocation = allocated;
        cc.choice_share = share.map_or(0.0, |s| s.quota);
        cc.choice_capacity = fit.holds;
        cc.choice_plan_holds = fit.fits;
        if !fit.fits {
            warnings.push(warn(
                "choice-plan-short",
                Some(&cc.initials),
                format!(
                    "{}: plan holds {} of {} allocated Choice appointments",
                    cc.initials, fit.holds, allocated
                ),
            ));
        }
        cc.explain.choice_allocation = share.map_or_else(
            || Explanation::new("not allocated", "0"),
            |s| s.explain.clone(),
        );
        cc.explain.choice_capacity = fit.explain;
    }

    let mut sessions = SessionCounts::default();
    for c in &clinicians {
        sessions.add(&c.sessions);
    }
    let new_core_total: u32 = clinicians.iter().map(|c| c.new_core_target).sum();
    let mut specific_totals: BTreeMap<String, u32> =
        s.streams.iter().map(|st| (st.name.clone(), 0)).collect();
    for c in &clinicians {
        for (st, n) in &c.specific_targets {
            *specific_totals.entry(st.clone()).or_default() += n;
        }
    }
    let choice_capacity = clinicians.iter().map(|c| c.choice_capacity).sum();
    let (core_demand, demand_explain) =
        balance::core_demand(s.accepted_referrals_per_week, s.conversion_to_core);
    let (ratio, standing, ratio_explain) = balance::ratio(
        new_core_total,
        s.accepted_referrals_per_week,
        s.balance_band,
    );
    let working = sessions.working();
    let (share, share_standing, share_explain) = balance::choice_core_share(
        sessions.choice,
        sessions.core,
        working,
        s.choice_core_share_band,
    );
    let (team_cs, team_cs_explain) =
        balance::core_specific(sessions.core, sessions.specific_total());

    warnings.extend(warnings::team(&warnings::TeamFigures {
        accepted_referrals_per_week: s.accepted_referrals_per_week,
        choice_needed,
        anyone_does_choice: candidates
            .iter()
            .any(|c| c.does_choice && c.in_post_days > 0),
        choice_allocated: allocation.total,
        new_core_total,
        core_demand,
        balance: standing,
        balance_note: ratio_explain.notes.last().cloned().unwrap_or_default(),
        share,
        share_standing,
    }));

    let explain = TeamExplain {
        new_core_total: Explanation::new(
            "sum of the clinicians' new Core targets",
            if clinicians.is_empty() {
                "no clinicians: 0".into()
            } else {
                format!(
                    "{} = {new_core_total}",
                    clinicians
                        .iter()
                        .map(|c| c.new_core_target.to_string())
                        .collect::<Vec<_>>()
                        .join(" + ")
                )
            },
        ),
        core_multiplier: m.core.explain.clone(),
        working_weeks_per_quarter: weeks_explain,
        choice_needed: need_explain,
        choice_needed_per_week: per_week_explain,
        choice_sessions_needed: sessions_needed_explain,
        choice_allocated: allocation.explain.clone(),
        core_demand: demand_explain,
        core_surplus: Explanation::new(
            "new Core Partnerships - Core demand",
            format!(
                "{new_core_total} - {} = {}",
                n2(core_demand),
                n2(f64::from(new_core_total) - tidy(core_demand))
            ),
        ),
        balance_ratio: ratio_explain,
        choice_core_share: share_explain,
        core_specific_share: team_cs_explain,
    };

    CapacityReport {
        quarter: q,
        starts: q.start(),
        ends: q.end_exclusive().pred_opt().unwrap_or(q.start()),
        team: TeamCapacity {
            name: s.name.clone(),
            clinicians: clinicians.len(),
            fte_total: tidy(team.clinicians.iter().map(|c| c.fte.get()).sum()),
            choice_sessions: sessions.choice,
            core_sessions: sessions.core,
            working_sessions: working,
            sessions,
            core_multiplier: m.core.value,
            new_core_total,
            specific_totals,
            stream_multipliers: m
                .streams
                .iter()
                .map(|(k, m)| (k.clone(), m.value))
                .collect(),
            accepted_referrals_per_week: s.accepted_referrals_per_week,
            choice_needed,
            choice_needed_per_week: per_week,
            choice_sessions_needed: sessions_needed,
            choice_allocated: allocation.total,
            choice_capacity,
            core_demand: tidy(core_demand),
            core_surplus: tidy(f64::from(new_core_total) - core_demand),
            balance_ratio: ratio.map(tidy),
            balance_band: s.balance_band,
            balance: standing,
            choice_core_share: share.map(tidy),
            choice_core_share_band: s.choice_core_share_band,
            choice_core_standing: share_standing,
            core_specific_share: team_cs,
            explain,
        },
        clinicians,
        warnings,
    }
}

/// The reports of every quarter of a year, from one pass over its figures.
pub(crate) fn year_reports(team: &Team, year: crate::quarter::PlanningYear) -> Vec<CapacityReport> {
    let m = Multipliers::of(team);
    let last = year.quarters()[3];
    let raws = year_to(team, last, &m);
    year.quarters()
        .iter()
        .enumerate()
        .map(|(k, q)| report(team, *q, &m, &raws[..=k]))
        .collect()
}

fn pro_rata_note(r: &Raw, weekdays: &str) -> Option<String> {
    (!r.in_post.is_whole()).then(|| {
        let mut note = format!(
            "pro rata: {} of the quarter's {} working days ({weekdays}) count",
            r.in_post.days, r.in_post.of
        );
        if r.long_leave_days > 0 {
            note.push_str(&format!(
                "; {} in post, less {} on long leave ({})",
                r.days_in_post,
                r.long_leave_days,
                r.long_leave.join(", ")
            ));
        }
        note
    })
}

fn in_post_explain(r: &Raw, weekdays: &str) -> Explanation {
    let formula =
        "(working days in post - working days on long leave) / working days in the quarter";
    let share = r.in_post.share();
    let working = if r.in_post.of == 0 {
        "no working days in the quarter: 0".to_string()
    } else {
        format!(
            "({} - {}) / {} = {}",
            r.days_in_post,
            r.long_leave_days,
            r.in_post.of,
            exact(share)
        )
    };
    Explanation::new(formula, working).note(format!(
        "working days are the team's {weekdays}; public holidays and ordinary leave count, as the working weeks allow for them"
    ))
}
