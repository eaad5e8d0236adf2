//! Invariants of a team's plan, for any team.

use std::collections::{BTreeMap, BTreeSet};

use capa_core::rounding::round_half_up;
use capa_core::{
    Activity, ChoicePolicy, Clinician, Fte, Initials, JobPlan, MultiplierRule, PlanningYear,
    SessionLayout, Stream, Team, TeamSettings, capacity, year,
};
use proptest::prelude::*;

const LETTERS: [&str; 12] = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M"];

fn activity(code: u8) -> Activity {
    match code % 6 {
        0 | 1 => Activity::Core,
        2 => Activity::Choice,
        3 => Activity::Specific("DBT".into()),
        4 => Activity::Other {
            label: "MDT".into(),
            category: capa_core::OtherCategory::Mdt,
        },
        _ => Activity::Other {
            label: "Not working".into(),
            category: capa_core::OtherCategory::NotWorking,
        },
    }
}

prop_compose! {
    fn arb_team()(
        referrals in 0.0f64..20.0,
        multiplier in 0.0f64..5.0,
        policy in 0u8..2,
        people in proptest::collection::vec(
            (0.1f64..=1.0, any::<bool>(), proptest::collection::vec(any::<u8>(), 20), proptest::option::of(0i64..120)),
            1..12,
        ),
    ) -> Team {
        let layout = SessionLayout::nz_four_session();
        let mut s = TeamSettings::new("Property");
        s.accepted_referrals_per_week = referrals;
        s.core_multiplier = MultiplierRule::Fixed { value: multiplier };
        s.choice_allocation = if policy == 0 { ChoicePolicy::Equal } else { ChoicePolicy::Fte };
        s.streams = vec![Stream { name: "DBT".into(), multiplier: Some(MultiplierRule::Fixed { value: 1.5 }) }];
        let q1 = PlanningYear::new(2026, 7).start();
        let clinicians = people.iter().enumerate().map(|(i, (fte, does, cells, leaves))| {
            let grid = cells.chunks(5).map(|row| row.iter().map(|c| activity(*c)).collect()).collect();
            Clinician {
                initials: Initials::parse(&format!("X{}", LETTERS[i])).unwrap(),
                name: format!("Clinician {i}"),
                discipline: None,
                fte: Fte::new(*fte).unwrap(),
                skills: BTreeMap::new(),
                streams: BTreeSet::new(),
                does_choice: *does,
                choice_allocation: None,
                start_date: None,
                leaving_date: leaves.map(|d| q1 + chrono::Days::new(d as u64)),
                job_plans: vec![JobPlan::new(1, None, grid, &layout).unwrap()],
            }
        }).collect();
        Team::new(s, clinicians).unwrap()
    }
}

proptest! {
    #[test]
    fn choice_allocations_add_up_exactly_to_the_need(team in arb_team()) {
        let r = capacity::quarter(&team, PlanningYear::new(2026, 7).quarters()[0]);
        let someone = r.clinicians.iter().any(|c| c.does_choice && c.in_post > 0.0);
        let sum: u32 = r.clinicians.iter().map(|c| c.choice_allocation).sum();
        prop_assert_eq!(sum, if someone { r.team.choice_needed } else { 0 });
        prop_assert!(r.clinicians.iter().filter(|c| !c.does_choice).all(|c| c.choice_allocation == 0));
    }

    #[test]
    fn targets_follow_the_formula_and_are_never_negative(team in arb_team()) {
        let r = capacity::quarter(&team, PlanningYear::new(2026, 7).quarters()[0]);
        for c in &r.clinicians {
            prop_assert!(c.new_core_unrounded >= 0.0);
            let expected = round_half_up(f64::from(c.core_sessions) * c.core_multiplier * c.in_post);
            prop_assert_eq!(c.new_core_target, expected);
        }
        let total: u32 = r.clinicians.iter().map(|c| c.new_core_target).sum();
        prop_assert_eq!(r.team.new_core_total, total);
    }

    #[test]
    fn a_years_quarters_add_up_to_the_rounded_annual_figure(team in arb_team()) {
        let y = year::year(&team, PlanningYear::new(2026, 7));
        for c in &y.clinicians {
            let annual = round_half_up(c.new_core_unrounded.iter().sum());
            prop_assert_eq!(c.new_core_targets.iter().sum::<u32>(), annual);
            prop_assert_eq!(c.new_core_total, annual);
        }
    }
}
