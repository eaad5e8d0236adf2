//! The quarter monitor's charts: targets against Partnerships started per
//! clinician, waits by month against the target lines, and demand against
//! what was delivered by quarter. All three are grouped bars drawn by
//! [`grouped_bars`]; each bar carries its figure as text and each series a
//! key, so neither colour nor position alone carries the meaning, and the
//! description states every figure drawn.

use capa_core::explain::num;
use capa_core::monitor::{MonitorSettings, QuarterMonitor, Trends, Waits};

use super::svg::{Anchor, BLUE, GREEN, GRID, INK, MUTED, Scale, Svg, VERMILLION, clip, id_stem};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 340.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 70.0;
const BOTTOM: f64 = 290.0;

/// One series of bars: a name for the key, a colour, whether hatched (demand
/// and the unfinished are hatched as well as coloured), one value per
/// category (`None`: nothing to draw, said as "none" in the description).
struct Series<'a> {
    name: &'a str,
    colour: &'static str,
    hatched: bool,
    values: Vec<Option<f64>>,
}

/// A dashed horizontal line at a value, labelled at its right end.
struct Reference {
    label: String,
    value: f64,
}

fn figure(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "none".to_string(), |v| num(v, digits))
}

/// Grouped vertical bars, one group per category; `unit` titles the value
/// axis; `digits` is how many decimals the figures show.
fn grouped_bars(
    kind: &str,
    title: &str,
    unit: &str,
    categories: &[String],
    series: &[Series],
    references: &[Reference],
    digits: usize,
) -> String {
    let mut desc: Vec<String> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let parts: Vec<String> = series
                .iter()
                .map(|s| format!("{} {}", s.name, figure(s.values[i], digits)))
                .collect();
            format!("{c}: {}", parts.join(", "))
        })
        .collect();
    desc.extend(
        references
            .iter()
            .map(|r| format!("{} at {} {unit}", r.label, num(r.value, digits))),
    );
    let desc = if categories.is_empty() {
        "Nothing to show yet.".to_string()
    } else {
        desc.join(". ") + "."
    };
    let stem = id_stem(kind, &format!("{title}\n{desc}"));
    let mut svg = Svg::new(WIDTH, HEIGHT, &stem, title, &desc);
    for (k, s) in series.iter().enumerate() {
        if s.hatched {
            svg.hatch(&format!("{stem}-h{k}"), s.colour);
        }
    }
    svg.open_hidden_group();
    svg.text((16.0, 24.0), Anchor::Start, 16.0, "bold", INK, title);
    let mut x = 16.0;
    for (k, s) in series.iter().enumerate() {
        fill_rect(&mut svg, &stem, k, s, (x, 38.0, 12.0, 12.0));
        svg.text((x + 16.0, 49.0), Anchor::Start, 12.0, "normal", INK, s.name);
        x += 28.0 + s.name.chars().count() as f64 * 6.6;
    }
    let top = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .chain(references.iter().map(|r| r.value))
        .fold(1.0, f64::max);
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
            &num(t, 0),
        );
    }
    svg.line((LEFT, BOTTOM), (LEFT + plot_w, BOTTOM), MUTED, false);
    svg.text_vertical((16.0, (TOP + BOTTOM) / 2.0), unit);
    let slot_w = plot_w / categories.len().max(1) as f64;
    let bars = series.len().max(1) as f64;
    let bar_w = ((slot_w * 0.8) / bars).min(40.0);
    let label_chars = ((slot_w / 7.0) as usize).max(3);
    for (i, c) in categories.iter().enumerate() {
        let centre = LEFT + slot_w * (i as f64 + 0.5);
        let start = centre - bar_w * bars / 2.0;
        for (k, s) in series.iter().enumerate() {
            let bx = start + bar_w * k as f64;
            let Some(v) = s.values[i] else { continue };
            let h = scale.at(v, plot_h);
            fill_rect(
                &mut svg,
                &stem,
                k,
                s,
                (bx + 1.0, BOTTOM - h, bar_w - 2.0, h),
            );
            svg.text(
                (bx + bar_w / 2.0, BOTTOM - h - 4.0),
                Anchor::Middle,
                11.0,
                "bold",
                INK,
                &num(v, digits),
            );
        }
        svg.text(
            (centre, BOTTOM + 18.0),
            Anchor::Middle,
            12.0,
            "normal",
            INK,
            &clip(c, label_chars),
        );
    }
    for r in references {
        let y = BOTTOM - scale.at(r.value, plot_h);
        svg.line((LEFT, y), (LEFT + plot_w, y), VERMILLION, true);
        svg.text(
            (LEFT + plot_w, y - 4.0),
            Anchor::End,
            11.0,
            "normal",
            VERMILLION,
            &r.label,
        );
    }
    svg.close_group();
    svg.finish()
}

fn fill_rect(svg: &mut Svg, stem: &str, k: usize, s: &Series, rect: (f64, f64, f64, f64)) {
    if s.hatched {
        svg.rect_stroked(rect, &format!("url(#{stem}-h{k})"), s.colour, "");
    } else {
        svg.rect(rect.0, rect.1, rect.2, rect.3, s.colour);
    }
}

/// Each clinician's target against Partnerships started (and, for the
/// quarter under way, the projection), by initials.
pub fn monitor_targets_svg(m: &QuarterMonitor) -> String {
    let categories: Vec<String> = m
        .clinicians
        .iter()
        .map(|c| c.initials.to_string())
        .collect();
    let mut series = vec![
        Series {
            name: "target",
            colour: BLUE,
            hatched: false,
            values: m
                .clinicians
                .iter()
                .map(|c| Some(f64::from(c.target)))
                .collect(),
        },
        Series {
            name: "started",
            colour: GREEN,
            hatched: false,
            values: m
                .clinicians
                .iter()
                .map(|c| Some(f64::from(c.counts.started)))
                .collect(),
        },
    ];
    if m.clinicians.iter().any(|c| c.projected.is_some()) {
        series.push(Series {
            name: "projected",
            colour: GREEN,
            hatched: true,
            values: m
                .clinicians
                .iter()
                .map(|c| c.projected.map(f64::from))
                .collect(),
        });
    }
    grouped_bars(
        "monitor-targets",
        &format!("{}: target against Partnerships started", m.quarter),
        "new Partnerships",
        &categories,
        &series,
        &[],
        0,
    )
}

/// Median waits by month, referral to Choice and Choice to first
/// Partnership, against the short access target and the internal wait's aim.
pub fn monitor_waits_svg(w: &Waits, settings: &MonitorSettings) -> String {
    let categories: Vec<String> = w.by_month.iter().map(|m| m.month.clone()).collect();
    let series = [
        Series {
            name: "median days to Choice",
            colour: BLUE,
            hatched: false,
            values: w.by_month.iter().map(|m| m.to_choice_days.median).collect(),
        },
        Series {
            name: "median days Choice to Partnership",
            colour: VERMILLION,
            hatched: true,
            values: w
                .by_month
                .iter()
                .map(|m| m.to_partnership_days.median)
                .collect(),
        },
    ];
    let references = [
        Reference {
            label: format!("access target: {} weeks", settings.short_wait.weeks),
            value: f64::from(settings.short_wait.weeks * 7),
        },
        Reference {
            label: format!("internal wait aim: {} weeks", settings.internal_aim_weeks),
            value: f64::from(settings.internal_aim_weeks * 7),
        },
    ];
    grouped_bars(
        "monitor-waits",
        "Median waits by month against the targets",
        "days",
        &categories,
        &series,
        &references,
        1,
    )
}

/// Demand against what was delivered, quarter by quarter: Choice
/// appointments needed against done, new Core Partnerships needed against
/// started.
pub fn monitor_demand_svg(t: &Trends) -> String {
    let categories: Vec<String> = t.quarters.iter().map(|q| q.quarter.key()).collect();
    let series = [
        Series {
            name: "Choice needed",
            colour: VERMILLION,
            hatched: true,
            values: t
                .quarters
                .iter()
                .map(|q| Some(f64::from(q.choice_needed)))
                .collect(),
        },
        Series {
            name: "Choice done",
            colour: BLUE,
            hatched: false,
            values: t
                .quarters
                .iter()
                .map(|q| Some(f64::from(q.choice_done)))
                .collect(),
        },
        Series {
            name: "Core needed",
            colour: "#E69F00",
            hatched: true,
            values: t.quarters.iter().map(|q| Some(q.core_demand)).collect(),
        },
        Series {
            name: "Core started",
            colour: GREEN,
            hatched: false,
            values: t
                .quarters
                .iter()
                .map(|q| Some(f64::from(q.core_started)))
                .collect(),
        },
    ];
    grouped_bars(
        "monitor-demand",
        "Demand against delivered, by quarter",
        "appointments and Partnerships",
        &categories,
        &series,
        &[],
        0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_state_every_figure_and_reference() {
        let svg = grouped_bars(
            "t",
            "Title",
            "days",
            &["Jan".into(), "Feb".into()],
            &[
                Series {
                    name: "a",
                    colour: BLUE,
                    hatched: false,
                    values: vec![Some(3.0), None],
                },
                Series {
                    name: "b",
                    colour: GREEN,
                    hatched: true,
                    values: vec![Some(4.5), Some(1.0)],
                },
            ],
            &[Reference {
                label: "aim".into(),
                value: 28.0,
            }],
            1,
        );
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("Jan: a 3, b 4.5. Feb: a none, b 1. aim at 28 days."));
        assert!(!svg.contains("<style"));
        // The hatched series has its pattern, the empty value no bar.
        assert_eq!(svg.matches("<pattern").count(), 1);
        assert!(grouped_bars("t", "T", "u", &[], &[], &[], 0).contains("Nothing to show yet."));
    }
}
