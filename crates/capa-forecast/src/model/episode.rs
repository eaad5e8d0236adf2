//! How many Partnership appointments an episode takes: a discrete
//! distribution on 1, 2, 3 ..., from the team's discharge histogram or a
//! gamma-Poisson with the team's mean, sampled by its cumulative table.

/// The most appointments one episode may take in the model.
pub const MAX_APPOINTMENTS: usize = 400;

/// A distribution of appointments per episode, at least 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Lengths {
    /// `cdf[k]` = P(K <= k + 1).
    cdf: Vec<f64>,
    mean: f64,
}

impl Lengths {
    /// From probabilities of 1, 2, 3 ... appointments (need not add up to 1).
    /// `None` when they are all zero.
    pub fn from_weights(weights: &[f64]) -> Option<Self> {
        let total: f64 = weights.iter().sum();
        if !(total.is_finite() && total > 0.0) {
            return None;
        }
        let mut acc = 0.0;
        let mut mean = 0.0;
        let mut cdf = Vec::with_capacity(weights.len());
        for (i, w) in weights.iter().enumerate() {
            acc += w / total;
            mean += (i + 1) as f64 * w / total;
            cdf.push(acc);
        }
        // Rounding must not leave a draw of 0.999... without a value.
        if let Some(last) = cdf.last_mut() {
            *last = 1.0;
        }
        Some(Self { cdf, mean })
    }

    /// `1 + Y` with Y negative binomial (a Poisson whose mean is gamma
    /// distributed) of mean `mean - 1` and shape `shape`: whole numbers,
    /// skewed to the right like real episode lengths, with the variance
    /// `m + m^2 / shape` of `m = mean - 1`.
    pub fn gamma_poisson(mean: f64, shape: f64) -> Self {
        let m = (mean - 1.0).max(0.0);
        if m == 0.0 {
            return Self {
                cdf: vec![1.0],
                mean: 1.0,
            };
        }
        let p = shape / (shape + m);
        let mut weights = Vec::new();
        // P(Y = 0) = p^r; P(Y = k + 1) = P(Y = k) (k + r) / (k + 1) (1 - p).
        let mut w = p.powf(shape);
        let mut left = 1.0;
        for k in 0..MAX_APPOINTMENTS {
            weights.push(w);
            left -= w;
            if left < 1e-12 {
                break;
            }
            w *= (k as f64 + shape) / (k as f64 + 1.0) * (1.0 - p);
        }
        Self::from_weights(&weights).unwrap_or(Self {
            cdf: vec![1.0],
            mean: 1.0,
        })
    }

    /// From a discharge report's episodes by f/f (`counts[ff]`): the episodes
    /// with `min_ff..=max_ff` f/f, each taking its f/f less the Choice
    /// appointment.
    pub fn from_ff_counts(counts: &[u64], min_ff: u32, max_ff: u32) -> Option<Self> {
        let min = (min_ff.max(2)) as usize;
        let max = (max_ff as usize).min(counts.len().saturating_sub(1));
        if max < min {
            return None;
        }
        let mut weights = vec![0.0; max];
        for (ff, &c) in counts.iter().enumerate().take(max + 1).skip(min) {
            weights[ff - 2] = c as f64;
        }
        Self::from_weights(&weights)
    }

    /// Mean appointments.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The appointments of a draw `u` in [0, 1).
    pub fn sample(&self, u: f64) -> u32 {
        self.cdf.partition_point(|&c| c <= u) as u32 + 1
    }

    /// Appointments still to come for an episode already under way, seen at
    /// a random moment: P(R = r) is proportional to P(K >= r) (the
    /// equilibrium residual), so long episodes are met more often, as in a
    /// real caseload.
    pub fn residual(&self) -> Self {
        let weights: Vec<f64> = (0..self.cdf.len())
            .map(|i| if i == 0 { 1.0 } else { 1.0 - self.cdf[i - 1] })
            .collect();
        Self::from_weights(&weights).unwrap_or_else(|| self.clone())
    }

    /// The most appointments an episode can take.
    pub fn max(&self) -> u32 {
        self.cdf.len() as u32
    }

    /// P(K = k).
    pub fn probability(&self, k: u32) -> f64 {
        let i = k as usize;
        if i == 0 || i > self.cdf.len() {
            return 0.0;
        }
        self.cdf[i - 1] - if i >= 2 { self.cdf[i - 2] } else { 0.0 }
    }
}

/// Weekly visits an episode needs after its first appointment, missed ones
/// included: with K appointments in all and each visit missed with
/// probability p, it is `K - 1` attended plus a negative binomial count of
/// misses (the misses before the `K - 1`-th attendance). Drawn once when the
/// episode starts, so the weekly clinics need no draw per visit; the
/// distribution is the same as drawing each visit's attendance in turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Visits {
    /// `cdf[v]` = P(V <= v).
    cdf: Vec<f64>,
}

impl Visits {
    /// The visits of episodes of `lengths` when a share `dna` of visits is missed.
    pub fn new(lengths: &Lengths, dna: f64) -> Self {
        let p = dna.clamp(0.0, 0.99);
        let q = 1.0 - p;
        let mut pmf: Vec<f64> = Vec::new();
        for k in 1..=lengths.max() {
            let weight = lengths.probability(k);
            let n = k - 1;
            if weight == 0.0 {
                continue;
            }
            // P(D = d) for D ~ NB(n, q): C(d + n - 1, d) q^n p^d.
            let mut term = q.powi(n as i32);
            let mut left = 1.0;
            for d in 0..=(MAX_APPOINTMENTS * 4) {
                let v = n as usize + d;
                if v >= pmf.len() {
                    pmf.resize(v + 1, 0.0);
                }
                pmf[v] += weight * term;
                left -= term;
                if n == 0 || left < 1e-12 {
                    break;
                }
                term *= (d as f64 + f64::from(n)) / (d as f64 + 1.0) * p;
            }
        }
        Self::from_pmf(&pmf)
    }

    fn from_pmf(pmf: &[f64]) -> Self {
        let total: f64 = pmf.iter().sum();
        let mut acc = 0.0;
        let mut cdf: Vec<f64> = pmf
            .iter()
            .map(|w| {
                acc += w / total;
                acc
            })
            .collect();
        if let Some(last) = cdf.last_mut() {
            *last = 1.0;
        }
        if cdf.is_empty() {
            cdf.push(1.0);
        }
        Self { cdf }
    }

    /// The visits of a draw `u` in [0, 1).
    pub fn sample(&self, u: f64) -> u32 {
        self.cdf.partition_point(|&c| c <= u) as u32
    }

    /// Visits left for an episode met part way through (the equilibrium
    /// residual, at least one): P(R = r) proportional to P(V >= r), r >= 1.
    pub fn residual(&self) -> Self {
        let mut pmf = vec![0.0];
        for r in 1..self.cdf.len() {
            pmf.push(1.0 - self.cdf[r - 1]);
        }
        if pmf.len() == 1 {
            pmf.push(1.0);
        }
        Self::from_pmf(&pmf)
    }

    /// Mean visits.
    pub fn mean(&self) -> f64 {
        (0..self.cdf.len())
            .map(|v| {
                let below = if v == 0 { 0.0 } else { self.cdf[v - 1] };
                v as f64 * (self.cdf[v] - below)
            })
            .sum()
    }

    /// P(V = v) for v = 0, 1, 2 ...
    pub fn probabilities(&self) -> Vec<f64> {
        (0..self.cdf.len())
            .map(|v| self.cdf[v] - if v == 0 { 0.0 } else { self.cdf[v - 1] })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_poisson_has_the_asked_mean_and_spread() {
        let l = Lengths::gamma_poisson(7.5, 3.0);
        assert!((l.mean() - 7.5).abs() < 1e-6, "{}", l.mean());
        let var: f64 = (1..400)
            .map(|k| l.probability(k) * (f64::from(k) - 7.5).powi(2))
            .sum();
        // m = 6.5: m + m^2 / 3 = 20.58.
        assert!((var - 20.583).abs() < 1e-2, "{var}");
        assert_eq!(l.sample(0.0), 1);
        assert!(l.sample(0.999_999) > 20);
    }

    #[test]
    fn histogram_lengths_drop_the_choice_appointment() {
        // 10 episodes of 4 f/f, 30 of 6, 5 of 20 (outside the Core range).
        let mut counts = vec![0; 32];
        counts[4] = 10;
        counts[6] = 30;
        counts[20] = 5;
        let l = Lengths::from_ff_counts(&counts, 4, 15).unwrap();
        assert_eq!(l.probability(3), 0.25);
        assert_eq!(l.probability(5), 0.75);
        assert_eq!(l.mean(), 4.5);
        assert_eq!((l.sample(0.2), l.sample(0.25), l.sample(0.9)), (3, 5, 5));
        assert!(Lengths::from_ff_counts(&[0; 10], 4, 15).is_none());
    }

    #[test]
    fn visits_add_the_misses() {
        // Every episode 8 appointments: 7 after the first; with 8% missed,
        // 7 / 0.92 = 7.61 visits on average.
        let mut w = vec![0.0; 8];
        w[7] = 1.0;
        let v = Visits::new(&Lengths::from_weights(&w).unwrap(), 0.08);
        assert!((v.mean() - 7.0 / 0.92).abs() < 1e-6, "{}", v.mean());
        assert_eq!(v.sample(0.0), 7);
        // P(no miss in 7) = 0.92^7.
        assert!((v.probabilities()[7] - 0.92f64.powi(7)).abs() < 1e-12);
        // Without misses the visits are the lengths less one.
        let l = Lengths::gamma_poisson(7.5, 3.0);
        let v = Visits::new(&l, 0.0);
        assert!((v.mean() - 6.5).abs() < 1e-6);
        let one = Visits::new(&Lengths::from_weights(&[1.0]).unwrap(), 0.08);
        assert_eq!((one.sample(0.99), one.mean()), (0, 0.0));
        assert!(one.residual().sample(0.5) >= 1);
    }

    #[test]
    fn residual_favours_long_episodes() {
        // Half take 1, half take 3: under way, r = 1 has weight 1, r = 2 and 3 weight 1/2.
        let l = Lengths::from_weights(&[0.5, 0.0, 0.5]).unwrap();
        let r = l.residual();
        assert!((r.probability(1) - 0.5).abs() < 1e-12);
        assert!((r.probability(2) - 0.25).abs() < 1e-12);
        assert!((r.probability(3) - 0.25).abs() < 1e-12);
    }
}
