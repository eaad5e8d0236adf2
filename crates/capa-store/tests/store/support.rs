//! Runs each test on every backend, each time in a fresh database, and
//! builds the teams the tests store.

use capa_core::settings::Band;
use capa_core::{
    Activity, ChoicePolicy, Clinician, Fte, Initials, JobPlan, MultiplierRule, SkillLevel, Stream,
    Team, TeamSettings, WorkingWeeks,
};
pub use capa_store::testing::on_each_backend;
use chrono::NaiveDate;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn initials(text: &str) -> Initials {
    Initials::parse(text).unwrap()
}

/// A plan from cell texts, read as the team file reader reads them.
pub fn plan(
    version: u32,
    from: Option<NaiveDate>,
    rows: &[[&str; 5]],
    settings: &TeamSettings,
) -> JobPlan {
    let streams = settings.stream_names();
    let grid = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| Activity::parse_cell(cell, &streams).unwrap())
                .collect()
        })
        .collect();
    JobPlan::new(version, from, grid, &settings.layout).unwrap()
}

/// The seed's real job plan of a full-time OT (three free sessions).
pub const SEED_PLAN: [[&str; 5]; 4] = [
    [
        "Business meeting",
        "DBT consult",
        "Travel",
        "",
        "Supervision (own)",
    ],
    [
        "",
        "CHOICE",
        "DBT consult",
        "Travel",
        "Supervision (others)",
    ],
    ["CHOICE", "DBT group", "MDT", "", "OT specific"],
    [
        "OT MTG",
        "DBT group",
        "travel",
        "DBT specific",
        "OT specific",
    ],
];

/// Settings away from every default, with awkward floats, so a round trip
/// proves each field is stored.
pub fn settings(name: &str) -> TeamSettings {
    let mut s = TeamSettings::new(name);
    s.year_start_month = 4;
    s.time_zone = capa_core::Zone::parse("Pacific/Chatham").unwrap();
    s.hours_per_week = 37.5;
    s.working_weeks = WorkingWeeks::FromDaysAway {
        annual_leave_days: 25.0,
        public_holidays: 11.0,
        study_days: 0.1 + 0.2,
    };
    s.accepted_referrals_per_week = 4.7;
    s.conversion_to_core = 0.66;
    s.core_multiplier = MultiplierRule::Derived {
        appointments_per_session: 2.0,
        working_weeks_per_quarter: None,
        average_appointments: 7.5,
    };
    s.streams = vec![
        Stream {
            name: "DBT".into(),
            multiplier: Some(MultiplierRule::Fixed { value: 2.7 }),
        },
        Stream {
            name: "OT".into(),
            multiplier: None,
        },
        Stream {
            name: "Eating disorders".into(),
            multiplier: Some(MultiplierRule::Derived {
                appointments_per_session: 1.5,
                working_weeks_per_quarter: Some(11.1),
                average_appointments: 12.0,
            }),
        },
    ];
    s.choice_appointments_per_session = 1.5;
    s.choice_allocation = ChoicePolicy::Fte;
    s.balance_band = Band {
        low: 7.5,
        high: 9.25,
    };
    s.choice_core_share_band = Band {
        low: 0.28,
        high: 0.41,
    };
    s.diary_notice_weeks = 5;
    s.holiday_calendar = capa_core::diary::HolidayCalendar::NewZealand(Some(
        capa_core::diary::holidays::Anniversary::ChathamIslands,
    ));
    s.long_leave_weeks = 6;
    s.reoffer_working_days = 4;
    s.max_wait_weeks = 5;
    s
}

/// A clinician with no job plans.
pub fn clinician(text: &str, name: &str, fte: f64) -> Clinician {
    Clinician {
        initials: initials(text),
        name: name.into(),
        discipline: None,
        fte: Fte::new(fte).unwrap(),
        skills: Default::default(),
        streams: Default::default(),
        does_choice: true,
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: Vec::new(),
    }
}

/// A team with streams, several clinicians with skills and streams, and two
/// job plan versions for one of them.
pub fn sample_team(name: &str) -> Team {
    let s = settings(name);
    let mut ot = clinician("AD", "Andrew Down", 1.0);
    ot.discipline = Some("Occupational therapist".into());
    ot.skills = [
        ("Assessment".to_string(), SkillLevel::Advanced),
        ("Behavioural".to_string(), SkillLevel::Core),
        ("Cultural competence".to_string(), SkillLevel::Core),
    ]
    .into();
    ot.streams = ["DBT".to_string(), "OT".to_string()].into();
    let v1 = plan(1, None, &SEED_PLAN, &s);
    let mut v2 = plan(2, Some(date(2026, 8, 3)), &SEED_PLAN, &s);
    v2.set(0, 3, Activity::Choice);
    v2.set(3, 3, Activity::Specific("Eating disorders".into()));
    ot.job_plans = vec![v1, v2];

    let mut psych = clinician("TŌ", "Tāne Ōtaki", 0.8);
    psych.discipline = Some("Clinical psychologist".into());
    psych.skills = [
        ("Cognitive".to_string(), SkillLevel::Advanced),
        ("Systemic".to_string(), SkillLevel::Core),
    ]
    .into();
    psych.streams = ["Eating disorders".to_string()].into();
    psych.start_date = Some(date(2025, 2, 3));
    psych.leaving_date = Some(date(2027, 3, 31));
    psych.job_plans = vec![plan(
        1,
        Some(date(2025, 2, 3)),
        &[
            ["Choice", "", "", "", "Not working"],
            ["", "Specific: eating disorders", "", "", "Not working"],
            ["MDT", "", "Admin", "", "Not working"],
            ["", "Annual leave", "", "Group", "Not working"],
        ],
        &s,
    )];

    let mut nurse = clinician("MK", "Mere Kingi", 0.5);
    nurse.does_choice = false;
    nurse.choice_allocation = Some(4);

    Team::new(s, vec![ot, psych, nurse]).unwrap()
}

/// The ids a diary test needs: a team (the sample team) with its clinicians
/// and streams.
pub struct DiaryTeam {
    pub team: capa_store::TeamId,
    /// AD, the OT (DBT and OT streams).
    pub ad: capa_store::ClinicianId,
    /// TŌ, the psychologist.
    pub to: capa_store::ClinicianId,
    /// The DBT stream.
    pub dbt: capa_store::StreamId,
}

/// Stores the sample team under `name` for diary tests.
pub async fn diary_team(store: &capa_store::Store, name: &str) -> DiaryTeam {
    let team = store
        .create_team(capa_store::Actor::System, &sample_team(name))
        .await
        .unwrap();
    let stored = store.load_stored_team(team).await.unwrap();
    let dbt = store.streams(team).await.unwrap()[0].id;
    DiaryTeam {
        team,
        ad: stored.clinician_ids[0],
        to: stored.clinician_ids[1],
        dbt,
    }
}

/// The quarter diary tests publish for (the sample team's year starts in April).
pub fn quarter() -> capa_core::Quarter {
    capa_core::Quarter::parse("2026Q3", 4).unwrap()
}

/// A one-hour slot on a day of October 2026 (a day past 31 rolls on).
pub fn slot(number: Option<u32>, day: u32, hour: u32) -> capa_store::NewSlot {
    use chrono::{TimeDelta, TimeZone, Utc};
    let starts_at = Utc.with_ymd_and_hms(2026, 10, 1, hour, 0, 0).unwrap()
        + TimeDelta::days(i64::from(day) - 1);
    capa_store::NewSlot {
        number,
        starts_at,
        ends_at: starts_at + TimeDelta::hours(1),
        location: Some("Room 2".into()),
    }
}

/// Publishes Partnership offers numbered `numbers` for a clinician, one a day.
pub async fn publish(
    store: &capa_store::Store,
    clinician: capa_store::ClinicianId,
    numbers: std::ops::RangeInclusive<u32>,
) -> Vec<capa_store::AppointmentId> {
    let slots = numbers.map(|n| slot(Some(n), n, 9)).collect();
    store
        .publish_offers(
            capa_store::Actor::System,
            &capa_store::NewOffers {
                clinician,
                quarter: quarter(),
                kind: capa_store::AppointmentKind::Partnership,
                slots,
            },
        )
        .await
        .unwrap()
}

/// A client known by a local reference.
pub async fn client(
    store: &capa_store::Store,
    team: capa_store::TeamId,
    reference: &str,
) -> capa_store::ClientId {
    store
        .find_or_create_client(
            capa_store::Actor::System,
            team,
            &capa_store::ClientKey::local(reference).unwrap(),
            None,
            None,
        )
        .await
        .unwrap()
        .id
}
