//! Job plans: a clinician's weekly grid of sessions, versioned with the date
//! from which each version applies.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::activity::{Activity, OtherCategory};
use crate::layout::SessionLayout;

/// One version of a clinician's job plan ("JOB PLAN #").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobPlan {
    /// Version number, from 1.
    pub version: u32,
    /// First day the version applies; `None` means it has always applied.
    pub applies_from: Option<NaiveDate>,
    /// `grid[session][day]`: one row per session of the team's layout, one
    /// column per working day.
    grid: Vec<Vec<Activity>>,
}

/// A grid whose shape does not fit the team's layout.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GridError {
    /// Wrong number of session rows.
    #[error("the job plan has {found} rows; the {layout} layout has {expected} sessions a day")]
    Rows {
        /// Rows found.
        found: usize,
        /// Sessions per day in the layout.
        expected: usize,
        /// Layout identifier.
        layout: String,
    },
    /// A row with the wrong number of days.
    #[error("row {row} has {found} cells; the week has {expected} working days")]
    Columns {
        /// 1-based row.
        row: usize,
        /// Cells found.
        found: usize,
        /// Working days in the layout.
        expected: usize,
    },
}

/// Sessions per week by kind of activity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SessionCounts {
    /// Choice sessions.
    pub choice: u32,
    /// Core Partnership sessions, including empty (free) sessions.
    pub core: u32,
    /// Specific sessions per stream.
    pub specific: BTreeMap<String, u32>,
    /// Other sessions per category.
    pub other: BTreeMap<OtherCategory, u32>,
    /// All sessions in the grid.
    pub total: u32,
}

impl SessionCounts {
    /// Specific sessions in all streams.
    pub fn specific_total(&self) -> u32 {
        self.specific.values().sum()
    }

    /// Other sessions in all categories.
    pub fn other_total(&self) -> u32 {
        self.other.values().sum()
    }

    /// Sessions the clinician works: all but those marked not working or leave.
    /// This is the denominator of the Choice + Core share.
    pub fn working(&self) -> u32 {
        let off = [OtherCategory::NotWorking, OtherCategory::Leave]
            .iter()
            .filter_map(|c| self.other.get(c))
            .sum::<u32>();
        self.total - off
    }

    /// Adds another clinician's counts (for team totals).
    pub fn add(&mut self, other: &SessionCounts) {
        self.choice += other.choice;
        self.core += other.core;
        for (s, n) in &other.specific {
            *self.specific.entry(s.clone()).or_default() += n;
        }
        for (c, n) in &other.other {
            *self.other.entry(*c).or_default() += n;
        }
        self.total += other.total;
    }
}

impl JobPlan {
    /// A job plan whose grid must have the layout's sessions as rows and its
    /// working days as columns.
    pub fn new(
        version: u32,
        applies_from: Option<NaiveDate>,
        grid: Vec<Vec<Activity>>,
        layout: &SessionLayout,
    ) -> Result<Self, GridError> {
        check_shape(grid.iter().map(Vec::len), grid.len(), layout)?;
        Ok(Self {
            version,
            applies_from,
            grid,
        })
    }

    /// An all-free plan (every session Core) for the layout.
    pub fn blank(version: u32, applies_from: Option<NaiveDate>, layout: &SessionLayout) -> Self {
        let grid = vec![vec![Activity::Core; layout.days_per_week()]; layout.sessions_per_day()];
        Self {
            version,
            applies_from,
            grid,
        }
    }

    /// The grid, `grid[session][day]`.
    pub fn grid(&self) -> &[Vec<Activity>] {
        &self.grid
    }

    /// Replaces one cell. Out-of-range positions are refused.
    pub fn set(&mut self, session: usize, day: usize, activity: Activity) -> Option<Activity> {
        let cell = self.grid.get_mut(session)?.get_mut(day)?;
        Some(std::mem::replace(cell, activity))
    }

    /// Sessions per week by kind.
    pub fn counts(&self) -> SessionCounts {
        let mut c = SessionCounts::default();
        for a in self.grid.iter().flatten() {
            c.total += 1;
            match a {
                Activity::Choice => c.choice += 1,
                Activity::Core => c.core += 1,
                Activity::Specific(s) => *c.specific.entry(s.clone()).or_default() += 1,
                Activity::Other { category, .. } => *c.other.entry(*category).or_default() += 1,
            }
        }
        c
    }
}

/// Checks a grid's shape against a layout without building activities, so a
/// reader can report shape errors before cell errors.
pub fn check_shape(
    row_lengths: impl Iterator<Item = usize>,
    rows: usize,
    layout: &SessionLayout,
) -> Result<(), GridError> {
    if rows != layout.sessions_per_day() {
        return Err(GridError::Rows {
            found: rows,
            expected: layout.sessions_per_day(),
            layout: layout.id.clone(),
        });
    }
    for (i, len) in row_lengths.enumerate() {
        if len != layout.days_per_week() {
            return Err(GridError::Columns {
                row: i + 1,
                found: len,
                expected: layout.days_per_week(),
            });
        }
    }
    Ok(())
}

/// The version of a set of plans in force on `date`: the latest `applies_from`
/// on or before the date (a plan without a date applies from the beginning);
/// among equal dates, the highest version.
pub fn in_force(plans: &[JobPlan], date: NaiveDate) -> Option<&JobPlan> {
    plans
        .iter()
        .filter(|p| p.applies_from.is_none_or(|d| d <= date))
        .max_by_key(|p| (p.applies_from, p.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> SessionLayout {
        SessionLayout::nz_four_session()
    }

    #[test]
    fn blank_plan_is_all_core() {
        let p = JobPlan::blank(1, None, &layout());
        let c = p.counts();
        assert_eq!(c.core, 20);
        assert_eq!(c.total, 20);
        assert_eq!(c.working(), 20);
    }

    #[test]
    fn shape_is_checked() {
        let grid = vec![vec![Activity::Core; 5]; 3];
        assert!(matches!(
            JobPlan::new(1, None, grid, &layout()),
            Err(GridError::Rows {
                found: 3,
                expected: 4,
                ..
            })
        ));
        let mut grid = vec![vec![Activity::Core; 5]; 4];
        grid[2].pop();
        assert_eq!(
            JobPlan::new(1, None, grid, &layout())
                .unwrap_err()
                .to_string(),
            "row 3 has 4 cells; the week has 5 working days"
        );
    }

    #[test]
    fn version_in_force_is_the_latest_started() {
        let l = layout();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let plans = vec![
            JobPlan::blank(1, None, &l),
            JobPlan::blank(2, Some(d(8, 1)), &l),
            JobPlan::blank(3, Some(d(10, 1)), &l),
        ];
        assert_eq!(in_force(&plans, d(7, 1)).unwrap().version, 1);
        assert_eq!(in_force(&plans, d(8, 1)).unwrap().version, 2);
        assert_eq!(in_force(&plans, d(12, 1)).unwrap().version, 3);
        assert!(in_force(&plans[1..], d(7, 1)).is_none());
    }

    #[test]
    fn leave_and_not_working_are_not_working_sessions() {
        let l = layout();
        let mut p = JobPlan::blank(1, None, &l);
        let off = |c| Activity::Other {
            label: "x".into(),
            category: c,
        };
        p.set(0, 4, off(OtherCategory::NotWorking));
        p.set(1, 4, off(OtherCategory::Leave));
        p.set(2, 4, off(OtherCategory::Travel));
        assert_eq!(p.counts().working(), 18);
        assert_eq!(p.counts().other_total(), 3);
        assert!(p.set(9, 0, Activity::Core).is_none());
    }
}
