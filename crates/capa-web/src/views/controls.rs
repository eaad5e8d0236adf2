//! Small pieces many views share: a choice in a select, a ticked box, a link.

/// A choice in a select (or a radio button).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionView {
    /// Value sent back.
    pub value: String,
    /// What is shown.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

impl OptionView {
    /// A choice shown as its value.
    pub fn plain(value: impl Into<String>, selected: bool) -> Self {
        let value = value.into();
        Self {
            label: value.clone(),
            value,
            selected,
        }
    }
}

/// A link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkView {
    /// Target.
    pub href: String,
    /// Text.
    pub label: String,
}

/// A named count ("DBT: 2").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountView {
    /// What is counted.
    pub name: String,
    /// How many.
    pub n: u32,
}
