//! What one replication records: week by week figures of the forecast
//! period, the waits of every family seen in it, and each clinician's offers
//! by quarter.

use super::plan::Plan;
use super::timeline::{DAY, WEEK};
use crate::stats::DayHistogram;

/// One week's figures in one replication.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct WeekOut {
    pub referrals: u32,
    pub seen: u32,
    pub wait_sum: u64,
    pub within_3_weeks: u32,
    pub within_8_weeks: u32,
    pub started: u32,
    pub partnership_wait_sum: u64,
    /// At the week's end: accepted referrals not yet seen at Choice.
    pub choice_waiting: u32,
    /// ... of them with no Choice appointment booked.
    pub choice_unbooked: u32,
    /// Families past Choice not yet at their first Partnership appointment.
    pub partnership_waiting: u32,
    /// ... of them with nothing booked: the managed list.
    pub managed_list: u32,
}

/// One clinician's offers in one quarter.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct QuarterOut {
    pub published: u32,
    pub booked: u32,
    pub started: u32,
}

/// One replication's record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RepOut {
    report_start: u32,
    pub weeks: Vec<WeekOut>,
    /// `[clinician x weeks + week]`: open episodes at the week's end.
    pub caseload: Vec<u32>,
    clinicians: usize,
    quarters: usize,
    /// `[clinician x quarters + quarter]`.
    pub offers: Vec<QuarterOut>,
    pub choice_waits: DayHistogram,
    pub partnership_waits: DayHistogram,
    pub closed_after_dna: u32,
    /// Family-minutes in the Choice stage over the forecast period.
    pub choice_area: f64,
    pub choice_stage_minutes: f64,
    pub choice_stage_left: u32,
    pub choice_waiting_at_end: u32,
}

impl RepOut {
    pub fn new(plan: &Plan) -> Self {
        let weeks = (plan.timeline.weeks - plan.timeline.warm_up) as usize;
        let clinicians = plan.initials.len();
        let quarters = plan.quarters.len();
        let offers = plan
            .published
            .iter()
            .map(|&published| QuarterOut {
                published,
                ..QuarterOut::default()
            })
            .collect();
        Self {
            report_start: plan.report_start(),
            weeks: vec![WeekOut::default(); weeks],
            caseload: vec![0; clinicians * weeks],
            clinicians,
            quarters,
            offers,
            choice_waits: DayHistogram::default(),
            partnership_waits: DayHistogram::default(),
            closed_after_dna: 0,
            choice_area: 0.0,
            choice_stage_minutes: 0.0,
            choice_stage_left: 0,
            choice_waiting_at_end: 0,
        }
    }

    fn week(&mut self, now: u32) -> Option<&mut WeekOut> {
        let w = now.checked_sub(self.report_start)? / WEEK;
        self.weeks.get_mut(w as usize)
    }

    pub fn arrival(&mut self, now: u32) {
        if let Some(w) = self.week(now) {
            w.referrals += 1;
        }
    }

    pub fn seen_at_choice(&mut self, now: u32, wait_days: u32) {
        let Some(w) = self.week(now) else { return };
        w.seen += 1;
        w.wait_sum += u64::from(wait_days);
        w.within_3_weeks += u32::from(wait_days <= 21);
        w.within_8_weeks += u32::from(wait_days <= 56);
        self.choice_waits.add(wait_days);
    }

    pub fn started(&mut self, now: u32, clinician: usize, quarter: usize, wait_days: u32) {
        self.offers[clinician * self.quarters + quarter].started += 1;
        let Some(w) = self.week(now) else { return };
        w.started += 1;
        w.partnership_wait_sum += u64::from(wait_days);
        self.partnership_waits.add(wait_days);
    }

    pub fn offer_booked(&mut self, clinician: usize, quarter: usize) {
        self.offers[clinician * self.quarters + quarter].booked += 1;
    }

    pub fn offer_published(&mut self, clinician: usize, quarter: usize) {
        self.offers[clinician * self.quarters + quarter].published += 1;
    }

    /// Records the lists at the end of forecast week `w` (from 0).
    pub fn week_end(&mut self, w: u32, state: WeekOut) {
        if let Some(week) = self.weeks.get_mut(w as usize) {
            week.choice_waiting = state.choice_waiting;
            week.choice_unbooked = state.choice_unbooked;
            week.partnership_waiting = state.partnership_waiting;
            week.managed_list = state.managed_list;
        }
    }

    /// Records a clinician's open episodes at the end of forecast week `w`.
    pub fn caseload_at(&mut self, w: u32, clinician: usize, open: u32) {
        let weeks = self.weeks.len();
        if clinician < self.clinicians && (w as usize) < weeks {
            self.caseload[clinician * weeks + w as usize] = open;
        }
    }

    /// Days in the forecast period.
    pub fn days(&self) -> f64 {
        (self.weeks.len() as u32 * WEEK) as f64 / f64::from(DAY)
    }
}
