//! Explanations: how a figure was computed, in words a team lead can check by hand.

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

/// Removes floating-point noise from a figure shown to people (6 x 13 x 0.68
/// is 53.04, not 53.040000000000006), keeping nine decimals.
pub fn tidy(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e9).round() / 1e9
    } else {
        x
    }
}

/// [`num`] with two decimals, the precision of every rate in the method.
pub fn n2(x: f64) -> String {
    num(x, 2)
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
    fn display_joins_formula_working_and_notes() {
        let e = Explanation::new("a x b", "2 x 3 = 6").note("rounded half up");
        assert_eq!(e.to_string(), "a x b: 2 x 3 = 6 (rounded half up)");
    }
}
