//! What an XLSX report may unpack to, checked before the workbook is read.
//!
//! An XLSX file is a zip archive of XML parts, and the reader (calamine)
//! holds some of them whole in memory: the shared strings, the styles, the
//! workbook, and any single cell of a sheet. A few megabytes of zip can
//! unpack to gigabytes (a "zip bomb"), so before calamine sees the file:
//!
//! - every part's declared size is checked against [`XlsxLimits`] (the zip
//!   reader refuses to unpack a part beyond its declared size, so a part
//!   that lies about its size fails as it streams);
//! - the shared strings and each worksheet are streamed once through
//!   [`Scan`], which counts the shared strings and measures the largest
//!   cell, tag and text run in constant memory.
//!
//! A legitimate report of a million rows is about 250 MB of sheet XML and
//! some tens of MB of shared strings, well inside the defaults.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use zip::ZipArchive;

use super::DischargeError;

/// The most an XLSX report may unpack to. The defaults take a report of
/// Excel's full million rows; a test can lower them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XlsxLimits {
    /// Parts (files) in the archive.
    pub max_parts: usize,
    /// Unpacked bytes of one worksheet (streamed, never held whole).
    pub max_sheet_bytes: u64,
    /// Unpacked bytes of the shared strings (held in memory by the reader).
    pub max_shared_strings_bytes: u64,
    /// Shared strings (each one is kept in memory).
    pub max_shared_strings: u64,
    /// Unpacked bytes of any other part (styles, workbook, relationships ...).
    pub max_other_part_bytes: u64,
    /// Unpacked bytes of the whole archive.
    pub max_total_bytes: u64,
    /// Bytes of one cell, one tag or one run of text. Excel holds at most
    /// 32,767 characters in a cell; escaped as XML that is under 200 KB.
    pub max_cell_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for XlsxLimits {
    fn default() -> Self {
        Self {
            max_parts: 10_000,
            max_sheet_bytes: 1024 * MIB,
            max_shared_strings_bytes: 256 * MIB,
            max_shared_strings: 5_000_000,
            max_other_part_bytes: 64 * MIB,
            max_total_bytes: 2048 * MIB,
            max_cell_bytes: 256 * 1024,
        }
    }
}

/// What a part is, for its limit and its scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    SharedStrings,
    Sheet,
    Other,
}

fn part_of(name: &str) -> Part {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("sharedstrings.xml") {
        Part::SharedStrings
    } else if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
        Part::Sheet
    } else {
        Part::Other
    }
}

/// Sizes for messages: `2.0 GiB`, `256 KiB`, `812 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * MIB => format!("{:.1} GiB", b as f64 / (1024 * MIB) as f64),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b if b >= 1024 => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

fn too_large(message: String) -> DischargeError {
    DischargeError::TooLarge(message)
}

/// Checks a workbook against the limits without holding any part in memory.
pub(super) fn check(path: &Path, limits: &XlsxLimits) -> Result<(), DischargeError> {
    let workbook_error = |e: zip::result::ZipError| DischargeError::Workbook(e.to_string());
    let mut archive = ZipArchive::new(BufReader::new(File::open(path)?)).map_err(workbook_error)?;
    if archive.len() > limits.max_parts {
        return Err(too_large(format!(
            "the workbook holds {} parts; capa reads workbooks of at most {}",
            archive.len(),
            limits.max_parts
        )));
    }
    let mut total = 0u64;
    let mut scans = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_data(i).map_err(workbook_error)?;
        let name = entry.name().map_err(workbook_error)?.into_owned();
        let bytes = entry.size();
        let part = part_of(&name);
        let (max, what) = match part {
            Part::SharedStrings => (limits.max_shared_strings_bytes, "the shared strings"),
            Part::Sheet => (limits.max_sheet_bytes, "a worksheet"),
            Part::Other => (limits.max_other_part_bytes, "a part of this kind"),
        };
        if bytes > max {
            return Err(too_large(format!(
                "{name} unpacks to {}; capa reads at most {} for {what}",
                size(bytes),
                size(max)
            )));
        }
        total = total.saturating_add(bytes);
        if total > limits.max_total_bytes {
            return Err(too_large(format!(
                "the workbook unpacks to more than {}",
                size(limits.max_total_bytes)
            )));
        }
        if part != Part::Other {
            scans.push((i, name, part));
        }
    }
    // The shared strings first: the reader loads them before any sheet.
    scans.sort_by_key(|(_, _, part)| *part != Part::SharedStrings);
    for (i, name, part) in scans {
        let file = archive.by_index(i).map_err(workbook_error)?;
        scan_part(file, &name, part, limits)?;
    }
    Ok(())
}

fn scan_part(
    mut part: impl Read,
    name: &str,
    kind: Part,
    limits: &XlsxLimits,
) -> Result<(), DischargeError> {
    let element: &'static [u8] = if kind == Part::SharedStrings {
        b"si"
    } else {
        b"c"
    };
    let mut scan = Scan::new(element, limits.max_cell_bytes);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match part.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(DischargeError::Workbook(format!("{name}: {e}"))),
        };
        scan.feed(&buf[..n]);
        if scan.oversized {
            return Err(too_large(format!(
                "{name} has a cell or tag of more than {}; an Excel cell holds at most 32,767 characters",
                size(limits.max_cell_bytes)
            )));
        }
        if kind == Part::SharedStrings && scan.count > limits.max_shared_strings {
            return Err(too_large(format!(
                "{name} holds more than {} shared strings; capa reads at most that many",
                limits.max_shared_strings
            )));
        }
    }
    Ok(())
}

/// A streaming measure of one XML part: how many `element`s it has (with
/// any namespace prefix), and whether any of them, any tag or any run of
/// text between tags is longer than `max` bytes. Constant memory: it keeps
/// positions and the first bytes of the current tag's name, never the text.
#[derive(Debug)]
pub(super) struct Scan {
    element: &'static [u8],
    max: u64,
    /// Bytes fed so far.
    pos: u64,
    /// Where the current text run or tag began.
    start: u64,
    in_tag: bool,
    /// Inside a quoted attribute value, with its quote.
    quote: Option<u8>,
    /// The tag's name as read so far (its first bytes), while still reading it.
    name: Vec<u8>,
    naming: bool,
    closing: bool,
    last: u8,
    /// Where the open `element` began.
    open_at: Option<u64>,
    /// `element`s seen.
    pub(super) count: u64,
    /// Something longer than `max` was seen.
    pub(super) oversized: bool,
}

/// Tag names are compared on at most this many bytes.
const NAME_BYTES: usize = 16;

impl Scan {
    pub(super) fn new(element: &'static [u8], max: u64) -> Self {
        Self {
            element,
            max,
            pos: 0,
            start: 0,
            in_tag: false,
            quote: None,
            name: Vec::with_capacity(NAME_BYTES),
            naming: false,
            closing: false,
            last: 0,
            open_at: None,
            count: 0,
            oversized: false,
        }
    }

    fn is_element(&self) -> bool {
        let local = match self.name.iter().rposition(|&b| b == b':') {
            Some(i) => &self.name[i + 1..],
            None => &self.name[..],
        };
        local == self.element
    }

    fn check(&mut self, from: u64, to: u64) {
        if to.saturating_sub(from) > self.max {
            self.oversized = true;
        }
    }

    fn end_tag(&mut self, gt: u64) {
        self.check(self.start, gt);
        if self.is_element() {
            let self_closing = self.last == b'/';
            if self.closing {
                if let Some(open) = self.open_at.take() {
                    self.check(open, gt);
                }
            } else {
                self.count += 1;
                if !self_closing {
                    self.open_at = Some(self.start);
                }
            }
        }
        self.in_tag = false;
        self.start = gt + 1;
    }

    pub(super) fn feed(&mut self, chunk: &[u8]) {
        let base = self.pos;
        let mut i = 0;
        while i < chunk.len() {
            if !self.in_tag {
                match memchr::memchr(b'<', &chunk[i..]) {
                    Some(k) => {
                        let lt = base + (i + k) as u64;
                        self.check(self.start, lt);
                        self.in_tag = true;
                        self.start = lt;
                        self.naming = true;
                        self.closing = false;
                        self.name.clear();
                        self.last = b'<';
                        i += k + 1;
                    }
                    None => {
                        self.check(self.start, base + chunk.len() as u64);
                        i = chunk.len();
                    }
                }
            } else if let Some(q) = self.quote {
                match memchr::memchr(q, &chunk[i..]) {
                    Some(k) => {
                        self.quote = None;
                        self.last = q;
                        i += k + 1;
                    }
                    None => i = chunk.len(),
                }
                self.check(self.start, base + i as u64);
            } else if self.naming {
                let b = chunk[i];
                if b == b'/' && self.name.is_empty() && !self.closing {
                    self.closing = true;
                } else if b.is_ascii_whitespace() || b == b'>' || b == b'/' {
                    self.naming = false;
                    continue;
                } else if self.name.len() < NAME_BYTES {
                    self.name.push(b);
                }
                self.last = b;
                i += 1;
            } else {
                match memchr::memchr3(b'>', b'"', b'\'', &chunk[i..]) {
                    Some(k) => {
                        let at = i + k;
                        if k > 0 {
                            self.last = chunk[at - 1];
                        }
                        match chunk[at] {
                            b'>' => self.end_tag(base + at as u64),
                            q => {
                                self.quote = Some(q);
                                self.last = q;
                            }
                        }
                        i = at + 1;
                    }
                    None => {
                        if let Some(&b) = chunk.last() {
                            self.last = b;
                        }
                        i = chunk.len();
                        self.check(self.start, base + i as u64);
                    }
                }
            }
        }
        self.pos = base + chunk.len() as u64;
        if let Some(open) = self.open_at {
            self.check(open, self.pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(element: &'static [u8], max: u64, pieces: &[&str]) -> Scan {
        let mut s = Scan::new(element, max);
        for p in pieces {
            s.feed(p.as_bytes());
        }
        s
    }

    #[test]
    fn shared_strings_are_counted_with_or_without_a_prefix() {
        let xml = r#"<?xml version="1.0"?><sst count="3"><si><t>a</t></si><si><r><t>b</t></r></si><x:si><x:t/></x:si><sir/></sst>"#;
        let s = scan(b"si", 100, &[xml]);
        assert_eq!(s.count, 3);
        assert!(!s.oversized);
        // The same, cut anywhere.
        for cut in 1..xml.len() {
            let s = scan(b"si", 100, &[&xml[..cut], &xml[cut..]]);
            assert_eq!(s.count, 3, "cut at {cut}");
        }
    }

    #[test]
    fn a_long_cell_a_long_tag_or_a_long_text_is_oversized() {
        let cell = format!(
            "<c r=\"A1\" t=\"inlineStr\"><is><t>{}</t></is></c>",
            "a".repeat(50)
        );
        assert!(!scan(b"c", 100, &[&cell]).oversized);
        assert!(scan(b"c", 40, &[&cell]).oversized);
        // A cell of many short runs is as long as all of them.
        let runs = format!("<si>{}</si>", "<r><t>ab</t></r>".repeat(20));
        assert!(scan(b"si", 100, &[&runs]).oversized);
        assert!(!scan(b"si", 400, &[&runs]).oversized);
        // A huge attribute, even one holding '>'.
        let tag = format!("<row spans=\"{}>\">", "1".repeat(200));
        assert!(scan(b"c", 100, &[&tag]).oversized);
        // Text outside any cell.
        assert!(scan(b"c", 100, &[&"z".repeat(101)]).oversized);
        // An open cell that never ends, fed a piece at a time.
        let mut s = Scan::new(b"c", 100);
        s.feed(b"<c><v>");
        for _ in 0..30 {
            s.feed(b"1234");
        }
        assert!(s.oversized);
    }

    #[test]
    fn self_closing_cells_are_cells() {
        let s = scan(
            b"c",
            100,
            &[r#"<row><c r="A1"/><c r="B1" s="1"/><col/></row>"#],
        );
        assert_eq!(s.count, 2);
        assert!(!s.oversized);
    }
}
