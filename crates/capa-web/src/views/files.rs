//! The files page.

use askama::Template;
use askama_web::WebTemplate;

use super::chrome::Chrome;

/// `GET /teams/{team}/files`.
#[derive(Template, WebTemplate)]
#[template(path = "files.html")]
pub struct FilesPage {
    /// Frame.
    pub chrome: Chrome,
    /// TOML export link.
    pub toml_href: String,
    /// XLSX export link.
    pub xlsx_href: String,
    /// Import target.
    pub import_href: String,
    /// Whether the user may import.
    pub can_import: bool,
    /// Problems with the last import, each with its place.
    pub problems: Vec<String>,
}
