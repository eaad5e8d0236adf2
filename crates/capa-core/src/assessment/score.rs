//! One review's ratings, its score out of 22 (in all, per group, per tag),
//! and the New Zealand rule for full implementation.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::explain::Explanation;

use super::component::{AssessmentSettings, Component, Group, Tag, components};
use super::rating::{ItemNumber, Rating};

/// The New Zealand rating scale calls CAPA "full" with no item No and at
/// most this many Partial.
pub const MAX_PARTIAL_FOR_FULL: usize = 3;

/// One component's rating and note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The team's rating (`None`: not rated yet).
    pub rating: Option<Rating>,
    /// The team's note.
    pub note: String,
}

/// One review of the eleven components, on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The review's date.
    pub date: NaiveDate,
    /// Ratings and notes by item.
    pub entries: BTreeMap<ItemNumber, Entry>,
}

impl Assessment {
    /// A review with nothing rated yet.
    pub fn new(date: NaiveDate) -> Self {
        Self {
            date,
            entries: ItemNumber::all().map(|n| (n, Entry::default())).collect(),
        }
    }

    /// A new review on `date` starting from this one's ratings and notes.
    pub fn copy_to(&self, date: NaiveDate) -> Self {
        Self {
            date,
            entries: self.entries.clone(),
        }
    }

    /// Rates one item (a note already parsed by [`super::parse_note`]).
    pub fn set(&mut self, number: ItemNumber, rating: Option<Rating>, note: String) {
        self.entries.insert(number, Entry { rating, note });
    }

    /// An item's rating.
    pub fn rating(&self, number: ItemNumber) -> Option<Rating> {
        self.entries.get(&number).and_then(|e| e.rating)
    }
}

/// A group's or a tag's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartScore {
    /// The group's or tag's name.
    pub name: &'static str,
    /// Sum of its items' ratings.
    pub score: u32,
    /// 2 per item.
    pub max: u32,
    /// Its items.
    pub items: Vec<ItemNumber>,
    /// Its items not rated yet.
    pub unrated: Vec<ItemNumber>,
}

/// Whether the team meets the New Zealand rule for full implementation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FullImplementation {
    /// No item No, at most three Partial, every item rated.
    pub met: bool,
    /// Items rated No.
    pub no: Vec<ItemNumber>,
    /// Items rated Partial.
    pub partial: Vec<ItemNumber>,
    /// Items not rated.
    pub unrated: Vec<ItemNumber>,
    /// Why, in words.
    pub reason: String,
}

/// A review's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Sum of the ratings, 0 to 22.
    pub score: u32,
    /// 22.
    pub max: u32,
    /// Items rated.
    pub rated: usize,
    /// Per group, in [`Group::ALL`] order.
    pub groups: Vec<PartScore>,
    /// Per tag (foundation, demand, capacity); item 11 counts in demand and in capacity.
    pub tags: Vec<PartScore>,
    /// The New Zealand rule.
    pub full_implementation: FullImplementation,
    /// The working of the total.
    pub explain: Explanation,
}

fn part(name: &'static str, a: &Assessment, items: impl Iterator<Item = ItemNumber>) -> PartScore {
    let items: Vec<ItemNumber> = items.collect();
    PartScore {
        name,
        score: items
            .iter()
            .filter_map(|n| a.rating(*n))
            .map(Rating::value)
            .sum(),
        max: 2 * items.len() as u32,
        unrated: items
            .iter()
            .copied()
            .filter(|n| a.rating(*n).is_none())
            .collect(),
        items,
    }
}

fn list(items: &[ItemNumber], all: &[Component]) -> String {
    items
        .iter()
        .map(|n| format!("{n} ({})", all[usize::from(n.get()) - 1].component))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The New Zealand rule: no item No and at most three Partial (every item
/// rated), with the reason.
pub fn full_implementation(a: &Assessment, all: &[Component]) -> FullImplementation {
    let with = |r: Option<Rating>| {
        ItemNumber::all()
            .filter(|n| a.rating(*n) == r)
            .collect::<Vec<_>>()
    };
    let (no, partial, unrated) = (
        with(Some(Rating::No)),
        with(Some(Rating::Partial)),
        with(None),
    );
    let met = no.is_empty() && unrated.is_empty() && partial.len() <= MAX_PARTIAL_FOR_FULL;
    let reason = if met {
        format!(
            "full implementation: no item is No and {} Partial (at most {MAX_PARTIAL_FOR_FULL})",
            plural(partial.len(), "is", "are")
        )
    } else {
        let mut why = Vec::new();
        if !no.is_empty() {
            why.push(format!(
                "{} No: {}",
                plural(no.len(), "item is", "items are"),
                list(&no, all)
            ));
        }
        if partial.len() > MAX_PARTIAL_FOR_FULL {
            why.push(format!(
                "{} Partial, more than {MAX_PARTIAL_FOR_FULL}: {}",
                plural(partial.len(), "item is", "items are"),
                list(&partial, all)
            ));
        }
        if !unrated.is_empty() {
            why.push(format!(
                "{} not rated yet: {}",
                plural(unrated.len(), "item is", "items are"),
                list(&unrated, all)
            ));
        }
        format!("not full implementation: {}", why.join("; "))
    };
    FullImplementation {
        met,
        no,
        partial,
        unrated,
        reason,
    }
}

/// The review's score: in all (out of 22), per group and per tag, and the
/// New Zealand rule.
pub fn score(a: &Assessment, settings: &AssessmentSettings) -> Score {
    let all = components(settings);
    let groups = Group::ALL
        .iter()
        .map(|g| {
            part(
                g.name(),
                a,
                all.iter().filter(|c| c.group == *g).map(|c| c.number),
            )
        })
        .collect();
    let tags = Tag::SCORED
        .iter()
        .map(|t| {
            part(
                t.name(),
                a,
                all.iter().filter(|c| c.tag.counts_in(*t)).map(|c| c.number),
            )
        })
        .collect();
    let values: Vec<String> = ItemNumber::all()
        .map(|n| {
            a.rating(n)
                .map_or("-".to_string(), |r| r.value().to_string())
        })
        .collect();
    let total: u32 = ItemNumber::all()
        .filter_map(|n| a.rating(n))
        .map(Rating::value)
        .sum();
    let rated = ItemNumber::all().filter(|n| a.rating(*n).is_some()).count();
    let mut explain = Explanation::new(
        "sum of the ratings of items 1-11 (No 0, Partial 1, Yes 2), out of 22",
        format!("{} = {total}", values.join(" + ")),
    );
    if rated < 11 {
        explain = explain.note(format!(
            "{} not rated (-) count 0",
            plural(11 - rated, "item", "items")
        ));
    }
    Score {
        score: total,
        max: 22,
        rated,
        groups,
        tags,
        full_implementation: full_implementation(a, &all),
        explain,
    }
}

/// One item's change between two reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// The item.
    pub number: ItemNumber,
    /// Its name.
    pub component: &'static str,
    /// In the earlier review.
    pub from: Option<Rating>,
    /// In the later review.
    pub to: Option<Rating>,
}

/// A group's score in two reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupChange {
    /// The group's name.
    pub name: &'static str,
    /// In the earlier review.
    pub from: u32,
    /// In the later review.
    pub to: u32,
}

/// What changed from one review to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The earlier review's date.
    pub from: NaiveDate,
    /// The later review's date.
    pub to: NaiveDate,
    /// Total score in the earlier review.
    pub score_from: u32,
    /// Total score in the later review.
    pub score_to: u32,
    /// Each group's score in both.
    pub groups: Vec<GroupChange>,
    /// Full implementation in the earlier review.
    pub full_implementation_from: bool,
    /// Full implementation in the later review.
    pub full_implementation_to: bool,
    /// Items rated higher.
    pub up: Vec<ItemChange>,
    /// Items rated lower.
    pub down: Vec<ItemChange>,
    /// Items rated the same.
    pub same: Vec<ItemNumber>,
    /// Items rated in one review but not the other.
    pub not_comparable: Vec<ItemChange>,
    /// The working.
    pub explain: Explanation,
}

/// Compares an earlier review with a later one: what went up, what went down.
pub fn compare(
    earlier: &Assessment,
    later: &Assessment,
    settings: &AssessmentSettings,
) -> Comparison {
    let all = components(settings);
    let (a, b) = (score(earlier, settings), score(later, settings));
    let mut c = Comparison {
        from: earlier.date,
        to: later.date,
        score_from: a.score,
        score_to: b.score,
        groups: a
            .groups
            .iter()
            .zip(&b.groups)
            .map(|(x, y)| GroupChange {
                name: x.name,
                from: x.score,
                to: y.score,
            })
            .collect(),
        full_implementation_from: a.full_implementation.met,
        full_implementation_to: b.full_implementation.met,
        up: Vec::new(),
        down: Vec::new(),
        same: Vec::new(),
        not_comparable: Vec::new(),
        explain: Explanation::default(),
    };
    for comp in &all {
        let n = comp.number;
        let change = ItemChange {
            number: n,
            component: comp.component,
            from: earlier.rating(n),
            to: later.rating(n),
        };
        match (change.from, change.to) {
            (Some(x), Some(y)) if y > x => c.up.push(change),
            (Some(x), Some(y)) if y < x => c.down.push(change),
            (Some(_), Some(_)) => c.same.push(n),
            (None, None) => c.same.push(n),
            _ => c.not_comparable.push(change),
        }
    }
    let names = |v: &[ItemChange]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter()
                .map(|x| x.number.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    c.explain = Explanation::new(
        "later review against earlier, item by item",
        format!(
            "score {} -> {}; up: {}; down: {}",
            a.score,
            b.score,
            names(&c.up),
            names(&c.down)
        ),
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, 6, 30).unwrap()
    }

    /// Ratings for items 1-11 in order.
    fn rated(date: NaiveDate, r: [u8; 11]) -> Assessment {
        let mut a = Assessment::new(date);
        for (n, v) in ItemNumber::all().zip(r) {
            a.set(
                n,
                Some(Rating::from_value(i64::from(v)).unwrap()),
                String::new(),
            );
        }
        a
    }

    #[test]
    fn score_in_all_per_group_and_per_tag_by_hand() {
        let a = rated(d(2026), [2, 1, 2, 2, 1, 2, 0, 1, 2, 2, 1]);
        let s = score(&a, &AssessmentSettings::default());
        assert_eq!((s.score, s.max, s.rated), (16, 22, 11));
        assert_eq!(
            s.explain.working,
            "2 + 1 + 2 + 2 + 1 + 2 + 0 + 1 + 2 + 2 + 1 = 16"
        );
        let g: Vec<(&str, u32, u32)> = s.groups.iter().map(|p| (p.name, p.score, p.max)).collect();
        // Foundation 1 + 11: 2 + 1; Choice 2-4: 1 + 2 + 2; Transfer 5-6: 1 + 2;
        // Partnership 7-8: 0 + 1; Letting go 9-10: 2 + 2.
        assert_eq!(
            g,
            [
                ("Foundation", 3, 4),
                ("Choice", 5, 6),
                ("Transfer to Partnership", 3, 4),
                ("Partnership", 1, 4),
                ("Letting go", 4, 4)
            ]
        );
        let t: Vec<(&str, u32, u32)> = s.tags.iter().map(|p| (p.name, p.score, p.max)).collect();
        // Demand 2, 3, 4, 11: 1 + 2 + 2 + 1; capacity 5-10, 11: 1+2+0+1+2+2+1.
        assert_eq!(
            t,
            [("foundation", 2, 2), ("demand", 6, 8), ("capacity", 9, 14)]
        );
    }

    #[test]
    fn the_new_zealand_rule() {
        let s = AssessmentSettings::default();
        let all = components(&s);
        let three = rated(d(2026), [2, 1, 2, 2, 1, 2, 2, 1, 2, 2, 2]);
        let f = full_implementation(&three, &all);
        assert!(f.met);
        assert_eq!(
            f.reason,
            "full implementation: no item is No and 3 are Partial (at most 3)"
        );
        let four = rated(d(2026), [2, 1, 2, 2, 1, 2, 2, 1, 2, 1, 2]);
        let f = full_implementation(&four, &all);
        assert!(!f.met);
        assert_eq!(
            f.reason,
            "not full implementation: 4 items are Partial, more than 3: 2 (Language), \
             5 (Full booking to Partnership), 8 (Individual and team job planning), \
             10 (Peer group supervision)"
        );
        let mut one_no = rated(d(2026), [2; 11]);
        one_no.set(
            ItemNumber::from_value(3).unwrap(),
            Some(Rating::No),
            String::new(),
        );
        one_no.set(ItemNumber::from_value(9).unwrap(), None, String::new());
        let f = full_implementation(&one_no, &all);
        assert_eq!(
            f.reason,
            "not full implementation: 1 item is No: 3 (Handle demand); 1 item is not rated yet: \
             9 (Goal setting and care plans)"
        );
        let s = score(&one_no, &s);
        assert_eq!((s.score, s.rated), (18, 10));
        assert_eq!(s.explain.notes, ["1 item not rated (-) count 0"]);
    }

    #[test]
    fn comparison_of_two_reviews() {
        let s = AssessmentSettings::default();
        let last_year = rated(d(2025), [1, 1, 2, 2, 1, 2, 0, 0, 2, 2, 1]);
        let mut this_year = rated(d(2026), [2, 1, 1, 2, 2, 2, 1, 2, 2, 2, 1]);
        this_year.set(ItemNumber::from_value(11).unwrap(), None, String::new());
        let c = compare(&last_year, &this_year, &s);
        assert_eq!((c.score_from, c.score_to), (14, 17));
        let up: Vec<u8> = c.up.iter().map(|x| x.number.get()).collect();
        let down: Vec<u8> = c.down.iter().map(|x| x.number.get()).collect();
        assert_eq!(up, [1, 5, 7, 8]);
        assert_eq!(down, [3]);
        assert_eq!(c.not_comparable[0].number.get(), 11);
        assert_eq!(c.explain.working, "score 14 -> 17; up: 1, 5, 7, 8; down: 3");
        assert_eq!(
            c.groups[3],
            GroupChange {
                name: "Partnership",
                from: 0,
                to: 3
            }
        );
    }

    #[test]
    fn copying_a_review_keeps_ratings_and_notes() {
        let mut a = rated(d(2025), [2; 11]);
        a.set(
            ItemNumber::from_value(8).unwrap(),
            Some(Rating::Partial),
            "targets set".into(),
        );
        let b = a.copy_to(d(2026));
        assert_eq!(b.date, d(2026));
        assert_eq!(b.entries, a.entries);
    }
}
