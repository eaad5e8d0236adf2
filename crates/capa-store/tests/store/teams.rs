//! Teams, streams and clinicians: round trips, uniqueness, validation.

use capa_core::{Activity, MultiplierRule, SessionLayout, Stream, Team, TeamSettings};
use capa_store::{Actor, StoreError};

use crate::support::{clinician, date, initials, on_each_backend, sample_team};

#[tokio::test]
async fn a_team_round_trips_through_load_team() {
    on_each_backend(|db| async move {
        let team = sample_team("Kāpiti CAMHS");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        assert_eq!(db.store.load_team(id).await.unwrap(), team);

        let stored = db.store.load_stored_team(id).await.unwrap();
        assert_eq!(stored.clinician_ids.len(), 3);
        let tane = db.store.clinician(stored.clinician_ids[1]).await.unwrap();
        assert_eq!(tane.clinician, team.clinicians[1]);
        assert_eq!(tane.team_id, id);
        assert_eq!(
            db.store.find_clinician(id, &initials("tō")).await.unwrap(),
            Some(stored.clinician_ids[1])
        );
        assert_eq!(db.store.find_team("Kāpiti CAMHS").await.unwrap(), Some(id));
        assert_eq!(db.store.find_team("kāpiti camhs").await.unwrap(), None);
        let teams = db.store.teams().await.unwrap();
        assert_eq!(teams.len(), 1);
        assert_eq!(teams[0].name, "Kāpiti CAMHS");
        assert_eq!(db.store.team_settings(id).await.unwrap(), team.settings);
    })
    .await;
}

#[tokio::test]
async fn a_default_team_round_trips_too() {
    on_each_backend(|db| async move {
        let mut settings = TeamSettings::new("UK team");
        settings.layout = SessionLayout::uk_half_day();
        let team = Team::new(settings, vec![clinician("JS", "Jo Smith", 1.0)]).unwrap();
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        assert_eq!(db.store.load_team(id).await.unwrap(), team);
    })
    .await;
}

#[tokio::test]
async fn team_names_are_unique() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        db.store.create_team(Actor::System, &team).await.unwrap();
        let err = db
            .store
            .create_team(Actor::System, &team)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert_eq!(err.to_string(), "a team named 'North' already exists");
        assert_eq!(db.store.teams().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn initials_are_unique_within_a_team() {
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
        let again = clinician("AD", "Another Doe", 0.6);
        let err = db
            .store
            .add_clinician(Actor::System, north, &again)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert!(err.to_string().contains("AD"), "{err}");
        let stored = db.store.load_stored_team(north).await.unwrap();
        assert_eq!(stored.team.clinicians.len(), 3);

        // Initials are per team.
        let other = clinician("ZZ", "Zed", 1.0);
        db.store
            .add_clinician(Actor::System, south, &other)
            .await
            .unwrap();
        let first_south = db
            .store
            .load_stored_team(south)
            .await
            .unwrap()
            .clinician_ids[0];
        let mut renamed = db.store.clinician(first_south).await.unwrap().clinician;
        renamed.initials = initials("ZZ");
        let err = db
            .store
            .update_clinician(Actor::System, first_south, &renamed)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn settings_update_round_trips_and_matches_streams_by_name() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let before = db.store.streams(id).await.unwrap();

        let mut s = team.settings.clone();
        s.name = "North and West".into();
        s.accepted_referrals_per_week = 6.1;
        s.core_multiplier = MultiplierRule::Fixed { value: 3.0 };
        // Same streams in another order and spelling, one more, none removed.
        s.streams = vec![
            Stream {
                name: "Eating Disorders".into(),
                multiplier: None,
            },
            s.streams[0].clone(),
            s.streams[1].clone(),
            Stream {
                name: "Psychometrics".into(),
                multiplier: Some(MultiplierRule::Fixed { value: 4.0 }),
            },
        ];
        db.store
            .update_team_settings(Actor::System, id, &s)
            .await
            .unwrap();
        let loaded = db.store.load_team(id).await.unwrap();
        assert_eq!(loaded.settings, s);
        // The plans and clinicians follow the matched stream's new spelling.
        let tane = &loaded.clinicians[1];
        assert!(tane.streams.contains("Eating Disorders"));
        let after = db.store.streams(id).await.unwrap();
        let ed = |v: &[capa_store::StoredStream]| {
            v.iter()
                .find(|s| s.stream.name.eq_ignore_ascii_case("eating disorders"))
                .unwrap()
                .id
        };
        assert_eq!(ed(&before), ed(&after));

        // A stream still in use cannot go.
        let mut without_dbt = s.clone();
        without_dbt.streams.retain(|st| st.name != "DBT");
        let err = db
            .store
            .update_team_settings(Actor::System, id, &without_dbt)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert_eq!(db.store.team_settings(id).await.unwrap(), s);

        // An unused one can.
        let mut without_psychometrics = s.clone();
        without_psychometrics.streams.pop();
        db.store
            .update_team_settings(Actor::System, id, &without_psychometrics)
            .await
            .unwrap();
        assert_eq!(db.store.streams(id).await.unwrap().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn stream_names_are_unique_ignoring_case() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let mut s = team.settings.clone();
        s.streams.push(Stream {
            name: "dbt".into(),
            multiplier: None,
        });
        let err = db
            .store
            .update_team_settings(Actor::System, id, &s)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        let streams = db.store.streams(id).await.unwrap();
        let ot = streams.iter().find(|s| s.stream.name == "OT").unwrap();
        let err = db
            .store
            .rename_stream(Actor::System, ot.id, "Dbt")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn a_renamed_stream_is_renamed_in_every_plan() {
    on_each_backend(|db| async move {
        let id = db
            .store
            .create_team(Actor::System, &sample_team("North"))
            .await
            .unwrap();
        let streams = db.store.streams(id).await.unwrap();
        let ot = streams.iter().find(|s| s.stream.name == "OT").unwrap();
        db.store
            .rename_stream(Actor::System, ot.id, "Occupational therapy")
            .await
            .unwrap();
        let team = db.store.load_team(id).await.unwrap();
        let andrew = &team.clinicians[0];
        assert!(andrew.streams.contains("Occupational therapy"));
        assert_eq!(
            andrew.job_plans[0].grid()[2][4],
            Activity::Specific("Occupational therapy".into())
        );
    })
    .await;
}

#[tokio::test]
async fn a_change_that_breaks_the_team_is_refused() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let mut stray = clinician("XY", "Stray", 1.0);
        stray.streams = ["Art therapy".to_string()].into();
        let err = db
            .store
            .add_clinician(Actor::System, id, &stray)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

        // Leaving before starting is Team::new's complaint, not the database's.
        let mut backwards = clinician("XY", "Backwards", 1.0);
        backwards.start_date = Some(date(2026, 5, 1));
        backwards.leaving_date = Some(date(2026, 4, 1));
        let err = db
            .store
            .add_clinician(Actor::System, id, &backwards)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert!(err.to_string().contains("leaving date"), "{err}");
        assert_eq!(db.store.load_team(id).await.unwrap(), team);
    })
    .await;
}

#[tokio::test]
async fn the_layout_cannot_change_shape_under_job_plans() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let mut s = team.settings.clone();
        s.layout = SessionLayout::uk_half_day();
        let err = db
            .store
            .update_team_settings(Actor::System, id, &s)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

        // A layout of the same shape (new times, new name) is fine.
        let mut s = team.settings.clone();
        s.layout.name = "Our day".into();
        s.layout.blocks.retain(|b| b.label != "Small admin");
        db.store
            .update_team_settings(Actor::System, id, &s)
            .await
            .unwrap();
        assert_eq!(db.store.team_settings(id).await.unwrap().layout, s.layout);
    })
    .await;
}

#[tokio::test]
async fn clinicians_are_updated_and_deleted() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let ids = db.store.load_stored_team(id).await.unwrap().clinician_ids;

        let mut mere = team.clinicians[2].clone();
        mere.name = "Mere Kingi-Smith".into();
        mere.fte = capa_core::Fte::new(0.6).unwrap();
        mere.skills = [("Dynamic".to_string(), capa_core::SkillLevel::Advanced)].into();
        mere.streams = ["OT".to_string()].into();
        mere.leaving_date = Some(date(2026, 12, 18));
        // Job plans given here are not stored: they change by version.
        mere.job_plans = team.clinicians[0].job_plans.clone();
        db.store
            .update_clinician(Actor::System, ids[2], &mere)
            .await
            .unwrap();
        let loaded = db.store.clinician(ids[2]).await.unwrap().clinician;
        mere.job_plans.clear();
        assert_eq!(loaded, mere);

        db.store
            .delete_clinician(Actor::System, ids[0])
            .await
            .unwrap();
        let left = db.store.load_team(id).await.unwrap();
        assert_eq!(left.clinicians.len(), 2);
        assert!(db.store.job_plan_versions(ids[0]).await.is_err());
        let err = db.store.clinician(ids[0]).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn a_deleted_team_takes_its_contents_and_leaves_its_history() {
    on_each_backend(|db| async move {
        let id = db
            .store
            .create_team(Actor::System, &sample_team("North"))
            .await
            .unwrap();
        db.store.delete_team(Actor::System, id).await.unwrap();
        assert!(db.store.teams().await.unwrap().is_empty());
        let err = db.store.load_team(id).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        let history = db
            .store
            .audit_log(&capa_store::AuditQuery {
                team_id: Some(id),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(history[0].action, capa_store::Action::Delete);
        assert!(history.len() > 5);
    })
    .await;
}
