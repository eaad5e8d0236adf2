//! A self-assessment review as the page, the API and the exports show it:
//! the stored ratings and notes, capa-core's scores, and the evidence capa
//! holds for the quarter of the review's date. Shared by `pages::assessment`
//! and `api::assessments` so both show the same review; [`demo`] holds the
//! demo team's past reviews.

pub mod demo;

use capa_core::assessment::evidence::{
    self, CoreSkillsFacts, DemandFacts, EvidenceFacts, FullBookingFacts, JobPlanningFacts,
    ReviewMarks, SkillMatchingFacts,
};
use capa_core::assessment::{AssessmentSettings, AssessmentView, ItemEvidence, view};
use capa_core::{Quarter, capacity, monitor};
use capa_store::{Store, StoreError, StoredAssessment, StoredTeam};
use chrono::{NaiveDate, TimeDelta};

/// The settings the reviews are scored with. The team-set tags of items 4
/// and 6 keep the method page's defaults until teams can change them.
pub fn settings() -> AssessmentSettings {
    AssessmentSettings::default()
}

/// A review with everything shown beside it.
pub struct Review {
    /// As stored.
    pub stored: StoredAssessment,
    /// Ratings, notes, guidance, evidence and scores.
    pub view: AssessmentView,
    /// The quarter whose facts the evidence is drawn from.
    pub quarter: Quarter,
}

/// The quarter a review's evidence comes from: the one its date falls in.
pub fn evidence_quarter(stored: &StoredTeam, a: &StoredAssessment) -> Quarter {
    Quarter::containing(a.assessment.date, stored.team.settings.year_start_month)
}

/// The day a quarter's evidence is judged as of: today for the current
/// quarter (and a future one), the quarter's last day once it has ended.
pub fn as_of(quarter: Quarter, today: NaiveDate) -> NaiveDate {
    today.min(quarter.end_exclusive() - TimeDelta::days(1))
}

/// The evidence for all eleven items, in number order, from the quarter's
/// facts: item 7 from the job plans and the capacity report; items 3, 5, 6
/// and 8 from the quarter's monitor (item 8 with the review marks of the
/// quarter and the one before); none for the others.
pub async fn evidence(
    store: &Store,
    stored: &StoredTeam,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<Vec<ItemEvidence>, StoreError> {
    let report = capacity::quarter(&stored.team, quarter);
    let (facts, settings) = store
        .monitor_facts(stored, quarter, as_of(quarter, today))
        .await?;
    let m = monitor::report::quarter(&facts, &settings);
    let reviews = ReviewMarks {
        this_quarter: store
            .review_mark(stored.id, quarter)
            .await?
            .map(|r| r.done_on),
        last_quarter: store
            .review_mark(stored.id, quarter.previous())
            .await?
            .map(|r| r.done_on),
    };
    let facts = EvidenceFacts {
        demand: DemandFacts::from_monitor(&m, &report),
        full_booking: FullBookingFacts::from_monitor(
            &m,
            stored.team.settings.accepted_referrals_per_week,
        ),
        skill_matching: SkillMatchingFacts::from_monitor(&m),
        core_skills: CoreSkillsFacts::from_capacity(&stored.team, &report),
        job_planning: JobPlanningFacts::from_monitor(&m, reviews),
    };
    Ok(evidence::all(&facts))
}

/// A stored review with its scores and the evidence of its date's quarter,
/// judged as of `today` (the team's local date).
pub async fn review(
    store: &Store,
    stored_team: &StoredTeam,
    stored: StoredAssessment,
    today: NaiveDate,
) -> Result<Review, StoreError> {
    let quarter = evidence_quarter(stored_team, &stored);
    let evidence = evidence(store, stored_team, quarter, today).await?;
    let view = view(&stored.assessment, &settings(), &evidence);
    Ok(Review {
        stored,
        view,
        quarter,
    })
}
