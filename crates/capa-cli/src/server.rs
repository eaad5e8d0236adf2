//! `capa serve` and `capa demo`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use capa_store::Store;
use capa_web::Clock;
use chrono::{DateTime, Utc};
use clap::Args;

use crate::database;

/// `capa serve` options.
#[derive(Args)]
pub struct ServeArgs {
    /// Database URL: sqlite://PATH or postgres://... (default: an SQLite file in the data directory).
    #[arg(long, env = "CAPA_DATABASE_URL")]
    database_url: Option<String>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "CAPA_BIND")]
    bind: SocketAddr,
    /// Mark session cookies Secure (set this when capa is served over HTTPS).
    #[arg(long, env = "CAPA_SECURE_COOKIES")]
    secure_cookies: bool,
}

/// `capa demo` options.
#[derive(Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Database URL; by default a fresh SQLite file in ./capa-demo/ (replaced on each run).
    #[arg(long)]
    database_url: Option<String>,
    /// Password of the demo logins.
    #[arg(long, default_value = "capa-demo")]
    password: String,
    /// Run the demo as of this instant (RFC 3339, e.g. 2026-09-14T09:30:00+12:00),
    /// with the clock standing still: to try a date, and for the browser suite.
    #[arg(long, env = "CAPA_DEMO_NOW", value_parser = instant)]
    now: Option<DateTime<Utc>>,
}

pub(crate) fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("'{text}' is not an instant like 2026-09-14T09:30:00+12:00: {e}"))
}

async fn listen(
    bind: SocketAddr,
    store: Store,
    secure_cookies: bool,
    clock: Clock,
) -> Result<(tokio::net::TcpListener, capa_web::AppState)> {
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| {
        format!("listening on {bind} (is another capa running? choose another address with --bind)")
    })?;
    let config = capa_web::Config {
        secure_cookies,
        ..capa_web::Config::default()
    };
    Ok((
        listener,
        capa_web::AppState::new(store, config, clock).await,
    ))
}

async fn shutdown() {
    // Ctrl-C, or SIGTERM from a service manager: finish requests in flight, then stop.
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    eprintln!("capa: shutting down");
}

/// Runs `capa serve`.
pub async fn serve(args: ServeArgs) -> Result<()> {
    let url = database::resolve(args.database_url)?;
    // Held while serving, so `capa restore` refuses to replace the database under us.
    let _lock = database::serving_lock(&url)?;
    let store = database::open(&url).await?;
    let (listener, state) =
        listen(args.bind, store.clone(), args.secure_cookies, Clock::System).await?;
    let teams = store.teams().await?.len();
    let users = store.users().await?.len();
    println!(
        "capa is serving {} at http://{}/",
        database::describe(&url),
        listener.local_addr()?
    );
    if users == 0 {
        println!(
            "No accounts yet: create the first administrator with `capa user add NAME --role admin`."
        );
    } else {
        println!("{teams} team(s), {users} account(s). Stop with Ctrl-C.");
    }
    capa_web::serve(listener, state, shutdown()).await?;
    store.close().await;
    Ok(())
}

/// Runs `capa demo`.
pub async fn demo(args: DemoArgs) -> Result<()> {
    if args.password.len() < 8 {
        bail!("the demo password must have at least 8 characters");
    }
    let url = match args.database_url {
        Some(u) => u,
        None => {
            let dir = PathBuf::from("capa-demo");
            std::fs::create_dir_all(&dir).context("creating ./capa-demo")?;
            let path = dir.join("capa-demo.db");
            for suffix in ["", "-wal", "-shm"] {
                let p = PathBuf::from(format!("{}{suffix}", path.display()));
                if p.exists() {
                    std::fs::remove_file(&p).with_context(|| {
                        format!("removing the previous demo database {}", p.display())
                    })?;
                }
            }
            database::sqlite_url(&path)
        }
    };
    let _lock = database::serving_lock(&url)?;
    let store = database::open(&url).await?;
    let team = capa_web::demo::load(&store, &args.password).await?;
    let clock = args.now.map_or(Clock::System, Clock::Fixed);
    let published = capa_web::demo::populate_diary(&store, team, clock.now()).await?;
    let (listener, state) = listen(args.bind, store.clone(), false, clock).await?;
    let addr = listener.local_addr()?;
    println!(
        "capa demo: the team \"Awa Valley CAMHS\" with twelve clinicians, in {}",
        database::describe(&url)
    );
    if published > 0 {
        println!(
            "  Diaries for this quarter and the next: {published} offers and Choice slots published, families booked."
        );
    }
    println!();
    println!("  Open http://{addr}/ and log in as one of:");
    for (username, display, _) in capa_web::demo::USERS {
        println!("    {username:<10} {display}");
    }
    println!("  Password for all: {}", args.password);
    println!();
    println!("  The team job plan: http://{addr}/teams/{team}");
    println!("  Stop with Ctrl-C.");
    capa_web::serve(listener, state, shutdown()).await?;
    store.close().await;
    Ok(())
}
