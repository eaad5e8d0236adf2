//! `capa plan holidays`: the team's public holidays in a year, from its
//! calendar, with the rule of its anniversary day.

use std::fmt::Write as _;

use capa_core::Team;
use capa_core::diary::HolidayCalendar;

use crate::table::Table;

pub(super) fn list(team: &Team, year: i32) -> String {
    let calendar = team.settings.holiday_calendar;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: public holidays in {year} ({}: {})\n",
        team.settings.name,
        calendar.id(),
        calendar.describe()
    );
    let days = calendar.holidays(year);
    if days.is_empty() {
        out.push_str("None: the calendar is 'none'; the team enters its own holidays in the web application.\n");
        return out;
    }
    let mut table = Table::new(&["Date", "Day", "Holiday"], &[false, false, false]);
    for (day, name) in &days {
        table.row(vec![
            day.format("%d/%m/%Y").to_string(),
            day.format("%A").to_string(),
            (*name).to_string(),
        ]);
    }
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "\nOther calendars (holiday_calendar in [team]): {}.",
        HolidayCalendar::all()
            .iter()
            .map(|c| c.id())
            .collect::<Vec<_>>()
            .join(", ")
    );
    out
}
