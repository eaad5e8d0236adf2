//! The audit log: written with each change, readable, and unalterable.

use capa_store::{Action, Actor, AuditQuery, Backend, EntityKind, NewUser};

use crate::support::{on_each_backend, sample_team};

#[tokio::test]
async fn every_change_is_recorded_with_before_and_after() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let lead = db
            .store
            .create_user(
                Actor::System,
                &NewUser {
                    username: "Lead",
                    display_name: "Lead",
                    password_hash: "hash",
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        let id = db
            .store
            .create_team(Actor::User(lead), &team)
            .await
            .unwrap();
        let ids = db.store.load_stored_team(id).await.unwrap().clinician_ids;
        let mut mere = team.clinicians[2].clone();
        mere.name = "Mere Kingi-Smith".into();
        db.store
            .update_clinician(Actor::User(lead), ids[2], &mere)
            .await
            .unwrap();

        let history = db
            .store
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Clinician, ids[2].0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(history.len(), 2);
        let (update, create) = (&history[0], &history[1]);
        assert!(update.id > create.id);
        assert!(update.at >= create.at);
        assert_eq!(create.action, Action::Create);
        assert_eq!(create.before, None);
        assert_eq!(create.after.as_ref().unwrap()["name"], "Mere Kingi");
        assert_eq!(update.action, Action::Update);
        assert_eq!(update.user_id, Some(lead));
        assert_eq!(update.team_id, Some(id));
        assert_eq!(update.before.as_ref().unwrap()["name"], "Mere Kingi");
        assert_eq!(update.after.as_ref().unwrap()["name"], "Mere Kingi-Smith");
        assert_eq!(update.after.as_ref().unwrap()["fte"], 0.5);

        // The team's history: team, 3 clinicians, 3 plans, the update.
        let team_history = db
            .store
            .audit_log(&AuditQuery {
                team_id: Some(id),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(team_history.len(), 8);
        let kinds = |k| team_history.iter().filter(|r| r.entity_kind == k).count();
        assert_eq!(kinds(EntityKind::Team), 1);
        assert_eq!(kinds(EntityKind::Clinician), 4);
        assert_eq!(kinds(EntityKind::JobPlan), 3);

        // Paging back: two at a time.
        let page = db
            .store
            .audit_log(&AuditQuery {
                team_id: Some(id),
                before: Some(team_history[1].id),
                limit: Some(2),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page, team_history[2..4]);
        let by_lead = db
            .store
            .audit_log(&AuditQuery {
                user_id: Some(lead),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(by_lead.len(), 8);
    })
    .await;
}

#[tokio::test]
async fn the_database_refuses_to_alter_the_audit_log() {
    on_each_backend(|db| async move {
        db.store
            .create_team(Actor::System, &sample_team("North"))
            .await
            .unwrap();
        let before = db.store.audit_log(&AuditQuery::default()).await.unwrap();
        assert!(!before.is_empty());

        let update = db.raw("UPDATE audit_log SET action = 'delete'").await;
        let err = update.expect_err("an UPDATE of the audit log must fail");
        assert!(err.to_string().contains("append-only"), "{err}");
        let delete = db.raw("DELETE FROM audit_log").await;
        let err = delete.expect_err("a DELETE from the audit log must fail");
        assert!(err.to_string().contains("append-only"), "{err}");
        if db.store.backend() == Backend::Postgres {
            let truncate = db.raw("TRUNCATE audit_log").await;
            assert!(truncate.is_err(), "a TRUNCATE of the audit log must fail");
        }
        assert_eq!(
            db.store.audit_log(&AuditQuery::default()).await.unwrap(),
            before
        );
    })
    .await;
}
