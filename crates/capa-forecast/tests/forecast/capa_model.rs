//! The CAPA model: determinism across threads, Little's law, and how waits
//! behave when the team is over- and underloaded.

use capa_forecast::model::{self, Forecast};
use capa_forecast::replicate::Replications;

use crate::team::{input, team};

fn run(i: &model::ForecastInput, reps: usize, threads: usize) -> Forecast {
    model::forecast(i, Replications::new(reps, 11).on_threads(threads)).unwrap()
}

/// Mean over replications of the weekly mean wait to Choice, weeks `a..b`.
fn mean_wait(f: &Forecast, a: usize, b: usize) -> f64 {
    f.weekly[a..b]
        .iter()
        .map(|w| w.wait_to_choice_days.mean)
        .sum::<f64>()
        / (b - a) as f64
}

#[test]
fn the_same_seed_gives_the_same_forecast_on_one_and_two_threads() {
    let i = input(team(6, 2, 3, 6.0), 26);
    let one = serde_json::to_string(&run(&i, 24, 1)).unwrap();
    let two = serde_json::to_string(&run(&i, 24, 2)).unwrap();
    assert_eq!(one, two);
    let other_seed = model::forecast(&i, Replications::new(24, 12).on_threads(2)).unwrap();
    assert_ne!(one, serde_json::to_string(&other_seed).unwrap());
}

#[test]
fn littles_law_holds_for_the_wait_for_choice() {
    // 8 clinicians, 16 Choice sessions a week for 10 referrals: busy enough
    // for a queue, stable, over two years.
    let i = input(team(8, 2, 4, 10.0), 104);
    let f = run(&i, 30, 0);
    let l = &f.littles_law;
    let (a, b) = (l.mean_waiting_for_choice, l.arrivals_times_mean_wait);
    assert!(a.mean > 5.0, "{a:?}");
    let gap = (a.mean - b.mean).abs();
    assert!(
        gap <= 2.0 * (a.half_width + b.half_width) && gap <= 0.03 * a.mean,
        "L = {a:?}, lambda W = {b:?}"
    );
}

#[test]
fn an_overloaded_team_waits_longer_and_longer() {
    // 6 Choice sessions a week (about 5.5 with holidays) for 8 referrals.
    let f = run(&input(team(6, 1, 4, 8.0), 52), 20, 0);
    let thirds = [
        mean_wait(&f, 4, 17),
        mean_wait(&f, 17, 34),
        mean_wait(&f, 34, 52),
    ];
    assert!(
        thirds[1] > thirds[0] + 14.0 && thirds[2] > thirds[1] + 14.0,
        "mean waits by third of the year: {thirds:?}"
    );
    let last = f.weekly.last().unwrap();
    let first = &f.weekly[0];
    assert!(
        last.choice_waiting.p5 > first.choice_waiting.p95,
        "{first:?} / {last:?}"
    );
    assert!(f.share_within_3_weeks < 0.5);
}

#[test]
fn an_underloaded_team_settles() {
    // The same team with 3 referrals a week.
    let f = run(&input(team(6, 1, 4, 3.0), 52), 20, 0);
    let thirds = [
        mean_wait(&f, 0, 17),
        mean_wait(&f, 17, 34),
        mean_wait(&f, 34, 52),
    ];
    assert!(thirds.iter().all(|w| *w < 14.0), "{thirds:?}");
    assert!((thirds[2] - thirds[0]).abs() < 3.0, "{thirds:?}");
    assert!(f.share_within_3_weeks > 0.9);
    let last = f.weekly.last().unwrap();
    assert!(last.choice_waiting.p95 < 15.0, "{last:?}");
}

#[test]
fn figures_hang_together() {
    let f = run(&input(team(6, 2, 3, 6.0), 26), 30, 0);
    assert_eq!(f.weekly.len(), 26);
    assert_eq!(f.reps, 30);
    assert_eq!(f.started_from, "empty");
    // Referrals: about 6 a week.
    let mean_refs = f.weekly.iter().map(|w| w.referrals.mean).sum::<f64>() / 26.0;
    assert!((mean_refs - 6.0).abs() < 0.5, "{mean_refs}");
    let w = &f.wait_to_choice_days;
    assert!(w.p50 <= w.p90 && w.p90 <= w.p95 && w.mean > 0.0);
    assert!(f.share_within_3_weeks <= f.share_within_8_weeks);
    assert!(
        f.weekly
            .iter()
            .all(|w| w.managed_list.p50 <= w.partnership_waiting.p50)
    );
    // About 68% of those seen start a Partnership (less those still waiting).
    let seen: f64 = f.weekly.iter().map(|w| w.seen_at_choice.mean).sum();
    let started = f.partnerships_started;
    assert!(
        started > 0.55 * seen && started < 0.75 * seen,
        "{started} of {seen}"
    );
    // Each clinician's quarters carry capa-core's target: 3 Core sessions x 3.
    assert!(
        f.clinicians
            .iter()
            .all(|c| c.quarters.iter().all(|q| q.target == 9))
    );
    assert!(!f.assumptions.is_empty());
}

#[test]
fn families_whose_offer_is_past_the_teams_limit_wait_on_the_managed_list() {
    // The team's limit on the internal wait is its own setting: at 0 weeks
    // no offer is ever within it, so every family past Choice waits on the
    // managed list, as the diary's placement would put them.
    let mut i = input(team(6, 2, 3, 6.0), 26);
    let usual = run(&i, 10, 1);
    assert!(
        usual.partnerships_started > 50.0,
        "{}",
        usual.partnerships_started
    );
    i.team.settings.max_wait_weeks = 0;
    let f = run(&i, 10, 1);
    assert_eq!(f.partnerships_started, 0.0);
    let last = f.weekly.last().unwrap();
    assert!(last.managed_list.p50 > 50.0, "{last:?}");
    assert_eq!(last.managed_list.p50, last.partnership_waiting.p50);
}
