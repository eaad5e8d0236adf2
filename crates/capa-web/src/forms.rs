//! Forms that fail keep what the user typed and say what is wrong next to
//! each field: a handler collects [`FormErrors`] while reading a form, and the
//! page is shown again with the form's own values and the errors (templates
//! use the `forms::field_error` and `forms::invalid` macros).

use std::collections::BTreeMap;

/// What is wrong with a form: by field, and for the form as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    fields: BTreeMap<String, String>,
    form: Vec<String>,
}

impl FormErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A field's error (the first one given stays).
    pub fn field(&mut self, name: &str, message: impl Into<String>) {
        self.fields
            .entry(name.to_string())
            .or_insert_with(|| message.into());
    }

    /// An error of the form as a whole.
    pub fn form(&mut self, message: impl Into<String>) {
        self.form.push(message.into());
    }

    /// Records the error of a reading step against `name`, keeping the value read otherwise.
    pub fn take<T>(&mut self, name: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(m) => {
                self.field(name, m);
                None
            }
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_empty()
    }

    /// A field's error, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// Whether a field has an error (for templates).
    pub fn has(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// A field's error, or "" (for templates).
    pub fn of(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// Errors of the form as a whole.
    pub fn general(&self) -> &[String] {
        &self.form
    }

    /// Every message, fields' first, for a summary at the top of the form.
    pub fn all(&self) -> Vec<String> {
        self.fields.values().chain(&self.form).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_by_field() {
        let mut e = FormErrors::new();
        assert!(e.is_empty());
        assert_eq!(
            e.take("fte", Err::<f64, _>("FTE '2' is too much".into())),
            None
        );
        e.field("fte", "second");
        e.form("the team needs a lead");
        assert_eq!(e.of("fte"), "FTE '2' is too much");
        assert_eq!(e.of("name"), "");
        assert_eq!(e.all().len(), 2);
    }
}
