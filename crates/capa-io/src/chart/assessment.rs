//! The self-assessment's history as a chart: for each review, one bar per
//! group (Foundation, Choice, Transfer to Partnership, Partnership, Letting
//! go), each labelled with its score and its group's initial, so neither
//! colour nor position alone carries the meaning.

use capa_core::assessment::PartScore;
use chrono::NaiveDate;

use super::svg::{Anchor, BLUE, GREEN, GRID, INK, MUTED, Scale, Svg, VERMILLION, id_stem};

const WIDTH: f64 = 760.0;
/// The most recent reviews drawn; the table beside the chart has them all.
pub const MAX_REVIEWS_DRAWN: usize = 8;

/// Okabe-Ito colours, one per group in form order.
const COLOURS: [&str; 5] = [BLUE, VERMILLION, GREEN, "#E69F00", "#CC79A7"];

/// A short mark for a group, shown under its bar.
fn initial(name: &str) -> String {
    match name {
        "Transfer to Partnership" => "T".into(),
        "Letting go" => "L".into(),
        other => other.chars().next().map(String::from).unwrap_or_default(),
    }
}

fn desc(history: &[(NaiveDate, Vec<PartScore>)]) -> String {
    if history.is_empty() {
        return "No reviews yet.".into();
    }
    history
        .iter()
        .map(|(date, groups)| {
            let total: u32 = groups.iter().map(|g| g.score).sum();
            format!(
                "{}: {} of 22 ({})",
                date.format("%d/%m/%Y"),
                total,
                groups
                    .iter()
                    .map(|g| format!("{} {} of {}", g.name, g.score, g.max))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(". ")
        + "."
}

/// The score of each group at each review, oldest first (at most the last
/// [`MAX_REVIEWS_DRAWN`] drawn; the description states every figure drawn).
pub fn assessment_chart_svg(history: &[(NaiveDate, Vec<PartScore>)]) -> String {
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 96.0;
    const BOTTOM: f64 = 300.0;
    const HEIGHT: f64 = 360.0;
    let drawn = &history[history.len().saturating_sub(MAX_REVIEWS_DRAWN)..];
    let title = "CAPA self-assessment: the score of each group at each review";
    let desc = desc(drawn);
    let stem = id_stem("assessment", &format!("{title}\n{desc}"));
    let mut svg = Svg::new(WIDTH, HEIGHT, &stem, title, &desc);
    svg.open_hidden_group();
    svg.text(
        (16.0, 26.0),
        Anchor::Start,
        17.0,
        "bold",
        INK,
        "Score per group at each review",
    );
    let names: Vec<&str> = drawn
        .first()
        .map(|(_, g)| g.iter().map(|p| p.name).collect())
        .unwrap_or_default();
    let mut x = 16.0;
    for (k, name) in names.iter().enumerate() {
        let label = format!("{} {}", initial(name), name);
        svg.rect(x, 42.0, 12.0, 12.0, COLOURS[k % COLOURS.len()]);
        svg.text((x + 16.0, 53.0), Anchor::Start, 12.0, "normal", INK, &label);
        x += 24.0 + label.chars().count() as f64 * 6.6;
        if x > WIDTH - 160.0 && k + 1 < names.len() {
            x = 16.0;
            svg.close_group();
            svg.open_hidden_group();
        }
    }
    let top = drawn
        .iter()
        .flat_map(|(_, g)| g.iter().map(|p| f64::from(p.max)))
        .fold(4.0, f64::max);
    let scale = Scale::to(top);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = BOTTOM - TOP;
    for t in scale.ticks() {
        let y = BOTTOM - scale.at(t, plot_h);
        svg.line((LEFT, y), (LEFT + plot_w, y), GRID, false);
        svg.text(
            (LEFT - 8.0, y + 4.0),
            Anchor::End,
            12.0,
            "normal",
            MUTED,
            &capa_core::explain::num(t, 0),
        );
    }
    svg.line((LEFT, BOTTOM), (LEFT + plot_w, BOTTOM), MUTED, false);
    svg.text_vertical((18.0, (TOP + BOTTOM) / 2.0), "score");
    let slots = drawn.len().max(1) as f64;
    let slot_w = plot_w / slots;
    let bars = names.len().max(1) as f64;
    let bar_w = ((slot_w * 0.8) / bars).min(22.0);
    for (i, (date, groups)) in drawn.iter().enumerate() {
        let centre = LEFT + slot_w * (i as f64 + 0.5);
        let start = centre - bar_w * bars / 2.0;
        for (k, g) in groups.iter().enumerate() {
            let h = scale.at(f64::from(g.score), plot_h);
            let bx = start + bar_w * k as f64;
            svg.rect(
                bx + 1.0,
                BOTTOM - h,
                bar_w - 2.0,
                h,
                COLOURS[k % COLOURS.len()],
            );
            svg.text(
                (bx + bar_w / 2.0, BOTTOM - h - 4.0),
                Anchor::Middle,
                11.0,
                "bold",
                INK,
                &g.score.to_string(),
            );
            svg.text(
                (bx + bar_w / 2.0, BOTTOM + 14.0),
                Anchor::Middle,
                10.0,
                "normal",
                MUTED,
                &initial(g.name),
            );
        }
        let total: u32 = groups.iter().map(|g| g.score).sum();
        svg.text(
            (centre, BOTTOM + 32.0),
            Anchor::Middle,
            12.0,
            "bold",
            INK,
            &date.format("%d/%m/%Y").to_string(),
        );
        svg.text(
            (centre, BOTTOM + 48.0),
            Anchor::Middle,
            12.0,
            "normal",
            MUTED,
            &format!("{total} of 22"),
        );
    }
    svg.close_group();
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use capa_core::assessment::{Assessment, AssessmentSettings, ItemNumber, Rating, score};

    #[test]
    fn the_chart_states_every_score_it_draws() {
        let mut a = Assessment::new(NaiveDate::from_ymd_opt(2025, 11, 3).unwrap());
        a.set(
            ItemNumber::from_value(7).unwrap(),
            Some(Rating::Yes),
            String::new(),
        );
        a.set(
            ItemNumber::from_value(8).unwrap(),
            Some(Rating::Partial),
            String::new(),
        );
        let s = score(&a, &AssessmentSettings::default());
        let svg = assessment_chart_svg(&[(a.date, s.groups)]);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("03/11/2025: 3 of 22 (Foundation 0 of 4, Choice 0 of 6, Transfer to Partnership 0 of 4, Partnership 3 of 4, Letting go 0 of 4)."));
        assert!(!svg.contains("<style"));
        assert_eq!(
            assessment_chart_svg(&[]).matches("No reviews yet.").count(),
            1
        );
    }
}
