//! Reading a discharge report: the CSV reader and the demand figures, on a
//! report generated in memory (200,000 rows, about 13 MB), parsed on the
//! reading thread alone and with parsing threads. The full comparison with
//! pandas and polars on a million rows is `bench/demand.sh`.

use std::hint::black_box;
use std::io::Cursor;

use capa_core::Nhi;
use capa_core::demand::DemandSettings;
use capa_io::discharge::{DischargeOptions, analyse_csv};
use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const ROWS: usize = 200_000;
const DIAGNOSES: [&str; 8] = [
    "Anxiety disorder",
    "Depression",
    "ADHD",
    "\"Trauma, complex\"",
    "Autism spectrum disorder",
    "Anorexia nervosa",
    "Self-harm",
    "Whānau distress",
];

/// A small pseudo-random sequence, so that the report is the same each run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn report() -> Vec<u8> {
    let letters = b"ABCDEFGHJKLMNPQRSTUVWXY";
    let mut rng = Lcg(7);
    let nhis: Vec<String> = (0..20_000)
        .filter_map(|_| {
            let mut s: String = (0..3)
                .map(|_| char::from(letters[rng.next(23) as usize]))
                .collect();
            s.push_str(&format!("{:03}", rng.next(1000)));
            (0..10)
                .map(|c| format!("{s}{c}"))
                .find(|candidate| Nhi::parse(candidate).is_ok())
        })
        .collect();
    let mut out = String::from("Name,NHI,Diagnosis,Team,Days in service,F/F,Discharge date\n");
    for _ in 0..ROWS {
        let ff = match rng.next(10) {
            0..=3 => rng.next(4),
            4..=8 => 4 + rng.next(12),
            _ => 16 + rng.next(60),
        };
        out.push_str(&format!(
            "Given Family,{},{},North CAMHS,{},{ff},{:02}/{:02}/2024\n",
            nhis[rng.next(nhis.len() as u64) as usize],
            DIAGNOSES[rng.next(DIAGNOSES.len() as u64) as usize],
            ff * 10 + rng.next(30),
            1 + rng.next(28),
            1 + rng.next(12),
        ));
    }
    out.into_bytes()
}

fn discharge(c: &mut Criterion) {
    let data = report();
    let today = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let mut group = c.benchmark_group("discharge_csv");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(20);
    for threads in [0, 2] {
        group.bench_function(format!("{ROWS}_rows_{threads}_parsing_threads"), |b| {
            b.iter(|| {
                let mut options = DischargeOptions::new(today, DemandSettings::default());
                options.threads = threads;
                let analysis = analyse_csv(Cursor::new(data.clone()), None, options)
                    .expect("the generated report is good");
                black_box(analysis.report.episodes)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, discharge);
criterion_main!(benches);
