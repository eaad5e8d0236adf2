//! More of the diary: full booking to Choice, the managed list, public holidays
//! and leave, private calendar feeds, and a clinician's quarter week by week.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::diary::search::{ChoiceQuery, OfferQuery};
use capa_core::diary::{AppointmentState, SlotKind, plot, two_choice_slots, waits};
use capa_store::{
    AppointmentKind, AppointmentQuery, ClinicianId, FeedId, HolidayId, LeaveId, ManagedId, Role,
};
use chrono::{Datelike, Weekday};
use serde::Deserialize;
use std::collections::HashMap;

use super::TeamPage;
use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::diary::{self as glue, local, zone};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::diary::*;

const WEEKDAYS: [(&str, Weekday); 5] = [
    ("Mon", Weekday::Mon),
    ("Tue", Weekday::Tue),
    ("Wed", Weekday::Wed),
    ("Thu", Weekday::Thu),
    ("Fri", Weekday::Fri),
];

fn can_act(p: &TeamPage) -> bool {
    p.access.admin || !matches!(p.access.role, Some(Role::Viewer) | None)
}

/// `?client=REF&not_Mon=1`.
#[derive(Deserialize)]
pub struct ChoiceParams {
    #[serde(default)]
    client: String,
    #[serde(default)]
    accepted: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

/// `GET /teams/{team}/diary/choice`: the two earliest fitting Choice slots, on different days.
pub async fn choice(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<ChoiceParams>,
) -> PageResult<ChoicePage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let z = zone(&p.stored.team);
    let now = chrono::Utc::now();
    let excluded: Vec<Weekday> = WEEKDAYS
        .iter()
        .filter(|(n, _)| q.rest.contains_key(&format!("not_{n}")))
        .map(|(_, d)| *d)
        .collect();
    let mut slots = Vec::new();
    if !q.client.trim().is_empty() {
        glue::client_key(&q.client)?;
        let rows = state
            .store
            .appointments(
                p.stored.id,
                &AppointmentQuery {
                    states: vec![AppointmentState::Vacant],
                    kind: Some(AppointmentKind::Choice),
                    from: Some(now),
                    ..AppointmentQuery::default()
                },
            )
            .await?;
        let views: Vec<_> = rows.iter().map(|a| glue::offer_view(z, a)).collect();
        let cq = ChoiceQuery {
            excluded_weekdays: excluded.clone(),
            not_before_time: None,
            not_after_time: None,
            location: None,
            from: local(z, now),
        };
        let names: HashMap<String, String> = p
            .stored
            .team
            .clinicians
            .iter()
            .map(|c| (c.initials.to_string(), c.name.clone()))
            .collect();
        slots = two_choice_slots(&views, &cq)
            .into_iter()
            .map(|o| ChoiceLine {
                id: o.id,
                when: format!(
                    "{} {}",
                    &crate::views::plan_editor::day_name(o.starts_at.weekday())[..3],
                    o.starts_at.format("%d/%m/%Y %H:%M")
                ),
                clinician: format!(
                    "with {} {}",
                    o.clinician,
                    names.get(o.clinician.as_str()).cloned().unwrap_or_default()
                ),
                action: format!("/teams/{team}/diary/choice/{}/book", o.id),
            })
            .collect();
    }
    Ok(ChoicePage {
        client: q.client.trim().to_string(),
        accepted: q.accepted.trim().to_string(),
        weekdays: WEEKDAYS
            .iter()
            .map(|(n, d)| (*n, excluded.contains(d)))
            .collect(),
        slots,
        message: None,
        message_kind: "ok",
        chrome: p.chrome,
    })
}

/// The Choice booking form.
#[derive(Deserialize)]
pub struct ChoiceBook {
    #[serde(default)]
    csrf: String,
    client: String,
    #[serde(default)]
    accepted: String,
}

impl CarriesCsrf for ChoiceBook {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams/{team}/diary/choice/{id}/book`.
pub async fn book_choice(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, id)): Path<(i64, i64)>,
    Checked(form): Checked<ChoiceBook>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    if !can_act(&p) {
        return Err(AppError::Forbidden("a viewer cannot book".into()));
    }
    // A new family is recorded with its referral's accepted date, so the
    // external wait (accepted -> Choice) can be measured.
    let accepted = match form.accepted.trim() {
        "" => None,
        text => Some(date(text)?),
    };
    if accepted.is_some() {
        let key = glue::client_key(&form.client)?;
        state
            .store
            .find_or_create_client(user.actor(), p.stored.id, &key, None, accepted)
            .await?;
    }
    let (message, kind, status) = match glue::book(
        &state.store,
        user.actor(),
        &p.stored,
        capa_store::AppointmentId(id),
        &form.client,
        None,
    )
    .await
    {
        Ok(_) => {
            let a = state
                .store
                .appointment(capa_store::AppointmentId(id))
                .await?;
            let day = local(zone(&p.stored.team), a.starts_at);
            let mut text = format!(
                "Booked the Choice appointment on {} for {}.",
                day.format("%d/%m/%Y at %H:%M"),
                form.client.trim().to_uppercase()
            );
            if let Some(acc) = accepted {
                let wait = waits::external_wait(acc, day.date());
                text.push_str(&format!(
                    " External wait from acceptance: {} days ({}).",
                    wait.days, wait.explain
                ));
            }
            (text, "ok", StatusCode::OK)
        }
        Err(AppError::Conflict(_)) => (
            "Just taken: someone booked that slot a moment ago. Look again for the next two."
                .into(),
            "bad",
            StatusCode::CONFLICT,
        ),
        Err(e) => return Err(e),
    };
    let page = ChoicePage {
        client: String::new(),
        accepted: String::new(),
        weekdays: WEEKDAYS.iter().map(|(n, _)| (*n, false)).collect(),
        slots: Vec::new(),
        message: Some(message),
        message_kind: kind,
        chrome: p.chrome,
    };
    Ok((status, page).into_response())
}

/// `GET /teams/{team}/diary/managed`.
pub async fn managed(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<ManagedPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let z = zone(&p.stored.team);
    let rows = state
        .store
        .managed_list(p.stored.id, false)
        .await?
        .into_iter()
        .map(|m| ManagedLine {
            id: m.id.0,
            client: m.client_reference,
            since: local(z, m.added_at).format("%d/%m/%Y").to_string(),
            reason: m.reason,
            action: format!("/teams/{team}/diary/managed/{}/resolve", m.id.0),
        })
        .collect();
    Ok(ManagedPage {
        rows,
        can_act: can_act(&p),
        chrome: p.chrome,
    })
}

/// Putting a family on the managed list.
#[derive(Deserialize)]
pub struct ManagedForm {
    #[serde(default)]
    csrf: String,
    client: String,
    #[serde(default)]
    skills: String,
}

impl CarriesCsrf for ManagedForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams/{team}/diary/managed`: when nothing fits within the team's
/// limit, the family goes on the list with the reason capa-core gives.
pub async fn add_managed(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Checked(form): Checked<ManagedForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    if !can_act(&p) {
        return Err(AppError::Forbidden(
            "a viewer cannot change the managed list".into(),
        ));
    }
    let z = zone(&p.stored.team);
    let now = chrono::Utc::now();
    let rows = state
        .store
        .appointments(
            p.stored.id,
            &AppointmentQuery {
                states: vec![AppointmentState::Vacant],
                kind: Some(AppointmentKind::Partnership),
                from: Some(now),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let views: Vec<_> = rows.iter().map(|a| glue::offer_view(z, a)).collect();
    let mut q = OfferQuery::new(local(z, now));
    for part in form.skills.split(',').filter(|s| !s.trim().is_empty()) {
        if let Some((d, l)) = part.split_once(':')
            && let Some(level) = capa_core::SkillLevel::parse(l)
        {
            q.skills.push((d.trim().to_string(), level));
        }
    }
    let reason = match waits::place(
        &views,
        &p.stored.team.clinicians,
        &q,
        waits::DEFAULT_MAX_WAIT_WEEKS,
    ) {
        waits::Placement::ManagedList(entry) => entry.reason,
        waits::Placement::Offers { .. } => {
            return Err(AppError::Conflict(
                "offers fit within the limit: book one instead".into(),
            ));
        }
    };
    let key = glue::client_key(&form.client)?;
    let client = state
        .store
        .find_or_create_client(user.actor(), p.stored.id, &key, None, None)
        .await?;
    let needs = serde_json::json!({ "skills": form.skills });
    state
        .store
        .add_to_managed_list(user.actor(), p.stored.id, client.id, &reason, &needs)
        .await?;
    Ok(Redirect::to(&format!("/teams/{team}/diary/managed")).into_response())
}

/// The resolve form.
#[derive(Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    csrf: String,
    resolution: String,
}

impl CarriesCsrf for ResolveForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams/{team}/diary/managed/{id}/resolve`.
pub async fn resolve_managed(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, id)): Path<(i64, i64)>,
    Checked(form): Checked<ResolveForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    if !can_act(&p) {
        return Err(AppError::Forbidden(
            "a viewer cannot change the managed list".into(),
        ));
    }
    let mine = state
        .store
        .managed_list(p.stored.id, false)
        .await?
        .iter()
        .any(|m| m.id == ManagedId(id));
    if !mine {
        return Err(AppError::NotFound("no such open entry in this team".into()));
    }
    state
        .store
        .resolve_managed(user.actor(), ManagedId(id), form.resolution.trim())
        .await?;
    Ok(Redirect::to(&format!("/teams/{team}/diary/managed")).into_response())
}

/// `GET /teams/{team}/diary/absences`.
pub async fn absences(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<AbsencesPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let today = p.today();
    let from = today - chrono::Days::new(31);
    let to = today + chrono::Days::new(400);
    let base = format!("/teams/{team}/diary/absences");
    let holidays = state
        .store
        .holidays(p.stored.id, Some(from), Some(to))
        .await?
        .into_iter()
        .map(|h| {
            (
                h.id.0,
                h.day.format("%a %d/%m/%Y").to_string(),
                h.name,
                format!("{base}/holidays/{}/remove", h.id.0),
            )
        })
        .collect();
    let initials: HashMap<ClinicianId, (String, bool)> = p
        .stored
        .clinician_ids
        .iter()
        .zip(&p.stored.team.clinicians)
        .map(|(id, c)| (*id, (c.initials.to_string(), p.access.edits_plan_of(*id))))
        .collect();
    let leave = state
        .store
        .leave(p.stored.id, Some(from), Some(to))
        .await?
        .into_iter()
        .map(|l| {
            let (who, mine) = initials.get(&l.clinician_id).cloned().unwrap_or_default();
            (
                l.id.0,
                who,
                format!(
                    "{} to {}",
                    l.first_day.format("%d/%m/%Y"),
                    l.last_day.format("%d/%m/%Y")
                ),
                format!("{base}/leave/{}/remove", l.id.0),
                mine,
            )
        })
        .collect();
    let clinicians = p
        .stored
        .clinician_ids
        .iter()
        .zip(&p.stored.team.clinicians)
        .filter(|(id, _)| p.access.edits_plan_of(**id))
        .map(|(_, c)| c.initials.to_string())
        .collect();
    Ok(AbsencesPage {
        holidays,
        leave,
        clinicians,
        can_plan: p.access.plans_team(),
        holiday_action: format!("{base}/holidays"),
        leave_action: format!("{base}/leave"),
        chrome: p.chrome,
    })
}

/// A new holiday.
#[derive(Deserialize)]
pub struct HolidayForm {
    #[serde(default)]
    csrf: String,
    day: String,
    name: String,
}

impl CarriesCsrf for HolidayForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn date(text: &str) -> Result<chrono::NaiveDate, AppError> {
    capa_io::team_file::parse_date(text)
        .ok_or_else(|| AppError::BadRequest(format!("'{text}' is not a date")))
}

/// `POST /teams/{team}/diary/absences/holidays`.
pub async fn add_holiday(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Checked(f): Checked<HolidayForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    p.access.require_planner()?;
    state
        .store
        .add_holiday(user.actor(), p.stored.id, date(&f.day)?, f.name.trim())
        .await?;
    Ok(Redirect::to(&format!("/teams/{team}/diary/absences")).into_response())
}

/// `POST /teams/{team}/diary/absences/holidays/{id}/remove`.
pub async fn remove_holiday(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, id)): Path<(i64, i64)>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    p.access.require_planner()?;
    let ours = state
        .store
        .holidays(p.stored.id, None, None)
        .await?
        .iter()
        .any(|h| h.id == HolidayId(id));
    if !ours {
        return Err(AppError::NotFound("no such holiday in this team".into()));
    }
    state
        .store
        .remove_holiday(user.actor(), HolidayId(id))
        .await?;
    Ok(Redirect::to(&format!("/teams/{team}/diary/absences")).into_response())
}

/// New leave.
#[derive(Deserialize)]
pub struct LeaveForm {
    #[serde(default)]
    csrf: String,
    clinician: String,
    first_day: String,
    last_day: String,
}

impl CarriesCsrf for LeaveForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams/{team}/diary/absences/leave`: a clinician's own, or anyone's for the lead.
pub async fn add_leave(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Checked(f): Checked<LeaveForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let (_, id) = p.clinician(&f.clinician)?;
    p.access.require_plan_editor(id)?;
    state
        .store
        .add_leave(user.actor(), id, date(&f.first_day)?, date(&f.last_day)?)
        .await?;
    Ok(Redirect::to(&format!("/teams/{team}/diary/absences")).into_response())
}

/// `POST /teams/{team}/diary/absences/leave/{id}/remove`.
pub async fn remove_leave(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, id)): Path<(i64, i64)>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let entry = state
        .store
        .leave(p.stored.id, None, None)
        .await?
        .into_iter()
        .find(|l| l.id == LeaveId(id));
    let Some(entry) = entry else {
        return Err(AppError::NotFound("no such leave in this team".into()));
    };
    p.access.require_plan_editor(entry.clinician_id)?;
    state.store.remove_leave(user.actor(), LeaveId(id)).await?;
    Ok(Redirect::to(&format!("/teams/{team}/diary/absences")).into_response())
}

/// `?clinician=TR`.
#[derive(Deserialize)]
pub struct WhoQuery {
    clinician: Option<String>,
    quarter: Option<String>,
}

/// The clinician a page is about: the one asked for, or the user's own.
fn whose(p: &TeamPage, asked: Option<&str>) -> Result<(usize, ClinicianId), AppError> {
    match asked {
        Some(ini) => p.clinician(ini),
        None => match p.access.role {
            Some(Role::Clinician(id)) => p
                .stored
                .clinician_ids
                .iter()
                .position(|c| *c == id)
                .map(|i| (i, id))
                .ok_or_else(|| {
                    AppError::NotFound("your clinician record is not in this team".into())
                }),
            _ => p.clinician(
                p.stored
                    .team
                    .clinicians
                    .first()
                    .map(|c| c.initials.as_str())
                    .unwrap_or("X"),
            ),
        },
    }
}

async fn calendar_view(
    state: &AppState,
    p: TeamPage,
    index: usize,
    id: ClinicianId,
    new_url: Option<String>,
) -> PageResult<CalendarPage> {
    let team = p.stored.id;
    let c = &p.stored.team.clinicians[index];
    let feeds = state
        .store
        .calendar_feeds(id)
        .await?
        .into_iter()
        .map(|f| {
            (
                f.id.0,
                f.created_at.format("%d/%m/%Y").to_string(),
                f.revoked_at.is_some(),
                format!(
                    "/teams/{team}/diary/calendar/{}/revoke?clinician={}",
                    f.id.0, c.initials
                ),
            )
        })
        .collect();
    Ok(CalendarPage {
        who: format!("{} {}", c.initials, c.name),
        new_url,
        feeds,
        create_action: format!("/teams/{team}/diary/calendar?clinician={}", c.initials),
        chrome: p.chrome,
    })
}

/// `GET /teams/{team}/diary/calendar`: the clinician's private feed addresses.
pub async fn calendar(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<WhoQuery>,
) -> PageResult<CalendarPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let (index, id) = whose(&p, q.clinician.as_deref())?;
    p.access.require_plan_editor(id)?;
    calendar_view(&state, p, index, id, None).await
}

/// `POST /teams/{team}/diary/calendar?clinician=TR`: a new feed address, shown once.
pub async fn create_calendar(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(team): Path<i64>,
    Query(q): Query<WhoQuery>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<CalendarPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let (index, id) = whose(&p, q.clinician.as_deref())?;
    p.access.require_plan_editor(id)?;
    let (_, token) = state.store.create_calendar_feed(user.actor(), id).await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    let url = format!("{scheme}://{host}/calendar/{token}.ics");
    calendar_view(&state, p, index, id, Some(url)).await
}

/// `POST /teams/{team}/diary/calendar/{feed}/revoke`.
pub async fn revoke_calendar(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, feed)): Path<(i64, i64)>,
    Query(q): Query<WhoQuery>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let (_, id) = whose(&p, q.clinician.as_deref())?;
    p.access.require_plan_editor(id)?;
    if !state
        .store
        .calendar_feeds(id)
        .await?
        .iter()
        .any(|f| f.id == FeedId(feed))
    {
        return Err(AppError::NotFound("no such feed".into()));
    }
    state
        .store
        .revoke_calendar_feed(user.actor(), FeedId(feed))
        .await?;
    Ok(Redirect::to(&format!(
        "/teams/{team}/diary/calendar?clinician={}",
        q.clinician.unwrap_or_default()
    ))
    .into_response())
}

/// `GET /calendar/{token}.ics`: a clinician's booked appointments (the token is
/// the credential; a revoked one answers 404).
pub async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let Some(f) = state.store.calendar_feed(token).await? else {
        return Err(AppError::NotFound("no such calendar".into()));
    };
    let c = state.store.clinician(f.clinician_id).await?;
    let now = chrono::Utc::now();
    let rows = state
        .store
        .appointments(
            c.team_id,
            &AppointmentQuery {
                clinician: Some(f.clinician_id),
                from: Some(now - chrono::TimeDelta::days(28)),
                to: Some(now + chrono::TimeDelta::days(200)),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let events: Vec<capa_io::ics::FeedEvent> = rows
        .iter()
        .filter(|a| a.state != AppointmentState::Vacant)
        .map(|a| capa_io::ics::FeedEvent {
            id: a.id.0,
            title: if a.kind == AppointmentKind::Choice {
                format!("Choice ({})", a.label)
            } else {
                format!("Partnership {}", a.label)
            },
            client: a.client.as_ref().map(|c| capa_io::ics::FeedClient {
                label: c.label.clone(),
                reference: c.reference.clone(),
                is_nhi: c.is_nhi,
            }),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            location: a.location.clone(),
            cancelled: matches!(
                a.state,
                AppointmentState::CancelledByFamily | AppointmentState::CancelledByService
            ),
        })
        .collect();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("capa");
    let body = capa_io::ics::calendar(
        &format!("capa: {} appointments", c.clinician.initials),
        host,
        &events,
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /teams/{team}/diary/plot?clinician=TR`: a clinician's quarter week by week.
pub async fn quarter_plot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<WhoQuery>,
) -> PageResult<PlotPage> {
    let p = TeamPage::load(&state, &user, team, Page::Diary).await?;
    let (index, id) = whose(&p, q.clinician.as_deref())?;
    let quarter = p.quarter(q.quarter.as_deref())?;
    let z = zone(&p.stored.team);
    let rows = state
        .store
        .appointments(
            p.stored.id,
            &AppointmentQuery {
                clinician: Some(id),
                kind: Some(AppointmentKind::Partnership),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let episodes: Vec<_> = rows
        .iter()
        .filter(|a| a.state == AppointmentState::Attended || a.state == AppointmentState::Booked)
        .map(|a| local(z, a.starts_at).date())
        .collect();
    let vacant: Vec<_> = rows
        .iter()
        .filter(|a| a.state == AppointmentState::Vacant)
        .map(|a| local(z, a.starts_at).date())
        .collect();
    let holidays = glue::holiday_dates(
        &state.store,
        &p.stored,
        quarter.start(),
        quarter.end_exclusive(),
    )
    .await?;
    let leave: Vec<_> = state
        .store
        .leave(
            p.stored.id,
            Some(quarter.start()),
            Some(quarter.end_exclusive()),
        )
        .await?
        .into_iter()
        .filter(|l| l.clinician_id == id)
        .map(|l| (l.first_day, l.last_day))
        .collect();
    let c = &p.stored.team.clinicians[index];
    let request = capa_core::diary::ProposalRequest {
        clinician: c,
        layout: &p.stored.team.settings.layout,
        quarter,
        kind: &SlotKind::Core,
        holidays: &holidays,
        leave: &leave,
        taken: &[],
        choice_appointments_per_session: 1,
    };
    let result = plot::plot(&request, &episodes, &vacant, 7);
    Ok(PlotPage {
        who: format!("{} {}", c.initials, c.name),
        quarter: quarter.to_string(),
        explain: result.explain.to_string(),
        weeks: result
            .weeks
            .iter()
            .map(|w| {
                (
                    w.week_start.format("%d/%m/%Y").to_string(),
                    w.capacity,
                    w.occupied,
                    w.starting,
                    w.offered,
                    w.free,
                    w.finishing,
                )
            })
            .collect(),
        chrome: p.chrome,
    })
}
