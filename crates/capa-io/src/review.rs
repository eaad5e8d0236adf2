//! The quarterly review pack exported: CSV here (UTF-8 with a BOM, so
//! spreadsheet programs keep macrons; cells that would read as a formula are
//! quote-prefixed), XLSX in [`crate::xlsx::review`].

use capa_core::monitor::{ClinicianMonitor, QuarterMonitor, ReviewPack};

pub use crate::xlsx::review::{REVIEW_SHEETS, review_xlsx};

/// What an export of the pack is made from.
pub struct ReviewExport<'a> {
    /// The team's name.
    pub team: &'a str,
    /// The quarter's monitor.
    pub monitor: &'a QuarterMonitor,
    /// Its review pack (`capa_core::monitor::pack`).
    pub pack: &'a ReviewPack,
    /// The actions agreed, by clinician initials.
    pub notes: &'a [(String, String)],
    /// "done on 14/09/2026 by Fiona Smith", when the review is marked done.
    pub done: Option<&'a str>,
}

impl ReviewExport<'_> {
    /// The actions agreed for a clinician (empty when none).
    pub fn note(&self, initials: &str) -> &str {
        self.notes
            .iter()
            .find(|(i, _)| i == initials)
            .map_or("", |(_, n)| n.as_str())
    }
}

/// The clinician's flags' codes, `; `-separated.
pub fn flag_codes(c: &ClinicianMonitor) -> String {
    c.flags
        .iter()
        .map(|f| f.code.code())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The header of the CSV export.
pub const CSV_HEADER: [&str; 17] = [
    "initials",
    "name",
    "target",
    "published",
    "booked",
    "started",
    "dna",
    "cancelled",
    "reoffered",
    "not_reoffered",
    "choice_allocated",
    "choice_done",
    "projected",
    "open_caseload",
    "flags",
    "reasons",
    "actions_agreed",
];

fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The pack as CSV: one row per clinician (figures, flags with their
/// reasons, the actions agreed), then the team's row.
pub fn review_csv(e: &ReviewExport<'_>) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    let opt = |n: Option<u32>| n.map_or(String::new(), |n| n.to_string());
    for c in &e.monitor.clinicians {
        let k = c.counts;
        let reasons = c
            .flags
            .iter()
            .map(|f| f.reason.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let mut row: Vec<String> = vec![safe(c.initials.as_str()), safe(&c.name)];
        row.extend(
            [
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
            .map(|n| n.to_string()),
        );
        row.push(opt(c.projected));
        row.push(c.open_caseload.to_string());
        row.push(flag_codes(c));
        row.push(safe(&reasons));
        row.push(safe(e.note(c.initials.as_str())));
        w.write_record(&row)?;
    }
    let t = &e.monitor.team;
    let mut row: Vec<String> = vec!["team".into(), safe(e.team)];
    row.extend(
        [
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
        .map(|n| n.to_string()),
    );
    row.push(opt(t.projected));
    row.push(t.open_caseload.to_string());
    row.extend([String::new(), String::new(), String::new()]);
    w.write_record(&row)?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(format!(
        "\u{feff}{}",
        String::from_utf8(bytes).expect("csv writes the UTF-8 it was given")
    ))
}
