//! Reading a team file with many unknown keys: the time must grow with the
//! file, not with its square. Each size is read through `team_file::parse`,
//! the function the command line and the web upload call; beside it, the
//! line-by-line search for each key's line that capa used before (kept here
//! only to measure against), so the ratio comes from one run.
//!
//! `cargo bench -p capa-io --bench team_file`

use std::hint::black_box;

use capa_io::team_file;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn file(unknown_keys: usize) -> String {
    let mut text = String::from("[team]\nname = \"T\"\n");
    for i in 0..unknown_keys {
        text.push_str(&format!("unknown_{i:05} = {i}\n"));
    }
    text
}

/// The search capa made for each unknown key until it indexed the lines
/// once: a scan of the whole file per key.
fn line_by_line(source: &str, keys: &[String]) -> usize {
    let mut found = 0;
    for key in keys {
        for (i, line) in source.lines().enumerate() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix(key.as_str())
                && rest.trim_start().starts_with('=')
            {
                found += i;
                break;
            }
        }
    }
    found
}

fn unknown_keys(c: &mut Criterion) {
    let mut group = c.benchmark_group("team_file_unknown_keys");
    group.sample_size(10);
    for n in [1_000, 10_000, 40_000] {
        let text = file(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("parse", n), &text, |b, text| {
            b.iter(|| {
                let tf = team_file::parse(text, "bench.toml").expect("the file reads");
                black_box(tf.warnings.len())
            })
        });
    }
    // The old per-key scan alone, at a size where it still finishes quickly.
    let n = 10_000;
    let text = file(n);
    let keys: Vec<String> = (0..n).map(|i| format!("unknown_{i:05}")).collect();
    group.throughput(Throughput::Elements(n as u64));
    group.bench_with_input(
        BenchmarkId::new("line_by_line_search_before", n),
        &text,
        |b, text| b.iter(|| black_box(line_by_line(text, &keys))),
    );
    group.finish();
}

criterion_group!(benches, unknown_keys);
criterion_main!(benches);
