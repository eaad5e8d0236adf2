//! CSV reports: reading the file in blocks, cutting it into chunks at record
//! boundaries, parsing the chunks (on threads) and merging them in order.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Mutex, mpsc};

use capa_core::demand::{DemandAccumulator, DemandError, DemandPart};
use memchr::memchr;

use super::columns::Columns;
use super::record::{
    Cutter, Fields, Parsed, Records, Utf16Reader, binary_at, parse_record, sniff_delimiter, utf16,
};
use super::rows::{Cell, RowCells, RowChecker};
use super::{
    DischargeAnalysis, DischargeError, DischargeOptions, ErrorLog, RowError, accumulator,
    column_notes, values,
};

/// Bytes read at a time, and the size a chunk is cut at.
const BLOCK: usize = 1 << 20;

pub(super) fn analyse(
    input: Box<dyn Read + Send>,
    len: Option<u64>,
    mut options: DischargeOptions,
) -> Result<DischargeAnalysis, DischargeError> {
    let mut source = Source::new(input, len, options.progress.take());
    source.fill(BLOCK)?;
    let mut notes = Vec::new();
    if let Some(encoding) = utf16(&source.buf) {
        let decoded = Utf16Reader::new(std::mem::take(&mut source.buf), source.input, encoding);
        // Mostly ASCII text takes half the bytes in UTF-8 that it takes in
        // UTF-16: near enough for the progress and the first size estimate.
        source = Source::new(Box::new(decoded), len.map(|n| n / 2), source.progress);
        source.fill(BLOCK)?;
        notes.push(format!("read as {} text", encoding.name()));
    }
    if source.buf.starts_with(b"\xEF\xBB\xBF") {
        source.buf.drain(..3);
    }
    if source.buf.iter().all(u8::is_ascii_whitespace) && source.eof {
        return Err(DischargeError::Empty);
    }
    if let Some(offset) = binary_at(&source.buf) {
        return Err(DischargeError::Binary { offset });
    }
    source.text = true;
    let delimiter = sniff_delimiter(&source.buf);
    let (header_row, columns) = read_header(&mut source, delimiter, options.max_row_bytes)?;
    notes.push(format!(
        "read as CSV, values separated by {}",
        match delimiter {
            b'\t' => "tabs".to_string(),
            d => format!("'{}'", char::from(d)),
        }
    ));
    notes.extend(column_notes(&columns));

    let acc = accumulator(&options)?;
    let context = Context {
        delimiter,
        columns,
        today: options.today,
        max_errors: options.max_errors,
        max_row: options.max_row_bytes,
        blank: acc.new_part(),
    };
    let mut merger = Merger::new(acc, header_row, options.max_errors, source.len);
    // Chunk buffers go back to the reader once merged, so that the pages a
    // buffer has touched are used again instead of faulting in new ones.
    let (spare_tx, spare_rx) = mpsc::channel();
    source.spare = Some(spare_rx);
    merger.spare = Some(spare_tx);
    let threads = options.threads;
    let max_row = options.max_row_bytes;
    if threads == 0 {
        cut(&mut source, &context, max_row, |job| {
            let outcome = run(job, &context);
            merger.accept(outcome);
            merger.failed()
        })?;
    } else {
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(threads);
        let (out_tx, out_rx) = mpsc::channel::<Outcome>();
        let job_rx = Mutex::new(job_rx);
        std::thread::scope(|scope| -> Result<(), DischargeError> {
            for _ in 0..threads {
                let (job_rx, out_tx, context) = (&job_rx, out_tx.clone(), &context);
                scope.spawn(move || {
                    loop {
                        // The lock is held only while waiting for a job; a
                        // poisoned lock means another worker panicked: stop.
                        let job = match job_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok(job) = job else { break };
                        if out_tx.send(run(job, context)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(out_tx);
            let mut sent = 0u64;
            let result = cut(&mut source, &context, max_row, |job| {
                sent += 1;
                if job_tx.send(job).is_err() {
                    return true;
                }
                while let Ok(outcome) = out_rx.try_recv() {
                    merger.accept(outcome);
                }
                merger.failed()
            });
            drop(job_tx);
            for outcome in out_rx {
                merger.accept(outcome);
            }
            result?;
            if merger.next < sent && !merger.failed() {
                return Err(DischargeError::Io(std::io::Error::other(
                    "a parsing thread stopped before the end",
                )));
            }
            Ok(())
        })?;
    }
    merger.finish(header_row, notes)
}

/// The file being read, a block at a time, with what is left of the last
/// block in `buf`.
struct Source {
    input: Box<dyn Read + Send>,
    buf: Vec<u8>,
    eof: bool,
    read: u64,
    len: Option<u64>,
    progress: Option<super::Progress>,
    /// Buffers handed back after use.
    spare: Option<mpsc::Receiver<Vec<u8>>>,
    /// Whether the start was found to be text, so that a NUL in a later block
    /// means binary data (UTF-16 has NULs before it is decoded).
    text: bool,
}

impl Source {
    fn new(
        input: Box<dyn Read + Send>,
        len: Option<u64>,
        progress: Option<super::Progress>,
    ) -> Self {
        Self {
            input,
            buf: Vec::with_capacity(2 * BLOCK),
            eof: false,
            read: 0,
            len,
            progress,
            spare: None,
            text: false,
        }
    }

    /// Takes the first `at` bytes of the buffer away and returns them; what
    /// is left goes into a spare buffer with room for the next blocks.
    fn split_front(&mut self, at: usize) -> Vec<u8> {
        let mut rest = self
            .spare
            .as_ref()
            .and_then(|rx| rx.try_recv().ok())
            .unwrap_or_else(|| Vec::with_capacity(2 * BLOCK));
        rest.extend_from_slice(&self.buf[at..]);
        let mut front = std::mem::replace(&mut self.buf, rest);
        front.truncate(at);
        front
    }

    /// Reads up to `n` more bytes (fewer only at the end of the file).
    fn fill(&mut self, n: usize) -> Result<(), DischargeError> {
        let start = self.buf.len();
        self.buf.resize(start + n, 0);
        let got = super::read_up_to(&mut self.input, &mut self.buf[start..])?;
        self.buf.truncate(start + got);
        self.eof = got < n;
        if let Some(i) = memchr(0, &self.buf[start..]).filter(|_| self.text) {
            return Err(DischargeError::Binary {
                offset: self.read + i as u64,
            });
        }
        self.read += got as u64;
        if let Some(p) = &mut self.progress {
            p(self.read, self.len.unwrap_or(0));
        }
        Ok(())
    }
}

/// Reads the header, the first row that is not blank.
fn read_header(
    source: &mut Source,
    delimiter: u8,
    max_row: usize,
) -> Result<(u64, Columns), DischargeError> {
    let mut fields = Fields::default();
    let mut row = 0;
    let mut pos = 0;
    loop {
        match parse_record(&source.buf, pos, delimiter, source.eof, &mut fields) {
            Parsed::Incomplete => {
                if source.buf.len() - pos > max_row {
                    return Err(DischargeError::Header(vec![RowError::new(
                        row + 1,
                        None,
                        format!("the header row is longer than {max_row} bytes"),
                    )]));
                }
                source.fill(BLOCK)?;
                continue;
            }
            Parsed::Unclosed => {
                return Err(DischargeError::Header(vec![RowError::new(
                    row + 1,
                    None,
                    "a quote opened in the header is never closed",
                )]));
            }
            Parsed::Record(next) => {
                row += 1;
                let headers: Vec<String> = (0..fields.len())
                    .map(|i| values::text(fields.get(&source.buf, i)).0.into_owned())
                    .collect();
                pos = next;
                if headers.iter().all(|h| h.trim().is_empty()) {
                    if pos >= source.buf.len() && source.eof {
                        return Err(DischargeError::Empty);
                    }
                    continue;
                }
                source.buf.drain(..pos);
                let columns =
                    Columns::match_header(&headers, row).map_err(DischargeError::Header)?;
                return Ok((row, columns));
            }
        }
    }
}

/// Cuts the rest of the file into jobs at record boundaries and hands each
/// to `send`, which returns true to stop early.
fn cut(
    source: &mut Source,
    context: &Context,
    max_row: usize,
    mut send: impl FnMut(Job) -> bool,
) -> Result<(), DischargeError> {
    let mut cutter = Cutter::new(context.delimiter);
    let mut id = 0;
    let mut job = |kind: JobKind| {
        let j = Job { id, kind };
        id += 1;
        send(j)
    };
    loop {
        cutter.scan(&source.buf, source.eof);
        if let Some(b) = cutter
            .boundary
            .filter(|_| source.buf.len() >= BLOCK || source.eof)
        {
            let rows = source.split_front(b);
            cutter.cut(b);
            if job(JobKind::Rows(rows)) {
                return Ok(());
            }
        }
        let tail = cutter.boundary.unwrap_or(0);
        if source.buf.len() - tail > max_row {
            if tail > 0 {
                let rows = source.split_front(tail);
                if job(JobKind::Rows(rows)) {
                    return Ok(());
                }
            }
            if job(JobKind::TooLong(max_row)) {
                return Ok(());
            }
            skip_line(source)?;
            cutter = Cutter::new(context.delimiter);
            continue;
        }
        if source.eof {
            if !source.buf.is_empty() {
                job(JobKind::Rows(std::mem::take(&mut source.buf)));
            }
            return Ok(());
        }
        source.fill(BLOCK)?;
    }
}

/// Drops the bytes up to the end of the current line, reading as needed.
fn skip_line(source: &mut Source) -> Result<(), DischargeError> {
    loop {
        if let Some(i) = memchr(b'\n', &source.buf) {
            source.buf.drain(..=i);
            return Ok(());
        }
        source.buf.clear();
        if source.eof {
            return Ok(());
        }
        source.fill(BLOCK)?;
    }
}

/// What every parsing thread needs.
struct Context {
    delimiter: u8,
    columns: Columns,
    today: chrono::NaiveDate,
    max_errors: usize,
    max_row: usize,
    /// An empty part, cloned for each chunk.
    blank: DemandPart,
}

struct Job {
    id: u64,
    kind: JobKind,
}

enum JobKind {
    /// Whole records.
    Rows(Vec<u8>),
    /// A row longer than the limit, skipped.
    TooLong(usize),
}

/// A parsed chunk; rows are counted from the chunk's start (its first record is 1).
struct Outcome {
    id: u64,
    /// Bytes of the chunk.
    bytes: usize,
    /// The chunk's buffer, to be used again.
    buffer: Option<Vec<u8>>,
    records: u64,
    data_rows: u64,
    part: Option<DemandPart>,
    /// The row of each episode given to the part, in order.
    episode_rows: Vec<u32>,
    errors: ErrorLog,
    fallback_values: u64,
    too_many_diagnoses: Option<(u64, DemandError)>,
}

fn run(job: Job, context: &Context) -> Outcome {
    let mut outcome = Outcome {
        id: job.id,
        bytes: 0,
        buffer: None,
        records: 0,
        data_rows: 0,
        part: None,
        episode_rows: Vec::new(),
        errors: ErrorLog::new(context.max_errors),
        fallback_values: 0,
        too_many_diagnoses: None,
    };
    match job.kind {
        JobKind::TooLong(limit) => {
            outcome.records = 1;
            outcome.data_rows = 1;
            outcome.errors.push(RowError::new(1, None, too_long(limit)));
        }
        JobKind::Rows(data) => {
            outcome.bytes = data.len();
            parse_chunk(&data, context, &mut outcome);
            outcome.buffer = Some(data);
        }
    }
    outcome
}

fn too_long(limit: usize) -> String {
    format!("the row is longer than {limit} bytes (is a quote left open?)")
}

fn parse_chunk(data: &[u8], context: &Context, outcome: &mut Outcome) {
    let columns = &context.columns;
    let mut part = context.blank.clone();
    let mut fields = Fields::default();
    let mut checker = RowChecker::new(false);
    let mut row_errors = Vec::new();
    let mut records = Records::new(data, context.delimiter);
    let mut row: u64 = 0;
    loop {
        let pos = records.pos();
        let Some(parsed) = records.next_record(&mut fields) else {
            break;
        };
        row += 1;
        match parsed {
            Parsed::Record(next) if next - pos > context.max_row => {
                outcome.data_rows += 1;
                outcome
                    .errors
                    .push(RowError::new(row, None, too_long(context.max_row)));
                continue;
            }
            Parsed::Record(_) => {}
            Parsed::Incomplete | Parsed::Unclosed => {
                outcome.data_rows += 1;
                outcome.errors.push(RowError::new(
                    row,
                    None,
                    "a quote opened in this row is never closed",
                ));
                break;
            }
        }
        let cell = |i: usize| Cell::Text(fields.get(data, i));
        if fields.len() != columns.width {
            let blank = (0..fields.len()).all(|i| fields.get(data, i).trim_ascii().is_empty());
            if !blank {
                outcome.data_rows += 1;
                outcome.errors.push(RowError::new(
                    row,
                    None,
                    format!(
                        "has {} values but the header has {} (a value with a '{}' in it needs quotes)",
                        fields.len(),
                        columns.width,
                        char::from(context.delimiter)
                    ),
                ));
            }
            continue;
        }
        let cells = RowCells {
            nhi: cell(columns.nhi),
            diagnosis: cell(columns.diagnosis),
            days: cell(columns.days),
            ff: cell(columns.ff),
            discharge: cell(columns.discharge),
            start: columns.start.map(cell),
        };
        row_errors.clear();
        let Some(checked) = checker.check(row, &cells, &mut row_errors) else {
            if !cells.is_blank() {
                outcome.data_rows += 1;
                row_errors.drain(..).for_each(|e| outcome.errors.push(e));
            }
            continue;
        };
        outcome.data_rows += 1;
        match checked.episode(row, context.today) {
            Err(e) => outcome.errors.push(e),
            Ok(episode) => {
                if let Err(e) = part.add(&episode) {
                    outcome.too_many_diagnoses = Some((row, e));
                    break;
                }
                outcome.episode_rows.push(row as u32);
            }
        }
    }
    outcome.records = row;
    outcome.fallback_values = checker.fallback_values;
    outcome.part = Some(part);
}

/// Merges parsed chunks in file order.
struct Merger {
    acc: DemandAccumulator,
    /// The id of the next chunk to merge.
    next: u64,
    waiting: BTreeMap<u64, Outcome>,
    /// The last row number merged.
    row: u64,
    data_rows: u64,
    errors: ErrorLog,
    duplicate_rows: Vec<u64>,
    fallback_values: u64,
    fatal: Option<DischargeError>,
    /// The file's length, to size the duplicate check from the first chunk.
    len: Option<u64>,
    /// Where used chunk buffers go.
    spare: Option<mpsc::Sender<Vec<u8>>>,
}

impl Merger {
    fn new(acc: DemandAccumulator, header_row: u64, max_errors: usize, len: Option<u64>) -> Self {
        Self {
            len,
            spare: None,
            acc,
            next: 0,
            waiting: BTreeMap::new(),
            row: header_row,
            data_rows: 0,
            errors: ErrorLog::new(max_errors),
            duplicate_rows: Vec::new(),
            fallback_values: 0,
            fatal: None,
        }
    }

    fn failed(&self) -> bool {
        self.fatal.is_some()
    }

    fn accept(&mut self, outcome: Outcome) {
        self.waiting.insert(outcome.id, outcome);
        while let Some(o) = self.waiting.remove(&self.next) {
            self.next += 1;
            if self.fatal.is_none() {
                self.merge(o);
            }
        }
    }

    fn merge(&mut self, mut o: Outcome) {
        if let (Some(tx), Some(mut buffer)) = (&self.spare, o.buffer.take()) {
            buffer.clear();
            // The reader may be gone already; the buffer is then just freed.
            let _ = tx.send(buffer);
        }
        let base = self.row;
        for mut e in o.errors.kept {
            e.row += base;
            self.errors.push(e);
        }
        self.errors.omitted += o.errors.omitted;
        if let Some((row, source)) = o.too_many_diagnoses {
            self.fatal = Some(DischargeError::Diagnoses {
                row: base + row,
                source,
            });
            return;
        }
        if let (Some(len), Some(part)) = (self.len.take(), &o.part) {
            // Rows in the file, estimated from the first chunk; a little over
            // so that the estimate seldom falls just short.
            if o.bytes > 0 {
                let estimate = len as f64 / o.bytes as f64 * part.len() as f64 * 1.02;
                self.acc.reserve(estimate.min(1e9) as usize);
            }
        }
        if let Some(part) = o.part {
            match self.acc.merge(part) {
                Ok(duplicates) => {
                    for i in duplicates {
                        if self.duplicate_rows.len() < self.errors.limit {
                            self.duplicate_rows
                                .push(base + u64::from(o.episode_rows[i]));
                        }
                    }
                }
                Err(source) => {
                    self.fatal = Some(DischargeError::Diagnoses {
                        row: base + o.episode_rows.first().map_or(1, |r| u64::from(*r)),
                        source,
                    });
                    return;
                }
            }
        }
        self.row += o.records;
        self.data_rows += o.data_rows;
        self.fallback_values += o.fallback_values;
    }

    fn finish(
        self,
        header_row: u64,
        mut notes: Vec<String>,
    ) -> Result<DischargeAnalysis, DischargeError> {
        if let Some(e) = self.fatal {
            return Err(e);
        }
        if self.data_rows == 0 {
            return Err(DischargeError::NoRows { header_row });
        }
        if self.fallback_values > 0 {
            let n = self.fallback_values;
            notes.push(if n == 1 {
                "1 value was not UTF-8 and was read as Windows-1252".to_string()
            } else {
                format!("{n} values were not UTF-8 and were read as Windows-1252")
            });
        }
        Ok(DischargeAnalysis {
            report: self.acc.finish(),
            errors: self.errors.kept,
            errors_omitted: self.errors.omitted,
            rows: self.data_rows,
            duplicate_rows: self.duplicate_rows,
            notes,
        })
    }
}
