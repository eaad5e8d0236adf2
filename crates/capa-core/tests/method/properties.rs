//! Invariants of a team's plan, for any team.

use std::collections::{BTreeMap, BTreeSet};

use capa_core::rounding::round_half_up;
use capa_core::{
    Activity, ChoicePolicy, Clinician, Fte, Initials, JobPlan, Leave, MultiplierRule, PlanningYear,
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
    /// A team of up to 11 clinicians with random plans, FTEs, leaving dates
    /// and long leave, a random Core multiplier (sometimes 1.125, which two
    /// places cannot show) and a derived DBT multiplier. Inputs have the
    /// places a team types: referrals to 2, multipliers to 3, averages to 1.
    pub(crate) fn arb_team()(
        referrals in (0u32..2000).prop_map(|x| f64::from(x) / 100.0),
        multiplier in prop_oneof![(0u32..5000).prop_map(|x| f64::from(x) / 1000.0), Just(1.125), Just(3.0), Just(0.86)],
        policy in 0u8..3,
        dbt_average in (10u32..200).prop_map(|x| f64::from(x) / 10.0),
        people in proptest::collection::vec(
            (0.1f64..=1.0, any::<bool>(), proptest::collection::vec(any::<u8>(), 20), proptest::option::of(0i64..400),
             proptest::option::of((0u64..300, 1u64..200)), 0u32..40),
            1..12,
        ),
    ) -> Team {
        let layout = SessionLayout::nz_four_session();
        let mut s = TeamSettings::new("Property");
        s.accepted_referrals_per_week = referrals;
        s.core_multiplier = MultiplierRule::Fixed { value: multiplier };
        s.choice_allocation = match policy { 0 => ChoicePolicy::Equal, 1 => ChoicePolicy::Fte, _ => ChoicePolicy::Manual };
        s.streams = vec![Stream { name: "DBT".into(), multiplier: Some(MultiplierRule::Derived {
            appointments_per_session: 2.0, working_weeks_per_quarter: None, average_appointments: dbt_average }) }];
        let q1 = PlanningYear::new(2026, 7).start();
        let leave: Vec<Leave> = people.iter().enumerate().filter_map(|(i, p)| p.4.map(|(from, len)| Leave {
            clinician: Initials::parse(&format!("X{}", LETTERS[i])).unwrap(),
            first_day: q1 + chrono::Days::new(from),
            last_day: q1 + chrono::Days::new(from + len),
        })).collect();
        let clinicians = people.iter().enumerate().map(|(i, (fte, does, cells, leaves, _, manual))| {
            let grid = cells.chunks(5).map(|row| row.iter().map(|c| activity(*c)).collect()).collect();
            Clinician {
                initials: Initials::parse(&format!("X{}", LETTERS[i])).unwrap(),
                name: format!("Clinician {i}"),
                discipline: None,
                fte: Fte::new((*fte * 100.0).round() / 100.0).unwrap(),
                skills: BTreeMap::new(),
                streams: BTreeSet::new(),
                does_choice: *does,
                choice_allocation: Some(*manual),
                start_date: None,
                leaving_date: leaves.map(|d| q1 + chrono::Days::new(d as u64)),
                job_plans: vec![JobPlan::new(1, None, grid, &layout).unwrap()],
            }
        }).collect();
        Team::with_leave(s, clinicians, leave).unwrap()
    }
}

proptest! {
    #[test]
    fn choice_allocations_add_up_exactly_to_the_need(team in arb_team()) {
        let r = capacity::quarter(&team, PlanningYear::new(2026, 7).quarters()[0]);
        let someone = r.clinicians.iter().any(|c| c.does_choice && c.in_post > 0.0);
        let sum: u32 = r.clinicians.iter().map(|c| c.choice_allocation).sum();
        if team.settings.choice_allocation != ChoicePolicy::Manual {
            prop_assert_eq!(sum, if someone { r.team.choice_needed } else { 0 });
        }
        prop_assert_eq!(sum, r.team.choice_allocated);
        prop_assert!(r.clinicians.iter().filter(|c| !c.does_choice).all(|c| c.choice_allocation == 0));
    }

    #[test]
    fn targets_follow_the_formula_and_are_never_negative(team in arb_team()) {
        let r = capacity::quarter(&team, PlanningYear::new(2026, 7).quarters()[0]);
        for c in &r.clinicians {
            prop_assert!(c.new_core_unrounded >= 0.0);
            let expected = round_half_up(f64::from(c.core_sessions) * c.core_multiplier * c.in_post);
            // The first quarter of a year has nothing before it to round with.
            prop_assert_eq!(c.new_core_target, expected);
            prop_assert_eq!(c.new_core_quarter_alone, expected);
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

    #[test]
    fn every_quarter_shows_the_target_its_year_shows(team in arb_team()) {
        let y = year::year(&team, PlanningYear::new(2026, 7));
        for (k, q) in y.quarters.iter().enumerate() {
            let r = capacity::quarter(&team, *q);
            for (c, cy) in r.clinicians.iter().zip(&y.clinicians) {
                prop_assert_eq!(c.new_core_target, cy.new_core_targets[k]);
                for (s, t) in &c.specific_targets {
                    let from_year = cy.specific_targets.get(s).map_or(0, |v| v[k]);
                    prop_assert_eq!(*t, from_year);
                }
                prop_assert!((i64::from(c.new_core_target) - i64::from(c.new_core_quarter_alone)).abs() <= 1);
            }
            prop_assert_eq!(r.team.new_core_total, y.new_core_targets[k]);
        }
        prop_assert_eq!(y.totals.new_core, y.new_core_targets.iter().sum::<u32>());
    }
}
