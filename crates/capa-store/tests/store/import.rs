//! A stored team replaced by another whole team (a team plan file import).

use capa_core::{Activity, Team};
use capa_store::{Actor, AuditQuery, NewUser, Role, StoreError};

use crate::support::{SEED_PLAN, clinician, date, on_each_backend, plan, sample_team};

#[tokio::test]
async fn replacing_a_team_with_itself_records_nothing() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let history = db.store.audit_log(&AuditQuery::default()).await.unwrap();
        db.store
            .replace_team(Actor::System, id, &team)
            .await
            .unwrap();
        assert_eq!(db.store.load_team(id).await.unwrap(), team);
        assert_eq!(
            db.store.audit_log(&AuditQuery::default()).await.unwrap(),
            history
        );
    })
    .await;
}

#[tokio::test]
async fn a_replaced_team_equals_the_new_one_and_keeps_its_ids() {
    on_each_backend(|db| async move {
        let old = sample_team("North");
        let id = db.store.create_team(Actor::System, &old).await.unwrap();
        let old_ids = db.store.load_stored_team(id).await.unwrap().clinician_ids;

        let mut s = old.settings.clone();
        s.name = "North (2026)".into();
        s.streams.retain(|st| st.name != "OT");
        s.hours_per_week = 40.0;
        let mut andrew = old.clinicians[0].clone();
        andrew.streams.remove("OT");
        let mut v2 = andrew.job_plans[1].clone();
        v2.set(2, 4, Activity::Core);
        v2.set(3, 4, Activity::Choice);
        let mut v3 = plan(3, Some(date(2027, 1, 4)), &SEED_PLAN, &old.settings);
        v3.set(2, 4, Activity::Core);
        v3.set(3, 4, Activity::Core);
        andrew.job_plans = vec![v2, v3];
        let mut mere = old.clinicians[2].clone();
        mere.fte = capa_core::Fte::new(0.7).unwrap();
        let new_member = clinician("RP", "Rangi Parata", 1.0);
        // Tāne leaves; Mere moves to the top; Rangi joins.
        let new = Team::new(s, vec![mere, andrew, new_member]).unwrap();

        db.store
            .replace_team(Actor::System, id, &new)
            .await
            .unwrap();
        let stored = db.store.load_stored_team(id).await.unwrap();
        assert_eq!(stored.team, new);
        assert_eq!(stored.clinician_ids[0], old_ids[2]);
        assert_eq!(stored.clinician_ids[1], old_ids[0]);
        let versions = db.store.job_plan_versions(old_ids[0]).await.unwrap();
        assert_eq!(
            versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            [2, 3]
        );
        assert_eq!(db.store.streams(id).await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_refused_replacement_changes_nothing() {
    on_each_backend(|db| async move {
        let old = sample_team("North");
        let id = db.store.create_team(Actor::System, &old).await.unwrap();
        let ids = db.store.load_stored_team(id).await.unwrap().clinician_ids;
        let user = db
            .store
            .create_user(
                Actor::System,
                &NewUser {
                    username: "tane",
                    display_name: "Tāne",
                    password_hash: "hash",
                    is_admin: false,
                },
            )
            .await
            .unwrap();
        db.store
            .set_membership(Actor::System, user, id, Role::Clinician(ids[1]))
            .await
            .unwrap();
        let history = db.store.audit_log(&AuditQuery::default()).await.unwrap();

        // Everything changes, then removing Tāne (linked to an account) fails.
        let mut s = old.settings.clone();
        s.name = "Renamed".into();
        let mut andrew = old.clinicians[0].clone();
        andrew.name = "Andrew Down-Under".into();
        andrew.job_plans.pop();
        let new = Team::new(s, vec![andrew, clinician("RP", "Rangi Parata", 1.0)]).unwrap();
        let err = db
            .store
            .replace_team(Actor::System, id, &new)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert_eq!(db.store.load_team(id).await.unwrap(), old);
        assert_eq!(
            db.store.audit_log(&AuditQuery::default()).await.unwrap(),
            history
        );
    })
    .await;
}
