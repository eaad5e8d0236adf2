//! The activity-planning sheet, with hand-checked cases for 2026/27 Q1
//! (Monday 6 July 2026; the deadline six weeks before is Monday 25 May).

use super::*;
use crate::diary::fixtures::{at, d, ini};
use crate::quarter::PlanningYear;

fn q1() -> Quarter {
    PlanningYear::new(2026, 7).quarters()[0]
}

fn offer(id: i64, who: &str, day: u32, state: AppointmentState) -> SheetOffer {
    SheetOffer {
        id,
        clinician: ini(who),
        state,
        starts_at: at(7, day, 9),
        outcome_recorded_at: state.is_taken().then(|| d(2026, 7, day)),
        replaced_by: None,
    }
}

/// AD: 9 offers, one attended, one DNA (Monday 13 July, not re-offered), one
/// cancelled and re-offered as offer 10. BC: 6 vacant. EF: 1 of 3. GH: an
/// offer but no target.
fn offers() -> Vec<SheetOffer> {
    use AppointmentState::*;
    let mut v = vec![
        offer(1, "AD", 6, Attended),
        offer(2, "AD", 13, Dna),
        offer(3, "AD", 14, CancelledByFamily),
    ];
    v[2].replaced_by = Some(10);
    v.extend((4..=9).map(|id| offer(id, "AD", 15 + id as u32, Vacant)));
    v.push(offer(10, "AD", 28, Vacant));
    v.extend((11..=16).map(|id| offer(id, "BC", id as u32, Vacant)));
    v.push(offer(17, "EF", 20, Booked));
    v.push(offer(18, "GH", 21, Vacant));
    v
}

fn targets() -> Vec<SheetTarget> {
    [("AD", 9), ("BC", 6), ("EF", 3)]
        .iter()
        .map(|(c, t)| SheetTarget {
            clinician: ini(c),
            target: *t,
        })
        .collect()
}

#[test]
fn deadline_is_quarter_start_minus_notice() {
    let (day, e) = deadline(q1(), 6);
    assert_eq!(day, d(2026, 5, 25));
    assert_eq!(e.working, "06/07/2026 - 6 weeks = 25/05/2026");
}

#[test]
fn counts_per_clinician() {
    let s = sheet(&targets(), &offers(), q1(), 6, d(2026, 7, 20), &[]);
    let ad = &s.rows[0];
    assert_eq!(
        (ad.published, ad.booked, ad.started, ad.dna, ad.cancelled),
        (10, 3, 1, 1, 1)
    );
    assert_eq!((ad.reoffered, ad.vacant, ad.counting), (1, 7, 8));
    assert_eq!(ad.status, DeadlineStatus::Missed { by: 1 });
    assert_eq!(ad.explain.working, "10 - 2 = 8 of 9: missed by 1");
    assert_eq!(ad.explain.notes, ["deadline 25/05/2026 passed"]);
    assert_eq!(s.rows[1].status, DeadlineStatus::Met);
    assert_eq!(s.rows[2].status, DeadlineStatus::Missed { by: 2 });
    let gh = &s.rows[3];
    assert_eq!(
        (gh.clinician.as_str(), gh.target, gh.status),
        ("GH", 0, DeadlineStatus::Met)
    );
}

#[test]
fn before_the_deadline_on_track_or_short() {
    let s = sheet(&targets(), &offers(), q1(), 6, d(2026, 5, 1), &[]);
    assert!(!s.deadline_passed);
    assert_eq!(s.rows[0].status, DeadlineStatus::Short { by: 1 });
    assert_eq!(
        s.rows[0].explain.notes,
        ["deadline 25/05/2026, 24 days away"]
    );
    assert_eq!(s.rows[1].status, DeadlineStatus::OnTrack);
    // The deadline day itself is still "before".
    let s = sheet(&targets(), &offers(), q1(), 6, d(2026, 5, 25), &[]);
    assert_eq!(s.rows[1].status, DeadlineStatus::OnTrack);
}

#[test]
fn team_summary_lists_who_is_short_most_first() {
    let s = sheet(&targets(), &offers(), q1(), 6, d(2026, 7, 20), &[]);
    let t = &s.team;
    assert_eq!(
        (t.target, t.published, t.counting, t.started),
        (18, 18, 16, 1)
    );
    let short: Vec<(&str, u32)> = t
        .short
        .iter()
        .map(|s| (s.clinician.as_str(), s.by))
        .collect();
    assert_eq!(short, [("EF", 2), ("AD", 1)]);
    assert_eq!(t.explain.working, "16 of 18; 2 short by 3 in all");
}

#[test]
fn reoffer_tasks_are_overdue_after_5_working_days() {
    // DNA recorded Monday 13 July: Tuesday to Monday 20th is 5 working days.
    let s = sheet(&targets(), &offers(), q1(), 6, d(2026, 7, 20), &[]);
    assert_eq!(
        s.reoffer_tasks.len(),
        1,
        "the cancelled offer was re-offered"
    );
    let task = &s.reoffer_tasks[0];
    assert_eq!(
        (task.offer, task.due, task.reoffer_by),
        (2, d(2026, 7, 13), d(2026, 7, 20))
    );
    assert_eq!((task.working_days, task.overdue), (5, false));
    assert_eq!(
        task.explain.working,
        "DNA on 13/07/2026: 5 working days by 20/07/2026; re-offer by 20/07/2026"
    );
    let s = sheet(&targets(), &offers(), q1(), 6, d(2026, 7, 21), &[]);
    assert!(s.reoffer_tasks[0].overdue);
    assert_eq!(s.team.overdue_reoffers, 1);
    // A holiday on Wednesday 15th gives one more day.
    let s = sheet(
        &targets(),
        &offers(),
        q1(),
        6,
        d(2026, 7, 21),
        &[d(2026, 7, 15)],
    );
    let task = &s.reoffer_tasks[0];
    assert_eq!(
        (task.working_days, task.overdue, task.reoffer_by),
        (5, false, d(2026, 7, 21))
    );
}

#[test]
fn the_reoffer_deadline_counts_from_the_appointments_date() {
    // The DNA was on Monday 13 July but recorded a week later, on the 20th:
    // the 5 working days still run from the 13th, so by the 21st it is overdue.
    let mut o = offers();
    o[1].outcome_recorded_at = Some(d(2026, 7, 20));
    let s = sheet(&targets(), &o, q1(), 6, d(2026, 7, 21), &[]);
    let task = &s.reoffer_tasks[0];
    assert_eq!(
        (task.due, task.reoffer_by),
        (d(2026, 7, 13), d(2026, 7, 20))
    );
    assert_eq!((task.working_days, task.overdue), (6, true));
}

#[test]
fn a_team_sets_its_own_reoffer_days_and_weekdays() {
    use chrono::Weekday::*;
    let four = [Mon, Tue, Wed, Thu];
    let rules = SheetRules {
        diary_notice_weeks: 6,
        reoffer_working_days: 3,
        weekdays: &four,
    };
    // From Monday 13 July: Tuesday, Wednesday, Thursday is 3 working days.
    let s = sheet_for(&targets(), &offers(), q1(), &rules, d(2026, 7, 17), &[]);
    let task = &s.reoffer_tasks[0];
    assert_eq!(task.reoffer_by, d(2026, 7, 16));
    // Friday 17th is not a working day of this team: still 3, not overdue.
    assert_eq!((task.working_days, task.overdue), (3, false));
    let s = sheet_for(&targets(), &offers(), q1(), &rules, d(2026, 7, 20), &[]);
    assert!(s.reoffer_tasks[0].overdue);
    assert!(s.reoffer_tasks[0].explain.notes[0].contains("more than 3 working days"));
}

#[test]
fn core_targets_come_from_the_capacity_report() {
    use crate::diary::fixtures::clinician;
    use crate::settings::TeamSettings;
    use crate::team::Team;
    let team = Team::new(TeamSettings::new("T"), vec![clinician("AD", &[], &[])]).unwrap();
    let report = crate::capacity::quarter(&team, q1());
    // A blank plan: 20 free sessions x 3.
    assert_eq!(
        core_targets(&report),
        [SheetTarget {
            clinician: ini("AD"),
            target: 60
        }]
    );
}
