//! Counts of small whole numbers, from which means, medians and percentiles
//! come out exact without keeping the values themselves.

use std::collections::BTreeMap;

/// Values below this are counted in a plain array; f/f and day numbers
/// above it are rare and go to a sorted map.
const DENSE: usize = 512;

/// How many times each value occurs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    dense: Vec<u64>,
    sparse: BTreeMap<u32, u64>,
    total: u64,
}

/// Count, mean, median and 90th percentile of the values in a range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Summary {
    pub n: u64,
    pub mean: f64,
    pub median: f64,
    pub p90: f64,
}

impl Counts {
    pub fn add(&mut self, v: u32) {
        self.add_n(v, 1);
    }

    fn add_n(&mut self, v: u32, n: u64) {
        let i = v as usize;
        if i < DENSE {
            if i >= self.dense.len() {
                self.dense.resize(i + 1, 0);
            }
            self.dense[i] += n;
        } else {
            *self.sparse.entry(v).or_insert(0) += n;
        }
        self.total += n;
    }

    /// Takes one occurrence of `v` away; `v` must have been added.
    pub fn remove(&mut self, v: u32) {
        let i = v as usize;
        let slot = if i < DENSE {
            self.dense.get_mut(i)
        } else {
            self.sparse.get_mut(&v)
        };
        if let Some(c) = slot.filter(|c| **c > 0) {
            *c -= 1;
            self.total -= 1;
        }
        if i >= DENSE && self.sparse.get(&v) == Some(&0) {
            self.sparse.remove(&v);
        }
    }

    pub fn merge(&mut self, other: &Counts) {
        if other.dense.len() > self.dense.len() {
            self.dense.resize(other.dense.len(), 0);
        }
        for (a, b) in self.dense.iter_mut().zip(&other.dense) {
            *a += b;
        }
        for (&v, &n) in &other.sparse {
            *self.sparse.entry(v).or_insert(0) += n;
        }
        self.total += other.total;
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// (value, count) pairs in ascending order of value, counts above zero.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.dense
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(v, c)| (v as u32, *c))
            .chain(self.sparse.iter().map(|(v, c)| (*v, *c)))
    }

    /// How many values lie in `lo..=hi`.
    pub fn count_in(&self, lo: u32, hi: u32) -> u64 {
        self.iter()
            .filter(|(v, _)| (lo..=hi).contains(v))
            .map(|(_, c)| c)
            .sum()
    }

    /// Count, mean, median and 90th percentile of the values in `lo..=hi`;
    /// `None` when there are none.
    pub fn summary(&self, lo: u32, hi: u32) -> Option<Summary> {
        let pairs: Vec<(u32, u64)> = self.iter().filter(|(v, _)| (lo..=hi).contains(v)).collect();
        let n: u64 = pairs.iter().map(|(_, c)| c).sum();
        if n == 0 {
            return None;
        }
        let sum: u128 = pairs
            .iter()
            .map(|(v, c)| u128::from(*v) * u128::from(*c))
            .sum();
        Some(Summary {
            n,
            mean: sum as f64 / n as f64,
            median: quantile(&pairs, n, 1, 2),
            p90: quantile(&pairs, n, 9, 10),
        })
    }
}

/// The `num/den` quantile by linear interpolation between the closest ranks,
/// as Excel's PERCENTILE.INC and pandas' default: the value at rank
/// `h = (n - 1) x num / den` (0-based), interpolated between the values at
/// `floor(h)` and `floor(h) + 1`. With `1/2` this is the median, the mean of
/// the two middle values of an even-sized set. The arithmetic is exact until
/// the final division.
fn quantile(pairs: &[(u32, u64)], n: u64, num: u64, den: u64) -> f64 {
    let h = u128::from(n - 1) * u128::from(num);
    let below = (h / u128::from(den)) as u64;
    let rem = (h % u128::from(den)) as u64;
    let lo = nth(pairs, below);
    if rem == 0 {
        return f64::from(lo);
    }
    let hi = nth(pairs, below + 1);
    let scaled = u128::from(lo) * u128::from(den) + u128::from(hi - lo) * u128::from(rem);
    scaled as f64 / den as f64
}

/// The value at 0-based rank `k` of the sorted values.
fn nth(pairs: &[(u32, u64)], k: u64) -> u32 {
    let mut seen = 0;
    for &(v, c) in pairs {
        seen += c;
        if k < seen {
            return v;
        }
    }
    pairs.last().map_or(0, |p| p.0)
}

/// Counts of day numbers; like [`Counts`] but for a window of days that can
/// start anywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DayCounts {
    first: u32,
    counts: Vec<u64>,
}

impl DayCounts {
    pub fn add(&mut self, day: u32) {
        self.add_n(day, 1);
    }

    fn add_n(&mut self, day: u32, n: u64) {
        if self.counts.is_empty() {
            self.first = day;
        } else if day < self.first {
            let grow = (self.first - day) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.first = day;
        }
        let i = (day - self.first) as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += n;
    }

    /// Takes one occurrence of `day` away; it must have been added.
    pub fn remove(&mut self, day: u32) {
        if let Some(c) = day
            .checked_sub(self.first)
            .and_then(|i| self.counts.get_mut(i as usize))
            .filter(|c| **c > 0)
        {
            *c -= 1;
        }
    }

    pub fn merge(&mut self, other: &DayCounts) {
        for (i, &n) in other.counts.iter().enumerate() {
            if n > 0 {
                self.add_n(other.first + i as u32, n);
            }
        }
    }

    /// How many days counted are on or after `day`.
    pub fn count_from(&self, day: u32) -> u64 {
        let skip = day.saturating_sub(self.first) as usize;
        self.counts.iter().skip(skip).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: &[u32]) -> Counts {
        let mut c = Counts::default();
        for &v in values {
            c.add(v);
        }
        c
    }

    #[test]
    fn median_of_odd_and_even_sets() {
        let s = counts(&[4, 9, 5]).summary(0, u32::MAX).unwrap();
        assert_eq!(s.median, 5.0);
        let s = counts(&[4, 9, 5, 6]).summary(0, u32::MAX).unwrap();
        assert_eq!(s.median, 5.5);
        assert_eq!(s.mean, 6.0);
    }

    #[test]
    fn ninetieth_percentile_interpolates_like_percentile_inc() {
        // 1..=10: h = 9 x 0.9 = 8.1, between 9 and 10: 9.1.
        let s = counts(&(1..=10).collect::<Vec<_>>())
            .summary(0, 100)
            .unwrap();
        assert_eq!(s.p90, 9.1);
        // 11 values 0..=10: h = 9 exactly, the value 9.
        let s = counts(&(0..=10).collect::<Vec<_>>())
            .summary(0, 100)
            .unwrap();
        assert_eq!(s.p90, 9.0);
    }

    #[test]
    fn summary_keeps_to_its_range_and_large_values_count() {
        let c = counts(&[1, 2, 4, 700, 700, 15, 16]);
        let s = c.summary(4, 15).unwrap();
        assert_eq!((s.n, s.mean), (2, 9.5));
        let s = c.summary(4, u32::MAX).unwrap();
        assert_eq!(s.n, 5);
        assert_eq!(s.median, 16.0);
        assert_eq!(c.count_in(16, u32::MAX), 3);
        assert!(c.summary(3, 3).is_none());
    }

    #[test]
    fn remove_undoes_add_and_merge_adds() {
        let mut a = counts(&[1, 900]);
        a.remove(900);
        a.remove(1);
        assert_eq!(a.total(), 0);
        assert_eq!(a.iter().count(), 0);
        let mut b = counts(&[3, 3, 600]);
        b.merge(&counts(&[3, 1000]));
        assert_eq!(
            b.iter().collect::<Vec<_>>(),
            vec![(3, 3), (600, 1), (1000, 1)]
        );
    }

    #[test]
    fn day_counts_grow_both_ways() {
        let mut d = DayCounts::default();
        for day in [100, 90, 120, 100] {
            d.add(day);
        }
        assert_eq!(d.count_from(100), 3);
        assert_eq!(d.count_from(0), 4);
        assert_eq!(d.count_from(121), 0);
        d.remove(100);
        let mut e = DayCounts::default();
        e.add(50);
        e.merge(&d);
        assert_eq!(e.count_from(0), 4);
        assert_eq!(e.count_from(91), 2);
    }
}
