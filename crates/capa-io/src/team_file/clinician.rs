//! `[[clinicians]]`: each clinician's details, skills, streams, job plans
//! (every cell read as a clinician writes it, and every inference reported)
//! and leave.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use capa_core::activity::{Activity, OtherCategory, Reading};
use capa_core::clinician::{SkillLevel, skill_domain};
use capa_core::job_plan::{self, JobPlan};
use capa_core::limits::{self, TextField};
use capa_core::settings::{ChoicePolicy, TeamSettings};
use capa_core::{Clinician, Fte, Initials, Leave};
use chrono::NaiveDate;
use toml::Spanned;

use super::parse_date;
use super::raw::{self, RawCell, RawClinician};
use super::reader::Reader;

impl Reader<'_> {
    pub fn clinician(
        &mut self,
        i: usize,
        c: RawClinician,
        settings: &TeamSettings,
        streams: &[String],
        fields: &mut HashMap<&'static str, Range<usize>>,
    ) -> Option<Clinician> {
        let key = format!("clinicians[{}]", i + 1);
        let before = self.problems.len();
        fields.insert("initials", c.initials.span());
        fields.insert("name", c.name.span());
        let initials = Initials::parse(c.initials.get_ref())
            .map_err(|e| self.problem(&c.initials.span(), format!("{key}.initials"), e.to_string()))
            .ok();
        let fte = match &c.fte {
            Some(f) => {
                fields.insert("fte", f.span());
                Fte::new(*f.get_ref())
                    .map_err(|e| self.problem(&f.span(), format!("{key}.fte"), e.to_string()))
                    .ok()
            }
            None => Some(Fte::FULL),
        };
        if c.name.get_ref().trim().is_empty() {
            self.problem(
                &c.name.span(),
                format!("{key}.name"),
                "the clinician needs a name",
            );
        }
        let start_date = c.start_date.as_ref().and_then(|d| {
            fields.insert("start_date", d.span());
            self.date(d, &format!("{key}.start_date"))
        });
        let leaving_date = c.leaving_date.as_ref().and_then(|d| {
            fields.insert("leaving_date", d.span());
            self.date(d, &format!("{key}.leaving_date"))
        });
        let choice_allocation = c.choice_allocation.as_ref().and_then(|a| {
            fields.insert("choice_allocation", a.span());
            u32::try_from(*a.get_ref())
                .map_err(|_| {
                    self.problem(
                        &a.span(),
                        format!("{key}.choice_allocation"),
                        format!(
                            "a Choice allocation is a whole number 0 or more, not {}",
                            a.get_ref()
                        ),
                    )
                })
                .ok()
        });
        if let Some(a) = &c.choice_allocation
            && settings.choice_allocation != ChoicePolicy::Manual
        {
            self.warning(
                &a.span(),
                format!("{key}.choice_allocation"),
                "ignored: the team's choice_allocation policy is not manual",
            );
        }
        let mut skills = BTreeMap::new();
        for (domain, level) in c.skills.iter().flatten() {
            match SkillLevel::parse(level.get_ref()) {
                Some(l) => {
                    skills.insert(skill_domain(domain), l);
                }
                None => self.problem(
                    &level.span(),
                    format!("{key}.skills.{domain}"),
                    format!(
                        "unknown skill level '{}'; expected core or advanced",
                        level.get_ref()
                    ),
                ),
            }
        }
        let mut member_of = BTreeSet::new();
        for s in c.streams.iter().flatten() {
            fields.insert("streams", s.span());
            match capa_core::activity::find_stream(s.get_ref(), streams) {
                Some(name) => {
                    member_of.insert(name);
                }
                None => self.problem(
                    &s.span(),
                    format!("{key}.streams"),
                    format!(
                        "unknown stream '{}'; the team's streams are: {}",
                        s.get_ref(),
                        if streams.is_empty() {
                            "none defined".into()
                        } else {
                            streams.join(", ")
                        }
                    ),
                ),
            }
        }
        let mut job_plans = Vec::new();
        match (c.job_plan, c.job_plans) {
            (Some(grid), Some(versions)) => {
                let span = versions.first().map_or(grid.span(), |v| v.span());
                self.problem(
                    &span,
                    format!("{key}.job_plans"),
                    "give job_plan (one grid) or [[clinicians.job_plans]] (versions), not both",
                );
            }
            (Some(grid), None) => {
                fields.insert("job_plan", grid.span());
                if let Some(p) =
                    self.grid(grid, 1, None, settings, streams, &format!("{key}.job_plan"))
                {
                    job_plans.push(p);
                }
            }
            (None, Some(versions)) => {
                for (v, rv) in versions.into_iter().enumerate() {
                    let vkey = format!("{key}.job_plans[{}]", v + 1);
                    let span = rv.span();
                    let rv = rv.into_inner();
                    let version = match &rv.version {
                        Some(n) => u32::try_from(*n.get_ref())
                            .ok()
                            .filter(|n| *n > 0)
                            .unwrap_or_else(|| {
                                self.problem(
                                    &n.span(),
                                    format!("{vkey}.version"),
                                    "a version is a whole number from 1",
                                );
                                0
                            }),
                        None => u32::try_from(v + 1).unwrap_or(u32::MAX),
                    };
                    if job_plans.iter().any(|p: &JobPlan| p.version == version) {
                        self.problem(
                            &span,
                            format!("{vkey}.version"),
                            format!("job plan version {version} appears twice"),
                        );
                    }
                    let from = rv
                        .applies_from
                        .as_ref()
                        .and_then(|d| self.date(d, &format!("{vkey}.applies_from")));
                    if let Some(p) = self.grid(
                        rv.grid,
                        version,
                        from,
                        settings,
                        streams,
                        &format!("{vkey}.grid"),
                    ) {
                        job_plans.push(p);
                    }
                }
            }
            (None, None) => {}
        }
        if let (Some(ini), Some(periods)) = (&initials, &c.leave) {
            for (n, period) in periods.iter().enumerate() {
                let lkey = format!("{key}.leave[{}]", n + 1);
                let first = self.date(&period.get_ref().first_day, &format!("{lkey}.first_day"));
                let last = self.date(&period.get_ref().last_day, &format!("{lkey}.last_day"));
                if let (Some(first_day), Some(last_day)) = (first, last) {
                    self.leave.push((
                        Leave {
                            clinician: ini.clone(),
                            first_day,
                            last_day,
                        },
                        period.span(),
                        lkey,
                    ));
                }
            }
        }
        // A clinician who says nothing about Choice does it when their plan has Choice sessions.
        let does_choice = c.does_choice.unwrap_or_else(|| {
            if settings.choice_allocation == ChoicePolicy::Manual {
                choice_allocation.is_some_and(|n| n > 0)
            } else {
                job_plans.iter().any(|p| p.counts().choice > 0)
            }
        });
        let failed = self.problems.len() > before;
        Some(Clinician {
            initials: initials?,
            name: c.name.into_inner().trim().to_string(),
            discipline: c
                .discipline
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            fte: fte.unwrap_or(Fte::FULL),
            skills,
            streams: member_of,
            does_choice,
            choice_allocation,
            start_date,
            leaving_date,
            job_plans,
        })
        .map(|c| if failed { shadow(c) } else { c })
    }

    pub fn grid(
        &mut self,
        grid: raw::RawGrid,
        version: u32,
        applies_from: Option<NaiveDate>,
        settings: &TeamSettings,
        streams: &[String],
        key: &str,
    ) -> Option<JobPlan> {
        let layout = &settings.layout;
        let rows = grid.get_ref();
        if let Err(e) =
            job_plan::check_shape(rows.iter().map(|r| r.get_ref().len()), rows.len(), layout)
        {
            let span = match &e {
                job_plan::GridError::Columns { row, .. } => rows[row - 1].span(),
                job_plan::GridError::Rows { .. } => grid.span(),
            };
            self.problem(
                &span,
                key,
                format!("{e} (one row per session, {})", layout.days_in_words()),
            );
            return None;
        }
        let mut cells = Vec::new();
        let mut ok = true;
        for (r, row) in rows.iter().enumerate() {
            let mut out = Vec::new();
            for (d, cell) in row.get_ref().iter().enumerate() {
                let place = format!("{key}[{}][{}]", r + 1, d + 1);
                match cell.get_ref() {
                    RawCell::Text(text) => match Activity::read_cell(text, streams) {
                        Ok(read) => {
                            match read.reading {
                                Reading::AsWritten => {}
                                Reading::Inferred(how) => self.reading(&cell.span(), place, how),
                                Reading::Unplaced(why) => self.warning(
                                    &cell.span(),
                                    place,
                                    format!(
                                        "{why}; write {{ label = \"{}\", category = \"...\" }} to say what it is, or Core, Choice or Specific: <stream>",
                                        text.trim()
                                    ),
                                ),
                            }
                            out.push(read.activity);
                        }
                        Err(e) => {
                            ok = false;
                            self.problem(&cell.span(), place, e.to_string());
                        }
                    },
                    RawCell::Table { label, category } => {
                        let category = match category {
                            Some(c) => OtherCategory::parse(c).unwrap_or_else(|| {
                                ok = false;
                                let ids: Vec<&str> =
                                    OtherCategory::ALL.iter().map(|c| c.id()).collect();
                                self.problem(
                                    &cell.span(),
                                    place.clone(),
                                    format!(
                                        "unknown category '{c}'; expected one of: {}",
                                        ids.join(", ")
                                    ),
                                );
                                OtherCategory::Other
                            }),
                            None => OtherCategory::infer(label),
                        };
                        if let Err(e) = limits::check_text(TextField::CellLabel, label.trim()) {
                            ok = false;
                            self.problem(&cell.span(), place.clone(), e.to_string());
                        }
                        out.push(Activity::Other {
                            label: label.trim().to_string(),
                            category,
                        });
                    }
                }
            }
            cells.push(out);
        }
        if !ok {
            return None;
        }
        JobPlan::new(version, applies_from, cells, layout)
            .map_err(|e| self.problem(&grid.span(), key, e.to_string()))
            .ok()
    }

    pub fn date(&mut self, value: &Spanned<toml::Value>, key: &str) -> Option<NaiveDate> {
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) => dt.date.filter(|_| dt.time.is_none()).and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }),
            toml::Value::String(s) => parse_date(s),
            _ => None,
        };
        match parsed.map(|d| limits::check_date("the date", d).map(|()| d)) {
            None => {
                self.problem(
                    &value.span(),
                    key,
                    "expected a date: 2026-09-30 (TOML date) or \"30/09/2026\"",
                );
                None
            }
            Some(Err(e)) => {
                self.problem(&value.span(), key, e.to_string());
                None
            }
            Some(Ok(d)) => Some(d),
        }
    }
}

/// A clinician with problems of their own still takes part in the team's checks
/// (duplicate initials), stripped of everything that could raise a second,
/// derived error.
fn shadow(c: Clinician) -> Clinician {
    Clinician {
        streams: BTreeSet::new(),
        does_choice: false,
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: Vec::new(),
        ..c
    }
}
