//! Just enough Markdown for capa's own documentation pages (headings,
//! paragraphs, lists, tables, code blocks, `code`, **bold**, *italic*), so the
//! method page in the application is `docs/method.md` itself.

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn inline(s: &str) -> String {
    let mut out = String::new();
    let mut rest = escape(s);
    // Code spans first, so their contents stay literal.
    while let Some(a) = rest.find('`') {
        let Some(b) = rest[a + 1..].find('`') else {
            break;
        };
        out.push_str(&emphasis(&rest[..a]));
        out.push_str(&format!("<code>{}</code>", &rest[a + 1..a + 1 + b]));
        rest = rest[a + 2 + b..].to_string();
    }
    out.push_str(&emphasis(&rest));
    out
}

fn emphasis(s: &str) -> String {
    let mut s = s.to_string();
    for (mark, tag) in [("**", "strong"), ("*", "em")] {
        let mut out = String::new();
        let mut open = false;
        for (i, part) in s.split(mark).enumerate() {
            if i > 0 {
                out.push_str(if open { "</" } else { "<" });
                out.push_str(tag);
                out.push('>');
                open = !open;
            }
            out.push_str(part);
        }
        if open {
            // An unmatched marker was literal after all.
            out = s.clone();
        }
        s = out;
    }
    s
}

/// Renders Markdown to HTML.
pub fn render(md: &str) -> String {
    let mut html = String::new();
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, html: &mut String| {
        if !para.is_empty() {
            html.push_str(&format!("<p>{}</p>\n", inline(&para.join(" "))));
            para.clear();
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut html);
            i += 1;
        } else if let Some(h) = t.strip_prefix('#') {
            flush(&mut para, &mut html);
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            html.push_str(&format!(
                "<h{level}>{}</h{level}>\n",
                inline(h.trim_start_matches('#').trim())
            ));
            i += 1;
        } else if t.starts_with("```") || line.starts_with("    ") {
            flush(&mut para, &mut html);
            let fenced = t.starts_with("```");
            if fenced {
                i += 1;
            }
            let mut code = Vec::new();
            while i < lines.len() {
                let l = lines[i];
                if fenced && l.trim().starts_with("```") {
                    i += 1;
                    break;
                }
                if !fenced && !l.starts_with("    ") {
                    break;
                }
                code.push(if fenced { l } else { &l[4..] });
                i += 1;
            }
            html.push_str(&format!(
                "<pre><code>{}</code></pre>\n",
                escape(&code.join("\n"))
            ));
        } else if t.starts_with('|') {
            flush(&mut para, &mut html);
            html.push_str("<table>\n");
            let mut first = true;
            while i < lines.len() && lines[i].trim().starts_with('|') {
                let row = lines[i].trim().trim_matches('|');
                if row.chars().all(|c| matches!(c, '-' | '|' | ':' | ' ')) {
                    i += 1;
                    continue;
                }
                let tag = if first { "th" } else { "td" };
                let cells: String = row
                    .split('|')
                    .map(|c| format!("<{tag}>{}</{tag}>", inline(c.trim())))
                    .collect();
                html.push_str(&format!("<tr>{cells}</tr>\n"));
                first = false;
                i += 1;
            }
            html.push_str("</table>\n");
        } else if t.starts_with("- ") {
            flush(&mut para, &mut html);
            html.push_str("<ul>\n");
            while i < lines.len() && lines[i].trim().starts_with("- ") {
                let mut item = lines[i].trim()[2..].to_string();
                i += 1;
                while i < lines.len()
                    && lines[i].starts_with("  ")
                    && !lines[i].trim().starts_with("- ")
                    && !lines[i].trim().is_empty()
                {
                    item.push(' ');
                    item.push_str(lines[i].trim());
                    i += 1;
                }
                html.push_str(&format!("<li>{}</li>\n", inline(&item)));
            }
            html.push_str("</ul>\n");
        } else {
            para.push(t);
            i += 1;
        }
    }
    flush(&mut para, &mut html);
    html
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_the_subset() {
        assert_eq!(
            render("# Title\n\nA *b* **c** `d<e>`.\n"),
            "<h1>Title</h1>\n<p>A <em>b</em> <strong>c</strong> <code>d&lt;e&gt;</code>.</p>\n"
        );
        assert!(
            render("| a | b |\n|---|---|\n| 1 | 2 |\n").contains("<tr><td>1</td><td>2</td></tr>")
        );
        assert!(render("    x = 1\n").contains("<pre><code>x = 1</code></pre>"));
        assert!(render("- one\n- two\n").contains("<li>two</li>"));
        assert_eq!(render("3 * 4"), "<p>3 * 4</p>\n");
    }
}
