//! The `wsltune` binary: parse the command line, run, report an error once, exit.

use std::process::ExitCode;

use clap::Parser;
use wsltune::cli::Cli;
use wsltune::commands::texts as t;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(refused) => return wsltune::cli::refused(refused),
    };
    let result = wsltune::run(cli);
    if wsltune::fsinfo::json_path::lossy_paths_written() {
        wsltune::term::say(&format!("wsltune: {}{}", t::WARNING_PREFIX, t::LOSSY_PATHS));
    }
    match result {
        Ok(code) => code.into(),
        Err(err) => match wsltune::ending(&err) {
            wsltune::Ending::Quiet => ExitCode::SUCCESS,
            ending => {
                // `{:#}` prints the whole context chain on one line: "doing X: because Y",
                // wrapped to a terminal's width under the text after `error: `.
                let prefix = t::ERROR_PREFIX;
                wsltune::term::say(&format!("{prefix}{}", wsltune::i18n::os::chain(&err)));
                ending.into()
            }
        },
    }
}
