//! The `[team]` table and `[[streams]]`: the team's settings, its session
//! layout (a built-in one or the team's own) and its Specific streams.

use std::collections::HashMap;
use std::ops::Range;

use capa_core::SessionLayout;
use capa_core::diary::HolidayCalendar;
use capa_core::layout::{Block, BlockKind, parse_block_kind, parse_weekday};
use capa_core::settings::{Band, ChoicePolicy, MultiplierRule, Stream, TeamSettings, WorkingWeeks};
use chrono::NaiveTime;
use toml::Spanned;

use super::explain_serde;
use super::raw::{self, LayoutPass, RawTeam};
use super::reader::{Reader, Spans};

impl Reader<'_> {
    pub fn settings(
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
            spans.settings.insert("layout", l.span());
            match l.get_ref() {
                toml::Value::String(id) => match SessionLayout::builtin(id) {
                    Some(layout) => s.layout = layout,
                    None => self.problem(
                        &l.span(),
                        "team.layout",
                        format!(
                            "unknown layout '{id}'; expected one of: {}, or a table with the team's own days and blocks",
                            SessionLayout::BUILTIN_IDS.join(", ")
                        ),
                    ),
                },
                toml::Value::Table(_) => {
                    if let Some(layout) = self.custom_layout(&l.span()) {
                        s.layout = layout;
                    }
                }
                _ => self.problem(
                    &l.span(),
                    "team.layout",
                    "expected a layout's id (nz-four-session, uk-half-day) or a table with the team's own days and blocks",
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
        for (value, key, target, what) in [
            (
                &t.diary_notice_weeks,
                "team.diary_notice_weeks",
                &mut s.diary_notice_weeks,
                "weeks of notice",
            ),
            (
                &t.long_leave_weeks,
                "team.long_leave_weeks",
                &mut s.long_leave_weeks,
                "weeks of leave that count as long leave",
            ),
            (
                &t.reoffer_working_days,
                "team.reoffer_working_days",
                &mut s.reoffer_working_days,
                "working days to re-offer",
            ),
            (
                &t.max_wait_weeks,
                "team.max_wait_weeks",
                &mut s.max_wait_weeks,
                "the limit on the wait to Partnership, in weeks,",
            ),
        ] {
            if let Some(w) = value {
                match u32::try_from(*w.get_ref()) {
                    Ok(v) => *target = v,
                    Err(_) => self.problem(
                        &w.span(),
                        key,
                        format!(
                            "{what} must be a whole number 0 or more, not {}",
                            w.get_ref()
                        ),
                    ),
                }
            }
        }
        if let Some(c) = &t.holiday_calendar {
            match HolidayCalendar::parse(c.get_ref()) {
                Some(calendar) => s.holiday_calendar = calendar,
                None => self.problem(
                    &c.span(),
                    "team.holiday_calendar",
                    format!(
                        "unknown holiday calendar '{}'; expected one of: {}",
                        c.get_ref(),
                        HolidayCalendar::all()
                            .iter()
                            .map(|c| c.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
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
                spans.settings.insert("core_multiplier", m.span());
            }
            (Some(m), None) => {
                spans.settings.insert("core_multiplier", m.span());
                s.core_multiplier = MultiplierRule::Fixed {
                    value: *m.get_ref(),
                };
            }
            (None, Some(d)) => {
                let mut fields = HashMap::new();
                if let Some(rule) = self.derived(d.get_ref(), &d.span(), "team.derive", &mut fields)
                {
                    s.core_multiplier = rule;
                }
                // The Core multiplier's own checks name its fields `derive.*`.
                for (field, span) in fields {
                    let key = match field {
                        "average_appointments" => "derive.average_appointments",
                        "appointments_per_session" => "derive.appointments_per_session",
                        _ => "derive.working_weeks_per_quarter",
                    };
                    spans.settings.insert(key, span);
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

    pub fn derived(
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

    /// A team's own layout from `[team.layout]`: its working days (default
    /// Monday to Friday) and the blocks of its day, each with a label, a
    /// start and an end (`"09:00"`) and a kind (`session` by default,
    /// `buffer`, `lunch`, `admin`); or `based_on` a built-in layout with
    /// other days.
    fn custom_layout(&mut self, span: &Range<usize>) -> Option<SessionLayout> {
        let pass: LayoutPass = match toml::from_str(self.source) {
            Ok(p) => p,
            Err(e) => {
                self.problem(span, "team.layout", explain_serde(e.message()));
                return None;
            }
        };
        let raw = pass.team.layout?.into_inner();
        let before = self.problems.len();
        let base = match &raw.based_on {
            Some(b) => match SessionLayout::builtin(b.get_ref()) {
                Some(l) => Some(l),
                None => {
                    self.problem(
                        &b.span(),
                        "team.layout.based_on",
                        format!(
                            "unknown layout '{}'; expected one of: {}",
                            b.get_ref(),
                            SessionLayout::BUILTIN_IDS.join(", ")
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        let days = match &raw.days {
            Some(days) => days
                .get_ref()
                .iter()
                .filter_map(|d| {
                    parse_weekday(d.get_ref()).or_else(|| {
                        self.problem(
                            &d.span(),
                            "team.layout.days",
                            format!(
                                "'{}' is not a day; write Monday, Tuesday ... or Mon, Tue ...",
                                d.get_ref()
                            ),
                        );
                        None
                    })
                })
                .collect(),
            None => base
                .as_ref()
                .map_or(capa_core::layout::WEEKDAYS.to_vec(), |b| b.days.clone()),
        };
        let blocks = match &raw.blocks {
            Some(blocks) => blocks
                .get_ref()
                .iter()
                .enumerate()
                .filter_map(|(i, b)| self.block(i, b))
                .collect(),
            None => match &base {
                Some(b) => b.blocks.clone(),
                None => {
                    self.problem(
                        span,
                        "team.layout.blocks",
                        "a layout of the team's own needs blocks (or based_on a built-in layout)",
                    );
                    Vec::new()
                }
            },
        };
        if self.problems.len() > before {
            return None;
        }
        let id = raw
            .id
            .as_ref()
            .map(|i| i.get_ref().clone())
            .or_else(|| base.as_ref().map(|b| format!("{}-own", b.id)))
            .unwrap_or_else(|| "team".into());
        let name = raw
            .name
            .as_ref()
            .map(|n| n.get_ref().clone())
            .unwrap_or_else(|| "The team's own layout".into());
        match SessionLayout::custom(id, name, days, blocks) {
            Ok(l) => Some(l),
            Err(e) => {
                let at = raw.blocks.as_ref().map_or(span.clone(), |b| b.span());
                self.problem(&at, "team.layout", e.to_string());
                None
            }
        }
    }

    fn block(&mut self, i: usize, b: &Spanned<raw::RawBlock>) -> Option<Block> {
        let key = format!("team.layout.blocks[{}]", i + 1);
        let b = b.get_ref();
        let time = |r: &mut Self, t: &Spanned<String>, field: &str| {
            let text = t.get_ref().trim();
            NaiveTime::parse_from_str(text, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(text, "%H%M"))
                .map_err(|_| {
                    r.problem(
                        &t.span(),
                        format!("{key}.{field}"),
                        format!("'{text}' is not a time; write it as 09:00"),
                    )
                })
                .ok()
        };
        let start = time(self, &b.start, "start");
        let end = time(self, &b.end, "end");
        let kind = match &b.kind {
            Some(k) => parse_block_kind(k.get_ref()).or_else(|| {
                self.problem(
                    &k.span(),
                    format!("{key}.kind"),
                    format!(
                        "unknown kind '{}'; expected session, buffer, lunch or admin",
                        k.get_ref()
                    ),
                );
                None
            })?,
            None => BlockKind::Session,
        };
        Some(Block {
            label: b.label.get_ref().trim().to_string(),
            start: start?,
            end: end?,
            kind,
        })
    }
}
