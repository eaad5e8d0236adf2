//! Accessible, server-rendered SVG charts of a team's capacity against demand.
//!
//! Each chart is one `<svg role="img">` whose `aria-labelledby` points at its
//! own `<title>` and `<desc>`; the description states every number drawn, so
//! a screen reader hears the whole chart. The drawing itself is hidden from
//! assistive technology. The charts use no script, no external font and no
//! `<style>` element (which would leak into a page the chart is inlined in);
//! sizes are in the `viewBox`, so a chart scales to its container. Colours
//! are from the Okabe-Ito palette, readable with colour-blindness, and demand
//! is hatched as well as coloured. Pages should still show the figures in a
//! table beside the chart.

mod assessment;
mod histogram;
mod monitor;
mod svg;

use capa_core::explain::n2;
use capa_core::{CapacityReport, YearReport};

pub use assessment::{MAX_REVIEWS_DRAWN, assessment_chart_svg};
pub use histogram::ff_histogram_svg;
pub use monitor::{monitor_demand_svg, monitor_targets_svg, monitor_waits_svg};
pub use svg::escape;
use svg::{Anchor, BLUE, GREEN, GRID, INK, MUTED, Scale, Svg, VERMILLION, clip, id_stem, x_axis};

const WIDTH: f64 = 760.0;

fn surplus_words(surplus: f64) -> String {
    if surplus < -1e-9 {
        format!("a shortfall of {}", n2(-surplus))
    } else if surplus > 1e-9 {
        format!("a surplus of {}", n2(surplus))
    } else {
        "exactly in balance".into()
    }
}

fn capacity_desc(report: &CapacityReport) -> String {
    let t = &report.team;
    let per: Vec<String> = report
        .clinicians
        .iter()
        .map(|c| format!("{} {} {}", c.initials, c.name, c.new_core_target))
        .collect();
    let mut d = if per.is_empty() {
        format!("No clinicians in the plan for {}. ", report.quarter)
    } else {
        format!(
            "New Core Partnership targets for {}, per clinician: {}. ",
            report.quarter,
            per.join(", ")
        )
    };
    d.push_str(&format!(
        "Team: {} new Core Partnerships offered against a Core demand of {}, {}. ",
        t.new_core_total,
        n2(t.core_demand),
        surplus_words(t.core_surplus)
    ));
    match band_range(report) {
        Some((low, high)) => d.push_str(&format!(
            "CAPA balance band: {} to {} times {} accepted referrals a week, {} to {} new Core Partnerships a quarter; the balance ratio is {}, {} the band.",
            n2(t.balance_band.low),
            n2(t.balance_band.high),
            n2(t.accepted_referrals_per_week),
            n2(low),
            n2(high),
            t.balance_ratio.map_or("not known".into(), n2),
            standing_words(t.balance)
        )),
        None => d.push_str("No accepted referral rate is set, so there is no balance band."),
    }
    d
}

fn standing_words(s: capa_core::balance::Standing) -> &'static str {
    use capa_core::balance::Standing::*;
    match s {
        Below => "below",
        Within => "within",
        Above => "above",
        Unknown => "not judged against",
    }
}

/// The band's range in new Core Partnerships a quarter, when referrals are set.
fn band_range(report: &CapacityReport) -> Option<(f64, f64)> {
    let t = &report.team;
    (t.accepted_referrals_per_week > 0.0).then_some((
        t.balance_band.low * t.accepted_referrals_per_week,
        t.balance_band.high * t.accepted_referrals_per_week,
    ))
}

/// The quarter's capacity as an SVG chart: each clinician's new Core target
/// as a bar, then the team's new Core total against Core demand with the CAPA
/// balance band (8-9 times the weekly accepted referrals) shaded behind them.
pub fn capacity_chart_svg(report: &CapacityReport) -> String {
    const LEFT: f64 = 220.0;
    const RIGHT: f64 = 60.0;
    const ROW: f64 = 26.0;
    let plot = WIDTH - LEFT - RIGHT;
    let t = &report.team;
    let title = format!(
        "New Core Partnerships per quarter: {}, {}",
        t.name, report.quarter
    );
    let desc = capacity_desc(report);
    let stem = id_stem("capacity", &format!("{title}\n{desc}"));

    let rows = report.clinicians.len().max(1) as f64;
    let p1_top = 76.0;
    let p1_bottom = p1_top + rows * ROW;
    let p2_top = p1_bottom + 112.0;
    let p2_bottom = p2_top + 2.0 * 32.0;
    let height = p2_bottom + 80.0;

    let mut svg = Svg::new(WIDTH, height, &stem, &title, &desc);
    let hatch = format!("{stem}-hatch");
    svg.hatch(&hatch, VERMILLION);
    svg.open_hidden_group();
    svg.text(
        (16.0, 28.0),
        Anchor::Start,
        17.0,
        "bold",
        INK,
        &clip(&title, 80),
    );

    // Panel 1: each clinician's target.
    svg.text(
        (16.0, p1_top - 16.0),
        Anchor::Start,
        14.0,
        "bold",
        INK,
        "Each clinician's new Core target",
    );
    let top_value = report
        .clinicians
        .iter()
        .map(|c| f64::from(c.new_core_target))
        .fold(0.0, f64::max);
    let s1 = Scale::to(top_value);
    x_axis(
        &mut svg,
        s1,
        LEFT,
        plot,
        (p1_top, p1_bottom),
        "new Core Partnerships to start this quarter",
    );
    if report.clinicians.is_empty() {
        svg.text(
            (LEFT + 8.0, p1_top + 17.0),
            Anchor::Start,
            13.0,
            "normal",
            MUTED,
            "No clinicians in the plan",
        );
    }
    for (i, c) in report.clinicians.iter().enumerate() {
        let y = p1_top + i as f64 * ROW;
        let v = f64::from(c.new_core_target);
        let w = s1.at(v, plot);
        let label = clip(&format!("{} {}", c.initials, c.name), 24);
        svg.text(
            (LEFT - 10.0, y + 17.5),
            Anchor::End,
            13.0,
            "normal",
            INK,
            &label,
        );
        svg.rect(LEFT, y + 5.0, w, 16.0, BLUE);
        svg.text(
            (LEFT + w + 6.0, y + 17.5),
            Anchor::Start,
            13.0,
            "bold",
            INK,
            &c.new_core_target.to_string(),
        );
    }

    // Panel 2: the team against demand and the balance band.
    svg.text(
        (16.0, p2_top - 44.0),
        Anchor::Start,
        14.0,
        "bold",
        INK,
        "Team: new Core offered against Core demand and the CAPA balance band",
    );
    let band = band_range(report);
    let top2 = [
        f64::from(t.new_core_total),
        t.core_demand,
        band.map_or(0.0, |b| b.1),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    let s2 = Scale::to(top2);
    x_axis(
        &mut svg,
        s2,
        LEFT,
        plot,
        (p2_top, p2_bottom),
        "new Core Partnerships this quarter",
    );
    if let Some((low, high)) = band {
        let x1 = LEFT + s2.at(low, plot);
        let x2 = LEFT + s2.at(high, plot);
        svg.rect_stroked(
            (x1, p2_top - 4.0, x2 - x1, p2_bottom - p2_top + 4.0),
            GREEN,
            GREEN,
            r#" fill-opacity="0.16" stroke-dasharray="5 3""#,
        );
        let label = format!(
            "CAPA balance band ({}-{} x {} referrals a week): {}-{}",
            n2(t.balance_band.low),
            n2(t.balance_band.high),
            n2(t.accepted_referrals_per_week),
            n2(low),
            n2(high)
        );
        // Centred over the band, but kept inside the chart.
        let half = label.chars().count() as f64 * 12.0 * 0.3;
        let centre = ((x1 + x2) / 2.0).clamp(16.0 + half, WIDTH - 8.0 - half);
        svg.text(
            (centre, p2_top - 10.0),
            Anchor::Middle,
            12.0,
            "normal",
            INK,
            &label,
        );
    }
    let bars = [
        (
            "New Core offered (team)",
            f64::from(t.new_core_total),
            false,
        ),
        ("Core demand", t.core_demand, true),
    ];
    for (i, (label, v, hatched)) in bars.into_iter().enumerate() {
        let y = p2_top + i as f64 * 32.0;
        let w = s2.at(v, plot);
        svg.text(
            (LEFT - 10.0, y + 20.5),
            Anchor::End,
            13.0,
            "normal",
            INK,
            label,
        );
        if hatched {
            svg.rect_stroked(
                (LEFT, y + 6.0, w, 20.0),
                &format!("url(#{hatch})"),
                VERMILLION,
                "",
            );
        } else {
            svg.rect(LEFT, y + 6.0, w, 20.0, BLUE);
        }
        svg.text(
            (LEFT + w + 6.0, y + 20.5),
            Anchor::Start,
            13.0,
            "bold",
            INK,
            &n2(v),
        );
    }
    let verdict = format!(
        "Balance ratio {}, {} CAPA's {}-{} band; {} against Core demand.",
        t.balance_ratio.map_or("not known".into(), n2),
        standing_words(t.balance),
        n2(t.balance_band.low),
        n2(t.balance_band.high),
        surplus_words(t.core_surplus)
    );
    svg.text(
        (16.0, height - 14.0),
        Anchor::Start,
        13.0,
        "normal",
        INK,
        &verdict,
    );
    svg.close_group();
    svg.finish()
}

fn year_desc(y: &YearReport) -> String {
    let per: Vec<String> = y
        .quarters
        .iter()
        .enumerate()
        .map(|(k, q)| {
            format!(
                "Q{} (from {}): team new Core {}, Core demand {}",
                q.number,
                q.start().format("%d/%m/%Y"),
                y.new_core_targets.get(k).copied().unwrap_or(0),
                n2(y.core_demand.get(k).copied().unwrap_or(0.0))
            )
        })
        .collect();
    let t = &y.totals;
    format!(
        "Planning year {}. {}. Year: {} new Core Partnerships against a Core demand of {}, {}. Quarterly targets are rounded cumulatively, so they add up to the year.",
        y.year,
        per.join("; "),
        t.new_core,
        n2(t.core_demand),
        surplus_words(t.year_surplus)
    )
}

/// The year as an SVG chart: per quarter, the team's new Core targets beside
/// the Core demand.
pub fn year_chart_svg(year: &YearReport) -> String {
    const LEFT: f64 = 76.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 88.0;
    const BOTTOM: f64 = 330.0;
    const HEIGHT: f64 = 436.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = BOTTOM - TOP;
    let title = format!(
        "New Core Partnerships per quarter, planning year {}: team targets against Core demand",
        year.year
    );
    let desc = year_desc(year);
    let stem = id_stem("year", &format!("{title}\n{desc}"));

    let mut svg = Svg::new(WIDTH, HEIGHT, &stem, &title, &desc);
    let hatch = format!("{stem}-hatch");
    svg.hatch(&hatch, VERMILLION);
    svg.open_hidden_group();
    svg.text(
        (16.0, 28.0),
        Anchor::Start,
        17.0,
        "bold",
        INK,
        &format!("New Core Partnerships per quarter, {}", year.year),
    );
    svg.rect(LEFT, 46.0, 14.0, 14.0, BLUE);
    svg.text(
        (LEFT + 20.0, 58.0),
        Anchor::Start,
        13.0,
        "normal",
        INK,
        "Team new Core targets",
    );
    svg.rect_stroked(
        (LEFT + 220.0, 46.0, 14.0, 14.0),
        &format!("url(#{hatch})"),
        VERMILLION,
        "",
    );
    svg.text(
        (LEFT + 240.0, 58.0),
        Anchor::Start,
        13.0,
        "normal",
        INK,
        "Core demand",
    );

    let top = year
        .new_core_targets
        .iter()
        .map(|v| f64::from(*v))
        .chain(year.core_demand.iter().copied())
        .fold(0.0, f64::max);
    let scale = Scale::to(top);
    for t in scale.ticks() {
        let y = BOTTOM - scale.at(t, plot_h);
        svg.line((LEFT, y), (LEFT + plot_w, y), GRID, false);
        svg.text(
            (LEFT - 8.0, y + 4.0),
            Anchor::End,
            12.0,
            "normal",
            MUTED,
            &capa_core::explain::num(t, 1),
        );
    }
    svg.line((LEFT, BOTTOM), (LEFT + plot_w, BOTTOM), MUTED, false);
    svg.text_vertical((22.0, (TOP + BOTTOM) / 2.0), "new Core Partnerships");

    let groups = year.quarters.len().max(1) as f64;
    let group_w = plot_w / groups;
    let bar_w = (group_w * 0.3).min(64.0);
    for (k, q) in year.quarters.iter().enumerate() {
        let centre = LEFT + group_w * (k as f64 + 0.5);
        let offered = f64::from(year.new_core_targets.get(k).copied().unwrap_or(0));
        let demand = year.core_demand.get(k).copied().unwrap_or(0.0);
        let h1 = scale.at(offered, plot_h);
        let h2 = scale.at(demand, plot_h);
        let x1 = centre - bar_w - 3.0;
        let x2 = centre + 3.0;
        svg.rect(x1, BOTTOM - h1, bar_w, h1, BLUE);
        svg.rect_stroked(
            (x2, BOTTOM - h2, bar_w, h2),
            &format!("url(#{hatch})"),
            VERMILLION,
            "",
        );
        svg.text(
            (x1 + bar_w / 2.0, BOTTOM - h1 - 6.0),
            Anchor::Middle,
            13.0,
            "bold",
            INK,
            &n2(offered),
        );
        svg.text(
            (x2 + bar_w / 2.0, BOTTOM - h2 - 6.0),
            Anchor::Middle,
            13.0,
            "bold",
            INK,
            &n2(demand),
        );
        svg.text(
            (centre, BOTTOM + 18.0),
            Anchor::Middle,
            13.0,
            "bold",
            INK,
            &format!("Q{}", q.number),
        );
        svg.text(
            (centre, BOTTOM + 34.0),
            Anchor::Middle,
            12.0,
            "normal",
            MUTED,
            &format!("from {}", q.start().format("%d/%m/%Y")),
        );
    }
    let t = &year.totals;
    svg.text(
        (16.0, HEIGHT - 34.0),
        Anchor::Start,
        13.0,
        "normal",
        INK,
        &format!(
            "Year: {} new Core against a demand of {}, {}.",
            t.new_core,
            n2(t.core_demand),
            surplus_words(t.year_surplus)
        ),
    );
    svg.text(
        (16.0, HEIGHT - 14.0),
        Anchor::Start,
        13.0,
        "normal",
        MUTED,
        "Quarterly targets are rounded cumulatively, so they add up to the year.",
    );
    svg.close_group();
    svg.finish()
}
