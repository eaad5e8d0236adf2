//! Demand analyses: kept with their file's description, listed, applied to
//! the team's settings in one audited transaction.

use capa_core::demand::apply::{ApplyChoices, apply};
use capa_core::demand::{DemandAccumulator, DemandSettings, Episode, StoredDemand};
use capa_core::{MultiplierRule, Nhi};
use capa_store::{Actor, AuditQuery, DemandAnalysisId, EntityKind, StoreError, UploadedFile};
use chrono::Duration;

use crate::support::{date, on_each_backend, sample_team};

/// Twelve episodes, each of its own NHI, seven of them ADHD.
fn figures() -> StoredDemand {
    // The first twelve valid NHIs of the form JBXnnnC.
    let nhis: Vec<Nhi> = (0..1000)
        .flat_map(|n| (0..10).map(move |c| format!("JBX{n:03}{c}")))
        .filter_map(|s| Nhi::parse(&s).ok())
        .take(12)
        .collect();
    let mut acc = DemandAccumulator::new(DemandSettings::default()).unwrap();
    for (i, nhi) in nhis.iter().enumerate() {
        let diagnosis = if i < 7 { "ADHD" } else { "Anxiety" };
        let ff = 2 + i as u32;
        let e = Episode::new(
            *nhi,
            diagnosis,
            30,
            ff,
            date(2024, 3, 1 + i as u32),
            date(2024, 12, 31),
        )
        .unwrap();
        acc.add(&e).unwrap();
    }
    StoredDemand::from_report(&acc.finish(), 12, 0)
}

fn file() -> UploadedFile {
    UploadedFile {
        name: "C:\\reports\\discharges 2024.csv".into(),
        size: 1234,
        sha256: "ab".repeat(32),
    }
}

#[tokio::test]
async fn an_analysis_is_kept_listed_and_applied() {
    on_each_backend(|db| async move {
        let team = db
            .store
            .create_team(Actor::System, &sample_team("North"))
            .await
            .unwrap();
        let other = db
            .store
            .create_team(Actor::System, &sample_team("South"))
            .await
            .unwrap();
        let at = capa_store::testing::now();
        let figures = figures();
        let first = db
            .store
            .save_demand_analysis(Actor::System, team, &file(), &figures, at)
            .await
            .unwrap();
        let second = db
            .store
            .save_demand_analysis(
                Actor::System,
                team,
                &file(),
                &figures,
                at + Duration::days(365),
            )
            .await
            .unwrap();
        let list = db.store.demand_analyses(team).await.unwrap();
        assert_eq!(
            list.iter().map(|a| a.id).collect::<Vec<_>>(),
            [second, first]
        );
        assert_eq!(list[1].file.name, "discharges 2024.csv");
        assert_eq!(list[1].file.size, 1234);
        assert_eq!(list[1].uploaded_at, at);
        assert_eq!(list[1].figures, figures);
        assert!(db.store.demand_analyses(other).await.unwrap().is_empty());
        assert_eq!(db.store.demand_analysis(other, first).await.unwrap(), None);

        let before = db.store.team_settings(team).await.unwrap();
        let applied = apply(&before, &figures, &ApplyChoices::default());
        db.store
            .apply_demand_analysis(Actor::System, team, first, &applied.settings, at)
            .await
            .unwrap();
        let after = db.store.team_settings(team).await.unwrap();
        assert_eq!(after, applied.settings);
        assert!(matches!(
            after.core_multiplier,
            MultiplierRule::Derived { .. }
        ));
        let a = db
            .store
            .demand_analysis(team, first)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.applied_at, Some(at));
        let log = db.store.audit_log(&AuditQuery::default()).await.unwrap();
        let kinds: Vec<EntityKind> = log.iter().map(|r| r.entity_kind).collect();
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == EntityKind::DemandAnalysis)
                .count(),
            3
        );
        assert!(kinds.contains(&EntityKind::Team));

        let missing = db
            .store
            .apply_demand_analysis(Actor::System, other, first, &applied.settings, at)
            .await
            .unwrap_err();
        assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
        let bad = UploadedFile {
            sha256: "xyz".into(),
            ..file()
        };
        let err = db
            .store
            .save_demand_analysis(Actor::System, team, &bad, &figures, at)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)));
        assert_ne!(first, DemandAnalysisId(0));
        db.store.delete_team(Actor::System, other).await.unwrap();
        db.store.delete_team(Actor::System, team).await.unwrap();
    })
    .await;
}
