//! `capa plan capacity --year`: the planning year's table and CSV, with its
//! warnings and Specific targets; the totals are capa-core's
//! (`YearReport::totals`), as in the XLSX year sheet and the chart.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use capa_core::explain::{about, n2};
use capa_core::{Team, YearReport};

use super::cell;
use crate::table::Table;

pub(super) fn year_table(team: &Team, r: &YearReport, explain: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: planning year {} (cumulative rounding: the quarters add up to the year)\n",
        team.settings.name, r.year
    );
    let mut header = vec!["Clinician".to_string()];
    for q in &r.quarters {
        header.push(format!(
            "Q{} from {}",
            q.number,
            q.start().format("%d/%m/%Y")
        ));
    }
    header.push("Year".into());
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut right = vec![true; h.len()];
    right[0] = false;
    let mut table = Table::new(&h, &right);
    for c in &r.clinicians {
        let mut row = vec![format!("{} {}", c.initials, c.name)];
        row.extend(c.new_core_targets.iter().map(u32::to_string));
        row.push(c.new_core_total.to_string());
        table.row(row);
    }
    table.rule();
    let t = &r.totals;
    let mut row = vec!["Team new Core".to_string()];
    row.extend(r.new_core_targets.iter().map(u32::to_string));
    row.push(t.new_core.to_string());
    table.row(row);
    for (stream, per_quarter) in &r.specific_targets {
        let mut row = vec![format!("Team {stream} Specific")];
        row.extend(per_quarter.iter().map(u32::to_string));
        row.push(t.specific.get(stream).copied().unwrap_or(0).to_string());
        table.row(row);
    }
    let mut row = vec!["Core demand".to_string()];
    row.extend(r.core_demand.iter().map(|d| n2(*d)));
    row.push(n2(t.core_demand));
    table.row(row);
    let mut row = vec!["Surplus (+) or shortfall (-)".to_string()];
    row.extend(t.surplus.iter().map(|d| n2(*d)));
    row.push(n2(t.year_surplus));
    table.row(row);
    let mut row = vec!["Choice needed".to_string()];
    row.extend(r.choice_needed.iter().map(u32::to_string));
    row.push(t.choice_needed.to_string());
    table.row(row);
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "\nThe year: {} new Core Partnerships against a Core demand of {} ({}).",
        t.new_core,
        about(t.core_demand),
        t.explain.year_surplus.working
    );
    let specific: Vec<String> = r
        .clinicians
        .iter()
        .flat_map(|c| {
            c.specific_targets.iter().map(move |(s, v)| {
                format!(
                    "  {} {s}: {} (year {})",
                    c.initials,
                    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
                    v.iter().sum::<u32>()
                )
            })
        })
        .collect();
    if !specific.is_empty() {
        out.push_str("\nSpecific targets by quarter:\n");
        out.push_str(&specific.join("\n"));
        out.push('\n');
    }
    if r.warnings.iter().all(Vec::is_empty) {
        out.push_str("\nNo warnings.\n");
    } else {
        out.push_str("\nWarnings:\n");
        for (q, warnings) in r.quarters.iter().zip(&r.warnings) {
            for w in warnings {
                let _ = writeln!(out, "  - Q{}: {}", q.number, w.message);
            }
        }
    }
    if explain {
        out.push_str("\nHow each clinician's quarters were found:\n");
        for c in &r.clinicians {
            let _ = writeln!(out, "  {}: {}", c.initials, c.explain);
        }
        let _ = writeln!(out, "  team.new_core: {}", t.explain.new_core);
        let _ = writeln!(out, "  team.core_demand: {}", t.explain.core_demand);
        let _ = writeln!(out, "  team.choice_needed: {}", t.explain.choice_needed);
    }
    out
}

pub(super) fn year_csv(team: &Team, r: &YearReport) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["year".to_string(), "initials".into(), "name".into()];
    header.extend(r.quarters.iter().map(|q| format!("new_core_q{}", q.number)));
    header.push("new_core_year".into());
    for s in team.settings.stream_names() {
        header.extend(
            r.quarters
                .iter()
                .map(|q| format!("specific_q{}:{s}", q.number)),
        );
    }
    w.write_record(&header)?;
    for c in &r.clinicians {
        let mut row = vec![r.year.to_string(), cell(c.initials.as_str()), cell(&c.name)];
        row.extend(c.new_core_targets.iter().map(u32::to_string));
        row.push(c.new_core_total.to_string());
        for s in team.settings.stream_names() {
            match c.specific_targets.get(&s) {
                Some(v) => row.extend(v.iter().map(u32::to_string)),
                None => row.extend(r.quarters.iter().map(|_| "0".to_string())),
            }
        }
        w.write_record(&row)?;
    }
    String::from_utf8(w.into_inner().context("writing CSV")?).context("CSV is UTF-8")
}
