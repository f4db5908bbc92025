//! The `wsltune` binary: parse the command line, run, report an error once, exit.

use std::process::ExitCode;

use clap::Parser;
use wsltune::cli::Cli;
use wsltune::commands::texts as t;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // A value our checks refused, in Japanese; anything else as clap says it.
        Err(refused) => match wsltune::cli::refused_in_japanese(&refused) {
            Some(line) => {
                wsltune::term::say(&format!("{}{line}", t::ERROR_PREFIX));
                wsltune::term::say(&format!("\n{}", wsltune::cli::texts::MORE_HELP));
                return ExitCode::from(2);
            }
            None => refused.exit(),
        },
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
