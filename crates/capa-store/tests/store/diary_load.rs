//! Correctness under load: 64 clients booking a handful of offers at the
//! same moment, round after round. The database must let exactly one of them
//! have each offer, lose no acknowledged booking, and answer every other
//! attempt with `Conflict`, never another error.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use capa_core::diary::AppointmentState;
use capa_store::{
    Actor, AppointmentId, AppointmentQuery, Backend, Booking, ClientId, Store, StoreError,
};
use tokio::sync::Barrier;

use crate::support::{client, diary_team, on_each_backend, publish, quarter};

/// Concurrent clients, each a task with its own clone of the store.
const CLIENTS: usize = 64;
/// Vacant offers they compete for in each round.
const OFFERS: u32 = 8;
/// Offers each client tries in a round (the first is shared with 7 others);
/// a family booked into one tries no more (one family, one first
/// Partnership appointment), as at the end of Choice: the next offer only
/// when the first was just taken.
const TRIES: usize = 2;

/// Rounds per backend; `CAPA_LOAD_ROUNDS` overrides (CI keeps the default).
fn rounds() -> usize {
    std::env::var("CAPA_LOAD_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(150)
}

/// One round: every client waits at the barrier, then tries its offers.
async fn round(
    store: &Store,
    offers: &Arc<Vec<AppointmentId>>,
    clients: &[ClientId],
    round: usize,
) -> Vec<(AppointmentId, Result<Booking, StoreError>)> {
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(i, &client)| {
            let store = store.clone();
            let offers = Arc::clone(offers);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                let mut results = Vec::with_capacity(TRIES);
                for k in 0..TRIES {
                    let offer = offers[(i + k * 3 + round) % offers.len()];
                    let result = store.book(Actor::System, offer, client, None).await;
                    let booked = result.is_ok();
                    results.push((offer, result));
                    if booked {
                        break;
                    }
                }
                results
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("a booking task panicked"));
    }
    all
}

async fn raw_count(db: &capa_store::testing::TestDb, sql: &str) -> i64 {
    db.raw_text(&format!("SELECT CAST(COUNT(*) AS TEXT) FROM ({sql}) AS x"))
        .await
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_never_book_an_offer_twice_nor_lose_a_booking() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let d = diary_team(s, "North").await;
        let offers = Arc::new(publish(s, d.ad, 1..=OFFERS).await);
        let mut clients = Vec::with_capacity(CLIENTS);
        for i in 0..CLIENTS {
            clients.push(client(s, d.team, &format!("F-{i}")).await);
        }
        let active = match s.backend() {
            Backend::Sqlite => "1",
            Backend::Postgres => "TRUE",
        };
        let doubly_booked = format!(
            "SELECT appointment_id FROM bookings WHERE active = {active} \
             GROUP BY appointment_id HAVING COUNT(*) > 1"
        );
        let started = Instant::now();
        let mut acknowledged: Vec<Booking> = Vec::new();
        let (mut attempts, mut conflicts) = (0usize, 0usize);
        let rounds = rounds();
        for r in 0..rounds {
            let mut won: HashMap<AppointmentId, Booking> = HashMap::new();
            for (offer, result) in round(s, &offers, &clients, r).await {
                attempts += 1;
                match result {
                    Ok(b) => {
                        assert_eq!(b.appointment_id, offer);
                        if let Some(first) = won.insert(offer, b.clone()) {
                            panic!(
                                "round {r}: offer {offer} acknowledged twice: {first:?} and {b:?}"
                            );
                        }
                        acknowledged.push(b);
                    }
                    Err(StoreError::Conflict(_)) => conflicts += 1,
                    Err(e) => {
                        panic!("round {r}: an attempt failed with neither Ok nor Conflict: {e}")
                    }
                }
            }
            assert_eq!(
                won.len(),
                OFFERS as usize,
                "round {r}: every offer is booked once"
            );
            assert_eq!(raw_count(&db, &doubly_booked).await, 0, "round {r}");
            // What was acknowledged is what the diary holds.
            let booked = s
                .appointments(
                    d.team,
                    &AppointmentQuery {
                        quarter: Some(quarter()),
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
            for a in &booked {
                assert_eq!(a.state, AppointmentState::Booked, "round {r}: {}", a.label);
                assert_eq!(
                    a.client.as_ref().map(|c| c.id),
                    Some(won[&a.id].client_id),
                    "round {r}: {}",
                    a.label
                );
            }
            for &offer in offers.iter() {
                s.unbook(Actor::System, offer).await.unwrap();
            }
        }
        // Every acknowledged booking is still there (inactive since the reset).
        assert_eq!(
            raw_count(&db, "SELECT id FROM bookings").await,
            acknowledged.len() as i64
        );
        for &offer in offers.iter() {
            let history: HashSet<_> = s
                .bookings(offer)
                .await
                .unwrap()
                .into_iter()
                .map(|b| (b.id, b.client_id))
                .collect();
            for b in acknowledged.iter().filter(|b| b.appointment_id == offer) {
                assert!(history.contains(&(b.id, b.client_id)), "lost {b:?}");
            }
        }
        assert_eq!(raw_count(&db, &doubly_booked).await, 0);
        assert!(attempts >= rounds * CLIENTS && attempts <= rounds * CLIENTS * TRIES);
        assert_eq!(attempts, acknowledged.len() + conflicts);
        eprintln!(
            "{:?}: {attempts} attempts, {} bookings, {conflicts} conflicts in {:.1} s",
            s.backend(),
            acknowledged.len(),
            started.elapsed().as_secs_f64()
        );
    })
    .await;
}
