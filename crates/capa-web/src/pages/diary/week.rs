//! The diary by week, all clinicians; `?day=` shows the [`super::day`] list.

use axum::extract::{Query, State};
use capa_core::dates::parse_date;
use capa_core::diary::{AppointmentState, Outcome};
use capa_store::{Appointment, AppointmentKind, AppointmentQuery};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::{day, monday_of};
use crate::AppState;
use crate::auth::TeamContext;
use crate::diary::slot_kind;
use crate::error::{AppError, PageResult};
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::controls::LinkView;
use crate::views::diary::week::{CorrectForm, DiaryDay, DiaryRow, DiaryWeekPage};
use crate::views::format::{dmy, long_day, state_words};

/// The outcomes a correction can give, in words.
const OUTCOMES: [(Outcome, &str); 4] = [
    (Outcome::Attended, "attended"),
    (Outcome::Dna, "did not attend"),
    (Outcome::CancelledByFamily, "cancelled by family"),
    (Outcome::CancelledByService, "cancelled by service"),
];

/// The routes of the week (and day) view.
pub fn routes() -> Routes {
    Routes::new().get(path::DIARY, page)
}

/// `?week=2026-10-05` or `?day=2026-11-24`.
#[derive(Deserialize)]
struct WeekQuery {
    week: Option<String>,
    day: Option<String>,
}

fn date(text: Option<&str>, what: &str) -> Result<Option<NaiveDate>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_date(t).map(Some).ok_or_else(|| {
            AppError::BadRequest(format!("{what} '{t}' is not a date; use yyyy-mm-dd"))
        }),
    }
}

/// `GET /teams/{team}/diary`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<WeekQuery>,
) -> PageResult<DiaryWeekPage> {
    if let Some(d) = date(q.day.as_deref(), "day")? {
        return day::page(&state, ctx, d).await;
    }
    let start = monday_of(date(q.week.as_deref(), "week")?.unwrap_or_else(|| ctx.today()));
    let days: Vec<NaiveDate> = (0..5).map(|i| start + Days::new(i)).collect();
    let listed = appointments(&state, &ctx, start, start + Days::new(7)).await?;
    let days = days
        .into_iter()
        .map(|d| diary_day(&ctx, d, &listed))
        .collect();
    Ok(DiaryWeekPage {
        heading: "Partnership and Choice diary".into(),
        lede: format!("Week of {}.", dmy(start)),
        days,
        one_day: false,
        steps: vec![
            LinkView {
                href: ctx.urls.diary_week(start - Days::new(7)),
                label: "Previous week".into(),
            },
            LinkView {
                href: ctx.urls.diary_week(start + Days::new(7)),
                label: "Next week".into(),
            },
        ],
        ..frame(ctx)
    })
}

/// The parts of the page that do not depend on the days shown.
pub(super) fn frame(ctx: TeamContext) -> DiaryWeekPage {
    let mut more = vec![LinkView {
        href: ctx.urls.choice(),
        label: "Full booking to Choice".into(),
    }];
    more.extend(
        [
            (ctx.urls.managed(), "Managed list"),
            (ctx.urls.absences(), "Holidays and leave"),
            (ctx.urls.plot(None), "A clinician's quarter"),
        ]
        .into_iter()
        .map(|(href, label)| LinkView {
            href,
            label: label.into(),
        }),
    );
    if ctx.access.may_plan_team() || ctx.access.own_clinician().is_some() {
        more.push(LinkView {
            href: ctx.urls.calendar_own(),
            label: "Calendar feed".into(),
        });
    }
    DiaryWeekPage {
        heading: String::new(),
        lede: String::new(),
        days: Vec::new(),
        one_day: false,
        steps: Vec::new(),
        book_href: ctx.access.may_book().then(|| ctx.urls.book()),
        sheet_href: ctx.urls.sheet(None),
        publish_href: ctx.access.may_publish().then(|| ctx.urls.publish()),
        more,
        csrf: ctx.user.csrf(),
        chrome: ctx.chrome(Page::Diary),
    }
}

/// The team's appointments from `from` to `to` (local days).
pub(super) async fn appointments(
    state: &AppState,
    ctx: &TeamContext,
    from: NaiveDate,
    to: NaiveDate,
) -> PageResult<Vec<Appointment>> {
    let z = ctx.zone();
    Ok(state
        .store
        .appointments(
            ctx.id(),
            &AppointmentQuery {
                from: Some(z.start_of(from)),
                to: Some(z.start_of(to)),
                ..AppointmentQuery::default()
            },
        )
        .await?)
}

/// One day's appointments, earliest first, with what the user may do to each.
pub(super) fn diary_day(ctx: &TeamContext, day: NaiveDate, listed: &[Appointment]) -> DiaryDay {
    let z = ctx.zone();
    let mut list: Vec<&Appointment> = listed
        .iter()
        .filter(|a| z.local(a.starts_at).date() == day)
        .collect();
    list.sort_by_key(|a| (a.starts_at, a.label.clone()));
    let may_book = ctx.access.may_book();
    DiaryDay {
        label: long_day(day),
        href: ctx.urls.diary_day(day),
        rows: list
            .into_iter()
            .map(|a| {
                let (words, tone) = state_words(a.state);
                let choice = a.kind == AppointmentKind::Choice;
                let started = a.starts_at <= ctx.now;
                DiaryRow {
                    id: a.id.0,
                    time: format!(
                        "{}-{}",
                        z.local(a.starts_at).format("%H:%M"),
                        z.local(a.ends_at).format("%H:%M")
                    ),
                    label: a.label.clone(),
                    kind: slot_kind(a).to_string(),
                    state: words.into(),
                    tone,
                    client: a
                        .client
                        .as_ref()
                        .map(|c| c.label.clone().unwrap_or_else(|| c.reference.clone()))
                        .unwrap_or_default(),
                    book_href: (may_book && a.state == AppointmentState::Vacant && !choice).then(
                        || {
                            crate::urls::with_query(
                                &ctx.urls.book(),
                                &[("offer", &a.id.0.to_string())],
                            )
                        },
                    ),
                    outcome_href: (may_book && a.state == AppointmentState::Booked && started)
                        .then(|| ctx.urls.appointment_outcome(a.id.0)),
                    outcome_later: if may_book && a.state == AppointmentState::Booked && !started {
                        format!(
                            "Outcome once it starts ({})",
                            z.local(a.starts_at).format("%d/%m/%Y %H:%M")
                        )
                    } else {
                        String::new()
                    },
                    correct: (a.state.has_outcome() && ctx.access.may_correct_for(a.clinician_id))
                        .then(|| CorrectForm {
                            href: ctx.urls.appointment_correct(a.id.0),
                            choices: OUTCOMES
                                .iter()
                                .filter(|(o, _)| AppointmentState::from(*o) != a.state)
                                .map(|(o, words)| (AppointmentState::from(*o).id(), *words))
                                .collect(),
                            reason_limit: crate::diary::REASON_LIMIT,
                        }),
                    partnership_href: (may_book
                        && choice
                        && matches!(
                            a.state,
                            AppointmentState::Booked | AppointmentState::Attended
                        ))
                    // The link names the Choice appointment only; the booking
                    // page finds its family, so no identifier is in a URL.
                    .then(|| {
                        a.client
                            .as_ref()
                            .map(|_| ctx.urls.book_after_choice(a.id.0))
                    })
                    .flatten(),
                    reoffer_href: (may_book && a.needs_reoffer())
                        .then(|| ctx.urls.appointment_reoffer(a.id.0)),
                    close_href: (!choice
                        && a.state == AppointmentState::Attended
                        && ctx.access.may_act_for(a.clinician_id))
                    .then(|| {
                        let index = ctx.index_of(a.clinician_id)?;
                        let q = capa_core::Quarter::containing(
                            z.local(a.starts_at).date(),
                            ctx.team().settings.year_start_month,
                        );
                        Some(format!(
                            "{}#offer-{}",
                            crate::pages::monitor::links::Links::new(ctx.id().0)
                                .clinician(&ctx.clinician_at(index).initials, q),
                            a.id.0
                        ))
                    })
                    .flatten(),
                }
            })
            .collect(),
    }
}
