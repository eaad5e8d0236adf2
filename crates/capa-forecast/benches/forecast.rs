//! The forecast of the benchmark team (`examples/forecast-team.toml`: 12
//! clinicians, 12 referrals a week, 52 weeks after a 13-week warm-up): one
//! replication, and 1,000 replications on one and on two threads, in
//! process. `bench/forecast.sh` sets it beside the same model in SimPy.

use std::hint::black_box;
use std::path::Path;

use capa_core::diary::nz_public_holidays;
use capa_forecast::model::{self, ForecastInput};
use capa_forecast::replicate::Replications;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

fn input() -> ForecastInput {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/forecast-team.toml");
    let tf = capa_io::team_file::load(&file).expect("the benchmark team loads");
    let today = NaiveDate::from_ymd_opt(2026, 8, 3).unwrap();
    let mut i = ForecastInput::new(tf.team, today);
    i.holidays = (2023..2030)
        .flat_map(nz_public_holidays)
        .map(|(d, _)| d)
        .collect();
    i
}

fn bench(c: &mut Criterion) {
    let i = input();
    let mut g = c.benchmark_group("forecast");
    g.bench_function("1 replication", |b| {
        b.iter(|| model::forecast(black_box(&i), Replications::new(1, 1).on_threads(1)).unwrap())
    });
    g.sample_size(10);
    for threads in [1, 2] {
        g.bench_function(format!("1000 replications, {threads} thread(s)"), |b| {
            b.iter(|| {
                model::forecast(
                    black_box(&i),
                    Replications::new(1000, 1).on_threads(threads),
                )
                .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
