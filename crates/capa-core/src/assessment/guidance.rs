//! Guidance and questions for each component. Items 7 and 8 carry the
//! seed's own words (`seeds/001_94f855ae184bfa67.txt`, our source document),
//! quoted exactly; the others carry short guidance in capa's own words.

use serde::Serialize;

use super::rating::ItemNumber;

/// Whose words the guidance is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Quoted from the seed document.
    Seed,
    /// Written for capa.
    Capa,
}

/// What a component means and what to ask when rating it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Guidance {
    /// Whose words.
    pub source: Source,
    /// Paragraphs of guidance.
    pub text: &'static [&'static str],
    /// Questions for the team.
    pub questions: &'static [&'static str],
}

static ITEM_7_TEXT: [&str; 2] = [
    "The team needs to have extended Core Partnership skills with additional Specific time in job plans to support that Core work. Core work is the bread and butter of CAMHS but will only be successful if Specific work is available as well (a sandwich is not a sandwich without the filling!).",
    "It can easily happen that lots of Specific time is planned, leaving not enough time for the Core Partnership work. This may be related to anxieties about being perceived as ‘non-specialist’ if doing Core work and therefore less qualified or valuable. In fact, Core work is often the most demanding- as it needs extended skills, blended appropriately, with key working. What can happen is that ‘Specific work’ merges into longer term, less focused, supportive contact. Specific work is very important as an addition to Core work, but must be used effectively, and with the right families. Too much Specific work in the team may make you feel very busy as it can spread out if unfocused.",
];

static ITEM_7_QUESTIONS: [&str; 1] = [
    "Has the team defined and mapped Extended Core and Specific skills? See the Implementation section for ideas on how to do this.",
];

static ITEM_8_TEXT: [&str; 3] = [
    "This means having individual and team Job plans with Choice work and Core Partnership new activity numbers, defined Specific work and supporting administration. And a way of monitoring and reviewing them!",
    "This is almost the first place to begin if you have an internal wait to Partnership, as without the appointments (capacity) to book in to there will be a wait. We commonly find that teams who have waits to Partnership have not done job planning or worked out new Partnership rates. It may seem a lot to do, but it is worth it! Some services do detailed job planning and others take a ballpark approach and just see if it works. Detailed job planning with calculation of quarterly Core Partnership targets for everyone is often best as it takes into account individual’s commitments. See the Implementation section.",
    "If you have set new Core Partnership activity targets, but are developing waits, have you checked clinicians are working to these targets? Sometimes, you may find that staff are seeing less Partnerships without someone else picking up the work (e.g. someone is coming up to leaving and so stops offering Partnerships). Or they may feel busy for some reason (a run of heavy cases for instance, or a new short-term project to lead on) and just don’t book themselves in for their allocated amount. Or are not re-offering their time if their Partnership appointment is not booked or DNA’d. This may not be picked up if there is no monitoring system. Individual and team job planning may need to be revised.",
];

static ITEM_8_QUESTIONS: [&str; 5] = [
    "If you have set new Core Partnership activity targets, but are developing waits, have you checked clinicians are working to these targets?",
    "Do you have a monitoring system and process for recording how many new Core Partnerships each clinician has done?",
    "Is this reviewed regularly – say quarterly?",
    "When families DNA for Partnerships are these slots being offered again, available for re-booking?",
    "Can the person who is running up to maternity leave use their capacity for Choice and free someone else up for their Core Partnership allocation?",
];

/// capa's own guidance for the items the seed does not cover: (text, questions).
static OWN: [(&str, &[&str]); 9] = [
    (
        "Managers and clinical leads understand CAPA, back it openly and give the team the time and authority to change how it works. Someone owns the implementation and keeps it on the team's agenda.",
        &[
            "Is there a named lead for CAPA in the team, with time set aside for it?",
            "Do the managers above the team know the plan and support it?",
            "Are decisions about capacity and demand made with the whole team?",
        ],
    ),
    (
        "The team talks with families about choices and partnership rather than assessment and treatment: what the family wants help with, what they can choose, and what happens next. Letters, leaflets and the referral process use the same words.",
        &[
            "Do letters and leaflets describe Choice and Partnership in plain words?",
            "Do clinicians ask families what they would like help with, and what they already do well?",
        ],
    ),
    (
        "The team knows how many referrals it accepts each week and plans enough Choice appointments to see them promptly, so no waiting list builds up before Choice. Families book their Choice appointment when the referral is accepted.",
        &[
            "Does the team know its weekly rate of accepted referrals?",
            "Are there enough Choice appointments in job plans for that rate?",
            "Are families seen within the access targets?",
        ],
    ),
    (
        "Every Choice appointment follows a shared framework: the family's view of the difficulty and their goals, the team's view, the options (including no further service or another agency), and an agreed choice point with a plan.",
        &[
            "Does every discipline run Choice in the same way?",
            "Does each Choice end with a clear choice point and a written plan?",
        ],
    ),
    (
        "A family who choose Partnership leave the Choice appointment with a booked first Partnership appointment, taken from the shared diary of offers. There is no internal waiting list; anyone nothing fits is on a visible, managed list.",
        &[
            "Do families leave Choice with a date for Partnership?",
            "How long do families wait from Choice to their first Partnership appointment?",
            "Who watches the managed list, and how quickly does it empty?",
        ],
    ),
    (
        "The Partnership clinician is chosen for the skills the family's needs call for, from the team's map of extended core and specific skills, rather than for who happens to be free or who saw the family at Choice.",
        &[
            "Is the team's skills map up to date?",
            "Do Choice clinicians search the diary by the skills a family needs?",
        ],
    ),
    (
        "Partnership work has goals agreed with the family, written into a care plan and reviewed together, so both know what the work is for and when it can end.",
        &[
            "Does every Partnership have written goals agreed with the family?",
            "Are goals reviewed at set points, and the work ended when they are met?",
        ],
    ),
    (
        "Clinicians bring their cases to regular peer group supervision to keep the work focused, review progress against goals and plan endings, so that Partnerships do not drift on.",
        &[
            "Does every clinician take part in peer group supervision?",
            "Are long-running cases brought to the group to plan their ending?",
        ],
    ),
    (
        "The whole team steps back together, once or twice a year, to review demand, capacity, job plans and this self-assessment, and agrees what to change.",
        &[
            "When did the team last have an away day?",
            "Were the actions agreed then carried out?",
        ],
    ),
];

/// The guidance for an item.
pub fn guidance(number: ItemNumber) -> Guidance {
    match number.get() {
        7 => Guidance {
            source: Source::Seed,
            text: &ITEM_7_TEXT,
            questions: &ITEM_7_QUESTIONS,
        },
        8 => Guidance {
            source: Source::Seed,
            text: &ITEM_8_TEXT,
            questions: &ITEM_8_QUESTIONS,
        },
        n => {
            // Items 1-6 are OWN[0..6], items 9-11 OWN[6..9].
            let own = &OWN[usize::from(if n < 7 { n - 1 } else { n - 3 })];
            Guidance {
                source: Source::Capa,
                text: std::slice::from_ref(&own.0),
                questions: own.1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(k: i64) -> ItemNumber {
        ItemNumber::from_value(k).unwrap()
    }

    #[test]
    fn items_7_and_8_quote_the_seed() {
        let g7 = guidance(n(7));
        assert_eq!(g7.source, Source::Seed);
        assert!(g7.text[0].ends_with("(a sandwich is not a sandwich without the filling!)."));
        assert!(g7.text[1].contains("‘non-specialist’"));
        assert!(
            g7.questions[0]
                .starts_with("Has the team defined and mapped Extended Core and Specific skills?")
        );
        let g8 = guidance(n(8));
        assert!(g8.text[0].ends_with("And a way of monitoring and reviewing them!"));
        assert_eq!(g8.questions.len(), 5);
        assert_eq!(
            g8.questions[2],
            "Is this reviewed regularly – say quarterly?"
        );
        assert!(g8.questions[4].starts_with("Can the person who is running up to maternity leave"));
    }

    #[test]
    fn every_other_item_has_capas_own_guidance_and_questions() {
        for k in [1, 2, 3, 4, 5, 6, 9, 10, 11] {
            let g = guidance(n(k));
            assert_eq!(g.source, Source::Capa, "{k}");
            assert_eq!(g.text.len(), 1);
            assert!(!g.questions.is_empty(), "{k}");
            assert!(g.questions.iter().all(|q| q.ends_with('?')), "{k}");
        }
        assert!(guidance(n(5)).text[0].contains("booked first Partnership appointment"));
        assert!(guidance(n(11)).text[0].contains("steps back together"));
    }
}
