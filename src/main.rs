//! The `wsltune` binary: parse the command line, run, report an error once, exit.

use std::process::ExitCode;

use clap::Parser;
use wsltune::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match wsltune::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            // `{:#}` prints the whole context chain on one line: "doing X: because Y".
            eprintln!("error: {err:#}");
            wsltune::Outcome::UserError.into()
        }
    }
}
