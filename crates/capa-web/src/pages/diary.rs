//! The diary pages: the week, the activity-planning sheet, publishing offers,
//! booking at the end of Choice, outcomes and re-offers.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::clinician::ABCDS;
use capa_core::diary::search::{self, OfferQuery};
use capa_core::diary::sheet::{self, DeadlineStatus};
use capa_core::diary::{AppointmentState, Outcome, SlotKind, waits};
use capa_core::{Initials, Quarter, SkillLevel, capacity};
use capa_store::{Appointment, AppointmentId, AppointmentKind, AppointmentQuery, Role};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use serde::Deserialize;
use std::collections::HashMap;

use super::TeamPage;
use crate::AppState;
use crate::auth::{Access, CarriesCsrf, Checked, CurrentUser};
use crate::diary::{self as glue, local, utc, zone};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::diary::*;
use crate::views::team_plan::quarter_options;

fn can_act(a: &Access) -> bool {
    a.admin || !matches!(a.role, Some(Role::Viewer) | None)
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

fn state_words(s: AppointmentState) -> (&'static str, &'static str) {
    match s {
        AppointmentState::Vacant => ("vacant", ""),
        AppointmentState::Booked => ("booked", "ok"),
        AppointmentState::Attended => ("attended", "ok"),
        AppointmentState::Dna => ("did not attend", "warn"),
        AppointmentState::CancelledByFamily => ("cancelled by family", "warn"),
        AppointmentState::CancelledByService => ("cancelled by service", "warn"),
    }
}

/// `?week=2026-10-05`.
#[derive(Deserialize)]
pub struct WeekQuery {
    week: Option<String>,
    day: Option<String>,
}

/// `GET /teams/{team}/diary`: the diary by week, all clinicians.
pub async fn week(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<WeekQuery>,
) -> PageResult<DiaryWeekPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let z = zone(&p.stored.team);
    let start = monday_of(
        q.week
            .as_deref()
            .and_then(capa_io::team_file::parse_date)
            .unwrap_or_else(|| p.today()),
    );
    let end = start + Days::new(7);
    let rows = state
        .store
        .appointments(
            p.stored.id,
            &AppointmentQuery {
                from: Some(utc(z, start.into())),
                to: Some(utc(z, end.into())),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let base = format!("/teams/{team}/diary");
    let mut days = Vec::new();
    // `?day=` shows one day: the booking administrator's day list.
    let only = q.day.as_deref().and_then(capa_io::team_file::parse_date);
    for offset in 0..5 {
        let day = start + Days::new(offset);
        if only.is_some_and(|d| d != day) {
            continue;
        }
        let mut list: Vec<&Appointment> = rows
            .iter()
            .filter(|a| local(z, a.starts_at).date() == day)
            .collect();
        list.sort_by_key(|a| (a.starts_at, a.label.clone()));
        days.push(DiaryDay {
            label: format!(
                "{} {}",
                crate::views::plan_editor::day_name(day.weekday()),
                day.format("%d/%m/%Y")
            ),
            rows: list
                .into_iter()
                .map(|a| {
                    let (words, tone) = state_words(a.state);
                    DiaryRow {
                        id: a.id.0,
                        time: format!(
                            "{}-{}",
                            local(z, a.starts_at).format("%H:%M"),
                            local(z, a.ends_at).format("%H:%M")
                        ),
                        label: a.label.clone(),
                        kind: glue::slot_kind(a).to_string(),
                        state: words.into(),
                        state_id: a.state.id(),
                        tone,
                        client: a
                            .client
                            .as_ref()
                            .map(|c| c.label.clone().unwrap_or_else(|| c.reference.clone()))
                            .unwrap_or_default(),
                        bookable: a.kind != AppointmentKind::Choice,
                        book_href: format!("{base}/book?offer={}", a.id),
                        outcome_href: format!("{base}/appointments/{}/outcome", a.id),
                        partnership_href: (a.kind == AppointmentKind::Choice
                            && matches!(
                                a.state,
                                AppointmentState::Booked | AppointmentState::Attended
                            ))
                        .then(|| {
                            a.client.as_ref().map(|c| {
                                format!(
                                    "{base}/book?choice={}&client={}",
                                    a.id,
                                    crate::auth::urlencode(&c.reference)
                                )
                            })
                        })
                        .flatten(),
                        needs_reoffer: a.needs_reoffer(),
                        reoffer_href: format!("{base}/appointments/{}/reoffer", a.id),
                    }
                })
                .collect(),
        });
    }
    let act = can_act(&p.access);
    let publish = p.access.plans_team() || matches!(p.access.role, Some(Role::Clinician(_)));
    Ok(DiaryWeekPage {
        base: base.clone(),
        week_label: start.format("%d/%m/%Y").to_string(),
        days,
        previous: format!("{base}?week={}", start - Days::new(7)),
        next: format!("{base}?week={end}"),
        book_href: format!("{base}/book"),
        sheet_href: format!("{base}/sheet"),
        publish_href: format!("{base}/publish"),
        can_act: act,
        can_publish: publish,
        chrome: p.chrome,
    })
}

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
pub struct SheetQuery {
    quarter: Option<String>,
}

/// `GET /teams/{team}/diary/sheet`: the activity-planning sheet.
pub async fn sheet_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<SheetQuery>,
) -> PageResult<SheetPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let quarter = p.quarter(q.quarter.as_deref())?;
    let z = zone(&p.stored.team);
    let rows = state
        .store
        .appointments(
            p.stored.id,
            &AppointmentQuery {
                quarter: Some(quarter),
                kind: Some(AppointmentKind::Partnership),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let offers: Vec<_> = rows.iter().map(|a| glue::sheet_offer(z, a)).collect();
    let report = capacity::quarter(&p.stored.team, quarter);
    let today = p.today();
    let holidays = glue::holiday_dates(
        &state.store,
        &p.stored,
        quarter.start() - Days::new(120),
        quarter.end_exclusive(),
    )
    .await?;
    let s = sheet::sheet(
        &sheet::core_targets(&report),
        &offers,
        quarter,
        p.stored.team.settings.diary_notice_weeks,
        today,
        &holidays,
    );
    let names: HashMap<String, String> = p
        .stored
        .team
        .clinicians
        .iter()
        .map(|c| (c.initials.to_string(), c.name.clone()))
        .collect();
    let labels: HashMap<i64, &Appointment> = rows.iter().map(|a| (a.id.0, a)).collect();
    let lines = s
        .rows
        .iter()
        .map(|r| {
            let (status, ok) = match r.status {
                DeadlineStatus::OnTrack => ("on track".to_string(), true),
                DeadlineStatus::Short { by } => (format!("short by {by}"), false),
                DeadlineStatus::Met => ("met".to_string(), true),
                DeadlineStatus::Missed { by } => (format!("missed by {by}"), false),
            };
            SheetLine {
                who: format!(
                    "{} {}",
                    r.clinician,
                    names.get(r.clinician.as_str()).cloned().unwrap_or_default()
                ),
                target: r.target,
                published: r.published,
                booked: r.booked,
                started: r.started,
                dna: r.dna,
                cancelled: r.cancelled,
                reoffered: r.reoffered,
                status,
                ok,
                explain: r.explain.to_string(),
            }
        })
        .collect();
    let tasks = s
        .reoffer_tasks
        .iter()
        .map(|t| TaskLine {
            label: labels
                .get(&t.offer)
                .map_or_else(|| format!("offer {}", t.offer), |a| a.label.clone()),
            state: state_words(t.state).0.to_string(),
            by: t.reoffer_by.format("%d/%m/%Y").to_string(),
            overdue: t.overdue,
            href: format!("/teams/{team}/diary/appointments/{}/reoffer", t.offer),
        })
        .collect();
    Ok(SheetPage {
        quarter: quarter.to_string(),
        quarters: quarter_options(p.current_quarter(), quarter),
        deadline: s.deadline_explain.to_string(),
        total_target: s.rows.iter().map(|r| r.target).sum(),
        total_published: s.rows.iter().map(|r| r.published).sum(),
        short: s
            .rows
            .iter()
            .filter(|r| r.status.missing() > 0)
            .map(|r| {
                format!(
                    "{}: {} of {} offers that count",
                    r.clinician, r.counting, r.target
                )
            })
            .collect(),
        rows: lines,
        tasks,
        can_act: can_act(&p.access),
        chrome: p.chrome,
    })
}

/// `?clinician=AD&kind=core&quarter=2026Q3`.
#[derive(Deserialize)]
pub struct PublishQuery {
    clinician: Option<String>,
    kind: Option<String>,
    quarter: Option<String>,
}

fn kind_of(text: Option<&str>) -> SlotKind {
    match text {
        Some("choice") => SlotKind::Choice,
        Some(t) if t.starts_with("specific:") => {
            SlotKind::Specific(t["specific:".len()..].to_string())
        }
        _ => SlotKind::Core,
    }
}

fn kind_value(kind: &SlotKind) -> String {
    match kind {
        SlotKind::Choice => "choice".into(),
        SlotKind::Core => "core".into(),
        SlotKind::Specific(s) => format!("specific:{s}"),
    }
}

/// Whose offers the user may publish: their own as a clinician, anyone's as a lead.
fn publishable(p: &TeamPage) -> Vec<usize> {
    (0..p.stored.team.clinicians.len())
        .filter(|i| p.access.edits_plan_of(p.stored.clinician_ids[*i]))
        .collect()
}

/// `GET /teams/{team}/diary/publish`.
pub async fn publish_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<PublishQuery>,
) -> PageResult<PublishPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let allowed = publishable(&p);
    let index = match q.clinician.as_deref() {
        Some(ini) => p.clinician(ini)?.0,
        None => *allowed.first().ok_or_else(|| {
            AppError::Forbidden("only clinicians and team leads publish offers".into())
        })?,
    };
    if !allowed.contains(&index) {
        return Err(AppError::Forbidden(
            "you can publish only your own offers; the team lead can publish anyone's".into(),
        ));
    }
    let quarter = match q.quarter.as_deref() {
        Some(_) => p.quarter(q.quarter.as_deref())?,
        None => p.current_quarter().next(),
    };
    let kind = kind_of(q.kind.as_deref());
    let (proposal, _) =
        glue::proposal_for(&state.store, &p.stored, index, quarter, kind.clone()).await?;
    let c = &p.stored.team.clinicians[index];
    let candidates = proposal
        .candidates
        .iter()
        .enumerate()
        .map(|(i, s)| CandidateLine {
            value: format!("{}|{}|{}", s.date, s.session, s.seat),
            label: format!(
                "{} {} {}-{}",
                &crate::views::plan_editor::day_name(s.date.weekday())[..3],
                s.date.format("%d/%m/%Y"),
                s.starts.format("%H:%M"),
                s.ends.format("%H:%M")
            ),
            suggested: proposal.suggested.contains(&i),
        })
        .collect();
    Ok(PublishPage {
        who: format!("{} {}", c.initials, c.name),
        initials: c.initials.to_string(),
        kind: kind_value(&kind),
        kinds: {
            let mut k = vec![
                ("core".to_string(), "Core Partnership offers".to_string()),
                ("choice".to_string(), "Choice slots".to_string()),
            ];
            k.extend(
                p.stored
                    .team
                    .settings
                    .stream_names()
                    .into_iter()
                    .map(|s| (format!("specific:{s}"), format!("{s} Specific offers"))),
            );
            k
        },
        quarter: quarter.to_string(),
        quarter_value: format!("{}Q{}", quarter.year.start_year, quarter.number),
        quarters: quarter_options(p.current_quarter(), quarter),
        clinicians: allowed
            .iter()
            .map(|i| {
                (
                    p.stored.team.clinicians[*i].initials.to_string(),
                    *i == index,
                )
            })
            .collect(),
        explain: proposal.explain.to_string(),
        candidates,
        action: format!("/teams/{team}/diary/publish"),
        chrome: p.chrome,
    })
}

/// The publish form.
#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf: String,
    clinician: String,
    kind: String,
    quarter: String,
    #[serde(default)]
    slot: Vec<String>,
}

impl CarriesCsrf for PublishForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams/{team}/diary/publish`: publishes the ticked sessions, numbered in date order.
pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Checked(form): Checked<PublishForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let (index, id) = p.clinician(&form.clinician)?;
    if !p.access.edits_plan_of(id) {
        return Err(AppError::Forbidden(
            "you can publish only your own offers; the team lead can publish anyone's".into(),
        ));
    }
    let quarter = p.quarter(Some(&form.quarter))?;
    let kind = kind_of(Some(form.kind.as_str()));
    let (proposal, existing) =
        glue::proposal_for(&state.store, &p.stored, index, quarter, kind.clone()).await?;
    let chosen: Vec<_> = proposal
        .candidates
        .iter()
        .filter(|s| {
            form.slot
                .contains(&format!("{}|{}|{}", s.date, s.session, s.seat))
        })
        .cloned()
        .collect();
    if chosen.len() != form.slot.len() {
        return Err(AppError::Conflict(
            "some of the ticked sessions are no longer free; reload the page".into(),
        ));
    }
    if chosen.is_empty() {
        return Err(AppError::BadRequest(
            "tick at least one session to publish".into(),
        ));
    }
    glue::publish(
        &state.store,
        user.actor(),
        &p.stored,
        glue::DiaryOf {
            index,
            quarter,
            kind: &kind,
        },
        &existing,
        &chosen,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/teams/{team}/diary/sheet?quarter={}Q{}",
        quarter.year.start_year, quarter.number
    ))
    .into_response())
}

/// What the family needs, from the booking form's query.
#[derive(Deserialize, Default)]
pub struct BookQuery {
    #[serde(default)]
    preferred: String,
    #[serde(default)]
    not_before: String,
    #[serde(default)]
    not_after: String,
    #[serde(default)]
    choice: String,
    #[serde(default)]
    stream: String,
    #[serde(default)]
    client: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

const WEEKDAYS: [(&str, Weekday); 5] = [
    ("Mon", Weekday::Mon),
    ("Tue", Weekday::Tue),
    ("Wed", Weekday::Wed),
    ("Thu", Weekday::Thu),
    ("Fri", Weekday::Fri),
];

async fn book_view(
    state: &AppState,
    p: TeamPage,
    q: &BookQuery,
    message: Option<(String, &'static str)>,
) -> PageResult<BookPage> {
    let team = p.stored.id;
    let z = zone(&p.stored.team);
    let now = chrono::Utc::now();
    let stream =
        capa_core::activity::find_stream(&q.stream, &p.stored.team.settings.stream_names());
    let diary_kind = match &stream {
        Some(s) => {
            glue::store_kind(&state.store, &p.stored, &SlotKind::Specific(s.clone())).await?
        }
        None => AppointmentKind::Partnership,
    };
    let rows = state
        .store
        .appointments(
            team,
            &AppointmentQuery {
                states: vec![AppointmentState::Vacant],
                kind: Some(diary_kind),
                from: Some(now),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let views: Vec<_> = rows.iter().map(|a| glue::offer_view(z, a)).collect();
    let mut query = OfferQuery::new(local(z, now));
    query.stream = stream.clone();
    let mut domains: Vec<String> = ABCDS.iter().map(|d| d.to_string()).collect();
    for d in p
        .stored
        .team
        .clinicians
        .iter()
        .flat_map(|c| c.skills.keys())
    {
        if !domains.contains(d) {
            domains.push(d.clone());
        }
    }
    let mut skills = Vec::new();
    for d in &domains {
        let level = q
            .rest
            .get(&format!("skill_{d}"))
            .cloned()
            .unwrap_or_default();
        if let Some(l) = SkillLevel::parse(&level) {
            query.skills.push((d.clone(), l));
        }
        skills.push((d.clone(), level));
    }
    query.preferred = Initials::parse(&q.preferred).ok();
    query.excluded_weekdays = WEEKDAYS
        .iter()
        .filter(|(n, _)| q.rest.contains_key(&format!("not_{n}")))
        .map(|(_, d)| *d)
        .collect();
    query.not_before_time = NaiveTime::parse_from_str(&q.not_before, "%H:%M").ok();
    query.not_after_time = NaiveTime::parse_from_str(&q.not_after, "%H:%M").ok();
    let found = search::search(&views, &p.stored.team.clinicians, &query);
    let names: HashMap<String, String> = p
        .stored
        .team
        .clinicians
        .iter()
        .map(|c| (c.initials.to_string(), c.name.clone()))
        .collect();
    let nothing = if found.is_empty() {
        waits::why_nothing(&views, &p.stored.team.clinicians, &query).reason
    } else {
        String::new()
    };
    let offers = found
        .iter()
        .map(|o| OfferLine {
            id: o.id,
            label: o.label.clone(),
            when: format!(
                "{} {}",
                &crate::views::plan_editor::day_name(o.starts_at.weekday())[..3],
                o.starts_at.format("%d/%m/%Y %H:%M")
            ),
            clinician: format!(
                "{} {}",
                o.clinician,
                names.get(o.clinician.as_str()).cloned().unwrap_or_default()
            ),
            action: format!("/teams/{}/diary/appointments/{}/book", team, o.id),
        })
        .collect();
    let (message, message_kind) = match message {
        Some((m, k)) => (Some(m), k),
        None => (None, "ok"),
    };
    Ok(BookPage {
        skills,
        clinicians: p
            .stored
            .team
            .clinicians
            .iter()
            .map(|c| {
                (
                    c.initials.to_string(),
                    c.initials.as_str() == q.preferred.trim().to_uppercase(),
                )
            })
            .collect(),
        weekdays: WEEKDAYS
            .iter()
            .map(|(n, _)| (*n, q.rest.contains_key(&format!("not_{n}"))))
            .collect(),
        streams: p
            .stored
            .team
            .settings
            .stream_names()
            .into_iter()
            .map(|s| {
                let chosen = stream.as_deref() == Some(s.as_str());
                (s, chosen)
            })
            .collect(),
        not_before: q.not_before.clone(),
        not_after: q.not_after.clone(),
        choice: q.choice.clone(),
        client: q.client.clone(),
        offers,
        nothing,
        skills_text: query
            .skills
            .iter()
            .map(|(d, l)| {
                format!(
                    "{d}:{}",
                    if *l == SkillLevel::Advanced {
                        "advanced"
                    } else {
                        "core"
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(","),
        managed_action: format!("/teams/{team}/diary/managed"),
        message,
        message_kind,
        chrome: p.chrome,
    })
}

/// `GET /teams/{team}/diary/book`: the next offers that fit, earliest first.
pub async fn book_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<BookQuery>,
) -> PageResult<BookPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    book_view(&state, p, &q, None).await
}

/// The booking form.
#[derive(Deserialize)]
pub struct BookForm {
    #[serde(default)]
    csrf: String,
    client: String,
    #[serde(default)]
    choice: String,
}

impl CarriesCsrf for BookForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams/{team}/diary/appointments/{id}/book`: books in one action; if
/// someone else was quicker, says so at once and shows the next offers.
pub async fn book(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, id)): Path<(i64, i64)>,
    Checked(form): Checked<BookForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    if !can_act(&p.access) {
        return Err(AppError::Forbidden("a viewer cannot book".into()));
    }
    let choice = form.choice.trim().parse::<i64>().ok().map(AppointmentId);
    let result = glue::book(
        &state.store,
        user.actor(),
        &p.stored,
        AppointmentId(id),
        &form.client,
        choice,
    )
    .await;
    let q = BookQuery {
        choice: form.choice.clone(),
        ..BookQuery::default()
    };
    match result {
        Ok(_) => {
            let a = state.store.appointment(AppointmentId(id)).await?;
            let when = local(zone(&p.stored.team), a.starts_at);
            let mut text = format!(
                "Booked {} on {} for {}: the family leaves with its date.",
                a.label,
                when.format("%d/%m/%Y at %H:%M"),
                form.client.trim().to_uppercase()
            );
            if let Some(c) = choice {
                let from = local(
                    zone(&p.stored.team),
                    state.store.appointment(c).await?.starts_at,
                )
                .date();
                let wait = capa_core::diary::waits::internal_wait(
                    from,
                    when.date(),
                    capa_core::diary::waits::DEFAULT_MAX_WAIT_WEEKS,
                );
                text.push_str(&format!(
                    " Internal wait from Choice: {} days. {}",
                    wait.days, wait.explain
                ));
            }
            Ok(book_view(&state, p, &q, Some((text, "ok")))
                .await?
                .into_response())
        }
        Err(AppError::Conflict(_)) => {
            let page = book_view(
                &state,
                p,
                &q,
                Some((
                    "Just taken: someone booked that offer a moment ago. Here are the next ones."
                        .into(),
                    "bad",
                )),
            )
            .await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The outcome form.
#[derive(Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    csrf: String,
    outcome: String,
}

impl CarriesCsrf for OutcomeForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

async fn own_appointment(state: &AppState, p: &TeamPage, id: i64) -> Result<Appointment, AppError> {
    let a = state.store.appointment(AppointmentId(id)).await?;
    if a.team_id != p.stored.id {
        return Err(AppError::NotFound(
            "no such appointment in this team".into(),
        ));
    }
    Ok(a)
}

/// `POST /teams/{team}/diary/appointments/{id}/outcome`.
pub async fn outcome(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, id)): Path<(i64, i64)>,
    Checked(form): Checked<OutcomeForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    if !can_act(&p.access) {
        return Err(AppError::Forbidden(
            "a viewer cannot record outcomes".into(),
        ));
    }
    let a = own_appointment(&state, &p, id).await?;
    let o = Outcome::parse(&form.outcome)
        .ok_or_else(|| AppError::BadRequest(format!("unknown outcome '{}'", form.outcome)))?;
    state.store.record_outcome(user.actor(), a.id, o).await?;
    let week = monday_of(local(zone(&p.stored.team), a.starts_at).date());
    Ok(Redirect::to(&format!("/teams/{team}/diary?week={week}#appointment-{id}")).into_response())
}

/// `POST /teams/{team}/diary/appointments/{id}/reoffer`: publishes a replacement
/// in the clinician's next free session.
pub async fn reoffer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, id)): Path<(i64, i64)>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    if !can_act(&p.access) {
        return Err(AppError::Forbidden("a viewer cannot re-offer".into()));
    }
    let a = own_appointment(&state, &p, id).await?;
    if !a.needs_reoffer() {
        return Err(AppError::Conflict(format!(
            "{} does not need a re-offer",
            a.label
        )));
    }
    glue::reoffer(&state.store, user.actor(), &p.stored, &a, p.today()).await?;
    let quarter = Quarter::containing(
        local(zone(&p.stored.team), a.starts_at).date(),
        p.stored.team.settings.year_start_month,
    );
    Ok(Redirect::to(&format!(
        "/teams/{team}/diary/sheet?quarter={}Q{}",
        quarter.year.start_year, quarter.number
    ))
    .into_response())
}
