//! A database from before capa limited text and dates: its teams still load
//! after the upgrade, their text and dates brought within the limits once,
//! and audited.

use capa_store::{Action, Actor, AuditQuery, EntityKind, Store};

use crate::support::{on_each_backend, sample_team};

#[tokio::test]
async fn teams_stored_before_the_limits_load_after_the_upgrade() {
    on_each_backend(|db| async move {
        let id = db
            .store
            .create_team(Actor::System, &sample_team("North"))
            .await
            .unwrap();
        // Back to the schema before version 6, with what it let in: a
        // 40,000-character name, a label with a line break, a stream name
        // that clashes once cleaned, and dates far outside any plan.
        let long = "x".repeat(40_000);
        for sql in [
            "DELETE FROM _sqlx_migrations WHERE version = 6".to_string(),
            "DROP TABLE login_attempts".to_string(),
            format!("UPDATE clinicians SET name = 'Andrew {long}' WHERE initials = 'AD'"),
            "UPDATE job_plan_cells SET label = 'Supervision\r\n(own)' WHERE label = 'Supervision (own)'"
                .to_string(),
            "UPDATE streams SET name = 'DBT\n' WHERE name = 'OT'".to_string(),
            "UPDATE job_plans SET applies_from = '0001-01-01' WHERE version = 2".to_string(),
            "UPDATE clinicians SET leaving_date = '2500-01-01' WHERE initials = 'TŌ'".to_string(),
        ] {
            db.raw(&sql).await.unwrap();
        }
        assert!(
            db.store.load_team(id).await.is_err(),
            "the old data breaks the limits"
        );

        let upgraded = Store::open(&db.url).await.unwrap();
        let team = upgraded.load_team(id).await.unwrap();
        let ad = &team.clinicians[0];
        assert_eq!(ad.name.chars().count(), 100);
        assert!(ad.name.starts_with("Andrew xxx") && ad.name.ends_with('…'));
        let labels: Vec<String> = ad.job_plans[0]
            .grid()
            .iter()
            .flatten()
            .map(|a| a.label())
            .collect();
        assert!(labels.contains(&"Supervision  (own)".to_string()), "{labels:?}");
        assert_eq!(ad.job_plans[1].applies_from, None, "applies from the beginning");
        assert_eq!(team.clinicians[1].leaving_date, None, "not leaving within any plan");
        let streams = team.settings.stream_names();
        assert_eq!(streams, ["DBT", "DBT (2)", "Eating disorders"]);
        assert!(ad.streams.contains("DBT (2)"), "the clinician keeps the stream");

        let log = upgraded
            .audit_log(&AuditQuery {
                team_id: Some(id),
                limit: Some(1000),
                ..Default::default()
            })
            .await
            .unwrap();
        let repairs: Vec<_> = log
            .iter()
            .filter(|r| r.after.as_ref().is_some_and(|a| a.get("why").is_some()))
            .collect();
        // The name, the stream, two dates, and the label in both of AD's plan versions.
        assert_eq!(repairs.len(), 6, "one record per row changed");
        assert!(repairs.iter().all(|r| r.action == Action::Update && r.user_id.is_none()));
        assert!(repairs.iter().any(|r| r.entity_kind == EntityKind::Stream));

        // Opening again changes nothing more.
        upgraded.close().await;
        let again = Store::open(&db.url).await.unwrap();
        assert_eq!(again.load_team(id).await.unwrap(), team);
        again.close().await;
    })
    .await;
}
