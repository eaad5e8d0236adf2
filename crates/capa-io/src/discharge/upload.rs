//! A discharge report that arrives in pieces (an HTTP body), read as it comes.
//!
//! [`Upload::feed`] takes each chunk. The first bytes say what the file is: a
//! CSV report is handed, chunk by chunk, to the same streaming reader
//! [`super::analyse_csv`] runs (on its own thread, through a bounded channel,
//! so a fast sender waits for the parser and memory stays flat); an XLSX
//! workbook cannot be read before its end (the zip's directory is last), so
//! it is spooled to a temporary file, then checked against
//! [`super::XlsxLimits`] and read as [`super::analyse_file`] reads it.
//! [`Upload::finish`] gives the same [`DischargeAnalysis`] the command line
//! would for the same bytes.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use super::{DischargeAnalysis, DischargeError, DischargeOptions};

/// Chunks waiting for the CSV parser; a sender beyond them blocks.
const QUEUED_CHUNKS: usize = 8;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A report being received.
pub struct Upload {
    state: State,
    received: u64,
}

enum State {
    /// Fewer than 8 bytes seen: the kind of file is not known yet.
    Opening {
        head: Vec<u8>,
        options: Box<DischargeOptions>,
        spool: std::path::PathBuf,
    },
    Csv {
        chunks: Option<SyncSender<Vec<u8>>>,
        reader: JoinHandle<Result<DischargeAnalysis, DischargeError>>,
    },
    Xlsx {
        file: tempfile::NamedTempFile,
        options: Box<DischargeOptions>,
    },
    OldExcel,
    Done,
}

impl Upload {
    /// Starts receiving a report; an XLSX workbook is spooled in `spool_dir`
    /// (removed when the upload ends, however it ends).
    pub fn new(options: DischargeOptions, spool_dir: &Path) -> Self {
        Self {
            state: State::Opening {
                head: Vec::with_capacity(8),
                options: Box::new(options),
                spool: spool_dir.to_path_buf(),
            },
            received: 0,
        }
    }

    /// Bytes received so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Takes the next piece of the file. Blocks while the CSV parser is
    /// behind. A file the reader has already given up on (a binary file, a
    /// bad header) is drained without error: [`Upload::finish`] says why.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), DischargeError> {
        self.received += chunk.len() as u64;
        if let State::Opening { head, .. } = &mut self.state {
            let take = (8 - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            if head.len() < 8 {
                return Ok(());
            }
            let rest = &chunk[take..];
            self.open()?;
            return self.pass(rest);
        }
        self.pass(chunk)
    }

    /// The kind of file is known from its first bytes: start its reader.
    fn open(&mut self) -> Result<(), DischargeError> {
        let State::Opening {
            head,
            options,
            spool,
        } = std::mem::replace(&mut self.state, State::Done)
        else {
            return Ok(());
        };
        self.state = if head.starts_with(ZIP_MAGIC) {
            let mut file = tempfile::Builder::new()
                .prefix("capa-upload-")
                .suffix(".xlsx")
                .tempfile_in(&spool)?;
            file.write_all(&head)?;
            State::Xlsx { file, options }
        } else if head.starts_with(OLE_MAGIC) {
            State::OldExcel
        } else {
            let (tx, rx) = sync_channel::<Vec<u8>>(QUEUED_CHUNKS);
            tx.send(head).ok();
            let reader = std::thread::Builder::new()
                .name("capa-upload-csv".into())
                .spawn(move || super::analyse_csv(Chunks::new(rx), None, *options))?;
            State::Csv {
                chunks: Some(tx),
                reader,
            }
        };
        Ok(())
    }

    fn pass(&mut self, chunk: &[u8]) -> Result<(), DischargeError> {
        if chunk.is_empty() {
            return Ok(());
        }
        match &mut self.state {
            State::Csv { chunks, .. } => {
                // A send fails when the reader has stopped: its result says why.
                if let Some(tx) = chunks
                    && tx.send(chunk.to_vec()).is_err()
                {
                    *chunks = None;
                }
                Ok(())
            }
            State::Xlsx { file, .. } => Ok(file.write_all(chunk)?),
            _ => Ok(()),
        }
    }

    /// The whole file has arrived: the analysis, or why it cannot be made.
    pub fn finish(mut self) -> Result<DischargeAnalysis, DischargeError> {
        if matches!(self.state, State::Opening { .. }) {
            self.open()?;
        }
        match std::mem::replace(&mut self.state, State::Done) {
            State::Csv { chunks, reader } => {
                drop(chunks);
                reader.join().unwrap_or_else(|_| {
                    Err(DischargeError::Io(std::io::Error::other(
                        "the report's reader stopped unexpectedly",
                    )))
                })
            }
            State::Xlsx { mut file, options } => {
                file.flush()?;
                super::xlsx::analyse(file.path(), *options)
            }
            State::OldExcel => Err(DischargeError::OldExcel),
            State::Opening { .. } | State::Done => Err(DischargeError::Empty),
        }
    }
}

/// The chunks of a channel as one stream of bytes.
struct Chunks {
    rx: Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

impl Chunks {
    fn new(rx: Receiver<Vec<u8>>) -> Self {
        Self {
            rx,
            current: Vec::new(),
            at: 0,
        }
    }
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.current.len() {
            match self.rx.recv() {
                Ok(next) => {
                    self.current = next;
                    self.at = 0;
                }
                // The sender is gone: the file has ended.
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
