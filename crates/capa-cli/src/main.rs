//! The `capa` command line.

mod nhi;
mod plan;
mod table;

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
    /// Check NHI numbers.
    #[command(subcommand)]
    Nhi(nhi::NhiCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Plan(cmd) => plan::run(cmd),
        Command::Nhi(cmd) => nhi::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("capa: {err:#}");
            ExitCode::FAILURE
        }
    }
}
