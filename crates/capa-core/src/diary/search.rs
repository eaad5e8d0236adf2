//! Finding offers that fit a family: booking at the end of Choice, and the two
//! Choice appointments offered when a referral is accepted (full booking).

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Serialize;

use crate::clinician::{Clinician, Initials, SkillLevel, skill_domain};
use crate::layout::weekday_name;

use super::proposal::SlotKind;
use super::state::AppointmentState;
use super::waits::{Wait, internal_wait};

/// Offers shown at once unless the caller asks otherwise.
pub const DEFAULT_LIMIT: usize = 10;

/// A published diary appointment as the search sees it. Ids are the caller's
/// (the store's), opaque here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferView {
    /// The store's id.
    pub id: i64,
    /// Whose appointment it is.
    pub clinician: Initials,
    /// The offer's label, e.g. `AD4`.
    pub label: String,
    /// Start.
    pub starts_at: NaiveDateTime,
    /// End.
    pub ends_at: NaiveDateTime,
    /// Where, if the team records locations.
    pub location: Option<String>,
    /// Where it stands.
    pub state: AppointmentState,
    /// What it is for.
    pub kind: SlotKind,
}

/// What the family and the Choice clinician need from a Partnership offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferQuery {
    /// Skill domains needed, each at a minimum level (advanced satisfies core).
    pub skills: Vec<(String, SkillLevel)>,
    /// A Specific stream; `None` asks for Core Partnership offers.
    pub stream: Option<String>,
    /// A clinician the family or the team would prefer.
    pub preferred: Option<Initials>,
    /// The preferred clinician's offers come first only when they start
    /// within this many weeks of `from` (the team's limit on the internal
    /// wait, default 6); later ones take their place by date.
    pub preferred_within_weeks: u32,
    /// Days the family cannot do.
    pub excluded_weekdays: Vec<Weekday>,
    /// The earliest start time the family can do.
    pub not_before_time: Option<NaiveTime>,
    /// The latest time the family can stay to: the appointment must end by it.
    pub not_after_time: Option<NaiveTime>,
    /// A location, when the team has several.
    pub location: Option<String>,
    /// Only offers starting after this moment.
    pub from: NaiveDateTime,
    /// Only offers starting at or before this moment (the managed-list rule
    /// sets it to the team's wait limit).
    pub until: Option<NaiveDateTime>,
    /// At most this many offers.
    pub limit: usize,
}

impl OfferQuery {
    /// A query for any Core Partnership offer after `from`, at most [`DEFAULT_LIMIT`].
    pub fn new(from: NaiveDateTime) -> Self {
        Self {
            skills: Vec::new(),
            stream: None,
            preferred: None,
            preferred_within_weeks: crate::settings::DEFAULT_MAX_WAIT_WEEKS,
            excluded_weekdays: Vec::new(),
            not_before_time: None,
            not_after_time: None,
            location: None,
            from,
            until: None,
            limit: DEFAULT_LIMIT,
        }
    }

    /// The kind of offer asked for: the stream's, or Core.
    pub fn kind(&self) -> SlotKind {
        self.stream
            .as_ref()
            .map_or(SlotKind::Core, |s| SlotKind::Specific(s.clone()))
    }

    /// The criteria an offer must meet, in the order a "why nothing fits"
    /// explanation goes through them: what the diary holds, then the
    /// clinician, then the family's days, times and place.
    pub fn criteria(&self) -> Vec<Criterion> {
        let mut out = vec![Criterion::Vacant, Criterion::After];
        if self.until.is_some() {
            out.push(Criterion::Until);
        }
        out.push(Criterion::Kind);
        out.push(Criterion::Clinician);
        out.extend(self.skills.iter().map(|(domain, level)| Criterion::Skill {
            domain: skill_domain(domain),
            level: *level,
        }));
        if !self.excluded_weekdays.is_empty() {
            out.push(Criterion::Weekday);
        }
        if self.not_before_time.is_some() || self.not_after_time.is_some() {
            out.push(Criterion::Time);
        }
        if self.location.is_some() {
            out.push(Criterion::Location);
        }
        out
    }
}

/// One thing an offer must satisfy to fit a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "criterion")]
pub enum Criterion {
    /// Still vacant.
    Vacant,
    /// Starting after the query's `from`.
    After,
    /// Starting by the query's `until`.
    Until,
    /// Of the kind asked for (Core, or the stream's).
    Kind,
    /// Its clinician is known, in post on the day, and in the stream asked for.
    Clinician,
    /// Its clinician holds a skill at a level.
    Skill {
        /// The skill domain.
        domain: String,
        /// The least level.
        level: SkillLevel,
    },
    /// Not on a day the family cannot do.
    Weekday,
    /// Within the family's times.
    Time,
    /// At the location asked for.
    Location,
}

/// The family's days, times and place, shared by Partnership and Choice searches.
fn day_fits(offer: &OfferView, excluded: &[Weekday]) -> bool {
    !excluded.contains(&offer.starts_at.weekday())
}

fn time_fits(
    offer: &OfferView,
    not_before: Option<NaiveTime>,
    not_after: Option<NaiveTime>,
) -> bool {
    not_before.is_none_or(|t| offer.starts_at.time() >= t)
        && not_after.is_none_or(|t| {
            offer.ends_at.date() == offer.starts_at.date() && offer.ends_at.time() <= t
        })
}

fn place_fits(offer: &OfferView, location: Option<&str>) -> bool {
    location.is_none_or(|want| {
        offer
            .location
            .as_deref()
            .is_some_and(|l| crate::clinician::same_name(l, want))
    })
}

impl Criterion {
    /// Whether an offer meets this criterion; `clinician` is the offer's
    /// clinician, if the team has them.
    pub fn admits(&self, offer: &OfferView, clinician: Option<&Clinician>, q: &OfferQuery) -> bool {
        match self {
            Self::Vacant => offer.state == AppointmentState::Vacant,
            Self::After => offer.starts_at > q.from,
            Self::Until => q.until.is_none_or(|u| offer.starts_at <= u),
            Self::Kind => offer.kind == q.kind(),
            Self::Clinician => clinician.is_some_and(|c| {
                c.in_post_on(offer.starts_at.date())
                    && q.stream.as_ref().is_none_or(|s| c.works_in_stream(s))
            }),
            Self::Skill { domain, level } => clinician.is_some_and(|c| c.has_skill(domain, *level)),
            Self::Weekday => day_fits(offer, &q.excluded_weekdays),
            Self::Time => time_fits(offer, q.not_before_time, q.not_after_time),
            Self::Location => place_fits(offer, q.location.as_deref()),
        }
    }

    /// The criterion in words, as it completes "no offer ...", e.g. "with
    /// advanced Dynamic skills".
    pub fn describe(&self, q: &OfferQuery) -> String {
        let fmt_time = |t: NaiveTime| t.format("%H:%M").to_string();
        match self {
            Self::Vacant => "vacant".into(),
            Self::After => format!("after {}", q.from.format("%d/%m/%Y %H:%M")),
            Self::Until => q.until.map_or_else(String::new, |u| {
                format!("starting by {}", u.format("%d/%m/%Y %H:%M"))
            }),
            Self::Kind => format!("for {}", q.kind()),
            Self::Clinician => match &q.stream {
                Some(s) => format!("from a clinician in post in the {s} stream"),
                None => "from a clinician in post".into(),
            },
            Self::Skill { domain, level } => match level {
                SkillLevel::Advanced => format!("with advanced {domain} skills"),
                SkillLevel::Core => format!("with {domain} skills"),
            },
            Self::Weekday => {
                let days: Vec<_> = q
                    .excluded_weekdays
                    .iter()
                    .map(|w| weekday_name(*w))
                    .collect();
                format!("on a day other than {}", days.join(", "))
            }
            Self::Time => match (q.not_before_time, q.not_after_time) {
                (Some(a), Some(b)) => format!("between {} and {}", fmt_time(a), fmt_time(b)),
                (Some(a), None) => format!("starting at or after {}", fmt_time(a)),
                (None, Some(b)) => format!("ending by {}", fmt_time(b)),
                (None, None) => "at any time".into(),
            },
            Self::Location => format!("at {}", q.location.as_deref().unwrap_or_default()),
        }
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Vacant => "vacant",
            Self::After => "after",
            Self::Until => "until",
            Self::Kind => "kind",
            Self::Clinician => "clinician",
            Self::Skill { .. } => "skill",
            Self::Weekday => "weekday",
            Self::Time => "time",
            Self::Location => "location",
        };
        f.write_str(name)
    }
}

/// The offer's clinician among the team's.
pub fn clinician_of<'c>(offer: &OfferView, clinicians: &'c [Clinician]) -> Option<&'c Clinician> {
    clinicians.iter().find(|c| c.initials == offer.clinician)
}

/// Whether an offer meets every criterion of the query.
pub fn fits(offer: &OfferView, clinicians: &[Clinician], q: &OfferQuery) -> bool {
    let clinician = clinician_of(offer, clinicians);
    q.criteria().iter().all(|c| c.admits(offer, clinician, q))
}

/// The offers that fit a family, for booking at the end of Choice.
///
/// An offer fits when it is vacant, starts after `from` (and by `until`, when
/// set), is of the kind asked for (Core, or the stream's Specific offers), its
/// clinician is known, in post that day, in the stream when one is asked for,
/// and holds every required skill at least at the required level (advanced
/// satisfies core), and it avoids the excluded weekdays, keeps within the
/// times, and is at the location when one is given.
///
/// Ranking: earliest first. When a preferred clinician is named, their
/// fitting offers that start within `preferred_within_weeks` of `from` come
/// first (earliest first), then everyone else's and the preferred
/// clinician's later ones by date; a preference never puts an offer months
/// away ahead of an earlier one that fits. Ties go to initials, then id, so
/// the order is stable. At most `limit` offers.
pub fn search<'a>(
    offers: &'a [OfferView],
    clinicians: &[Clinician],
    q: &OfferQuery,
) -> Vec<&'a OfferView> {
    let criteria = q.criteria();
    let mut found: Vec<&OfferView> = offers
        .iter()
        .filter(|o| {
            let clinician = clinician_of(o, clinicians);
            criteria.iter().all(|c| c.admits(o, clinician, q))
        })
        .collect();
    let window = q.from + Duration::weeks(i64::from(q.preferred_within_weeks));
    let not_preferred = |o: &OfferView| !q.is_preferred(o, window);
    found.sort_by(|a, b| {
        (not_preferred(a), a.starts_at, &a.clinician, a.id).cmp(&(
            not_preferred(b),
            b.starts_at,
            &b.clinician,
            b.id,
        ))
    });
    found.truncate(q.limit);
    found
}

impl OfferQuery {
    /// Whether an offer is put first for the preferred clinician: theirs,
    /// starting by `window`.
    fn is_preferred(&self, o: &OfferView, window: NaiveDateTime) -> bool {
        self.preferred.as_ref() == Some(&o.clinician) && o.starts_at <= window
    }
}

/// An offer found at the end of Choice, with the family's wait for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found<'a> {
    /// The offer.
    pub offer: &'a OfferView,
    /// Days from today to the offer, against CAPA's aim and the team's limit.
    pub wait: Wait,
    /// Whether it is ranked first as the preferred clinician's.
    pub preferred: bool,
}

/// [`search`], each offer with the wait from `today` (the Choice
/// appointment's day) to it, judged against CAPA's aim (4 weeks) and the
/// team's limit (`preferred_within_weeks`).
pub fn search_with_waits<'a>(
    offers: &'a [OfferView],
    clinicians: &[Clinician],
    q: &OfferQuery,
    today: NaiveDate,
) -> Vec<Found<'a>> {
    let window = q.from + Duration::weeks(i64::from(q.preferred_within_weeks));
    search(offers, clinicians, q)
        .into_iter()
        .map(|offer| Found {
            wait: internal_wait(today, offer.starts_at.date(), q.preferred_within_weeks),
            preferred: q.is_preferred(offer, window),
            offer,
        })
        .collect()
}

/// What a family can do, for offering Choice appointments at referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceQuery {
    /// Days the family cannot do.
    pub excluded_weekdays: Vec<Weekday>,
    /// The earliest start time the family can do.
    pub not_before_time: Option<NaiveTime>,
    /// The appointment must end by this time.
    pub not_after_time: Option<NaiveTime>,
    /// A location, when the team has several.
    pub location: Option<String>,
    /// Only slots starting after this moment.
    pub from: NaiveDateTime,
}

impl ChoiceQuery {
    /// Any Choice slot after `from`.
    pub fn new(from: NaiveDateTime) -> Self {
        Self {
            excluded_weekdays: Vec::new(),
            not_before_time: None,
            not_after_time: None,
            location: None,
            from,
        }
    }

    /// Whether a slot fits: a vacant Choice slot after `from` on a day, at a
    /// time and place the family can do.
    pub fn fits(&self, slot: &OfferView) -> bool {
        slot.state == AppointmentState::Vacant
            && slot.kind == SlotKind::Choice
            && slot.starts_at > self.from
            && day_fits(slot, &self.excluded_weekdays)
            && time_fits(slot, self.not_before_time, self.not_after_time)
            && place_fits(slot, self.location.as_deref())
    }
}

/// Full booking to Choice: the two earliest fitting Choice slots on different
/// days (the family picks one). The first is the earliest fitting slot; the
/// second the earliest on another day. Fewer than two when the diary does not
/// hold them.
pub fn two_choice_slots<'a>(slots: &'a [OfferView], q: &ChoiceQuery) -> Vec<&'a OfferView> {
    let mut fitting: Vec<&OfferView> = slots.iter().filter(|s| q.fits(s)).collect();
    fitting.sort_by_key(|s| (s.starts_at, s.id));
    let Some(first) = fitting.first().copied() else {
        return Vec::new();
    };
    let second = fitting
        .iter()
        .find(|s| s.starts_at.date() != first.starts_at.date())
        .copied();
    std::iter::once(first).chain(second).collect()
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
