//! Choice capacity: how many Choice appointments a quarter needs, how they are
//! shared among clinicians, and whether each job plan holds its share.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clinician::Initials;
use crate::explain::{Explanation, n2};
use crate::rounding::{ceil_whole, round_half_up};
use crate::settings::{ChoicePolicy, WEEKS_PER_QUARTER};

/// Choice appointments needed per quarter: `ceil(accepted referrals per week x 13)`.
/// CAPA plans for full attendance (DNA is about 5%, plan as if all attend).
pub fn needed_per_quarter(accepted_referrals_per_week: f64) -> (u32, Explanation) {
    let need = ceil_whole(accepted_referrals_per_week * WEEKS_PER_QUARTER);
    (
        need,
        Explanation::new(
            "ceil(accepted referrals per week x 13 weeks)",
            format!("ceil({} x 13) = {need}", n2(accepted_referrals_per_week)),
        )
        .note("planned for full attendance"),
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
    /// Share of the quarter the clinician is in post, 0-1 (leaving or starting dates).
    pub in_post: f64,
    /// The manual number, under the manual policy.
    pub manual: Option<u32>,
}

/// The quarter's Choice appointments shared out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    /// Appointments per clinician (0 for those who opted out).
    pub per_clinician: BTreeMap<Initials, u32>,
    /// Sum of the allocations.
    pub total: u32,
    /// How the split was made.
    pub explain: Explanation,
}

/// Shares `need` among the candidates by the team's policy. Equal and FTE
/// policies split with the largest-remainder method so the numbers add up
/// exactly; ties go to the larger FTE, then to initials in alphabetical order.
/// Shares are weighted by the part of the quarter each clinician is in post.
pub fn allocate(policy: ChoicePolicy, need: u32, candidates: &[Candidate]) -> Allocation {
    let mut per_clinician: BTreeMap<Initials, u32> =
        candidates.iter().map(|c| (c.initials.clone(), 0)).collect();
    let explain;
    match policy {
        ChoicePolicy::Manual => {
            for c in candidates.iter().filter(|c| c.does_choice) {
                per_clinician.insert(c.initials.clone(), c.manual.unwrap_or(0));
            }
            let total: u32 = per_clinician.values().sum();
            explain = Explanation::new(
                "manual allocation (each clinician's number from the team plan)",
                format!("allocated {total} of {need} needed"),
            );
        }
        ChoicePolicy::Equal | ChoicePolicy::Fte => {
            let weights: Vec<f64> = candidates
                .iter()
                .map(|c| {
                    if !c.does_choice {
                        0.0
                    } else if policy == ChoicePolicy::Fte {
                        c.fte * c.in_post
                    } else {
                        c.in_post
                    }
                })
                .collect();
            let shares = largest_remainder(need, &weights, candidates);
            for (c, n) in candidates.iter().zip(&shares) {
                per_clinician.insert(c.initials.clone(), *n);
            }
            let takers = weights.iter().filter(|w| **w > 0.0).count();
            let basis = if policy == ChoicePolicy::Fte {
                "pro rata to FTE"
            } else {
                "equal shares"
            };
            let mut e = Explanation::new(
                format!("{need} Choice appointments in {basis} among the clinicians who do Choice, by largest remainder"),
                format!(
                    "{need} / {takers} clinicians{}",
                    if takers > 0 && policy == ChoicePolicy::Equal {
                        format!(" = {} each before remainders", n2(f64::from(need) / takers as f64))
                    } else {
                        String::new()
                    }
                ),
            )
            .note("ties go to the larger FTE, then to initials in alphabetical order");
            if candidates.iter().any(|c| c.does_choice && c.in_post < 1.0) {
                e = e.note("shares weighted by the part of the quarter each clinician is in post");
            }
            explain = e;
        }
    }
    let total = per_clinician.values().sum();
    Allocation {
        per_clinician,
        total,
        explain,
    }
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
    let mut shares: Vec<u32> = quotas.iter().map(|q| (q + 1e-9).floor() as u32).collect();
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
/// `Choice sessions x appointments per session x working weeks (x share in post)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceFit {
    /// Appointments the plan holds in the quarter (rounded half up).
    pub holds: u32,
    /// Appointments allocated.
    pub allocated: u32,
    /// Whether `holds >= allocated`.
    pub fits: bool,
    /// The working.
    pub explain: Explanation,
}

/// Checks that the plan's Choice sessions hold the allocation.
pub fn fit(
    choice_sessions: u32,
    appointments_per_session: f64,
    working_weeks: f64,
    in_post: f64,
    allocated: u32,
) -> ChoiceFit {
    let raw = f64::from(choice_sessions) * appointments_per_session * working_weeks * in_post;
    let holds = round_half_up(raw);
    let working = if in_post < 1.0 {
        format!(
            "{} x {} x {} x {} in post = {}",
            choice_sessions,
            n2(appointments_per_session),
            n2(working_weeks),
            n2(in_post),
            n2(raw)
        )
    } else {
        format!(
            "{} x {} x {} = {}",
            choice_sessions,
            n2(appointments_per_session),
            n2(working_weeks),
            n2(raw)
        )
    };
    ChoiceFit {
        holds,
        allocated,
        fits: holds >= allocated,
        explain: Explanation::new(
            "Choice sessions per week x Choice appointments per session x working weeks per quarter",
            working,
        )
        .note(format!("plan holds {holds} of {allocated} allocated Choice appointments")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cand(initials: &str, fte: f64, does_choice: bool) -> Candidate {
        Candidate {
            initials: Initials::parse(initials).unwrap(),
            fte,
            does_choice,
            in_post: 1.0,
            manual: None,
        }
    }

    fn get(a: &Allocation, i: &str) -> u32 {
        a.per_clinician[&Initials::parse(i).unwrap()]
    }

    #[test]
    fn need_is_referrals_times_13_rounded_up() {
        assert_eq!(needed_per_quarter(6.0).0, 78);
        assert_eq!(needed_per_quarter(4.5).0, 59);
        assert_eq!(needed_per_quarter(0.0).0, 0);
    }

    #[test]
    fn equal_split_breaks_ties_by_fte_then_initials() {
        let c = vec![
            cand("ZB", 0.5, true),
            cand("AD", 0.5, true),
            cand("MK", 1.0, true),
            cand("PT", 1.0, false),
        ];
        let a = allocate(ChoicePolicy::Equal, 8, &c);
        // 8 / 3 = 2.67 each: two remainders go to MK (FTE 1.0), then AD (initials).
        assert_eq!(
            (get(&a, "MK"), get(&a, "AD"), get(&a, "ZB"), get(&a, "PT")),
            (3, 3, 2, 0)
        );
        assert_eq!(a.total, 8);
    }

    #[test]
    fn fte_split_is_pro_rata() {
        let c = vec![cand("AA", 1.0, true), cand("BB", 0.5, true)];
        let a = allocate(ChoicePolicy::Fte, 30, &c);
        assert_eq!((get(&a, "AA"), get(&a, "BB")), (20, 10));
    }

    #[test]
    fn manual_keeps_the_numbers_given() {
        let mut c = vec![cand("AA", 1.0, true), cand("BB", 0.5, false)];
        c[0].manual = Some(12);
        c[1].manual = Some(5);
        let a = allocate(ChoicePolicy::Manual, 30, &c);
        assert_eq!((get(&a, "AA"), get(&a, "BB"), a.total), (12, 0, 12));
    }

    #[test]
    fn plan_holds_check() {
        let f = fit(2, 1.0, 11.25, 1.0, 13);
        assert_eq!((f.holds, f.fits), (23, true));
        let f = fit(1, 1.0, 11.25, 1.0, 13);
        assert_eq!((f.holds, f.fits), (11, false));
        assert!(
            f.explain
                .to_string()
                .contains("plan holds 11 of 13 allocated Choice appointments")
        );
    }

    proptest! {
        #[test]
        fn equal_and_fte_allocations_add_up_exactly(
            need in 0u32..500,
            ftes in proptest::collection::vec((0.1f64..=1.0, any::<bool>(), 0.0f64..=1.0), 1..20),
            by_fte in any::<bool>(),
        ) {
            let letters = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "U", "V"];
            let c: Vec<Candidate> = ftes.iter().enumerate().map(|(i, (fte, does, in_post))| Candidate {
                initials: Initials::parse(&format!("X{}", letters[i])).unwrap(),
                fte: *fte,
                does_choice: *does,
                in_post: *in_post,
                manual: None,
            }).collect();
            let policy = if by_fte { ChoicePolicy::Fte } else { ChoicePolicy::Equal };
            let a = allocate(policy, need, &c);
            let anyone = c.iter().any(|c| c.does_choice && c.in_post > 0.0);
            prop_assert_eq!(a.total, if anyone { need } else { 0 });
            for c in c.iter().filter(|c| !c.does_choice) {
                prop_assert_eq!(a.per_clinician[&c.initials], 0);
            }
        }
    }
}
