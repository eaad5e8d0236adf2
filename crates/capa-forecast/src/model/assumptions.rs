//! What the model assumes, in plain words with this team's figures, for the
//! page and the command line to show beside the forecast.

use capa_core::explain::{n2, percent, plural};

use super::plan::Plan;
use super::settings::EpisodeLengths;
use super::{ForecastInput, Start};

pub(crate) fn assumptions(input: &ForecastInput, plan: &Plan) -> Vec<String> {
    let s = &input.team.settings;
    let f = &input.settings;
    let mut out = Vec::new();
    out.push(match &input.start {
        Start::Snapshot(snap) => format!(
            "It starts from the diary of {}: {}, {}, {} waiting without a Choice booking, {} on the managed list, {}.",
            snap.today.format("%d/%m/%Y"),
            plural(snap.offers.len() as u32, "Partnership offer", "Partnership offers"),
            plural(snap.choice_slots.len() as u32, "Choice slot", "Choice slots"),
            plural(snap.awaiting_choice.len() as u32, "referral", "referrals"),
            plural(snap.managed_list.len() as u32, "family", "families"),
            plural(snap.caseload.iter().map(|c| c.open).sum::<u32>(), "open episode", "open episodes")
        ),
        Start::Empty { .. } => format!(
            "It starts from an empty diary {} weeks before the forecast, so the team is in its stride by the first forecast week.",
            plan.timeline.warm_up
        ),
    });
    out.push(format!(
        "Referrals are accepted at random (a Poisson process) at {} a week on average{}, in working hours on weekdays that are not public holidays (a holiday's share of the week goes to the week's other days).",
        n2(s.accepted_referrals_per_week),
        if f.weekly_profile.is_empty() {
            String::new()
        } else {
            ", shaped week by week by the team's profile".into()
        }
    ));
    let choice_slots: u32 = plan.choice_per_quarter.iter().sum();
    out.push(format!(
        "Every Choice session in the job plans offers {} Choice appointment{} on working days in post: {} in the {} quarters simulated. Each family is offered the two earliest on different days and takes the earlier {} of the time.",
        n2(s.choice_appointments_per_session.round().max(1.0)),
        if s.choice_appointments_per_session.round() > 1.0 { "s" } else { "" },
        choice_slots,
        plan.quarters.len(),
        percent(f.earlier_choice_share)
    ));
    out.push(format!(
        "{} of Choice appointments are missed; the family is offered Choice again, and {} missed appointments close the referral.",
        percent(f.choice_dna),
        f.choice_dnas_to_close
    ));
    let mut conv = vec![format!(
        "{} to Core Partnership",
        percent(s.conversion_to_core)
    )];
    for st in &s.streams {
        let v = f
            .specific_conversion
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&st.name))
            .map_or(0.0, |(_, v)| *v);
        conv.push(format!("{} to {} Specific", percent(v), st.name));
    }
    out.push(format!(
        "After Choice: {}; the rest need no further service or go elsewhere.",
        conv.join(", ")
    ));
    out.push(format!(
        "Each clinician publishes their quarter's target of first Partnership offers ({} weeks before the quarter), spread through their Core and Specific sessions as the diary proposes them; a missed first appointment is re-offered in their next free session that quarter. The family is booked into the earliest vacant offer{} starting within the team's limit of {} weeks; with none, they wait on the managed list, looked at whenever offers are published or re-offered and at the end of every week.",
        s.diary_notice_weeks,
        if f.skill_needs.is_empty() {
            String::new()
        } else {
            format!(
                " of a clinician with the skill they need ({})",
                f.skill_needs
                    .iter()
                    .map(|n| format!("{} {} {}", percent(n.share), super::whatif::level_name(n.level), n.domain))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        s.max_wait_weeks
    ));
    let source = match &f.episode_lengths {
        EpisodeLengths::DischargeHistogram {
            core_range_max_ff,
            choice_max_ff,
            ..
        } => format!(
            "drawn from the team's discharge report (episodes of {} to {core_range_max_ff} face-to-face contacts, less the Choice appointment)",
            choice_max_ff + 1
        ),
        EpisodeLengths::FromMultiplier => format!(
            "drawn from a skewed distribution of whole numbers (gamma-Poisson, shape {}) whose mean is the one the multiplier implies",
            n2(f.length_shape)
        ),
    };
    let means: Vec<String> = plan
        .kinds
        .iter()
        .zip(&plan.mean_lengths)
        .map(|(k, m)| format!("{k} {}", n2(*m)))
        .collect();
    out.push(format!(
        "An episode's number of Partnership appointments is {source}: mean {}.",
        means.join(", ")
    ));
    out.push(format!(
        "After the first, appointments are weekly in the clinician's sessions of that kind, {} a session a week; when a caseload is larger than the week's sessions, families are seen in turn. {} of Partnership appointments are missed and rebooked the next week.",
        n2(plan.seats_per_session[0]),
        percent(f.partnership_dna)
    ));
    out.push(format!(
        "Public holidays ({} in the period), entered leave ({} spells), start and leaving dates and job plan versions by date are honoured; a leaver's open episodes pass to the colleague with the most room.",
        input
            .holidays
            .iter()
            .filter(|d| **d >= plan.timeline.start && **d < plan.timeline.end())
            .count(),
        input.team.leave.len() + input.leave.len()
    ));
    out.push(
        "Bands: the median of the replications and the range of the middle 90% of them (5th to 95th percentile); a wide band means the figure depends on luck as much as on the plan.".into(),
    );
    out
}
