//! The quarterly review pack as a workbook, one sheet per table of the page:
//! each clinician's line with the actions agreed, who is behind and why,
//! the re-offers, the waits, and a summary (the managed list, the shares
//! seen within the access targets, whether the review was marked done).

use capa_core::monitor::{QuarterMonitor, ReviewPack};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::{ExportError, Formats, text};
use crate::review::{ReviewExport, flag_codes};

/// The sheets, in order.
pub const REVIEW_SHEETS: [&str; 5] = ["Clinicians", "Behind", "Re-offers", "Waits", "Summary"];

fn heads(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    heads: &[(&str, f64)],
) -> Result<(), XlsxError> {
    for (c, (h, w)) in heads.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

fn int(ws: &mut Worksheet, r: u32, c: u16, n: Option<u32>, f: &Format) -> Result<(), XlsxError> {
    match n {
        Some(n) => ws.write_number_with_format(r, c, f64::from(n), f)?,
        None => ws.write_blank(r, c, f)?,
    };
    Ok(())
}

fn days(ws: &mut Worksheet, r: u32, c: u16, n: Option<f64>, f: &Format) -> Result<(), XlsxError> {
    match n {
        Some(n) => ws.write_number_with_format(r, c, n, f)?,
        None => ws.write_blank(r, c, f)?,
    };
    Ok(())
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn clinicians(ws: &mut Worksheet, f: &Formats, e: &ReviewExport<'_>) -> Result<(), XlsxError> {
    let m: &QuarterMonitor = e.monitor;
    heads(
        ws,
        f,
        0,
        &[
            ("Initials", 9.0),
            ("Name", 22.0),
            ("Target", 8.0),
            ("Published", 10.0),
            ("Booked", 8.0),
            ("Started", 8.0),
            ("DNA", 6.0),
            ("Cancelled", 10.0),
            ("Re-offered", 10.0),
            ("Not re-offered", 10.0),
            ("Choice allocated", 10.0),
            ("Choice done", 9.0),
            ("Projected", 10.0),
            ("Open caseload", 10.0),
            ("Flags", 30.0),
            ("Actions agreed", 60.0),
        ],
    )?;
    for (k, c) in m.clinicians.iter().enumerate() {
        let r = 1 + k as u32;
        text(ws, r, 0, c.initials.as_str(), &f.text)?;
        text(ws, r, 1, &c.name, &f.text)?;
        let k = c.counts;
        for (col, n) in [
            c.target,
            k.published,
            k.booked,
            k.started,
            k.dna,
            k.cancelled,
            k.reoffered,
            k.not_reoffered,
            c.choice_allocated,
            c.choice_done,
        ]
        .into_iter()
        .enumerate()
        {
            int(ws, r, 2 + col as u16, Some(n), &f.int)?;
        }
        int(ws, r, 12, c.projected, &f.int)?;
        int(ws, r, 13, Some(c.open_caseload), &f.int)?;
        text(ws, r, 14, &flag_codes(c), &f.wrap)?;
        text(ws, r, 15, e.note(c.initials.as_str()), &f.wrap)?;
    }
    let r = 1 + m.clinicians.len() as u32;
    let t = &m.team;
    text(ws, r, 0, "Team", &f.total_text)?;
    text(ws, r, 1, "", &f.total_text)?;
    for (col, n) in [
        t.target,
        t.counts.published,
        t.counts.booked,
        t.counts.started,
        t.counts.dna,
        t.counts.cancelled,
        t.counts.reoffered,
        t.counts.not_reoffered,
        t.choice_allocated,
        t.choice_done,
    ]
    .into_iter()
    .enumerate()
    {
        int(ws, r, 2 + col as u16, Some(n), &f.total_int)?;
    }
    int(ws, r, 12, t.projected, &f.total_int)?;
    int(ws, r, 13, Some(t.open_caseload), &f.total_int)?;
    Ok(())
}

fn behind(ws: &mut Worksheet, f: &Formats, p: &ReviewPack) -> Result<(), XlsxError> {
    heads(
        ws,
        f,
        0,
        &[
            ("Initials", 9.0),
            ("Name", 22.0),
            ("Target", 8.0),
            ("Started", 8.0),
            ("Projected", 10.0),
            ("Flag", 24.0),
            ("Why", 90.0),
        ],
    )?;
    let mut r = 1;
    for b in &p.behind {
        for (code, _, reason) in &b.flags {
            text(ws, r, 0, &b.initials, &f.text)?;
            text(ws, r, 1, &b.name, &f.text)?;
            int(ws, r, 2, Some(b.target), &f.int)?;
            int(ws, r, 3, Some(b.started), &f.int)?;
            int(ws, r, 4, b.projected, &f.int)?;
            text(ws, r, 5, code.code(), &f.text)?;
            text(ws, r, 6, reason, &f.wrap)?;
            r += 1;
        }
    }
    Ok(())
}

fn reoffers(ws: &mut Worksheet, f: &Formats, p: &ReviewPack) -> Result<(), XlsxError> {
    heads(
        ws,
        f,
        0,
        &[
            ("Offer", 9.0),
            ("Clinician", 10.0),
            ("What happened", 24.0),
            ("Due from", 12.0),
            ("Re-offer by", 12.0),
            ("Re-offered on", 13.0),
            ("Where it stands", 24.0),
        ],
    )?;
    for (k, x) in p.reoffers.iter().enumerate() {
        let r = 1 + k as u32;
        text(ws, r, 0, &x.label, &f.text)?;
        text(ws, r, 1, &x.clinician, &f.text)?;
        text(ws, r, 2, x.what, &f.text)?;
        text(ws, r, 3, &date(x.due), &f.center)?;
        text(ws, r, 4, &date(x.reoffer_by), &f.center)?;
        text(
            ws,
            r,
            5,
            &x.reoffered_on.map_or(String::new(), date),
            &f.center,
        )?;
        text(ws, r, 6, x.status.words(), &f.text)?;
    }
    Ok(())
}

fn waits(ws: &mut Worksheet, f: &Formats, p: &ReviewPack) -> Result<(), XlsxError> {
    heads(
        ws,
        f,
        0,
        &[
            ("Wait", 40.0),
            ("Families", 10.0),
            ("Median (days)", 12.0),
            ("90th percentile (days)", 14.0),
        ],
    )?;
    for (k, w) in p.waits.iter().enumerate() {
        let r = 1 + k as u32;
        text(ws, r, 0, &w.measure, &f.text)?;
        int(ws, r, 1, Some(w.n as u32), &f.int)?;
        days(ws, r, 2, w.median, &f.dec)?;
        days(ws, r, 3, w.p90, &f.dec)?;
    }
    Ok(())
}

fn summary(ws: &mut Worksheet, f: &Formats, e: &ReviewExport<'_>) -> Result<(), XlsxError> {
    let p = e.pack;
    heads(
        ws,
        f,
        0,
        &[("Figure", 44.0), ("Value", 16.0), ("Target", 10.0)],
    )?;
    text(ws, 1, 0, "Team", &f.text)?;
    text(ws, 1, 1, e.team, &f.text)?;
    text(ws, 2, 0, "Quarter", &f.text)?;
    text(ws, 2, 1, &p.quarter.to_string(), &f.text)?;
    text(ws, 3, 0, "As of", &f.text)?;
    text(ws, 3, 1, &date(p.as_of), &f.text)?;
    text(ws, 4, 0, "Families on the managed list", &f.text)?;
    int(ws, 4, 1, Some(p.managed_list), &f.int)?;
    text(
        ws,
        5,
        0,
        "DNA'd or cancelled first appointments re-offered",
        &f.text,
    )?;
    int(ws, 5, 1, Some(p.reoffered as u32), &f.int)?;
    text(
        ws,
        6,
        0,
        "DNA'd or cancelled first appointments not re-offered",
        &f.text,
    )?;
    int(ws, 6, 1, Some(p.not_reoffered as u32), &f.int)?;
    for (k, (weeks, share, target)) in p.access.iter().enumerate() {
        let r = 7 + k as u32;
        text(
            ws,
            r,
            0,
            &format!("Seen at Choice within {weeks} weeks"),
            &f.text,
        )?;
        days(ws, r, 1, *share, &f.pct)?;
        ws.write_number_with_format(r, 2, *target, &f.pct)?;
    }
    text(ws, 9, 0, "Review", &f.text)?;
    text(ws, 9, 1, e.done.unwrap_or("not marked done"), &f.text)?;
    Ok(())
}

/// The review pack as XLSX bytes.
pub fn review_xlsx(e: &ReviewExport<'_>) -> Result<Vec<u8>, ExportError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Quarterly review: {}, {}", e.team, e.pack.quarter))
            .set_author("capa"),
    );
    let [c, b, r, w, s] = REVIEW_SHEETS;
    clinicians(wb.add_worksheet().set_name(c)?, &f, e)?;
    behind(wb.add_worksheet().set_name(b)?, &f, e.pack)?;
    reoffers(wb.add_worksheet().set_name(r)?, &f, e.pack)?;
    waits(wb.add_worksheet().set_name(w)?, &f, e.pack)?;
    summary(wb.add_worksheet().set_name(s)?, &f, e)?;
    Ok(wb.save_to_buffer()?)
}
