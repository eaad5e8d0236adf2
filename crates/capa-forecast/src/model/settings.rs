//! What the forecast assumes beyond the team's own plan, each with its
//! default: DNA rates, conversion to Specific streams, the weekly profile of
//! referrals, skills families need, episode lengths.

use std::collections::BTreeMap;

use capa_core::SkillLevel;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The forecast's own settings. The team's settings (referral rate,
/// conversion to Core, multipliers, notice) come from the team itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastSettings {
    /// Weeks forecast; `None`: 26 from a snapshot of today, 52 after the warm-up.
    pub weeks: Option<u32>,
    /// Weeks simulated before the forecast when starting from an empty diary.
    pub warm_up_weeks: u32,
    /// Share of Choice appointments not attended (CAPA: about 5%).
    pub choice_dna: f64,
    /// Choice DNAs that close a referral.
    pub choice_dnas_to_close: u32,
    /// Share of Partnership appointments not attended.
    pub partnership_dna: f64,
    /// Share of Choice appointments that go on to each Specific stream (the
    /// team's spelling); streams not named take none.
    pub specific_conversion: BTreeMap<String, f64>,
    /// Referral rate factors by ISO week of the year (52 or 53 of them, e.g.
    /// 0.6 in school holidays); empty: the same rate every week.
    pub weekly_profile: Vec<f64>,
    /// Of the two Choice appointments offered, the share of families who take
    /// the earlier.
    pub earlier_choice_share: f64,
    /// Skills some Partnerships need: the first need a family has decides
    /// which clinicians' offers fit.
    pub skill_needs: Vec<SkillNeed>,
    /// Appointments a Core (or Specific) session holds in a week: CAPA's
    /// derivation of the multiplier uses 2. A stream whose multiplier is
    /// derived uses its own.
    pub appointments_per_session: f64,
    /// Where episode lengths come from.
    pub episode_lengths: EpisodeLengths,
    /// Shape of the gamma-Poisson (negative binomial) episode length when
    /// there is no discharge histogram: smaller is more spread out.
    pub length_shape: f64,
}

impl Default for ForecastSettings {
    fn default() -> Self {
        Self {
            weeks: None,
            warm_up_weeks: 13,
            choice_dna: 0.05,
            choice_dnas_to_close: 2,
            partnership_dna: 0.08,
            specific_conversion: BTreeMap::new(),
            weekly_profile: Vec::new(),
            earlier_choice_share: 0.5,
            skill_needs: Vec::new(),
            appointments_per_session: 2.0,
            episode_lengths: EpisodeLengths::FromMultiplier,
            length_shape: 3.0,
        }
    }
}

/// A share of Partnerships that need a skill at a level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillNeed {
    /// The skill domain (ABCD'S or the team's own).
    pub domain: String,
    /// The least level.
    #[serde(serialize_with = "level_out", deserialize_with = "level_in")]
    pub level: SkillLevel,
    /// Share of Partnerships needing it, 0-1.
    pub share: f64,
}

fn level_out<S: Serializer>(level: &SkillLevel, s: S) -> Result<S::Ok, S::Error> {
    level.serialize(s)
}

fn level_in<'de, D: Deserializer<'de>>(d: D) -> Result<SkillLevel, D::Error> {
    let text = String::deserialize(d)?;
    SkillLevel::parse(&text).ok_or_else(|| {
        serde::de::Error::custom(format!("'{text}' is not a skill level (core or advanced)"))
    })
}

/// Where the number of appointments in an episode comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum EpisodeLengths {
    /// A gamma-Poisson distribution whose mean is the team's: the derived
    /// multiplier's average appointments, or appointments per session x
    /// working weeks / multiplier (CAPA: 2 x 11.25 / 3 = 7.5).
    FromMultiplier,
    /// The team's discharge report: Core episodes drawn from its Core range
    /// of f/f, less the Choice appointment.
    DischargeHistogram {
        /// Episodes by f/f: index = f/f, the last entry counts the longer ones.
        counts: Vec<u64>,
        /// Episodes with at most this many f/f were Choice only (3).
        choice_max_ff: u32,
        /// The top of the Core range (15).
        core_range_max_ff: u32,
    },
}

impl EpisodeLengths {
    /// The Core lengths of a discharge report's f/f histogram.
    pub fn from_report(report: &capa_core::demand::DemandReport) -> Self {
        Self::DischargeHistogram {
            counts: report.ff_histogram.counts.clone(),
            choice_max_ff: report.settings.choice_max_ff,
            core_range_max_ff: report.settings.core_range_max_ff,
        }
    }
}

fn share(errors: &mut Vec<String>, what: &str, v: f64) {
    if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
        errors.push(format!("{what} must be between 0 and 1, not {v}"));
    }
}

impl ForecastSettings {
    /// Every problem with the settings, in words; empty when they can be used.
    pub fn problems(&self, streams: &[String], conversion_to_core: f64) -> Vec<String> {
        let mut e = Vec::new();
        share(&mut e, "choice_dna", self.choice_dna);
        share(&mut e, "partnership_dna", self.partnership_dna);
        share(&mut e, "earlier_choice_share", self.earlier_choice_share);
        if self.partnership_dna > 0.9 {
            e.push("partnership_dna above 0.9 would leave episodes never ending".into());
        }
        if self.choice_dnas_to_close == 0 {
            e.push("choice_dnas_to_close must be at least 1".into());
        }
        if let Some(w) = self.weeks
            && !(1..=520).contains(&w)
        {
            e.push(format!("weeks must be 1 to 520, not {w}"));
        }
        if self.warm_up_weeks > 104 {
            e.push(format!(
                "warm_up_weeks must be at most 104, not {}",
                self.warm_up_weeks
            ));
        }
        let mut total = conversion_to_core;
        for (stream, v) in &self.specific_conversion {
            if !streams.iter().any(|s| s.eq_ignore_ascii_case(stream)) {
                e.push(format!(
                    "specific_conversion names stream '{stream}', which the team does not have ({})",
                    if streams.is_empty() {
                        "it has none".to_string()
                    } else {
                        streams.join(", ")
                    }
                ));
            }
            share(&mut e, &format!("specific_conversion for {stream}"), *v);
            total += v;
        }
        if total > 1.0 + 1e-9 {
            e.push(format!(
                "conversion to Core and the Specific streams add up to {total:.2}, more than 1"
            ));
        }
        if !self.weekly_profile.is_empty() {
            if !(52..=53).contains(&self.weekly_profile.len()) {
                e.push(format!(
                    "weekly_profile needs 52 or 53 factors (one per ISO week), not {}",
                    self.weekly_profile.len()
                ));
            }
            if self
                .weekly_profile
                .iter()
                .any(|f| !(f.is_finite() && *f >= 0.0 && *f <= 10.0))
            {
                e.push("weekly_profile factors must be between 0 and 10".into());
            }
        }
        let mut need_total = 0.0;
        for n in &self.skill_needs {
            share(
                &mut e,
                &format!("skill need share for {}", n.domain),
                n.share,
            );
            need_total += n.share;
        }
        if need_total > 1.0 + 1e-9 {
            e.push(format!(
                "skill need shares add up to {need_total:.2}, more than 1"
            ));
        }
        if self.skill_needs.len() > 16 {
            e.push("at most 16 skill needs".into());
        }
        if !(self.appointments_per_session.is_finite()
            && self.appointments_per_session > 0.0
            && self.appointments_per_session <= 20.0)
        {
            e.push(format!(
                "appointments_per_session must be above 0 and at most 20, not {}",
                self.appointments_per_session
            ));
        }
        if !(self.length_shape.is_finite() && self.length_shape > 0.0) {
            e.push(format!(
                "length_shape must be above 0, not {}",
                self.length_shape
            ));
        }
        if let EpisodeLengths::DischargeHistogram {
            counts,
            choice_max_ff,
            core_range_max_ff,
        } = &self.episode_lengths
        {
            let core: u64 = counts
                .iter()
                .enumerate()
                .filter(|(ff, _)| {
                    (*choice_max_ff as usize + 1..=*core_range_max_ff as usize).contains(ff)
                })
                .map(|(_, c)| c)
                .sum();
            if core == 0 {
                e.push("the discharge histogram has no episodes in the Core range".into());
            }
        }
        e
    }
}
