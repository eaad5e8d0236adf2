//! A self-assessment review as a workbook: the eleven components with the
//! team's rating, note and capa's suggestion and evidence; the scores by
//! group and tag, and the full-implementation rule.

use capa_core::assessment::{AssessmentView, Rating};
use rust_xlsxwriter::{DocProperties, Workbook};

use super::{ExportError, Formats, text};

/// The sheet of the components.
pub const ITEMS_SHEET: &str = "Self-assessment";
/// The sheet of the scores.
pub const SCORES_SHEET: &str = "Scores";

fn words(r: Option<Rating>) -> String {
    r.map_or("not rated".into(), |r| {
        format!("{} ({})", r.label(), r.colour())
    })
}

/// The review `view` of team `team` as XLSX bytes.
pub fn assessment_xlsx(team: &str, view: &AssessmentView) -> Result<Vec<u8>, ExportError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let date = view.date.format("%d/%m/%Y").to_string();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("CAPA self-assessment: {team}, {date}"))
            .set_author("capa"),
    );
    let ws = wb.add_worksheet();
    ws.set_name(ITEMS_SHEET)?;
    text(
        ws,
        0,
        0,
        &format!("CAPA self-assessment: {team}, {date}"),
        &f.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "Score {} of {}. {}",
            view.score, view.max_score, view.full_implementation_reason
        ),
        &f.subtitle,
    )?;
    let heads = [
        "#",
        "Component",
        "Group",
        "Tag",
        "Rating (0-2)",
        "Rating",
        "Note",
        "capa suggests",
        "Evidence",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &f.header)?;
    }
    for (k, i) in view.items.iter().enumerate() {
        let r = 4 + k as u32;
        ws.write_number_with_format(r, 0, f64::from(i.number.get()), &f.int)?;
        text(ws, r, 1, i.component, &f.wrap)?;
        text(ws, r, 2, i.group.name(), &f.text)?;
        text(ws, r, 3, i.tag.name(), &f.text)?;
        match i.rating {
            Some(x) => ws.write_number_with_format(r, 4, f64::from(x.value()), &f.int)?,
            None => ws.write_blank(r, 4, &f.int)?,
        };
        text(ws, r, 5, &words(i.rating), &f.text)?;
        text(ws, r, 6, &i.note, &f.wrap)?;
        let suggestion = if i.no_evidence.is_some() {
            "no evidence in capa".to_string()
        } else {
            i.suggested.map_or("nothing yet".into(), |s| words(Some(s)))
        };
        text(ws, r, 7, &suggestion, &f.text)?;
        let evidence = match i.no_evidence {
            Some(n) => n.to_string(),
            None => i
                .evidence
                .iter()
                .map(|e| e.text.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        };
        text(ws, r, 8, &evidence, &f.wrap)?;
    }
    for (c, w) in [4.0, 42.0, 22.0, 18.0, 12.0, 16.0, 48.0, 18.0, 70.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(4, 2)?;

    let ws = wb.add_worksheet();
    ws.set_name(SCORES_SHEET)?;
    for (c, h) in ["Group or tag", "Kind", "Score", "Out of"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    let mut r = 1;
    for (kind, parts) in [("group", &view.groups), ("tag", &view.tags)] {
        for p in parts {
            text(ws, r, 0, p.name, &f.text)?;
            text(ws, r, 1, kind, &f.text)?;
            ws.write_number_with_format(r, 2, f64::from(p.score), &f.int)?;
            ws.write_number_with_format(r, 3, f64::from(p.max), &f.int)?;
            r += 1;
        }
    }
    text(ws, r, 0, "Total", &f.total_text)?;
    text(ws, r, 1, "", &f.total_text)?;
    ws.write_number_with_format(r, 2, f64::from(view.score), &f.total_int)?;
    ws.write_number_with_format(r, 3, f64::from(view.max_score), &f.total_int)?;
    text(ws, r + 2, 0, "Full implementation", &f.header)?;
    text(
        ws,
        r + 2,
        1,
        if view.full_implementation {
            "met"
        } else {
            "not met"
        },
        &f.text,
    )?;
    text(ws, r + 3, 0, &view.full_implementation_reason, &f.note)?;
    ws.set_column_width(0, 26.0)?;
    ws.set_column_width(1, 10.0)?;
    Ok(wb.save_to_buffer()?)
}
