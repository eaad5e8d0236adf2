//! The reader: walks the raw file into core types, collecting every problem
//! with its place, then lets `capa_core::Team::with_leave` check the team
//! as a whole and maps its complaints back to lines.

use std::collections::HashMap;
use std::ops::Range;

use capa_core::demand::DemandOverrides;
use capa_core::team::Place;
use capa_core::{Leave, Team};
use toml::Spanned;

use super::place::Lines;
use super::raw::RawFile;
use super::{Problem, explain_serde};

pub(super) struct Reader<'a> {
    pub lines: &'a Lines,
    pub source: &'a str,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// How cells were read where capa inferred it ("'DBT consult' read as
    /// Other: consultation").
    pub readings: Vec<Problem>,
    /// Each period of leave read, with where it was and its key.
    pub leave: Vec<(Leave, Range<usize>, String)>,
}

/// Where each keyed value of one table was.
pub(super) type FieldSpans = HashMap<&'static str, Range<usize>>;

/// Where each value was, so that the team's own checks can name lines.
#[derive(Default)]
pub(super) struct Spans {
    pub settings: HashMap<&'static str, Range<usize>>,
    pub team: Range<usize>,
    pub streams: Vec<(Range<usize>, FieldSpans)>,
    pub clinicians: Vec<(usize, Range<usize>, FieldSpans)>,
}

impl Reader<'_> {
    fn push(
        list: &mut Vec<Problem>,
        lines: &Lines,
        span: &Range<usize>,
        key: String,
        message: String,
    ) {
        let (line, column) = lines.locate(span.start);
        list.push(Problem {
            line,
            column,
            key,
            message,
        });
    }

    pub fn problem(
        &mut self,
        span: &Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) {
        Self::push(
            &mut self.problems,
            self.lines,
            span,
            key.into(),
            message.into(),
        );
    }

    pub fn warning(
        &mut self,
        span: &Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) {
        Self::push(
            &mut self.warnings,
            self.lines,
            span,
            key.into(),
            message.into(),
        );
    }

    pub fn reading(
        &mut self,
        span: &Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) {
        Self::push(
            &mut self.readings,
            self.lines,
            span,
            key.into(),
            message.into(),
        );
    }

    pub fn team(&mut self, raw: RawFile) -> Option<Team> {
        let mut spans = Spans {
            team: raw.team.span(),
            ..Spans::default()
        };
        let settings = self.settings(raw.team.into_inner(), &raw.streams, &mut spans);
        let streams = settings.stream_names();
        let mut clinicians = Vec::new();
        for (i, rc) in raw.clinicians.into_iter().enumerate() {
            let span = rc.span();
            let mut fields = HashMap::new();
            if let Some(c) = self.clinician(i, rc.into_inner(), &settings, &streams, &mut fields) {
                spans.clinicians.push((i, span, fields));
                clinicians.push(c);
            }
        }
        let leave: Vec<Leave> = self.leave.iter().map(|(l, _, _)| l.clone()).collect();
        match Team::with_leave(settings, clinicians, leave) {
            Ok(team) => Some(team),
            Err(errors) => {
                for e in errors {
                    let (span, key) = match e.place {
                        Place::Settings => (
                            spans
                                .settings
                                .get(e.field)
                                .cloned()
                                .unwrap_or(spans.team.clone()),
                            format!("team.{}", e.field),
                        ),
                        Place::Leave(i) => {
                            let (_, span, key) = &self.leave[i];
                            let field = if e.field == "clinician" { "" } else { e.field };
                            let key = if field.is_empty() {
                                key.clone()
                            } else {
                                format!("{key}.{field}")
                            };
                            (span.clone(), key)
                        }
                        Place::Stream(i) => {
                            let (s, f) = &spans.streams[i];
                            (
                                f.get(e.field).cloned().unwrap_or(s.clone()),
                                format!("streams[{}].{}", i + 1, e.field),
                            )
                        }
                        Place::Clinician(i) => {
                            let (orig, s, f) = &spans.clinicians[i];
                            (
                                f.get(e.field).cloned().unwrap_or(s.clone()),
                                format!("clinicians[{}].{}", orig + 1, e.field),
                            )
                        }
                    };
                    self.problem(&span, key, e.message);
                }
                None
            }
        }
    }

    /// The `[team.demand]` table's keys as stated (empty without one); the
    /// settings they give a team are [`DemandOverrides::resolve`]'s.
    pub fn demand(&mut self, table: Option<&Spanned<toml::Table>>) -> Option<DemandOverrides> {
        let Some(table) = table else {
            return Some(DemandOverrides::default());
        };
        match toml::Value::Table(table.get_ref().clone()).try_into::<DemandOverrides>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem(&table.span(), "team.demand", explain_serde(e.message()));
                None
            }
        }
    }
}
