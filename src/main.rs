//! The `wsltune` binary: parse the command line, run, report an error once, exit.

use std::process::ExitCode;

use clap::Parser;
use wsltune::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = wsltune::run(cli);
    if wsltune::fsinfo::json_path::lossy_paths_written() {
        eprintln!(
            "wsltune: warning: some file names are not valid UTF-8; in the output each byte that is not is shown as U+FFFD (\u{fffd})"
        );
    }
    match result {
        Ok(code) => code.into(),
        Err(err) => match wsltune::ending(&err) {
            wsltune::Ending::Quiet => ExitCode::SUCCESS,
            ending => {
                // `{:#}` prints the whole context chain on one line: "doing X: because Y",
                // wrapped to a terminal's width under the text after `error: `.
                let prefix = wsltune::commands::texts::ERROR_PREFIX;
                wsltune::term::say(&format!("{prefix}{}", wsltune::i18n::os::chain(&err)));
                ending.into()
            }
        },
    }
}
