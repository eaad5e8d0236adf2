//! The eleven components of the CAPA self-assessment, with their groups and
//! demand/capacity tags (method page, section 8).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::rating::ItemNumber;

/// The part of the CAPA journey a component belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// What everything rests on (items 1 and 11).
    Foundation,
    /// The first appointment (items 2-4).
    Choice,
    /// From Choice into Partnership (items 5 and 6).
    TransferToPartnership,
    /// The work after Choice (items 7 and 8).
    Partnership,
    /// Ending well (items 9 and 10).
    LettingGo,
}

impl Group {
    /// Every group, in the order the form shows them.
    pub const ALL: [Group; 5] = [
        Self::Foundation,
        Self::Choice,
        Self::TransferToPartnership,
        Self::Partnership,
        Self::LettingGo,
    ];

    /// The group's name as the method page writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Foundation => "Foundation",
            Self::Choice => "Choice",
            Self::TransferToPartnership => "Transfer to Partnership",
            Self::Partnership => "Partnership",
            Self::LettingGo => "Letting go",
        }
    }
}

impl Serialize for Group {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Whether a component is about demand, capacity, both, or the foundation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tag {
    /// Leadership and the team's footing.
    Foundation,
    /// How the team meets the demand on it.
    Demand,
    /// How the team plans and uses its capacity.
    Capacity,
    /// Both (the team away days).
    DemandAndCapacity,
}

impl Tag {
    /// The tags scores are given for; an item tagged demand and capacity
    /// counts in both.
    pub const SCORED: [Tag; 3] = [Self::Foundation, Self::Demand, Self::Capacity];

    /// The tag as the method page writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Foundation => "foundation",
            Self::Demand => "demand",
            Self::Capacity => "capacity",
            Self::DemandAndCapacity => "demand and capacity",
        }
    }

    /// Whether an item with this tag counts towards `scored`.
    pub fn counts_in(self, scored: Tag) -> bool {
        self == scored
            || (self == Self::DemandAndCapacity && matches!(scored, Self::Demand | Self::Capacity))
    }

    /// Parses `foundation`, `demand`, `capacity` or `demand and capacity`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace(['_', '-'], " ");
        [
            Self::Foundation,
            Self::Demand,
            Self::Capacity,
            Self::DemandAndCapacity,
        ]
        .into_iter()
        .find(|tag| tag.name() == t)
    }
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Read as [`Tag::parse`] reads it, so `demand_and_capacity` and
/// `demand and capacity` are both accepted.
impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Tag::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{text}' is not a tag; use foundation, demand, capacity or demand and capacity"
            ))
        })
    }
}

/// The team's settings for the self-assessment: the tags of items 4 and 6,
/// which the method leaves to the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessmentSettings {
    /// Item 4, Choice framework. Default demand: it sits with items 2 and 3
    /// in Choice, both demand items, and shapes how Choice meets demand.
    pub item4_tag: Tag,
    /// Item 6, selecting the Partnership clinician by skill. Default
    /// capacity: it sits with item 5 in Transfer to Partnership, a capacity
    /// item, and decides how the team's skilled capacity is used.
    pub item6_tag: Tag,
}

impl Default for AssessmentSettings {
    fn default() -> Self {
        Self {
            item4_tag: Tag::Demand,
            item6_tag: Tag::Capacity,
        }
    }
}

/// One component of the self-assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Component {
    /// Its number, 1 to 11.
    pub number: ItemNumber,
    /// Its name as the method page writes it.
    pub component: &'static str,
    /// Its group.
    pub group: Group,
    /// Its tag.
    pub tag: Tag,
}

/// The eleven components in number order, with items 4 and 6 tagged as the
/// team set them.
pub fn components(settings: &AssessmentSettings) -> Vec<Component> {
    use Group::*;
    let table: [(&'static str, Group, Tag); 11] = [
        ("Management and leadership", Foundation, Tag::Foundation),
        ("Language", Choice, Tag::Demand),
        ("Handle demand", Choice, Tag::Demand),
        ("Choice framework", Choice, settings.item4_tag),
        (
            "Full booking to Partnership",
            TransferToPartnership,
            Tag::Capacity,
        ),
        (
            "Selecting Partnership clinician by skill",
            TransferToPartnership,
            settings.item6_tag,
        ),
        (
            "Extended clinical skills in Core work (Core and Specific Partnership work)",
            Partnership,
            Tag::Capacity,
        ),
        (
            "Individual and team job planning",
            Partnership,
            Tag::Capacity,
        ),
        ("Goal setting and care plans", LettingGo, Tag::Capacity),
        ("Peer group supervision", LettingGo, Tag::Capacity),
        ("Team away days", Foundation, Tag::DemandAndCapacity),
    ];
    ItemNumber::all()
        .zip(table)
        .map(|(number, (component, group, tag))| Component {
            number,
            component,
            group,
            tag,
        })
        .collect()
}

/// One component by number.
pub fn component(number: ItemNumber, settings: &AssessmentSettings) -> Component {
    components(settings)[usize::from(number.get()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_pages_table() {
        let c = components(&AssessmentSettings::default());
        assert_eq!(c.len(), 11);
        assert_eq!(c[0].component, "Management and leadership");
        assert_eq!(
            (c[4].group, c[4].tag),
            (Group::TransferToPartnership, Tag::Capacity)
        );
        assert_eq!(c[10].tag, Tag::DemandAndCapacity);
        assert_eq!(c[10].group, Group::Foundation);
        let numbers: Vec<u8> = c.iter().map(|c| c.number.get()).collect();
        assert_eq!(numbers, (1..=11).collect::<Vec<_>>());
        let json = serde_json::to_value(c[6]).unwrap();
        assert_eq!(json["group"], "Partnership");
        assert_eq!(json["tag"], "capacity");
        assert_eq!(json["number"], 7);
    }

    #[test]
    fn items_4_and_6_take_the_teams_tags() {
        let s = AssessmentSettings {
            item4_tag: Tag::Capacity,
            item6_tag: Tag::DemandAndCapacity,
        };
        let n = |k| ItemNumber::from_value(k).unwrap();
        assert_eq!(component(n(4), &s).tag, Tag::Capacity);
        assert_eq!(component(n(6), &s).tag, Tag::DemandAndCapacity);
        let s: AssessmentSettings = serde_json::from_str(r#"{"item4_tag": "capacity"}"#).unwrap();
        assert_eq!(
            serde_json::from_str::<Tag>(r#""demand_and_capacity""#).unwrap(),
            Tag::DemandAndCapacity
        );
        assert!(serde_json::from_str::<Tag>(r#""supply""#).is_err());
        assert_eq!((s.item4_tag, s.item6_tag), (Tag::Capacity, Tag::Capacity));
        assert_eq!(
            Tag::parse("Demand and capacity"),
            Some(Tag::DemandAndCapacity)
        );
        assert!(Tag::DemandAndCapacity.counts_in(Tag::Demand));
        assert!(!Tag::Demand.counts_in(Tag::Capacity));
    }
}
