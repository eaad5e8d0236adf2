//! `capa monitor`: the same figures as the API's body, in JSON, CSV and a
//! table, from a database holding the demo team and its diary.

use std::path::Path;

use capa_store::Store;

use crate::server::temp_dir;
use crate::{capa, stderr, stdout};

fn url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

#[test]
fn the_monitor_prints_the_apis_figures() {
    let dir = temp_dir("monitor");
    let db = url(&dir.join("capa.db"));
    let now = capa_store::testing::now();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let api = rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let team = capa_web::demo::load(&store, "a demo password")
            .await
            .unwrap();
        capa_web::demo::populate_diary(&store, team, now)
            .await
            .unwrap();
        let stored = store.load_stored_team(team).await.unwrap();
        let today = stored.team.settings.time_zone.today(now);
        let q = capa_core::Quarter::containing(today, stored.team.settings.year_start_month);
        // What GET /api/v1/teams/{team}/monitor answers (its handler calls this).
        let body = capa_web::monitor::body(&store, &stored, q, today)
            .await
            .unwrap();
        store.close().await;
        serde_json::to_value(body).unwrap()
    });
    let now = now.to_rfc3339();
    let run = |format: &str| {
        let o = capa(&[
            "monitor",
            "--database-url",
            &db,
            "--team",
            "Awa Valley CAMHS",
            "--format",
            format,
            "--now",
            &now,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_same(&json, &api, "");
    assert!(!json["clinicians"].as_array().unwrap().is_empty());

    let csv = run("csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json["clinicians"].as_array().unwrap().len() + 1);
    for (row, c) in rows.iter().zip(json["clinicians"].as_array().unwrap()) {
        assert_eq!(&row[0], c["initials"].as_str().unwrap());
        for field in [
            "target",
            "published",
            "booked",
            "started",
            "dna",
            "not_reoffered",
        ] {
            let i = header.iter().position(|h| h == field).unwrap();
            assert_eq!(row[i], c[field].to_string(), "{field}");
        }
    }
    let last = rows.last().unwrap();
    assert_eq!(&last[0], "team");
    assert_eq!(last[2], json["totals"]["target"].to_string());

    let table = run("table");
    assert!(table.contains("Awa Valley CAMHS"), "{table}");
    assert!(table.contains("Waits (days)"), "{table}");

    // An unknown team or quarter says what was wrong.
    let o = capa(&["monitor", "--database-url", &db, "--team", "Nobody"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no team named 'Nobody'"),
        "{}",
        stderr(&o)
    );
    let o = capa(&[
        "monitor",
        "--database-url",
        &db,
        "--team",
        "Awa Valley CAMHS",
        "--quarter",
        "Q7",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--quarter"), "{}", stderr(&o));
}

/// `a` and `b` equal, numbers to 1e-12: the printed JSON is read back with
/// serde_json's fast float parser, which may differ in the last bit.
fn assert_same(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-12 * x.abs().max(1.0),
                "{at}: {x} != {y}"
            );
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: lengths");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                assert_same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys = |o: &serde_json::Map<String, Value>| o.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(x), keys(y), "{at}: keys");
            for (k, v) in x {
                assert_same(v, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}
