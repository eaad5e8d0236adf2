//! The diaries, one module per feature: the [`week`] and its [`day`] list,
//! the activity-planning [`sheet`], [`publish`]ing offers (and the offers a
//! job plan change left [`standing`]), [`book`]ing at the
//! end of Choice, [`outcome`]s and re-offers, full booking to [`choice`], the
//! [`managed`] list, [`absences`] (holidays and leave), [`calendar`] feeds and
//! a clinician's quarter [`plot`].

pub mod absences;
pub mod book;
pub mod calendar;
pub mod choice;
pub mod day;
pub mod managed;
pub mod outcome;
pub mod plot;
pub mod publish;
pub mod sheet;
pub mod standing;
pub mod week;

use std::collections::HashMap;

use capa_store::{Appointment, AppointmentId};
use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::AppState;
use crate::auth::TeamContext;
use crate::error::AppError;
use crate::routes::Routes;
use crate::views::diary::WeekdayBox;

/// The diary's routes, relative to `/teams/{team}`.
pub fn routes() -> Routes {
    Routes::new()
        .merge(week::routes())
        .merge(sheet::routes())
        .merge(publish::routes())
        .merge(standing::routes())
        .merge(book::routes())
        .merge(outcome::routes())
        .merge(choice::routes())
        .merge(managed::routes())
        .merge(absences::routes())
        .merge(calendar::routes())
        .merge(plot::routes())
}

/// The Monday of a date's week.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// The working weekdays a family can rule out.
const WEEKDAYS: [(&str, Weekday); 5] = [
    ("Mon", Weekday::Mon),
    ("Tue", Weekday::Tue),
    ("Wed", Weekday::Wed),
    ("Thu", Weekday::Thu),
    ("Fri", Weekday::Fri),
];

/// The weekdays ruled out in a query (`not_Mon=1` ...).
fn excluded_weekdays(query: &HashMap<String, String>) -> Vec<Weekday> {
    WEEKDAYS
        .iter()
        .filter(|(n, _)| query.contains_key(&format!("not_{n}")))
        .map(|(_, d)| *d)
        .collect()
}

/// The tick boxes of the weekdays, `excluded` ticked.
fn weekday_boxes(excluded: &[Weekday]) -> Vec<WeekdayBox> {
    WEEKDAYS
        .iter()
        .map(|(name, d)| WeekdayBox {
            name,
            excluded: excluded.contains(d),
        })
        .collect()
}

/// An appointment of this team, or a 404.
async fn own_appointment(
    state: &AppState,
    ctx: &TeamContext,
    id: i64,
) -> Result<Appointment, AppError> {
    let a = state.store.appointment(AppointmentId(id)).await?;
    if a.team_id != ctx.id() {
        return Err(AppError::NotFound(
            "no such appointment in this team".into(),
        ));
    }
    Ok(a)
}

/// An appointment's id in a path.
#[derive(serde::Deserialize)]
struct AppointmentPath {
    id: i64,
}
