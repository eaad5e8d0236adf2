//! Clinicians: the list, adding one, and their details (skills, streams, dates).

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::clinician::skill_domain;
use capa_core::dates::parse_date;
use capa_core::explain::n2;
use capa_core::{Clinician, Fte, Initials, JobPlan, SkillLevel, TeamError, skills};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::clinicians::{
    ClinicianFormView, ClinicianItem, ClinicianPage, CliniciansPage, NewClinicianView, SkillChoice,
};
use crate::views::controls::OptionView;

/// The routes of these pages.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::CLINICIANS, list)
        .post(path::CLINICIANS, add)
        .get(path::CLINICIAN, edit_page)
        .post(path::CLINICIAN, update)
}

/// Longest name, discipline.
const MAX_TEXT: usize = 200;

fn level(l: SkillLevel) -> &'static str {
    match l {
        SkillLevel::Core => "core",
        SkillLevel::Advanced => "advanced",
    }
}

/// `Team::new`'s complaints, by the form field each is about.
fn team_errors(errors: &mut FormErrors, found: Vec<TeamError>, fields: &[&str]) {
    for e in found {
        if fields.contains(&e.field) {
            errors.field(e.field, e.message);
        } else {
            errors.form(e.message);
        }
    }
}

fn list_page(ctx: TeamContext, new: NewClinicianView, errors: FormErrors) -> CliniciansPage {
    let clinicians = ctx
        .team()
        .clinicians
        .iter()
        .map(|c| {
            let dates = match (c.start_date, c.leaving_date) {
                (Some(s), Some(l)) => {
                    format!("{} to {}", s.format("%d/%m/%Y"), l.format("%d/%m/%Y"))
                }
                (Some(s), None) => format!("from {}", s.format("%d/%m/%Y")),
                (None, Some(l)) => format!("leaving {}", l.format("%d/%m/%Y")),
                (None, None) => String::new(),
            };
            ClinicianItem {
                initials: c.initials.to_string(),
                name: c.name.clone(),
                discipline: c.discipline.clone().unwrap_or_default(),
                fte: n2(c.fte.get()),
                choice: if c.does_choice { "yes" } else { "opted out" },
                skills: c
                    .skills
                    .iter()
                    .map(|(d, l)| format!("{d} ({})", level(*l)))
                    .collect::<Vec<_>>()
                    .join(", "),
                streams: c.streams.iter().cloned().collect::<Vec<_>>().join(", "),
                dates,
                plan_href: ctx.urls.plan_editor(&c.initials),
                edit_href: ctx.urls.clinician(&c.initials),
            }
        })
        .collect();
    CliniciansPage {
        can_edit: ctx.access.may_plan_team(),
        action: ctx.urls.clinicians(),
        clinicians,
        new,
        errors,
        chrome: ctx.chrome(Page::Clinicians),
    }
}

/// `GET /teams/{team}/clinicians`.
async fn list(ctx: TeamContext) -> CliniciansPage {
    list_page(ctx, NewClinicianView::default(), FormErrors::new())
}

/// The add form.
#[derive(Deserialize)]
struct NewClinician {
    initials: String,
    name: String,
    #[serde(default)]
    discipline: String,
    fte: String,
    #[serde(default)]
    does_choice: Option<String>,
}

fn fte(text: &str) -> Result<Fte, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("FTE '{}' is not a number", text.trim()))?;
    Fte::new(v).map_err(|e| e.to_string())
}

fn text(
    errors: &mut FormErrors,
    field: &str,
    value: &str,
    what: &str,
    required: bool,
) -> Option<String> {
    let t = value.trim();
    if required && t.is_empty() {
        errors.field(field, format!("the clinician needs a {what}"));
        None
    } else if t.chars().count() > MAX_TEXT {
        errors.field(field, format!("a {what} has at most {MAX_TEXT} characters"));
        None
    } else {
        Some(t.to_string())
    }
}

/// `POST /teams/{team}/clinicians`: adds a clinician with an all-free plan.
async fn add(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<NewClinician>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let mut errors = FormErrors::new();
    let initials = errors.take(
        "initials",
        Initials::parse(&form.initials).map_err(|e| e.to_string()),
    );
    let name = text(&mut errors, "name", &form.name, "name", true);
    let discipline = text(
        &mut errors,
        "discipline",
        &form.discipline,
        "discipline",
        false,
    );
    let fte = errors.take("fte", fte(&form.fte));
    if let (Some(initials), Some(name), Some(discipline), Some(fte)) =
        (initials, name, discipline, fte)
    {
        let c = Clinician {
            initials,
            name,
            discipline: Some(discipline).filter(|d| !d.is_empty()),
            fte,
            skills: BTreeMap::new(),
            streams: BTreeSet::new(),
            does_choice: form.does_choice.as_deref() != Some("false"),
            choice_allocation: None,
            start_date: None,
            leaving_date: None,
            job_plans: vec![JobPlan::blank(1, None, &ctx.team().settings.layout)],
        };
        match state
            .store
            .add_clinician(ctx.user.actor(), ctx.id(), &c)
            .await
        {
            Ok(_) => {
                return Ok(Done::to(
                    ctx.urls.plan_editor(&c.initials),
                    format!(
                        "Added {} {} with an all-free job plan: set their sessions here.",
                        c.initials, c.name
                    ),
                )
                .into_response());
            }
            Err(e) => errors.field("initials", AppError::from(e).to_string()),
        }
    }
    let kept = NewClinicianView {
        initials: form.initials,
        name: form.name,
        discipline: form.discipline,
        fte: form.fte,
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        list_page(ctx, kept, errors),
    )
        .into_response())
}

fn edit_view(
    ctx: TeamContext,
    index: usize,
    form: Option<ClinicianFormView>,
    errors: FormErrors,
) -> ClinicianPage {
    let c = ctx.clinician_at(index);
    let skills = skills::domains(&ctx.team().clinicians)
        .into_iter()
        .map(|d| {
            let held = c.skills.get(&d).map_or("", |l| level(*l));
            let chosen = form
                .as_ref()
                .and_then(|f| {
                    f.skills
                        .iter()
                        .find(|k| k.domain == d)
                        .map(|k| k.level.clone())
                })
                .unwrap_or_else(|| held.to_string());
            SkillChoice {
                domain: d,
                level: chosen,
            }
        })
        .collect();
    let streams = ctx
        .team()
        .settings
        .stream_names()
        .into_iter()
        .map(|s| {
            let member = match &form {
                Some(f) => f.streams.contains(&s),
                None => c.streams.contains(&s),
            };
            OptionView::plain(s, member)
        })
        .collect();
    let form = form.unwrap_or_else(|| ClinicianFormView {
        initials: c.initials.to_string(),
        name: c.name.clone(),
        discipline: c.discipline.clone().unwrap_or_default(),
        fte: n2(c.fte.get()),
        does_choice: c.does_choice,
        choice_allocation: c
            .choice_allocation
            .map(|n| n.to_string())
            .unwrap_or_default(),
        start_date: c.start_date.map(|d| d.to_string()).unwrap_or_default(),
        leaving_date: c.leaving_date.map(|d| d.to_string()).unwrap_or_default(),
        skills: Vec::new(),
        streams: Vec::new(),
    });
    ClinicianPage {
        heading: format!("{} {}", c.initials, c.name),
        action: ctx.urls.clinician(&c.initials),
        form,
        skills,
        streams,
        can_edit: ctx.access.may_plan_team(),
        errors,
        chrome: ctx.chrome(Page::Clinicians),
    }
}

/// A clinician in a path.
#[derive(Deserialize)]
struct Who {
    initials: String,
}

/// `GET /teams/{team}/clinicians/{initials}`.
async fn edit_page(ctx: TeamContext, Path(who): Path<Who>) -> PageResult<ClinicianPage> {
    let (index, _) = ctx.clinician(&who.initials)?;
    Ok(edit_view(ctx, index, None, FormErrors::new()))
}

/// The details form.
#[derive(Deserialize)]
struct ClinicianForm {
    initials: String,
    name: String,
    #[serde(default)]
    discipline: String,
    fte: String,
    does_choice: String,
    #[serde(default)]
    choice_allocation: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    leaving_date: String,
    #[serde(default)]
    skill_domain: Vec<String>,
    #[serde(default)]
    skill_level: Vec<String>,
    #[serde(default)]
    stream: Vec<String>,
}

fn date(
    errors: &mut FormErrors,
    field: &str,
    text: &str,
    what: &str,
) -> Option<Option<chrono::NaiveDate>> {
    let t = text.trim();
    if t.is_empty() {
        return Some(None);
    }
    match parse_date(t) {
        Some(d) => Some(Some(d)),
        None => {
            errors.field(field, format!("{what} '{t}' is not a date; use dd/mm/yyyy"));
            None
        }
    }
}

/// Reads the form into a clinician, every problem next to its field.
fn read(
    f: &ClinicianForm,
    current: &Clinician,
    streams: &[String],
    errors: &mut FormErrors,
) -> Option<Clinician> {
    let mut skills = BTreeMap::new();
    for (d, l) in f.skill_domain.iter().zip(&f.skill_level) {
        if let Some(level) = SkillLevel::parse(l) {
            skills.insert(skill_domain(d), level);
        }
    }
    let mut member_of = BTreeSet::new();
    for s in &f.stream {
        match capa_core::activity::find_stream(s, streams) {
            Some(found) => {
                member_of.insert(found);
            }
            None => errors.form(format!("the team has no stream '{s}'")),
        }
    }
    let allocation = f.choice_allocation.trim();
    let choice_allocation = if allocation.is_empty() {
        Some(None)
    } else {
        errors.take(
            "choice_allocation",
            allocation
                .parse()
                .map(Some)
                .map_err(|_| format!("Choice allocation '{allocation}' is not a whole number")),
        )
    };
    let initials = errors.take(
        "initials",
        Initials::parse(&f.initials).map_err(|e| e.to_string()),
    );
    let name = text(errors, "name", &f.name, "name", true);
    let discipline = text(errors, "discipline", &f.discipline, "discipline", false);
    let fte = errors.take("fte", fte(&f.fte));
    let start_date = date(errors, "start_date", &f.start_date, "start date");
    let leaving_date = date(errors, "leaving_date", &f.leaving_date, "leaving date");
    Some(Clinician {
        initials: initials?,
        name: name?,
        discipline: Some(discipline?).filter(|d| !d.is_empty()),
        fte: fte?,
        skills,
        streams: member_of,
        does_choice: f.does_choice == "true",
        choice_allocation: choice_allocation?,
        start_date: start_date?,
        leaving_date: leaving_date?,
        job_plans: current.job_plans.clone(),
    })
}

const FIELDS: [&str; 8] = [
    "initials",
    "name",
    "discipline",
    "fte",
    "choice_allocation",
    "start_date",
    "leaving_date",
    "does_choice",
];

/// `POST /teams/{team}/clinicians/{initials}`.
async fn update(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(who): Path<Who>,
    Form(form): Form<ClinicianForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let (index, id) = ctx.clinician(&who.initials)?;
    let mut errors = FormErrors::new();
    let current = ctx.clinician_at(index);
    if let Some(c) = read(
        &form,
        current,
        &ctx.team().settings.stream_names(),
        &mut errors,
    ) && errors.is_empty()
    {
        let mut clinicians = ctx.team().clinicians.clone();
        clinicians[index] = c.clone();
        match capa_core::Team::new(ctx.team().settings.clone(), clinicians) {
            Err(found) => team_errors(&mut errors, found, &FIELDS),
            Ok(_) => match state.store.update_clinician(ctx.user.actor(), id, &c).await {
                Ok(()) => {
                    return Ok(Done::to(
                        format!("{}#{}", ctx.urls.clinicians(), c.initials),
                        format!("Saved the details of {} {}.", c.initials, c.name),
                    )
                    .into_response());
                }
                Err(e) => errors.form(AppError::from(e).to_string()),
            },
        }
    }
    let view = ClinicianFormView {
        initials: form.initials.clone(),
        name: form.name.clone(),
        discipline: form.discipline.clone(),
        fte: form.fte.clone(),
        does_choice: form.does_choice == "true",
        choice_allocation: form.choice_allocation.clone(),
        start_date: form.start_date.clone(),
        leaving_date: form.leaving_date.clone(),
        skills: form
            .skill_domain
            .iter()
            .zip(&form.skill_level)
            .map(|(d, l)| SkillChoice {
                domain: d.clone(),
                level: l.clone(),
            })
            .collect(),
        streams: form.stream.clone(),
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        edit_view(ctx, index, Some(view), errors),
    )
        .into_response())
}
