//! Writing a team back to the team file format, so a team kept in the web
//! application can be exported and read again by `capa plan`.

use std::fmt::Write;

use capa_core::activity::{Activity, OtherCategory, Reading};
use capa_core::demand::DemandOverrides;
use capa_core::layout::{BlockKind, weekday_name};
use capa_core::settings::{ChoicePolicy, MultiplierRule, WorkingWeeks};
use capa_core::{JobPlan, SessionLayout, Team};

/// Text as a TOML basic string (`"..."` with escapes), which is valid both as
/// a value and as a key. (The toml crate's own formatting picks a literal or
/// multi-line string when the text holds quotes, and a multi-line string
/// cannot be a key: a skill named `it's "core"` could not be read back.)
fn s(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn f(x: f64) -> String {
    toml::Value::Float(x).to_string()
}

fn cell(a: &Activity, streams: &[String]) -> String {
    match a {
        Activity::Core => s(""),
        Activity::Choice => s("Choice"),
        Activity::Specific(stream) => s(&format!("Specific: {stream}")),
        Activity::Other { label, category } => {
            // A label that reads back as the same Other activity, placed by
            // its words, is written as text; otherwise its category is stated.
            let same = Activity::read_cell(label, streams)
                .is_ok_and(|r| !matches!(r.reading, Reading::Unplaced(_)) && &r.activity == a);
            if same {
                s(label)
            } else {
                format!(
                    "{{ label = {}, category = {} }}",
                    s(label),
                    s(category_id(*category))
                )
            }
        }
    }
}

fn category_id(c: OtherCategory) -> &'static str {
    c.id()
}

fn grid(out: &mut String, key: &str, plan: &JobPlan, streams: &[String]) {
    let _ = writeln!(out, "{key} = [");
    for row in plan.grid() {
        let cells: Vec<String> = row.iter().map(|a| cell(a, streams)).collect();
        let _ = writeln!(out, "  [{}],", cells.join(", "));
    }
    out.push_str("]\n");
}

/// A team's own layout as `[team.layout]`.
fn layout_table(out: &mut String, layout: &SessionLayout) {
    out.push_str("\n[team.layout]\n");
    let _ = writeln!(out, "id = {}", s(&layout.id));
    let _ = writeln!(out, "name = {}", s(&layout.name));
    let days: Vec<String> = layout.days.iter().map(|d| s(weekday_name(*d))).collect();
    let _ = writeln!(out, "days = [{}]", days.join(", "));
    out.push_str("blocks = [\n");
    for b in &layout.blocks {
        let kind = match b.kind {
            BlockKind::Session => "session",
            BlockKind::Buffer => "buffer",
            BlockKind::Lunch => "lunch",
            BlockKind::Admin => "admin",
        };
        let _ = writeln!(
            out,
            "  {{ label = {}, start = {}, end = {}, kind = {} }},",
            s(&b.label),
            s(&b.start.format("%H:%M").to_string()),
            s(&b.end.format("%H:%M").to_string()),
            s(kind)
        );
    }
    out.push_str("]\n");
}

fn rule(out: &mut String, r: &MultiplierRule, multiplier_key: &str) {
    match r {
        MultiplierRule::Fixed { value } => {
            let _ = writeln!(out, "{multiplier_key} = {}", f(*value));
        }
        MultiplierRule::Derived {
            appointments_per_session,
            working_weeks_per_quarter,
            average_appointments,
        } => {
            let _ = writeln!(
                out,
                "appointments_per_session = {}",
                f(*appointments_per_session)
            );
            if let Some(w) = working_weeks_per_quarter {
                let _ = writeln!(out, "working_weeks_per_quarter = {}", f(*w));
            }
            let _ = writeln!(out, "average_appointments = {}", f(*average_appointments));
        }
    }
}

/// The team as a team file (TOML) that [`super::parse`] reads back to the same team.
pub fn to_toml(team: &Team) -> String {
    let st = &team.settings;
    let streams = st.stream_names();
    let mut out = String::new();
    out.push_str("# capa team plan file: see docs/team-file.md\n[team]\n");
    let _ = writeln!(out, "name = {}", s(&st.name));
    let builtin = SessionLayout::builtin(&st.layout.id).is_some_and(|b| b == st.layout);
    if builtin {
        let _ = writeln!(out, "layout = {}", s(&st.layout.id));
    }
    let _ = writeln!(out, "year_start_month = {}", st.year_start_month);
    let _ = writeln!(out, "time_zone = {}", s(st.time_zone.name()));
    let _ = writeln!(out, "hours_per_week = {}", f(st.hours_per_week));
    match &st.working_weeks {
        WorkingWeeks::Fixed { weeks } => {
            let _ = writeln!(out, "working_weeks_per_quarter = {}", f(*weeks));
        }
        WorkingWeeks::FromDaysAway {
            annual_leave_days,
            public_holidays,
            study_days,
        } => {
            let _ = writeln!(out, "annual_leave_days = {}", f(*annual_leave_days));
            let _ = writeln!(out, "public_holidays = {}", f(*public_holidays));
            let _ = writeln!(out, "study_days = {}", f(*study_days));
        }
    }
    let _ = writeln!(
        out,
        "accepted_referrals_per_week = {}",
        f(st.accepted_referrals_per_week)
    );
    let _ = writeln!(out, "conversion_to_core = {}", f(st.conversion_to_core));
    let policy = match st.choice_allocation {
        ChoicePolicy::Equal => "equal",
        ChoicePolicy::Fte => "fte",
        ChoicePolicy::Manual => "manual",
    };
    let _ = writeln!(out, "choice_allocation = {}", s(policy));
    let _ = writeln!(
        out,
        "choice_appointments_per_session = {}",
        f(st.choice_appointments_per_session)
    );
    let _ = writeln!(
        out,
        "balance_band = [{}, {}]",
        f(st.balance_band.low),
        f(st.balance_band.high)
    );
    let _ = writeln!(
        out,
        "choice_core_share_band = [{}, {}]",
        f(st.choice_core_share_band.low),
        f(st.choice_core_share_band.high)
    );
    let _ = writeln!(out, "diary_notice_weeks = {}", st.diary_notice_weeks);
    let _ = writeln!(out, "holiday_calendar = {}", s(&st.holiday_calendar.id()));
    let _ = writeln!(out, "long_leave_weeks = {}", st.long_leave_weeks);
    let _ = writeln!(out, "reoffer_working_days = {}", st.reoffer_working_days);
    let _ = writeln!(out, "max_wait_weeks = {}", st.max_wait_weeks);
    if let MultiplierRule::Fixed { .. } = &st.core_multiplier {
        rule(&mut out, &st.core_multiplier, "core_multiplier");
    }
    if !builtin {
        layout_table(&mut out, &st.layout);
    }
    match &st.core_multiplier {
        MultiplierRule::Fixed { .. } => {}
        derived => {
            out.push_str("\n[team.derive]\n");
            rule(&mut out, derived, "core_multiplier");
        }
    }
    for stream in &st.streams {
        out.push_str("\n[[streams]]\n");
        let _ = writeln!(out, "name = {}", s(&stream.name));
        if let Some(r) = &stream.multiplier {
            rule(&mut out, r, "multiplier");
        }
    }
    for c in &team.clinicians {
        out.push_str("\n[[clinicians]]\n");
        let _ = writeln!(out, "initials = {}", s(c.initials.as_str()));
        let _ = writeln!(out, "name = {}", s(&c.name));
        if let Some(d) = &c.discipline {
            let _ = writeln!(out, "discipline = {}", s(d));
        }
        let _ = writeln!(out, "fte = {}", f(c.fte.get()));
        let _ = writeln!(out, "does_choice = {}", c.does_choice);
        if let Some(n) = c.choice_allocation {
            let _ = writeln!(out, "choice_allocation = {n}");
        }
        if let Some(d) = c.start_date {
            let _ = writeln!(out, "start_date = {}", d.format("%Y-%m-%d"));
        }
        if let Some(d) = c.leaving_date {
            let _ = writeln!(out, "leaving_date = {}", d.format("%Y-%m-%d"));
        }
        if !c.skills.is_empty() {
            let skills: Vec<String> = c
                .skills
                .iter()
                .map(|(k, v)| {
                    let level = match v {
                        capa_core::SkillLevel::Core => "core",
                        capa_core::SkillLevel::Advanced => "advanced",
                    };
                    format!("{} = {}", s(k), s(level))
                })
                .collect();
            let _ = writeln!(out, "skills = {{ {} }}", skills.join(", "));
        }
        if !c.streams.is_empty() {
            let names: Vec<String> = c.streams.iter().map(|n| s(n)).collect();
            let _ = writeln!(out, "streams = [{}]", names.join(", "));
        }
        let leave: Vec<String> = team
            .leave
            .iter()
            .filter(|l| l.clinician == c.initials)
            .map(|l| {
                format!(
                    "{{ first_day = {}, last_day = {} }}",
                    l.first_day.format("%Y-%m-%d"),
                    l.last_day.format("%Y-%m-%d")
                )
            })
            .collect();
        if !leave.is_empty() {
            let _ = writeln!(out, "leave = [{}]", leave.join(", "));
        }
        match c.job_plans.as_slice() {
            [] => {}
            [only] if only.version == 1 && only.applies_from.is_none() => {
                grid(&mut out, "job_plan", only, &streams)
            }
            plans => {
                for p in plans {
                    out.push_str("\n[[clinicians.job_plans]]\n");
                    let _ = writeln!(out, "version = {}", p.version);
                    if let Some(d) = p.applies_from {
                        let _ = writeln!(out, "applies_from = {}", d.format("%Y-%m-%d"));
                    }
                    grid(&mut out, "grid", p, &streams);
                }
            }
        }
    }
    out
}

/// A team's `[team.demand]` table as the file states it ("" when it states
/// nothing), to follow [`to_toml`]'s text: the keys left out follow the
/// team's settings when the file is read back.
pub fn demand_table(o: &DemandOverrides) -> String {
    if o.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n[team.demand]\n");
    let whole = [
        ("choice_max_ff", o.choice_max_ff),
        ("core_range_max_ff", o.core_range_max_ff),
        ("histogram_max", o.histogram_max),
        ("weeks_per_quarter", o.weeks_per_quarter),
    ];
    for (key, v) in whole.iter().filter_map(|(k, v)| v.map(|v| (k, v))) {
        let _ = writeln!(out, "{key} = {v}");
    }
    let real = [
        ("appointments_per_session", o.appointments_per_session),
        ("working_weeks_per_quarter", o.working_weeks_per_quarter),
    ];
    for (key, v) in real.iter().filter_map(|(k, v)| v.map(|v| (k, v))) {
        let _ = writeln!(out, "{key} = {}", f(v));
    }
    out
}
