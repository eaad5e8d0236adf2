//! capa's own documentation rendered as pages, with pulldown-cmark (tables
//! and emphasis as on the documentation site). The text is compiled in.

use pulldown_cmark::{Options, Parser, html};

/// Markdown as HTML.
pub fn render(md: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, Options::ENABLE_TABLES));
    out
}

/// The method as clinicians read it in capa: `docs/method.md` without its
/// last section, which is for analysts on the command line.
pub fn method_for_clinicians() -> String {
    let md = include_str!("../../../../docs/method.md");
    let cut = md.find("\n## On the command line").unwrap_or(md.len());
    render(&md[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        assert_eq!(
            render("# Title\n\nA *b* **c** `d<e>`.\n"),
            "<h1>Title</h1>\n<p>A <em>b</em> <strong>c</strong> <code>d&lt;e&gt;</code>.</p>\n"
        );
        assert!(render("| a | b |\n|---|---|\n| 1 | 2 |\n").contains("<td>1</td>"));
        assert!(render("    x = 1\n").contains("<pre><code>x = 1\n</code></pre>"));
        assert!(render("- one\n- two\n").contains("<li>two</li>"));
        assert_eq!(render("3 * 4"), "<p>3 * 4</p>\n");
    }

    #[test]
    fn the_method_page_speaks_to_clinicians() {
        let page = method_for_clinicians();
        assert!(page.contains("2 x 11.25 / 7.5"));
        for developer in ["capa plan", "--explain", "--year", ".toml", "docs/"] {
            assert!(
                !page.contains(developer),
                "the in-app method page mentions {developer}"
            );
        }
    }
}
