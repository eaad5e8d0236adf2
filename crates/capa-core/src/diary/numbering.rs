//! Offer labels: `INITIALS + n`, the clinician's n-th offer of the quarter
//! (AD1, AD2 ... AD9: "he writes his name 9 times in the Partnership diary").
//! A Specific stream's offers have their own sequence, labelled with the
//! stream (`TR-DBT1`), so `TR1` is only ever a Core offer.
//!
//! Numbers are given in date order to the offers published together; a label
//! never changes once published, because families and colleagues quote it.
//! Offers published later (re-offers, late additions) take the next numbers,
//! so across batches the numbers follow publication, and within a batch, date.

use chrono::NaiveDateTime;

use crate::clinician::Initials;

use super::proposal::SlotKind;

/// The label of a clinician's n-th offer: `label(AD, 4)` is `AD4`.
pub fn label(initials: &Initials, n: u32) -> String {
    format!("{initials}{n}")
}

/// Words a stream's tag leaves out ("Drug and alcohol" is DA).
const SMALL_WORDS: [&str; 5] = ["and", "of", "the", "for", "with"];

/// A stream's short tag for labels, letters only, upper case: the stream's
/// name when it is one word of up to five letters (DBT, OT), the initials of
/// its words when it has several (Eating disorders: ED), otherwise its first
/// three letters (Psychometrics: PSY).
pub fn stream_tag(stream: &str) -> String {
    let words: Vec<String> = stream
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .map(str::to_uppercase)
        .collect();
    let tag: String = match words.as_slice() {
        [] => "S".into(),
        [one] if one.chars().count() <= 5 => one.clone(),
        [one] => one.chars().take(3).collect(),
        many => many.iter().filter_map(|w| w.chars().next()).collect(),
    };
    tag
}

/// The label of an offer of a kind: `TR4` for Core, `TR-DBT4` for the DBT
/// stream's fourth, `TR Choice` for a Choice slot (not numbered).
pub fn label_for(initials: &Initials, kind: &SlotKind, n: Option<u32>) -> String {
    match (kind, n) {
        (SlotKind::Choice, _) | (_, None) => format!("{initials} Choice"),
        (SlotKind::Core, Some(n)) => label(initials, n),
        (SlotKind::Specific(stream), Some(n)) => format!("{initials}-{}{n}", stream_tag(stream)),
    }
}

/// Reads a label back into its initials and number (`ad4` gives `AD`, 4).
/// Initials are letters only, so the split is never ambiguous.
pub fn parse_label(text: &str) -> Option<(Initials, u32)> {
    let t = text.trim();
    let digits = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = t.split_at(digits);
    let initials = Initials::parse(letters).ok()?;
    if number.starts_with('0') {
        return None;
    }
    Some((initials, number.parse().ok().filter(|n| *n > 0)?))
}

/// Numbers for offers being published, given the numbers a clinician's
/// quarter already uses: the next numbers after the highest used, in the new
/// offers' date order (equal times keep their given order). The result is in
/// the order of `new_offers`. Numbering from the highest rather than the count
/// means a withdrawn offer's number is never given again.
pub fn next_numbers(used: &[u32], new_offers: &[NaiveDateTime]) -> Vec<u32> {
    let base = used.iter().copied().max().unwrap_or(0);
    let mut by_date: Vec<usize> = (0..new_offers.len()).collect();
    by_date.sort_by_key(|&i| new_offers[i]);
    let mut numbers = vec![0; new_offers.len()];
    for (rank, i) in by_date.into_iter().enumerate() {
        numbers[i] = base + rank as u32 + 1;
    }
    numbers
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 7, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn labels_are_initials_and_number() {
        let ad = Initials::parse("ad").unwrap();
        assert_eq!(label(&ad, 4), "AD4");
        assert_eq!(parse_label(" ad12 "), Some((ad.clone(), 12)));
        assert_eq!(parse_label("AD"), None);
        assert_eq!(parse_label("AD0"), None);
        assert_eq!(parse_label("AD04"), None);
        assert_eq!(parse_label("A1D"), None);
        assert_eq!(parse_label("12"), None);
    }

    #[test]
    fn specific_offers_are_labelled_with_their_stream() {
        let tr = Initials::parse("TR").unwrap();
        let dbt = SlotKind::Specific("DBT".into());
        assert_eq!(label_for(&tr, &dbt, Some(1)), "TR-DBT1");
        assert_eq!(label_for(&tr, &SlotKind::Core, Some(1)), "TR1");
        assert_eq!(label_for(&tr, &SlotKind::Choice, None), "TR Choice");
        assert_eq!(stream_tag("OT"), "OT");
        assert_eq!(stream_tag("Eating disorders"), "ED");
        assert_eq!(stream_tag("Drug and alcohol"), "DA");
        assert_eq!(stream_tag("Psychometrics"), "PSY");
        assert_eq!(stream_tag("Group 2"), "GROUP");
        // A Core label never reads as a stream's: TR1 and TR-DBT1 differ.
        assert_eq!(parse_label("TR-DBT1"), None);
    }

    #[test]
    fn first_publication_numbers_in_date_order() {
        // Given out of order: Thursday 9th, Monday 6th, Thursday 9th earlier.
        let new = [at(9, 13), at(6, 11), at(9, 9)];
        assert_eq!(next_numbers(&[], &new), [3, 1, 2]);
    }

    #[test]
    fn later_offers_continue_after_the_highest_number() {
        // AD1-AD9 published, AD4 withdrawn; two re-offers, the later first.
        let used = [1, 2, 3, 5, 6, 7, 8, 9];
        assert_eq!(next_numbers(&used, &[at(20, 9), at(13, 9)]), [11, 10]);
        assert_eq!(next_numbers(&used, &[]), Vec::<u32>::new());
    }

    #[test]
    fn equal_times_keep_their_order() {
        assert_eq!(next_numbers(&[2], &[at(6, 9), at(6, 9)]), [3, 4]);
    }
}
