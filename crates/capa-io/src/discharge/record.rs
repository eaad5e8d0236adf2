//! CSV text: its encoding and delimiter, and its records.
//!
//! The record syntax is RFC 4180's, as Excel writes it: a field that starts
//! with `"` is quoted, may hold the delimiter and line breaks, and writes a
//! quote as `""`; a quote anywhere else is an ordinary character. The chunk
//! [`Cutter`] and [`parse_record`] follow the same rule, so a chunk always
//! ends where the parser would end a record.

use std::io::Read;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use memchr::{Memchr3, memchr, memchr_iter, memchr2, memchr3_iter, memrchr};

/// A byte-order mark of UTF-16, which Excel's "Unicode text" writes.
pub(super) fn utf16(head: &[u8]) -> Option<&'static Encoding> {
    match head {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// Where the first sign of a binary file is: a NUL, or so many control
/// characters that this cannot be text.
pub(super) fn binary_at(head: &[u8]) -> Option<u64> {
    let sample = &head[..head.len().min(64 * 1024)];
    if let Some(i) = memchr(0, sample) {
        return Some(i as u64);
    }
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C);
    let n = sample.iter().filter(|b| control(b)).count();
    (n * 100 > sample.len()).then(|| sample.iter().position(control).unwrap_or(0) as u64)
}

/// The delimiter of the first line: comma, semicolon (Excel in some
/// locales) or tab, whichever occurs most; comma when none does.
pub(super) fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = &head[..memchr(b'\n', head).unwrap_or(head.len())];
    let count = |d| memchr_iter(d, line).count();
    let (comma, semicolon, tab) = (count(b','), count(b';'), count(b'\t'));
    if semicolon > comma && semicolon >= tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

/// Finds record boundaries: newlines outside quoted fields.
pub(super) struct Cutter {
    delimiter: u8,
    in_quotes: bool,
    /// Bytes of the buffer already scanned.
    scanned: usize,
    /// Just past the last record boundary found.
    pub(super) boundary: Option<usize>,
}

impl Cutter {
    pub(super) fn new(delimiter: u8) -> Self {
        Self {
            delimiter,
            in_quotes: false,
            scanned: 0,
            boundary: None,
        }
    }

    pub(super) fn scan(&mut self, data: &[u8], eof: bool) {
        // Only quotes change the state, and quotes are rare: step from quote
        // to quote, and look for the last line end in each stretch outside
        // quotes.
        let mut i = self.scanned;
        let mut outside = (!self.in_quotes).then_some(i);
        while let Some(j) = memchr(b'"', &data[i..]) {
            let k = i + j;
            i = k + 1;
            if self.in_quotes {
                match data.get(k + 1) {
                    // Cannot tell "" from " yet: look again with more data.
                    None if !eof => {
                        self.scanned = k;
                        return;
                    }
                    Some(b'"') => i = k + 2,
                    _ => {
                        self.in_quotes = false;
                        outside = Some(k + 1);
                    }
                }
            } else {
                // The buffer always starts at a record's start.
                let before = if k == 0 { b'\n' } else { data[k - 1] };
                if before == self.delimiter || before == b'\n' {
                    if let Some(from) = outside.take() {
                        self.note_line_end(data, from, k);
                    }
                    self.in_quotes = true;
                }
            }
        }
        if let Some(from) = outside {
            self.note_line_end(data, from, data.len());
        }
        self.scanned = data.len();
    }

    /// Records the last line end in `data[from..to]`, a stretch outside quotes.
    fn note_line_end(&mut self, data: &[u8], from: usize, to: usize) {
        if let Some(j) = memrchr(b'\n', &data[from..to]) {
            self.boundary = Some(from + j + 1);
        }
    }

    /// The buffer lost its first `at` bytes.
    pub(super) fn cut(&mut self, at: usize) {
        self.scanned -= at;
        self.boundary = None;
    }
}

/// The fields of one record: spans of the input, or of `scratch` for quoted
/// fields (whose `""` had to be undone).
#[derive(Default)]
pub(super) struct Fields {
    spans: Vec<(usize, usize, bool)>,
    scratch: Vec<u8>,
}

impl Fields {
    pub(super) fn clear(&mut self) {
        self.spans.clear();
        self.scratch.clear();
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    pub(super) fn get<'a>(&'a self, data: &'a [u8], i: usize) -> &'a [u8] {
        match self.spans.get(i) {
            Some(&(s, e, false)) => &data[s..e],
            Some(&(s, e, true)) => &self.scratch[s..e],
            None => &[],
        }
    }
}

pub(super) enum Parsed {
    /// A whole record; the next starts here.
    Record(usize),
    /// The record goes on past the data (and this is not the end of the file).
    Incomplete,
    /// The file ends inside a quoted field.
    Unclosed,
}

fn strip_cr(data: &[u8], start: usize, end: usize) -> usize {
    if end > start && data[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Parses the record that starts at `start`.
pub(super) fn parse_record(
    data: &[u8],
    start: usize,
    delimiter: u8,
    eof: bool,
    out: &mut Fields,
) -> Parsed {
    out.clear();
    let (line_end, next) = match memchr(b'\n', &data[start..]) {
        Some(n) => (start + n, start + n + 1),
        None if eof => (data.len(), data.len()),
        None => return Parsed::Incomplete,
    };
    let line = &data[start..line_end];
    if memchr(b'"', line).is_none() {
        let end = strip_cr(data, start, line_end);
        let mut s = start;
        for i in memchr_iter(delimiter, &data[start..end]) {
            out.spans.push((s, start + i, false));
            s = start + i + 1;
        }
        out.spans.push((s, end, false));
        return Parsed::Record(next);
    }
    parse_quoted_record(data, start, delimiter, eof, out)
}

/// The records of a chunk that holds whole records, one after another. Does
/// what [`parse_record`] does at the end of the file, in one pass over the
/// chunk for separators, line ends and quotes together instead of three
/// passes over each line.
pub(super) struct Records<'a> {
    data: &'a [u8],
    delimiter: u8,
    /// Where the next record starts.
    pos: usize,
    /// Separators, line ends and quotes from `base` on.
    hits: Memchr3<'a>,
    base: usize,
}

impl<'a> Records<'a> {
    pub(super) fn new(data: &'a [u8], delimiter: u8) -> Self {
        Self {
            data,
            delimiter,
            pos: 0,
            hits: memchr3_iter(delimiter, b'\n', b'"', data),
            base: 0,
        }
    }

    /// Where the next record starts.
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// Parses the next record into `out`; `None` at the end of the chunk.
    pub(super) fn next_record(&mut self, out: &mut Fields) -> Option<Parsed> {
        let (data, start) = (self.data, self.pos);
        if start >= data.len() {
            return None;
        }
        out.clear();
        let mut field = start;
        loop {
            let Some(j) = self.hits.next() else {
                let end = strip_cr(data, field, data.len());
                out.spans.push((field, end, false));
                self.pos = data.len();
                return Some(Parsed::Record(data.len()));
            };
            let k = self.base + j;
            match data[k] {
                b'\n' => {
                    out.spans.push((field, strip_cr(data, field, k), false));
                    self.pos = k + 1;
                    return Some(Parsed::Record(k + 1));
                }
                b'"' => {
                    // A quote: parse this record the slow way, then look for
                    // hits again after it.
                    out.clear();
                    let parsed = parse_quoted_record(data, start, self.delimiter, true, out);
                    self.pos = match parsed {
                        Parsed::Record(next) => next,
                        _ => data.len(),
                    };
                    self.base = self.pos;
                    self.hits = memchr3_iter(self.delimiter, b'\n', b'"', &data[self.pos..]);
                    return Some(parsed);
                }
                _ => {
                    out.spans.push((field, k, false));
                    field = k + 1;
                }
            }
        }
    }
}

/// The slow path, for a record with a quote somewhere.
fn parse_quoted_record(
    data: &[u8],
    start: usize,
    delimiter: u8,
    eof: bool,
    out: &mut Fields,
) -> Parsed {
    let mut pos = start;
    loop {
        let field_end;
        if data.get(pos) == Some(&b'"') {
            let from = out.scratch.len();
            pos += 1;
            loop {
                let Some(j) = memchr(b'"', &data[pos..]) else {
                    return if eof {
                        Parsed::Unclosed
                    } else {
                        Parsed::Incomplete
                    };
                };
                let q = pos + j;
                out.scratch.extend_from_slice(&data[pos..q]);
                match data.get(q + 1) {
                    Some(b'"') => {
                        out.scratch.push(b'"');
                        pos = q + 2;
                    }
                    None if !eof => return Parsed::Incomplete,
                    _ => {
                        pos = q + 1;
                        break;
                    }
                }
            }
            // Anything between the closing quote and the delimiter is kept as written.
            field_end = match memchr2(delimiter, b'\n', &data[pos..]) {
                Some(j) => pos + j,
                None if eof => data.len(),
                None => return Parsed::Incomplete,
            };
            let tail_end = if data.get(field_end) == Some(&delimiter) {
                field_end
            } else {
                strip_cr(data, pos, field_end)
            };
            out.scratch.extend_from_slice(&data[pos..tail_end]);
            out.spans.push((from, out.scratch.len(), true));
        } else {
            field_end = match memchr2(delimiter, b'\n', &data[pos..]) {
                Some(j) => pos + j,
                None if eof => data.len(),
                None => return Parsed::Incomplete,
            };
            let end = if data.get(field_end) == Some(&delimiter) {
                field_end
            } else {
                strip_cr(data, pos, field_end)
            };
            out.spans.push((pos, end, false));
        }
        match data.get(field_end) {
            None => return Parsed::Record(data.len()),
            Some(b'\n') => return Parsed::Record(field_end + 1),
            Some(_) => pos = field_end + 1,
        }
    }
}

/// Turns UTF-16 text into UTF-8 as it is read.
pub(super) struct Utf16Reader {
    input: std::io::Chain<std::io::Cursor<Vec<u8>>, Box<dyn Read + Send>>,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl Utf16Reader {
    pub(super) fn new(
        head: Vec<u8>,
        rest: Box<dyn Read + Send>,
        encoding: &'static Encoding,
    ) -> Self {
        Self {
            input: std::io::Cursor::new(head).chain(rest),
            decoder: encoding.new_decoder_with_bom_removal(),
            raw: vec![0; 64 * 1024],
            out: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

impl Read for Utf16Reader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() && !self.done {
            let n = self.input.read(&mut self.raw)?;
            let last = n == 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(n)
                .ok_or_else(|| std::io::Error::other("text too long to decode"))?;
            self.out.resize(room, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.raw[..n], &mut self.out, last);
            self.out.truncate(written);
            self.at = 0;
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &[u8], eof: bool) -> Option<(Vec<String>, usize)> {
        let mut f = Fields::default();
        match parse_record(line, 0, b',', eof, &mut f) {
            Parsed::Record(next) => Some((
                (0..f.len())
                    .map(|i| String::from_utf8(f.get(line, i).to_vec()).unwrap())
                    .collect(),
                next,
            )),
            _ => None,
        }
    }

    #[test]
    fn plain_and_quoted_records() {
        assert_eq!(
            fields(b"a,b,,c\r\nnext", false),
            Some((vec!["a".into(), "b".into(), "".into(), "c".into()], 8))
        );
        assert_eq!(
            fields(b"\"x, y\",\"say \"\"hi\"\"\",z\n", false),
            Some((vec!["x, y".into(), "say \"hi\"".into(), "z".into()], 22))
        );
        assert_eq!(
            fields(b"\"two\nlines\",b\r\n", false),
            Some((vec!["two\nlines".into(), "b".into()], 15))
        );
        // A quote inside an unquoted field is an ordinary character.
        assert_eq!(
            fields(b"5\" tall,b", true),
            Some((vec!["5\" tall".into(), "b".into()], 9))
        );
        assert_eq!(fields(b"a,b", false), None);
        assert_eq!(fields(b"\"open,b\n", false), None);
        let mut f = Fields::default();
        assert!(matches!(
            parse_record(b"\"open,b\n", 0, b',', true, &mut f),
            Parsed::Unclosed
        ));
    }

    #[test]
    fn the_cutter_agrees_with_the_parser() {
        let data = b"a,\"b\nc\",d\n\"\"\"\",e\nx\"y,\"z\"\nlast";
        let mut cutter = Cutter::new(b',');
        cutter.scan(data, false);
        // Boundaries: after "d\n" (10), after "e\n" (17), after "z\"\n" (25).
        assert_eq!(cutter.boundary, Some(25));
        let mut f = Fields::default();
        let mut pos = 0;
        let mut ends = Vec::new();
        while let Parsed::Record(next) = parse_record(data, pos, b',', false, &mut f) {
            ends.push(next);
            pos = next;
        }
        assert_eq!(ends, [10, 17, 25]);
    }

    #[test]
    fn one_pass_records_agree_with_the_parser() {
        let data: &[u8] = b"a,b\r\n\"q,1\",x\n\"two\nlines\",y\n5\" tall,z\n,\n\nlast,\"\"\"\"";
        let mut expected = Vec::new();
        let (mut f, mut pos) = (Fields::default(), 0);
        while pos < data.len() {
            let Parsed::Record(next) = parse_record(data, pos, b',', true, &mut f) else {
                panic!("the test data is complete");
            };
            expected.push(
                (0..f.len())
                    .map(|i| f.get(data, i).to_vec())
                    .collect::<Vec<_>>(),
            );
            pos = next;
        }
        let mut records = Records::new(data, b',');
        let mut got = Vec::new();
        while let Some(Parsed::Record(_)) = records.next_record(&mut f) {
            got.push(
                (0..f.len())
                    .map(|i| f.get(data, i).to_vec())
                    .collect::<Vec<_>>(),
            );
        }
        assert_eq!(got.len(), 7);
        assert_eq!(got, expected);
        assert_eq!(got[6], [b"last".to_vec(), b"\"".to_vec()]);
    }

    /// Random text of commas, quotes, line ends and letters: wherever the
    /// cutter puts the last boundary, the parser ends a record there, whether
    /// the text is scanned at once or a piece at a time.
    #[test]
    fn cutter_and_parser_agree_on_random_text() {
        let mut seed: u64 = 1;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for _ in 0..3000 {
            let len = next(40) as usize;
            let data: Vec<u8> = (0..len)
                .map(|_| [b'a', b',', b'"', b'\n', b'\r'][next(5) as usize])
                .collect();
            let (mut f, mut pos, mut last_end) = (Fields::default(), 0, None);
            while pos < data.len() {
                match parse_record(&data, pos, b',', true, &mut f) {
                    Parsed::Record(n) => {
                        if data[n - 1] == b'\n' {
                            last_end = Some(n);
                        }
                        pos = n;
                    }
                    _ => break,
                }
            }
            let mut whole = Cutter::new(b',');
            whole.scan(&data, true);
            assert_eq!(
                whole.boundary,
                last_end,
                "{:?}",
                String::from_utf8_lossy(&data)
            );
            let mut pieces = Cutter::new(b',');
            let cut = next(len as u64 + 1) as usize;
            pieces.scan(&data[..cut], false);
            pieces.scan(&data, true);
            assert_eq!(
                pieces.boundary,
                last_end,
                "{:?}",
                String::from_utf8_lossy(&data)
            );
        }
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"a,b;c,d"), b',');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }

    #[test]
    fn binary_is_told_from_text() {
        assert_eq!(binary_at(b"a,b\n\x00"), Some(4));
        assert_eq!(binary_at(b"\x01\x02\x03abc"), Some(0));
        assert_eq!(binary_at("Whānau,b\r\n\tc".as_bytes()), None);
    }
}
