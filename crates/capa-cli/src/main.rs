//! The `capa` command line.

mod database;
mod demand;
mod forecast;
mod monitor;
mod nhi;
mod ops;
mod plan;
mod server;
mod table;
mod users;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Demand and capacity planning for CAPA teams.
#[derive(Parser)]
#[command(name = "capa", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Team plan files: check them, compute capacity and targets.
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// Demand from discharge reports: the seed's pivot table.
    #[command(subcommand)]
    Demand(demand::DemandCommand),
    /// Forecasts: simulate the team's plan to see waits before they happen.
    #[command(subcommand)]
    Forecast(forecast::ForecastCommand),
    /// Check NHI numbers.
    #[command(subcommand)]
    Nhi(nhi::NhiCommand),
    /// The quarter monitor of a team in a database: targets, offers, flags, waits.
    Monitor(monitor::MonitorArgs),
    /// Run the web application.
    Serve(server::ServeArgs),
    /// Start the web application with a demo team and one login per role.
    Demo(server::DemoArgs),
    /// Accounts: `capa user add` creates the first administrator.
    #[command(subcommand)]
    User(users::UserCommand),
    /// Copy a live SQLite database consistently (PostgreSQL: see the message).
    Backup(ops::BackupArgs),
    /// Put a copy made by `capa backup` in place of the database.
    Restore(ops::RestoreArgs),
}

/// Runs an async command on a runtime made for it.
fn block_on(f: impl std::future::Future<Output = anyhow::Result<()>>) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(f)?;
    Ok(ExitCode::SUCCESS)
}

/// Logs go to standard error; `RUST_LOG` chooses how much. They never carry
/// names, NHIs or notes.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Plan(cmd) => plan::run(cmd),
        Command::Demand(cmd) => demand::run(cmd),
        Command::Forecast(cmd) => forecast::run(cmd),
        Command::Nhi(cmd) => nhi::run(cmd),
        Command::Serve(args) => {
            init_logging();
            block_on(server::serve(args))
        }
        Command::Demo(args) => {
            init_logging();
            block_on(server::demo(args))
        }
        Command::User(cmd) => block_on(users::run(cmd)),
        Command::Monitor(args) => block_on(monitor::run(args)),
        Command::Backup(args) => block_on(ops::backup(args)),
        Command::Restore(args) => block_on(ops::restore(args)),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("capa: {err:#}");
            ExitCode::FAILURE
        }
    }
}
