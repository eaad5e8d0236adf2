//! A small SVG writer: escaped text, shapes with presentation attributes
//! (no `<style>`, which would leak into the page the chart is inlined in),
//! and a linear scale with round ticks.

use std::fmt::Write;

/// Okabe-Ito blue: the plan (targets, new Core offered).
pub(crate) const BLUE: &str = "#0072B2";
/// Okabe-Ito vermillion: demand.
pub(crate) const VERMILLION: &str = "#D55E00";
/// Okabe-Ito bluish green: the CAPA balance band.
pub(crate) const GREEN: &str = "#009E73";
/// Body text.
pub(crate) const INK: &str = "#1F1F1F";
/// Secondary text and axes.
pub(crate) const MUTED: &str = "#4D4D4D";
/// Grid lines.
pub(crate) const GRID: &str = "#D0D0D0";
/// System fonts only: nothing is fetched.
const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/// Escapes text for XML content and attribute values, and drops characters
/// XML 1.0 does not allow at all (most control characters).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Cuts a label to `max` characters, ending it with an ellipsis when cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A stable identifier stem for the chart's `title`, `desc` and pattern, so
/// two different charts inlined in one page do not share ids.
pub(crate) fn id_stem(kind: &str, content: &str) -> String {
    let mut h: u32 = 0x811C_9DC5;
    for b in content.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("capa-{kind}-{h:08x}")
}

/// A linear scale from 0 to a round maximum, with its tick step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    /// The axis maximum.
    pub(crate) max: f64,
    /// Distance between ticks.
    pub(crate) step: f64,
}

impl Scale {
    /// A scale whose maximum is the first round tick at or above `value`,
    /// with at most about six ticks.
    pub(crate) fn to(value: f64) -> Self {
        let v = if value.is_finite() && value > 0.0 {
            value
        } else {
            1.0
        };
        let raw = v / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude)
            .max(1.0);
        let max = (v / step).ceil() * step;
        Self { max, step }
    }

    /// The ticks from 0 to the maximum.
    pub(crate) fn ticks(&self) -> Vec<f64> {
        let n = (self.max / self.step).round() as usize;
        (0..=n).map(|i| i as f64 * self.step).collect()
    }

    /// Where `value` falls on an axis `length` long.
    pub(crate) fn at(&self, value: f64, length: f64) -> f64 {
        if !value.is_finite() || value <= 0.0 {
            0.0
        } else {
            (value / self.max).min(1.0) * length
        }
    }
}

/// Text alignment along x.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// An SVG document under construction.
pub(crate) struct Svg {
    out: String,
}

fn n(x: f64) -> String {
    capa_core::explain::num(x, 1)
}

impl Svg {
    /// Opens the document: the root with its role and labels, then the
    /// `title` and `desc` the labels point at.
    pub(crate) fn new(width: f64, height: f64, stem: &str, title: &str, desc: &str) -> Self {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{stem}-title {stem}-desc" font-family="{FONT}" font-size="13" fill="{INK}">"#,
            w = n(width),
            h = n(height),
        );
        let _ = write!(
            out,
            r#"<title id="{stem}-title">{}</title><desc id="{stem}-desc">{}</desc>"#,
            escape(title),
            escape(desc)
        );
        out.push_str(r##"<rect x="0" y="0" width="100%" height="100%" fill="#FFFFFF"/>"##);
        Self { out }
    }

    /// Defines a diagonal hatch over `colour`, for bars that must not rely on
    /// colour alone.
    pub(crate) fn hatch(&mut self, id: &str, colour: &str) {
        let _ = write!(
            self.out,
            r##"<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}" fill-opacity="0.35"/><line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="3"/></pattern></defs>"##
        );
    }

    /// A filled rectangle.
    pub(crate) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
    }

    /// A rectangle with a stroke (hatched bars, the band).
    pub(crate) fn rect_stroked(
        &mut self,
        (x, y, w, h): (f64, f64, f64, f64),
        fill: &str,
        stroke: &str,
        extra: &str,
    ) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{extra}/>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
    }

    /// A line.
    pub(crate) fn line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        stroke: &str,
        dash: bool,
    ) {
        let dash = if dash {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="1"{dash}/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2)
        );
    }

    /// A line of text, escaped; `weight` is `normal` or `bold`.
    pub(crate) fn text(
        &mut self,
        (x, y): (f64, f64),
        anchor: Anchor,
        size: f64,
        weight: &str,
        fill: &str,
        s: &str,
    ) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="{}" font-size="{}" font-weight="{weight}" fill="{fill}">{}</text>"#,
            n(x),
            n(y),
            anchor.attr(),
            n(size),
            escape(s)
        );
    }

    /// Text rotated a quarter turn anticlockwise (a vertical axis title).
    pub(crate) fn text_vertical(&mut self, (x, y): (f64, f64), s: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{MUTED}" transform="rotate(-90 {} {})">{}</text>"#,
            n(x),
            n(y),
            n(x),
            n(y),
            escape(s)
        );
    }

    /// Opens a group hidden from assistive technology (the `desc` says it all).
    pub(crate) fn open_hidden_group(&mut self) {
        self.out.push_str(r#"<g aria-hidden="true">"#);
    }

    /// Closes a group.
    pub(crate) fn close_group(&mut self) {
        self.out.push_str("</g>");
    }

    /// Closes the document.
    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// A horizontal value axis at `y` from `x0`, `length` long: grid lines up to
/// `top`, tick labels, and the axis title centred below.
pub(crate) fn x_axis(
    svg: &mut Svg,
    scale: Scale,
    x0: f64,
    length: f64,
    (top, y): (f64, f64),
    title: &str,
) {
    for t in scale.ticks() {
        let x = x0 + scale.at(t, length);
        svg.line((x, top), (x, y), GRID, false);
        svg.line((x, y), (x, y + 4.0), MUTED, false);
        svg.text((x, y + 17.0), Anchor::Middle, 12.0, "normal", MUTED, &n(t));
    }
    svg.line((x0, y), (x0 + length, y), MUTED, false);
    svg.text(
        (x0 + length / 2.0, y + 34.0),
        Anchor::Middle,
        12.0,
        "normal",
        MUTED,
        title,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("<Ann & \"Bo\"> O'Neil\u{0}"),
            "&lt;Ann &amp; &quot;Bo&quot;&gt; O&apos;Neil"
        );
    }

    #[test]
    fn scales_end_on_round_ticks() {
        assert_eq!(
            Scale::to(54.0),
            Scale {
                max: 60.0,
                step: 20.0
            }
        );
        assert_eq!(
            Scale::to(12.0),
            Scale {
                max: 15.0,
                step: 5.0
            }
        );
        assert_eq!(
            Scale::to(9.0),
            Scale {
                max: 10.0,
                step: 2.0
            }
        );
        assert_eq!(
            Scale::to(3.0),
            Scale {
                max: 3.0,
                step: 1.0
            }
        );
        assert_eq!(
            Scale::to(0.0),
            Scale {
                max: 1.0,
                step: 1.0
            }
        );
        assert_eq!(Scale::to(f64::NAN).ticks(), vec![0.0, 1.0]);
        assert_eq!(Scale::to(54.0).ticks(), vec![0.0, 20.0, 40.0, 60.0]);
    }

    #[test]
    fn clipping_keeps_short_labels() {
        assert_eq!(clip("TR Tui Rangi", 24), "TR Tui Rangi");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
