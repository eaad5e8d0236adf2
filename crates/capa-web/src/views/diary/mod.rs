//! Views of the diary pages, one module per page.

pub mod absences;
pub mod book;
pub mod calendar;
pub mod choice;
pub mod managed;
pub mod plot;
pub mod publish;
pub mod sheet;
pub mod week;

/// A weekday a family cannot do, as a tick box.
pub struct WeekdayBox {
    /// Short name (`Mon`), also the field's suffix (`not_Mon`).
    pub name: &'static str,
    /// Ticked.
    pub excluded: bool,
}
