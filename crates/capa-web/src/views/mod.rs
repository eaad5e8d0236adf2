//! Views: askama templates and the structs that feed them, one module per
//! page (named after it). Views format figures capa-core computed; they
//! compute none. No view field is a tuple: templates read named fields.

pub mod account;
pub mod assessment;
pub mod audit;
pub mod chrome;
pub mod clinicians;
pub mod controls;
pub mod demand;
pub mod diary;
pub mod editor;
pub mod error;
pub mod figures;
pub mod files;
pub mod forecast;
pub mod format;
pub mod home;
pub mod login;
pub mod markdown;
pub mod members;
pub mod method;
pub mod monitor;
pub mod print;
pub mod review;
pub mod settings;
pub mod skills;
pub mod team_plan;
pub mod users;
pub mod year;

/// What every template must be: styled by the stylesheet only, and every
/// form that posts carrying the CSRF macro.
#[cfg(test)]
mod templates {
    use std::path::Path;

    fn each(check: impl Fn(&str, &str)) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            check(&p.file_name().unwrap().to_string_lossy(), &text);
        }
    }

    #[test]
    fn no_inline_styles() {
        each(|name, text| assert!(!text.contains("style="), "{name} has an inline style"));
    }

    #[test]
    fn every_posted_form_carries_the_csrf_macro() {
        each(|name, text| {
            for form in text.split("<form").skip(1) {
                let head = &form[..form.find('>').unwrap_or(form.len())];
                if head.contains("method=\"post\"") {
                    let body = &form[..form.find("</form>").unwrap_or(form.len())];
                    assert!(
                        body.contains("forms::csrf("),
                        "a form in {name} posts without the CSRF macro"
                    );
                }
            }
        });
    }
}
