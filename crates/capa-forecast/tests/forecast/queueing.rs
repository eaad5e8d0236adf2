//! The M/M/1 and M/M/c queues on the engine against the Erlang C formula and
//! Little's law, within the confidence intervals of the replications.

use capa_forecast::queue::{self, QueueSpec};
use capa_forecast::replicate::Replications;
use capa_forecast::theory;

fn spec(lambda: f64, mu: f64, c: u32) -> QueueSpec {
    QueueSpec {
        arrival_rate: lambda,
        service_rate: mu,
        servers: c,
        customers: 20_000,
        warm_up: 2_000,
    }
}

/// Each figure's 95% interval over 40 replications covers the theory's value,
/// and the mean is within 5% of it. (With a fixed seed the outcome is fixed:
/// these seeds were not chosen to pass; any seed passes 95% of the time for
/// each figure, and the 5% bound holds for any.)
fn agrees_with_erlang_c(lambda: f64, mu: f64, c: u32, seed: u64) {
    let s = spec(lambda, mu, c);
    let r = queue::run(&s, Replications::new(40, seed)).unwrap();
    let t = theory::mmc(lambda, mu, c).unwrap();
    let i = &r.intervals;
    for (name, est, want) in [
        ("mean wait", i.mean_wait, t.mean_wait),
        (
            "time in system",
            i.mean_time_in_system,
            t.mean_time_in_system,
        ),
        ("utilisation", i.utilisation, t.utilisation),
        ("queue length", i.mean_queue_length, t.mean_queue_length),
    ] {
        // Three half-widths: the family of four checks stays far from chance failure.
        assert!(
            (est.mean - want).abs() <= 3.0 * est.half_width,
            "{name}: {} +- {} against theory {want}",
            est.mean,
            est.half_width
        );
        assert!(
            (est.mean - want).abs() <= 0.05 * want,
            "{name}: {} more than 5% from theory {want}",
            est.mean
        );
    }
    // Little's law inside the simulation: Lq = lambda Wq.
    let l = i.mean_queue_length.mean;
    let lw = i.arrival_rate_times_mean_wait.mean;
    assert!((l - lw).abs() <= 0.02 * l, "Lq {l} against lambda Wq {lw}");
}

#[test]
fn mm1_mean_wait_is_erlang_c() {
    agrees_with_erlang_c(0.7, 1.0, 1, 1);
}

#[test]
fn mmc_mean_wait_is_erlang_c() {
    agrees_with_erlang_c(2.4, 1.0, 3, 2);
    agrees_with_erlang_c(8.0, 1.0, 10, 3);
}

#[test]
fn queue_is_the_same_on_one_and_two_threads() {
    let s = spec(0.9, 1.0, 1);
    let one = queue::run(&s, Replications::new(6, 9).on_threads(1)).unwrap();
    let two = queue::run(&s, Replications::new(6, 9).on_threads(2)).unwrap();
    assert_eq!(one, two);
}
