//! `capa nhi`: validate NHI numbers.

use std::process::ExitCode;

use capa_core::{Nhi, NhiFormat};
use clap::Subcommand;

/// NHI subcommands.
#[derive(Subcommand)]
pub enum NhiCommand {
    /// Validate NHI numbers; exit 0 when all are valid, 2 otherwise.
    Check {
        /// The numbers to check (old AAANNNC or new AAANNAX format).
        #[arg(required = true)]
        numbers: Vec<String>,
    },
}

/// Runs an NHI subcommand.
pub fn run(cmd: NhiCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        NhiCommand::Check { numbers } => {
            let mut all_valid = true;
            for n in &numbers {
                match Nhi::parse(n) {
                    Ok(nhi) => {
                        let format = match nhi.format() {
                            NhiFormat::Old => "old format, check digit",
                            NhiFormat::New => "new format, check letter",
                        };
                        let test = if nhi.is_test() { ", test number" } else { "" };
                        println!("{nhi}: valid ({format}{test})");
                    }
                    Err(e) => {
                        all_valid = false;
                        println!("{}: invalid: {e}", n.trim());
                    }
                }
            }
            Ok(if all_valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
    }
}
