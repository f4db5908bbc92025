//! `wsltune completions`: the shell completion script clap writes for this command line.

use std::io::Write;

use anyhow::Context;
use clap::CommandFactory;

use crate::Outcome;
use crate::cli::{Cli, CompletionsArgs};

/// Runs `wsltune completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut cmd = Cli::command();
    // Written to memory first: `generate` panics when its writer fails (a closed pipe).
    let mut script = Vec::with_capacity(64 * 1024);
    clap_complete::generate(args.shell, &mut cmd, "wsltune", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .context(super::texts::WRITING_OUTPUT.get())?;
    Ok(Outcome::Success)
}
