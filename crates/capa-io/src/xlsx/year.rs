//! The "Year" sheet: each clinician's new Core targets per quarter, rounded
//! cumulatively so that the quarters add up to the year.

use capa_core::YearReport;
use capa_core::explain::num;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError, utility::row_col_to_cell};

use super::{Formats, formula, merged_text, text, wrapped_height};

const HEADER_ROW: RowNum = 3;

/// Writes the "Year" sheet.
pub(crate) fn year_sheet(
    ws: &mut Worksheet,
    y: &YearReport,
    team_name: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let quarters = y.quarters.len() as ColNum;
    let year_col = 2 + quarters;
    let how_col = year_col + 1;

    text(
        ws,
        0,
        0,
        &format!("Year {}: new Core Partnership targets, {team_name}", y.year),
        &f.title,
    )?;
    text(
        ws,
        1,
        0,
        "Targets are rounded cumulatively: quarter k = round(running total to k) - round(running total to k-1), so the quarters add up to the year's rounded total.",
        &f.subtitle,
    )?;

    ws.set_column_width(0, 9)?;
    ws.set_column_width(1, 24)?;
    text(ws, HEADER_ROW, 0, "Initials", &f.header)?;
    text(ws, HEADER_ROW, 1, "Name", &f.header)?;
    for (i, q) in y.quarters.iter().enumerate() {
        let col = 2 + i as ColNum;
        ws.set_column_width(col, 16)?;
        text(
            ws,
            HEADER_ROW,
            col,
            &format!("Q{}\nfrom {}", q.number, q.start().format("%d/%m/%Y")),
            &f.header,
        )?;
    }
    ws.set_column_width(year_col, 10)?;
    text(ws, HEADER_ROW, year_col, "Year", &f.header)?;
    ws.set_column_width(how_col, 110)?;
    text(
        ws,
        HEADER_ROW,
        how_col,
        "How the quarters were found: quarterly figures, running totals, targets",
        &f.header,
    )?;
    ws.set_row_height(HEADER_ROW, 32)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;

    let first = HEADER_ROW + 1;
    let sum_across = |row: RowNum| {
        format!(
            "=SUM({}:{})",
            row_col_to_cell(row, 2),
            row_col_to_cell(row, year_col - 1)
        )
    };
    for (i, c) in y.clinicians.iter().enumerate() {
        let row = first + i as RowNum;
        text(ws, row, 0, c.initials.as_str(), &f.text)?;
        text(ws, row, 1, &c.name, &f.text)?;
        for (k, n) in c.new_core_targets.iter().enumerate() {
            ws.write_number_with_format(row, 2 + k as ColNum, f64::from(*n), &f.int)?;
        }
        formula(
            ws,
            row,
            year_col,
            &sum_across(row),
            &c.new_core_total.to_string(),
            &f.int,
        )?;
        let how = c.explain.working.clone();
        text(ws, row, how_col, &how, &f.wrap)?;
        ws.set_row_height(row, wrapped_height(how.chars().count(), 110.0))?;
    }

    let total = first + y.clinicians.len() as RowNum;
    let last = total.saturating_sub(1).max(first);
    merged_text(ws, (total, 0, 1), "Team new Core", &f.total_text)?;
    for (k, n) in y.new_core_targets.iter().enumerate() {
        let col = 2 + k as ColNum;
        let f_sum = format!(
            "=SUM({}:{})",
            row_col_to_cell(first, col),
            row_col_to_cell(last, col)
        );
        formula(ws, total, col, &f_sum, &n.to_string(), &f.total_int)?;
    }
    formula(
        ws,
        total,
        year_col,
        &sum_across(total),
        &y.totals.new_core.to_string(),
        &f.total_int,
    )?;

    let demand = total + 1;
    merged_text(ws, (demand, 0, 1), "Core demand (new Core needed)", &f.text)?;
    for (k, d) in y.core_demand.iter().enumerate() {
        ws.write_number_with_format(demand, 2 + k as ColNum, *d, &f.dec)?;
    }
    let demand_year = y.totals.core_demand;
    formula(
        ws,
        demand,
        year_col,
        &sum_across(demand),
        &num(demand_year, 9),
        &f.dec,
    )?;

    let surplus = demand + 1;
    merged_text(ws, (surplus, 0, 1), "Surplus (+) or shortfall (-)", &f.text)?;
    for k in 0..=quarters {
        let col = 2 + k;
        let value = if k < quarters {
            y.totals.surplus.get(k as usize).copied().unwrap_or(0.0)
        } else {
            y.totals.year_surplus
        };
        formula(
            ws,
            surplus,
            col,
            &format!(
                "={}-{}",
                row_col_to_cell(total, col),
                row_col_to_cell(demand, col)
            ),
            &num(value, 9),
            &f.dec,
        )?;
    }

    let choice = surplus + 1;
    merged_text(ws, (choice, 0, 1), "Choice appointments needed", &f.text)?;
    for (k, n) in y.choice_needed.iter().enumerate() {
        ws.write_number_with_format(choice, 2 + k as ColNum, f64::from(*n), &f.int)?;
    }
    formula(
        ws,
        choice,
        year_col,
        &sum_across(choice),
        &y.totals.choice_needed.to_string(),
        &f.int,
    )?;

    specific_block(ws, y, choice + 2, year_col, f)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The Specific targets per clinician and stream, below the Core table.
fn specific_block(
    ws: &mut Worksheet,
    y: &YearReport,
    row: RowNum,
    year_col: ColNum,
    f: &Formats,
) -> Result<(), XlsxError> {
    let rows: Vec<(String, String, &Vec<u32>)> = y
        .clinicians
        .iter()
        .flat_map(|c| {
            c.specific_targets
                .iter()
                .map(move |(s, v)| (c.initials.to_string(), s.clone(), v))
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    text(ws, row, 0, "New Specific Partnership targets", &f.section)?;
    let head = row + 1;
    text(ws, head, 0, "Initials", &f.header)?;
    text(ws, head, 1, "Stream", &f.header)?;
    for (i, q) in y.quarters.iter().enumerate() {
        text(
            ws,
            head,
            2 + i as ColNum,
            &format!("Q{}", q.number),
            &f.header,
        )?;
    }
    text(ws, head, year_col, "Year", &f.header)?;
    for (i, (initials, stream, targets)) in rows.into_iter().enumerate() {
        let r = head + 1 + i as RowNum;
        text(ws, r, 0, &initials, &f.text)?;
        text(ws, r, 1, &stream, &f.text)?;
        for (k, n) in targets.iter().enumerate() {
            ws.write_number_with_format(r, 2 + k as ColNum, f64::from(*n), &f.int)?;
        }
        let total: u32 = targets.iter().sum();
        formula(
            ws,
            r,
            year_col,
            &format!(
                "=SUM({}:{})",
                row_col_to_cell(r, 2),
                row_col_to_cell(r, year_col - 1)
            ),
            &total.to_string(),
            &f.int,
        )?;
    }
    Ok(())
}
