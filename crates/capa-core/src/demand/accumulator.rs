//! Accumulating episodes into counts, once per episode, in file order.

use std::collections::{HashMap, HashSet};

use super::counts::{Counts, DayCounts};
use super::hash::Seeded;
use super::report::DemandReport;
use super::{
    DemandError, DemandSettings, Episode, MAX_DIAGNOSES, diagnosis_of, episode_key, key_is_test,
    with_diagnosis,
};

/// The label of episodes whose diagnosis is blank.
pub(crate) const NO_DIAGNOSIS: &str = "(no diagnosis)";

/// Whether [`DemandAccumulator::add`] counted an episode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// A new episode, now in the figures.
    Counted,
    /// Same NHI, discharge date and diagnosis as an episode already counted:
    /// reported, not counted twice.
    Duplicate,
}

/// Adds up discharged episodes into the figures of a [`DemandReport`].
///
/// Memory: the figures are counts and do not grow with the report. Duplicate
/// detection keeps one `u64` per distinct episode (NHI, discharge day and
/// diagnosis packed together) in a hash set: the set holds 9 bytes per slot
/// with at most 7 slots in 8 used and doubles when full, so it costs 10 to 18
/// bytes per episode, and for a moment up to 27 while it doubles (about 19 MB,
/// and 28 MB at the peak, for a million episodes); [`Self::reserve`] sizes it
/// once instead, when the number of episodes can be estimated.
#[derive(Clone, Debug)]
pub struct DemandAccumulator {
    settings: DemandSettings,
    diagnoses: Diagnoses,
    tally: Tally,
    seen: HashSet<u64, Seeded>,
    duplicates: u64,
}

/// A part of a report accumulated apart (on another thread), to be merged
/// into the [`DemandAccumulator`] it came from with
/// [`DemandAccumulator::merge`].
///
/// A part counts every episode it is given and keeps a 16-byte trace of each,
/// so that the merge can find the duplicates in file order and take them out;
/// it is meant for a slice of a file (thousands of rows), not a whole report.
#[derive(Clone, Debug)]
pub struct DemandPart {
    partnership_min: u32,
    diagnoses: Diagnoses,
    tally: Tally,
    trace: Vec<Traced>,
}

#[derive(Clone, Copy, Debug)]
struct Traced {
    key: u64,
    ff: u32,
    start: u32,
}

impl DemandAccumulator {
    /// An empty accumulator with these settings.
    pub fn new(settings: DemandSettings) -> Result<Self, DemandError> {
        settings.check()?;
        Ok(Self {
            settings,
            diagnoses: Diagnoses::default(),
            tally: Tally::default(),
            seen: HashSet::default(),
            duplicates: 0,
        })
    }

    /// The settings the figures use.
    pub fn settings(&self) -> &DemandSettings {
        &self.settings
    }

    /// Counts one episode, unless it duplicates one already counted. Fails
    /// only when the report has more than [`MAX_DIAGNOSES`](super::MAX_DIAGNOSES)
    /// diagnoses.
    pub fn add(&mut self, episode: &Episode<'_>) -> Result<Added, DemandError> {
        let diagnosis = self.diagnoses.id(episode.diagnosis())?;
        let key = episode_key(episode.nhi(), episode.discharge_day, diagnosis);
        if !self.seen.insert(key) {
            self.duplicates += 1;
            return Ok(Added::Duplicate);
        }
        self.tally.add(
            diagnosis,
            episode.face_to_face(),
            episode.start_day(),
            episode.discharge_day,
            episode.nhi().is_test(),
            self.settings.partnership_min_ff(),
        );
        Ok(Added::Counted)
    }

    /// An empty part for another thread, with this accumulator's settings.
    pub fn new_part(&self) -> DemandPart {
        DemandPart {
            partnership_min: self.settings.partnership_min_ff(),
            diagnoses: Diagnoses::default(),
            tally: Tally::default(),
            trace: Vec::new(),
        }
    }

    /// Merges a part that follows everything added or merged so far in the
    /// report. Episodes of the part that duplicate an earlier one (in the part
    /// or before it) are taken out of the figures, exactly as [`Self::add`]
    /// would have skipped them. Returns the positions, in the order the part
    /// was given its episodes, of the duplicates.
    pub fn merge(&mut self, part: DemandPart) -> Result<Vec<usize>, DemandError> {
        let DemandPart {
            partnership_min,
            diagnoses,
            mut tally,
            trace,
        } = part;
        let to_global = diagnoses
            .entries
            .iter()
            .map(|(key, label)| self.diagnoses.id_of_key(key, label))
            .collect::<Result<Vec<u16>, _>>()?;
        let mut duplicates = Vec::new();
        for (i, t) in trace.iter().enumerate() {
            let local = diagnosis_of(t.key);
            let key = with_diagnosis(t.key, to_global[usize::from(local)]);
            if !self.seen.insert(key) {
                tally.remove(local, t.ff, t.start, key_is_test(t.key), partnership_min);
                duplicates.push(i);
            }
        }
        self.duplicates += duplicates.len() as u64;
        self.tally.merge(&tally, &to_global);
        Ok(duplicates)
    }

    /// Makes room for about `episodes` more episodes in the duplicate check at
    /// once, rather than growing it step by step (each step rehashes every key).
    pub fn reserve(&mut self, episodes: usize) {
        self.seen.reserve(episodes);
    }

    /// Episodes counted so far (duplicates excluded).
    pub fn episodes(&self) -> u64 {
        self.tally.episodes
    }

    /// The figures.
    pub fn finish(self) -> DemandReport {
        let labels = self.diagnoses.entries.into_iter().map(|(_, l)| l).collect();
        DemandReport::build(self.settings, labels, &self.tally, self.duplicates)
    }
}

impl DemandPart {
    /// Counts one episode; duplicates are found when the part is merged.
    pub fn add(&mut self, episode: &Episode<'_>) -> Result<(), DemandError> {
        let diagnosis = self.diagnoses.id(episode.diagnosis())?;
        let key = episode_key(episode.nhi(), episode.discharge_day, diagnosis);
        let (ff, start) = (episode.face_to_face(), episode.start_day());
        self.trace.push(Traced { key, ff, start });
        self.tally.add(
            diagnosis,
            ff,
            start,
            episode.discharge_day,
            episode.nhi().is_test(),
            self.partnership_min,
        );
        Ok(())
    }

    /// Episodes given to the part.
    pub fn len(&self) -> usize {
        self.trace.len()
    }

    /// Whether the part has no episode.
    pub fn is_empty(&self) -> bool {
        self.trace.is_empty()
    }
}

/// The diagnoses met so far, numbered in order of first appearance. Spellings
/// that differ only in case or surrounding spaces are one diagnosis (as in a
/// spreadsheet pivot); the first spelling met is its label.
#[derive(Clone, Debug, Default)]
struct Diagnoses {
    /// Number by lower-cased label.
    ids: HashMap<String, u16, Seeded>,
    /// Number by spelling as met, so that most rows need no lower-casing.
    spellings: HashMap<String, u16, Seeded>,
    /// (lower-cased, label) by number.
    entries: Vec<(String, String)>,
}

impl Diagnoses {
    fn id(&mut self, raw: &str) -> Result<u16, DemandError> {
        let label = match raw.trim() {
            "" => NO_DIAGNOSIS,
            l => l,
        };
        if let Some(&id) = self.spellings.get(label) {
            return Ok(id);
        }
        let key = if label.is_ascii() {
            label.to_ascii_lowercase()
        } else {
            label.to_lowercase()
        };
        let id = self.id_of_key(&key, label)?;
        // Bounded so that a column of free text cannot grow it without end.
        if self.spellings.len() < MAX_DIAGNOSES {
            self.spellings.insert(label.to_string(), id);
        }
        Ok(id)
    }

    fn id_of_key(&mut self, key: &str, label: &str) -> Result<u16, DemandError> {
        if let Some(&id) = self.ids.get(key) {
            return Ok(id);
        }
        let id = u16::try_from(self.entries.len()).map_err(|_| DemandError::TooManyDiagnoses)?;
        self.ids.insert(key.to_string(), id);
        self.entries.push((key.to_string(), label.to_string()));
        Ok(id)
    }
}

/// The counts behind every figure; each can be added and taken away, so that
/// parts can be merged and duplicates removed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    pub episodes: u64,
    pub test_nhis: u64,
    pub ff: Counts,
    pub starts: DayCounts,
    pub first_discharge: Option<u32>,
    pub last_discharge: Option<u32>,
    pub by_diagnosis: Vec<DiagnosisTally>,
}

/// The counts of one diagnosis.
#[derive(Clone, Debug, Default)]
pub(crate) struct DiagnosisTally {
    pub episodes: u64,
    /// f/f of the diagnosis' Partnership episodes.
    pub partnership: Counts,
}

impl Tally {
    fn add(
        &mut self,
        diagnosis: u16,
        ff: u32,
        start: u32,
        discharge: u32,
        test: bool,
        partnership_min: u32,
    ) {
        self.episodes += 1;
        self.test_nhis += u64::from(test);
        self.ff.add(ff);
        self.starts.add(start);
        self.first_discharge = Some(self.first_discharge.map_or(discharge, |d| d.min(discharge)));
        self.last_discharge = Some(self.last_discharge.map_or(discharge, |d| d.max(discharge)));
        let i = usize::from(diagnosis);
        if i >= self.by_diagnosis.len() {
            self.by_diagnosis.resize_with(i + 1, Default::default);
        }
        let d = &mut self.by_diagnosis[i];
        d.episodes += 1;
        if ff >= partnership_min {
            d.partnership.add(ff);
        }
    }

    /// Takes out an episode added before. The discharge range stays: a
    /// duplicate has the same discharge date as the episode it repeats.
    fn remove(&mut self, diagnosis: u16, ff: u32, start: u32, test: bool, partnership_min: u32) {
        self.episodes -= 1;
        self.test_nhis -= u64::from(test);
        self.ff.remove(ff);
        self.starts.remove(start);
        if let Some(d) = self.by_diagnosis.get_mut(usize::from(diagnosis)) {
            d.episodes -= 1;
            if ff >= partnership_min {
                d.partnership.remove(ff);
            }
        }
    }

    /// Adds `other`, whose diagnosis `i` is this tally's `to_self[i]`.
    fn merge(&mut self, other: &Tally, to_self: &[u16]) {
        self.episodes += other.episodes;
        self.test_nhis += other.test_nhis;
        self.ff.merge(&other.ff);
        self.starts.merge(&other.starts);
        for (mine, theirs) in [
            (&mut self.first_discharge, other.first_discharge),
            (&mut self.last_discharge, other.last_discharge),
        ] {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        if let (Some(a), Some(b)) = (self.first_discharge, other.first_discharge) {
            self.first_discharge = Some(a.min(b));
        }
        if let (Some(a), Some(b)) = (self.last_discharge, other.last_discharge) {
            self.last_discharge = Some(a.max(b));
        }
        for (i, d) in other.by_diagnosis.iter().enumerate() {
            let j = usize::from(to_self[i]);
            if j >= self.by_diagnosis.len() {
                self.by_diagnosis.resize_with(j + 1, Default::default);
            }
            let mine = &mut self.by_diagnosis[j];
            mine.episodes += d.episodes;
            mine.partnership.merge(&d.partnership);
        }
    }
}
