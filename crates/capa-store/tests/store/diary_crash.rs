//! A crash under load: a child process books for 64 families a round, printing each
//! booking the store acknowledged (flushed before its next attempt), and is
//! killed with SIGKILL in the middle. Reopened, the database must pass its
//! integrity check and hold every acknowledged booking.
//!
//! The child is this test binary run again with only
//! [`crash_child_books_until_killed`] selected and `CAPA_CRASH_CHILD_URL`
//! set; without the variable that test does nothing.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use capa_core::diary::AppointmentState;
use capa_store::{
    Actor, AppointmentId, AppointmentKind, AppointmentQuery, BookingId, ClientId, ClientKey,
    ClinicianId, NewOffers, Store, StoreError, TeamId,
};

use crate::support::{diary_team, on_each_backend, quarter, slot};

const URL_VAR: &str = "CAPA_CRASH_CHILD_URL";
const CLINICIAN_VAR: &str = "CAPA_CRASH_CHILD_CLINICIAN";
const TEAM_VAR: &str = "CAPA_CRASH_CHILD_TEAM";
/// Families racing for each round's offers.
const FAMILIES: usize = 64;
/// The parent kills the child once it has seen this many acknowledgements.
const KILL_AFTER: usize = 300;
/// Offers published per round of the child's load.
const OFFERS: u32 = 8;
/// The child gives up after this long, so a parent that never kills it fails
/// instead of hanging.
const CHILD_LIMIT: Duration = Duration::from_secs(90);

/// The child process's work (does nothing in an ordinary test run): round
/// after round, publish 8 new offers and let 64 new families race for them
/// (one family, one first Partnership appointment: each round's families
/// are recorded as they start), printing `booked BOOKING APPOINTMENT CLIENT`
/// for each acknowledged booking.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_child_books_until_killed() {
    let Ok(url) = std::env::var(URL_VAR) else {
        return;
    };
    let clinician = ClinicianId(std::env::var(CLINICIAN_VAR).unwrap().parse().unwrap());
    let team = TeamId(std::env::var(TEAM_VAR).unwrap().parse().unwrap());
    let store = Store::open(&url).await.unwrap();
    let started = Instant::now();
    let mut number = 0;
    let mut round = 0;
    while started.elapsed() < CHILD_LIMIT {
        round += 1;
        let slots = (0..OFFERS)
            .map(|_| {
                number += 1;
                slot(Some(number), number % 28 + 1, 9)
            })
            .collect();
        let offers = Arc::new(
            store
                .publish_offers(
                    Actor::System,
                    &NewOffers {
                        clinician,
                        quarter: quarter(),
                        kind: AppointmentKind::Partnership,
                        slots,
                    },
                )
                .await
                .unwrap(),
        );
        let tasks: Vec<_> = (0..FAMILIES)
            .map(|i| {
                let store = store.clone();
                let offers = Arc::clone(&offers);
                tokio::spawn(async move {
                    let key = ClientKey::local(&format!("R{round}-{i}")).unwrap();
                    let client = store
                        .find_or_create_client(Actor::System, team, &key, None, None)
                        .await
                        .unwrap()
                        .id;
                    for k in 0..2 {
                        let offer = offers[(i + 3 * k) % offers.len()];
                        match store.book(Actor::System, offer, client, None).await {
                            Ok(b) => {
                                let mut out = std::io::stdout().lock();
                                writeln!(out, "booked {} {} {}", b.id, offer, client).unwrap();
                                out.flush().unwrap();
                                // Booked: one first Partnership appointment a family.
                                break;
                            }
                            Err(StoreError::Conflict(_)) => {}
                            Err(e) => panic!("booking failed: {e}"),
                        }
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    }
}

/// `(booking, appointment, client)` from a line the child printed.
fn acknowledgement(line: &str) -> Option<(BookingId, AppointmentId, ClientId)> {
    let mut words = line.strip_prefix("booked ")?.split(' ');
    let mut next = || words.next()?.parse::<i64>().ok();
    Some((
        BookingId(next()?),
        AppointmentId(next()?),
        ClientId(next()?),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookings_acknowledged_before_a_sigkill_survive_it() {
    on_each_backend(|db| async move {
        let d = diary_team(&db.store, "North").await;
        let team: TeamId = d.team;
        db.store.close().await;

        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "diary_crash::crash_child_books_until_killed",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(URL_VAR, &db.url)
            .env(CLINICIAN_VAR, d.ad.to_string())
            .env(TEAM_VAR, team.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (acks, status) = tokio::task::spawn_blocking(move || {
            let mut acks = Vec::new();
            // Lines still in the pipe after the kill were acknowledged
            // before it: they count too.
            for line in BufReader::new(stdout).lines() {
                if let Some(ack) = acknowledgement(&line.unwrap()) {
                    acks.push(ack);
                    if acks.len() == KILL_AFTER {
                        child.kill().unwrap();
                    }
                }
            }
            (acks, child.wait().unwrap())
        })
        .await
        .unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "the child should die of SIGKILL under load, not {status:?} ({} bookings seen)",
            acks.len()
        );
        assert!(acks.len() >= KILL_AFTER);

        let store = Store::open(&db.url).await.unwrap();
        assert_eq!(store.integrity_check().await.unwrap(), Vec::<String>::new());
        let diary: HashMap<_, _> = store
            .appointments(
                team,
                &AppointmentQuery {
                    quarter: Some(quarter()),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        for (booking, appointment, client) in &acks {
            let a = &diary[appointment];
            assert_eq!(a.state, AppointmentState::Booked, "{}", a.label);
            assert_eq!(
                a.client.as_ref().map(|c| c.id),
                Some(*client),
                "{}",
                a.label
            );
            let history = store.bookings(*appointment).await.unwrap();
            assert!(
                history.iter().any(|b| b.id == *booking && b.active),
                "booking {booking} of {} was lost",
                a.label
            );
        }
        eprintln!(
            "{:?}: {} acknowledged bookings survived the kill",
            store.backend(),
            acks.len()
        );
        store.close().await;
    })
    .await;
}
