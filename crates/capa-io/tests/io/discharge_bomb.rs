//! Zip bombs as discharge reports: workbooks of a few megabytes that unpack to
//! gigabytes are refused before anything big is held in memory. The bombs are
//! built here, as a real workbook with one part swapped for a deflate stream
//! of one compressed megabyte repeated, so no large file is kept in the
//! repository and building one takes a moment.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use capa_core::demand::DemandSettings;
use capa_io::discharge::{DischargeError, DischargeOptions, XlsxLimits, analyse_file};
use chrono::NaiveDate;
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// One part of a zip archive, already compressed.
struct Part {
    name: String,
    /// 0 stored, 8 deflate.
    method: u16,
    crc: u32,
    /// The size the archive declares for the part unpacked.
    size: u32,
    data: Vec<u8>,
}

/// Raw deflate of `data` by a fresh compressor: its back-references stay
/// inside `data`, so the bytes can follow any other such piece. A piece that
/// is not the last ends with a sync flush, on a byte boundary.
fn deflate(data: &[u8], last: bool) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut input = data;
    loop {
        let (read, written) = (c.total_in(), c.total_out());
        let status = c.compress(input, &mut buf, flush).unwrap();
        let produced = (c.total_out() - written) as usize;
        out.extend_from_slice(&buf[..produced]);
        input = &input[(c.total_in() - read) as usize..];
        let done = if last {
            status == Status::StreamEnd
        } else {
            input.is_empty() && produced < buf.len()
        };
        if done {
            return out;
        }
    }
}

fn crc(data: &[u8]) -> Crc {
    let mut c = Crc::new();
    c.update(data);
    c
}

/// A part that unpacks to `head`, then `chunk` `times` times, then `tail`,
/// declaring `declared` bytes unpacked (its true size when `None`).
fn repeated(
    name: &str,
    (head, chunk, times, tail): (&[u8], &[u8], usize, &[u8]),
    declared: Option<u32>,
) -> Part {
    let mut data = deflate(head, false);
    let piece = deflate(chunk, false);
    for _ in 0..times {
        data.extend_from_slice(&piece);
    }
    data.extend_from_slice(&deflate(tail, true));
    let mut sum = crc(head);
    let one = crc(chunk);
    for _ in 0..times {
        sum.combine(&one);
    }
    sum.combine(&crc(tail));
    let size = head.len() as u64 + chunk.len() as u64 * times as u64 + tail.len() as u64;
    Part {
        name: name.into(),
        method: 8,
        crc: sum.sum(),
        size: declared.unwrap_or(u32::try_from(size).expect("under 4 GiB")),
        data,
    }
}

/// The parts of a small good discharge report, as rust_xlsxwriter wrote them.
fn good_parts() -> Vec<Part> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "NHI",
        "Diagnosis",
        "Days in service",
        "F/F",
        "Discharge date",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["ZZZ0016", "ADHD", "30", "5", "05/03/2024"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index_raw(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            Part {
                name: f.name().unwrap().into_owned(),
                method: if f.compression() == zip::CompressionMethod::Stored {
                    0
                } else {
                    8
                },
                crc: f.crc32(),
                size: u32::try_from(f.size()).unwrap(),
                data,
            }
        })
        .collect()
}

/// A zip archive of the parts (no zip64: every size is under 4 GiB).
fn archive(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = u32::try_from(out.len()).unwrap();
        let name = p.name.as_bytes();
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&p.method.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // time
            v.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
            v.extend_from_slice(&p.crc.to_le_bytes());
            v.extend_from_slice(&u32::try_from(p.data.len()).unwrap().to_le_bytes());
            v.extend_from_slice(&p.size.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(&p.data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let at = u32::try_from(out.len()).unwrap();
    let n = parts.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The good report with one part replaced, written to a file.
fn workbook_with(file: &str, part: Part) -> PathBuf {
    let mut parts = good_parts();
    let i = parts
        .iter()
        .position(|p| p.name == part.name)
        .unwrap_or_else(|| panic!("the workbook has {}", part.name));
    parts[i] = part;
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(file);
    std::fs::write(&path, archive(&parts)).unwrap();
    path
}

const MIB: usize = 1024 * 1024;
const SHEET_HEAD: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#;
const SHEET_TAIL: &[u8] = b"</t></is></c></row></sheetData></worksheet>";

/// A 2 MB workbook whose first sheet is one cell of `mib` MiB, declaring
/// `declared` bytes (its true size when `None`).
fn one_big_cell(file: &str, mib: usize, declared: Option<u32>) -> PathBuf {
    let chunk = vec![b'a'; MIB];
    let sheet = repeated(
        "xl/worksheets/sheet1.xml",
        (SHEET_HEAD, &chunk, mib, SHEET_TAIL),
        declared,
    );
    workbook_with(file, sheet)
}

/// A workbook whose shared strings are `n` empty strings, truthfully declared.
fn many_shared_strings(file: &str, n: usize) -> PathBuf {
    const ONE: &[u8] = b"<si><t/></si>";
    let per_chunk = MIB / ONE.len();
    let chunk = ONE.repeat(per_chunk);
    let head = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
    let rest = ONE.repeat(n % per_chunk);
    let tail = [&rest[..], b"</sst>"].concat();
    workbook_with(
        file,
        repeated(
            "xl/sharedStrings.xml",
            (head, &chunk, n / per_chunk, &tail),
            None,
        ),
    )
}

fn options() -> DischargeOptions {
    DischargeOptions::new(
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        DemandSettings::default(),
    )
}

fn too_large(path: &Path, limits: XlsxLimits) -> String {
    let mut o = options();
    o.xlsx_limits = limits;
    match analyse_file(path, o) {
        Err(e @ DischargeError::TooLarge(_)) => e.to_string(),
        other => panic!("{}: expected TooLarge, got {other:?}", path.display()),
    }
}

#[test]
fn the_good_report_reads() {
    let path = workbook_with("good.xlsx", good_parts().remove(0));
    let a = analyse_file(&path, options()).unwrap();
    assert_eq!(a.report.episodes, 1);
}

#[test]
fn a_two_gib_cell_in_a_two_mb_file_is_refused_by_its_declared_size() {
    let path = one_big_cell("bomb-2gib.xlsx", 2048, None);
    assert!(std::fs::metadata(&path).unwrap().len() < 3 * MIB as u64);
    assert_eq!(
        too_large(&path, XlsxLimits::default()),
        "this workbook is too large to read safely: xl/worksheets/sheet1.xml unpacks to 2.0 GiB; capa reads at most 1.0 GiB for a worksheet"
    );
}

#[test]
fn a_cell_larger_than_excel_allows_is_refused_as_it_streams() {
    // 64 MiB is within the limit for a sheet, but not for one cell.
    let path = one_big_cell("bomb-cell.xlsx", 64, None);
    assert_eq!(
        too_large(&path, XlsxLimits::default()),
        "this workbook is too large to read safely: xl/worksheets/sheet1.xml has a cell or tag of more than 256 KiB; an Excel cell holds at most 32,767 characters"
    );
}

#[test]
fn a_part_that_lies_about_its_size_fails_where_the_lie_ends() {
    let path = one_big_cell("bomb-lie.xlsx", 2048, Some(100_000));
    match analyse_file(&path, options()) {
        Err(DischargeError::Workbook(m)) => {
            assert!(
                m.contains("larger than its declared uncompressed size"),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_hundred_million_shared_strings_are_refused() {
    let path = many_shared_strings("bomb-strings.xlsx", 100_000_000);
    assert_eq!(
        too_large(&path, XlsxLimits::default()),
        "this workbook is too large to read safely: xl/sharedStrings.xml unpacks to 1.2 GiB; capa reads at most 256.0 MiB for the shared strings"
    );
    // Within the size limit, but more strings than allowed: counted as they stream.
    let path = many_shared_strings("strings-count.xlsx", 1001);
    let limits = XlsxLimits {
        max_shared_strings: 1000,
        ..XlsxLimits::default()
    };
    assert_eq!(
        too_large(&path, limits),
        "this workbook is too large to read safely: xl/sharedStrings.xml holds more than 1000 shared strings; capa reads at most that many"
    );
}

/// The bombs again, each read by a copy of this test binary whose address
/// space is capped at 512 MiB: a reader that unpacked any of them would
/// fail to allocate and abort.
#[test]
fn bombs_are_refused_within_a_small_memory_budget() {
    if let Ok(path) = std::env::var("CAPA_TEST_BOMB") {
        too_large(Path::new(&path), XlsxLimits::default());
        return;
    }
    let bombs = [
        one_big_cell("budget-2gib.xlsx", 2048, None),
        one_big_cell("budget-cell.xlsx", 600, None),
        many_shared_strings("budget-strings.xlsx", 100_000_000),
    ];
    let me = std::env::current_exe().unwrap();
    for bomb in bombs {
        let out = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 524288 && exec \"$0\" \"$@\"")
            .arg(&me)
            .args([
                "--exact",
                "discharge_bomb::bombs_are_refused_within_a_small_memory_budget",
                "--test-threads",
                "1",
            ])
            .env("CAPA_TEST_BOMB", &bomb)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}\n{}",
            bomb.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
    }
}
