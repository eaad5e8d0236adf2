//! The team's own session layout as the settings form shows and reads it:
//! its name, its working days in words ("Monday to Thursday") and its blocks,
//! one a line ("Session 1, 09:00, 10:00, session").

use capa_core::SessionLayout;
use capa_core::layout::{Block, BlockKind, parse_block_kind, parse_weekday, weekday_name};
use chrono::{NaiveTime, Weekday};

use crate::forms::FormErrors;

/// The value of the layout select that means "the team's own, below".
pub const CUSTOM: &str = "custom";

/// Most lines the blocks box is read to (a day has at most
/// `capa_core::layout::MAX_BLOCKS` blocks; more is refused by the check).
const MAX_LINES: usize = 200;

fn kind_word(k: BlockKind) -> &'static str {
    match k {
        BlockKind::Session => "session",
        BlockKind::Buffer => "buffer",
        BlockKind::Lunch => "lunch",
        BlockKind::Admin => "admin",
    }
}

/// A layout's blocks, one a line, as the form shows them.
pub fn blocks_text(layout: &SessionLayout) -> String {
    layout
        .blocks
        .iter()
        .map(|b| {
            format!(
                "{}, {}, {}, {}",
                b.label,
                b.start.format("%H:%M"),
                b.end.format("%H:%M"),
                kind_word(b.kind)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads working days: "Monday to Thursday", or names (or their first three
/// letters) separated by commas or spaces.
pub fn parse_days(text: &str) -> Result<Vec<Weekday>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("give the working days, e.g. 'Monday to Thursday' or 'Mon, Tue, Thu'".into());
    }
    let day = |w: &str| {
        parse_weekday(w).ok_or_else(|| {
            format!(
                "'{}' is not a day (Monday ... Sunday, or Mon ... Sun)",
                w.trim()
            )
        })
    };
    if let Some((from, to)) = t.split_once(" to ") {
        let (from, to) = (day(from)?, day(to)?);
        if from.num_days_from_monday() > to.num_days_from_monday() {
            return Err(format!(
                "'{t}' runs backwards; a week here runs Monday to Sunday"
            ));
        }
        let mut d = from;
        let mut days = vec![d];
        while d != to {
            d = d.succ();
            days.push(d);
        }
        return Ok(days);
    }
    t.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("and"))
        .map(day)
        .collect()
}

fn time(text: &str, line: usize) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        format!(
            "line {line}: '{}' is not a time (hh:mm, e.g. 09:00)",
            text.trim()
        )
    })
}

/// Reads the blocks box: each line `label, start, end[, kind]`, kind one of
/// session (the default), buffer, lunch, admin.
pub fn parse_blocks(text: &str) -> Result<Vec<Block>, String> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if lines.len() > MAX_LINES {
        return Err(format!(
            "at most {} blocks a day; this has {}",
            capa_core::layout::MAX_BLOCKS,
            lines.len()
        ));
    }
    lines
        .into_iter()
        .map(|(n, line)| {
            let mut parts: Vec<&str> = line.split(',').map(str::trim).collect();
            let kind = match parts.last().and_then(|k| parse_block_kind(k)) {
                Some(k) if parts.len() >= 4 => {
                    parts.pop();
                    k
                }
                _ => BlockKind::Session,
            };
            if parts.len() < 3 {
                return Err(format!(
                    "line {n}: '{line}' needs a label, a start and an end, e.g. 'Session 1, 09:00, 10:00, session'"
                ));
            }
            let end = time(parts.pop().unwrap_or_default(), n)?;
            let start = time(parts.pop().unwrap_or_default(), n)?;
            let label = parts.join(", ");
            if label.is_empty() {
                return Err(format!("line {n}: the block needs a label"));
            }
            Ok(Block {
                label,
                start,
                end,
                kind,
            })
        })
        .collect()
}

/// An identifier from a layout's name ("Three a day" -> `three-a-day`),
/// never a built-in's.
fn id_of(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let mut id = id
        .trim_end_matches('-')
        .chars()
        .take(60)
        .collect::<String>();
    if id.is_empty() {
        id = "team-layout".into();
    }
    if SessionLayout::builtin(&id).is_some() {
        id.push_str("-own");
    }
    id
}

/// Reads the team's own layout from the form's three fields, each problem
/// against its field; `None` when any is wrong.
pub fn read(name: &str, days: &str, blocks: &str, e: &mut FormErrors) -> Option<SessionLayout> {
    let name = name.trim();
    if name.is_empty() {
        e.field("layout_name", "a layout of the team's own needs a name");
    }
    let days = e.take("layout_days", parse_days(days));
    let blocks = e.take("layout_blocks", parse_blocks(blocks));
    let (days, blocks) = (days?, blocks?);
    if name.is_empty() {
        return None;
    }
    match SessionLayout::custom(id_of(name), name, days, blocks) {
        Ok(l) => Some(l),
        Err(err) => {
            use capa_core::layout::LayoutError::*;
            let field = match err {
                NoDays | DayTwice(_) => "layout_days",
                Text(_) | NoId => "layout_name",
                _ => "layout_blocks",
            };
            e.field(field, err.to_string());
            None
        }
    }
}

/// A layout's days in words, as the form shows them.
pub fn days_text(layout: &SessionLayout) -> String {
    let names: Vec<&str> = layout.days.iter().map(|d| weekday_name(*d)).collect();
    let words = layout.days_in_words();
    // "Monday to Friday" reads back; a list is written with commas.
    if words.contains(" to ") {
        words
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_back_as_written() {
        assert_eq!(parse_days("Monday to Thursday").unwrap().len(), 4);
        assert_eq!(
            parse_days("Mon, tue  Thu").unwrap(),
            vec![Weekday::Mon, Weekday::Tue, Weekday::Thu]
        );
        assert!(
            parse_days("Friday to Monday")
                .unwrap_err()
                .contains("backwards")
        );
        assert!(
            parse_days("Funday")
                .unwrap_err()
                .contains("'Funday' is not a day")
        );
        let uk = SessionLayout::uk_half_day();
        assert_eq!(parse_days(&days_text(&uk)).unwrap(), uk.days);
    }

    #[test]
    fn blocks_read_back_as_written() {
        for layout in [
            SessionLayout::nz_four_session(),
            SessionLayout::uk_half_day(),
        ] {
            assert_eq!(parse_blocks(&blocks_text(&layout)).unwrap(), layout.blocks);
        }
        let b = parse_blocks("Morning, 09:00, 11:00\n\nLunch, 12:00, 13:00, lunch").unwrap();
        assert_eq!(b[0].kind, BlockKind::Session);
        assert_eq!(b[1].kind, BlockKind::Lunch);
        assert!(
            parse_blocks("Morning, 9am, 11:00")
                .unwrap_err()
                .contains("line 1: '9am' is not a time")
        );
        assert!(
            parse_blocks("Morning 09:00")
                .unwrap_err()
                .contains("line 1")
        );
    }

    #[test]
    fn a_layout_problem_goes_to_its_field() {
        let mut e = FormErrors::new();
        assert!(read("Three a day", "Mon to Thu", "A, 10:00, 09:00", &mut e).is_none());
        assert!(e.of("layout_blocks").contains("must start before it ends"));
        let mut e = FormErrors::new();
        let l = read(
            "Three a day",
            "Monday to Thursday",
            "A, 09:00, 10:00\nB, 11:00, 12:00\nC, 13:00, 14:00",
            &mut e,
        )
        .unwrap();
        assert_eq!(
            (l.id.as_str(), l.sessions_per_day(), l.days_per_week()),
            ("three-a-day", 3, 4)
        );
        assert_eq!(id_of("UK"), "uk-own");
    }
}
