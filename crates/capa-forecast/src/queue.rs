//! A plain M/M/c queue on the engine: Poisson arrivals, exponential service,
//! `c` servers, first come first served. It has nothing of CAPA in it; it is
//! there so the engine can be checked against queueing theory
//! ([`crate::theory`]), and `capa forecast queue` prints it.

use std::collections::VecDeque;

use rand::RngExt;
use rand_distr::Exp1;
use serde::Serialize;
use thiserror::Error;

use crate::engine::{Calendar, Model, run_until};
use crate::replicate::{self, Replications, Rng};
use crate::stats::Estimate;
use crate::theory::{self, MmcTheory};

/// What to simulate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueSpec {
    /// Arrivals per unit of time (lambda).
    pub arrival_rate: f64,
    /// Services per unit of time of one server (mu).
    pub service_rate: f64,
    /// Servers (c).
    pub servers: u32,
    /// Customers measured in each replication.
    pub customers: usize,
    /// Customers before them that are simulated but not measured, so the
    /// queue has left its empty start behind.
    pub warm_up: usize,
}

/// A queue that cannot be simulated.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum QueueError {
    /// A rate that is not a positive number.
    #[error("{field} must be a number above 0, not {value}")]
    Rate {
        /// Which rate.
        field: &'static str,
        /// The value given.
        value: f64,
    },
    /// No servers, or no customers.
    #[error("{0} must be at least 1")]
    Count(&'static str),
}

impl QueueSpec {
    /// Checks the figures: rates above 0, at least one server and customer.
    pub fn check(&self) -> Result<(), QueueError> {
        for (field, value) in [
            ("arrival rate", self.arrival_rate),
            ("service rate", self.service_rate),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(QueueError::Rate { field, value });
            }
        }
        if self.servers == 0 {
            return Err(QueueError::Count("servers"));
        }
        if self.customers == 0 {
            return Err(QueueError::Count("customers"));
        }
        Ok(())
    }
}

/// One replication's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QueueRun {
    /// Mean wait before service of the measured customers.
    pub mean_wait: f64,
    /// Mean time in the system (wait + service) of the measured customers.
    pub mean_time_in_system: f64,
    /// Busy server time / (servers x the measured period).
    pub utilisation: f64,
    /// Time-average number waiting over the measured period.
    pub mean_queue_length: f64,
    /// Measured customers' arrivals per unit of time.
    pub arrival_rate: f64,
}

enum Event {
    Arrival,
    Departure,
}

struct Mmc<'a> {
    spec: &'a QueueSpec,
    arrivals: Rng,
    services: Rng,
    arrived: usize,
    busy: u32,
    waiting: VecDeque<(usize, f64)>,
    /// Measured period: from the first measured arrival to the last.
    window: (f64, f64),
    last_change: f64,
    queue_area: f64,
    busy_area: f64,
    started: usize,
    wait_sum: f64,
    system_sum: f64,
}

impl Mmc<'_> {
    fn measured(&self, customer: usize) -> bool {
        (self.spec.warm_up..self.spec.warm_up + self.spec.customers).contains(&customer)
    }

    /// Adds the areas under the queue length and busy servers up to `now`,
    /// clipped to the measured period.
    fn account(&mut self, now: f64) {
        let from = self.last_change.max(self.window.0);
        let to = now.min(self.window.1);
        if to > from {
            self.queue_area += self.waiting.len() as f64 * (to - from);
            self.busy_area += f64::from(self.busy) * (to - from);
        }
        self.last_change = now;
    }

    fn start_service(
        &mut self,
        customer: usize,
        arrived_at: f64,
        now: f64,
        cal: &mut Calendar<Event>,
    ) {
        self.busy += 1;
        let service: f64 = self.services.sample(Exp1);
        let service = service / self.spec.service_rate;
        if self.measured(customer) {
            self.started += 1;
            self.wait_sum += now - arrived_at;
            self.system_sum += now - arrived_at + service;
        }
        cal.schedule_in(service, Event::Departure);
    }
}

impl Model for Mmc<'_> {
    type Event = Event;
    type Time = f64;

    fn handle(&mut self, now: f64, event: Event, cal: &mut Calendar<Event>) {
        self.account(now);
        match event {
            Event::Arrival => {
                let customer = self.arrived;
                self.arrived += 1;
                if customer == self.spec.warm_up {
                    self.window.0 = now;
                    self.last_change = now;
                }
                if customer + 1 == self.spec.warm_up + self.spec.customers {
                    self.window.1 = now;
                } else {
                    let gap: f64 = self.arrivals.sample(Exp1);
                    cal.schedule_in(gap / self.spec.arrival_rate, Event::Arrival);
                }
                if self.busy < self.spec.servers {
                    self.start_service(customer, now, now, cal);
                } else {
                    self.waiting.push_back((customer, now));
                }
            }
            Event::Departure => {
                self.busy -= 1;
                if let Some((customer, at)) = self.waiting.pop_front() {
                    self.start_service(customer, at, now, cal);
                }
            }
        }
    }
}

/// Runs one replication with its own random streams.
pub fn simulate(spec: &QueueSpec, seed: u64, replication: usize) -> QueueRun {
    let mut model = Mmc {
        spec,
        arrivals: replicate::stream(seed, replication, 0),
        services: replicate::stream(seed, replication, 1),
        arrived: 0,
        busy: 0,
        waiting: VecDeque::new(),
        window: (f64::INFINITY, f64::INFINITY),
        last_change: 0.0,
        queue_area: 0.0,
        busy_area: 0.0,
        started: 0,
        wait_sum: 0.0,
        system_sum: 0.0,
    };
    let mut cal = Calendar::new();
    cal.schedule(0.0, Event::Arrival);
    // Until every measured customer has started service (the last one may
    // still be waiting when the last arrival comes).
    while model.started < spec.customers && !cal.is_empty() {
        let next = cal.peek_time().unwrap_or(f64::INFINITY);
        run_until(&mut model, &mut cal, next);
    }
    let length = model.window.1 - model.window.0;
    let n = model.started.max(1) as f64;
    QueueRun {
        mean_wait: model.wait_sum / n,
        mean_time_in_system: model.system_sum / n,
        utilisation: if length > 0.0 {
            model.busy_area / (f64::from(spec.servers) * length)
        } else {
            0.0
        },
        mean_queue_length: if length > 0.0 {
            model.queue_area / length
        } else {
            0.0
        },
        arrival_rate: if length > 0.0 {
            (spec.customers - 1) as f64 / length
        } else {
            0.0
        },
    }
}

/// The queue over replications: each figure's mean with its 95% interval,
/// and the theory's values when the queue is stable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueReport {
    /// Replications.
    pub reps: usize,
    /// Customers measured in each.
    pub customers: usize,
    /// Customers simulated before them in each, not measured.
    pub warm_up_customers: usize,
    /// Mean wait before service.
    pub mean_wait: f64,
    /// Mean time in the system.
    pub mean_time_in_system: f64,
    /// Server utilisation.
    pub utilisation: f64,
    /// Time-average number waiting.
    pub mean_queue_length: f64,
    /// Each figure with its 95% confidence interval over the replications.
    pub intervals: QueueIntervals,
    /// Little's law on the simulation itself: the measured arrival rate times
    /// the mean wait, to set beside `mean_queue_length`.
    pub arrival_rate_times_mean_wait: f64,
    /// Steady-state theory (Erlang C); absent when the queue is unstable.
    pub theory: Option<MmcTheory>,
}

/// Confidence intervals of the queue's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueIntervals {
    /// Mean wait.
    pub mean_wait: Estimate,
    /// Mean time in the system.
    pub mean_time_in_system: Estimate,
    /// Utilisation.
    pub utilisation: Estimate,
    /// Mean number waiting.
    pub mean_queue_length: Estimate,
    /// Measured arrival rate x mean wait, replication by replication.
    pub arrival_rate_times_mean_wait: Estimate,
}

/// Simulates the queue over `plan`'s replications.
pub fn run(spec: &QueueSpec, plan: Replications) -> Result<QueueReport, QueueError> {
    spec.check()?;
    if plan.reps == 0 {
        return Err(QueueError::Count("replications"));
    }
    let runs = replicate::replicate(plan, || (), |_, i| simulate(spec, plan.seed, i));
    let of = |f: fn(&QueueRun) -> f64| Estimate::of(&runs.iter().map(f).collect::<Vec<_>>());
    let intervals = QueueIntervals {
        mean_wait: of(|r| r.mean_wait),
        mean_time_in_system: of(|r| r.mean_time_in_system),
        utilisation: of(|r| r.utilisation),
        mean_queue_length: of(|r| r.mean_queue_length),
        arrival_rate_times_mean_wait: of(|r| r.arrival_rate * r.mean_wait),
    };
    Ok(QueueReport {
        reps: plan.reps,
        customers: spec.customers,
        warm_up_customers: spec.warm_up,
        mean_wait: intervals.mean_wait.mean,
        mean_time_in_system: intervals.mean_time_in_system.mean,
        utilisation: intervals.utilisation.mean,
        mean_queue_length: intervals.mean_queue_length.mean,
        arrival_rate_times_mean_wait: intervals.arrival_rate_times_mean_wait.mean,
        intervals,
        theory: theory::mmc(spec.arrival_rate, spec.service_rate, spec.servers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_figures_are_refused() {
        let spec = QueueSpec {
            arrival_rate: 0.0,
            service_rate: 1.0,
            servers: 1,
            customers: 10,
            warm_up: 0,
        };
        assert_eq!(
            run(&spec, Replications::new(1, 0)).unwrap_err().to_string(),
            "arrival rate must be a number above 0, not 0"
        );
        let spec = QueueSpec {
            arrival_rate: 1.0,
            servers: 0,
            ..spec
        };
        assert_eq!(spec.check().unwrap_err(), QueueError::Count("servers"));
    }

    #[test]
    fn an_idle_queue_never_waits_with_many_servers() {
        let spec = QueueSpec {
            arrival_rate: 0.01,
            service_rate: 10.0,
            servers: 50,
            customers: 500,
            warm_up: 0,
        };
        let r = simulate(&spec, 1, 0);
        assert_eq!(r.mean_wait, 0.0);
        assert!(r.utilisation < 0.01);
    }
}
