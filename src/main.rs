//! The `wsltune` binary: parse the command line, run, report an error once, exit.

use std::process::ExitCode;

use clap::Parser;
use wsltune::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match wsltune::run(cli) {
        Ok(code) => code.into(),
        Err(err) => match wsltune::ending(&err) {
            wsltune::Ending::Quiet => ExitCode::SUCCESS,
            ending => {
                // `{:#}` prints the whole context chain on one line: "doing X: because Y".
                eprintln!("error: {err:#}");
                ending.into()
            }
        },
    }
}
