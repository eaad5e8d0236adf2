//! The f/f histogram of a discharge report: one bar per f/f count, with the
//! Choice range (<= 3 by default) and the Core range (4-15) marked as bands
//! behind the bars and named above them, so the ranges read without colour.

use capa_core::demand::FfHistogram;

use super::svg::escape;

const W: f64 = 760.0;
const H: f64 = 320.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 44.0;

/// Okabe-Ito orange, blue and bluish green; grey for ink.
const CHOICE: &str = "#E69F00";
const CORE: &str = "#0072B2";
const EXTENDED: &str = "#009E73";
const INK: &str = "#222222";

/// The histogram as an accessible SVG (`role="img"`, a title, and a
/// description stating every bar). `id` makes its element ids unique in a page.
pub fn ff_histogram_svg(h: &FfHistogram, choice_max: u32, core_max: u32, id: &str) -> String {
    let bars: Vec<(String, u64)> = h.bars().collect();
    let n = bars.len().max(1) as f64;
    let top = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let bw = plot_w / n;
    let x = |i: usize| LEFT + i as f64 * bw;
    let range = |lo: u32, hi: u32| -> u64 {
        bars.iter()
            .enumerate()
            .filter(|(i, _)| (*i as u32) >= lo && (*i as u32) <= hi)
            .map(|(_, b)| b.1)
            .sum()
    };
    let choice = range(0, choice_max);
    let core = range(choice_max + 1, core_max);
    let extended = range(core_max + 1, u32::MAX);
    let listed: Vec<String> = bars
        .iter()
        .filter(|b| b.1 > 0)
        .map(|(l, c)| format!("{l} f/f: {c}"))
        .collect();
    let desc = format!(
        "Episodes by number of face-to-face contacts. Choice or one-off range (0 to {choice_max} f/f): {choice} {}; Core range ({} to {core_max}): {core}; extended (above {core_max}): {extended}. Bars with episodes: {}.",
        capa_core::explain::noun(choice as f64, "episode", "episodes"),
        choice_max + 1,
        if listed.is_empty() {
            "none".to_string()
        } else {
            listed.join(", ")
        }
    );
    let id = escape(id);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{id}-title {id}-desc" class="chart-svg"><title id="{id}-title">Episodes by f/f, with the Choice and Core ranges</title><desc id="{id}-desc">{}</desc><g aria-hidden="true">"#,
        escape(&desc)
    );
    let band = |lo: usize, hi: usize, colour: &str, label: &str, s: &mut String| {
        if lo > hi || lo >= bars.len() {
            return;
        }
        let hi = hi.min(bars.len() - 1);
        let (x0, x1) = (x(lo), x(hi + 1));
        s.push_str(&format!(
            r#"<rect x="{x0:.1}" y="{TOP}" width="{:.1}" height="{plot_h}" fill="{colour}" fill-opacity="0.12"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13" fill="{INK}">{}</text>"#,
            x1 - x0,
            (x0 + x1) / 2.0,
            TOP - 10.0,
            escape(label)
        ));
    };
    let cm = choice_max as usize;
    let km = core_max as usize;
    band(0, cm, CHOICE, &format!("Choice (≤ {choice_max})"), &mut s);
    band(
        cm + 1,
        km,
        CORE,
        &format!("Core ({}-{core_max})", choice_max + 1),
        &mut s,
    );
    band(km + 1, bars.len(), EXTENDED, "extended", &mut s);
    for (i, (label, count)) in bars.iter().enumerate() {
        let colour = if i <= cm {
            CHOICE
        } else if i <= km {
            CORE
        } else {
            EXTENDED
        };
        let bh = *count as f64 / top * plot_h;
        s.push_str(&format!(
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{bh:.1}" fill="{colour}"/>"#,
            x(i) + 1.0,
            TOP + plot_h - bh,
            (bw - 2.0).max(1.0)
        ));
        if i % 5 == 0 || i + 1 == bars.len() {
            s.push_str(&format!(
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12" fill="{INK}">{}</text>"#,
                x(i) + bw / 2.0,
                TOP + plot_h + 16.0,
                escape(label)
            ));
        }
    }
    s.push_str(&format!(
        r#"<line x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{INK}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12" fill="{INK}">face-to-face contacts (f/f)</text><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12" fill="{INK}">{}</text><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12" fill="{INK}">0</text>"#,
        TOP + plot_h,
        W - RIGHT,
        TOP + plot_h,
        LEFT + plot_w / 2.0,
        H - 8.0,
        LEFT - 6.0,
        TOP + 4.0,
        top as u64,
        LEFT - 6.0,
        TOP + plot_h
    ));
    s.push_str("</g></svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_states_the_ranges_and_bars() {
        let mut counts = vec![0; 32];
        counts[0] = 2;
        counts[3] = 1;
        counts[7] = 4;
        counts[31] = 1;
        let h = FfHistogram { max: 30, counts };
        let svg = ff_histogram_svg(&h, 3, 15, "ff");
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("Choice or one-off range (0 to 3 f/f): 3 episodes; Core range (4 to 15): 4; extended (above 15): 1."));
        assert!(svg.contains("0 f/f: 2, 3 f/f: 1, 7 f/f: 4, 31+ f/f: 1."));
        assert!(svg.contains("Choice (≤ 3)") && svg.contains("Core (4-15)"));
        assert!(!svg.contains("<script") && !svg.contains("<style"));
        let mut counts = vec![0; 32];
        counts[1] = 1;
        let h = FfHistogram { max: 30, counts };
        let svg = ff_histogram_svg(&h, 3, 15, "ff");
        assert!(svg.contains("(0 to 3 f/f): 1 episode; Core"), "{svg}");
    }
}
