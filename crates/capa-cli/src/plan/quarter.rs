//! `capa plan capacity` for one quarter: the table and the CSV.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use capa_core::explain::{about, n2, noun, percent};
use capa_core::{CapacityReport, Team};

use super::{cell, join_map};
use crate::table::Table;

fn share(x: Option<f64>) -> String {
    x.map_or("-".into(), percent)
}

pub(super) fn quarter_table(r: &CapacityReport, explain: bool) -> String {
    let t = &r.team;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({} to {})\n",
        t.name,
        r.quarter,
        r.starts.format("%d/%m/%Y"),
        r.ends.format("%d/%m/%Y")
    );
    let mut table = Table::new(
        &[
            "Clinician",
            "FTE",
            "Plan",
            "Choice",
            "Core",
            "Specific",
            "Other",
            "Core of Core+Spec",
            "New Core",
            "Specific targets",
            "Choice alloc",
            "Plan holds",
        ],
        &[
            false, true, false, true, true, false, true, true, true, false, true, false,
        ],
    );
    for c in &r.clinicians {
        table.row(vec![
            format!("{} {}", c.initials, c.name),
            n2(c.fte),
            c.job_plan_version
                .map_or("none".into(), |v| format!("v{v}")),
            c.choice_sessions.to_string(),
            c.core_sessions.to_string(),
            join_map(&c.specific_sessions),
            c.other_sessions.to_string(),
            share(c.core_specific_share),
            c.new_core_target.to_string(),
            join_map(&c.specific_targets),
            if c.does_choice {
                c.choice_allocation.to_string()
            } else {
                "opted out".into()
            },
            if !c.does_choice && c.choice_allocation == 0 {
                String::new()
            } else {
                format!(
                    "{}{}",
                    c.choice_capacity,
                    if c.choice_plan_holds { "" } else { " SHORT" }
                )
            },
        ]);
    }
    table.rule();
    table.row(vec![
        format!(
            "Team ({} {})",
            t.clinicians,
            noun(t.clinicians as f64, "clinician", "clinicians")
        ),
        n2(t.fte_total),
        String::new(),
        t.choice_sessions.to_string(),
        t.core_sessions.to_string(),
        join_map(&t.sessions.specific),
        t.sessions.other_total().to_string(),
        share(t.core_specific_share),
        t.new_core_total.to_string(),
        join_map(&t.specific_totals),
        t.choice_allocated.to_string(),
        t.choice_capacity.to_string(),
    ]);
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "\nSessions are per week; targets are new Partnerships to start in the quarter."
    );
    let _ = writeln!(
        out,
        "Core of Core+Spec: each clinician's Core sessions as a share of their Partnership sessions, beside the team's (step 3 of job planning)."
    );
    for c in r
        .clinicians
        .iter()
        .filter(|c| c.new_core_target != c.new_core_quarter_alone)
    {
        let _ = writeln!(
            out,
            "{}: {} new Core this quarter; the quarter alone rounds to {}, the year's cumulative rounding gives {} so that the year adds up.",
            c.initials, c.new_core_target, c.new_core_quarter_alone, c.new_core_target
        );
    }
    let _ = writeln!(out, "Core multiplier: {}\n", t.explain.core_multiplier);

    let mut figures = Table::new(&["Team figure", "Value", "How"], &[false, true, false]);
    let e = &t.explain;
    let mut fig = |name: &str, value: String, how: &capa_core::Explanation| {
        figures.row(vec![name.to_string(), value, how.working.clone()]);
    };
    fig(
        "Choice needed this quarter",
        t.choice_needed.to_string(),
        &e.choice_needed,
    );
    fig(
        "Choice needed a week",
        about(t.choice_needed_per_week),
        &e.choice_needed_per_week,
    );
    fig(
        &format!(
            "Choice sessions needed a week (the plans have {})",
            t.choice_sessions
        ),
        t.choice_sessions_needed.to_string(),
        &e.choice_sessions_needed,
    );
    fig(
        "Core demand (new Core Partnerships needed)",
        about(t.core_demand),
        &e.core_demand,
    );
    fig(
        "New Core Partnerships offered",
        t.new_core_total.to_string(),
        &e.new_core_total,
    );
    fig(
        if t.core_surplus < 0.0 {
            "Shortfall against Core demand"
        } else {
            "Surplus over Core demand"
        },
        about(t.core_surplus.abs()),
        &e.core_surplus,
    );
    fig(
        &format!(
            "Balance ratio (CAPA {}-{})",
            n2(t.balance_band.low),
            n2(t.balance_band.high)
        ),
        t.balance_ratio.map_or("-".into(), n2),
        &e.balance_ratio,
    );
    fig(
        &format!(
            "Choice + Core share (CAPA {}-{})",
            percent(t.choice_core_share_band.low),
            percent(t.choice_core_share_band.high)
        ),
        t.choice_core_share.map_or("-".into(), percent),
        &e.choice_core_share,
    );
    fig(
        "Core share of Partnership sessions",
        share(t.core_specific_share),
        &e.core_specific_share,
    );
    out.push_str(&figures.render());

    if r.warnings.is_empty() {
        out.push_str("\nNo warnings.\n");
    } else {
        out.push_str("\nWarnings:\n");
        for w in &r.warnings {
            let _ = writeln!(out, "  - {}", w.message);
        }
    }
    if explain {
        out.push_str("\nHow each figure was computed:\n");
        for (k, e) in t.explain.iter() {
            let _ = writeln!(out, "  team.{k}: {e}");
        }
        for c in &r.clinicians {
            let _ = writeln!(out, "\n  {} {}:", c.initials, c.name);
            for (k, e) in c.explain.iter() {
                let _ = writeln!(out, "    {k}: {e}");
            }
        }
    } else {
        out.push_str("\nAdd --explain to see how every figure was computed (docs/method.md explains the method).\n");
    }
    out
}

pub(super) fn quarter_csv(team: &Team, r: &CapacityReport) -> Result<String> {
    let streams = team.settings.stream_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "quarter",
        "initials",
        "name",
        "fte",
        "job_plan_version",
        "choice_sessions",
        "core_sessions",
    ]
    .map(String::from)
    .to_vec();
    header.extend(streams.iter().map(|s| format!("specific_sessions:{s}")));
    header.extend(["other_sessions", "core_multiplier", "new_core_target"].map(String::from));
    header.extend(streams.iter().map(|s| format!("specific_target:{s}")));
    header.extend(
        [
            "does_choice",
            "choice_allocation",
            "choice_capacity",
            "choice_plan_holds",
        ]
        .map(String::from),
    );
    w.write_record(&header)?;
    for c in &r.clinicians {
        let mut row = vec![
            r.quarter.to_string(),
            cell(c.initials.as_str()),
            cell(&c.name),
            n2(c.fte),
            c.job_plan_version.map_or(String::new(), |v| v.to_string()),
            c.choice_sessions.to_string(),
            c.core_sessions.to_string(),
        ];
        row.extend(
            streams
                .iter()
                .map(|s| c.specific_sessions.get(s).copied().unwrap_or(0).to_string()),
        );
        row.extend([
            c.other_sessions.to_string(),
            n2(c.core_multiplier),
            c.new_core_target.to_string(),
        ]);
        row.extend(
            streams
                .iter()
                .map(|s| c.specific_targets.get(s).copied().unwrap_or(0).to_string()),
        );
        row.extend([
            c.does_choice.to_string(),
            c.choice_allocation.to_string(),
            c.choice_capacity.to_string(),
            c.choice_plan_holds.to_string(),
        ]);
        w.write_record(&row)?;
    }
    String::from_utf8(w.into_inner().context("writing CSV")?).context("CSV is UTF-8")
}
