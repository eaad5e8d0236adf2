//! Checking an explanation's working: every chain of `=` in it must hold, and
//! its last result must be the figure it explains.
//!
//! A working is written for people (`round(3 x 1.125) = round(3.38) = 3`), so
//! this reads the arithmetic in it the way a team lead would with a
//! calculator: numbers as shown, `x` for times, `/`, `+`, `-`, brackets,
//! `round` (half up), `ceil` and `floor`, and `%`. Clauses are separated by
//! `; `; a clause may start with a label (`DBT: ...`, `shares ...`), and words
//! after a chain are its commentary. A clause without `=` is prose and is not
//! checked.
//!
//! Numbers are taken exactly as written, so a working that shows 1.12 where
//! the figure used 1.125 fails wherever the difference shows. The one
//! allowance is for a number written as the result of a step (`= 53.04`): it
//! may be rounded to the places shown.

use std::fmt;

use crate::rounding::{ceil_whole, floor_whole, round_half_up};

/// One checked clause of a working.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Text before the arithmetic (`DBT`, `shares AD`), trimmed; may be empty.
    pub label: String,
    /// The clause's result: its last expression.
    pub value: f64,
    /// How far `value` may be from the figure: half a unit of the last place
    /// shown when the result is a number as written, otherwise a rounding error.
    pub tolerance: f64,
}

/// Where a working does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    /// The working.
    pub working: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}': {}", self.working, self.message)
    }
}

impl std::error::Error for CheckError {}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number { value: f64, places: u32 },
    Word(String),
    Op(char),
    Open,
    Close,
    Equals,
    Other(char),
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let literal: String = chars[start..i].iter().collect();
            let places = literal.split_once('.').map_or(0, |(_, f)| f.len() as u32);
            let mut value: f64 = literal.trim_end_matches('.').parse().unwrap_or(f64::NAN);
            let mut places = places;
            if chars.get(i) == Some(&'%') {
                value /= 100.0;
                places += 2;
                i += 1;
            }
            out.push(Token::Number { value, places });
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '\'') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word == "x" {
                out.push(Token::Op('*'));
            } else {
                out.push(Token::Word(word));
            }
        } else {
            out.push(match c {
                '+' | '-' | '*' | '/' | '×' => Token::Op(if c == '×' { '*' } else { c }),
                '(' => Token::Open,
                ')' => Token::Close,
                '=' => Token::Equals,
                other => Token::Other(other),
            });
            i += 1;
        }
    }
    out
}

/// An evaluated expression: its value, and the places shown when it is a
/// single number as written (the result of a step, which may be rounded).
#[derive(Debug, Clone, Copy)]
struct Evaluated {
    value: f64,
    literal_places: Option<u32>,
}

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
}

type Parsed<T> = Result<T, String>;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<&Token> {
        let t = self.tokens.get(self.at);
        self.at += 1;
        t
    }

    fn starts_expression(&self) -> bool {
        match self.peek() {
            Some(Token::Number { .. } | Token::Open | Token::Op('-')) => true,
            Some(Token::Word(w)) => {
                is_function(w) && matches!(self.tokens.get(self.at + 1), Some(Token::Open))
            }
            _ => false,
        }
    }

    fn expression(&mut self) -> Parsed<Evaluated> {
        let start = self.at;
        let mut value = self.term()?;
        while let Some(Token::Op(op @ ('+' | '-'))) = self.peek() {
            let op = *op;
            self.at += 1;
            let rhs = self.term()?;
            value = if op == '+' { value + rhs } else { value - rhs };
        }
        let literal_places = match &self.tokens[start..self.at] {
            [Token::Number { places, .. }] => Some(*places),
            [Token::Op('-'), Token::Number { places, .. }] => Some(*places),
            _ => None,
        };
        Ok(Evaluated {
            value,
            literal_places,
        })
    }

    fn term(&mut self) -> Parsed<f64> {
        let mut value = self.factor()?;
        while let Some(Token::Op(op @ ('*' | '/'))) = self.peek() {
            let op = *op;
            self.at += 1;
            let rhs = self.factor()?;
            value = if op == '*' { value * rhs } else { value / rhs };
        }
        Ok(value)
    }

    fn factor(&mut self) -> Parsed<f64> {
        match self.next().cloned() {
            Some(Token::Number { value, .. }) => Ok(value),
            Some(Token::Op('-')) => Ok(-self.factor()?),
            Some(Token::Open) => {
                let inner = self.expression()?.value;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("a bracket is not closed".into()),
                }
            }
            Some(Token::Word(w)) if is_function(&w) => {
                if self.next() != Some(&Token::Open) {
                    return Err(format!("{w} needs a bracket"));
                }
                // A figure shown to nine decimals (25/12 as 2.083333333)
                // carries up to 5e-10 of error per literal, so a product
                // that is exactly on a boundary (6 x 25/12 = 12.5) evaluates
                // a hair below it; snap such a value to the
                // half-integer before rounding it.
                let inner = crate::explain::tidy_near(self.expression()?.value);
                if self.next() != Some(&Token::Close) {
                    return Err(format!("{w}( is not closed"));
                }
                Ok(match w.as_str() {
                    "round" => f64::from(round_half_up(inner)),
                    "ceil" => f64::from(ceil_whole(inner)),
                    _ => f64::from(floor_whole(inner)),
                })
            }
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}

fn is_function(word: &str) -> bool {
    matches!(word, "round" | "ceil" | "floor")
}

/// Half a unit of the last place shown, plus floating-point noise.
fn allowance(places: u32, value: f64) -> f64 {
    0.5 * 10f64.powi(-(places as i32)) + 1e-9 * value.abs().max(1.0)
}

/// A clause without `=` that states a figure after a label:
/// `no job plan in force: 0`, `team setting: 11.25`.
fn value_clause(text: &str) -> Option<Clause> {
    let (label, rest) = text.rsplit_once(": ")?;
    let toks = tokens(rest);
    let mut p = Parser {
        tokens: &toks,
        at: 0,
    };
    if !p.starts_expression() {
        return None;
    }
    let e = p.expression().ok()?;
    // Only words may follow ("11.25 weeks"); anything else is prose.
    if !toks[p.at..].iter().all(|t| matches!(t, Token::Word(_))) {
        return None;
    }
    Some(Clause {
        label: label.trim().to_string(),
        value: e.value,
        tolerance: allowance(e.literal_places.unwrap_or(9), e.value),
    })
}

fn clause(text: &str) -> Parsed<Option<Clause>> {
    if !text.contains('=') {
        return Ok(value_clause(text));
    }
    // A label ends at the last ": " before the first '='.
    let first_eq = text.find('=').unwrap_or(0);
    let (label, rest) = match text[..first_eq].rfind(": ") {
        Some(i) => (text[..i].trim().to_string(), &text[i + 2..]),
        None => (String::new(), text),
    };
    let toks = tokens(rest);
    let mut p = Parser {
        tokens: &toks,
        at: 0,
    };
    let mut skipped = Vec::new();
    while p.peek().is_some() && !p.starts_expression() {
        if let Some(Token::Word(w)) = p.next() {
            skipped.push(w.clone());
        }
    }
    let mut label = label;
    if !skipped.is_empty() {
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(&skipped.join(" "));
    }
    let mut previous = p.expression()?;
    let mut steps = 0;
    while p.peek() == Some(&Token::Equals) {
        p.at += 1;
        let next = p.expression()?;
        let ok = match next.literal_places {
            Some(places) => (previous.value - next.value).abs() <= allowance(places, next.value),
            None => (previous.value - next.value).abs() <= allowance(9, next.value),
        };
        if !ok {
            return Err(format!("{} does not equal {}", previous.value, next.value));
        }
        previous = next;
        steps += 1;
    }
    if steps == 0 {
        return Err("'=' without a result".into());
    }
    Ok(Some(Clause {
        label,
        value: previous.value,
        tolerance: allowance(previous.literal_places.unwrap_or(9), previous.value),
    }))
}

/// Checks every clause of a working; returns the clauses that hold
/// arithmetic, in order.
pub fn check(working: &str) -> Result<Vec<Clause>, CheckError> {
    let fail = |message: String| CheckError {
        working: working.to_string(),
        message,
    };
    let mut out = Vec::new();
    for part in working.split("; ") {
        if let Some(c) = clause(part).map_err(|m| fail(format!("in '{part}': {m}")))? {
            out.push(c);
        }
    }
    Ok(out)
}

/// Checks that a working holds and that its last result is `figure`.
pub fn reproduces(working: &str, figure: f64) -> Result<(), CheckError> {
    let clauses = check(working)?;
    let last = clauses.last().ok_or_else(|| CheckError {
        working: working.to_string(),
        message: "no arithmetic to check".into(),
    })?;
    if (last.value - figure).abs() <= last.tolerance {
        Ok(())
    } else {
        Err(CheckError {
            working: working.to_string(),
            message: format!("gives {}, but the figure is {figure}", last.value),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_and_capa_workings_hold() {
        assert!(reproduces("3 x 3 = 9", 9.0).is_ok());
        assert!(reproduces("2 x 11.25 / 7.5 = 3", 3.0).is_ok());
        assert!(reproduces("ceil(6 x 13) = 78", 78.0).is_ok());
        assert!(reproduces("6 x 13 x 0.68 = 53.04", 53.04).is_ok());
        assert!(reproduces("13 - (20 + 11 + 5) / (4 x 5) = 11.2", 11.2).is_ok());
        assert!(reproduces("45 - 53.04 = -8.04", -8.04).is_ok());
        assert!(reproduces("(2 + 3) / 20 = 25%", 0.25).is_ok());
        assert!(reproduces("round(3 x 3 x 20/65) = round(2.77) = 3", 3.0).is_ok());
    }

    #[test]
    fn the_issues_1_12_for_1_125_is_caught() {
        assert!(reproduces("round(4 x 1.125) = round(4.5) = 5", 5.0).is_ok());
        assert!(reproduces("round(6 x 2.083333333) = round(12.5) = 13", 13.0).is_ok());
        let e = reproduces("round(4 x 1.12) = round(4.5) = 5", 5.0).unwrap_err();
        assert!(e.message.contains("does not equal"), "{e}");
    }

    #[test]
    fn labels_clauses_and_commentary() {
        let c = check("AD: 78 x 1 / 4.8 = 16.25; remainders AD 0.25; floor(16.25) + 1 = 17 each")
            .unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].label, "AD");
        assert_eq!(c[1].value, 17.0);
        assert!(reproduces("whole parts 15 + 15 = 30; 78 - 75 = 3 left over", 3.0).is_ok());
    }

    #[test]
    fn wrong_results_and_broken_arithmetic_fail() {
        assert!(reproduces("3 x 3 = 10", 10.0).is_err());
        assert!(reproduces("3 x 3 = 9", 10.0).is_err());
        assert!(reproduces("round(2.5 = 3", 3.0).is_err());
        assert!(reproduces("no arithmetic here", 1.0).is_err());
    }

    #[test]
    fn a_labelled_figure_is_a_clause() {
        assert!(reproduces("no job plan in force: 0", 0.0).is_ok());
        assert!(reproduces("team setting: 11.25", 11.25).is_ok());
        assert!(reproduces("in job plan 2: 3 sessions", 3.0).is_ok());
        // A list is prose, not a figure.
        assert!(check("remainders: AD 0.25, BC 0.75").unwrap().is_empty());
    }
}
