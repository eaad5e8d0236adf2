//! Queueing theory the engine is checked against: the M/M/c queue (Poisson
//! arrivals, exponential service, c servers, first come first served) in
//! steady state, by the Erlang C formula and Little's law.

use serde::Serialize;

/// The steady-state figures of an M/M/c queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MmcTheory {
    /// Probability that an arrival waits (Erlang C).
    pub probability_of_waiting: f64,
    /// Mean wait before service, `Wq = C / (c mu - lambda)`.
    pub mean_wait: f64,
    /// Mean time in the system, `W = Wq + 1 / mu`.
    pub mean_time_in_system: f64,
    /// Server utilisation, `rho = lambda / (c mu)`.
    pub utilisation: f64,
    /// Mean number waiting, `Lq = lambda Wq` (Little's law).
    pub mean_queue_length: f64,
}

/// Erlang C: the probability that an arrival has to wait, for offered load
/// `a = lambda / mu` on `c` servers; `None` unless `a < c`.
pub fn erlang_c(c: u32, a: f64) -> Option<f64> {
    let cf = f64::from(c);
    if c == 0 || !(a >= 0.0 && a < cf) {
        return None;
    }
    // Sum a^k / k! for k < c term by term, so nothing overflows.
    let mut term = 1.0;
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    // term is now a^c / c!.
    let tail = term * cf / (cf - a);
    Some(tail / (sum + tail))
}

/// The M/M/c queue with arrival rate `lambda`, service rate `mu` per server
/// and `c` servers; `None` unless it is stable (`lambda < c mu`).
pub fn mmc(lambda: f64, mu: f64, c: u32) -> Option<MmcTheory> {
    if !(lambda > 0.0 && mu > 0.0) {
        return None;
    }
    let a = lambda / mu;
    let p = erlang_c(c, a)?;
    let wq = p / (f64::from(c) * mu - lambda);
    Some(MmcTheory {
        probability_of_waiting: p,
        mean_wait: wq,
        mean_time_in_system: wq + 1.0 / mu,
        utilisation: a / f64::from(c),
        mean_queue_length: lambda * wq,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm1_is_the_textbook_formula() {
        // rho = 0.8: Wq = rho / (mu - lambda) = 4, W = 5, Lq = 3.2.
        let t = mmc(0.8, 1.0, 1).unwrap();
        assert!((t.probability_of_waiting - 0.8).abs() < 1e-12);
        assert!((t.mean_wait - 4.0).abs() < 1e-12);
        assert!((t.mean_time_in_system - 5.0).abs() < 1e-12);
        assert!((t.mean_queue_length - 3.2).abs() < 1e-12);
    }

    #[test]
    fn erlang_c_known_value() {
        // Two servers, a = 1: C = (1/2 x 2) / (1 + 1 + 1) = 1/3.
        assert!((erlang_c(2, 1.0).unwrap() - 1.0 / 3.0).abs() < 1e-12);
        // c = 3, a = 2.4: a classic call-centre example, C = 0.6472.
        assert!((erlang_c(3, 2.4).unwrap() - 0.647_191).abs() < 1e-6);
        assert_eq!(erlang_c(2, 2.0), None);
        assert!(mmc(3.0, 1.0, 3).is_none());
    }

    #[test]
    fn many_servers_do_not_overflow() {
        let t = mmc(180.0, 1.0, 200).unwrap();
        assert!(t.probability_of_waiting > 0.0 && t.probability_of_waiting < 1.0);
    }
}
