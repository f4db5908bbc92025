//! `wsltune completions`: the shell completion script clap writes for this command line.

use std::io::Write;

use anyhow::Context;
use clap::CommandFactory;

use crate::Outcome;
use crate::cli::{Cli, CompletionsArgs};

/// Runs `wsltune completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "wsltune", &mut out);
    out.flush().context("writing the completion script to standard output")?;
    Ok(Outcome::Success)
}
