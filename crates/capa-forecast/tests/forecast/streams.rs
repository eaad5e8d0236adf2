//! Skills, Specific streams and the team's own episode lengths.

use std::collections::BTreeMap;

use capa_core::activity::Activity;
use capa_core::settings::Stream;
use capa_core::{SkillLevel, Team};
use capa_forecast::model::{self, EpisodeLengths, Forecast, ForecastInput, SkillNeed};
use capa_forecast::replicate::Replications;

use crate::team::{clinician, input, team};

fn run(i: &ForecastInput) -> Forecast {
    model::forecast(i, Replications::new(20, 8)).unwrap()
}

fn started(f: &Forecast, c: usize) -> f64 {
    f.clinicians[c]
        .quarters
        .iter()
        .map(|q| q.partnerships_started.mean)
        .sum()
}

#[test]
fn a_needed_skill_books_only_those_who_have_it() {
    let mut i = input(team(4, 2, 3, 4.0), 26);
    i.team.clinicians[2]
        .skills
        .insert("Dynamic".into(), SkillLevel::Advanced);
    i.settings.skill_needs = vec![SkillNeed {
        domain: "dynamic".into(),
        level: SkillLevel::Core,
        share: 1.0,
    }];
    let f = run(&i);
    assert!(started(&f, 2) > 20.0);
    for c in [0, 1, 3] {
        assert_eq!(started(&f, c), 0.0, "clinician {c}");
    }
    // CC alone cannot take everyone: families wait on the managed list.
    assert!(f.weekly.last().unwrap().managed_list.p50 > 5.0);
}

#[test]
fn specific_streams_go_to_their_members() {
    let mut s = team(4, 2, 3, 5.0).settings;
    s.streams = vec![Stream {
        name: "DBT".into(),
        multiplier: None,
    }];
    let mut dbt = clinician("DD", 1, 2);
    dbt.streams.insert("DBT".into());
    let mut plan = dbt.job_plans[0].clone();
    plan.set(3, 0, Activity::Specific("DBT".into()));
    plan.set(3, 1, Activity::Specific("DBT".into()));
    dbt.job_plans[0] = plan;
    let clinicians = vec![
        clinician("AA", 2, 3),
        clinician("BB", 2, 3),
        clinician("CC", 2, 3),
        dbt,
    ];
    let mut i = input(Team::new(s, clinicians).unwrap(), 26);
    i.settings.specific_conversion = BTreeMap::from([("dbt".to_string(), 0.1)]);
    let f = run(&i);
    // DD's quarter target counts Core (2 x 3) and DBT (2 x 3).
    assert_eq!(f.clinicians[3].quarters[1].target, 12);
    assert!(
        f.assumptions
            .iter()
            .any(|a| a.contains("10% to DBT Specific")),
        "{:?}",
        f.assumptions
    );
    assert!(started(&f, 3) > started(&f, 0));
    let unknown = {
        let mut j = i.clone();
        j.settings.specific_conversion = BTreeMap::from([("OT".to_string(), 0.1)]);
        model::forecast(&j, Replications::new(1, 1))
            .unwrap_err()
            .to_string()
    };
    assert!(
        unknown.contains("names stream 'OT', which the team does not have (DBT)"),
        "{unknown}"
    );
}

#[test]
fn the_discharge_histogram_sets_episode_lengths() {
    let base = input(team(6, 2, 4, 6.0), 26);
    let mut short = base.clone();
    // Every Core-range episode had 4 f/f: three Partnership appointments.
    let mut counts = vec![0u64; 32];
    counts[2] = 50;
    counts[4] = 100;
    counts[20] = 7;
    short.settings.episode_lengths = EpisodeLengths::DischargeHistogram {
        counts,
        choice_max_ff: 3,
        core_range_max_ff: 15,
    };
    let (b, s) = (run(&base), run(&short));
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("discharge report") && a.contains("Core Partnership 3")),
        "{:?}",
        s.assumptions
    );
    assert!(
        b.assumptions
            .iter()
            .any(|a| a.contains("Core Partnership 7.5")),
        "{:?}",
        b.assumptions
    );
    let end = |f: &Forecast| f.weekly.last().unwrap().caseload.p50;
    assert!(end(&s) < end(&b) / 1.8, "{} against {}", end(&s), end(&b));
}
