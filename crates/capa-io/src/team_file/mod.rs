//! The team plan file: a whole team in one TOML file (see `docs/team-file.md`).
//!
//! Reading collects every problem it can find, each with the file, line,
//! column and key, rather than stopping at the first. Keys it does not know are
//! reported as warnings and ignored, so files written by newer versions or by
//! other programs keep working.

mod place;
mod raw;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use capa_core::activity::{Activity, OtherCategory};
use capa_core::clinician::{SkillLevel, skill_domain};
use capa_core::demand::DemandSettings;
use capa_core::job_plan::{self, JobPlan};
use capa_core::limits::{self, TextField};
use capa_core::settings::{Band, ChoicePolicy, MultiplierRule, Stream, TeamSettings, WorkingWeeks};
use capa_core::team::Place;
use capa_core::{Clinician, Fte, Initials, SessionLayout, Team};
use chrono::NaiveDate;
use thiserror::Error;
use toml::Spanned;

use place::Lines;
use raw::{RawCell, RawClinician, RawFile, RawTeam};

pub use write::to_toml;

/// A team read from a file, with the warnings met on the way.
#[derive(Debug, Clone)]
pub struct TeamFile {
    /// The team, checked as a whole.
    pub team: Team,
    /// Settings of the demand analysis (`[team.demand]`), with the multiplier's
    /// inputs taken from the team's own settings unless the table sets them.
    pub demand: DemandSettings,
    /// Things that did not stop the reading: unknown keys, values ignored.
    pub warnings: Vec<Problem>,
}

/// One problem in a team file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line (0 when the problem is with the file as a whole).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key concerned, e.g. `clinicians[2].fte` (empty for syntax errors).
    pub key: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// A team file that could not be read, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct TeamFileError {
    /// The file's name as given.
    pub file: String,
    /// The problems, in the order of the file.
    pub problems: Vec<Problem>,
    /// Warnings met before the reading stopped (an unknown key may be a misspelt one).
    pub warnings: Vec<Problem>,
}

impl Problem {
    /// The problem as `file:line:column: key: message`.
    pub fn display_in(&self, file: &str) -> String {
        let mut s = String::from(file);
        if self.line > 0 {
            s.push_str(&format!(":{}:{}", self.line, self.column));
        }
        s.push_str(": ");
        if !self.key.is_empty() {
            s.push_str(&self.key);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        s
    }
}

impl fmt::Display for TeamFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .problems
            .iter()
            .map(|p| p.display_in(&self.file))
            .collect();
        f.write_str(&lines.join("\n"))
    }
}

/// The largest team file capa reads: a team of a hundred clinicians with
/// several job-plan versions each is a few hundred kilobytes. The web
/// application uses it as its upload limit (a server setting) and `load`
/// refuses bigger files before reading them.
pub const MAX_TEAM_FILE_BYTES: usize = 1024 * 1024;

/// A team file too big to read, as the error `load` gives and an upload
/// limit can give too.
pub fn too_big(file: &str, bytes: u64, max: usize) -> TeamFileError {
    TeamFileError {
        file: file.to_string(),
        problems: vec![Problem {
            line: 0,
            column: 0,
            key: String::new(),
            message: format!(
                "the file has {bytes} bytes; a team file has at most {max} ({} KiB)",
                max / 1024
            ),
        }],
        warnings: Vec::new(),
    }
}

/// Reads and checks a team file of at most [`MAX_TEAM_FILE_BYTES`].
pub fn load(path: &Path) -> Result<TeamFile, TeamFileError> {
    let file = path.display().to_string();
    let unreadable = |e: std::io::Error| TeamFileError {
        file: file.clone(),
        problems: vec![Problem {
            line: 0,
            column: 0,
            key: String::new(),
            message: format!("cannot read the file: {e}"),
        }],
        warnings: Vec::new(),
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_TEAM_FILE_BYTES as u64 {
        return Err(too_big(&file, size, MAX_TEAM_FILE_BYTES));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let source = String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        TeamFileError {
            file: file.clone(),
            problems: vec![Problem {
                line,
                column: 1,
                key: String::new(),
                message: "the file is not UTF-8 text; save it as UTF-8 (TOML files must be)".into(),
            }],
            warnings: Vec::new(),
        }
    })?;
    parse(&source, &file)
}

/// Reads and checks a team file's text; `file` names it in messages.
pub fn parse(source: &str, file: &str) -> Result<TeamFile, TeamFileError> {
    let lines = Lines::new(source);
    let fail = |span: Option<Range<usize>>, message: String| {
        let (line, column) = span.map_or((0, 0), |s| lines.locate(s.start));
        TeamFileError {
            file: file.to_string(),
            problems: vec![Problem {
                line,
                column,
                key: String::new(),
                message,
            }],
            warnings: Vec::new(),
        }
    };
    let de = toml::de::Deserializer::parse(source)
        .map_err(|e| fail(e.span(), e.message().to_string()))?;
    let mut ignored = Vec::new();
    let raw: RawFile =
        serde_ignored::deserialize(de, |path| ignored.push(clean_path(&path.to_string())))
            .map_err(|e| fail(e.span(), explain_serde(e.message())))?;
    let mut r = Reader {
        lines: &lines,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    r.warnings.extend(unknown_keys(source, ignored));
    let demand_table = raw.team.get_ref().demand.clone();
    let team = r.team(raw);
    let demand = team
        .as_ref()
        .and_then(|t| r.demand(&t.settings, demand_table.as_ref()));
    let mut problems = r.problems;
    problems.sort_by_key(|p| (p.line, p.column));
    match team {
        Some(team) if problems.is_empty() => Ok(TeamFile {
            team,
            demand: demand.unwrap_or_default(),
            warnings: r.warnings,
        }),
        _ => Err(TeamFileError {
            file: file.to_string(),
            problems,
            warnings: r.warnings,
        }),
    }
}

/// serde_ignored's paths carry toml's private span markers; drop them.
fn clean_path(path: &str) -> String {
    path.split('.')
        .filter(|seg| !seg.starts_with("$__serde_spanned"))
        .map(|seg| {
            if seg.chars().all(|c| c.is_ascii_digit()) {
                format!("[{}]", seg.parse::<usize>().map_or(0, |n| n + 1))
            } else {
                format!(".{seg}")
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// Unknown keys listed one by one before the rest are counted in one warning.
pub const MAX_UNKNOWN_KEY_WARNINGS: usize = 20;

/// The warnings for unknown keys: the first [`MAX_UNKNOWN_KEY_WARNINGS`] with
/// their lines, then one that counts the rest. One pass over the file finds
/// every key's line, so a file of many unknown keys costs no more than one
/// of many known ones.
fn unknown_keys(source: &str, paths: Vec<String>) -> Vec<Problem> {
    if paths.is_empty() {
        return Vec::new();
    }
    let lines = KeyLines::new(source);
    let mut warnings = Vec::new();
    let total = paths.len();
    for key in paths.into_iter().take(MAX_UNKNOWN_KEY_WARNINGS) {
        let (line, column) = lines.find(&key);
        warnings.push(Problem {
            line,
            column,
            message: "unknown key, ignored (see docs/team-file.md for the keys capa reads)".into(),
            key,
        });
    }
    if total > MAX_UNKNOWN_KEY_WARNINGS {
        let more = total - MAX_UNKNOWN_KEY_WARNINGS;
        warnings.push(Problem {
            line: 0,
            column: 0,
            key: String::new(),
            message: format!(
                "{more} more unknown key{}, ignored ({total} in all; the first {MAX_UNKNOWN_KEY_WARNINGS} are listed)",
                if more == 1 { "" } else { "s" }
            ),
        });
    }
    warnings
}

/// Where each key is first written as `key = ...` at the start of a line.
/// Ambiguous keys (several tables with the same key) get their first place.
struct KeyLines<'a> {
    first: HashMap<&'a str, (usize, usize)>,
}

impl<'a> KeyLines<'a> {
    fn new(source: &'a str) -> Self {
        let mut first = HashMap::new();
        for (i, line) in source.lines().enumerate() {
            let t = line.trim_start();
            let Some((key, _)) = t.split_once('=') else {
                continue;
            };
            let key = key.trim_end();
            let key = key
                .strip_prefix('"')
                .and_then(|k| k.strip_suffix('"'))
                .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                .unwrap_or(key);
            first
                .entry(key)
                .or_insert((i + 1, line.len() - t.len() + 1));
        }
        Self { first }
    }

    /// The line and column of the last segment of a key path
    /// (`clinicians[2].extra` is found as `extra = ...`); `(0, 0)` when not found.
    fn find(&self, path: &str) -> (usize, usize) {
        let key = path.rsplit('.').next().unwrap_or(path);
        let key = key.split('[').next().unwrap_or(key);
        self.first.get(key).copied().unwrap_or((0, 0))
    }
}

/// Makes serde's type messages speak the file's language.
fn explain_serde(message: &str) -> String {
    message
        .replace("invalid type: ", "wrong type: found ")
        .replace("missing field", "missing key")
        .replace("unknown variant", "unknown value")
}

struct Reader<'a> {
    lines: &'a Lines,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// Where each keyed value of one table was.
type FieldSpans = HashMap<&'static str, Range<usize>>;

/// Where each value was, so that the team's own checks can name lines.
#[derive(Default)]
struct Spans {
    settings: HashMap<&'static str, Range<usize>>,
    team: Range<usize>,
    streams: Vec<(Range<usize>, FieldSpans)>,
    clinicians: Vec<(usize, Range<usize>, FieldSpans)>,
}

impl Reader<'_> {
    fn problem(&mut self, span: &Range<usize>, key: impl Into<String>, message: impl Into<String>) {
        let (line, column) = self.lines.locate(span.start);
        self.problems.push(Problem {
            line,
            column,
            key: key.into(),
            message: message.into(),
        });
    }

    fn warning(&mut self, span: &Range<usize>, key: impl Into<String>, message: impl Into<String>) {
        let (line, column) = self.lines.locate(span.start);
        self.warnings.push(Problem {
            line,
            column,
            key: key.into(),
            message: message.into(),
        });
    }

    fn team(&mut self, raw: RawFile) -> Option<Team> {
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
        match Team::new(settings, clinicians) {
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

    /// The demand analysis settings: defaults, then the team's working weeks
    /// and appointments per session, then what `[team.demand]` states.
    fn demand(
        &mut self,
        s: &TeamSettings,
        table: Option<&Spanned<toml::Table>>,
    ) -> Option<DemandSettings> {
        let mut base = DemandSettings {
            working_weeks_per_quarter: s.working_weeks_per_quarter().0,
            ..DemandSettings::default()
        };
        if let MultiplierRule::Derived {
            appointments_per_session,
            ..
        } = s.core_multiplier
        {
            base.appointments_per_session = appointments_per_session;
        }
        let Some(table) = table else {
            return Some(base);
        };
        let mut merged = match toml::Table::try_from(&base) {
            Ok(t) => t,
            Err(e) => {
                self.problem(&table.span(), "team.demand", e.to_string());
                return None;
            }
        };
        for (k, v) in table.get_ref() {
            merged.insert(k.clone(), v.clone());
        }
        match toml::Value::Table(merged).try_into::<DemandSettings>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem(&table.span(), "team.demand", explain_serde(e.message()));
                None
            }
        }
    }

    fn settings(
        &mut self,
        t: RawTeam,
        raw_streams: &[Spanned<raw::RawStream>],
        spans: &mut Spans,
    ) -> TeamSettings {
        let mut s = TeamSettings::new(t.name.get_ref().trim());
        if t.name.get_ref().trim().is_empty() {
            self.problem(&t.name.span(), "team.name", "the team needs a name");
        }
        if let Some(l) = &t.layout {
            match SessionLayout::builtin(l.get_ref()) {
                Some(layout) => s.layout = layout,
                None => self.problem(
                    &l.span(),
                    "team.layout",
                    format!(
                        "unknown layout '{}'; expected one of: {}",
                        l.get_ref(),
                        SessionLayout::BUILTIN_IDS.join(", ")
                    ),
                ),
            }
        }
        macro_rules! take {
            ($field:ident, $name:literal, $target:expr) => {
                if let Some(v) = &t.$field {
                    spans.settings.insert($name, v.span());
                    $target = *v.get_ref();
                }
            };
        }
        take!(
            accepted_referrals_per_week,
            "accepted_referrals_per_week",
            s.accepted_referrals_per_week
        );
        take!(
            conversion_to_core,
            "conversion_to_core",
            s.conversion_to_core
        );
        take!(hours_per_week, "hours_per_week", s.hours_per_week);
        take!(
            choice_appointments_per_session,
            "choice_appointments_per_session",
            s.choice_appointments_per_session
        );
        if let Some(m) = &t.year_start_month {
            spans.settings.insert("year_start_month", m.span());
            s.year_start_month = u32::try_from(*m.get_ref()).unwrap_or(0);
        }
        if let Some(tz) = &t.time_zone {
            match capa_core::Zone::parse(tz.get_ref()) {
                Ok(zone) => s.time_zone = zone,
                Err(e) => self.problem(&tz.span(), "team.time_zone", e.to_string()),
            }
        }
        if let Some(w) = &t.diary_notice_weeks {
            match u32::try_from(*w.get_ref()) {
                Ok(v) => s.diary_notice_weeks = v,
                Err(_) => self.problem(
                    &w.span(),
                    "team.diary_notice_weeks",
                    "weeks of notice must be a whole number 0 or more",
                ),
            }
        }
        for (band, name, target) in [
            (&t.balance_band, "team.balance_band", &mut s.balance_band),
            (
                &t.choice_core_share_band,
                "team.choice_core_share_band",
                &mut s.choice_core_share_band,
            ),
        ] {
            if let Some(b) = band {
                let [low, high] = *b.get_ref();
                if low.is_finite() && high.is_finite() && 0.0 <= low && low <= high {
                    *target = Band { low, high };
                } else {
                    self.problem(
                        &b.span(),
                        name,
                        format!("a band is [low, high] with 0 <= low <= high, not [{low}, {high}]"),
                    );
                }
            }
        }
        let days = [&t.annual_leave_days, &t.public_holidays, &t.study_days];
        if days.iter().any(|d| d.is_some()) {
            let get = |d: &Option<Spanned<f64>>| d.as_ref().map_or(0.0, |v| *v.get_ref());
            for (d, name) in days
                .iter()
                .zip(["annual_leave_days", "public_holidays", "study_days"])
            {
                if let Some(v) = d {
                    spans.settings.insert(name, v.span());
                }
            }
            if let Some(w) = &t.working_weeks_per_quarter {
                self.problem(&w.span(), "team.working_weeks_per_quarter", "give working_weeks_per_quarter or the days away (annual_leave_days, public_holidays, study_days), not both");
            }
            s.working_weeks = WorkingWeeks::FromDaysAway {
                annual_leave_days: get(&t.annual_leave_days),
                public_holidays: get(&t.public_holidays),
                study_days: get(&t.study_days),
            };
        } else if let Some(w) = &t.working_weeks_per_quarter {
            spans.settings.insert("working_weeks_per_quarter", w.span());
            s.working_weeks = WorkingWeeks::Fixed {
                weeks: *w.get_ref(),
            };
        }
        if let Some(p) = &t.choice_allocation {
            match ChoicePolicy::parse(p.get_ref()) {
                Some(policy) => s.choice_allocation = policy,
                None => self.problem(
                    &p.span(),
                    "team.choice_allocation",
                    format!(
                        "unknown Choice allocation '{}'; expected equal, fte or manual",
                        p.get_ref()
                    ),
                ),
            }
        }
        match (&t.core_multiplier, &t.derive) {
            (Some(m), Some(d)) => {
                self.problem(
                    &d.span(),
                    "team.derive",
                    "give core_multiplier or [team.derive], not both",
                );
                spans.settings.insert("multiplier", m.span());
            }
            (Some(m), None) => {
                spans.settings.insert("multiplier", m.span());
                s.core_multiplier = MultiplierRule::Fixed {
                    value: *m.get_ref(),
                };
            }
            (None, Some(d)) => {
                if let Some(rule) =
                    self.derived(d.get_ref(), &d.span(), "team.derive", &mut spans.settings)
                {
                    s.core_multiplier = rule;
                }
            }
            (None, None) => {}
        }
        for (i, rs) in raw_streams.iter().enumerate() {
            let mut fields = HashMap::new();
            let st = rs.get_ref();
            fields.insert("name", st.name.span());
            let key = format!("streams[{}]", i + 1);
            let multiplier = match (&st.multiplier, &st.average_appointments) {
                (Some(m), Some(a)) => {
                    self.problem(
                        &a.span(),
                        format!("{key}.average_appointments"),
                        "give multiplier or average_appointments, not both",
                    );
                    fields.insert("multiplier", m.span());
                    None
                }
                (Some(m), None) => {
                    fields.insert("multiplier", m.span());
                    Some(MultiplierRule::Fixed {
                        value: *m.get_ref(),
                    })
                }
                (None, Some(_)) => {
                    let d = raw::RawDerive {
                        appointments_per_session: st.appointments_per_session.clone(),
                        working_weeks_per_quarter: st.working_weeks_per_quarter.clone(),
                        average_appointments: st.average_appointments.clone(),
                    };
                    self.derived(&d, &rs.span(), &key, &mut fields)
                }
                (None, None) => {
                    self.warning(&rs.span(), key, format!(
                        "stream '{}' sets neither multiplier nor average_appointments, so the Core multiplier applies", st.name.get_ref()));
                    None
                }
            };
            spans.streams.push((rs.span(), fields));
            s.streams.push(Stream {
                name: st.name.get_ref().trim().to_string(),
                multiplier,
            });
        }
        s
    }

    fn derived(
        &mut self,
        d: &raw::RawDerive,
        span: &Range<usize>,
        key: &str,
        fields: &mut HashMap<&'static str, Range<usize>>,
    ) -> Option<MultiplierRule> {
        let Some(avg) = &d.average_appointments else {
            self.problem(span, format!("{key}.average_appointments"), "a derived multiplier needs average_appointments (the average appointments per episode)");
            return None;
        };
        fields.insert("average_appointments", avg.span());
        if let Some(a) = &d.appointments_per_session {
            fields.insert("appointments_per_session", a.span());
        }
        if let Some(w) = &d.working_weeks_per_quarter {
            fields.insert("working_weeks_per_quarter", w.span());
        }
        Some(MultiplierRule::Derived {
            appointments_per_session: d
                .appointments_per_session
                .as_ref()
                .map_or(2.0, |a| *a.get_ref()),
            working_weeks_per_quarter: d.working_weeks_per_quarter.as_ref().map(|w| *w.get_ref()),
            average_appointments: *avg.get_ref(),
        })
    }

    fn clinician(
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

    fn grid(
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
                format!("{e} (one row per session, Monday to Friday)"),
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
                    RawCell::Text(text) => match Activity::parse_cell(text, streams) {
                        Ok(a) => out.push(a),
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

    fn date(&mut self, value: &Spanned<toml::Value>, key: &str) -> Option<NaiveDate> {
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

/// Reads a date written as ISO (`2026-09-30`) or as New Zealand and UK write it (`30/09/2026`).
pub use capa_core::dates::parse_date;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_span_markers() {
        assert_eq!(
            clean_path("clinicians.0.$__serde_spanned_private_value.extra"),
            "clinicians[1].extra"
        );
        assert_eq!(
            clean_path("team.$__serde_spanned_private_value.bogus"),
            "team.bogus"
        );
    }

    #[test]
    fn dates_in_both_spellings() {
        assert_eq!(
            parse_date("30/09/2026"),
            NaiveDate::from_ymd_opt(2026, 9, 30)
        );
        assert_eq!(
            parse_date("2026-09-30"),
            NaiveDate::from_ymd_opt(2026, 9, 30)
        );
        assert_eq!(parse_date("31/02/2026"), None);
    }
}
