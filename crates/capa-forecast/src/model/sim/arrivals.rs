//! The referral process: accepted referrals arrive at the week's rate,
//! spread evenly over its accepting hours, which leave out weekends and
//! public holidays (capa-core's working days).

use rand::RngExt as _;
use rand_distr::Exp1;

use super::super::timeline::{ACCEPT_MINUTES, Timeline};
use super::Rep;

impl Rep<'_> {
    /// The next referral's minute: the weekly rate spread evenly over the
    /// week's accepting hours (none on public holidays).
    pub(super) fn next_arrival(&mut self) -> Option<u32> {
        let mut e: f64 = self.arrivals.sample(Exp1);
        loop {
            let w = self.arrival_week;
            let days = self.plan.accept_days.get(w as usize)?;
            let week_minutes = f64::from(ACCEPT_MINUTES * days.len() as u32);
            let rate = self.plan.week_rate[w as usize] / week_minutes.max(1.0);
            let room = week_minutes - self.arrival_x;
            if rate > 0.0 && e <= rate * room {
                self.arrival_x += e / rate;
                return Some(Timeline::working_minute(w, days, self.arrival_x));
            }
            e -= rate * room;
            self.arrival_week += 1;
            self.arrival_x = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use capa_core::diary::holidays::is_working_day;
    use capa_core::diary::nz_public_holidays;
    use capa_core::{Team, TeamSettings};
    use chrono::NaiveDate;

    use super::super::super::plan;
    use super::super::super::timeline::DAY;
    use super::super::{Buffers, Rep};
    use crate::model::ForecastInput;

    #[test]
    fn no_referral_is_accepted_on_a_holiday() {
        let mut s = TeamSettings::new("Test team");
        s.accepted_referrals_per_week = 40.0;
        let today = NaiveDate::from_ymd_opt(2026, 8, 3).unwrap();
        let mut input = ForecastInput::new(Team::new(s, Vec::new()).unwrap(), today);
        input.holidays = (2026..2028)
            .flat_map(nz_public_holidays)
            .map(|(d, _)| d)
            .collect();
        let p = plan::build(&input).unwrap();
        let mut rep = Rep::new(&p, 1, 0, &mut Buffers::default());
        let mut n = 0;
        let mut days_of_week_with_labour_day = 0;
        let labour_week = p
            .timeline
            .day(NaiveDate::from_ymd_opt(2026, 10, 26).unwrap())
            / 7;
        while let Some(m) = rep.next_arrival() {
            let day = p.timeline.date(m / DAY);
            assert!(is_working_day(day, &input.holidays), "a referral on {day}");
            days_of_week_with_labour_day += i32::from(m / DAY / 7 == labour_week as u32);
            n += 1;
        }
        // 65 weeks at 40: about 2,600, and Labour Day's week keeps its 40.
        assert!((2_400..2_800).contains(&n), "{n}");
        assert!(
            (20..60).contains(&days_of_week_with_labour_day),
            "{days_of_week_with_labour_day}"
        );
    }
}
