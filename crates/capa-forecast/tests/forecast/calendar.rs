//! Holidays, leave, leaving dates and the weekly profile reach the diary the
//! model books into.

use capa_core::Initials;
use capa_core::diary::nz_public_holidays;
use capa_forecast::model::{self, Leave};
use capa_forecast::replicate::Replications;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::team::{d, input, team};

fn dates(start: NaiveDate, minutes: &[u32]) -> Vec<NaiveDate> {
    let midnight = NaiveDateTime::from(start);
    minutes
        .iter()
        .map(|m| (midnight + Duration::minutes(i64::from(*m))).date())
        .collect()
}

#[test]
fn no_appointments_on_holidays_on_leave_or_after_leaving() {
    let mut i = input(team(4, 2, 3, 4.0), 26);
    i.holidays = (2026..2028)
        .flat_map(nz_public_holidays)
        .map(|(d, _)| d)
        .collect();
    i.leave = vec![Leave {
        clinician: Initials::parse("BB").unwrap(),
        from: d(2026, 9, 7),
        to: d(2026, 9, 18),
    }];
    i.team.clinicians[2].leaving_date = Some(d(2026, 10, 30));
    let m = model::inputs(&i).unwrap();
    let choice = dates(m.start, &m.choice.time);
    let core = dates(m.start, &m.offers[0].time);
    // Labour Day 2026 is Monday 26 October; Christmas Friday 25 December.
    for day in [d(2026, 10, 26), d(2026, 12, 25)] {
        assert!(!choice.contains(&day) && !core.contains(&day), "{day}");
    }
    let on_leave = |v: &[NaiveDate], who: &[u16]| {
        v.iter()
            .zip(who)
            .any(|(day, c)| *c == 1 && *day >= d(2026, 9, 7) && *day <= d(2026, 9, 18))
    };
    assert!(!on_leave(&choice, &m.choice.clinician));
    assert!(!on_leave(&core, &m.offers[0].clinician));
    assert!(
        choice
            .iter()
            .zip(&m.choice.clinician)
            .all(|(day, c)| *c != 2 || *day <= d(2026, 10, 30))
    );
    // The week of Labour Day has one Core session's seats fewer for everyone.
    let w = |day: NaiveDate| ((day - m.start).num_days() / 7) as usize;
    let seats = |c: usize, week: usize| m.seats[c * m.weeks as usize + week];
    assert!(seats(0, w(d(2026, 10, 26))) <= seats(0, w(d(2026, 10, 12))));
    assert_eq!(seats(1, w(d(2026, 9, 9))), 0, "BB is on leave");
    assert_eq!(seats(2, w(d(2026, 11, 11))), 0, "CC has left");
}

#[test]
fn a_weekly_profile_shapes_the_referrals() {
    let mut i = input(team(4, 2, 3, 8.0), 26);
    // No referrals in ISO weeks 40-44, double in 45-52.
    i.settings.weekly_profile = (1..=52)
        .map(|w| match w {
            40..=44 => 0.0,
            45..=52 => 2.0,
            _ => 1.0,
        })
        .collect();
    let f = model::forecast(&i, Replications::new(20, 2)).unwrap();
    for w in &f.weekly {
        let iso = chrono::Datelike::iso_week(&(w.starts + Duration::days(3))).week();
        match iso {
            40..=44 => assert_eq!(w.referrals.p95, 0.0, "{w:?}"),
            // A 53rd ISO week (2026 has one) takes the last factor.
            45..=53 => assert!(w.referrals.mean > 12.0, "{w:?}"),
            _ => assert!(w.referrals.mean > 5.0 && w.referrals.mean < 11.0, "{w:?}"),
        }
    }
}

#[test]
fn referrals_are_accepted_on_working_days_and_a_holiday_moves_them_to_the_others() {
    let mut i = input(team(4, 2, 3, 8.0), 26);
    i.holidays = (2026..2028)
        .flat_map(nz_public_holidays)
        .map(|(d, _)| d)
        .collect();
    let m = model::inputs(&i).unwrap();
    let week = |day: NaiveDate| ((day - m.start).num_days() / 7) as usize;
    // Labour Day, Monday 26 October 2026: four accepting days that week,
    // none of them the holiday, and the week's referrals as in any other.
    let w = week(d(2026, 10, 26));
    let days: Vec<NaiveDate> = m.accept_days[w]
        .iter()
        .map(|o| m.start + Duration::days(i64::from(*o) + 7 * w as i64))
        .collect();
    assert_eq!(days.len(), 4);
    assert!(!days.contains(&d(2026, 10, 26)), "{days:?}");
    assert_eq!(m.week_rate[w], m.week_rate[w - 1]);
    assert_eq!(m.accept_days[w - 1].len(), 5);
    // Over all weeks, no accepting day is a holiday or a weekend.
    for (w, offsets) in m.accept_days.iter().enumerate() {
        for o in offsets {
            let day = m.start + Duration::days(i64::from(*o) + 7 * w as i64);
            assert!(
                capa_core::diary::holidays::is_working_day(day, &i.holidays),
                "{day}"
            );
        }
    }
    // The model's referrals follow: the same average a week as without holidays.
    let f = model::forecast(&i, Replications::new(40, 5)).unwrap();
    let labour = f
        .weekly
        .iter()
        .find(|x| x.starts <= d(2026, 10, 26) && d(2026, 10, 26) < x.starts + Duration::days(7))
        .unwrap();
    assert!((6.5..9.5).contains(&labour.referrals.mean), "{labour:?}");
}
