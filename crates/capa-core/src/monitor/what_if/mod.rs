//! The leaver and maternity what-if. The seed: "Can the person who is running
//! up to maternity leave use their capacity for Choice and free someone else
//! up for their Core Partnership allocation?" A Core Partnership takes about
//! 7 appointments over weeks; a Choice appointment is done in one. So a
//! clinician who will soon be away swaps their Core sessions for another
//! clinician's Choice sessions: the team keeps its Choice and Core sessions,
//! and new Partnerships go to someone who will be there to finish them.
//!
//! Targets before and after come from [`capacity::quarter`] on the team with
//! and without the proposed job plans; the proposed plans are ordinary
//! [`JobPlan`] versions for the store to save.

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::activity::Activity;
use crate::capacity::{self, CapacityReport, ClinicianCapacity, Warning};
use crate::clinician::Initials;
use crate::explain::Explanation;
use crate::job_plan::JobPlan;
use crate::quarter::Quarter;
use crate::settings::ChoicePolicy;
use crate::team::Team;

use super::facts::LeavePeriod;

mod lost;

pub use lost::CapacityLost;

/// Why a clinician will not be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Absence {
    /// Leaving the team; `last_day` is their last day.
    Leaving {
        /// Last day in the team.
        last_day: NaiveDate,
    },
    /// Leave (maternity, parental, long-term), first and last day included.
    Leave {
        /// First day away.
        first_day: NaiveDate,
        /// Last day away.
        last_day: NaiveDate,
    },
}

impl Absence {
    /// The absence to plan for as of `today`: the clinician's leaving date if
    /// they have one on or after `today`, otherwise their first leave that
    /// has not ended by `today` (leave as the diary records it).
    pub fn upcoming(
        leaving_date: Option<NaiveDate>,
        leave: &[LeavePeriod],
        today: NaiveDate,
    ) -> Option<Self> {
        if let Some(last_day) = leaving_date.filter(|d| *d >= today) {
            return Some(Self::Leaving { last_day });
        }
        leave
            .iter()
            .filter(|l| l.last_day >= today)
            .min_by_key(|l| l.first_day)
            .map(|l| Self::Leave {
                first_day: l.first_day,
                last_day: l.last_day,
            })
    }
}

/// What to work out.
#[derive(Debug, Clone, Copy)]
pub struct WhatIfRequest<'a> {
    /// The team as it is.
    pub team: &'a Team,
    /// The clinician who will be away.
    pub clinician: &'a Initials,
    /// Their leaving date or leave.
    pub absence: Absence,
    /// The quarter re-planned: the new job plan versions apply from its first
    /// day (targets follow the plan in force at a quarter's start).
    pub quarter: Quarter,
    /// Clinicians to take Choice sessions from, in order; empty lets capa
    /// choose (most Choice sessions first, then larger FTE, then initials).
    pub partners: &'a [Initials],
}

/// A what-if that cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WhatIfError {
    /// The clinician is not in the team.
    #[error("{0} is not a clinician of the team")]
    UnknownClinician(String),
    /// A partner named is not in the team, or is the clinician themself.
    #[error("{0} cannot take over Core sessions: not another clinician of the team")]
    UnknownPartner(String),
    /// The clinician has no job plan in force at the quarter's start.
    #[error("{initials} has no job plan in force on {day}: there are no sessions to move")]
    NoJobPlan {
        /// Who.
        initials: String,
        /// The quarter's first day.
        day: String,
    },
    /// The clinician leaves before the quarter starts.
    #[error("{initials} leaves on {last_day}, before {quarter} starts: re-plan an earlier quarter")]
    GoneBefore {
        /// Who.
        initials: String,
        /// Their last day.
        last_day: String,
        /// The quarter asked for.
        quarter: String,
    },
    /// The absence dates are the wrong way round.
    #[error("the leave's last day {last} is before its first day {first}")]
    LeaveBackwards {
        /// First day given.
        first: String,
        /// Last day given.
        last: String,
    },
}

/// A figure before and after the proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BeforeAfter<T> {
    /// As the team is.
    pub before: T,
    /// With the proposed job plans.
    pub after: T,
}

impl<T: Copy> BeforeAfter<T> {
    fn of(before: T, after: T) -> Self {
        Self { before, after }
    }

    /// Both, as a pair.
    pub fn pair(&self) -> (T, T) {
        (self.before, self.after)
    }
}

/// One session that changes activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionMove {
    /// Whose plan.
    pub clinician: Initials,
    /// The job-plan row (0-based session of the day).
    pub session: usize,
    /// The day column (0-based working day).
    pub day: usize,
    /// What it held.
    pub from: String,
    /// What it will hold.
    pub to: String,
}

/// A job plan version the proposal would save.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposedPlan {
    /// Whose.
    pub clinician: Initials,
    /// The version it copies.
    pub based_on: u32,
    /// The new version, with its `applies_from`.
    pub plan: JobPlan,
    /// Why: the swap, or restoring the earlier plan after leave.
    pub purpose: String,
}

/// A clinician's figures before and after the proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetChange {
    /// Who.
    pub initials: Initials,
    /// Core sessions per week.
    pub core_sessions: BeforeAfter<u32>,
    /// Choice sessions per week.
    pub choice_sessions: BeforeAfter<u32>,
    /// New Core target.
    pub core_target: BeforeAfter<u32>,
    /// Choice appointments the plan holds in the quarter.
    pub choice_capacity: BeforeAfter<u32>,
    /// Choice appointments allocated.
    pub choice_allocation: BeforeAfter<u32>,
}

/// The proposal and its consequences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// Who will be away.
    pub clinician: Initials,
    /// Why.
    pub absence: Absence,
    /// The quarter re-planned.
    pub quarter: Quarter,
    /// The day the new versions apply from.
    pub applies_from: NaiveDate,
    /// What the absence costs in the quarter.
    pub lost: CapacityLost,
    /// Sessions that change.
    pub moves: Vec<SessionMove>,
    /// Job plan versions to save (empty when nothing can be swapped).
    pub plans: Vec<ProposedPlan>,
    /// The clinicians concerned, before and after.
    pub targets: Vec<TargetChange>,
    /// The team's new Core total, before and after.
    pub team_new_core: BeforeAfter<u32>,
    /// The team's Choice capacity, before and after.
    pub team_choice_capacity: BeforeAfter<u32>,
    /// Warnings of the capacity rules that the proposal would bring.
    pub new_warnings: Vec<Warning>,
    /// Things the lead should know.
    pub notes: Vec<String>,
    /// The swap in words.
    pub explain: Explanation,
}

pub(super) fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn line<'r>(r: &'r CapacityReport, who: &Initials) -> Option<&'r ClinicianCapacity> {
    r.clinicians.iter().find(|c| &c.initials == who)
}

/// A job-plan cell: (session row, day column).
type Cell = (usize, usize);

/// A clinician giving up Choice sessions: their index in the team, the plan
/// in force and the cells that become Core.
struct Giver {
    index: usize,
    plan: JobPlan,
    cells: Vec<Cell>,
}

/// Cells of a plan holding an activity, in grid order (session, then day).
fn cells(plan: &JobPlan, wanted: fn(&Activity) -> bool) -> Vec<Cell> {
    let mut out = Vec::new();
    for (s, row) in plan.grid().iter().enumerate() {
        for (d, a) in row.iter().enumerate() {
            if wanted(a) {
                out.push((s, d));
            }
        }
    }
    out
}

/// The first quarter starting on or after `day`.
fn quarter_from(day: NaiveDate, start_month: u32) -> Quarter {
    let q = Quarter::containing(day, start_month);
    if q.start() == day { q } else { q.next() }
}

/// Works out the what-if: the capacity lost in the quarter, and a proposal
/// that moves the clinician's Core sessions to Choice and as many of other
/// clinicians' Choice sessions to Core, from the quarter's first day. For
/// leave, a second set of versions restores the earlier plans from the
/// first quarter after the leave. Specific sessions stay as they are.
pub fn what_if(req: &WhatIfRequest) -> Result<WhatIf, WhatIfError> {
    let q = req.quarter;
    let team = req.team;
    let who = req.clinician;
    let index = team
        .clinicians
        .iter()
        .position(|c| &c.initials == who)
        .ok_or_else(|| WhatIfError::UnknownClinician(who.to_string()))?;
    if let Absence::Leave {
        first_day,
        last_day,
    } = req.absence
        && last_day < first_day
    {
        return Err(WhatIfError::LeaveBackwards {
            first: day(first_day),
            last: day(last_day),
        });
    }
    if let Absence::Leaving { last_day } = req.absence
        && last_day < q.start()
    {
        return Err(WhatIfError::GoneBefore {
            initials: who.to_string(),
            last_day: day(last_day),
            quarter: q.to_string(),
        });
    }
    for p in req.partners {
        if p == who || !team.clinicians.iter().any(|c| &c.initials == p) {
            return Err(WhatIfError::UnknownPartner(p.to_string()));
        }
    }

    // The team as it will be (the leaving date set), and as if in post all quarter.
    let mut before = team.clone();
    let mut full = team.clone();
    full.clinicians[index].leaving_date = None;
    if let Absence::Leaving { last_day } = req.absence {
        before.clinicians[index].leaving_date = Some(last_day);
    }
    let report_before = capacity::quarter(&before, q);
    let report_full = capacity::quarter(&full, q);
    let mine_before = line(&report_before, who).expect("the clinician is in the team");
    let lost = lost::lost(
        req,
        line(&report_full, who).expect("in the team"),
        mine_before,
    );

    let plan = before.clinicians[index]
        .job_plan_on(q.start())
        .cloned()
        .ok_or_else(|| WhatIfError::NoJobPlan {
            initials: who.to_string(),
            day: day(q.start()),
        })?;
    let core_cells = cells(&plan, |a| matches!(a, Activity::Core));

    // Who gives up Choice: named partners, or those in post all quarter with
    // the most Choice sessions.
    let partners: Vec<Initials> = if req.partners.is_empty() {
        let mut c: Vec<&ClinicianCapacity> = report_before
            .clinicians
            .iter()
            .filter(|c| &c.initials != who && c.in_post >= 1.0 && c.choice_sessions > 0)
            .collect();
        c.sort_by(|a, b| {
            b.choice_sessions
                .cmp(&a.choice_sessions)
                .then(b.fte.total_cmp(&a.fte))
                .then(a.initials.cmp(&b.initials))
        });
        c.into_iter().map(|c| c.initials.clone()).collect()
    } else {
        req.partners.to_vec()
    };
    let mut wanted = core_cells.len();
    let mut given: Vec<Giver> = Vec::new();
    let mut notes = Vec::new();
    for p in &partners {
        if wanted == 0 {
            break;
        }
        let i = team
            .clinicians
            .iter()
            .position(|c| &c.initials == p)
            .expect("partners are in the team");
        let Some(their) = before.clinicians[i].job_plan_on(q.start()).cloned() else {
            notes.push(format!(
                "{p} has no job plan in force on {}",
                day(q.start())
            ));
            continue;
        };
        let choice: Vec<Cell> = cells(&their, |a| matches!(a, Activity::Choice))
            .into_iter()
            .take(wanted)
            .collect();
        if choice.is_empty() {
            notes.push(format!("{p} has no Choice sessions to give"));
            continue;
        }
        wanted -= choice.len();
        given.push(Giver {
            index: i,
            plan: their,
            cells: choice,
        });
    }
    let swapped: usize = given.iter().map(|g| g.cells.len()).sum();
    if core_cells.is_empty() {
        notes.push(format!(
            "{who} has no Core sessions in job plan {}: nothing to move",
            plan.version
        ));
    } else if swapped < core_cells.len() {
        notes.push(format!(
            "only {swapped} of {who}'s {} Core sessions can be swapped: the other clinicians have no more Choice sessions",
            core_cells.len()
        ));
    }

    let next_version = |i: usize| {
        before.clinicians[i]
            .job_plans
            .iter()
            .map(|p| p.version)
            .max()
            .unwrap_or(0)
            + 1
    };
    let restore_from = match req.absence {
        Absence::Leave { last_day, .. } => last_day
            .succ_opt()
            .map(|d| quarter_from(d, team.settings.year_start_month).start())
            .filter(|d| *d > q.start()),
        Absence::Leaving { .. } => None,
    };
    let mut moves = Vec::new();
    let mut plans = Vec::new();
    let mut after = before.clone();
    let mut propose = |i: usize, base: &JobPlan, changes: &[Cell], to: Activity| {
        let who = before.clinicians[i].initials.clone();
        let mut p = base.clone();
        p.version = next_version(i);
        p.applies_from = Some(q.start());
        for &(s, d) in changes {
            if let Some(old) = p.set(s, d, to.clone()) {
                moves.push(SessionMove {
                    clinician: who.clone(),
                    session: s,
                    day: d,
                    from: old.label(),
                    to: to.label(),
                });
            }
        }
        after.clinicians[i].job_plans.push(p.clone());
        plans.push(ProposedPlan {
            clinician: who.clone(),
            based_on: base.version,
            plan: p,
            purpose: format!("swap Core and Choice from {}", day(q.start())),
        });
        if let Some(r) = restore_from {
            let mut back = base.clone();
            back.version = next_version(i) + 1;
            back.applies_from = Some(r);
            plans.push(ProposedPlan {
                clinician: who,
                based_on: base.version,
                plan: back,
                purpose: format!(
                    "restore job plan {} after the leave, from {}",
                    base.version,
                    day(r)
                ),
            });
        }
    };
    if swapped > 0 {
        propose(index, &plan, &core_cells[..swapped], Activity::Choice);
        for g in &given {
            propose(g.index, &g.plan, &g.cells, Activity::Core);
        }
    }
    let report_after = capacity::quarter(&after, q);

    let targets: Vec<TargetChange> = std::iter::once(who.clone())
        .chain(
            given
                .iter()
                .map(|g| team.clinicians[g.index].initials.clone()),
        )
        .filter_map(|w| {
            let (b, a) = (line(&report_before, &w)?, line(&report_after, &w)?);
            Some(TargetChange {
                initials: w,
                core_sessions: BeforeAfter::of(b.core_sessions, a.core_sessions),
                choice_sessions: BeforeAfter::of(b.choice_sessions, a.choice_sessions),
                core_target: BeforeAfter::of(b.new_core_target, a.new_core_target),
                choice_capacity: BeforeAfter::of(b.choice_capacity, a.choice_capacity),
                choice_allocation: BeforeAfter::of(b.choice_allocation, a.choice_allocation),
            })
        })
        .collect();
    let new_warnings: Vec<Warning> = report_after
        .warnings
        .iter()
        .filter(|w| !report_before.warnings.contains(w))
        .cloned()
        .collect();
    if swapped > 0 {
        notes.push(
            "Specific sessions stay as they are: another clinician in the stream would have to take on new Specific work"
                .into(),
        );
        if team.settings.choice_allocation != ChoicePolicy::Manual {
            notes.push(format!(
                "the team allocates Choice {}, whatever the sessions: the Choice allocation stays, so check that each plan still holds it (see the warnings), or allocate Choice by hand for the period",
                if team.settings.choice_allocation == ChoicePolicy::Equal { "equally" } else { "pro rata to FTE" }
            ));
        }
        if let Absence::Leaving { .. } = req.absence {
            notes.push(format!(
                "after {who} leaves, their Choice sessions go with them: plan who takes that Choice on"
            ));
        }
    }
    let working = if swapped == 0 {
        "nothing to swap".to_string()
    } else {
        let mut parts = vec![format!("{who}: {swapped} Core -> Choice")];
        parts.extend(given.iter().map(|g| {
            format!(
                "{}: {} Choice -> Core",
                team.clinicians[g.index].initials,
                g.cells.len()
            )
        }));
        format!(
            "{}; new Core total {} -> {}",
            parts.join(", "),
            report_before.team.new_core_total,
            report_after.team.new_core_total
        )
    };
    Ok(WhatIf {
        clinician: who.clone(),
        absence: req.absence,
        quarter: q,
        applies_from: q.start(),
        lost,
        moves,
        plans,
        targets,
        team_new_core: BeforeAfter::of(
            report_before.team.new_core_total,
            report_after.team.new_core_total,
        ),
        team_choice_capacity: BeforeAfter::of(
            report_before.team.choice_capacity,
            report_after.team.choice_capacity,
        ),
        new_warnings,
        notes,
        explain: Explanation::new(
            "the clinician's Core sessions become Choice, and as many of other clinicians' Choice sessions become Core, from the quarter's first day",
            working,
        ),
    })
}
