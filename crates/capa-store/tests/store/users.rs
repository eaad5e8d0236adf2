//! Accounts and memberships.

use capa_store::{
    Action, Actor, AuditQuery, EntityKind, NewUser, PasswordKind, Role, StoreError, UserId,
};

use crate::support::{on_each_backend, sample_team};

fn new_user<'a>(username: &'a str, display_name: &'a str) -> NewUser<'a> {
    NewUser {
        username,
        display_name,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        is_admin: false,
    }
}

async fn add(store: &capa_store::Store, name: &str) -> UserId {
    store
        .create_user(Actor::System, &new_user(name, name))
        .await
        .unwrap()
}

#[tokio::test]
async fn accounts_round_trip_and_usernames_are_unique_ignoring_case() {
    on_each_backend(|db| async move {
        let admin = db
            .store
            .create_user(
                Actor::System,
                &NewUser {
                    is_admin: true,
                    ..new_user(" Admin ", "Administrator")
                },
            )
            .await
            .unwrap();
        let user = db.store.user(admin).await.unwrap();
        assert_eq!(user.username, "admin");
        assert_eq!(user.display_name, "Administrator");
        assert!(user.is_admin);
        assert!(!user.disabled);

        let err = db
            .store
            .create_user(Actor::System, &new_user("ADMIN", "Another"))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        for bad in ["", "two words", "tāne", &"x".repeat(65)] {
            let err = db
                .store
                .create_user(Actor::System, &new_user(bad, "Bad"))
                .await
                .unwrap_err();
            assert!(matches!(err, StoreError::Invalid(_)), "{bad}: {err:?}");
        }

        let (found, hash) = db.store.login_credentials("ADMIN").await.unwrap().unwrap();
        assert_eq!(found, user);
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            db.store
                .login_credentials("nobody")
                .await
                .unwrap()
                .is_none()
        );

        let other = add(&db.store, "viewer").await;
        assert_eq!(db.store.users().await.unwrap().len(), 2);
        db.store
            .set_display_name(Actor::User(admin), other, "Vi Ewer")
            .await
            .unwrap();
        db.store
            .set_admin(Actor::User(admin), other, true)
            .await
            .unwrap();
        db.store
            .set_disabled(Actor::User(admin), other, true)
            .await
            .unwrap();
        let changed = db.store.user(other).await.unwrap();
        assert_eq!(
            (
                changed.display_name.as_str(),
                changed.is_admin,
                changed.disabled
            ),
            ("Vi Ewer", true, true)
        );
        let err = db.store.user(UserId(9999)).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn a_password_change_is_audited_without_any_hash() {
    on_each_backend(|db| async move {
        let id = add(&db.store, "alice").await;
        db.store
            .set_password_hash(Actor::User(id), id, "$argon2id$new-secret-hash")
            .await
            .unwrap();
        let (_, hash) = db.store.login_credentials("alice").await.unwrap().unwrap();
        assert_eq!(hash, "$argon2id$new-secret-hash");
        let history = db
            .store
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::User, id.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(history.len(), 2);
        for record in &history {
            let text = format!("{:?} {:?}", record.before, record.after);
            assert!(!text.contains("argon2"), "{text}");
        }
        assert_eq!(history[0].after.as_ref().unwrap()["password"], "changed");
    })
    .await;
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_and_a_change_ends_the_other_sessions() {
    on_each_backend(|db| async move {
        let admin = add(&db.store, "admin").await;
        let id = add(&db.store, "alice").await;
        let now = capa_store::testing::now();
        let later = now + chrono::TimeDelta::hours(1);
        let (first, _) = db.store.create_web_session(id, later).await.unwrap();
        let (second, _) = db.store.create_web_session(id, later).await.unwrap();
        let (admins, _) = db.store.create_web_session(admin, later).await.unwrap();
        let ended = db
            .store
            .set_password(
                Actor::User(admin),
                id,
                "$argon2id$one-time",
                PasswordKind::OneTime,
                None,
            )
            .await
            .unwrap();
        assert_eq!(
            ended, 2,
            "a one-time password ends every session of its account"
        );
        let user = db.store.user(id).await.unwrap();
        assert!(user.must_change_password);
        assert!(db.store.web_session(&admins, now).await.unwrap().is_some());

        let (kept, _) = db.store.create_web_session(id, later).await.unwrap();
        let (other, _) = db.store.create_web_session(id, later).await.unwrap();
        let ended = db
            .store
            .set_password(
                Actor::User(id),
                id,
                "$argon2id$chosen",
                PasswordKind::Chosen,
                Some(&kept),
            )
            .await
            .unwrap();
        assert_eq!(ended, 1);
        let session = db.store.web_session(&kept, now).await.unwrap().unwrap();
        assert!(!session.user.must_change_password);
        for gone in [&first, &second, &other] {
            assert!(db.store.web_session(gone, now).await.unwrap().is_none());
        }
        let history = db
            .store
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::User, id.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        let kinds: Vec<_> = history
            .iter()
            .filter_map(|r| r.after.as_ref()?.get("password")?.as_str())
            .collect();
        assert!(
            kinds.contains(&"one-time") && kinds.contains(&"changed"),
            "{kinds:?}"
        );
        assert!(!format!("{history:?}").contains("argon2"));
    })
    .await;
}

#[tokio::test]
async fn memberships_give_one_role_per_team() {
    on_each_backend(|db| async move {
        let north = db
            .store
            .create_team(Actor::System, &sample_team("North"))
            .await
            .unwrap();
        let south = db
            .store
            .create_team(Actor::System, &sample_team("South"))
            .await
            .unwrap();
        let north_ids = db
            .store
            .load_stored_team(north)
            .await
            .unwrap()
            .clinician_ids;
        let south_ids = db
            .store
            .load_stored_team(south)
            .await
            .unwrap()
            .clinician_ids;
        let admin = Actor::System;
        let ana = add(&db.store, "ana").await;
        let bob = add(&db.store, "bob").await;

        db.store
            .set_membership(admin, ana, north, Role::TeamLead)
            .await
            .unwrap();
        db.store
            .set_membership(admin, ana, south, Role::Clinician(south_ids[0]))
            .await
            .unwrap();
        db.store
            .set_membership(admin, bob, north, Role::Viewer)
            .await
            .unwrap();
        assert_eq!(
            db.store.membership(ana, north).await.unwrap(),
            Some(Role::TeamLead)
        );
        let teams = db.store.memberships(ana).await.unwrap();
        assert_eq!(
            teams
                .iter()
                .map(|m| (m.team_name.as_str(), m.role))
                .collect::<Vec<_>>(),
            [
                ("North", Role::TeamLead),
                ("South", Role::Clinician(south_ids[0]))
            ]
        );

        // A new role replaces the old one.
        db.store
            .set_membership(admin, bob, north, Role::BookingAdministrator)
            .await
            .unwrap();
        let members = db.store.team_members(north).await.unwrap();
        assert_eq!(
            members
                .iter()
                .map(|(u, r)| (u.username.as_str(), *r))
                .collect::<Vec<_>>(),
            [("ana", Role::TeamLead), ("bob", Role::BookingAdministrator)]
        );

        // A clinician role names a clinician of the same team.
        let err = db
            .store
            .set_membership(admin, bob, north, Role::Clinician(south_ids[1]))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(
            db.store.membership(bob, north).await.unwrap(),
            Some(Role::BookingAdministrator)
        );

        // A clinician linked to an account cannot be deleted.
        db.store
            .set_membership(admin, bob, north, Role::Clinician(north_ids[1]))
            .await
            .unwrap();
        let err = db
            .store
            .delete_clinician(admin, north_ids[1])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");

        db.store.remove_membership(admin, bob, north).await.unwrap();
        assert_eq!(db.store.membership(bob, north).await.unwrap(), None);
        let err = db
            .store
            .remove_membership(admin, bob, north)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        db.store
            .delete_clinician(admin, north_ids[1])
            .await
            .unwrap();

        let history = db
            .store
            .audit_log(&AuditQuery {
                entity: Some((EntityKind::Membership, bob.0)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            history.iter().map(|r| r.action).collect::<Vec<_>>(),
            [
                Action::Delete,
                Action::Update,
                Action::Update,
                Action::Create
            ]
        );
        assert_eq!(history[1].after.as_ref().unwrap()["role"], "clinician");
    })
    .await;
}
