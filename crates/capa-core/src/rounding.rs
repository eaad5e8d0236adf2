//! Rounding rules of the method: half up for a quarter, cumulative for a year.

/// Tolerance for floating-point error in products such as 0.86 x 11, so that a
/// figure meant to be exactly x.5 rounds up.
const EPS: f64 = 1e-9;

/// Rounds half up to a whole number; negative inputs give 0 (a target is never negative).
pub fn round_half_up(x: f64) -> u32 {
    if !x.is_finite() || x <= 0.0 {
        return 0;
    }
    let r = (x + 0.5 + EPS).floor();
    if r >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        r as u32
    }
}

/// Rounds down to a whole number, ignoring floating-point noise below the
/// tolerance (2 x 11.25 = 22.5 holds 22; 3 x 7.333333333 holds 22, not 21).
pub fn floor_whole(x: f64) -> u32 {
    if !x.is_finite() || x <= 0.0 {
        return 0;
    }
    let r = (x + EPS).floor();
    if r >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        r as u32
    }
}

/// Rounds up to a whole number, ignoring floating-point noise below the tolerance.
pub fn ceil_whole(x: f64) -> u32 {
    if !x.is_finite() || x <= 0.0 {
        return 0;
    }
    let r = (x - EPS).ceil();
    if r >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        r as u32
    }
}

/// Splits a run of unrounded figures (one per quarter) into whole numbers that
/// add up to the rounded total: the k-th is `round(S_k) - round(S_(k-1))`, where
/// `S_k` is the running sum. CAPA's example: 9.4 a quarter gives 9, 10, 9, 10.
pub fn cumulative(figures: &[f64]) -> Vec<u32> {
    let mut out = Vec::with_capacity(figures.len());
    let mut sum = 0.0;
    let mut previous = 0u32;
    for &x in figures {
        sum += x.max(0.0);
        let now = round_half_up(sum);
        out.push(now.saturating_sub(previous));
        previous = now;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn half_rounds_up() {
        assert_eq!(round_half_up(2.5), 3);
        assert_eq!(round_half_up(2.4999), 2);
        assert_eq!(round_half_up(9.0), 9);
        assert_eq!(round_half_up(-1.0), 0);
        assert_eq!(round_half_up(f64::NAN), 0);
    }

    #[test]
    fn capa_year_example_9_4_gives_9_10_9_10() {
        assert_eq!(cumulative(&[9.4; 4]), vec![9, 10, 9, 10]);
        // The hours form: 11 weekly hours x 0.86 = 9.46 a quarter, the same split.
        assert_eq!(cumulative(&[11.0 * 0.86; 4]), vec![9, 10, 9, 10]);
    }

    #[test]
    fn ceil_ignores_float_noise() {
        assert_eq!(ceil_whole(6.0 * 13.0), 78);
        assert_eq!(ceil_whole(0.1 * 3.0 * 10.0), 3);
        assert_eq!(ceil_whole(6.01 * 13.0), 79);
    }

    proptest! {
        #[test]
        fn a_year_adds_up_to_the_rounded_total(xs in proptest::collection::vec(0.0f64..200.0, 1..8)) {
            let parts = cumulative(&xs);
            let total: u32 = parts.iter().sum();
            prop_assert_eq!(total, round_half_up(xs.iter().sum()));
        }

        #[test]
        fn each_part_is_within_one_of_its_figure(x in 0.0f64..200.0) {
            for part in cumulative(&[x; 4]) {
                prop_assert!((f64::from(part) - x).abs() <= 1.0 + 1e-6);
            }
        }
    }
}
