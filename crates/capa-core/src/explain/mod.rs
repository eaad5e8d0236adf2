//! Explanations: how a figure was computed, in words a team lead can check by hand.
//!
//! A working shows its numbers so that doing the arithmetic as written gives
//! the figure: inputs a team entered are shown as entered ([`exact`]: 1.125,
//! not 1.12), and a figure about to be rounded is shown with as many places
//! as the rounding needs ([`for_rounding`]). [`check`] reads a working back
//! and confirms it; the property tests run it over every figure of a report.

pub mod check;

use std::fmt;

use serde::{Serialize, Serializer};

/// How one figure was computed: the formula in words, the same with the
/// numbers put in, and any note (a default used, a pro rata, a rounding rule).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Explanation {
    /// The formula in words, e.g. "Core sessions x Core multiplier".
    pub formula: String,
    /// The formula with the inputs substituted and the result, e.g. "3 x 3 = 9".
    pub working: String,
    /// Remarks that qualify the figure.
    pub notes: Vec<String>,
}

impl Explanation {
    /// An explanation from a formula and its worked form.
    pub fn new(formula: impl Into<String>, working: impl Into<String>) -> Self {
        Self {
            formula: formula.into(),
            working: working.into(),
            notes: Vec::new(),
        }
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.formula, self.working)?;
        for n in &self.notes {
            write!(f, " ({n})")?;
        }
        Ok(())
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Formats a number the way the method page writes it: no trailing zeros, at
/// most `places` decimals (3, 11.25, 0.68, 9.4).
pub fn num(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `x` snapped to the nearest half-integer when within 1e-8 (relative) of
/// it: what a working's nine-decimal literals can lose against the exact
/// figure. Anything further off (4 x 1.12 = 4.48 against 4.5) stays as it is.
pub fn tidy_near(x: f64) -> f64 {
    let half = (x * 2.0).round() / 2.0;
    if (x - half).abs() <= 1e-8 * x.abs().max(1.0) {
        half
    } else {
        x
    }
}

/// Removes floating-point noise from a figure shown to people (6 x 13 x 0.68
/// is 53.04, not 53.040000000000006), keeping nine decimals.
pub fn tidy(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e9).round() / 1e9
    } else {
        x
    }
}

/// A value as it was entered or computed, up to six decimals without
/// trailing zeros: 1.125 stays 1.125, 0.68 is 0.68, 3 is 3. For inputs, so
/// that a working repeats what the team wrote.
pub fn exact(x: f64) -> String {
    num(tidy(x), 6)
}

/// A figure shown with the fewest places (two or more) at which `keeps`
/// still holds of the number as shown; up to nine. Used where the working
/// goes on to round: `for_rounding` shows 2.4999996 as 2.4999996, not 2.5.
pub fn shown_keeping(x: f64, keeps: impl Fn(f64) -> bool) -> String {
    // A figure with four places or fewer is shown as it is (1.125, not 1.12).
    let whole = num(tidy(x), 4);
    if whole
        .parse::<f64>()
        .is_ok_and(|w| (w - tidy(x)).abs() < 1e-12 && keeps(w))
    {
        return whole;
    }
    for places in 2..=9 {
        let shown = num(x, places);
        if shown.parse::<f64>().is_ok_and(&keeps) {
            return shown;
        }
    }
    num(x, 9)
}

/// A figure about to be rounded half up, shown so that rounding the number
/// as shown gives the same whole number: two places unless more are needed.
pub fn for_rounding(x: f64) -> String {
    let whole = crate::rounding::round_half_up(x);
    shown_keeping(x, |shown| crate::rounding::round_half_up(shown) == whole)
}

/// A figure about to be rounded down, shown so that the floor of the number
/// as shown is the same: two places unless more are needed.
pub fn for_floor(x: f64) -> String {
    let whole = crate::rounding::floor_whole(x);
    shown_keeping(x, |shown| crate::rounding::floor_whole(shown) == whole)
}

/// [`num`] with two decimals, the precision of every rate in the method.
pub fn n2(x: f64) -> String {
    num(x, 2)
}

/// A count that may be fractional, said the way people say it: "about
/// 141.4" (one place), and a whole number as it is. A need can be
/// fractional; a count of people or appointments is whole.
pub fn about(x: f64) -> String {
    let whole = (x - x.round()).abs() < 1e-9;
    if whole {
        num(x, 0)
    } else {
        format!("about {}", num(x, 1))
    }
}

/// `n` and the noun, singular for 1: `plural(1, "clinician", "clinicians")`
/// is "1 clinician".
pub fn plural(n: impl Into<f64> + Copy + fmt::Display, one: &str, many: &str) -> String {
    let word = if (n.into() - 1.0).abs() < 1e-12 {
        one
    } else {
        many
    };
    format!("{n} {word}")
}

/// The noun for a count, singular for 1.
pub fn noun<'a>(n: f64, one: &'a str, many: &'a str) -> &'a str {
    if (n - 1.0).abs() < 1e-12 { one } else { many }
}

/// A share as a percentage with one decimal.
pub fn percent(share: f64) -> String {
    format!("{}%", num(share * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(n2(3.0), "3");
        assert_eq!(n2(11.25), "11.25");
        assert_eq!(n2(9.4), "9.4");
        assert_eq!(n2(3.214_285), "3.21");
        assert_eq!(percent(0.35), "35%");
    }

    #[test]
    fn counts_read_as_people_say_them() {
        assert_eq!(about(141.44), "about 141.4");
        assert_eq!(about(53.0), "53");
        assert_eq!(plural(1u32, "clinician", "clinicians"), "1 clinician");
        assert_eq!(plural(12u32, "clinician", "clinicians"), "12 clinicians");
    }

    #[test]
    fn exact_keeps_what_was_entered() {
        assert_eq!(exact(1.125), "1.125");
        assert_eq!(exact(0.68), "0.68");
        assert_eq!(exact(3.0), "3");
        assert_eq!(exact(6.0 * 13.0 * 0.68), "53.04");
    }

    #[test]
    fn rounding_shows_the_places_it_needs() {
        assert_eq!(for_rounding(9.45), "9.45");
        assert_eq!(for_rounding(2.4999996), "2.4999996");
        assert_eq!(for_rounding(2.5), "2.5");
        // Exact to four places: as it is, not 1.12.
        assert_eq!(for_rounding(1.125), "1.125");
        assert_eq!(for_rounding(3.0 * 3.0 * 20.0 / 65.0), "2.77");
        assert_eq!(for_floor(22.5), "22.5");
        assert_eq!(for_floor(22.9999996), "22.9999996");
    }

    #[test]
    fn display_joins_formula_working_and_notes() {
        let e = Explanation::new("a x b", "2 x 3 = 6").note("rounded half up");
        assert_eq!(e.to_string(), "a x b: 2 x 3 = 6 (rounded half up)");
    }
}
