//! The seed's "plot out a whole quarter": a clinician's Core session
//! appointments week by week, booked ongoing work against free, so the gaps
//! show where clients will finish and new Partnerships can start.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::clinician::Initials;
use crate::explain::Explanation;
use crate::quarter::Quarter;

use super::proposal::{ProposalRequest, SlotKind};
use super::state::AppointmentState;

/// One week of the plot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlotWeek {
    /// The week's Monday.
    pub week_start: NaiveDate,
    /// Core session appointments that week: the job plan's Core sessions,
    /// less public holidays, leave and days out of post.
    pub capacity: u32,
    /// Appointments taken by started episodes.
    pub occupied: u32,
    /// First appointments of episodes starting that week (part of `occupied`).
    pub starting: u32,
    /// Vacant first-Partnership offers held that week.
    pub offered: u32,
    /// Appointments neither occupied nor offered.
    pub free: u32,
    /// Episodes whose last appointment falls this week.
    pub finishing: u32,
    /// Episodes due an appointment this week that the capacity cannot hold
    /// (overbooked; they move to the next week with room).
    pub waiting: u32,
}

/// One episode's appointments across the quarter: a bar of the plot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlotEpisode {
    /// The position of its first appointment in the caller's list (the
    /// `episodes` given to [`plot`], the `appointments` given to
    /// [`plot_diary`]), so the caller can name it.
    pub source: usize,
    /// Its first appointment's date.
    pub first: NaiveDate,
    /// Appointments it had before the quarter began.
    pub before_quarter: u32,
    /// The weeks of the quarter (0 = the first) with one of its appointments.
    pub weeks: Vec<usize>,
    /// Whether its last appointment falls in the quarter.
    pub finishes: bool,
}

/// A clinician's quarter, week by week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterPlot {
    /// Whose.
    pub clinician: Initials,
    /// Which quarter.
    pub quarter: Quarter,
    /// Appointments each episode is assumed to take.
    pub average_appointments: u32,
    /// The weeks, in order.
    pub weeks: Vec<PlotWeek>,
    /// The episodes with an appointment in the quarter, by first appointment.
    pub episodes: Vec<PlotEpisode>,
    /// The assumptions.
    pub explain: Explanation,
}

struct Episode {
    source: usize,
    first: NaiveDate,
    from_week: usize,
    /// Whether its first appointment falls in the quarter (not before it).
    starts_here: bool,
    before: u32,
    remaining: u32,
    weeks: Vec<usize>,
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// Appointments a Core Partnership is taken to last in the plot: the
/// method's "about 7".
pub const AVERAGE_APPOINTMENTS: u32 = 7;

/// Which of a clinician's Partnership appointments the plot counts: booked or
/// attended first appointments start episodes; vacant offers are held out of
/// the free count; the rest (missed, cancelled) count for neither.
pub fn plot_diary(
    request: &ProposalRequest<'_>,
    appointments: &[(NaiveDate, AppointmentState)],
) -> QuarterPlot {
    let (sources, episodes): (Vec<usize>, Vec<NaiveDate>) = appointments
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| matches!(s, AppointmentState::Attended | AppointmentState::Booked))
        .map(|(i, (d, _))| (i, *d))
        .unzip();
    let vacant: Vec<NaiveDate> = appointments
        .iter()
        .filter(|(_, s)| *s == AppointmentState::Vacant)
        .map(|(d, _)| *d)
        .collect();
    let mut p = plot(request, &episodes, &vacant, AVERAGE_APPOINTMENTS);
    for e in &mut p.episodes {
        e.source = sources[e.source];
    }
    p
}

/// Plots a clinician's quarter from their Core sessions.
///
/// `episodes` are the first-appointment dates of the clinician's Partnerships
/// (booked or attended, before or in the quarter); each is assumed to take
/// `average_appointments` appointments (the team's average, e.g. 7), one a
/// week in the clinician's Core sessions from the week of the first. Episodes
/// that began before the quarter had one a week until it starts. When a week
/// holds fewer appointments than are due (leave, a holiday), the
/// longest-running episodes are seen and the rest wait a week. `vacant_offers`
/// are the dates of vacant first-Partnership offers, held out of the free
/// count. `request` gives the clinician, layout, quarter, holidays and leave;
/// its kind and taken sessions are ignored.
pub fn plot(
    request: &ProposalRequest<'_>,
    episodes: &[NaiveDate],
    vacant_offers: &[NaiveDate],
    average_appointments: u32,
) -> QuarterPlot {
    let quarter = request.quarter;
    let start = quarter.start();
    let weeks = quarter.weeks().max(0) as usize;
    let core = ProposalRequest {
        kind: &SlotKind::Core,
        taken: &[],
        ..*request
    };
    let week_of = |d: NaiveDate| (d - start).num_days().div_euclid(7);
    let mut capacity = vec![0u32; weeks];
    for slot in core.candidates() {
        capacity[week_of(slot.date) as usize] += 1;
    }
    let mut offered = vec![0u32; weeks];
    for d in vacant_offers {
        if let Some(n) = usize::try_from(week_of(*d))
            .ok()
            .and_then(|w| offered.get_mut(w))
        {
            *n += 1;
        }
    }

    let mut running: Vec<Episode> = episodes
        .iter()
        .enumerate()
        .filter_map(|(source, &first)| {
            let w = week_of(first);
            if w >= weeks as i64 {
                return None;
            }
            // Weeks already seen before the quarter, at one appointment a week.
            let before = (start - monday_of(first)).num_days().max(0) / 7;
            let remaining = i64::from(average_appointments) - before;
            (remaining > 0).then(|| Episode {
                source,
                first,
                from_week: w.max(0) as usize,
                starts_here: w >= 0,
                before: before as u32,
                remaining: remaining as u32,
                weeks: Vec::new(),
            })
        })
        .collect();
    running.sort_by_key(|e| (e.first, e.source));

    let mut out = Vec::with_capacity(weeks);
    for (i, &cap) in capacity.iter().enumerate() {
        let mut seen = 0u32;
        let mut week = PlotWeek {
            week_start: start + Days::new(7 * i as u64),
            capacity: cap,
            occupied: 0,
            starting: 0,
            offered: offered[i],
            free: 0,
            finishing: 0,
            waiting: 0,
        };
        // A first appointment is a booked session of its own week: it is
        // seen there whatever else is due, and counts as starting.
        let starts_now = |e: &Episode| e.starts_here && e.from_week == i && e.weeks.is_empty();
        let (firsts, ongoing): (Vec<&mut Episode>, Vec<&mut Episode>) = running
            .iter_mut()
            .filter(|e| e.from_week <= i && e.remaining > 0)
            .partition(|e| starts_now(e));
        for e in firsts {
            seen += 1;
            week.starting += 1;
            see(e, i, &mut week);
        }
        // Then the longest-running episodes, while the week has room.
        for e in ongoing {
            if seen >= cap {
                week.waiting += 1;
                continue;
            }
            seen += 1;
            see(e, i, &mut week);
        }
        week.occupied = seen;
        week.free = cap.saturating_sub(seen + week.offered);
        out.push(week);
    }

    let explain = Explanation::new(
        "free = Core session appointments that week - appointments of started episodes - vacant offers",
        format!(
            "each episode takes {average_appointments} appointments, one a week in Core sessions, from its first appointment"
        ),
    )
    .note("capacity leaves out public holidays, leave and days out of post")
    .note("a first appointment (attended or booked) is seen in its own week and counts as starting; the longest-running episodes take the rest")
    .note("episodes that began before the quarter had one appointment a week until it started");
    QuarterPlot {
        clinician: request.clinician.initials.clone(),
        quarter,
        average_appointments,
        weeks: out,
        episodes: running
            .into_iter()
            .filter(|e| !e.weeks.is_empty())
            .map(|e| PlotEpisode {
                source: e.source,
                first: e.first,
                before_quarter: e.before,
                finishes: e.remaining == 0,
                weeks: e.weeks,
            })
            .collect(),
        explain,
    }
}

/// One appointment of an episode in week `i`.
fn see(e: &mut Episode, i: usize, week: &mut PlotWeek) {
    e.remaining -= 1;
    e.weeks.push(i);
    if e.remaining == 0 {
        week.finishing += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{Activity, OtherCategory};
    use crate::diary::fixtures::{clinician, d};
    use crate::job_plan::JobPlan;
    use crate::layout::SessionLayout;
    use crate::quarter::PlanningYear;

    #[test]
    fn a_quarter_week_by_week() {
        let layout = SessionLayout::nz_four_session();
        // Two Core sessions a week: Monday and Wednesday, session 1.
        let meeting = Activity::Other {
            label: "MDT".into(),
            category: OtherCategory::Mdt,
        };
        let mut grid = vec![vec![meeting; 5]; 4];
        grid[0][0] = Activity::Core;
        grid[0][2] = Activity::Core;
        let mut c = clinician("AD", &[], &[]);
        c.job_plans = vec![JobPlan::new(1, None, grid, &layout).unwrap()];
        let q = PlanningYear::new(2026, 7).quarters()[0]; // from Monday 6 July 2026
        let holidays = [d(2026, 7, 13)]; // Monday of week 1
        let request = ProposalRequest {
            clinician: &c,
            layout: &layout,
            quarter: q,
            kind: &SlotKind::Choice,
            holidays: &holidays,
            leave: &[],
            taken: &[],
            choice_appointments_per_session: 1,
        };
        let episodes = [
            d(2026, 6, 10), // 4 weeks before: 3 appointments left
            d(2026, 7, 6),  // week 0
            d(2026, 8, 12), // week 5 (a Wednesday)
            d(2026, 10, 5), // the next quarter: not plotted
        ];
        let p = plot(&request, &episodes, &[d(2026, 9, 30)], 7);
        let col = |f: fn(&PlotWeek) -> u32| p.weeks.iter().map(f).collect::<Vec<_>>();
        assert_eq!(col(|w| w.capacity), [2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
        assert_eq!(col(|w| w.occupied), [2, 1, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 0]);
        assert_eq!(col(|w| w.waiting), [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(col(|w| w.starting), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            col(|w| w.finishing),
            [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0]
        );
        assert_eq!(col(|w| w.offered), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(col(|w| w.free), [0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1]);
        assert_eq!(p.weeks[12].week_start, d(2026, 9, 28));
        // The same from the diary's states: missed and cancelled offers count for nothing.
        let diary = [
            (d(2026, 6, 10), AppointmentState::Attended),
            (d(2026, 7, 6), AppointmentState::Booked),
            (d(2026, 7, 8), AppointmentState::Dna),
            (d(2026, 7, 15), AppointmentState::CancelledByFamily),
            (d(2026, 8, 12), AppointmentState::Attended),
            (d(2026, 10, 5), AppointmentState::Booked),
            (d(2026, 9, 30), AppointmentState::Vacant),
        ];
        let from_diary = plot_diary(&request, &diary);
        assert_eq!(from_diary.weeks, p.weeks);
        // Each bar names its row of the diary: the fifth row is the third episode.
        let sources: Vec<usize> = from_diary.episodes.iter().map(|e| e.source).collect();
        assert_eq!(sources, [0, 1, 4]);
    }

    /// The diary week's finding: TR5 and TR6 attended their first
    /// appointments in full weeks and "Starting" showed 0, and TR7 (booked
    /// ahead) was in no column. Computed by hand: one Core session a week
    /// (capacity 1), episodes of 3 appointments, first appointments in weeks
    /// 0 (A, attended), 2 (B, attended) and 4 (C, booked ahead). A first
    /// appointment is seen in its own week; the longest-running episode waits.
    #[test]
    fn starting_counts_first_appointments_in_full_weeks() {
        let layout = SessionLayout::nz_four_session();
        let meeting = Activity::Other {
            label: "MDT".into(),
            category: OtherCategory::Mdt,
        };
        let mut grid = vec![vec![meeting; 5]; 4];
        grid[0][0] = Activity::Core;
        let mut c = clinician("TR", &[], &[]);
        c.job_plans = vec![JobPlan::new(1, None, grid, &layout).unwrap()];
        let q = PlanningYear::new(2026, 7).quarters()[0]; // from Monday 6 July 2026
        let request = ProposalRequest {
            clinician: &c,
            layout: &layout,
            quarter: q,
            kind: &SlotKind::Core,
            holidays: &[],
            leave: &[],
            taken: &[],
            choice_appointments_per_session: 1,
        };
        let p = plot(
            &request,
            &[d(2026, 7, 6), d(2026, 7, 20), d(2026, 8, 3)],
            &[],
            3,
        );
        let col = |f: fn(&PlotWeek) -> u32| p.weeks.iter().map(f).collect::<Vec<_>>();
        assert_eq!(col(|w| w.capacity), [1; 13]);
        assert_eq!(col(|w| w.starting), [1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(col(|w| w.occupied), [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
        assert_eq!(col(|w| w.waiting), [0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            col(|w| w.finishing),
            [0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0]
        );
        assert_eq!(col(|w| w.free), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
        let bars: Vec<(usize, Vec<usize>, bool)> = p
            .episodes
            .iter()
            .map(|e| (e.source, e.weeks.clone(), e.finishes))
            .collect();
        assert_eq!(
            bars,
            [
                (0, vec![0, 1, 3], true),
                (1, vec![2, 5, 6], true),
                (2, vec![4, 7, 8], true)
            ]
        );
        // From the diary: the booked first appointment ahead is in its column,
        // and each bar names its row of the diary.
        let diary = [
            (d(2026, 7, 6), AppointmentState::Attended),
            (d(2026, 7, 13), AppointmentState::Dna),
            (d(2026, 7, 20), AppointmentState::Attended),
            (d(2026, 8, 3), AppointmentState::Booked),
        ];
        let from_diary = plot_diary(&request, &diary);
        assert_eq!(from_diary.weeks[4].starting, 1);
        let sources: Vec<usize> = from_diary.episodes.iter().map(|e| e.source).collect();
        assert_eq!(sources, [0, 2, 3]);
    }
}
