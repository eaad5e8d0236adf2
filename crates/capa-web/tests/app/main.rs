//! The web application over HTTP: the real app on port 0, a fresh database
//! per test on SQLite and (with `CAPA_TEST_DATABASE_URL`) PostgreSQL, the
//! demo team and one account per role, and a cookie-keeping client.

mod accounts;
mod api;
mod assessment;
mod auth;
mod booking;
mod demand;
mod demand_upload;
mod diary;
mod errors;
mod files;
mod forecast;
mod logs;
mod matrix;
mod monitor;
mod monitor_pages;
mod outcomes;
mod passwords;
mod planning;
mod plans;
mod quarter;
mod readings;
mod review;
mod settings;
mod throttle;
mod zones;

use capa_store::testing::{TestDb, on_each_backend};
use capa_store::{Store, TeamId};
use chrono::{DateTime, NaiveDate, Utc};
use reqwest::{Client, Response, StatusCode, redirect};

/// The demo accounts' password in tests.
pub const PASSWORD: &str = "capa-test-password";

/// A running application.
pub struct App {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Its database.
    pub store: Store,
    /// The demo team.
    pub team: TeamId,
    /// The application's clock: the tests' fixed instant.
    pub now: DateTime<Utc>,
    /// The running application's state (its counters).
    pub state: capa_web::AppState,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl App {
    /// Today in the demo team's time zone, by the application's clock.
    pub fn today(&self) -> NaiveDate {
        capa_core::Zone::AUCKLAND.today(self.now)
    }

    /// The demo team's quarter today.
    pub fn quarter(&self) -> capa_core::Quarter {
        capa_core::Quarter::containing(self.today(), 7)
    }
}

/// Starts the application on a fresh database with the demo team loaded,
/// its clock fixed at the tests' instant.
pub async fn spawn(db: TestDb) -> App {
    spawn_with(db, capa_web::Config::default()).await
}

/// [`spawn`] with the server's settings.
pub async fn spawn_with(db: TestDb, config: capa_web::Config) -> App {
    let team = capa_web::demo::load(&db.store, PASSWORD)
        .await
        .expect("demo loads");
    let now = capa_store::testing::now();
    let state =
        capa_web::AppState::new(db.store.clone(), config, capa_web::Clock::Fixed(now)).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(capa_web::serve(listener, state.clone(), async {
        let _ = stopped.await;
    }));
    App {
        base,
        store: db.store,
        team,
        now,
        state,
        _stop: stop,
    }
}

/// Runs a test on each backend with a running app.
pub async fn with_app<F, Fut>(test: F)
where
    F: Fn(App) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    on_each_backend(move |db| {
        let test = test.clone();
        async move { test(spawn(db).await).await }
    })
    .await;
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub struct User {
    /// The HTTP client.
    pub http: Client,
    /// The app's address.
    pub base: String,
    /// The session's CSRF token, once logged in.
    pub csrf: String,
}

impl User {
    /// A client that is not logged in.
    pub fn anonymous(app: &App) -> Self {
        Self {
            http: Client::builder()
                .cookie_store(true)
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
            base: app.base.clone(),
            csrf: String::new(),
        }
    }

    /// Logs in through the API and keeps the session cookie and CSRF token.
    pub async fn login(app: &App, username: &str) -> Self {
        let mut u = Self::anonymous(app);
        let r = u
            .post_json(
                "/api/v1/session",
                &serde_json::json!({ "username": username, "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "login as {username}");
        let body: serde_json::Value = r.json().await.unwrap();
        u.csrf = body["csrf_token"].as_str().unwrap().to_string();
        u
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// GET, expecting 200, returning the body.
    pub async fn page(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.text().await.unwrap()
    }

    /// POST a form with the session's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.http
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// POST a form as htmx does (with the `HX-Request` and `X-CSRF-Token` headers).
    pub async fn post_htmx(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", &self.csrf)
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// POST JSON.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// PUT JSON.
    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.http
            .put(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

/// A user with no role in the demo team.
pub async fn outsider(app: &App) -> User {
    let hash = password_hash();
    app.store
        .create_user(
            capa_store::Actor::System,
            &capa_store::NewUser {
                username: "outsider",
                display_name: "Outsider",
                password_hash: &hash,
                is_admin: false,
            },
        )
        .await
        .unwrap();
    User::login(app, "outsider").await
}

/// The test password's hash.
pub fn password_hash() -> String {
    password_auth::generate_hash(PASSWORD)
}
