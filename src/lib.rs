//! wsltune: watch the WSL 2 utility VM and Docker Desktop's data disk, explain them, and tune
//! `.wslconfig` with evidence.
//!
//! The binary in `main.rs` only parses the command line and calls [`run`]; every command lives in
//! this library (`commands/`, one file per subcommand) so that tests and benches reach it. The
//! modules below read as the pipeline, bottom to top: locate → sample → store → analyze →
//! report, with `.wslconfig` and VHDX beside; `docs/architecture.md` draws it, `docs/cli.md`
//! holds the contracts.

// The layers, in pipeline order: each imports only the ones listed before it (a test in
// `tests/cli/layout.rs` checks this, and that no layer imports `cli` or `commands`).

// Leaves, used by every layer.
pub mod fsinfo;
pub mod i18n;
pub mod term;
pub mod units;
pub mod zone;

// Where things are.
pub mod locate;
// `.wslconfig`: WSL's grammar, lint, the lossless editor.
pub mod wslconfig;
// VHDX and ext4: headers, BAT, log replay, the ext4 bitmaps; compaction, the one writer.
pub mod vhdx;
// Docker's Engine API: the engine's version, cgroup version and disk usage by kind.
pub mod docker;
// The samplers and the `Sample` they fill.
pub mod sample;
// The history (SQLite) and its files.
pub mod store;
// Running the monitor in the background: the Windows task, its helper, the systemd unit.
pub mod service;
// The Prometheus endpoint.
pub mod metrics;
// The tick loop: samplers → consumer (store, `/metrics`, output).
pub mod schedule;
// Statistics, the recommendation rules, the evidence of a window.
pub mod analyze;
// Docker's WSL 2 guide as a checklist (`doctor`).
pub mod checklist;
// Charts and the HTML page.
pub mod report;

// The command line, and one module per subcommand.
pub mod cli;
pub mod commands;

use std::process::ExitCode;

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

/// A mistake on the command line found after clap parsed it (a value out of range, flags that
/// do not go together): exit status 2, as clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Returns early with a [`UsageError`].
#[macro_export]
macro_rules! usage_error {
    ($($arg:tt)*) => {
        return Err(anyhow::Error::new($crate::UsageError(format!($($arg)*))))
    };
}

/// How a failed command ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The reader of standard output went away (`wsltune export | head`): nothing to say, exit 0.
    Quiet,
    /// A mistake on the command line: exit 2.
    Usage,
    /// Anything else: exit 1.
    Failure,
}

impl From<Ending> for ExitCode {
    fn from(ending: Ending) -> Self {
        match ending {
            Ending::Quiet => ExitCode::SUCCESS,
            Ending::Usage => ExitCode::from(2),
            Ending::Failure => ExitCode::from(1),
        }
    }
}

/// How `err` ends the process: quietly when its cause is a closed pipe (the reader has all it
/// wanted), with 2 for a [`UsageError`], else 1.
pub fn ending(err: &anyhow::Error) -> Ending {
    use std::io::ErrorKind::BrokenPipe;
    // serde_json keeps the I/O error inside its own type, not as a source.
    let broken_pipe = err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    });
    if broken_pipe {
        Ending::Quiet
    } else if err.downcast_ref::<UsageError>().is_some()
        // Every variant is a flag naming something that is not there.
        || err.downcast_ref::<locate::LocateError>().is_some()
    {
        Ending::Usage
    } else {
        Ending::Failure
    }
}

/// Chooses the language of what people read (`i18n::choose`) and sets it for the run.
pub fn choose_language(global: &cli::GlobalArgs) -> anyhow::Result<i18n::Lang> {
    let in_wsl = std::env::var_os("WSL_INTEROP").is_some_and(|v| !v.is_empty());
    let place = if cfg!(windows) {
        i18n::Place::Windows
    } else if in_wsl {
        i18n::Place::Wsl
    } else {
        i18n::Place::Linux
    };
    // A fixture tree never asks the real Windows.
    let fixture = global.root.is_some() || global.proc_root.is_some();
    let (lang, source) = i18n::choose(
        global.lang.map(cli::LangArg::lang),
        |name| std::env::var(name).ok(),
        place,
        || {
            if fixture {
                return None;
            }
            locate::language::windows_language(in_wsl, locate::language::cache_dir().as_deref())
        },
    )
    .map_err(|e| anyhow::Error::new(UsageError(e)))?;
    i18n::set(lang);
    i18n::set_source(source);
    Ok(lang)
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let global = &cli.global;
    choose_language(global)?;
    match &cli.command {
        Command::Doctor(args) => commands::doctor::run(global, args),
        Command::Inspect(args) => commands::inspect::run(global, args),
        Command::Compact(args) => commands::compact::run(global, args),
        Command::Monitor(args) => commands::monitor::run(global, args),
        Command::Export(args) => commands::export::run(global, args),
        Command::Import(args) => commands::import::run(global, args),
        Command::Lint(args) => commands::lint::run(global, args),
        Command::Apply(args) => commands::apply::run(global, args),
        Command::Recommend(args) => commands::recommend::run(global, args),
        Command::Report(args) => commands::report::run(global, args),
        Command::Service(args) => commands::service::run(global, args),
        Command::Completions(args) => commands::completions::run(args),
    }
}
