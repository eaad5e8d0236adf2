//! The "Team job plan" and "Warnings" sheets.

use capa_core::balance::Standing;
use capa_core::explain::{n2, percent};
use capa_core::{CapacityReport, ClinicianCapacity, Team, YearReport};
use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, RowNum, Worksheet, XlsxError, utility::row_col_to_cell,
};

use super::{Formats, figure_format, formula, merged_text, text, wrapped_height};

/// What one clinician's cell in a column holds.
enum Cell {
    Text(String),
    /// Short text centred like the figures around it.
    Tag(String),
    Int(f64),
    Dec(f64),
}

/// What the totals row holds under a column.
enum Total {
    /// Nothing.
    None,
    /// A SUM of the clinicians' cells.
    Sum,
    /// A fixed value (the team's Core multiplier).
    Value(f64),
    /// "Yes" when no clinician's cell says "No".
    NoneSaysNo,
}

/// One column of the clinician table.
struct Column {
    header: String,
    width: f64,
    total: Total,
    cell: Box<dyn Fn(&ClinicianCapacity) -> Cell>,
}

fn column(
    header: impl Into<String>,
    width: f64,
    total: Total,
    cell: impl Fn(&ClinicianCapacity) -> Cell + 'static,
) -> Column {
    Column {
        header: header.into(),
        width,
        total,
        cell: Box::new(cell),
    }
}

fn int(n: u32) -> Cell {
    Cell::Int(f64::from(n))
}

fn columns(streams: &[String], core_multiplier: f64) -> Vec<Column> {
    let mut cols = vec![
        column("Initials", 9.0, Total::None, |c| {
            Cell::Text(c.initials.to_string())
        }),
        column("Name", 26.0, Total::None, |c| Cell::Text(c.name.clone())),
        column("Discipline", 22.0, Total::None, |c| {
            Cell::Text(c.discipline.clone().unwrap_or_default())
        }),
        column("FTE", 8.0, Total::Sum, |c| Cell::Dec(c.fte)),
        column("Job plan version", 9.0, Total::None, |c| {
            c.job_plan_version.map_or(Cell::Tag("none".into()), int)
        }),
        column("Choice sessions", 10.0, Total::Sum, |c| {
            int(c.choice_sessions)
        }),
        column("Core sessions (free included)", 10.0, Total::Sum, |c| {
            int(c.core_sessions)
        }),
    ];
    for s in streams {
        let stream = s.clone();
        cols.push(column(
            format!("Specific sessions: {s}"),
            10.0,
            Total::Sum,
            move |c| int(c.specific_sessions.get(&stream).copied().unwrap_or(0)),
        ));
    }
    cols.push(column("Other sessions", 10.0, Total::Sum, |c| {
        int(c.other_sessions)
    }));
    cols.push(column(
        "Core multiplier",
        10.0,
        Total::Value(core_multiplier),
        |c| Cell::Dec(c.core_multiplier),
    ));
    cols.push(column("New Core target", 10.0, Total::Sum, |c| {
        int(c.new_core_target)
    }));
    for s in streams {
        let stream = s.clone();
        cols.push(column(
            format!("New Specific target: {s}"),
            10.0,
            Total::Sum,
            move |c| int(c.specific_targets.get(&stream).copied().unwrap_or(0)),
        ));
    }
    cols.push(column("Choice allocation", 10.0, Total::Sum, |c| {
        int(c.choice_allocation)
    }));
    cols.push(column("Choice the plan holds", 10.0, Total::Sum, |c| {
        int(c.choice_capacity)
    }));
    cols.push(column("Plan holds Choice", 10.0, Total::NoneSaysNo, |c| {
        Cell::Tag(holds(c).into())
    }));
    cols
}

fn holds(c: &ClinicianCapacity) -> &'static str {
    if !c.does_choice && c.choice_allocation == 0 {
        "Opted out"
    } else if c.choice_plan_holds {
        "Yes"
    } else {
        "No"
    }
}

/// The streams in the team's order, then any other the report names.
fn stream_names(team: &Team, report: &CapacityReport) -> Vec<String> {
    let mut names = team.settings.stream_names();
    let extra = report.team.specific_totals.keys().chain(
        report
            .clinicians
            .iter()
            .flat_map(|c| c.specific_sessions.keys()),
    );
    for s in extra {
        if !names.contains(s) {
            names.push(s.clone());
        }
    }
    names
}

const HEADER_ROW: RowNum = 3;

/// Writes the "Team job plan" sheet.
pub(crate) fn team_sheet(
    ws: &mut Worksheet,
    team: &Team,
    report: &CapacityReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    let t = &report.team;
    let cols = columns(&stream_names(team, report), t.core_multiplier);
    let last_col = (cols.len() as ColNum - 1).max(10);

    text(ws, 0, 0, &format!("Team job plan: {}", t.name), &f.title)?;
    text(
        ws,
        1,
        0,
        &format!(
            "{} ({} to {}). Sessions are per week; targets are new Partnerships to start in the quarter.",
            report.quarter,
            report.starts.format("%d/%m/%Y"),
            report.ends.format("%d/%m/%Y")
        ),
        &f.subtitle,
    )?;

    for (i, col) in cols.iter().enumerate() {
        let i = i as ColNum;
        ws.set_column_width(i, col.width)?;
        text(ws, HEADER_ROW, i, &col.header, &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 64)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;

    let first = HEADER_ROW + 1;
    for (r, c) in report.clinicians.iter().enumerate() {
        let row = first + r as RowNum;
        for (i, col) in cols.iter().enumerate() {
            match (col.cell)(c) {
                Cell::Text(s) => text(ws, row, i as ColNum, &s, &f.text)?,
                Cell::Tag(s) => text(ws, row, i as ColNum, &s, &f.center)?,
                Cell::Int(n) => {
                    ws.write_number_with_format(row, i as ColNum, n, &f.int)?;
                }
                Cell::Dec(n) => {
                    let fmt = if i == 3 {
                        fte_format(&f.dec)
                    } else {
                        figure_format(n, &f.int, &f.dec).clone()
                    };
                    ws.write_number_with_format(row, i as ColNum, n, &fmt)?;
                }
            }
        }
    }

    let total_row = first + report.clinicians.len() as RowNum;
    let last = total_row.saturating_sub(1).max(first);
    text(
        ws,
        total_row,
        0,
        &format!(
            "Team ({} {})",
            t.clinicians,
            capa_core::explain::noun(t.clinicians as f64, "clinician", "clinicians")
        ),
        &f.total_text,
    )?;
    for (i, col) in cols.iter().enumerate().skip(1) {
        let c = i as ColNum;
        let range = format!("{}:{}", row_col_to_cell(first, c), row_col_to_cell(last, c));
        match col.total {
            Total::None => {
                ws.write_blank(total_row, c, &f.total_text)?;
            }
            Total::Sum => {
                let sum: f64 = report
                    .clinicians
                    .iter()
                    .map(|cl| match (col.cell)(cl) {
                        Cell::Int(n) | Cell::Dec(n) => n,
                        Cell::Text(_) | Cell::Tag(_) => 0.0,
                    })
                    .sum();
                let fmt = if i == 3 {
                    fte_format(&f.total_dec)
                } else {
                    f.total_int.clone()
                };
                let result = capa_core::explain::num(sum, 9);
                formula(ws, total_row, c, &format!("=SUM({range})"), &result, &fmt)?;
            }
            Total::Value(v) => {
                ws.write_number_with_format(
                    total_row,
                    c,
                    v,
                    figure_format(v, &f.total_int, &f.total_dec),
                )?;
            }
            Total::NoneSaysNo => {
                let all = report.clinicians.iter().all(|c| holds(c) != "No");
                formula(
                    ws,
                    total_row,
                    c,
                    &format!("=IF(COUNTIF({range},\"No\")=0,\"Yes\",\"No\")"),
                    if all { "Yes" } else { "No" },
                    &f.total_text.clone().set_align(FormatAlign::Center),
                )?;
            }
        }
    }

    let next = team_figures(ws, team, report, f, total_row + 2, last_col)?;
    text(
        ws,
        next + 1,
        0,
        "Blank (free) sessions in a job plan count as Core Partnership. The totals row adds up the clinicians above with formulas; the team figures are computed by capa, with how each was worked out.",
        &f.subtitle,
    )?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

fn fte_format(base: &Format) -> Format {
    base.clone().set_num_format("0.0#")
}

fn standing(s: Standing) -> &'static str {
    match s {
        Standing::Below => "below",
        Standing::Within => "within",
        Standing::Above => "above",
        Standing::Unknown => "not known",
    }
}

/// A value in the team figures block.
enum Figure {
    Int(u32),
    Dec(f64),
    Pct(f64),
    Missing,
}

/// Writes the block of team figures from `row`; returns the first row after it.
fn team_figures(
    ws: &mut Worksheet,
    team: &Team,
    report: &CapacityReport,
    f: &Formats,
    row: RowNum,
    last_col: ColNum,
) -> Result<RowNum, XlsxError> {
    let t = &report.team;
    let band = t.balance_band;
    let share_band = t.choice_core_share_band;
    let surplus_word = if t.core_surplus < -1e-9 {
        "shortfall"
    } else if t.core_surplus > 1e-9 {
        "surplus"
    } else {
        "balanced"
    };
    let allocated_word = if t.choice_allocated == t.choice_needed {
        "all allocated".to_string()
    } else {
        format!("{} of {}", t.choice_allocated, t.choice_needed)
    };
    let rows: Vec<(&str, Figure, String, String, String)> = vec![
        (
            "Accepted referrals per week",
            Figure::Dec(t.accepted_referrals_per_week),
            String::new(),
            String::new(),
            "team setting".into(),
        ),
        (
            "Choice appointments needed this quarter",
            Figure::Int(t.choice_needed),
            String::new(),
            String::new(),
            t.explain.choice_needed.to_string(),
        ),
        (
            "Choice appointments allocated to clinicians",
            Figure::Int(t.choice_allocated),
            "all needed".into(),
            allocated_word,
            t.explain.choice_allocated.to_string(),
        ),
        (
            "Core demand (new Core Partnerships needed)",
            Figure::Dec(t.core_demand),
            String::new(),
            String::new(),
            t.explain.core_demand.to_string(),
        ),
        (
            "New Core Partnerships offered (team total)",
            Figure::Int(t.new_core_total),
            String::new(),
            String::new(),
            t.explain.new_core_total.to_string(),
        ),
        (
            "Surplus (+) or shortfall (-) against Core demand",
            Figure::Dec(t.core_surplus),
            "0 or more".into(),
            surplus_word.into(),
            t.explain.core_surplus.to_string(),
        ),
        (
            "Balance ratio: new Core per quarter / referrals per week",
            t.balance_ratio.map_or(Figure::Missing, Figure::Dec),
            format!("{}-{}", n2(band.low), n2(band.high)),
            standing(t.balance).into(),
            t.explain.balance_ratio.to_string(),
        ),
        (
            "Choice + Core share of working sessions",
            t.choice_core_share.map_or(Figure::Missing, Figure::Pct),
            format!("{}-{}", percent(share_band.low), percent(share_band.high)),
            standing(t.choice_core_standing).into(),
            t.explain.choice_core_share.to_string(),
        ),
        (
            "Core multiplier (new Core per weekly session)",
            Figure::Dec(t.core_multiplier),
            String::new(),
            String::new(),
            t.explain.core_multiplier.to_string(),
        ),
        (
            "Working weeks per quarter",
            Figure::Dec(team.settings.working_weeks_per_quarter().0),
            String::new(),
            String::new(),
            t.explain.working_weeks_per_quarter.to_string(),
        ),
    ];

    text(ws, row, 0, "Team figures", &f.section)?;
    let head = row + 1;
    merged_text(ws, (head, 0, 2), "Figure", &f.header)?;
    text(ws, head, 3, "Value", &f.header)?;
    text(ws, head, 4, "CAPA guide", &f.header)?;
    text(ws, head, 5, "Standing", &f.header)?;
    merged_text(ws, (head, 6, last_col), "How it was worked out", &f.header)?;
    ws.set_row_height(head, 30)?;

    let explain_width = 10.0 * f64::from(last_col - 5);
    let mut r = head + 1;
    for (label, value, guide, stand, how) in rows {
        merged_text(ws, (r, 0, 2), label, &f.wrap)?;
        match value {
            Figure::Int(n) => {
                ws.write_number_with_format(r, 3, f64::from(n), &f.int)?;
            }
            Figure::Dec(x) => {
                ws.write_number_with_format(r, 3, x, figure_format(x, &f.int, &f.dec))?;
            }
            Figure::Pct(x) => {
                ws.write_number_with_format(r, 3, x, &f.pct)?;
            }
            Figure::Missing => text(ws, r, 3, "not known", &f.center)?,
        }
        text(ws, r, 4, &guide, &f.center)?;
        text(ws, r, 5, &stand, &f.center)?;
        merged_text(ws, (r, 6, last_col), &how, &f.wrap)?;
        let height = wrapped_height(how.chars().count(), explain_width)
            .max(wrapped_height(label.len(), 57.0));
        ws.set_row_height(r, height)?;
        r += 1;
    }
    Ok(r)
}

/// Writes the "Warnings" sheet: the quarter's, then the rest of the year's.
pub(crate) fn warnings_sheet(
    ws: &mut Worksheet,
    report: &CapacityReport,
    year: Option<&YearReport>,
    f: &Formats,
) -> Result<(), XlsxError> {
    text(
        ws,
        0,
        0,
        &format!("Warnings: {}", report.team.name),
        &f.title,
    )?;
    let head: RowNum = 2;
    for (i, (h, w)) in [
        ("Quarter", 14.0),
        ("Clinician", 10.0),
        ("What to look at", 90.0),
        ("Code", 24.0),
    ]
    .into_iter()
    .enumerate()
    {
        ws.set_column_width(i as ColNum, w)?;
        text(ws, head, i as ColNum, h, &f.header)?;
    }
    ws.set_freeze_panes(head + 1, 0)?;

    let mut all: Vec<(String, &capa_core::Warning)> = report
        .warnings
        .iter()
        .map(|w| (report.quarter.to_string(), w))
        .collect();
    if let Some(y) = year {
        for (q, ws_q) in y.quarters.iter().zip(&y.warnings) {
            if *q != report.quarter {
                all.extend(ws_q.iter().map(|w| (q.to_string(), w)));
            }
        }
    }
    let mut row = head + 1;
    if report.warnings.is_empty() {
        text(ws, row, 0, &report.quarter.to_string(), &f.text)?;
        text(ws, row, 2, "No warnings for this quarter.", &f.text)?;
        row += 1;
    }
    for (q, w) in all {
        text(ws, row, 0, &q, &f.text)?;
        text(ws, row, 1, w.clinician.as_deref().unwrap_or(""), &f.text)?;
        text(ws, row, 2, &w.message, &f.wrap)?;
        text(ws, row, 3, w.code, &f.text)?;
        ws.set_row_height(row, wrapped_height(w.message.chars().count(), 90.0))?;
        row += 1;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
