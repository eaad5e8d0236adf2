//! Clinicians: the list, adding one, and their details (skills, streams, dates).

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::clinician::{ABCDS, skill_domain};
use capa_core::explain::n2;
use capa_core::{Clinician, Fte, Initials, JobPlan, SkillLevel};
use serde::Deserialize;

use super::TeamPage;
use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::pages::{ClinicianFormView, ClinicianItem, ClinicianPage, CliniciansPage};

fn level(l: SkillLevel) -> &'static str {
    match l {
        SkillLevel::Core => "core",
        SkillLevel::Advanced => "advanced",
    }
}

fn list_page(p: TeamPage, error: Option<String>) -> CliniciansPage {
    let team = p.stored.id;
    let clinicians = p
        .stored
        .team
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
                plan_href: format!("/teams/{team}/clinicians/{}/plan", c.initials),
                edit_href: format!("/teams/{team}/clinicians/{}", c.initials),
            }
        })
        .collect();
    CliniciansPage {
        can_edit: p.access.plans_team(),
        action: format!("/teams/{team}/clinicians"),
        clinicians,
        error,
        chrome: p.chrome,
    }
}

/// `GET /teams/{team}/clinicians`.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<CliniciansPage> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    Ok(list_page(p, None))
}

/// The add form.
#[derive(Deserialize)]
pub struct NewClinician {
    #[serde(default)]
    csrf: String,
    initials: String,
    name: String,
    #[serde(default)]
    discipline: String,
    fte: String,
    #[serde(default)]
    does_choice: Option<String>,
}

impl CarriesCsrf for NewClinician {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn fte(text: &str) -> Result<Fte, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("FTE '{}' is not a number", text.trim()))?;
    Fte::new(v).map_err(|e| e.to_string())
}

/// `POST /teams/{team}/clinicians`: adds a clinician with an all-free plan.
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Checked(form): Checked<NewClinician>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    p.access.require_planner()?;
    let built = (|| -> Result<Clinician, String> {
        let name = form.name.trim();
        if name.is_empty() {
            return Err("the clinician needs a name".into());
        }
        Ok(Clinician {
            initials: Initials::parse(&form.initials).map_err(|e| e.to_string())?,
            name: name.to_string(),
            discipline: Some(form.discipline.trim().to_string()).filter(|d| !d.is_empty()),
            fte: fte(&form.fte)?,
            skills: BTreeMap::new(),
            streams: BTreeSet::new(),
            does_choice: form.does_choice.as_deref() != Some("false"),
            choice_allocation: None,
            start_date: None,
            leaving_date: None,
            job_plans: vec![JobPlan::blank(1, None, &p.stored.team.settings.layout)],
        })
    })();
    let result = match built {
        Ok(c) => state
            .store
            .add_clinician(user.actor(), p.stored.id, &c)
            .await
            .map_err(|e| AppError::from(e).to_string()),
        Err(m) => Err(m),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/teams/{team}/clinicians/{}/plan",
            form.initials.trim().to_uppercase()
        ))
        .into_response()),
        Err(message) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            list_page(p, Some(message)),
        )
            .into_response()),
    }
}

fn edit_view(
    p: TeamPage,
    index: usize,
    form: Option<ClinicianFormView>,
    error: Option<String>,
) -> ClinicianPage {
    let c = &p.stored.team.clinicians[index];
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
    let skills = domains
        .iter()
        .map(|d| {
            (
                d.clone(),
                c.skills
                    .get(d)
                    .map_or(String::new(), |l| level(*l).to_string()),
            )
        })
        .collect();
    let streams = p
        .stored
        .team
        .settings
        .stream_names()
        .into_iter()
        .map(|s| {
            let member = c.streams.contains(&s);
            (s, member)
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
    });
    ClinicianPage {
        heading: format!("{} {}", c.initials, c.name),
        action: format!("/teams/{}/clinicians/{}", p.stored.id, c.initials),
        form,
        skills,
        streams,
        can_edit: p.access.plans_team(),
        error,
        chrome: p.chrome,
    }
}

/// `GET /teams/{team}/clinicians/{initials}`.
pub async fn edit_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials)): Path<(i64, String)>,
) -> PageResult<ClinicianPage> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    let (index, _) = p.clinician(&initials)?;
    Ok(edit_view(p, index, None, None))
}

/// The details form.
#[derive(Deserialize)]
pub struct ClinicianForm {
    #[serde(default)]
    csrf: String,
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

impl CarriesCsrf for ClinicianForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn date(text: &str, what: &str) -> Result<Option<chrono::NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    capa_io::team_file::parse_date(t)
        .map(Some)
        .ok_or_else(|| format!("{what} '{t}' is not a date"))
}

fn read(f: &ClinicianForm, current: &Clinician, streams: &[String]) -> Result<Clinician, String> {
    let mut skills = BTreeMap::new();
    for (d, l) in f.skill_domain.iter().zip(&f.skill_level) {
        if let Some(level) = SkillLevel::parse(l) {
            skills.insert(skill_domain(d), level);
        }
    }
    let mut member_of = BTreeSet::new();
    for s in &f.stream {
        member_of.insert(
            capa_core::activity::find_stream(s, streams)
                .ok_or_else(|| format!("the team has no stream '{s}'"))?,
        );
    }
    let allocation = f.choice_allocation.trim();
    Ok(Clinician {
        initials: Initials::parse(&f.initials).map_err(|e| e.to_string())?,
        name: Some(f.name.trim().to_string())
            .filter(|n| !n.is_empty())
            .ok_or("the clinician needs a name")?,
        discipline: Some(f.discipline.trim().to_string()).filter(|d| !d.is_empty()),
        fte: fte(&f.fte)?,
        skills,
        streams: member_of,
        does_choice: f.does_choice == "true",
        choice_allocation: if allocation.is_empty() {
            None
        } else {
            Some(
                allocation.parse().map_err(|_| {
                    format!("Choice allocation '{allocation}' is not a whole number")
                })?,
            )
        },
        start_date: date(&f.start_date, "start date")?,
        leaving_date: date(&f.leaving_date, "leaving date")?,
        job_plans: current.job_plans.clone(),
    })
}

/// `POST /teams/{team}/clinicians/{initials}`.
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials)): Path<(i64, String)>,
    Checked(form): Checked<ClinicianForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    p.access.require_planner()?;
    let (index, id) = p.clinician(&initials)?;
    let current = &p.stored.team.clinicians[index];
    let result = match read(&form, current, &p.stored.team.settings.stream_names()) {
        Ok(c) => {
            let mut team_after = p.stored.team.clone();
            team_after.clinicians[index] = c.clone();
            match capa_core::Team::new(team_after.settings.clone(), team_after.clinicians) {
                Err(errors) => Err(errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ")),
                Ok(_) => state
                    .store
                    .update_clinician(user.actor(), id, &c)
                    .await
                    .map(|_| c.initials)
                    .map_err(|e| AppError::from(e).to_string()),
            }
        }
        Err(m) => Err(m),
    };
    match result {
        Ok(new_initials) => {
            Ok(Redirect::to(&format!("/teams/{team}/clinicians#{new_initials}")).into_response())
        }
        Err(message) => {
            let view = ClinicianFormView {
                initials: form.initials.clone(),
                name: form.name.clone(),
                discipline: form.discipline.clone(),
                fte: form.fte.clone(),
                does_choice: form.does_choice == "true",
                choice_allocation: form.choice_allocation.clone(),
                start_date: form.start_date.clone(),
                leaving_date: form.leaving_date.clone(),
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                edit_view(p, index, Some(view), Some(message)),
            )
                .into_response())
        }
    }
}
