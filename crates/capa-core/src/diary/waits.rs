//! Waits and the managed list.
//!
//! With full booking there is no internal waiting list: the family leaves
//! Choice with a date. The internal wait (Choice to first Partnership
//! appointment) is measured; CAPA aims for it within 4 weeks and at most 6.
//! When nothing fits within the team's limit the family goes on a visible,
//! managed list with the reason, never silently.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::clinician::Clinician;
use crate::explain::Explanation;

use super::search::{self, Criterion, OfferQuery, OfferView, clinician_of};

/// The team's default limit on the internal wait, in weeks (CAPA: at most 6;
/// the team setting `max_wait_weeks`).
pub use crate::settings::DEFAULT_MAX_WAIT_WEEKS;

/// CAPA's aim for the internal wait, in weeks.
pub const AIM_WEEKS: u32 = 4;

/// A measured wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wait {
    /// Days from the first event to the second.
    pub days: i64,
    /// Within CAPA's aim of 4 weeks.
    pub within_aim: bool,
    /// Within the team's limit.
    pub within_limit: bool,
    /// The working.
    pub explain: Explanation,
}

/// The internal wait: days from the Choice appointment to the first
/// Partnership appointment, judged against CAPA's aim (4 weeks) and the
/// team's limit (`max_wait_weeks`, default 6).
pub fn internal_wait(choice: NaiveDate, first_partnership: NaiveDate, max_wait_weeks: u32) -> Wait {
    let days = (first_partnership - choice).num_days();
    let limit = i64::from(max_wait_weeks) * 7;
    let aim = i64::from(AIM_WEEKS) * 7;
    let mut explain = Explanation::new(
        "first Partnership appointment - Choice appointment, in days",
        format!(
            "{} - {} = {days} days",
            first_partnership.format("%d/%m/%Y"),
            choice.format("%d/%m/%Y")
        ),
    );
    explain = explain.note(if days <= aim {
        format!("within CAPA's aim of {AIM_WEEKS} weeks")
    } else if days <= limit {
        format!(
            "beyond CAPA's aim of {AIM_WEEKS} weeks, within the team's limit of {max_wait_weeks}"
        )
    } else {
        format!("beyond the team's limit of {max_wait_weeks} weeks")
    });
    Wait {
        days,
        within_aim: days <= aim,
        within_limit: days <= limit,
        explain,
    }
}

/// New Zealand's access targets for the external wait (referral accepted to
/// first appointment): 80% seen within 3 weeks, 95% within 8 weeks.
pub const NZ_TARGET_WEEKS: (u32, u32) = (3, 8);

/// The external wait: referral accepted -> Choice appointment, in days, judged
/// against New Zealand's 3- and 8-week targets (`within_aim` is within 3 weeks,
/// `within_limit` within 8).
pub fn external_wait(accepted: NaiveDate, choice: NaiveDate) -> Wait {
    let days = (choice - accepted).num_days();
    let (short, long) = NZ_TARGET_WEEKS;
    let note = if days <= i64::from(short) * 7 {
        format!("within {short} weeks")
    } else if days <= i64::from(long) * 7 {
        format!("beyond {short} weeks, within {long}")
    } else {
        format!("beyond {long} weeks")
    };
    Wait {
        days,
        within_aim: days <= i64::from(short) * 7,
        within_limit: days <= i64::from(long) * 7,
        explain: Explanation::new(
            "Choice appointment - referral accepted, in days",
            format!(
                "{} - {} = {days} days",
                choice.format("%d/%m/%Y"),
                accepted.format("%d/%m/%Y")
            ),
        )
        .note(note),
    }
}

/// One step of the "why nothing fits" working: a criterion and the offers
/// left after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The criterion.
    pub criterion: Criterion,
    /// In words, e.g. "with advanced Dynamic skills".
    pub description: String,
    /// Offers meeting this and every earlier criterion.
    pub remaining: usize,
    /// Vacant offers in the window that meet this criterion on its own, so the
    /// UI can say "3 have the skills, but none on a Tuesday".
    pub alone: usize,
}

/// Why a search found nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoFit {
    /// The criterion that left no offer, going through them in order; `None`
    /// when the diary is empty or something fits.
    pub excluded_by: Option<Criterion>,
    /// When skills left no offer: the fewest of the skills asked for that no
    /// single offer has together (one skill when nobody offers it at all).
    pub missing_skills: Vec<Criterion>,
    /// The criteria in order, each with the offers left.
    pub steps: Vec<Step>,
    /// In words, e.g. "no offer with advanced Dynamic skills".
    pub reason: String,
}

/// Why a search finds nothing: the criteria applied one after another in the
/// query's order (vacant, dates, kind, clinician, skills, days, times,
/// location), and the first that leaves no offer.
pub fn why_nothing(offers: &[OfferView], clinicians: &[Clinician], q: &OfferQuery) -> NoFit {
    let criteria = q.criteria();
    let admits = |o: &OfferView, c: &Criterion| c.admits(o, clinician_of(o, clinicians), q);
    // The pool for the "alone" counts: what the diary holds in the window.
    let window: Vec<&OfferView> = offers
        .iter()
        .filter(|o| {
            criteria
                .iter()
                .filter(|c| matches!(c, Criterion::Vacant | Criterion::After | Criterion::Until))
                .all(|c| admits(o, c))
        })
        .collect();
    let mut left: Vec<&OfferView> = offers.iter().collect();
    let mut steps = Vec::new();
    let mut excluded_by = None;
    for c in &criteria {
        left.retain(|o| admits(o, c));
        steps.push(Step {
            criterion: c.clone(),
            description: c.describe(q),
            remaining: left.len(),
            alone: window.iter().filter(|o| admits(o, c)).count(),
        });
        if left.is_empty() && excluded_by.is_none() && !offers.is_empty() {
            excluded_by = Some(c.clone());
        }
    }
    let missing_skills = match &excluded_by {
        Some(Criterion::Skill { .. }) => missing_combination(offers, clinicians, q),
        _ => Vec::new(),
    };
    let reason = match &excluded_by {
        _ if offers.is_empty() => "the diary holds no offers".to_string(),
        None if left.len() == 1 => "1 offer fits".to_string(),
        None => format!("{} offers fit", left.len()),
        Some(Criterion::Vacant) => "no offer is vacant".to_string(),
        Some(c @ (Criterion::After | Criterion::Until)) => {
            format!("no vacant offer {}", c.describe(q))
        }
        Some(Criterion::Skill { .. }) => {
            format!(
                "no offer {}",
                describe_skills(&missing_skills, offers, clinicians, q)
            )
        }
        Some(c) => format!("no offer {}", c.describe(q)),
    };
    NoFit {
        excluded_by,
        missing_skills,
        steps,
        reason,
    }
}

/// The fewest skills asked for that no offer passing the other criteria
/// before them has together: one skill when nobody has it; "advanced Dynamic
/// with advanced Cultural competence" when each is offered but never both.
fn missing_combination(
    offers: &[OfferView],
    clinicians: &[Clinician],
    q: &OfferQuery,
) -> Vec<Criterion> {
    let criteria = q.criteria();
    let skills: Vec<&Criterion> = criteria
        .iter()
        .filter(|c| matches!(c, Criterion::Skill { .. }))
        .collect();
    let pool: Vec<&OfferView> = offers
        .iter()
        .filter(|o| {
            criteria
                .iter()
                .take_while(|c| !matches!(c, Criterion::Skill { .. }))
                .all(|c| c.admits(o, clinician_of(o, clinicians), q))
        })
        .collect();
    let n = skills.len().min(12);
    let mut subsets: Vec<u32> = (1u32..(1 << n)).collect();
    subsets.sort_by_key(|m| (m.count_ones(), *m));
    for mask in subsets {
        let chosen: Vec<&Criterion> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| skills[i])
            .collect();
        let anyone = pool.iter().any(|o| {
            let c = clinician_of(o, clinicians);
            chosen.iter().all(|s| s.admits(o, c, q))
        });
        if !anyone {
            return chosen.into_iter().cloned().collect();
        }
    }
    skills.into_iter().cloned().collect()
}

/// "with advanced Cultural competence skills", or for a combination "with
/// advanced Dynamic and advanced Cultural competence skills together (HN
/// offers advanced Cultural competence; AD offers advanced Dynamic)".
fn describe_skills(
    missing: &[Criterion],
    offers: &[OfferView],
    clinicians: &[Clinician],
    q: &OfferQuery,
) -> String {
    let name = |c: &Criterion| match c {
        Criterion::Skill { domain, level } => match level {
            crate::clinician::SkillLevel::Advanced => format!("advanced {domain}"),
            crate::clinician::SkillLevel::Core => domain.clone(),
        },
        other => other.describe(q),
    };
    match missing {
        [] => "with the skills asked for".into(),
        [one] => one.describe(q),
        many => {
            let names: Vec<String> = many.iter().map(name).collect();
            let (last, first) = names.split_last().expect("several");
            let who: Vec<String> = many
                .iter()
                .map(|c| {
                    let mut whose: Vec<String> = offers
                        .iter()
                        .filter(|o| {
                            let cl = clinician_of(o, clinicians);
                            o.state == super::state::AppointmentState::Vacant
                                && o.starts_at > q.from
                                && q.until.is_none_or(|u| o.starts_at <= u)
                                && o.kind == q.kind()
                                && c.admits(o, cl, q)
                        })
                        .map(|o| o.clinician.to_string())
                        .collect();
                    whose.sort();
                    whose.dedup();
                    format!("{} offers {}", whose.join(", "), name(c))
                })
                .collect();
            format!(
                "with {} and {last} skills together ({})",
                first.join(", "),
                who.join("; ")
            )
        }
    }
}

/// Where a family stands after the search at the end of Choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "placement")]
pub enum Placement<'a> {
    /// Offers within the limit: book one now.
    Offers {
        /// The fitting offers, ranked as [`search::search`] ranks them.
        offers: Vec<&'a OfferView>,
    },
    /// Nothing fits within the limit: the family goes on the managed list.
    ManagedList(ManagedListEntry),
}

/// Why a family is on the managed list, for the list and the audit record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagedListEntry {
    /// In words, e.g. "no offer with advanced Dynamic skills within 6 weeks".
    pub reason: String,
    /// The team's limit applied, in weeks.
    pub max_wait_weeks: u32,
    /// The earliest fitting offer beyond the limit, if the diary has one.
    pub earliest_beyond_limit: Option<NaiveDateTime>,
    /// The working: which criterion left nothing.
    pub no_fit: NoFit,
}

/// The managed-list rule: search for offers starting within `max_wait_weeks`
/// of the query's `from` (or its own `until`, if earlier). If any fit, they
/// are the family's offers; if none, the family goes on the managed list with
/// the reason, e.g. "no offer with advanced Dynamic skills within 6 weeks".
pub fn place<'a>(
    offers: &'a [OfferView],
    clinicians: &[Clinician],
    q: &OfferQuery,
    max_wait_weeks: u32,
) -> Placement<'a> {
    let limit = q.from + Duration::weeks(i64::from(max_wait_weeks));
    let mut within = q.clone();
    within.until = Some(q.until.map_or(limit, |u| u.min(limit)));
    within.preferred_within_weeks = max_wait_weeks;
    let found = search::search(offers, clinicians, &within);
    // A zero limit asks to see nothing; it is not a reason to list the family.
    if !found.is_empty() || q.limit == 0 {
        return Placement::Offers { offers: found };
    }
    let no_fit = why_nothing(offers, clinicians, &within);
    let window = format!("within {max_wait_weeks} weeks");
    let mut reason = match &no_fit.excluded_by {
        None if offers.is_empty() => format!("the diary holds no offers {window}"),
        Some(Criterion::Vacant) | Some(Criterion::Until) | None => {
            format!("no vacant offer {window}")
        }
        Some(Criterion::After) => {
            format!("no vacant offer after {}", q.from.format("%d/%m/%Y %H:%M"))
        }
        Some(Criterion::Skill { .. }) => {
            // The reason names what nobody offers, not the last skill checked.
            let what = describe_skills(&no_fit.missing_skills, offers, clinicians, &within);
            match what.split_once(" (") {
                Some((skills, who)) => format!("no offer {skills} {window} ({who}"),
                None => format!("no offer {what} {window}"),
            }
        }
        Some(c) => format!("no offer {} {window}", c.describe(&within)),
    };
    let mut beyond = q.clone();
    beyond.limit = 1;
    let earliest_beyond_limit = search::search(offers, clinicians, &beyond)
        .first()
        .map(|o| o.starts_at);
    if let Some(t) = earliest_beyond_limit {
        reason.push_str(&format!(
            "; the earliest that fits is on {}",
            t.format("%d/%m/%Y")
        ));
    }
    Placement::ManagedList(ManagedListEntry {
        reason,
        max_wait_weeks,
        earliest_beyond_limit,
        no_fit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinician::SkillLevel;
    use crate::diary::fixtures::{at, d, offer, team};
    use crate::diary::proposal::SlotKind;
    use crate::diary::state::AppointmentState;

    #[test]
    fn internal_wait_in_days_against_aim_and_limit() {
        let w = internal_wait(d(2026, 7, 6), d(2026, 7, 20), 6);
        assert_eq!((w.days, w.within_aim, w.within_limit), (14, true, true));
        assert_eq!(w.explain.working, "20/07/2026 - 06/07/2026 = 14 days");
        let w = internal_wait(d(2026, 7, 6), d(2026, 8, 17), 6);
        assert_eq!((w.days, w.within_aim, w.within_limit), (42, false, true));
        let w = internal_wait(d(2026, 7, 6), d(2026, 8, 18), 6);
        assert!(!w.within_limit);
        assert_eq!(w.explain.notes, ["beyond the team's limit of 6 weeks"]);
    }

    fn diary() -> Vec<OfferView> {
        vec![
            offer(1, "BC", at(7, 7, 11), SlotKind::Core),
            offer(2, "EF", at(7, 15, 9), SlotKind::Core),
            // AD's only Core offer is 8 weeks away.
            offer(3, "AD", at(9, 2, 9), SlotKind::Core),
        ]
    }

    #[test]
    fn offers_within_the_limit_are_offered() {
        let offers = diary();
        let q = OfferQuery::new(at(7, 6, 17));
        match place(&offers, &team(), &q, 6) {
            Placement::Offers { offers } => {
                assert_eq!(offers.iter().map(|o| o.id).collect::<Vec<_>>(), [1, 2])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nothing_with_the_skill_within_the_limit_goes_on_the_managed_list() {
        let offers = diary();
        let mut q = OfferQuery::new(at(7, 6, 17));
        q.skills = vec![("Dynamic".into(), SkillLevel::Advanced)];
        let Placement::ManagedList(entry) = place(&offers, &team(), &q, 6) else {
            panic!("expected the managed list");
        };
        assert_eq!(
            entry.reason,
            "no offer with advanced Dynamic skills within 6 weeks; the earliest that fits is on 02/09/2026"
        );
        assert_eq!(entry.earliest_beyond_limit, Some(at(9, 2, 9)));
        assert!(matches!(
            entry.no_fit.excluded_by,
            Some(Criterion::Skill { .. })
        ));
        let counts: Vec<usize> = entry.no_fit.steps.iter().map(|s| s.remaining).collect();
        // vacant 3, after 3, within 6 weeks 2, Core 2, in post 2, skill 0.
        assert_eq!(counts, [3, 3, 2, 2, 2, 0]);
    }

    #[test]
    fn the_managed_list_names_the_combination_nobody_offers() {
        use crate::diary::fixtures::clinician;
        // HN has advanced Cultural competence, AD advanced Dynamic: nobody both.
        let mut clinicians = team();
        clinicians.push(clinician(
            "HN",
            &[("Cultural competence", SkillLevel::Advanced)],
            &[],
        ));
        let offers = vec![
            offer(1, "AD", at(7, 7, 11), SlotKind::Core),
            offer(2, "HN", at(7, 8, 9), SlotKind::Core),
            offer(3, "HN", at(7, 14, 13), SlotKind::Core),
        ];
        let mut q = OfferQuery::new(at(7, 6, 17));
        q.skills = vec![
            ("Dynamic".into(), SkillLevel::Advanced),
            ("Cultural competence".into(), SkillLevel::Advanced),
        ];
        let Placement::ManagedList(entry) = place(&offers, &clinicians, &q, 6) else {
            panic!("expected the managed list");
        };
        assert_eq!(
            entry.reason,
            "no offer with advanced Dynamic and advanced Cultural competence skills together within 6 weeks (AD offers advanced Dynamic; HN offers advanced Cultural competence)"
        );
        assert_eq!(entry.no_fit.missing_skills.len(), 2);
        // Nobody at all with a skill: that skill alone is named.
        q.skills.push(("Systemic".into(), SkillLevel::Advanced));
        let Placement::ManagedList(entry) = place(&offers, &clinicians, &q, 6) else {
            panic!("expected the managed list");
        };
        assert_eq!(
            entry.reason,
            "no offer with advanced Systemic skills within 6 weeks"
        );
    }

    #[test]
    fn no_vacant_offer_within_the_limit() {
        let mut offers = diary();
        offers[0].state = AppointmentState::Booked;
        offers[1].state = AppointmentState::Booked;
        let q = OfferQuery::new(at(7, 6, 17));
        let Placement::ManagedList(entry) = place(&offers, &team(), &q, 6) else {
            panic!("expected the managed list");
        };
        assert_eq!(
            entry.reason,
            "no vacant offer within 6 weeks; the earliest that fits is on 02/09/2026"
        );
        assert_eq!(entry.no_fit.excluded_by, Some(Criterion::Until));
    }

    #[test]
    fn why_nothing_names_the_first_criterion_that_empties_the_list() {
        let offers = diary();
        let mut q = OfferQuery::new(at(7, 1, 0));
        q.excluded_weekdays = vec![chrono::Weekday::Tue];
        q.skills = vec![("Cognitive".into(), SkillLevel::Core)];
        let nf = why_nothing(&offers, &team(), &q);
        // BC has Cognitive skills but offers only on a Tuesday.
        assert_eq!(nf.excluded_by, Some(Criterion::Weekday));
        assert_eq!(nf.reason, "no offer on a day other than Tuesday");
        let weekday = nf.steps.last().unwrap();
        assert_eq!((weekday.remaining, weekday.alone), (0, 2));
        assert_eq!(
            why_nothing(&[], &team(), &q).reason,
            "the diary holds no offers"
        );
        let q = OfferQuery::new(at(7, 1, 0));
        assert_eq!(why_nothing(&offers, &team(), &q).reason, "3 offers fit");
        // Each offer alone: one that fits is said in the singular.
        let alone: Vec<String> = offers
            .iter()
            .map(|o| why_nothing(std::slice::from_ref(o), &team(), &q).reason)
            .collect();
        assert!(alone.iter().any(|r| r == "1 offer fits"), "{alone:?}");
    }

    #[test]
    fn external_wait_against_nz_targets() {
        let acc = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let w = external_wait(acc, NaiveDate::from_ymd_opt(2026, 10, 20).unwrap());
        assert_eq!((w.days, w.within_aim, w.within_limit), (19, true, true));
        let w = external_wait(acc, NaiveDate::from_ymd_opt(2026, 11, 5).unwrap());
        assert_eq!((w.days, w.within_aim, w.within_limit), (35, false, true));
        assert!(w.explain.to_string().contains("beyond 3 weeks, within 8"));
    }
}
