//! `capa serve` and `capa demo`.

use std::net::{IpAddr, SocketAddr};
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
    /// The largest discharge report accepted for upload, in MB (1,000,000 bytes).
    #[arg(
        long,
        default_value_t = 200,
        env = "CAPA_MAX_UPLOAD_MB",
        value_name = "MB"
    )]
    max_upload_mb: u64,
    /// The reverse proxy in front of capa: for connections from this address
    /// only, the client's address is read from X-Forwarded-For (it is what
    /// sign-in throttling counts per address).
    #[arg(long, env = "CAPA_TRUSTED_PROXY", value_name = "ADDR")]
    trusted_proxy: Option<IpAddr>,
    /// The largest team file an upload may be, in bytes.
    #[arg(long, env = "CAPA_MAX_TEAM_FILE_BYTES", default_value_t = capa_io::team_file::MAX_TEAM_FILE_BYTES,
          value_parser = upload_limit)]
    max_team_file_bytes: usize,
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
    /// The largest discharge report accepted for upload, in MB (1,000,000 bytes).
    #[arg(
        long,
        default_value_t = 200,
        env = "CAPA_MAX_UPLOAD_MB",
        value_name = "MB"
    )]
    max_upload_mb: u64,
}

fn upload_limit(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1024..=capa_io::team_file::MAX_TEAM_FILE_BYTES).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{text}' is not a size from 1024 to {} bytes (the team file reader's own limit)",
            capa_io::team_file::MAX_TEAM_FILE_BYTES
        )),
    }
}

pub(crate) fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("'{text}' is not an instant like 2026-09-14T09:30:00+12:00: {e}"))
}

async fn listen(
    bind: SocketAddr,
    store: Store,
    config: capa_web::Config,
    clock: Clock,
) -> Result<(tokio::net::TcpListener, capa_web::AppState)> {
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| {
        format!("listening on {bind} (is another capa running? choose another address with --bind)")
    })?;
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
    let config = capa_web::Config {
        secure_cookies: args.secure_cookies,
        trusted_proxy: args.trusted_proxy,
        max_team_file_bytes: args.max_team_file_bytes,
        max_upload_bytes: args.max_upload_mb.saturating_mul(1_000_000),
        ..capa_web::Config::default()
    };
    let (listener, state) = listen(args.bind, store.clone(), config, Clock::System).await?;
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
    capa_web::assessment::demo::populate(&store, team, clock.now()).await?;
    capa_web::demand::demo_analysis(&store, team, clock.now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let config = capa_web::Config {
        max_upload_bytes: args.max_upload_mb.saturating_mul(1_000_000),
        ..capa_web::Config::default()
    };
    let (listener, state) = listen(args.bind, store.clone(), config, clock).await?;
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
