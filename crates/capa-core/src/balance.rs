//! The team's plan against its demand: Core demand, the CAPA balance ratio, and
//! the share of sessions in Choice + Core.

use serde::Serialize;

use crate::explain::{Explanation, about, exact, n2, noun, percent};
use crate::settings::{Band, WEEKS_PER_QUARTER};

/// Where a figure stands against its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Below the band.
    Below,
    /// Inside the band.
    Within,
    /// Above the band.
    Above,
    /// Not computable (no referrals, no sessions).
    Unknown,
}

impl Standing {
    /// Where `x` stands against `band`.
    pub fn of(x: Option<f64>, band: Band) -> Self {
        match x {
            None => Self::Unknown,
            Some(x) if x < band.low - 1e-9 => Self::Below,
            Some(x) if x > band.high + 1e-9 => Self::Above,
            Some(_) => Self::Within,
        }
    }
}

/// Core demand per quarter: `accepted referrals per week x 13 x conversion to Core`.
pub fn core_demand(
    accepted_referrals_per_week: f64,
    conversion_to_core: f64,
) -> (f64, Explanation) {
    let d = accepted_referrals_per_week * WEEKS_PER_QUARTER * conversion_to_core;
    (
        d,
        Explanation::new(
            "accepted referrals per week x 13 weeks x conversion to Core Partnership",
            format!(
                "{} x 13 x {} = {}",
                exact(accepted_referrals_per_week),
                exact(conversion_to_core),
                n2(d)
            ),
        ),
    )
}

/// The CAPA balance ratio: new Core Partnerships per quarter / accepted
/// referrals per week; a team is broadly in balance at 8-9.
pub fn ratio(
    new_core_total: u32,
    accepted_referrals_per_week: f64,
    band: Band,
) -> (Option<f64>, Standing, Explanation) {
    if accepted_referrals_per_week <= 0.0 {
        return (
            None,
            Standing::Unknown,
            Explanation::new(
                "new Core Partnerships per quarter / accepted referrals per week",
                "no accepted referral rate set",
            ),
        );
    }
    let r = f64::from(new_core_total) / accepted_referrals_per_week;
    let standing = Standing::of(Some(r), band);
    let low = band.low * accepted_referrals_per_week;
    let high = band.high * accepted_referrals_per_week;
    let verdict = match standing {
        Standing::Below => {
            let more = (low - f64::from(new_core_total)).max(0.0);
            format!(
                "below CAPA's {}-{}: {} more new Core {} a quarter would bring it to {}",
                n2(band.low),
                n2(band.high),
                about(more),
                noun(more, "Partnership", "Partnerships"),
                n2(band.low)
            )
        }
        Standing::Above => format!(
            "above CAPA's {}-{}: {} more than the {} the band asks for",
            n2(band.low),
            n2(band.high),
            about(f64::from(new_core_total) - high),
            about(high)
        ),
        _ => format!("within CAPA's {}-{}", n2(band.low), n2(band.high)),
    };
    (
        Some(r),
        standing,
        Explanation::new(
            "new Core Partnerships per quarter / accepted referrals per week",
            format!(
                "{new_core_total} / {} = {}",
                exact(accepted_referrals_per_week),
                n2(r)
            ),
        )
        .note(verdict),
    )
}

/// Share of working sessions in Choice + Core; CAPA finds 30-40% sustainable.
pub fn choice_core_share(
    choice: u32,
    core: u32,
    working: u32,
    band: Band,
) -> (Option<f64>, Standing, Explanation) {
    let formula = "(Choice sessions + Core sessions) / working sessions";
    if working == 0 {
        return (
            None,
            Standing::Unknown,
            Explanation::new(formula, "no working sessions"),
        );
    }
    let share = f64::from(choice + core) / f64::from(working);
    let standing = Standing::of(Some(share), band);
    let verdict = match standing {
        Standing::Below => "below 30%: not enough Core; Specific work may be crowding it out",
        Standing::Above => "above 40%: Specific work may be squeezed",
        _ => "within the 30-40% CAPA finds sustainable",
    };
    (
        Some(share),
        standing,
        Explanation::new(
            formula,
            format!("({choice} + {core}) / {working} = {}", percent(share)),
        )
        .note(
            verdict
                .replace("30%", &percent(band.low))
                .replace("40%", &percent(band.high))
                .replace(
                    "30-40%",
                    &format!("{}-{}", percent(band.low), percent(band.high)),
                ),
        ),
    )
}

/// Core against Specific: the share of a clinician's (or the team's)
/// Partnership sessions that are Core, for step 3 of job planning ("review
/// whether each member of the team has the right Core/Specific Partnership
/// balance based on their skills and the team needs"). CAPA sets no band:
/// the team judges each clinician's figure beside the team's.
pub fn core_specific(core: u32, specific: u32) -> (Option<f64>, Explanation) {
    let formula = "Core sessions / (Core sessions + Specific sessions)";
    let partnership = core + specific;
    if partnership == 0 {
        return (None, Explanation::new(formula, "no Partnership sessions"));
    }
    let share = f64::from(core) / f64::from(partnership);
    (
        Some(share),
        Explanation::new(
            formula,
            format!("{core} / ({core} + {specific}) = {}", percent(share)),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BALANCE: Band = Band {
        low: 8.0,
        high: 9.0,
    };
    const SHARE: Band = Band {
        low: 0.3,
        high: 0.4,
    };

    #[test]
    fn core_demand_of_6_referrals_a_week() {
        let (d, e) = core_demand(6.0, 0.68);
        assert!((d - 53.04).abs() < 1e-9);
        assert_eq!(e.working, "6 x 13 x 0.68 = 53.04");
    }

    #[test]
    fn ratio_against_capa_band() {
        let (r, s, _) = ratio(51, 6.0, BALANCE);
        assert_eq!((r, s), (Some(8.5), Standing::Within));
        let (_, s, e) = ratio(36, 6.0, BALANCE);
        assert_eq!(s, Standing::Below);
        assert!(e.to_string().contains("12 more new Core Partnerships"));
        // One short: singular; a fractional band figure: "about".
        let (_, _, e) = ratio(47, 6.0, BALANCE);
        assert!(
            e.to_string()
                .contains(": 1 more new Core Partnership a quarter"),
            "{e}"
        );
        let (_, _, e) = ratio(30, 4.5, BALANCE);
        assert!(
            e.to_string().contains("6 more new Core Partnerships"),
            "{e}"
        );
        assert_eq!(ratio(36, 0.0, BALANCE).1, Standing::Unknown);
    }

    #[test]
    fn a_clinicians_core_against_specific() {
        // The seed OT: 3 free sessions, 3 Specific (DBT 1, OT 2): half Core.
        let (share, e) = core_specific(3, 3);
        assert_eq!(share, Some(0.5));
        assert_eq!(e.working, "3 / (3 + 3) = 50%");
        assert_eq!(core_specific(0, 0).0, None);
    }

    #[test]
    fn share_flags_both_sides() {
        assert_eq!(choice_core_share(2, 3, 20, SHARE).1, Standing::Below);
        assert_eq!(choice_core_share(2, 5, 20, SHARE).1, Standing::Within);
        assert_eq!(choice_core_share(2, 8, 20, SHARE).1, Standing::Above);
        assert_eq!(choice_core_share(0, 0, 0, SHARE).1, Standing::Unknown);
    }
}
