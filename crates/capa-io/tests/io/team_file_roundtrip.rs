//! Every team capa can hold writes to a team file that reads back as the same
//! team: random names with both quotes, backslashes, TOML's own punctuation,
//! te reo Māori, emoji and text up to each field's limit.

use std::collections::{BTreeMap, BTreeSet};

use capa_core::clinician::skill_domain;
use capa_core::limits::TextField;
use capa_core::settings::Band;
use capa_core::{
    Activity, ChoicePolicy, Clinician, Fte, Initials, JobPlan, MultiplierRule, OtherCategory,
    SessionLayout, SkillLevel, Stream, Team, TeamSettings, WorkingWeeks,
};
use capa_io::team_file;
use chrono::NaiveDate;
use proptest::prelude::*;

/// Characters that have tripped TOML writers: quotes of both kinds,
/// backslashes, the syntax of keys, tables and comments, and letters beyond
/// ASCII (macrons, a combining mark, CJK, an emoji).
const AWKWARD: &[char] = &[
    '\'', '"', '\\', '#', '=', '[', ']', '{', '}', ',', '.', ':', ' ', 'a', 'Z', '0', 'ā', 'ō',
    '\u{301}', '語', '🙂', '$', '%', 'é',
];

/// Text as a user could store it in `field`: trimmed, not empty, from one
/// character up to the field's limit.
fn text(field: TextField) -> impl Strategy<Value = String> {
    let max = field.max_chars();
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(AWKWARD), 1..=12),
        proptest::collection::vec(proptest::sample::select(AWKWARD), max - 2..=max),
    ]
    .prop_map(|chars| chars.into_iter().collect::<String>().trim().to_string())
    .prop_filter("not empty after trimming", |t| !t.is_empty())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1970i32..2199, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
}

fn rule() -> impl Strategy<Value = MultiplierRule> {
    prop_oneof![
        (0.0f64..10.0).prop_map(|value| MultiplierRule::Fixed { value }),
        (
            0.5f64..4.0,
            proptest::option::of(1.0f64..13.0),
            0.5f64..30.0
        )
            .prop_map(|(a, w, avg)| MultiplierRule::Derived {
                appointments_per_session: a,
                working_weeks_per_quarter: w,
                average_appointments: avg,
            }),
    ]
}

fn settings() -> impl Strategy<Value = TeamSettings> {
    (
        (
            text(TextField::TeamName),
            any::<bool>(),
            1u32..=12,
            // A zone is checked when read: only real ones round-trip.
            proptest::sample::select(vec!["Pacific/Auckland", "Pacific/Chatham", "Europe/London"])
                .prop_map(|z| capa_core::Zone::parse(z).unwrap()),
            1.0f64..80.0,
            prop_oneof![
                (0.5f64..=13.0).prop_map(|weeks| WorkingWeeks::Fixed { weeks }),
                (0.0f64..30.0, 0.0f64..15.0, 0.0f64..10.0).prop_map(|(a, p, s)| {
                    WorkingWeeks::FromDaysAway {
                        annual_leave_days: a,
                        public_holidays: p,
                        study_days: s,
                    }
                }),
            ],
        ),
        (
            0.0f64..50.0,
            0.0f64..=1.0,
            rule(),
            proptest::collection::vec(
                (text(TextField::StreamName), proptest::option::of(rule())),
                0..4,
            ),
            0.0f64..4.0,
            0u8..3,
            (0.0f64..10.0, 0.0f64..5.0),
            0u32..20,
        ),
    )
        .prop_map(
            |(
                (name, uk, month, zone, hours, weeks),
                (referrals, conversion, core, streams, choice_per_session, policy, band, notice),
            )| {
                let mut s = TeamSettings::new(name);
                if uk {
                    s.layout = SessionLayout::uk_half_day();
                }
                s.year_start_month = month;
                s.time_zone = zone;
                s.hours_per_week = hours;
                s.working_weeks = weeks;
                s.accepted_referrals_per_week = referrals;
                s.conversion_to_core = conversion;
                s.core_multiplier = core;
                let mut seen = BTreeSet::new();
                s.streams = streams
                    .into_iter()
                    .filter(|(n, _)| seen.insert(n.to_lowercase()))
                    .map(|(name, multiplier)| Stream { name, multiplier })
                    .collect();
                s.choice_appointments_per_session = choice_per_session;
                s.choice_allocation =
                    [ChoicePolicy::Equal, ChoicePolicy::Fte, ChoicePolicy::Manual]
                        [usize::from(policy)];
                s.balance_band = Band {
                    low: band.0,
                    high: band.0 + band.1,
                };
                s.diary_notice_weeks = notice;
                s
            },
        )
}

/// A cell: an Other activity's label is any text, whatever it reads as.
fn activity(streams: Vec<String>) -> impl Strategy<Value = Activity> {
    let stream = if streams.is_empty() {
        Just(Activity::Core).boxed()
    } else {
        proptest::sample::select(streams)
            .prop_map(Activity::Specific)
            .boxed()
    };
    prop_oneof![
        Just(Activity::Core),
        Just(Activity::Choice),
        stream,
        (
            prop_oneof![
                text(TextField::CellLabel),
                Just("Choice".to_string()),
                Just("MDT".to_string()),
                Just(String::new()),
            ],
            proptest::sample::select(OtherCategory::ALL.to_vec())
        )
            .prop_map(|(label, category)| Activity::Other { label, category }),
    ]
}

fn plans(layout: SessionLayout, streams: Vec<String>) -> impl Strategy<Value = Vec<JobPlan>> {
    let cells = layout.sessions_per_day() * layout.days_per_week();
    proptest::collection::vec(
        (
            proptest::option::of(date()),
            proptest::collection::vec(activity(streams), cells),
        ),
        0..3,
    )
    .prop_map(move |versions| {
        versions
            .into_iter()
            .enumerate()
            .map(|(i, (from, cells))| {
                let grid = cells
                    .chunks(layout.days_per_week())
                    .map(<[Activity]>::to_vec)
                    .collect();
                JobPlan::new(i as u32 + 1, from, grid, &layout).expect("the grid fits")
            })
            .collect()
    })
}

const INITIALS: [&str; 8] = ["AD", "TR", "MK", "Ō", "HWP", "JO", "ABCDEF", "Z"];

fn clinician(settings: &TeamSettings, i: usize) -> impl Strategy<Value = Clinician> + use<> {
    let streams = settings.stream_names();
    let manual = settings.choice_allocation == ChoicePolicy::Manual;
    (
        (
            text(TextField::PersonName),
            proptest::option::of(text(TextField::Discipline)),
            0.05f64..=1.0,
            proptest::collection::vec((text(TextField::SkillName), any::<bool>()), 0..4),
            proptest::sample::subsequence(streams.clone(), 0..=streams.len()),
        ),
        (
            any::<bool>(),
            proptest::option::of(0u32..40),
            proptest::option::of(date()),
            proptest::option::of(0i64..4000),
            plans(settings.layout.clone(), streams),
        ),
    )
        .prop_map(
            move |(
                (name, discipline, fte, skills, member_of),
                (does_choice, allocation, start, stay, job_plans),
            )| Clinician {
                initials: Initials::parse(INITIALS[i]).expect("valid initials"),
                name,
                discipline,
                fte: Fte::new(fte).expect("fte in range"),
                skills: skills
                    .into_iter()
                    .map(|(n, adv)| {
                        let level = if adv {
                            SkillLevel::Advanced
                        } else {
                            SkillLevel::Core
                        };
                        // The file names ABCD'S domains in full; a team's own are kept as written.
                        (skill_domain(&n), level)
                    })
                    .collect::<BTreeMap<_, _>>(),
                streams: member_of.into_iter().collect(),
                does_choice,
                choice_allocation: if manual && does_choice {
                    Some(allocation.unwrap_or(3))
                } else {
                    allocation
                },
                start_date: start,
                leaving_date: start
                    .zip(stay)
                    .and_then(|(s, days)| s.checked_add_signed(chrono::TimeDelta::days(days)))
                    .filter(|d| capa_core::limits::check_date("x", *d).is_ok()),
                job_plans,
            },
        )
}

fn team() -> impl Strategy<Value = Team> {
    (settings(), 0..=INITIALS.len())
        .prop_flat_map(|(s, n)| {
            let people: Vec<_> = (0..n).map(|i| clinician(&s, i)).collect();
            (Just(s), people)
        })
        .prop_filter_map("a team capa accepts", |(s, people)| {
            Team::new(s, people).ok()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_team_reads_back_from_its_file(team in team()) {
        let text = team_file::to_toml(&team);
        let read = team_file::parse(&text, "written.toml")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(read.team, team, "{}", text);
    }
}

#[test]
fn a_skill_named_with_both_quotes_reads_back() {
    let mut settings = TeamSettings::new("T");
    settings.streams.push(Stream {
        name: "Eating 'disorders' \"ED\"".into(),
        multiplier: None,
    });
    let clinician = Clinician {
        initials: Initials::parse("AD").unwrap(),
        name: "Andrew \"Andy\" O'Down".into(),
        discipline: None,
        fte: Fte::FULL,
        skills: [("it's \"core\"".to_string(), SkillLevel::Advanced)].into(),
        streams: ["Eating 'disorders' \"ED\"".to_string()].into(),
        does_choice: false,
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: Vec::new(),
    };
    let team = Team::new(settings, vec![clinician]).unwrap();
    let text = team_file::to_toml(&team);
    let read = team_file::parse(&text, "written.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(read.team, team);
}
