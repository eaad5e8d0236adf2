//! No log line at any level carries an NHI, a client reference, a calendar
//! feed's token, an API token or a session cookie: a full flow runs with
//! every event of every crate recorded at TRACE, then the log is searched.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{PASSWORD, User, with_app};

/// Everything logged while [`ON`].
static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());
/// Recording: only during this test, so the other tests of the binary,
/// running beside it, are not slowed afterwards.
static ON: AtomicBool = AtomicBool::new(false);

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs, once for the test binary, a subscriber recording every event
/// and span (with its fields) at TRACE. Global, not per thread: SQLite's
/// driver runs its statements, and logs them, on threads of its own.
fn capture() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::{Layer, filter, fmt};
        let layer = fmt::layer()
            .with_span_events(fmt::format::FmtSpan::FULL)
            .with_ansi(false)
            .with_writer(|| Capture)
            .with_filter(filter::filter_fn(|_| ON.load(Ordering::Relaxed)));
        let subscriber = tracing_subscriber::registry().with(layer);
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
    });
    ON.store(true, Ordering::Relaxed);
}

/// An NHI no other test books: the first valid test NHI after ZZZ0100.
fn unused_nhi() -> String {
    (100..1000)
        .map(|n| format!("ZZZ{n:04}"))
        .find(|s| capa_core::nhi::Nhi::parse(s).is_ok())
        .unwrap()
}

#[tokio::test]
async fn no_log_line_names_a_family_a_token_or_a_session() {
    capture();
    with_app(|app| async move {
        crate::diary::populated(&app).await;
        let t = app.team;
        let nhi = unused_nhi();
        let reference = "AV-LOG-71".to_string();
        // Signing in: the cookie's value, from the answer.
        let mut booking = User::anonymous(&app);
        let r = booking
            .post_json(
                "/api/v1/session",
                &json!({ "username": "booking", "password": PASSWORD }),
            )
            .await;
        let cookie = r.headers()[reqwest::header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .split('=')
            .nth(1)
            .unwrap()
            .to_string();
        assert!(cookie.len() >= 32, "{cookie}");
        let body: Value = r.json().await.unwrap();
        booking.csrf = body["csrf_token"].as_str().unwrap().to_string();

        // The Choice search and the booking search with the NHI, then a
        // booking with it over the API and one with the reference on a page.
        let r = booking
            .post_form(
                &format!("/teams/{t}/diary/choice"),
                &[("client", nhi.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let r = booking
            .post_form(
                &format!("/teams/{t}/diary/book"),
                &[("client", nhi.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let offers: Value = booking
            .get(&format!("/api/v1/offers?state=vacant&team={t}"))
            .await
            .json()
            .await
            .unwrap();
        let offers = offers.as_array().unwrap();
        let r = booking
            .post_json(
                &format!("/api/v1/offers/{}/book", offers[0]["id"]),
                &json!({ "client": nhi }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let r = booking
            .post_form(
                &format!("/teams/{t}/diary/appointments/{}/book", offers[1]["id"]),
                &[("client", reference.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        // A wrong one is refused, its text said back on the page only.
        let r = booking
            .post_form(
                &format!("/teams/{t}/diary/appointments/{}/book", offers[2]["id"]),
                &[("client", format!("{reference}\u{7}").as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // TR's calendar feed, and an API token.
        let tr = app
            .store
            .find_clinician(t, &capa_core::Initials::parse("TR").unwrap())
            .await
            .unwrap()
            .unwrap();
        let (_, feed) = app
            .store
            .create_calendar_feed(capa_store::Actor::System, tr)
            .await
            .unwrap();
        let r = booking.get(&format!("/calendar/{feed}.ics")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let user = app
            .store
            .login_credentials("booking")
            .await
            .unwrap()
            .unwrap()
            .0;
        let (_, token) = app
            .store
            .create_api_token(capa_store::Actor::System, user.id, "logs")
            .await
            .unwrap();
        let r = reqwest::Client::new()
            .get(format!("{}/api/v1/offers?team={t}&state=booked", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.text().await.unwrap().contains(&nhi),
            "the API shows the team its NHI"
        );
        let r = booking.post_form("/logout", &[]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);

        let log = String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned();
        assert!(log.contains("TRACE"), "every level was recorded");
        assert!(
            log.contains("/diary/appointments/{id}/book") && log.contains("/calendar/{file}"),
            "the requests were logged, by their routes"
        );
        for (what, secret) in [
            ("NHI", nhi.as_str()),
            ("local reference", reference.as_str()),
            ("calendar feed token", feed.as_str()),
            ("API token", token.as_str()),
            ("session cookie", cookie.as_str()),
            ("CSRF token", booking.csrf.as_str()),
        ] {
            let at = log.find(secret);
            assert!(
                at.is_none(),
                "the log names the {what}: ...{}...",
                at.and_then(|i| log.get(i.saturating_sub(300)..(i + 100).min(log.len())))
                    .unwrap_or("")
            );
        }
    })
    .await;
    ON.store(false, Ordering::Relaxed);
}
