//! Job plan versions: cells, copies, whole replacement, and all-or-nothing.

use capa_core::{Activity, JobPlan, OtherCategory};
use capa_store::{Actor, AuditQuery, EntityKind, NewUser, StoreError};

use crate::support::{SEED_PLAN, date, on_each_backend, plan, sample_team};

#[tokio::test]
async fn set_cell_changes_one_session_and_records_it() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let andrew = db.store.load_stored_team(id).await.unwrap().clinician_ids[0];
        let user = db
            .store
            .create_user(
                Actor::System,
                &NewUser {
                    username: "lead",
                    display_name: "Team Lead",
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        let travel = Activity::Other {
            label: "Drive to Ōtaki".into(),
            category: OtherCategory::Travel,
        };
        db.store
            .set_cell(Actor::User(user), andrew, 2, 1, 0, &travel)
            .await
            .unwrap();
        let loaded = db.store.clinician(andrew).await.unwrap().clinician;
        let mut expected = team.clinicians[0].job_plans[1].clone();
        expected.set(1, 0, travel.clone());
        assert_eq!(loaded.job_plans[1], expected);
        assert_eq!(loaded.job_plans[0], team.clinicians[0].job_plans[0]);

        let versions = db.store.job_plan_versions(andrew).await.unwrap();
        let record = &db
            .store
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::JobPlan, versions[1].id.0)),
                ..Default::default()
            })
            .await
            .unwrap()[0];
        assert_eq!(record.user_id, Some(user));
        assert_eq!(record.team_id, Some(id));
        assert_eq!(record.before.as_ref().unwrap()["cell"], "Core");
        assert_eq!(record.after.as_ref().unwrap()["cell"]["category"], "travel");

        let err = db
            .store
            .set_cell(Actor::User(user), andrew, 2, 4, 0, &Activity::Choice)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        let err = db
            .store
            .set_cell(Actor::User(user), andrew, 9, 0, 0, &Activity::Choice)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        let err = db
            .store
            .set_cell(
                Actor::User(user),
                andrew,
                2,
                0,
                0,
                &Activity::Specific("Art".into()),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn copy_previous_version_adds_the_next_version() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let ids = db.store.load_stored_team(id).await.unwrap().clinician_ids;
        let copied = db
            .store
            .copy_previous_version(Actor::System, ids[0], Some(date(2026, 10, 5)))
            .await
            .unwrap();
        assert_eq!(copied.version, 3);
        assert_eq!(copied.applies_from, Some(date(2026, 10, 5)));
        assert_eq!(copied.created_by, None);
        let andrew = db.store.clinician(ids[0]).await.unwrap().clinician;
        assert_eq!(andrew.job_plans.len(), 3);
        assert_eq!(andrew.job_plans[2].grid(), andrew.job_plans[1].grid());
        assert_eq!(andrew.job_plan_on(date(2026, 11, 1)).unwrap().version, 3);
        let versions = db.store.job_plan_versions(ids[0]).await.unwrap();
        assert_eq!(
            versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(versions[2], copied);

        // Mere has no plan to copy.
        let err = db
            .store
            .copy_previous_version(Actor::System, ids[2], None)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn save_job_plan_adds_or_replaces_a_version_whole() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let s = &team.settings;
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let ids = db.store.load_stored_team(id).await.unwrap().clinician_ids;

        let blank = JobPlan::blank(1, Some(date(2026, 7, 6)), &s.layout);
        let first = db
            .store
            .save_job_plan(Actor::System, ids[2], &blank)
            .await
            .unwrap();
        let replacement = plan(1, None, &SEED_PLAN, s);
        let same = db
            .store
            .save_job_plan(Actor::System, ids[2], &replacement)
            .await
            .unwrap();
        assert_eq!(first, same);
        let mere = db.store.clinician(ids[2]).await.unwrap().clinician;
        assert_eq!(mere.job_plans, vec![replacement]);

        db.store
            .delete_job_plan(Actor::System, ids[2], 1)
            .await
            .unwrap();
        assert!(
            db.store
                .clinician(ids[2])
                .await
                .unwrap()
                .clinician
                .job_plans
                .is_empty()
        );

        let uk = JobPlan::blank(1, None, &capa_core::SessionLayout::uk_half_day());
        let err = db
            .store
            .save_job_plan(Actor::System, ids[2], &uk)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn a_failed_save_leaves_no_plan_and_no_audit_record() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let ids = db.store.load_stored_team(id).await.unwrap().clinician_ids;
        let audit_before = db.store.audit_log(&AuditQuery::default()).await.unwrap();

        // The unknown stream is in the very last cell, after every other
        // cell has been written.
        let mut bad = plan(3, None, &SEED_PLAN, &team.settings);
        bad.set(3, 4, Activity::Specific("Art therapy".into()));
        let err = db
            .store
            .save_job_plan(Actor::System, ids[0], &bad)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        // Replacing an existing version fails the same way and keeps the old grid.
        let mut bad_v2 = team.clinicians[0].job_plans[1].clone();
        bad_v2.set(3, 4, Activity::Specific("Art therapy".into()));
        let err = db
            .store
            .save_job_plan(Actor::System, ids[0], &bad_v2)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

        assert_eq!(db.store.load_team(id).await.unwrap(), team);
        assert_eq!(db.store.job_plan_versions(ids[0]).await.unwrap().len(), 2);
        assert_eq!(
            db.store.audit_log(&AuditQuery::default()).await.unwrap(),
            audit_before
        );
    })
    .await;
}

#[tokio::test]
async fn a_failed_team_creation_leaves_nothing() {
    on_each_backend(|db| async move {
        let mut team = sample_team("North");
        // The third clinician's second plan repeats a version number: the
        // database refuses it after the team, its streams, two clinicians
        // and their plans are written.
        let mut mere = team.clinicians[2].clone();
        let v1 = plan(1, None, &SEED_PLAN, &team.settings);
        mere.job_plans = vec![v1.clone(), v1];
        team.clinicians[2] = mere;
        let err = db
            .store
            .create_team(Actor::System, &team)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert!(db.store.teams().await.unwrap().is_empty());
        assert!(
            db.store
                .audit_log(&AuditQuery::default())
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            db.raw_text("SELECT CAST(COUNT(*) AS TEXT) FROM job_plan_cells")
                .await,
            "0"
        );
        assert_eq!(
            db.raw_text("SELECT CAST(COUNT(*) AS TEXT) FROM clinicians")
                .await,
            "0"
        );
    })
    .await;
}

#[tokio::test]
async fn concurrent_edits_all_land() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let andrew = db.store.load_stored_team(id).await.unwrap().clinician_ids[0];
        let mut tasks = Vec::new();
        for session in 0..4 {
            for day in 0..5 {
                let store = db.store.clone();
                tasks.push(tokio::spawn(async move {
                    store
                        .set_cell(Actor::System, andrew, 1, session, day, &Activity::Choice)
                        .await
                }));
            }
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let plan = &db
            .store
            .clinician(andrew)
            .await
            .unwrap()
            .clinician
            .job_plans[0];
        assert_eq!(plan.counts().choice, 20);
        let plan_id = db.store.job_plan_versions(andrew).await.unwrap()[0].id;
        let records = db
            .store
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::JobPlan, plan_id.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        // 20 cell changes and the creation.
        assert_eq!(records.len(), 21);
    })
    .await;
}

#[tokio::test]
async fn concurrent_copies_take_consecutive_versions() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let andrew = db.store.load_stored_team(id).await.unwrap().clinician_ids[0];
        let copies: Vec<_> = (0..4)
            .map(|_| {
                let store = db.store.clone();
                tokio::spawn(async move {
                    store
                        .copy_previous_version(Actor::System, andrew, None)
                        .await
                })
            })
            .collect();
        let mut versions = Vec::new();
        for copy in copies {
            versions.push(copy.await.unwrap().unwrap().version);
        }
        versions.sort_unstable();
        assert_eq!(versions, [3, 4, 5, 6]);
        db.store.load_team(id).await.unwrap();
    })
    .await;
}
