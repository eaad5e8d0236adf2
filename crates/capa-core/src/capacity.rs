//! Capacity: each clinician's quarterly targets, and the team's plan against
//! its demand, with every figure explained and the warnings a lead should see.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::balance::{self, Standing};
use crate::choice::{self, Candidate};
use crate::clinician::{Clinician, Initials};
use crate::explain::{Explanation, n2, tidy};
use crate::job_plan::SessionCounts;
use crate::multiplier::Multiplier;
use crate::quarter::Quarter;
use crate::rounding::round_half_up;
use crate::settings::Band;
use crate::team::Team;

/// Something a team lead should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable identifier, e.g. `choice-plan-short`.
    pub code: &'static str,
    /// The clinician concerned, if any.
    pub clinician: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

fn warn(code: &'static str, clinician: Option<&Initials>, message: impl Into<String>) -> Warning {
    Warning {
        code,
        clinician: clinician.map(|i| i.to_string()),
        message: message.into(),
    }
}

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
    /// Share of the quarter in post, 0-1 (start and leaving dates).
    pub in_post: f64,
    /// The Core multiplier.
    pub core_multiplier: f64,
    /// New Core Partnerships before rounding.
    pub new_core_unrounded: f64,
    /// New Core Partnerships to start this quarter.
    pub new_core_target: u32,
    /// Specific targets before rounding, per stream.
    pub specific_unrounded: BTreeMap<String, f64>,
    /// New Specific Partnerships per stream.
    pub specific_targets: BTreeMap<String, u32>,
    /// Choice appointments allocated this quarter.
    pub choice_allocation: u32,
    /// Choice appointments the job plan holds this quarter.
    pub choice_capacity: u32,
    /// Whether the plan holds the allocation.
    pub choice_plan_holds: bool,
    /// How each figure was computed.
    pub explain: BTreeMap<&'static str, Explanation>,
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
    /// How each figure was computed.
    pub explain: BTreeMap<&'static str, Explanation>,
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

fn in_post_share(c: &Clinician, q: &Quarter) -> f64 {
    let days = q.days();
    if days <= 0 {
        return 0.0;
    }
    c.days_in_post(q.start(), q.end_exclusive()) as f64 / days as f64
}

fn pro_rata_note(in_post: f64, q: &Quarter) -> Option<String> {
    (in_post < 1.0).then(|| {
        format!(
            "pro rata: in post {} of the quarter's {} weeks",
            n2(in_post * q.days() as f64 / 7.0),
            q.weeks()
        )
    })
}

fn target(
    figure: &str,
    sessions: u32,
    multiplier: &Multiplier,
    in_post: f64,
    q: &Quarter,
) -> (f64, u32, Explanation) {
    let raw = f64::from(sessions) * multiplier.value * in_post;
    let rounded = round_half_up(raw);
    let working = if in_post < 1.0 {
        format!(
            "round({} x {} x {}) = round({}) = {rounded}",
            sessions,
            n2(multiplier.value),
            n2(in_post),
            n2(raw)
        )
    } else if (raw - raw.round()).abs() < 1e-9 {
        format!("{} x {} = {rounded}", sessions, n2(multiplier.value))
    } else {
        format!(
            "round({} x {}) = round({}) = {rounded}",
            sessions,
            n2(multiplier.value),
            n2(raw)
        )
    };
    let mut e = Explanation::new(
        format!("{figure} sessions per week x multiplier, rounded half up"),
        working,
    )
    .note(format!("multiplier: {}", multiplier.explain));
    if let Some(n) = pro_rata_note(in_post, q) {
        e = e.note(n);
    }
    (raw, rounded, e)
}

/// The team's capacity in a quarter: each clinician's sessions and targets from
/// the job plan in force at the quarter's start, the Choice need and its
/// allocation, and the team's balance against demand.
pub fn quarter(team: &Team, q: Quarter) -> CapacityReport {
    let s = &team.settings;
    let core_m = Multiplier::core(s);
    let stream_m: BTreeMap<String, Multiplier> = s
        .streams
        .iter()
        .filter_map(|st| Multiplier::stream(s, &st.name).map(|m| (st.name.clone(), m)))
        .collect();
    let (working_weeks, weeks_explain) = s.working_weeks_per_quarter();
    let mut warnings = Vec::new();
    let mut clinicians = Vec::new();
    let mut candidates = Vec::new();

    for c in &team.clinicians {
        let in_post = in_post_share(c, &q);
        let plan_day = c.start_date.map_or(q.start(), |d| d.max(q.start()));
        let plan = c.job_plan_on(plan_day);
        let counts = plan.map(|p| p.counts()).unwrap_or_default();
        if in_post > 0.0 && plan.is_none() {
            warnings.push(warn(
                "no-job-plan",
                Some(&c.initials),
                format!(
                    "{} ({}) has no job plan in force on {}: targets are 0",
                    c.initials,
                    c.name,
                    plan_day.format("%d/%m/%Y")
                ),
            ));
        }
        if let Some(d) = c
            .leaving_date
            .filter(|d| *d >= q.start() && *d < q.end_exclusive())
        {
            warnings.push(warn(
                "leaving-in-quarter",
                Some(&c.initials),
                format!(
                    "{} leaves on {}, inside {q}: targets are pro rata to the weeks in post",
                    c.initials,
                    d.format("%d/%m/%Y")
                ),
            ));
        }
        if let Some(d) = c
            .start_date
            .filter(|d| *d > q.start() && *d < q.end_exclusive())
        {
            warnings.push(warn(
                "starting-in-quarter",
                Some(&c.initials),
                format!(
                    "{} starts on {}, inside {q}: targets are pro rata to the weeks in post",
                    c.initials,
                    d.format("%d/%m/%Y")
                ),
            ));
        }

        let mut explain = BTreeMap::new();
        let (core_raw, core_target, e) = target("Core", counts.core, &core_m, in_post, &q);
        explain.insert("new_core_target", e);
        explain.insert(
            "core_sessions",
            Explanation::new(
                "sessions of kind Core per week, empty (free) sessions included",
                match plan {
                    Some(p) => format!("{} in job plan {}", counts.core, p.version),
                    None => "no job plan in force".into(),
                },
            ),
        );
        let mut specific_unrounded = BTreeMap::new();
        let mut specific_targets = BTreeMap::new();
        let mut stream_explain = Vec::new();
        for (stream, m) in &stream_m {
            let n = counts.specific.get(stream).copied().unwrap_or(0);
            if n == 0 && !c.streams.contains(stream) {
                continue;
            }
            let (raw, t, e) = target(&format!("{stream} Specific"), n, m, in_post, &q);
            stream_explain.push(format!("{stream}: {e}"));
            specific_unrounded.insert(stream.clone(), raw);
            specific_targets.insert(stream.clone(), t);
        }
        if !stream_explain.is_empty() {
            explain.insert("specific_targets", Explanation::new(
                "per stream: Specific sessions per week x the stream's multiplier, rounded half up",
                stream_explain.join("; "),
            ));
        }
        candidates.push(Candidate {
            initials: c.initials.clone(),
            fte: c.fte.get(),
            does_choice: c.does_choice,
            in_post,
            manual: c.choice_allocation,
        });
        clinicians.push(ClinicianCapacity {
            initials: c.initials.clone(),
            name: c.name.clone(),
            discipline: c.discipline.clone(),
            fte: c.fte.get(),
            does_choice: c.does_choice,
            job_plan_version: plan.map(|p| p.version),
            choice_sessions: counts.choice,
            core_sessions: counts.core,
            specific_sessions: counts.specific.clone(),
            other_sessions: counts.other_total(),
            working_sessions: counts.working(),
            in_post,
            core_multiplier: core_m.value,
            new_core_unrounded: core_raw,
            new_core_target: core_target,
            specific_unrounded,
            specific_targets,
            choice_allocation: 0,
            choice_capacity: 0,
            choice_plan_holds: true,
            explain,
            sessions: counts,
        });
    }

    let (choice_needed, need_explain) = choice::needed_per_quarter(s.accepted_referrals_per_week);
    let allocation = choice::allocate(s.choice_allocation, choice_needed, &candidates);
    for (cc, cand) in clinicians.iter_mut().zip(&candidates) {
        let allocated = allocation
            .per_clinician
            .get(&cc.initials)
            .copied()
            .unwrap_or(0);
        let fit = choice::fit(
            cc.choice_sessions,
            s.choice_appointments_per_session,
            working_weeks,
            cand.in_post,
            allocated,
        );
        cc.choice_allocation = allocated;
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
        let why = if !cc.does_choice {
            Explanation::new("opted out of Choice", "0")
        } else {
            let mut e = allocation.explain.clone();
            e.working = format!("{}; {} gets {allocated}", e.working, cc.initials);
            e
        };
        cc.explain.insert("choice_allocation", why);
        cc.explain.insert("choice_capacity", fit.explain);
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

    if s.accepted_referrals_per_week <= 0.0 {
        warnings.push(warn("no-referral-rate", None, "no accepted referral rate is set: Choice need, Core demand and balance cannot be judged"));
    }
    if choice_needed > 0 && !candidates.iter().any(|c| c.does_choice && c.in_post > 0.0) {
        warnings.push(warn(
            "no-choice-clinicians",
            None,
            format!("{choice_needed} Choice appointments are needed but no clinician does Choice"),
        ));
    } else if allocation.total != choice_needed {
        warnings.push(warn(
            "choice-allocation-total",
            None,
            format!(
                "Choice allocations add up to {} of the {choice_needed} needed",
                allocation.total
            ),
        ));
    }
    if new_core_total as f64 + 1e-9 < core_demand {
        warnings.push(warn("core-shortfall", None, format!(
            "new Core Partnerships ({new_core_total}) fall {} short of Core demand ({}): expect an internal wait to grow",
            n2(core_demand - new_core_total as f64), n2(core_demand))));
    }
    match standing {
        Standing::Below | Standing::Above => warnings.push(warn(
            if standing == Standing::Below {
                "balance-below"
            } else {
                "balance-above"
            },
            None,
            format!(
                "balance ratio {}",
                ratio_explain.notes.last().cloned().unwrap_or_default()
            ),
        )),
        _ => {}
    }
    match share_standing {
        Standing::Below => warnings.push(warn("share-low", None, format!(
            "Choice + Core is {} of working sessions: not enough Core (Specific may be crowding it out)", share_explain.working.rsplit("= ").next().unwrap_or("")))),
        Standing::Above => warnings.push(warn("share-high", None, format!(
            "Choice + Core is {} of working sessions: Specific work may be squeezed", share_explain.working.rsplit("= ").next().unwrap_or("")))),
        _ => {}
    }

    let mut explain = BTreeMap::new();
    explain.insert(
        "new_core_total",
        Explanation::new(
            "sum of the clinicians' new Core targets",
            format!(
                "{} = {new_core_total}",
                clinicians
                    .iter()
                    .map(|c| c.new_core_target.to_string())
                    .collect::<Vec<_>>()
                    .join(" + ")
            ),
        ),
    );
    explain.insert("core_multiplier", core_m.explain.clone());
    explain.insert("working_weeks_per_quarter", weeks_explain);
    explain.insert("choice_needed", need_explain);
    explain.insert("choice_allocated", allocation.explain.clone());
    explain.insert("core_demand", demand_explain);
    explain.insert(
        "core_surplus",
        Explanation::new(
            "new Core Partnerships - Core demand",
            format!(
                "{new_core_total} - {} = {}",
                n2(core_demand),
                n2(new_core_total as f64 - core_demand)
            ),
        ),
    );
    explain.insert("balance_ratio", ratio_explain);
    explain.insert("choice_core_share", share_explain);

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
            core_multiplier: core_m.value,
            new_core_total,
            specific_totals,
            stream_multipliers: stream_m.iter().map(|(k, m)| (k.clone(), m.value)).collect(),
            accepted_referrals_per_week: s.accepted_referrals_per_week,
            choice_needed,
            choice_allocated: allocation.total,
            choice_capacity,
            core_demand: tidy(core_demand),
            core_surplus: tidy(new_core_total as f64 - core_demand),
            balance_ratio: ratio.map(tidy),
            balance_band: s.balance_band,
            balance: standing,
            choice_core_share: share.map(tidy),
            choice_core_share_band: s.choice_core_share_band,
            choice_core_standing: share_standing,
            explain,
        },
        clinicians,
        warnings,
    }
}
