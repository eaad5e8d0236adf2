//! The quarterly review pack's page and its two htmx fragments: one
//! clinician's "actions agreed" form, and the review's done mark.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::monitor::{ReviewPack, WaitRow};

use super::chrome::Chrome;

/// One clinician's line of the quarter.
pub struct LineView {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Target, published, booked, started, DNA, cancelled, re-offered, not re-offered.
    pub figures: Vec<u32>,
    /// Projected, or a dash.
    pub projected: String,
    /// Open caseload.
    pub caseload: u32,
    /// Flags' short titles.
    pub flags: String,
}

/// A flag with its reason.
pub struct FlagView {
    /// Stable code.
    pub code: &'static str,
    /// Short title.
    pub title: &'static str,
    /// Why.
    pub reason: String,
}

/// A clinician who is behind.
pub struct BehindView {
    /// "TR Tui Rangi".
    pub who: String,
    /// "started 3 of 9, projected 7".
    pub position: String,
    /// Flags.
    pub flags: Vec<FlagView>,
}

/// A DNA'd or cancelled first appointment.
pub struct ReofferView {
    /// Offer label.
    pub label: String,
    /// Whose.
    pub clinician: String,
    /// What happened.
    pub what: &'static str,
    /// Due from.
    pub due: String,
    /// Re-offer by.
    pub by: String,
    /// Re-offered on, or empty.
    pub on: String,
    /// Where it stands.
    pub status: &'static str,
    /// CSS class of the status.
    pub class: &'static str,
}

/// A wait's line.
pub struct WaitView {
    /// What is measured.
    pub measure: String,
    /// Families.
    pub n: usize,
    /// Median days, or a dash.
    pub median: String,
    /// 90th percentile days, or a dash.
    pub p90: String,
}

/// One clinician's actions agreed.
pub struct NoteForm {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// The note.
    pub note: String,
    /// Where it posts.
    pub action: String,
    /// The quarter's key.
    pub quarter: String,
    /// Whether the user may write it.
    pub can_edit: bool,
    /// Form token.
    pub csrf: String,
    /// A refusal, beside the field.
    pub error: String,
    /// "Saved" after a save.
    pub saved: String,
}

/// The review's mark.
pub struct DoneView {
    /// "Done on 14/09/2026 by Fiona Smith (team lead)", when marked.
    pub done: Option<String>,
    /// Whether the user may mark it.
    pub can_mark: bool,
    /// Where it posts.
    pub action: String,
    /// The quarter's key.
    pub quarter: String,
    /// The date typed (today's by default).
    pub date: String,
    /// Form token.
    pub csrf: String,
    /// A refusal, beside the field.
    pub error: String,
}

/// Links to other quarters and pages.
pub struct PackLinks {
    /// The quarter before.
    pub previous: String,
    /// The quarter after.
    pub next: String,
    /// The monitor of the quarter.
    pub monitor: String,
    /// CSV.
    pub csv: String,
    /// XLSX.
    pub xlsx: String,
}

/// `GET /teams/{team}/review?quarter=Q`.
#[derive(Template, WebTemplate)]
#[template(path = "review.html")]
pub struct ReviewPage {
    /// Frame.
    pub chrome: Chrome,
    /// Team name.
    pub team: String,
    /// "2026/27 Q1".
    pub quarter: String,
    /// Its dates.
    pub dates: String,
    /// "as of 14/09/2026; the quarter is under way".
    pub as_of: String,
    /// Links.
    pub links: PackLinks,
    /// Every clinician's line.
    pub lines: Vec<LineView>,
    /// The team's line.
    pub team_line: LineView,
    /// Who is behind and why.
    pub behind: Vec<BehindView>,
    /// The re-offers.
    pub reoffers: Vec<ReofferView>,
    /// "4 re-offered, 2 not".
    pub reoffer_summary: String,
    /// Waits.
    pub waits: Vec<WaitView>,
    /// Shares seen within the access targets, in words.
    pub access: Vec<String>,
    /// Families on the managed list.
    pub managed_list: u32,
    /// Link to the managed list.
    pub managed_href: String,
    /// Actions agreed.
    pub notes: Vec<NoteForm>,
    /// The review's mark.
    pub done: DoneView,
}

/// The answer to saving a note by htmx: the form again.
#[derive(Template, WebTemplate)]
#[template(path = "review_note.html")]
pub struct NoteFragment {
    /// The form.
    pub n: NoteForm,
}

/// The answer to marking the review done by htmx: the mark.
#[derive(Template, WebTemplate)]
#[template(path = "review_done.html")]
pub struct DoneFragment {
    /// The mark.
    pub done: DoneView,
}

fn days(d: Option<f64>) -> String {
    d.map_or("–".into(), |d| format!("{d:.1}"))
}

/// The pack's re-offers and waits as the page shows them.
pub fn tables(p: &ReviewPack) -> (Vec<ReofferView>, Vec<WaitView>) {
    let date = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let reoffers = p
        .reoffers
        .iter()
        .map(|r| ReofferView {
            label: r.label.clone(),
            clinician: r.clinician.clone(),
            what: r.what,
            due: date(r.due),
            by: date(r.reoffer_by),
            on: r.reoffered_on.map_or(String::new(), date),
            status: r.status.words(),
            class: match r.status {
                capa_core::monitor::ReofferStatus::InTime => "status-ok",
                capa_core::monitor::ReofferStatus::Due => "status-wait",
                _ => "status-bad",
            },
        })
        .collect();
    let waits = p
        .waits
        .iter()
        .map(|w: &WaitRow| WaitView {
            measure: w.measure.clone(),
            n: w.n,
            median: days(w.median),
            p90: days(w.p90),
        })
        .collect();
    (reoffers, waits)
}
