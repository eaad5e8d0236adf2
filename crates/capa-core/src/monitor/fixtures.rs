//! Test fixtures for the monitor's unit tests: 2026/27 Q1 (Monday 6 July to
//! Sunday 4 October 2026; the deadline six weeks before is Monday 25 May).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::clinician::Initials;
use crate::diary::state::AppointmentState;
use crate::explain::Explanation;
use crate::quarter::{PlanningYear, Quarter};

use super::facts::{Booking, Caseload, ClinicianFacts, ClinicianTarget, FirstAppointment, Reoffer};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn q1() -> Quarter {
    PlanningYear::new(2026, 7).quarters()[0]
}

pub fn ini(text: &str) -> Initials {
    Initials::parse(text).unwrap()
}

/// A full-time clinician in post all quarter with a Core target and job plan 1.
pub fn clinician_facts(initials: &str, core: u32) -> ClinicianFacts {
    ClinicianFacts {
        initials: ini(initials),
        name: format!("Clinician {initials}"),
        fte: 1.0,
        target: ClinicianTarget {
            job_plan_version: Some(1),
            core,
            specific: BTreeMap::new(),
            choice_allocated: 10,
            in_post: 1.0,
            explain: Explanation::new("target", core.to_string()),
        },
        start_date: None,
        leaving_date: None,
        leave: Vec::new(),
        caseload: Caseload::default(),
    }
}

/// A first Core appointment on a day of July 2026 at 09:00, published on
/// 20 May; taken ones were booked from a Choice appointment two weeks
/// before, outcomes recorded on the day.
pub fn appointment(id: i64, who: &str, day: u32, state: AppointmentState) -> FirstAppointment {
    appointment_on(id, who, d(2026, 7, day), state)
}

/// [`appointment`] on any day.
pub fn appointment_on(
    id: i64,
    who: &str,
    day: NaiveDate,
    state: AppointmentState,
) -> FirstAppointment {
    FirstAppointment {
        id,
        clinician: ini(who),
        label: format!("{who}{id}"),
        stream: None,
        starts_at: day.and_hms_opt(9, 0, 0).unwrap(),
        state,
        published_on: d(2026, 5, 20),
        outcome_recorded_on: (state.is_taken() && state != AppointmentState::Booked).then_some(day),
        booking: state.is_taken().then(|| Booking {
            booked_on: day - Days::new(14),
            choice_date: Some(day - Days::new(14)),
            skills_searched: false,
        }),
    }
}

pub fn reoffer(original: i64, replacement: i64, published_on: NaiveDate) -> Reoffer {
    Reoffer {
        original,
        replacement,
        published_on,
    }
}
