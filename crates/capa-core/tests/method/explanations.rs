//! Every explanation's working, evaluated as written, gives its figure: for
//! any team, every figure of each quarter's capacity report and of the
//! year's totals.

use capa_core::capacity;
use capa_core::explain::check::reproduces;
use capa_core::{CapacityReport, PlanningYear, year};
use proptest::prelude::*;

use super::properties::arb_team;

fn figures(r: &CapacityReport) -> Vec<(String, &capa_core::Explanation, f64)> {
    let t = &r.team;
    let e = &t.explain;
    let mut out = vec![
        (
            "team.new_core_total".into(),
            &e.new_core_total,
            f64::from(t.new_core_total),
        ),
        (
            "team.core_multiplier".into(),
            &e.core_multiplier,
            t.core_multiplier,
        ),
        (
            "team.choice_needed".into(),
            &e.choice_needed,
            f64::from(t.choice_needed),
        ),
        (
            "team.choice_needed_per_week".into(),
            &e.choice_needed_per_week,
            t.choice_needed_per_week,
        ),
        (
            "team.choice_sessions_needed".into(),
            &e.choice_sessions_needed,
            f64::from(t.choice_sessions_needed),
        ),
        (
            "team.choice_allocated".into(),
            &e.choice_allocated,
            f64::from(t.choice_allocated),
        ),
        ("team.core_demand".into(), &e.core_demand, t.core_demand),
        ("team.core_surplus".into(), &e.core_surplus, t.core_surplus),
    ];
    if let Some(x) = t.balance_ratio {
        out.push(("team.balance_ratio".into(), &e.balance_ratio, x));
    }
    if let Some(x) = t.choice_core_share {
        out.push(("team.choice_core_share".into(), &e.choice_core_share, x));
    }
    if let Some(x) = t.core_specific_share {
        out.push(("team.core_specific_share".into(), &e.core_specific_share, x));
    }
    for c in &r.clinicians {
        let i = c.initials.as_str();
        let e = &c.explain;
        out.push((
            format!("{i}.core_sessions"),
            &e.core_sessions,
            f64::from(c.core_sessions),
        ));
        out.push((
            format!("{i}.new_core_target"),
            &e.new_core_target,
            f64::from(c.new_core_target),
        ));
        out.push((
            format!("{i}.choice_allocation"),
            &e.choice_allocation,
            f64::from(c.choice_allocation),
        ));
        out.push((
            format!("{i}.choice_capacity"),
            &e.choice_capacity,
            f64::from(c.choice_capacity),
        ));
        out.push((format!("{i}.in_post"), &e.in_post, c.in_post));
        if let Some(x) = c.core_specific_share {
            out.push((
                format!("{i}.core_specific_share"),
                &e.core_specific_share,
                x,
            ));
        }
        for (s, t) in &c.specific_targets {
            out.push((
                format!("{i}.specific.{s}"),
                &e.specific_by_stream[s],
                f64::from(*t),
            ));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_working_evaluated_gives_its_figure(team in arb_team()) {
        let py = PlanningYear::new(2026, 7);
        for q in py.quarters() {
            let r = capacity::quarter(&team, q);
            for (name, e, figure) in figures(&r) {
                let checked = reproduces(&e.working, figure);
                prop_assert!(checked.is_ok(), "{q} {name}: {:?}", checked);
            }
        }
        let y = year::year(&team, py);
        let t = &y.totals;
        for (name, e, figure) in [
            ("new_core", &t.explain.new_core, f64::from(t.new_core)),
            ("core_demand", &t.explain.core_demand, t.core_demand),
            ("year_surplus", &t.explain.year_surplus, t.year_surplus),
            ("choice_needed", &t.explain.choice_needed, f64::from(t.choice_needed)),
        ] {
            let checked = reproduces(&e.working, figure);
            prop_assert!(checked.is_ok(), "year {name}: {:?}", checked);
        }
    }
}
