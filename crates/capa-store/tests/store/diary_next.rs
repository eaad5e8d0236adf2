//! The next vacant appointments of a diary (`Store::next_vacant`), the "just
//! taken" answer of a booking: the diary's own, in order, from clinicians in
//! post on the offer's local day.

use capa_core::Team;
use capa_store::{Actor, AppointmentId, AppointmentKind, NewOffers, NewSlot};
use chrono::{TimeZone, Utc};

use crate::support::{client, clinician, date, on_each_backend, quarter, settings, slot};

async fn publish_slots(
    store: &capa_store::Store,
    clinician: capa_store::ClinicianId,
    kind: AppointmentKind,
    slots: Vec<NewSlot>,
) -> Vec<AppointmentId> {
    store
        .publish_offers(
            Actor::System,
            &NewOffers {
                clinician,
                quarter: quarter(),
                kind,
                slots,
            },
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn next_vacant_offers_skip_a_leaver_s_past_their_last_local_day() {
    on_each_backend(|db| async move {
        let s = &db.store;
        let stays = clinician("AA", "Ana Aperahama", 1.0);
        let mut leaves = clinician("BB", "Ben Bell", 1.0);
        leaves.leaving_date = Some(date(2026, 10, 3));
        let team = s
            .create_team(
                Actor::System,
                &Team::new(settings("Next"), vec![stays, leaves]).unwrap(),
            )
            .await
            .unwrap();
        let stored = s.load_stored_team(team).await.unwrap();
        let (aa, bb) = (stored.clinician_ids[0], stored.clinician_ids[1]);
        let dbt = s.streams(team).await.unwrap()[0].id;
        // BB: 1 to 3 October at 09:00 UTC (22:45 in Chatham, in post), 3
        // October at 11:00 UTC (already the 4th there, gone), then 4 to 7.
        let mut leaver_slots: Vec<_> = (1..=3).map(|d| slot(Some(d), d, 9)).collect();
        leaver_slots.push(slot(Some(4), 3, 11));
        leaver_slots.extend((4..=7).map(|d| slot(Some(d + 1), d, 9)));
        let bb_offers = publish_slots(s, bb, AppointmentKind::Partnership, leaver_slots).await;
        let aa_offers = publish_slots(
            s,
            aa,
            AppointmentKind::Partnership,
            (10..=12).map(|d| slot(Some(d), d, 9)).collect(),
        )
        .await;
        let aa_dbt = publish_slots(
            s,
            aa,
            AppointmentKind::Specific(dbt),
            vec![slot(Some(1), 2, 10), slot(Some(2), 5, 10)],
        )
        .await;
        let bb_choice =
            publish_slots(s, bb, AppointmentKind::Choice, vec![slot(None, 20, 9)]).await;
        // One of BB's is booked: not vacant any more.
        s.book(
            Actor::System,
            bb_offers[1],
            client(s, team, "F-1").await,
            None,
        )
        .await
        .unwrap();

        let after = Utc.with_ymd_and_hms(2026, 9, 30, 0, 0, 0).unwrap();
        let ids = |list: Vec<capa_store::Appointment>| -> Vec<AppointmentId> {
            list.into_iter().map(|a| a.id).collect()
        };
        // Five asked for: the first page (BB's) holds two that count, so
        // the next page is read for AA's.
        assert_eq!(
            ids(s
                .next_vacant(team, AppointmentKind::Partnership, after, 5)
                .await
                .unwrap()),
            vec![
                bb_offers[0],
                bb_offers[2],
                aa_offers[0],
                aa_offers[1],
                aa_offers[2]
            ]
        );
        assert_eq!(
            ids(s
                .next_vacant(team, AppointmentKind::Partnership, after, 2)
                .await
                .unwrap()),
            vec![bb_offers[0], bb_offers[2]]
        );
        // Only after the given instant.
        let later = Utc.with_ymd_and_hms(2026, 10, 11, 0, 0, 0).unwrap();
        assert_eq!(
            ids(s
                .next_vacant(team, AppointmentKind::Partnership, later, 5)
                .await
                .unwrap()),
            vec![aa_offers[1], aa_offers[2]]
        );
        // The stream's diary, and the Choice diary (no rule on leavers).
        assert_eq!(
            ids(s
                .next_vacant(team, AppointmentKind::Specific(dbt), after, 5)
                .await
                .unwrap()),
            aa_dbt
        );
        assert_eq!(
            ids(s
                .next_vacant(team, AppointmentKind::Choice, after, 5)
                .await
                .unwrap()),
            bb_choice
        );
    })
    .await;
}
