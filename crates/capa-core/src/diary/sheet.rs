//! The quarter's activity-planning sheet: each clinician's target against the
//! offers they have published, who is short by the deadline, and the re-offer
//! tasks DNA'd and cancelled first appointments create (method page, sections
//! 6 and 7).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;

use crate::capacity::CapacityReport;
use crate::clinician::Initials;
use crate::explain::Explanation;
use crate::layout::WEEKDAYS;
use crate::quarter::Quarter;
use crate::settings::TeamSettings;

use super::holidays::WorkingDays;
use super::state::AppointmentState;

/// Working days a clinician has to re-offer a DNA'd or cancelled first
/// appointment, unless the team sets another number (`reoffer_working_days`).
pub const REOFFER_WORKING_DAYS: u32 = crate::settings::DEFAULT_REOFFER_WORKING_DAYS;

/// The team's rules the sheet applies.
#[derive(Debug, Clone, Copy)]
pub struct SheetRules<'a> {
    /// Weeks before the quarter by which offers are in the diary.
    pub diary_notice_weeks: u32,
    /// Working days from a missed first appointment's date to re-offer it.
    pub reoffer_working_days: u32,
    /// The team's working weekdays.
    pub weekdays: &'a [Weekday],
}

impl<'a> SheetRules<'a> {
    /// The rules of a team's settings.
    pub fn of(settings: &'a TeamSettings) -> Self {
        Self {
            diary_notice_weeks: settings.diary_notice_weeks,
            reoffer_working_days: settings.reoffer_working_days,
            weekdays: &settings.layout.days,
        }
    }
}

/// A published first-Partnership offer as the sheet sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetOffer {
    /// The store's id.
    pub id: i64,
    /// Whose offer.
    pub clinician: Initials,
    /// Where it stands.
    pub state: AppointmentState,
    /// When it starts.
    pub starts_at: NaiveDateTime,
    /// The day its outcome was recorded, if it has one.
    pub outcome_recorded_at: Option<NaiveDate>,
    /// The offer published to replace it, once re-offered.
    pub replaced_by: Option<i64>,
}

/// A clinician's target on the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetTarget {
    /// Whose.
    pub clinician: Initials,
    /// New Core Partnerships to start in the quarter.
    pub target: u32,
}

/// The new Core targets of a capacity report, as the sheet's input.
pub fn core_targets(report: &CapacityReport) -> Vec<SheetTarget> {
    report
        .clinicians
        .iter()
        .map(|c| SheetTarget {
            clinician: c.initials.clone(),
            target: c.new_core_target,
        })
        .collect()
}

/// Where a clinician stands against the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum DeadlineStatus {
    /// Before the deadline, with enough offers.
    OnTrack,
    /// Before the deadline, short of the target.
    Short {
        /// Offers missing.
        by: u32,
    },
    /// After the deadline, with enough offers.
    Met,
    /// After the deadline, short of the target.
    Missed {
        /// Offers missing.
        by: u32,
    },
}

impl DeadlineStatus {
    /// Offers missing (0 when on track or met).
    pub fn missing(self) -> u32 {
        match self {
            Self::Short { by } | Self::Missed { by } => by,
            Self::OnTrack | Self::Met => 0,
        }
    }
}

/// One clinician's line of the sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetRow {
    /// Whose.
    pub clinician: Initials,
    /// New Core Partnerships to start.
    pub target: u32,
    /// Offers published (every state).
    pub published: u32,
    /// Offers a family has been booked into (booked now, or since seen, DNA'd or cancelled).
    pub booked: u32,
    /// Partnerships started: first appointment attended.
    pub started: u32,
    /// First appointments not attended.
    pub dna: u32,
    /// First appointments cancelled by the family or the service.
    pub cancelled: u32,
    /// DNA'd or cancelled offers already replaced by a new offer.
    pub reoffered: u32,
    /// Offers still vacant.
    pub vacant: u32,
    /// Offers that count towards the target: published minus DNA'd and cancelled.
    pub counting: u32,
    /// Whether the offers that count reach the target.
    pub meets_target: bool,
    /// Where the clinician stands against the deadline.
    pub status: DeadlineStatus,
    /// How the status was judged.
    pub explain: Explanation,
}

/// A DNA'd or cancelled first appointment still waiting for its re-offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReofferTask {
    /// The offer to replace.
    pub offer: i64,
    /// Whose task.
    pub clinician: Initials,
    /// What happened.
    pub state: AppointmentState,
    /// The day the task became due: the missed appointment's date (however
    /// late its outcome was recorded).
    pub due: NaiveDate,
    /// The last day within the team's working days (default 5).
    pub reoffer_by: NaiveDate,
    /// Working days since it became due.
    pub working_days: u32,
    /// More than the team's working days have passed.
    pub overdue: bool,
    /// The working.
    pub explain: Explanation,
}

/// A clinician short of their target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// Who.
    pub clinician: Initials,
    /// Offers missing.
    pub by: u32,
}

/// The team's line of the sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamSummary {
    /// Sum of targets.
    pub target: u32,
    /// Sum of offers published.
    pub published: u32,
    /// Sum of offers that count.
    pub counting: u32,
    /// Partnerships started.
    pub started: u32,
    /// Who is short, and by how many, most short first.
    pub short: Vec<Shortfall>,
    /// Re-offer tasks past their 5 working days.
    pub overdue_reoffers: usize,
    /// The working.
    pub explain: Explanation,
}

/// A quarter's activity-planning sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    /// The quarter.
    pub quarter: Quarter,
    /// The day judged as of.
    pub today: NaiveDate,
    /// Offers must be in the diary by this day.
    pub deadline: NaiveDate,
    /// Whether `today` is after the deadline.
    pub deadline_passed: bool,
    /// How the deadline was found.
    pub deadline_explain: Explanation,
    /// One line per clinician, in the targets' order, then any clinician with
    /// offers but no target.
    pub rows: Vec<SheetRow>,
    /// DNA'd and cancelled first appointments not yet re-offered, oldest first.
    pub reoffer_tasks: Vec<ReofferTask>,
    /// The team's totals and who is short.
    pub team: TeamSummary,
}

/// The diary deadline: the quarter's start minus the team's notice (default 6 weeks).
pub fn deadline(quarter: Quarter, diary_notice_weeks: u32) -> (NaiveDate, Explanation) {
    let start = quarter.start();
    let day = start
        .checked_sub_days(Days::new(7 * u64::from(diary_notice_weeks)))
        .unwrap_or(start);
    let explain = Explanation::new(
        "quarter start - the team's diary notice",
        format!(
            "{} - {diary_notice_weeks} weeks = {}",
            start.format("%d/%m/%Y"),
            day.format("%d/%m/%Y")
        ),
    );
    (day, explain)
}

fn row(
    clinician: Initials,
    target: u32,
    offers: &[&SheetOffer],
    deadline: NaiveDate,
    today: NaiveDate,
) -> SheetRow {
    use AppointmentState::*;
    let count = |f: &dyn Fn(&SheetOffer) -> bool| offers.iter().filter(|o| f(o)).count() as u32;
    let published = offers.len() as u32;
    let dna = count(&|o| o.state == Dna);
    let cancelled = count(&|o| matches!(o.state, CancelledByFamily | CancelledByService));
    let counting = published - dna - cancelled;
    let missing = target.saturating_sub(counting);
    let passed = today > deadline;
    let status = match (passed, missing) {
        (false, 0) => DeadlineStatus::OnTrack,
        (false, by) => DeadlineStatus::Short { by },
        (true, 0) => DeadlineStatus::Met,
        (true, by) => DeadlineStatus::Missed { by },
    };
    let when = if passed {
        format!("deadline {} passed", deadline.format("%d/%m/%Y"))
    } else {
        format!(
            "deadline {}, {} days away",
            deadline.format("%d/%m/%Y"),
            (deadline - today).num_days()
        )
    };
    let verdict = match status {
        DeadlineStatus::OnTrack => "on track".to_string(),
        DeadlineStatus::Short { by } => format!("short by {by}"),
        DeadlineStatus::Met => "met".to_string(),
        DeadlineStatus::Missed { by } => format!("missed by {by}"),
    };
    let lost = dna + cancelled;
    let working = if lost == 0 {
        format!("{counting} of {target}: {verdict}")
    } else {
        format!("{published} - {lost} = {counting} of {target}: {verdict}")
    };
    SheetRow {
        clinician,
        target,
        published,
        booked: count(&|o| o.state.is_taken()),
        started: count(&|o| o.state == Attended),
        dna,
        cancelled,
        reoffered: count(&|o| o.state.needs_reoffer() && o.replaced_by.is_some()),
        vacant: count(&|o| o.state == Vacant),
        counting,
        meets_target: missing == 0,
        status,
        explain: Explanation::new(
            "offers that count (published - DNA'd or cancelled) against the target",
            working,
        )
        .note(when),
    }
}

fn reoffer_task(
    o: &SheetOffer,
    today: NaiveDate,
    rules: &SheetRules<'_>,
    holidays: &[NaiveDate],
) -> ReofferTask {
    let allowed = rules.reoffer_working_days;
    let days = WorkingDays {
        weekdays: rules.weekdays,
        holidays,
    };
    let due = o.starts_at.date();
    let working_days = days.after(due, today);
    let reoffer_by = days.add(due, allowed);
    let overdue = working_days > allowed;
    let what = match o.state {
        AppointmentState::Dna => "DNA",
        AppointmentState::CancelledByFamily => "cancelled by the family",
        _ => "cancelled by the service",
    };
    let explain = Explanation::new(
        "working days (the team's weekdays, not public holidays) since the appointment's date",
        format!(
            "{what} on {}: {working_days} working days by {}; re-offer by {}",
            due.format("%d/%m/%Y"),
            today.format("%d/%m/%Y"),
            reoffer_by.format("%d/%m/%Y")
        ),
    )
    .note(if overdue {
        format!("overdue: more than {allowed} working days")
    } else {
        format!("within {allowed} working days")
    });
    ReofferTask {
        offer: o.id,
        clinician: o.clinician.clone(),
        state: o.state,
        due,
        reoffer_by,
        working_days,
        overdue,
        explain,
    }
}

/// [`sheet_for`] with the default rules: re-offers within 5 working days,
/// Monday to Friday.
pub fn sheet(
    targets: &[SheetTarget],
    offers: &[SheetOffer],
    quarter: Quarter,
    diary_notice_weeks: u32,
    today: NaiveDate,
    holidays: &[NaiveDate],
) -> Sheet {
    let rules = SheetRules {
        diary_notice_weeks,
        reoffer_working_days: REOFFER_WORKING_DAYS,
        weekdays: &WEEKDAYS,
    };
    sheet_for(targets, offers, quarter, &rules, today, holidays)
}

/// The activity-planning sheet of a quarter, judged as of `today`.
///
/// `offers` are the first-Partnership offers published for the quarter
/// (re-offers included); a clinician with offers but no target gets a line
/// with target 0, so nothing disappears. Before the deadline (on it
/// included) a clinician is "on track" or "short by N"; after it, the target
/// was met or missed. Each DNA'd or cancelled offer without a replacement is
/// a re-offer task, overdue once more than the team's re-offer working days
/// (default 5; the team's weekdays, skipping `holidays`) have passed since
/// the appointment's date.
pub fn sheet_for(
    targets: &[SheetTarget],
    offers: &[SheetOffer],
    quarter: Quarter,
    rules: &SheetRules<'_>,
    today: NaiveDate,
    holidays: &[NaiveDate],
) -> Sheet {
    let (deadline, deadline_explain) = deadline(quarter, rules.diary_notice_weeks);
    let mut by_clinician: BTreeMap<&Initials, Vec<&SheetOffer>> = BTreeMap::new();
    for o in offers {
        by_clinician.entry(&o.clinician).or_default().push(o);
    }
    let mut rows: Vec<SheetRow> = targets
        .iter()
        .map(|t| {
            let mine = by_clinician.remove(&t.clinician).unwrap_or_default();
            row(t.clinician.clone(), t.target, &mine, deadline, today)
        })
        .collect();
    rows.extend(
        by_clinician
            .into_iter()
            .map(|(c, mine)| row(c.clone(), 0, &mine, deadline, today)),
    );

    let mut reoffer_tasks: Vec<ReofferTask> = offers
        .iter()
        .filter(|o| o.state.needs_reoffer() && o.replaced_by.is_none())
        .map(|o| reoffer_task(o, today, rules, holidays))
        .collect();
    reoffer_tasks
        .sort_by(|a, b| (a.due, &a.clinician, a.offer).cmp(&(b.due, &b.clinician, b.offer)));

    let mut short: Vec<Shortfall> = rows
        .iter()
        .filter(|r| r.status.missing() > 0)
        .map(|r| Shortfall {
            clinician: r.clinician.clone(),
            by: r.status.missing(),
        })
        .collect();
    short.sort_by(|a, b| b.by.cmp(&a.by).then_with(|| a.clinician.cmp(&b.clinician)));
    let target: u32 = rows.iter().map(|r| r.target).sum();
    let counting: u32 = rows.iter().map(|r| r.counting).sum();
    let overdue_reoffers = reoffer_tasks.iter().filter(|t| t.overdue).count();
    let explain = Explanation::new(
        "sum over clinicians of the offers that count, against the sum of targets",
        format!(
            "{counting} of {target}; {} short by {} in all",
            short.len(),
            short.iter().map(|s| s.by).sum::<u32>()
        ),
    );
    Sheet {
        quarter,
        today,
        deadline,
        deadline_passed: today > deadline,
        deadline_explain,
        team: TeamSummary {
            target,
            published: rows.iter().map(|r| r.published).sum(),
            counting,
            started: rows.iter().map(|r| r.started).sum(),
            short,
            overdue_reoffers,
            explain,
        },
        rows,
        reoffer_tasks,
    }
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
