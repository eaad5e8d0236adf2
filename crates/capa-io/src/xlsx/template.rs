//! One clinician's job plan, laid out like the seed's template: NAME and
//! JOB PLAN # at the top, the weekdays as columns, every block of the team's
//! day as a row (the start, the sessions, wriggle time, lunch, small admin),
//! and the CHOICE = / Partnership = / Specific = totals at the foot.

use capa_core::layout::{Block, BlockKind};
use capa_core::{Activity, CapacityReport, ClinicianCapacity, JobPlan, Team};
use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError,
};

use super::{
    BLOCK_FILL, CHOICE_FILL, CORE_FILL, Formats, HEADER_FILL, SPECIFIC_FILL, merged_text, text,
    wrapped_height,
};

/// The row of the weekday headers.
pub(crate) const DAYS_ROW: RowNum = 3;

/// The text of a block's row label: "Session 1" and its times for a session,
/// "Lunch 12:00-13:00" for the others.
pub(crate) fn block_label(b: &Block) -> String {
    let times = format!("{}-{}", b.start.format("%H:%M"), b.end.format("%H:%M"));
    match b.kind {
        BlockKind::Session => format!("{}\n{times}", b.label),
        _ => format!("{} {times}", b.label),
    }
}

/// What a job plan cell shows: free (Core) sessions stay blank, as in the seed.
pub(crate) fn cell_text(a: &Activity) -> String {
    match a {
        Activity::Core => String::new(),
        other => other.label(),
    }
}

fn cell_format(a: &Activity) -> Format {
    let base = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    match a {
        Activity::Choice => base
            .set_bold()
            .set_background_color(Color::RGB(CHOICE_FILL)),
        Activity::Core => base.set_background_color(Color::RGB(CORE_FILL)),
        Activity::Specific(_) => base.set_background_color(Color::RGB(SPECIFIC_FILL)),
        Activity::Other { .. } => base,
    }
}

/// The job plan version the report used for this clinician.
fn plan_used<'a>(team: &'a Team, c: &ClinicianCapacity) -> Option<&'a JobPlan> {
    let v = c.job_plan_version?;
    team.clinicians
        .iter()
        .find(|x| x.initials == c.initials)?
        .job_plans
        .iter()
        .find(|p| p.version == v)
}

/// Writes a clinician's job plan sheet.
pub(crate) fn clinician_sheet(
    ws: &mut Worksheet,
    team: &Team,
    report: &CapacityReport,
    c: &ClinicianCapacity,
    f: &Formats,
) -> Result<(), XlsxError> {
    let layout = &team.settings.layout;
    let days = layout.days.len().max(1) as ColNum;
    let last = days;
    let plan = plan_used(team, c);
    let label = f.header.clone().set_align(FormatAlign::Left);

    ws.set_column_width(0, 24)?;
    for d in 1..=days {
        ws.set_column_width(d, 20)?;
    }

    text(ws, 0, 0, "NAME:", &label)?;
    merged_text(
        ws,
        (0, 1, last),
        &format!("{} ({})", c.name, c.initials),
        &f.text,
    )?;
    text(ws, 1, 0, "JOB PLAN #", &label)?;
    let applies = match plan {
        Some(p) => {
            ws.write_number_with_format(
                1,
                1,
                f64::from(p.version),
                &f.int.clone().set_align(FormatAlign::Left),
            )?;
            match p.applies_from {
                Some(d) => format!("applies from {}", d.format("%d/%m/%Y")),
                None => "applies from the start".into(),
            }
        }
        None => {
            text(ws, 1, 1, "none", &f.text)?;
            "no job plan in force: targets are 0".into()
        }
    };
    if last >= 2 {
        merged_text(
            ws,
            (1, 2, last),
            &format!("{applies}; in force at the start of {}", report.quarter),
            &f.subtitle,
        )?;
    }
    let mut about = Vec::new();
    if let Some(d) = &c.discipline {
        about.push(d.clone());
    }
    about.push(format!("{} FTE", capa_core::explain::n2(c.fte)));
    about.push(format!(
        "{} ({} to {})",
        report.quarter,
        report.starts.format("%d/%m/%Y"),
        report.ends.format("%d/%m/%Y")
    ));
    text(ws, 2, 0, &about.join(", "), &f.subtitle)?;

    ws.write_blank(DAYS_ROW, 0, &f.header)?;
    for (i, d) in layout.days.iter().enumerate() {
        text(
            ws,
            DAYS_ROW,
            i as ColNum + 1,
            capa_core::layout::weekday_name(*d),
            &f.header,
        )?;
    }
    ws.set_freeze_panes(DAYS_ROW + 1, 1)?;

    let row_label = f
        .header
        .clone()
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::VerticalCenter);
    let block_fill = Format::new()
        .set_background_color(Color::RGB(BLOCK_FILL))
        .set_border(FormatBorder::Thin);
    let block_label_format = Format::new()
        .set_italic()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(BLOCK_FILL));
    let mut row = DAYS_ROW + 1;
    let mut session = 0;
    for b in &layout.blocks {
        if b.kind == BlockKind::Session {
            text(ws, row, 0, &block_label(b), &row_label)?;
            for d in 0..layout.days.len() {
                let a = plan
                    .and_then(|p| p.grid().get(session).and_then(|r| r.get(d)))
                    .cloned()
                    .unwrap_or(Activity::Core);
                let col = d as ColNum + 1;
                if plan.is_some() {
                    text(ws, row, col, &cell_text(&a), &cell_format(&a))?;
                } else {
                    ws.write_blank(
                        row,
                        col,
                        &cell_format(&Activity::Other {
                            label: String::new(),
                            category: capa_core::OtherCategory::Other,
                        }),
                    )?;
                }
            }
            ws.set_row_height(row, 48)?;
            session += 1;
        } else {
            text(ws, row, 0, &block_label(b), &block_label_format)?;
            for d in 1..=days {
                ws.write_blank(row, d, &block_fill)?;
            }
        }
        row += 1;
    }

    row += 1;
    foot(ws, row, c, last, f)?;
    let legend = row + 4;
    merged_text(
        ws,
        (legend, 0, last),
        "Blank sessions are free and count as Core Partnership (shaded blue). Choice is shaded orange and Specific green; the words in each cell say the same. Totals are for the quarter.",
        &f.note,
    )?;
    ws.set_row_height(legend, 30)?;

    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The CHOICE = / Partnership = / Specific = rows at the foot of the plan.
fn foot(
    ws: &mut Worksheet,
    row: RowNum,
    c: &ClinicianCapacity,
    last: ColNum,
    f: &Formats,
) -> Result<(), XlsxError> {
    let choice = if !c.does_choice && c.choice_allocation == 0 {
        "opted out of Choice".to_string()
    } else {
        format!(
            "Choice appointments this quarter: {} Choice session{} a week; the plan holds {}{}",
            c.choice_sessions,
            if c.choice_sessions == 1 { "" } else { "s" },
            c.choice_capacity,
            if c.choice_plan_holds {
                ""
            } else {
                " (not enough)"
            }
        )
    };
    let partnership = format!(
        "new Core Partnerships this quarter: {}",
        c.explain.new_core_target
    );
    let streams: Vec<String> = c
        .specific_targets
        .iter()
        .map(|(s, n)| {
            let sessions = c.specific_sessions.get(s).copied().unwrap_or(0);
            let raw = c.specific_unrounded.get(s).copied().unwrap_or(0.0);
            format!(
                "{s} {n} ({sessions} session{} a week, {} before rounding)",
                if sessions == 1 { "" } else { "s" },
                capa_core::explain::n2(raw)
            )
        })
        .collect();
    let specific = if streams.is_empty() {
        "no Specific stream".to_string()
    } else {
        format!(
            "new Specific Partnerships this quarter: {}",
            streams.join(", ")
        )
    };
    let boxed = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let label = boxed.clone().set_background_color(Color::RGB(HEADER_FILL));
    let number = boxed
        .set_font_size(12)
        .set_num_format("0")
        .set_align(FormatAlign::Center);
    let detail = f.wrap.clone().set_align(FormatAlign::VerticalCenter);
    let lines = [
        ("CHOICE =", c.choice_allocation, choice),
        ("Partnership =", c.new_core_target, partnership),
        ("Specific =", c.specific_targets.values().sum(), specific),
    ];
    let width = 20.0 * f64::from(last.saturating_sub(1).max(1));
    for (i, (name, n, how)) in lines.into_iter().enumerate() {
        let r = row + i as RowNum;
        text(ws, r, 0, name, &label)?;
        ws.write_number_with_format(r, 1, f64::from(n), &number)?;
        if last >= 2 {
            merged_text(ws, (r, 2, last), &how, &detail)?;
        }
        ws.set_row_height(r, wrapped_height(how.chars().count(), width).max(22.0))?;
    }
    Ok(())
}
