//! Summaries over replications: percentile bands, means with confidence
//! intervals, and histograms of whole days.

use serde::Serialize;

/// A figure's spread over replications: the median and the 5-95% band, with
/// the mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// Mean over the replications.
    pub mean: f64,
    /// 5th percentile: 1 replication in 20 is lower.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile: 1 replication in 20 is higher.
    pub p95: f64,
}

impl Band {
    /// The band of some values (NaNs are left out); all zero when there are none.
    pub fn of(values: &mut Vec<f64>) -> Self {
        values.retain(|v| !v.is_nan());
        if values.is_empty() {
            return Self {
                mean: 0.0,
                p5: 0.0,
                p50: 0.0,
                p95: 0.0,
            };
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        // Selections instead of a sort (a forecast takes thousands of bands
        // over a thousand replications each): the median's rank first, then
        // each other rank within the half it lies in.
        let n = values.len();
        let mid = (n - 1) / 2;
        values.select_nth_unstable_by(mid, f64::total_cmp);
        let mut at = |r: usize| -> f64 {
            match r.cmp(&mid) {
                std::cmp::Ordering::Less => {
                    *values[..mid].select_nth_unstable_by(r, f64::total_cmp).1
                }
                std::cmp::Ordering::Equal => values[mid],
                std::cmp::Ordering::Greater => {
                    *values[mid + 1..]
                        .select_nth_unstable_by(r - mid - 1, f64::total_cmp)
                        .1
                }
            }
        };
        let mut quantile = |q: f64| {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let a = at(lo);
            if lo + 1 >= n || h == lo as f64 {
                a
            } else {
                a + (h - lo as f64) * (at(lo + 1) - a)
            }
        };
        Self {
            mean,
            p5: quantile(0.05),
            p50: quantile(0.5),
            p95: quantile(0.95),
        }
    }
}

impl Band {
    /// The band of whole numbers (counts, list lengths), by counting rather
    /// than sorting; the same figures as [`Band::of`] on them as floats.
    pub fn of_counts(values: &[u32]) -> Self {
        let n = values.len();
        let Some(&max) = values.iter().max() else {
            return Self::of(&mut Vec::new());
        };
        // cumulative[v] = values at most v.
        let mut cumulative = vec![0u32; max as usize + 1];
        let mut sum = 0u64;
        for &v in values {
            cumulative[v as usize] += 1;
            sum += u64::from(v);
        }
        for v in 1..cumulative.len() {
            cumulative[v] += cumulative[v - 1];
        }
        let at = |r: usize| cumulative.partition_point(|&c| c as usize <= r) as f64;
        let quantile = |q: f64| {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let a = at(lo);
            if lo + 1 >= n || h == lo as f64 {
                a
            } else {
                a + (h - lo as f64) * (at(lo + 1) - a)
            }
        };
        Self {
            mean: sum as f64 / n as f64,
            p5: quantile(0.05),
            p50: quantile(0.5),
            p95: quantile(0.95),
        }
    }
}

/// The `q` quantile of values in any order (reordering them), by linear
/// interpolation between the closest ranks, as [`quantile_sorted`].
/// `values` must not be empty.
pub fn quantile_select(values: &mut [f64], q: f64) -> f64 {
    let h = (values.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let (_, at, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let a = *at;
    if h == lo as f64 {
        return a;
    }
    let b = above.iter().copied().fold(f64::INFINITY, f64::min);
    a + (h - lo as f64) * (b - a)
}

/// The `q` quantile of sorted values by linear interpolation between the
/// closest ranks (as Excel's PERCENTILE.INC). `values` must not be empty.
pub fn quantile_sorted(values: &[f64], q: f64) -> f64 {
    let h = (values.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    values[lo] + (h - lo as f64) * (values[hi] - values[lo])
}

/// A mean over independent replications, with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The mean of the replications' values.
    pub mean: f64,
    /// Half the width of the 95% confidence interval (Student's t).
    pub half_width: f64,
    /// Replications.
    pub n: usize,
}

impl Estimate {
    /// The mean and its interval from one value per replication.
    pub fn of(values: &[f64]) -> Self {
        let n = values.len();
        if n == 0 {
            return Self {
                mean: f64::NAN,
                half_width: f64::NAN,
                n,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Self {
                mean,
                half_width: f64::INFINITY,
                n,
            };
        }
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        Self {
            mean,
            half_width: t_975(n - 1) * (var / n as f64).sqrt(),
            n,
        }
    }

    /// Whether `x` lies in the interval.
    pub fn covers(&self, x: f64) -> bool {
        (x - self.mean).abs() <= self.half_width
    }
}

/// The 97.5% point of Student's t with `df` degrees of freedom (two-sided
/// 95%), from the table for small samples and the normal value beyond.
pub fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df - 1],
        31..=60 => 2.000,
        61..=120 => 1.980,
        _ => 1.960,
    }
}

/// The Wilson score interval (95%) of a proportion: `successes` of `n`.
pub fn wilson(successes: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.96f64;
    let n = n as f64;
    let p = successes as f64 / n;
    let centre = p + z * z / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let denom = 1.0 + z * z / n;
    (
        ((centre - spread) / denom).max(0.0),
        ((centre + spread) / denom).min(1.0),
    )
}

/// Counts of whole days, 0 up to a cap, with one bucket for longer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayHistogram {
    counts: Vec<u64>,
    sum: u64,
}

/// The longest wait counted day by day; longer waits share the last bucket
/// (their sum is still exact, so the mean is).
pub const HISTOGRAM_DAYS: usize = 1096;

impl DayHistogram {
    /// Adds one wait. The counts grow only as far as the longest wait, so a
    /// replication's histogram stays small.
    pub fn add(&mut self, days: u32) {
        let i = (days as usize).min(HISTOGRAM_DAYS);
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
        self.sum += u64::from(days);
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &DayHistogram) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.sum += other.sum;
    }

    /// Waits counted.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Mean wait; `None` when empty.
    pub fn mean(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| self.sum as f64 / n as f64)
    }

    /// Waits of at most `days`.
    pub fn at_most(&self, days: u32) -> u64 {
        self.counts.iter().take(days as usize + 1).sum()
    }

    /// The `q` quantile by linear interpolation between the closest ranks;
    /// `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
        let lo = h.floor() as u64;
        let at = |rank: u64| {
            let mut seen = 0;
            for (d, c) in self.counts.iter().enumerate() {
                seen += c;
                if seen > rank {
                    return d as f64;
                }
            }
            HISTOGRAM_DAYS as f64
        };
        let a = at(lo);
        let b = at((lo + 1).min(n - 1));
        Some(a + (h - lo as f64) * (b - a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_match_the_sorted_quantiles() {
        for n in [1usize, 2, 3, 7, 20, 101, 1000] {
            let mut v: Vec<f64> = (0..n)
                .map(|i| ((i * 7919) % n) as f64 / 3.0 + (i % 3) as f64)
                .collect();
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let b = Band::of(&mut v);
            for (got, q) in [(b.p5, 0.05), (b.p50, 0.5), (b.p95, 0.95)] {
                assert!(
                    (got - quantile_sorted(&sorted, q)).abs() < 1e-12,
                    "n {n} q {q}: {got}"
                );
            }
        }
    }

    #[test]
    fn counted_bands_are_the_sorted_ones() {
        for n in [1u32, 2, 5, 20, 333] {
            let ints: Vec<u32> = (0..n).map(|i| (i * 37) % 11 + i % 4).collect();
            let mut floats: Vec<f64> = ints.iter().map(|&v| f64::from(v)).collect();
            assert_eq!(Band::of_counts(&ints), Band::of(&mut floats), "{n}");
        }
        assert_eq!(Band::of_counts(&[]).p50, 0.0);
    }

    #[test]
    fn band_of_one_to_a_hundred_and_one() {
        let mut v: Vec<f64> = (1..=101).rev().map(f64::from).collect();
        v.push(f64::NAN);
        let b = Band::of(&mut v);
        assert_eq!((b.p5, b.p50, b.p95, b.mean), (6.0, 51.0, 96.0, 51.0));
        assert_eq!(Band::of(&mut Vec::new()).p50, 0.0);
    }

    #[test]
    fn selection_gives_the_sorted_quantiles() {
        let mut v: Vec<f64> = (0..200)
            .map(|i| f64::from((i * 7919) % 200) / 3.0)
            .collect();
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.0, 0.05, 0.33, 0.5, 0.95, 1.0] {
            assert_eq!(
                quantile_select(&mut v, q),
                quantile_sorted(&sorted, q),
                "{q}"
            );
        }
    }

    #[test]
    fn interval_of_a_mean() {
        let e = Estimate::of(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(e.mean, 2.5);
        // s = 1.291, se = 0.6455, t(3) = 3.182.
        assert!((e.half_width - 2.054).abs() < 1e-3);
        assert!(e.covers(4.5) && !e.covers(4.6));
    }

    #[test]
    fn wilson_interval() {
        let (lo, hi) = wilson(90, 100);
        assert!((lo - 0.8256).abs() < 1e-3 && (hi - 0.9448).abs() < 1e-3);
        assert_eq!(wilson(0, 0), (0.0, 1.0));
    }

    #[test]
    fn histogram_quantiles_match_the_sorted_list() {
        let waits = [3u32, 0, 10, 7, 7, 21, 2000];
        let mut h = DayHistogram::default();
        for w in waits {
            h.add(w);
        }
        let mut sorted: Vec<f64> = waits
            .iter()
            .map(|&w| f64::from(w.min(HISTOGRAM_DAYS as u32)))
            .collect();
        sorted.sort_by(f64::total_cmp);
        for q in [0.0, 0.25, 0.5, 0.9, 0.95, 1.0] {
            assert_eq!(h.quantile(q), Some(quantile_sorted(&sorted, q)), "{q}");
        }
        assert_eq!(h.mean(), Some(2048.0 / 7.0));
        assert_eq!(h.at_most(7), 4);
        let mut both = h.clone();
        both.merge(&h);
        assert_eq!(both.n(), 14);
        assert_eq!(DayHistogram::default().quantile(0.5), None);
    }
}
