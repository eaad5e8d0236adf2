//! Invariants of the monitor and the what-if, for any facts.

use std::collections::BTreeMap;

use capa_core::diary::AppointmentState;
use capa_core::diary::sheet::{self, SheetOffer, SheetTarget};
use capa_core::explain::Explanation;
use capa_core::monitor::{
    self, Absence, Booking, Caseload, ChoiceAppointment, ClinicianFacts, ClinicianTarget,
    FirstAppointment, FlagCode, MonitorSettings, QuarterFacts, Reoffer, TeamDemand, WhatIfRequest,
};
use capa_core::{Activity, Clinician, Fte, Initials, JobPlan, SessionLayout, Team, TeamSettings};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::q1;

const WHO: [&str; 4] = ["AD", "BC", "EF", "GH"];

fn ini(s: &str) -> Initials {
    Initials::parse(s).unwrap()
}

prop_compose! {
    fn arb_facts()(
        targets in proptest::collection::vec((0u32..15, any::<bool>(), 0u32..40, 0u32..40), 4),
        offers in proptest::collection::vec((0usize..4, 0u64..91, 0usize..6, any::<bool>(), 0u64..12, any::<bool>()), 0..60),
        choice in proptest::collection::vec((0usize..4, 0u64..91, 0u64..120, any::<bool>()), 0..40),
        today in 0u64..140,
    ) -> QuarterFacts {
        let q = q1();
        let day = |n: u64| q.start() + Days::new(n);
        let clinicians = WHO.iter().zip(&targets).map(|(w, (core, plan, started, closed))| ClinicianFacts {
            initials: ini(w),
            name: w.to_string(),
            fte: 1.0,
            target: ClinicianTarget {
                job_plan_version: plan.then_some(1),
                core: *core,
                specific: BTreeMap::new(),
                choice_allocated: 10,
                in_post: 1.0,
                explain: Explanation::default(),
            },
            start_date: None,
            leaving_date: None,
            leave: Vec::new(),
            caseload: Caseload { started: *started, closed: *closed },
        }).collect();
        let mut reoffers = Vec::new();
        let appointments = offers.iter().enumerate().map(|(i, (c, at, state, from_choice, late, reoffered))| {
            let state = AppointmentState::ALL[*state];
            let starts = day(*at);
            if state.needs_reoffer() && *reoffered {
                reoffers.push(Reoffer { original: i as i64, replacement: 1000 + i as i64, published_on: starts + Days::new(*late) });
            }
            FirstAppointment {
                id: i as i64,
                clinician: ini(WHO[*c]),
                label: format!("{}{}", WHO[*c], i + 1),
                stream: None,
                starts_at: starts.and_hms_opt(9, 0, 0).unwrap(),
                state,
                published_on: q.start() - Days::new(50),
                outcome_recorded_on: (state.is_taken() && state != AppointmentState::Booked).then_some(starts),
                booking: state.is_taken().then(|| Booking {
                    booked_on: starts - Days::new(10),
                    choice_date: from_choice.then(|| starts - Days::new(*late * 3)),
                    skills_searched: false,
                }),
            }
        }).collect();
        let choice = choice.iter().map(|(c, at, wait, attended)| ChoiceAppointment {
            clinician: ini(WHO[*c]),
            date: day(*at),
            state: if *attended { AppointmentState::Attended } else { AppointmentState::Dna },
            referral_accepted: Some(day(*at) - Days::new(*wait)),
        }).collect();
        QuarterFacts {
            quarter: q,
            today: q.start() - Days::new(20) + Days::new(today),
            holidays: vec![NaiveDate::from_ymd_opt(2026, 7, 10).unwrap()],
            diary_notice_weeks: 6,
            clinicians,
            appointments,
            reoffers,
            choice,
            demand: TeamDemand { choice_needed: 78, core_demand: 53.04, choice_explain: Explanation::default(), core_explain: Explanation::default() },
            managed_list: 0,
        }
    }
}

proptest! {
    #[test]
    fn counts_add_up_and_the_team_is_the_sum(f in arb_facts()) {
        let m = monitor::quarter(&f, &MonitorSettings::default());
        let mut published = 0;
        for c in &m.clinicians {
            let k = c.counts;
            let booked_now = k.booked - k.started - k.dna - k.cancelled;
            prop_assert_eq!(k.published, k.vacant + booked_now + k.started + k.dna + k.cancelled);
            prop_assert_eq!(k.cancelled, k.cancelled_by_family + k.cancelled_by_service);
            prop_assert_eq!(k.reoffered + k.not_reoffered, k.dna + k.cancelled);
            prop_assert_eq!(k.counting, k.published - k.dna - k.cancelled);
            let stream_published: u32 = c.streams.iter().map(|s| s.counts.published).sum();
            prop_assert_eq!(stream_published, k.published);
            if let Some(p) = c.projected {
                prop_assert!(p >= k.started, "projection {} below started {}", p, k.started);
            }
            let overdue = c.missed.iter().any(|x| x.overdue);
            prop_assert_eq!(overdue, c.flags.iter().any(|f| f.code == FlagCode::NotReoffered));
            prop_assert!(c.missed.iter().all(|x| !(x.overdue && x.reoffered_on.is_some())));
            let mut codes: Vec<_> = c.flags.iter().map(|f| f.code).collect();
            codes.dedup();
            prop_assert_eq!(codes.len(), c.flags.len());
            published += k.published;
        }
        prop_assert_eq!(m.team.counts.published, published);
        prop_assert_eq!(m.team.target, m.clinicians.iter().map(|c| c.target).sum::<u32>());
        prop_assert_eq!(m.team.counts.started, m.team.core_started + m.team.specific_started);
        prop_assert_eq!(m.team.counts.published as usize, f.appointments.len());
    }

    #[test]
    fn the_monitor_counts_as_the_activity_planning_sheet_does(f in arb_facts()) {
        let m = monitor::quarter(&f, &MonitorSettings::default());
        let replaced: BTreeMap<i64, i64> = f.reoffers.iter().map(|r| (r.original, r.replacement)).collect();
        let offers: Vec<SheetOffer> = f.appointments.iter().map(|a| SheetOffer {
            id: a.id,
            clinician: a.clinician.clone(),
            state: a.state,
            starts_at: a.starts_at,
            outcome_recorded_at: a.outcome_recorded_on,
            replaced_by: replaced.get(&a.id).copied(),
        }).collect();
        let targets: Vec<SheetTarget> = f.clinicians.iter().map(|c| SheetTarget { clinician: c.initials.clone(), target: c.target.total() }).collect();
        let s = sheet::sheet(&targets, &offers, f.quarter, f.diary_notice_weeks, f.today, &f.holidays);
        for (row, line) in s.rows.iter().zip(&m.clinicians) {
            let k = line.counts;
            prop_assert_eq!(&row.clinician, &line.initials);
            prop_assert_eq!((row.published, row.booked, row.started, row.dna, row.cancelled, row.reoffered, row.counting),
                (k.published, k.booked, k.started, k.dna, k.cancelled, k.reoffered, k.counting));
            let short = line.flags.iter().any(|f| f.code == FlagCode::OffersShortAtDeadline);
            prop_assert_eq!(short, matches!(row.status, sheet::DeadlineStatus::Missed { .. }));
        }
    }

    #[test]
    fn waits_are_ordered_and_shares_are_shares(f in arb_facts()) {
        let w = monitor::quarter(&f, &MonitorSettings::default()).waits;
        for s in [&w.to_choice_days, &w.to_partnership_days] {
            if let (Some(m), Some(p)) = (s.median, s.p90) {
                prop_assert!(m <= p + 1e-9);
            }
        }
        let ext: Vec<i64> = f.choice.iter().filter(|c| c.state == AppointmentState::Attended)
            .filter_map(|c| c.referral_accepted.map(|a| (c.date - a).num_days())).collect();
        if let (Some(lo), Some(hi)) = (ext.iter().min(), ext.iter().max()) {
            let m = w.to_choice_days.median.unwrap();
            prop_assert!(*lo as f64 <= m && w.to_choice_days.p90.unwrap() <= *hi as f64);
        }
        if let (Some(a), Some(b)) = (w.share_within_3_weeks, w.share_within_8_weeks) {
            prop_assert!((0.0..=1.0).contains(&a) && a <= b && b <= 1.0);
        }
        let by_month: usize = w.by_month.iter().map(|m| m.to_choice_days.n).sum();
        prop_assert_eq!(by_month, w.to_choice_days.n);
    }
}

fn activity(code: u8) -> Activity {
    match code % 4 {
        0 | 1 => Activity::Core,
        2 => Activity::Choice,
        _ => Activity::Other {
            label: "Admin".into(),
            category: capa_core::OtherCategory::Admin,
        },
    }
}

prop_compose! {
    fn arb_team()(
        cells in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 20), 2..6),
        referrals in 0.0f64..10.0,
    ) -> Team {
        let layout = SessionLayout::nz_four_session();
        let mut s = TeamSettings::new("Property");
        s.accepted_referrals_per_week = referrals;
        let clinicians = cells.iter().enumerate().map(|(i, cells)| Clinician {
            initials: ini(WHO.get(i).copied().unwrap_or(["JK", "LM"][i % 2])),
            name: format!("Clinician {i}"),
            discipline: None,
            fte: Fte::FULL,
            skills: BTreeMap::new(),
            streams: Default::default(),
            does_choice: true,
            choice_allocation: None,
            start_date: None,
            leaving_date: None,
            job_plans: vec![JobPlan::new(1, None, cells.chunks(5).map(|r| r.iter().map(|c| activity(*c)).collect()).collect(), &layout).unwrap()],
        }).collect();
        Team::new(s, clinicians).unwrap()
    }
}

proptest! {
    #[test]
    fn the_what_if_keeps_the_teams_choice_and_core_sessions(team in arb_team(), away in 0u64..200) {
        let q = q1();
        let first = q.start() + Days::new(away);
        let who = team.clinicians[0].initials.clone();
        let w = monitor::what_if(&WhatIfRequest {
            team: &team,
            clinician: &who,
            absence: Absence::Leave { first_day: first, last_day: first + Days::new(120) },
            quarter: q,
            partners: &[],
        }).unwrap();
        let mut after = team.clone();
        for p in w.plans.iter() {
            let c = after.clinicians.iter_mut().find(|c| c.initials == p.clinician).unwrap();
            prop_assert!(c.job_plans.iter().all(|old| old.version < p.plan.version));
            c.job_plans.push(p.plan.clone());
        }
        let totals = |t: &Team| t.clinicians.iter().fold((0, 0), |(ch, co), c| {
            let n = c.job_plan_on(q.start()).unwrap().counts();
            (ch + n.choice, co + n.core)
        });
        prop_assert_eq!(totals(&team), totals(&after));
        let mine = team.clinicians[0].job_plan_on(q.start()).unwrap().counts();
        let now = after.clinicians[0].job_plan_on(q.start()).unwrap().counts();
        let moved = w.moves.iter().filter(|m| m.clinician == who).count() as u32;
        prop_assert_eq!(now.core, mine.core - moved);
        // Leave never costs more than the whole quarter's target.
        prop_assert!(w.targets.first().is_none_or(|t| w.lost.core <= t.core_target.before));
        prop_assert_eq!(w.lost.total, w.lost.core + w.lost.specific.values().sum::<u32>());
    }
}
