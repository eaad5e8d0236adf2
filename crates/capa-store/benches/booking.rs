//! Booking throughput and latency under 64 concurrent clients, on SQLite and
//! PostgreSQL side by side (`bench/booking.sh`; see docs/performance.md).
//!
//! Two loads, each for `BENCH_SECONDS` (default 10) per backend:
//! - contended: rounds of 8 new offers that all 64 clients race for (each
//!   tries a second only when the first was just taken), so most attempts
//!   end in `Conflict`, as when a team books the last offers of a quarter at
//!   once; the round's bookings are undone before the next (not timed);
//! - spread: each client books offers of its own, each for another family
//!   (one family, one first Partnership appointment; the families are made
//!   before the clock starts), so every attempt succeeds and the figure is
//!   the store's booking throughput.
//!
//! PostgreSQL runs when `CAPA_BENCH_DATABASE_URL` (or else
//! `CAPA_TEST_DATABASE_URL`) names a server: a database is created there and
//! dropped afterwards.

use std::sync::Arc;
use std::time::{Duration, Instant};

use capa_core::{Clinician, Fte, Initials, Quarter, Team, TeamSettings};
use capa_store::testing::{unique_suffix, with_database};
use capa_store::{
    Actor, AppointmentId, AppointmentKind, ClientId, ClientKey, ClinicianId, NewOffers, NewSlot,
    Store, StoreError,
};
use chrono::{TimeDelta, TimeZone, Utc};
use sqlx::{Connection, Executor, PgConnection};

const CLIENTS: usize = 64;
const OFFERS: usize = 8;

/// What one load measured.
struct Figures {
    attempts: usize,
    bookings: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Figures {
    fn percentile(&self, p: f64) -> f64 {
        let i = ((self.latencies.len() as f64 * p).ceil() as usize).clamp(1, self.latencies.len());
        self.latencies[i - 1].as_secs_f64() * 1000.0
    }
}

struct Setup {
    store: Store,
    team: capa_store::TeamId,
    clinician: ClinicianId,
    clients: Vec<ClientId>,
    quarter: Quarter,
    next_number: u32,
}

async fn setup(url: &str) -> Setup {
    let store = Store::open(url).await.expect("open the database");
    let clinician = Clinician {
        initials: Initials::parse("AD").unwrap(),
        name: "Andrew Down".into(),
        discipline: None,
        fte: Fte::new(1.0).unwrap(),
        skills: Default::default(),
        streams: Default::default(),
        does_choice: true,
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: Vec::new(),
    };
    let team = Team::new(TeamSettings::new("Bench"), vec![clinician]).unwrap();
    let team = store.create_team(Actor::System, &team).await.unwrap();
    let clinician = store.load_stored_team(team).await.unwrap().clinician_ids[0];
    let mut clients = Vec::with_capacity(CLIENTS);
    for i in 0..CLIENTS {
        let key = ClientKey::local(&format!("F-{i}")).unwrap();
        let c = store
            .find_or_create_client(Actor::System, team, &key, None, None)
            .await
            .unwrap();
        clients.push(c.id);
    }
    Setup {
        store,
        team,
        clinician,
        clients,
        quarter: Quarter::parse("2026Q3", 7).unwrap(),
        next_number: 0,
    }
}

impl Setup {
    /// `n` more families of the team.
    async fn families(&self, n: usize) -> Vec<ClientId> {
        let team = self.team;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let key = ClientKey::local(&format!("S-{i}")).unwrap();
            let c = self
                .store
                .find_or_create_client(Actor::System, team, &key, None, None)
                .await
                .unwrap();
            out.push(c.id);
        }
        out
    }

    async fn publish(&mut self, n: usize) -> Vec<AppointmentId> {
        let start = Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap();
        let slots = (0..n)
            .map(|_| {
                self.next_number += 1;
                let starts_at = start + TimeDelta::minutes(i64::from(self.next_number));
                NewSlot {
                    number: Some(self.next_number),
                    starts_at,
                    ends_at: starts_at + TimeDelta::hours(1),
                    location: None,
                }
            })
            .collect();
        let offers = NewOffers {
            clinician: self.clinician,
            quarter: self.quarter,
            kind: AppointmentKind::Partnership,
            slots,
        };
        self.store
            .publish_offers(Actor::System, &offers)
            .await
            .unwrap()
    }
}

/// One client's attempt, timed; panics on anything but Ok or Conflict.
async fn attempt(
    store: &Store,
    offer: AppointmentId,
    client: ClientId,
    latencies: &mut Vec<Duration>,
) -> bool {
    let t = Instant::now();
    let result = store.book(Actor::System, offer, client, None).await;
    latencies.push(t.elapsed());
    match result {
        Ok(_) => true,
        Err(StoreError::Conflict(_)) => false,
        Err(e) => panic!("a booking failed: {e}"),
    }
}

async fn contended(s: &mut Setup, duration: Duration) -> Figures {
    let mut f = Figures {
        attempts: 0,
        bookings: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    while f.elapsed < duration {
        let offers = Arc::new(s.publish(OFFERS).await);
        let started = Instant::now();
        let tasks: Vec<_> = s
            .clients
            .iter()
            .enumerate()
            .map(|(i, &client)| {
                let store = s.store.clone();
                let offers = Arc::clone(&offers);
                tokio::spawn(async move {
                    let mut latencies = Vec::with_capacity(2);
                    let mut won = 0;
                    for k in 0..2 {
                        let offer = offers[(i + 3 * k) % offers.len()];
                        if attempt(&store, offer, client, &mut latencies).await {
                            won += 1;
                            break;
                        }
                    }
                    (won, latencies)
                })
            })
            .collect();
        for t in tasks {
            let (won, latencies) = t.await.unwrap();
            f.bookings += won;
            f.attempts += latencies.len();
            f.latencies.extend(latencies);
        }
        // Freeing the families and publishing the next round are set-up,
        // not booking: not timed.
        f.elapsed += started.elapsed();
        for &offer in offers.iter() {
            s.store.unbook(Actor::System, offer).await.unwrap();
        }
    }
    f.latencies.sort();
    f
}

async fn spread(s: &mut Setup, duration: Duration) -> Figures {
    // Enough offers for every client to book for the whole run at a rate
    // well above what either backend reaches on two cores.
    let per_client = 400;
    let offers = Arc::new(s.publish(CLIENTS * per_client).await);
    let families = Arc::new(s.families(CLIENTS * per_client).await);
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let tasks: Vec<_> = s
        .clients
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let store = s.store.clone();
            let offers = Arc::clone(&offers);
            let families = Arc::clone(&families);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for k in 0..per_client {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let offer = offers[k * CLIENTS + i];
                    let family = families[k * CLIENTS + i];
                    assert!(attempt(&store, offer, family, &mut latencies).await);
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Figures {
        attempts: latencies.len(),
        bookings: latencies.len(),
        elapsed,
        latencies,
    }
}

fn report(backend: &str, load: &str, f: &Figures) {
    let secs = f.elapsed.as_secs_f64();
    println!(
        "| {backend} | {load} | {} | {} | {:.0} | {:.0} | {:.1} | {:.1} |",
        f.attempts,
        f.bookings,
        f.attempts as f64 / secs,
        f.bookings as f64 / secs,
        f.percentile(0.50),
        f.percentile(0.99),
    );
}

async fn run(backend: &str, url: &str, duration: Duration) {
    let mut s = setup(url).await;
    let f = contended(&mut s, duration).await;
    report(backend, "contended (64 clients, 8 offers a round)", &f);
    let f = spread(&mut s, duration).await;
    report(backend, "spread (64 clients, own offers)", &f);
    s.store.close().await;
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let seconds = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let duration = Duration::from_secs(seconds);
    println!(
        "| backend | load | attempts | bookings | attempts/s | bookings/s | p50 ms | p99 ms |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");

    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    run("SQLite", &url, duration).await;

    let admin = std::env::var("CAPA_BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("CAPA_TEST_DATABASE_URL"));
    let Ok(admin) = admin else {
        eprintln!("PostgreSQL skipped: set CAPA_BENCH_DATABASE_URL to include it");
        return;
    };
    let name = format!("capa_bench_{}", unique_suffix());
    let mut conn = PgConnection::connect(&admin).await.unwrap();
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    run("PostgreSQL", &with_database(&admin, &name), duration).await;
    conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
}
