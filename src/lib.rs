//! wsltune: watch the WSL 2 utility VM and Docker Desktop's data disk, explain them, and tune
//! `.wslconfig` with evidence.
//!
//! The binary in `main.rs` only parses the command line and calls [`run`]; every command lives in
//! this library so that tests and benches reach it. The pipeline and contracts are described in
//! `DESIGN.md` (shared with the team) and in the README.

pub mod advice;
pub mod analyze;
pub mod cli;
pub mod configure;
pub mod doctor;
pub mod fsinfo;
pub mod inspect;
pub mod locate;
pub mod metrics;
pub mod monitor;
pub mod report;
pub mod sample;
pub mod store;
pub mod transfer;
pub mod units;
pub mod vhdx;
pub mod wslconfig;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, Command};

/// How a command ended, mapped to the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went well (exit 0).
    Success,
    /// The command ran but found a problem the user must fix, or the input was bad (exit 1).
    UserError,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::UserError => ExitCode::from(1),
        }
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Doctor(args) => doctor::run(&cli.global, &args),
        Command::Inspect(args) => inspect::run(&cli.global, &args),
        Command::Monitor(args) => monitor::run(&cli.global, &args),
        Command::Export(args) => transfer::export(&cli.global, &args),
        Command::Import(args) => transfer::import(&cli.global, &args),
        Command::Lint(args) => configure::lint(&cli.global, &args),
        Command::Recommend(args) => advice::run(&cli.global, &args),
        Command::Report(args) => report::run(&cli.global, &args),
        Command::Apply(args) => configure::apply(&cli.global, &args),
        Command::Completions(args) => {
            let mut cmd = Cli::command();
            let mut out = std::io::stdout().lock();
            clap_complete::generate(args.shell, &mut cmd, "wsltune", &mut out);
            out.flush().context("writing the completion script to standard output")?;
            Ok(Outcome::Success)
        }
    }
}
