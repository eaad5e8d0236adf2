//! Byte offsets to lines and columns.

/// Line starts of a source text, for turning byte offsets into 1-based lines and columns.
pub(super) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// 1-based line and column (in bytes) of an offset.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        (line, offset - self.starts[line - 1] + 1)
    }
}

/// The key of the value at byte `offset`, as messages name keys
/// (`team.core_multiplier`, `clinicians[2].fte`, `clinicians[1].leave.first_day`):
/// the table header above it and the keys before it on its line (or on the
/// line that opens the array it is in). Empty when no key is found. For
/// errors that come with a place but no key (a value of the wrong type).
pub(super) fn key_at(source: &str, offset: usize) -> String {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut table = String::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    // The line holding the value, or the nearest above it that assigns a key
    // (a job plan's rows under `job_plan = [`).
    let mut keyed = &source[line_start..offset];
    for line in source[..line_start].lines() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
            let name = name.trim().to_string();
            // A new parent restarts the count of the arrays inside it.
            counts.retain(|(n, _)| !n.starts_with(&format!("{name}.")));
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name.clone(), 1)),
            }
            table = indexed(&name, &counts);
            keyed = "";
        } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            table = indexed(name.trim(), &counts);
            keyed = "";
        } else if assigns_key(t) {
            keyed = line;
        }
    }
    if assigns_key(source[line_start..offset].trim_start()) {
        keyed = &source[line_start..offset];
    }
    let mut keys: Vec<&str> = Vec::new();
    let mut rest = keyed;
    while let Some(eq) = rest.find('=') {
        let head = rest[..eq].trim_end();
        let key = head
            .rsplit(|c: char| c.is_whitespace() || matches!(c, '{' | ',' | '['))
            .next()
            .unwrap_or("")
            .trim_matches(|c| c == '"' || c == '\'');
        if !key.is_empty() {
            keys.push(key);
        }
        rest = &rest[eq + 1..];
    }
    let mut path = table;
    for k in keys {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(k);
    }
    path
}

/// Whether a trimmed line starts `key = `.
fn assigns_key(t: &str) -> bool {
    t.split_once('=').is_some_and(|(k, _)| {
        let k = k.trim().trim_matches(|c| c == '"' || c == '\'');
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
    })
}

/// A table name with the index of each array table in it: `clinicians.job_plans`
/// as `clinicians[2].job_plans[1]`.
fn indexed(name: &str, counts: &[(String, usize)]) -> String {
    let mut out = String::new();
    let mut so_far = String::new();
    for part in name.split('.') {
        let part = part.trim();
        if !so_far.is_empty() {
            so_far.push('.');
            out.push('.');
        }
        so_far.push_str(part);
        out.push_str(part);
        if let Some((_, n)) = counts.iter().find(|(n, _)| *n == so_far) {
            out.push_str(&format!("[{n}]"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_names_its_key() {
        let src = "[team]\nname = 3\ncore_multiplier = \"three\"\n\n[[clinicians]]\ninitials = \"A\"\n\n[[clinicians]]\nfte = \"half\"\nleave = [{ first_day = 3 }]\njob_plan = [\n  [\"\", 4],\n]\n[team.derive]\nx = 1\n";
        let at = |needle: &str| key_at(src, src.find(needle).unwrap());
        assert_eq!(at("3\n"), "team.name");
        assert_eq!(at("\"three\""), "team.core_multiplier");
        assert_eq!(at("\"half\""), "clinicians[2].fte");
        assert_eq!(at("3 }"), "clinicians[2].leave.first_day");
        assert_eq!(at("4]"), "clinicians[2].job_plan");
        assert_eq!(at("1\n"), "team.derive.x");
        assert_eq!(key_at("", 0), "");
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let l = Lines::new("ab\ncd\n\nef");
        assert_eq!(l.locate(0), (1, 1));
        assert_eq!(l.locate(1), (1, 2));
        assert_eq!(l.locate(3), (2, 1));
        assert_eq!(l.locate(7), (4, 1));
    }
}
