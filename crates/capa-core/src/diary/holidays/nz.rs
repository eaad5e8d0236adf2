//! New Zealand's public holidays: the national ones (Holidays Act 2003, with
//! Mondayisation; Matariki from the schedule of its Act) and each province's
//! anniversary day by the rule the province observes.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{easter_sunday, mondayised, nth_weekday, pair_observed};

/// Matariki's dates, from the schedule of the Te Kāhui o Matariki Public
/// Holiday Act 2022. They follow the Māori lunar calendar as set by the
/// Matariki Advisory Group, so they are a published table, not a formula.
const MATARIKI: [(i32, u32, u32); 31] = [
    (2022, 6, 24),
    (2023, 7, 14),
    (2024, 6, 28),
    (2025, 6, 20),
    (2026, 7, 10),
    (2027, 6, 25),
    (2028, 7, 14),
    (2029, 7, 6),
    (2030, 6, 21),
    (2031, 7, 11),
    (2032, 7, 2),
    (2033, 6, 24),
    (2034, 7, 7),
    (2035, 6, 29),
    (2036, 7, 18),
    (2037, 7, 10),
    (2038, 6, 25),
    (2039, 7, 15),
    (2040, 7, 6),
    (2041, 7, 19),
    (2042, 7, 11),
    (2043, 7, 3),
    (2044, 6, 24),
    (2045, 7, 7),
    (2046, 6, 29),
    (2047, 7, 19),
    (2048, 7, 3),
    (2049, 6, 25),
    (2050, 7, 15),
    (2051, 6, 30),
    (2052, 6, 21),
];

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// New Zealand's national public holidays in a calendar year, on the days
/// they are observed, in date order, each with its name ("(observed)" when
/// moved off a weekend).
///
/// Included: New Year's Day and the day after, Waitangi Day, Good Friday,
/// Easter Monday, ANZAC Day, the Sovereign's Birthday (Queen's to 2022,
/// King's from 2023), Matariki (2022-2052, from the Act's schedule; none
/// outside it), Labour Day, Christmas Day and Boxing Day, and the one-off
/// Queen Elizabeth II Memorial Day of 2022. A province's anniversary day is
/// [`Anniversary::date`].
pub fn nz_public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out: Vec<(NaiveDate, &'static str)> = Vec::new();
    // A holiday observed on `observed` though it falls on `actual`.
    let mut moved = |actual: Option<NaiveDate>,
                     observed: Option<NaiveDate>,
                     names: (&'static str, &'static str)| {
        if let (Some(a), Some(o)) = (actual, observed) {
            out.push((o, if a == o { names.0 } else { names.1 }));
        }
    };

    if let Some(jan1) = ymd(year, 1, 1) {
        let (a, b) = pair_observed(jan1);
        moved(
            Some(jan1),
            Some(a),
            ("New Year's Day", "New Year's Day (observed)"),
        );
        moved(
            jan1.succ_opt(),
            Some(b),
            (
                "Day after New Year's Day",
                "Day after New Year's Day (observed)",
            ),
        );
    }
    // Waitangi Day and ANZAC Day are Mondayised from 2014 (the Holidays
    // Amendment Act 2013); before that a weekend one was simply lost.
    let shift = |d: NaiveDate| if year >= 2014 { mondayised(d) } else { d };
    let waitangi = ymd(year, 2, 6);
    moved(
        waitangi,
        waitangi.map(shift),
        ("Waitangi Day", "Waitangi Day (observed)"),
    );
    let anzac = ymd(year, 4, 25);
    moved(
        anzac,
        anzac.map(shift),
        ("ANZAC Day", "ANZAC Day (observed)"),
    );
    if let Some(christmas) = ymd(year, 12, 25) {
        let (a, b) = pair_observed(christmas);
        moved(
            Some(christmas),
            Some(a),
            ("Christmas Day", "Christmas Day (observed)"),
        );
        moved(
            christmas.succ_opt(),
            Some(b),
            ("Boxing Day", "Boxing Day (observed)"),
        );
    }

    // The rest always fall on a weekday.
    let easter = easter_sunday(year);
    let fixed = [
        (
            easter.and_then(|e| e.checked_sub_days(Days::new(2))),
            "Good Friday",
        ),
        (easter.and_then(|e| e.succ_opt()), "Easter Monday"),
        (
            nth_weekday(year, 6, Weekday::Mon, 1),
            if year >= 2023 {
                "King's Birthday"
            } else {
                "Queen's Birthday"
            },
        ),
        (
            MATARIKI
                .iter()
                .find(|(y, _, _)| *y == year)
                .and_then(|&(y, m, d)| ymd(y, m, d)),
            "Matariki",
        ),
        (labour_day(year), "Labour Day"),
        // A one-off by its own Act (Queen Elizabeth II Memorial Day Act 2022).
        (
            (year == 2022).then(|| ymd(2022, 9, 26)).flatten(),
            "Queen Elizabeth II Memorial Day",
        ),
    ];
    out.extend(
        fixed
            .into_iter()
            .filter_map(|(d, name)| d.map(|d| (d, name))),
    );
    out.sort();
    // The Act treats holidays falling on the same day as one day: ANZAC Day
    // can meet Easter Monday (2011 on the day; 2038 once Mondayised).
    out.dedup_by(|later, earlier| {
        if later.0 != earlier.0 {
            return false;
        }
        earlier.1 = if later.1.ends_with("(observed)") || earlier.1.ends_with("(observed)") {
            "Easter Monday and ANZAC Day (observed)"
        } else {
            "Easter Monday and ANZAC Day"
        };
        true
    });
    out
}

/// Labour Day: the fourth Monday in October.
fn labour_day(year: i32) -> Option<NaiveDate> {
    nth_weekday(year, 10, Weekday::Mon, 4)
}

/// The Monday nearest a date: the date itself on a Monday, the Monday before
/// from Tuesday to Thursday, the Monday after from Friday to Sunday.
fn monday_nearest(date: NaiveDate) -> NaiveDate {
    match date.weekday().num_days_from_monday() {
        back @ 0..=3 => date - Days::new(u64::from(back)),
        ahead => date + Days::new(u64::from(7 - ahead)),
    }
}

/// A New Zealand province's anniversary day. Each province (or part of one)
/// observes its own, on the day its rule gives; a team chooses the one its
/// staff get off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Anniversary {
    /// Wellington Anniversary Day.
    Wellington,
    /// Auckland Anniversary Day.
    Auckland,
    /// Nelson Anniversary Day.
    Nelson,
    /// Taranaki Anniversary Day.
    Taranaki,
    /// Otago Anniversary Day.
    Otago,
    /// Southland Anniversary Day.
    Southland,
    /// South Canterbury Anniversary Day (Dominion Day).
    SouthCanterbury,
    /// Hawke's Bay Anniversary Day.
    HawkesBay,
    /// Marlborough Anniversary Day.
    Marlborough,
    /// Canterbury Anniversary Day (Christchurch Show Day).
    Canterbury,
    /// Westland Anniversary Day.
    Westland,
    /// Chatham Islands Anniversary Day.
    ChathamIslands,
}

impl Anniversary {
    /// Every province, in the order of the year.
    pub const ALL: [Anniversary; 12] = [
        Self::Wellington,
        Self::Auckland,
        Self::Nelson,
        Self::Taranaki,
        Self::Otago,
        Self::Southland,
        Self::SouthCanterbury,
        Self::HawkesBay,
        Self::Marlborough,
        Self::Canterbury,
        Self::ChathamIslands,
        Self::Westland,
    ];

    /// The identifier after `nz-` in a holiday calendar (`wellington`,
    /// `hawkes-bay` ...).
    pub fn id(self) -> &'static str {
        match self {
            Self::Wellington => "wellington",
            Self::Auckland => "auckland",
            Self::Nelson => "nelson",
            Self::Taranaki => "taranaki",
            Self::Otago => "otago",
            Self::Southland => "southland",
            Self::SouthCanterbury => "south-canterbury",
            Self::HawkesBay => "hawkes-bay",
            Self::Marlborough => "marlborough",
            Self::Canterbury => "canterbury",
            Self::Westland => "westland",
            Self::ChathamIslands => "chatham-islands",
        }
    }

    /// The holiday's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Wellington => "Wellington Anniversary Day",
            Self::Auckland => "Auckland Anniversary Day",
            Self::Nelson => "Nelson Anniversary Day",
            Self::Taranaki => "Taranaki Anniversary Day",
            Self::Otago => "Otago Anniversary Day",
            Self::Southland => "Southland Anniversary Day",
            Self::SouthCanterbury => "South Canterbury Anniversary Day",
            Self::HawkesBay => "Hawke's Bay Anniversary Day",
            Self::Marlborough => "Marlborough Anniversary Day",
            Self::Canterbury => "Canterbury Anniversary Day",
            Self::Westland => "Westland Anniversary Day",
            Self::ChathamIslands => "Chatham Islands Anniversary Day",
        }
    }

    /// Where it is observed.
    pub fn covers(self) -> &'static str {
        match self {
            Self::Wellington => "Wellington, Wairarapa, Manawatū-Whanganui",
            Self::Auckland => "Northland, Auckland, Waikato, Bay of Plenty, Gisborne",
            Self::Nelson => "Nelson, Tasman, Buller",
            Self::Taranaki => "Taranaki",
            Self::Otago => "Otago",
            Self::Southland => "Southland",
            Self::SouthCanterbury => "South Canterbury (Timaru, Mackenzie, Waimate)",
            Self::HawkesBay => "Hawke's Bay",
            Self::Marlborough => "Marlborough",
            Self::Canterbury => "North and Central Canterbury (Christchurch)",
            Self::Westland => "Westland",
            Self::ChathamIslands => "Chatham Islands",
        }
    }

    /// The rule that gives its day, in words.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Wellington => "the Monday nearest 22 January",
            Self::Auckland => "the Monday nearest 29 January",
            Self::Nelson => "the Monday nearest 1 February",
            Self::Taranaki => "the second Monday in March",
            Self::Otago => {
                "the Monday nearest 23 March (the Tuesday after Easter Monday when they fall together)"
            }
            Self::Southland => "Easter Tuesday",
            Self::SouthCanterbury => "the fourth Monday in September",
            Self::HawkesBay => "the Friday before Labour Day",
            Self::Marlborough => "the Monday after Labour Day",
            Self::Canterbury => "the second Friday after the first Tuesday in November",
            Self::Westland => "the Monday nearest 1 December",
            Self::ChathamIslands => "the Monday nearest 30 November",
        }
    }

    /// The day it is observed in a year.
    pub fn date(self, year: i32) -> Option<NaiveDate> {
        let easter_monday = easter_sunday(year).and_then(|e| e.succ_opt());
        match self {
            Self::Wellington => ymd(year, 1, 22).map(monday_nearest),
            Self::Auckland => ymd(year, 1, 29).map(monday_nearest),
            Self::Nelson => ymd(year, 2, 1).map(monday_nearest),
            Self::Taranaki => nth_weekday(year, 3, Weekday::Mon, 2),
            Self::Otago => {
                let day = ymd(year, 3, 23).map(monday_nearest)?;
                if Some(day) == easter_monday {
                    day.succ_opt()
                } else {
                    Some(day)
                }
            }
            Self::Southland => easter_monday.and_then(|m| m.succ_opt()),
            Self::SouthCanterbury => nth_weekday(year, 9, Weekday::Mon, 4),
            Self::HawkesBay => labour_day(year).map(|d| d - Days::new(3)),
            Self::Marlborough => labour_day(year).map(|d| d + Days::new(7)),
            Self::Canterbury => nth_weekday(year, 11, Weekday::Tue, 1).map(|d| d + Days::new(10)),
            Self::Westland => ymd(year, 12, 1).map(monday_nearest),
            Self::ChathamIslands => ymd(year, 11, 30).map(monday_nearest),
        }
    }

    /// A province by its identifier (`wellington`, `Hawke's Bay` ...).
    pub fn parse(text: &str) -> Option<Self> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        Self::ALL
            .into_iter()
            .find(|a| a.id().replace('-', "") == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    #[test]
    fn nz_2026() {
        let got = nz_public_holidays(2026);
        let want = [
            (d(2026, 1, 1), "New Year's Day"),
            (d(2026, 1, 2), "Day after New Year's Day"),
            (d(2026, 2, 6), "Waitangi Day"),
            (d(2026, 4, 3), "Good Friday"),
            (d(2026, 4, 6), "Easter Monday"),
            // 25 April 2026 is a Saturday.
            (d(2026, 4, 27), "ANZAC Day (observed)"),
            (d(2026, 6, 1), "King's Birthday"),
            (d(2026, 7, 10), "Matariki"),
            (d(2026, 10, 26), "Labour Day"),
            (d(2026, 12, 25), "Christmas Day"),
            // 26 December 2026 is a Saturday.
            (d(2026, 12, 28), "Boxing Day (observed)"),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn weekend_pairs_move_to_monday_and_tuesday() {
        // 2022: 1 January a Saturday; Christmas a Sunday.
        let h = nz_public_holidays(2022);
        let dates: Vec<_> = h.iter().map(|(d, _)| *d).collect();
        assert!(dates.contains(&d(2022, 1, 3)) && dates.contains(&d(2022, 1, 4)));
        assert!(h.contains(&(d(2022, 12, 26), "Boxing Day")));
        assert!(h.contains(&(d(2022, 12, 27), "Christmas Day (observed)")));
        assert!(h.contains(&(d(2022, 6, 6), "Queen's Birthday")));
        assert!(h.contains(&(d(2022, 6, 24), "Matariki")));
        // 2021: Christmas a Saturday, Boxing Day a Sunday.
        let h = nz_public_holidays(2021);
        assert!(h.contains(&(d(2021, 12, 27), "Christmas Day (observed)")));
        assert!(h.contains(&(d(2021, 12, 28), "Boxing Day (observed)")));
        assert!(!h.iter().any(|(_, n)| *n == "Matariki"));
        // 2027: 1 January a Friday, so the 2nd (Saturday) moves to Monday 4th.
        let h = nz_public_holidays(2027);
        assert!(h.contains(&(d(2027, 1, 4), "Day after New Year's Day (observed)")));
        // 2010: 6 February a Saturday, before Mondayisation.
        assert!(nz_public_holidays(2010).contains(&(d(2010, 2, 6), "Waitangi Day")));
        // 2028: 6 February a Sunday.
        assert!(nz_public_holidays(2028).contains(&(d(2028, 2, 7), "Waitangi Day (observed)")));
    }

    #[test]
    fn anzac_day_meeting_easter_monday_is_one_day() {
        let h = nz_public_holidays(2011);
        assert!(h.contains(&(d(2011, 4, 25), "Easter Monday and ANZAC Day")));
        // 2038: Easter Sunday is 25 April, so ANZAC Day moves onto Easter Monday.
        let h = nz_public_holidays(2038);
        assert!(h.contains(&(d(2038, 4, 26), "Easter Monday and ANZAC Day (observed)")));
        assert_eq!(h.len(), 10);
    }

    #[test]
    fn every_year_has_its_holidays_on_distinct_weekdays() {
        for y in 2000..2060 {
            let h = nz_public_holidays(y);
            let full = match y {
                2022 => 12,
                2023..=2052 => 11,
                _ => 10,
            };
            let shared = h.iter().any(|(_, n)| n.starts_with("Easter Monday and"));
            assert_eq!(h.len(), full - usize::from(shared), "{y}");
            let mut dates: Vec<_> = h.iter().map(|(d, _)| *d).collect();
            dates.dedup();
            assert_eq!(dates.len(), h.len(), "{y}: two holidays on one day");
            assert!(
                y < 2014 || dates.iter().all(|d| d.weekday().num_days_from_monday() < 5),
                "{y}: a holiday observed at a weekend"
            );
        }
    }

    #[test]
    fn matariki_is_always_a_friday() {
        for (y, m, day) in MATARIKI {
            assert_eq!(d(y, m, day).weekday(), Weekday::Fri, "{y}");
        }
        // The Act's schedule: Friday 18 July 2036.
        assert!(nz_public_holidays(2036).contains(&(d(2036, 7, 18), "Matariki")));
    }

    #[test]
    fn anniversary_days_2026_by_their_rules() {
        use Anniversary::*;
        let want = [
            (Wellington, d(2026, 1, 19)),      // 22 January is a Thursday
            (Auckland, d(2026, 1, 26)),        // 29 January is a Thursday
            (Nelson, d(2026, 2, 2)),           // 1 February is a Sunday
            (Taranaki, d(2026, 3, 9)),         // second Monday in March
            (Otago, d(2026, 3, 23)),           // 23 March is a Monday
            (Southland, d(2026, 4, 7)),        // Easter Monday is 6 April
            (SouthCanterbury, d(2026, 9, 28)), // fourth Monday in September
            (HawkesBay, d(2026, 10, 23)),      // Labour Day is 26 October
            (Marlborough, d(2026, 11, 2)),
            (Canterbury, d(2026, 11, 13)), // first Tuesday 3 November
            (ChathamIslands, d(2026, 11, 30)), // 30 November is a Monday
            (Westland, d(2026, 11, 30)),   // 1 December is a Tuesday
        ];
        for (a, day) in want {
            assert_eq!(a.date(2026), Some(day), "{}", a.name());
        }
    }

    #[test]
    fn otago_moves_off_easter_monday() {
        // 2027: Easter Sunday 28 March; 23 March is a Tuesday, nearest Monday 22.
        assert_eq!(Anniversary::Otago.date(2027), Some(d(2027, 3, 22)));
        // 2035: Easter Monday 26 March is the Monday nearest 23 March (a Friday).
        assert_eq!(Anniversary::Otago.date(2035), Some(d(2035, 3, 27)));
    }

    #[test]
    fn provinces_parse_by_id_or_name() {
        assert_eq!(
            Anniversary::parse("Hawke's Bay"),
            Some(Anniversary::HawkesBay)
        );
        assert_eq!(
            Anniversary::parse("south-canterbury"),
            Some(Anniversary::SouthCanterbury)
        );
        assert_eq!(Anniversary::parse("Gondor"), None);
        for a in Anniversary::ALL {
            assert_eq!(Anniversary::parse(a.id()), Some(a));
        }
    }
}
