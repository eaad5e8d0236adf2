//! Choice capacity: how many Choice appointments a quarter needs, how they are
//! shared among clinicians, whether each job plan holds its share, and the
//! weekly flex check.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clinician::Initials;
use crate::explain::{Explanation, about, exact, for_floor, n2, tidy};
use crate::rounding::{ceil_whole, floor_whole};
use crate::settings::{ChoicePolicy, WEEKS_PER_QUARTER};

/// Choice appointments needed per quarter: `ceil(accepted referrals per week x 13)`.
/// CAPA plans for full attendance (DNA is about 5%, plan as if all attend).
pub fn needed_per_quarter(accepted_referrals_per_week: f64) -> (u32, Explanation) {
    let need = ceil_whole(accepted_referrals_per_week * WEEKS_PER_QUARTER);
    (
        need,
        Explanation::new(
            "ceil(accepted referrals per week x 13 weeks)",
            format!("ceil({} x 13) = {need}", exact(accepted_referrals_per_week)),
        )
        .note("planned for full attendance"),
    )
}

/// Choice appointments needed per week: one for each accepted referral.
pub fn needed_per_week(accepted_referrals_per_week: f64) -> (f64, Explanation) {
    (
        accepted_referrals_per_week,
        Explanation::new(
            "accepted referrals per week x 1 Choice appointment each",
            format!(
                "{} x 1 = {}",
                exact(accepted_referrals_per_week),
                exact(accepted_referrals_per_week)
            ),
        )
        .note("planned for full attendance"),
    )
}

/// Choice sessions the team's job plans need a week to hold the quarter's
/// need: `ceil(need / (appointments per session x working weeks))`.
pub fn sessions_needed_per_week(
    need: u32,
    appointments_per_session: f64,
    working_weeks: f64,
) -> (u32, Explanation) {
    let per_week = appointments_per_session * working_weeks;
    let raw = if per_week > 0.0 {
        f64::from(need) / per_week
    } else {
        0.0
    };
    let sessions = ceil_whole(raw);
    (
        sessions,
        Explanation::new(
            "ceil(Choice needed per quarter / (Choice appointments per session x working weeks per quarter))",
            format!(
                "ceil({need} / ({} x {})) = ceil({}) = {sessions}",
                exact(appointments_per_session),
                exact(working_weeks),
                crate::explain::shown_keeping(raw, |s| ceil_whole(s) == sessions)
            ),
        ),
    )
}

/// One clinician as the allocation sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Initials (last tie-break).
    pub initials: Initials,
    /// FTE (first tie-break, and the weight under the FTE policy).
    pub fte: f64,
    /// False when the clinician has opted out of Choice.
    pub does_choice: bool,
    /// Working days of the quarter the clinician is in post and not on long leave.
    pub in_post_days: u32,
    /// Working days in the quarter.
    pub quarter_days: u32,
    /// The manual number, under the manual policy.
    pub manual: Option<u32>,
}

impl Candidate {
    fn in_post(&self) -> bool {
        self.does_choice && self.in_post_days > 0
    }

    fn whole_quarter(&self) -> bool {
        self.in_post_days >= self.quarter_days
    }
}

/// One clinician's part of the split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Appointments allocated.
    pub allocated: u32,
    /// The unrounded share (0 for those who opted out or under the manual policy).
    pub quota: f64,
    /// Whether one of the appointments left over after the whole parts went to them.
    pub remainder_seat: bool,
    /// The working.
    pub explain: Explanation,
}

/// The quarter's Choice appointments shared out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    /// Appointments per clinician (0 for those who opted out).
    pub per_clinician: BTreeMap<Initials, u32>,
    /// Each clinician's share and its working.
    pub shares: BTreeMap<Initials, Share>,
    /// Sum of the allocations.
    pub total: u32,
    /// How the split was made.
    pub explain: Explanation,
}

/// How a candidate's weight is written in a working: `65` working days,
/// `0.8` FTE, `0.8 x 65`.
fn weight_text(c: &Candidate, policy: ChoicePolicy, by_days: bool) -> String {
    match (policy, by_days) {
        (ChoicePolicy::Fte, true) => format!("{} x {}", exact(c.fte), c.in_post_days),
        (ChoicePolicy::Fte, false) => exact(c.fte),
        (_, true) => c.in_post_days.to_string(),
        (_, false) => "1".into(),
    }
}

/// Shares `need` among the candidates by the team's policy. Equal and FTE
/// policies split with the largest-remainder method so the numbers add up
/// exactly; ties go to the larger FTE, then to initials in alphabetical order.
/// A clinician in post for part of the quarter (starting, leaving, long
/// leave) is weighted by their working days in post.
pub fn allocate(policy: ChoicePolicy, need: u32, candidates: &[Candidate]) -> Allocation {
    let mut shares: BTreeMap<Initials, Share> = BTreeMap::new();
    let explain = match policy {
        ChoicePolicy::Manual => {
            for c in candidates {
                let (allocated, working) = if c.does_choice {
                    let n = c.manual.unwrap_or(0);
                    (n, format!("manual allocation in the team plan: {n}"))
                } else {
                    (0, "opted out of Choice: 0".to_string())
                };
                shares.insert(
                    c.initials.clone(),
                    Share {
                        allocated,
                        quota: 0.0,
                        remainder_seat: false,
                        explain: Explanation::new("the team's number for the clinician", working),
                    },
                );
            }
            let parts: Vec<String> = candidates
                .iter()
                .map(|c| shares[&c.initials].allocated.to_string())
                .collect();
            let total: u32 = shares.values().map(|s| s.allocated).sum();
            Explanation::new(
                "manual allocation (each clinician's number from the team plan)",
                if parts.is_empty() {
                    "no clinicians: 0".to_string()
                } else {
                    format!("allocated {} = {total} of {need} needed", parts.join(" + "))
                },
            )
        }
        ChoicePolicy::Equal | ChoicePolicy::Fte => split(policy, need, candidates, &mut shares),
    };
    let per_clinician = shares
        .iter()
        .map(|(k, s)| (k.clone(), s.allocated))
        .collect();
    let total = shares.values().map(|s| s.allocated).sum();
    Allocation {
        per_clinician,
        shares,
        total,
        explain,
    }
}

fn split(
    policy: ChoicePolicy,
    need: u32,
    candidates: &[Candidate],
    shares: &mut BTreeMap<Initials, Share>,
) -> Explanation {
    let by_days = candidates.iter().any(|c| c.in_post() && !c.whole_quarter());
    let weight = |c: &Candidate| -> f64 {
        if !c.in_post() {
            return 0.0;
        }
        let days = if by_days {
            f64::from(c.in_post_days)
        } else {
            1.0
        };
        if policy == ChoicePolicy::Fte {
            c.fte * days
        } else {
            days
        }
    };
    let weights: Vec<f64> = candidates.iter().map(weight).collect();
    let sum: f64 = weights.iter().sum();
    let allocated = largest_remainder(need, &weights, candidates);
    let quota = |w: f64| {
        if sum > 0.0 {
            f64::from(need) * w / sum
        } else {
            0.0
        }
    };
    let basis = match (policy, by_days) {
        (ChoicePolicy::Fte, true) => "pro rata to FTE x working days in post",
        (ChoicePolicy::Fte, false) => "pro rata to FTE",
        (_, true) => "pro rata to working days in post",
        _ => "equal shares",
    };
    let sum_text = exact(sum);
    let takers = candidates.iter().filter(|c| c.in_post()).count();
    for (c, (&w, &n)) in candidates.iter().zip(weights.iter().zip(&allocated)) {
        let q = quota(w);
        let whole = floor_whole(q);
        let working = if !c.does_choice {
            "opted out of Choice: 0".to_string()
        } else if !c.in_post() {
            "not in post this quarter: 0".to_string()
        } else {
            let share_expr = match (policy, by_days) {
                (ChoicePolicy::Equal, false) => format!("{need} / {takers}"),
                _ => format!("{need} x {} / {sum_text}", weight_text(c, policy, by_days)),
            };
            if (q - f64::from(n)).abs() < 1e-9 {
                format!("{share_expr} = {n}")
            } else {
                let seat = if n > whole { " + 1" } else { "" };
                format!(
                    "{share_expr} = {}; floor({}){seat} = {n}",
                    n2(q),
                    for_floor(q)
                )
            }
        };
        shares.insert(
            c.initials.clone(),
            Share {
                allocated: n,
                quota: q,
                remainder_seat: n > whole,
                explain: Explanation::new(
                    format!("the clinician's share of {need} ({basis}), whole part plus any appointment left over"),
                    working,
                )
                .note("appointments left over after the whole parts go to the largest remainders; ties to the larger FTE, then initials"),
            },
        );
    }
    let formula = format!(
        "{need} Choice appointments in {basis} among the clinicians who do Choice, by largest remainder"
    );
    if takers == 0 || need == 0 {
        let why = if need == 0 {
            "nothing to share"
        } else {
            "no clinician in post does Choice"
        };
        return Explanation::new(formula, format!("{why}: 0"));
    }
    let in_split: Vec<&Candidate> = candidates.iter().filter(|c| c.in_post()).collect();
    let mut clauses = Vec::new();
    match (policy, by_days) {
        (ChoicePolicy::Equal, false) => {
            clauses.push(format!(
                "{need} / {takers} = {} each",
                n2(f64::from(need) / takers as f64)
            ));
        }
        _ => {
            let weights_text: Vec<String> = in_split
                .iter()
                .map(|c| format!("{} {}", c.initials, weight_text(c, policy, by_days)))
                .collect();
            clauses.push(format!(
                "weights {} (sum {sum_text})",
                weights_text.join(", ")
            ));
            let quotas: Vec<String> = in_split
                .iter()
                .map(|c| format!("{} {}", c.initials, n2(shares[&c.initials].quota)))
                .collect();
            clauses.push(format!("unrounded shares {}", quotas.join(", ")));
            let remainders: Vec<String> = in_split
                .iter()
                .map(|c| {
                    let s = &shares[&c.initials];
                    format!("{} {}", c.initials, n2(s.quota - s.quota.floor()))
                })
                .collect();
            clauses.push(format!("remainders {}", remainders.join(", ")));
        }
    }
    let wholes: Vec<u32> = in_split
        .iter()
        .map(|c| floor_whole(shares[&c.initials].quota))
        .collect();
    let whole_sum: u32 = wholes.iter().sum();
    clauses.push(format!(
        "whole parts {} = {whole_sum}",
        wholes
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" + ")
    ));
    let seats: Vec<String> = in_split
        .iter()
        .filter(|c| shares[&c.initials].remainder_seat)
        .map(|c| c.initials.to_string())
        .collect();
    if !seats.is_empty() {
        clauses.push(format!(
            "{need} - {whole_sum} = {} left over, to {}",
            need - whole_sum,
            seats.join(", ")
        ));
    }
    let finals: Vec<String> = in_split
        .iter()
        .map(|c| shares[&c.initials].allocated.to_string())
        .collect();
    clauses.push(format!("allocated {} = {need}", finals.join(" + ")));
    let mut e = Explanation::new(formula, clauses.join("; "))
        .note("ties go to the larger FTE, then to initials in alphabetical order");
    if by_days {
        e = e.note("shares weighted by the working days each clinician is in post (start, leaving, long leave)");
    }
    e
}

/// Largest-remainder split of `total` by `weights` (zero weight gets nothing).
fn largest_remainder(total: u32, weights: &[f64], candidates: &[Candidate]) -> Vec<u32> {
    let sum: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if sum <= 0.0 || total == 0 {
        return vec![0; weights.len()];
    }
    let quotas: Vec<f64> = weights
        .iter()
        .map(|w| f64::from(total) * w.max(0.0) / sum)
        .collect();
    let mut shares: Vec<u32> = quotas.iter().map(|q| floor_whole(*q)).collect();
    let given: u32 = shares.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0.0).collect();
    // Quantise the remainders so that equal shares compare equal despite float noise.
    let rem = |i: usize| ((quotas[i] - f64::from(shares[i])) * 1e9).round() as i64;
    order.sort_by(|&a, &b| {
        rem(b)
            .cmp(&rem(a))
            .then(candidates[b].fte.total_cmp(&candidates[a].fte))
            .then(candidates[a].initials.cmp(&candidates[b].initials))
    });
    for &i in order
        .iter()
        .cycle()
        .take(total.saturating_sub(given) as usize)
    {
        shares[i] += 1;
    }
    shares
}

/// Whether a job plan holds its Choice allocation:
/// `floor(Choice sessions x appointments per session x working weeks (x share in post))`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceFit {
    /// Whole appointments the plan holds in the quarter (rounded down: half
    /// an appointment is not an appointment).
    pub holds: u32,
    /// Appointments allocated.
    pub allocated: u32,
    /// Whether `holds >= allocated`.
    pub fits: bool,
    /// The working.
    pub explain: Explanation,
}

/// The part of a quarter a clinician is in post, as a working writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InPost {
    /// Working days in post and not on long leave.
    pub days: u32,
    /// Working days in the quarter.
    pub of: u32,
}

impl InPost {
    /// The whole quarter.
    pub fn whole(days: u32) -> Self {
        Self { days, of: days }
    }

    /// The share, 0 to 1.
    pub fn share(self) -> f64 {
        if self.of == 0 {
            0.0
        } else {
            f64::from(self.days.min(self.of)) / f64::from(self.of)
        }
    }

    /// Whether the clinician is in post the whole quarter.
    pub fn is_whole(self) -> bool {
        self.days >= self.of
    }

    /// ` x 20/65`, or nothing for the whole quarter.
    pub fn factor(self) -> String {
        if self.is_whole() {
            String::new()
        } else {
            format!(" x {}/{}", self.days, self.of)
        }
    }
}

/// Checks that the plan's Choice sessions hold the allocation.
pub fn fit(
    choice_sessions: u32,
    appointments_per_session: f64,
    working_weeks: f64,
    in_post: InPost,
    allocated: u32,
) -> ChoiceFit {
    let raw =
        f64::from(choice_sessions) * appointments_per_session * working_weeks * in_post.share();
    let holds = floor_whole(raw);
    let product = format!(
        "{choice_sessions} x {} x {}{}",
        exact(appointments_per_session),
        exact(working_weeks),
        in_post.factor()
    );
    let working = if (raw - f64::from(holds)).abs() < 1e-9 {
        format!("{product} = {holds}")
    } else {
        format!("floor({product}) = floor({}) = {holds}", for_floor(raw))
    };
    ChoiceFit {
        holds,
        allocated,
        fits: holds >= allocated,
        explain: Explanation::new(
            "Choice sessions per week x Choice appointments per session x working weeks per quarter, whole appointments",
            working,
        )
        .note(if holds >= allocated {
            format!("plan holds {holds}: enough for the {allocated} allocated Choice appointments")
        } else {
            format!("plan holds {holds} of {allocated} allocated Choice appointments")
        }),
    }
}

/// The weekly flex check (CAPA): Choice slots vacant in the coming weeks
/// against the referrals those weeks will bring plus the accepted referrals
/// not yet booked into Choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlexCheck {
    /// Vacant Choice slots in the window.
    pub vacant: u32,
    /// Slots needed: referrals per week x weeks + accepted referrals not yet booked.
    pub needed: f64,
    /// Whether the vacant slots cover the need.
    pub enough: bool,
    /// The working.
    pub explain: Explanation,
}

/// CAPA's weekly flex check: `vacant Choice slots in the next `weeks` weeks >=
/// accepted referrals per week x weeks + accepted referrals not yet booked`
/// (CAPA looks 6 weeks ahead).
pub fn flex_check(
    vacant_slots: u32,
    accepted_referrals_per_week: f64,
    unbooked_referrals: u32,
    weeks: u32,
) -> FlexCheck {
    let needed =
        tidy(accepted_referrals_per_week * f64::from(weeks) + f64::from(unbooked_referrals));
    let enough = f64::from(vacant_slots) + 1e-9 >= needed;
    let slots = crate::explain::plural(vacant_slots, "vacant Choice slot", "vacant Choice slots");
    let within = crate::explain::plural(weeks, "week", "weeks");
    let verdict = if enough {
        format!("{slots} in the next {within}: enough")
    } else {
        let short = needed - f64::from(vacant_slots);
        format!(
            "{slots} in the next {within}: {} short; add Choice slots this week",
            about(short)
        )
    };
    FlexCheck {
        vacant: vacant_slots,
        needed,
        enough,
        explain: Explanation::new(
            format!("accepted referrals per week x {within} + accepted referrals not yet booked"),
            format!(
                "{} x {weeks} + {unbooked_referrals} = {}",
                exact(accepted_referrals_per_week),
                exact(needed)
            ),
        )
        .note(verdict),
    }
}

#[cfg(test)]
#[path = "choice_tests.rs"]
mod tests;
