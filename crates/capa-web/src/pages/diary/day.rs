//! The day list: one day of the diary, for the booking administrator's desk.

use chrono::{Days, NaiveDate};

use super::week::{appointments, diary_day, frame};
use crate::AppState;
use crate::auth::TeamContext;
use crate::error::PageResult;
use crate::views::controls::LinkView;
use crate::views::diary::week::DiaryWeekPage;
use crate::views::format::long_day;

/// `GET /teams/{team}/diary?day=2026-11-24`: that day, whichever week it is in.
pub async fn page(state: &AppState, ctx: TeamContext, day: NaiveDate) -> PageResult<DiaryWeekPage> {
    let listed = appointments(state, &ctx, day, day + Days::new(1)).await?;
    let today = diary_day(&ctx, day, &listed);
    let steps = vec![
        LinkView {
            href: ctx.urls.diary_day(day - Days::new(1)),
            label: "Previous day".into(),
        },
        LinkView {
            href: ctx.urls.diary_day(day + Days::new(1)),
            label: "Next day".into(),
        },
        LinkView {
            href: ctx.urls.diary_week(super::monday_of(day)),
            label: "The whole week".into(),
        },
    ];
    Ok(DiaryWeekPage {
        heading: "Day list".into(),
        lede: format!("{}.", long_day(day)),
        days: vec![today],
        one_day: true,
        steps,
        ..frame(ctx)
    })
}
