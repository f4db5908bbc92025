//! One module per subcommand, named as the subcommand: each reads its arguments, calls the
//! layers below, and prints. Only here, in `cli.rs` and in `lib.rs` does anything know about the
//! command line.

pub mod apply;
pub mod compact;
pub mod completions;
pub mod doctor;
pub mod export;
pub mod history_texts;
pub mod import;
pub mod inspect;
pub mod lint;
pub mod monitor;
pub mod recommend;
pub mod report;
pub mod service;
pub mod texts;

use crate::analyze::evidence::Evidence;
use crate::cli::GlobalArgs;
use crate::locate::{self, Inputs};
use crate::store::Store;
use crate::store::span::Span;
use crate::wslconfig::{self, Target};

/// A disk file a command works on, with what `locate` knows of it (`inspect`, `compact`).
#[derive(Debug, Clone)]
struct DiskTarget {
    /// The file, as named or found.
    path: std::path::PathBuf,
    /// Its role, when `locate` found it.
    role: locate::Role,
    /// Its Windows path, for the commands the user runs in PowerShell.
    windows_path: Option<String>,
}

/// The disks `paths` names (each with the role `locate` gave it, if it found it too), or,
/// with no paths, the disks `locate` found that `wanted` selects.
fn disk_targets(
    found: &locate::Locations,
    paths: &[std::path::PathBuf],
    wanted: impl Fn(locate::Role) -> bool,
) -> Vec<DiskTarget> {
    use crate::fsinfo::same_file_key;
    if paths.is_empty() {
        return found
            .disks
            .iter()
            .filter(|d| wanted(d.role))
            .map(|d| DiskTarget {
                path: d.path.clone(),
                role: d.role,
                windows_path: found.mounts.to_windows(&d.path),
            })
            .collect();
    }
    paths
        .iter()
        .map(|p| {
            let known = found.disks.iter().find(|d| same_file_key(&d.path) == same_file_key(p));
            let absolute = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            DiskTarget {
                path: p.clone(),
                role: known.map_or(locate::Role::Other, |d| d.role),
                windows_path: found.mounts.to_windows(&absolute),
            }
        })
        .collect()
}

/// What pruning would free inside Docker's data disk, from the engine `docker` names (see
/// `locate::Inputs::docker`): `None` when Docker is left alone or its engine does not answer —
/// `doctor` says why; `inspect` and `compact` say nothing more.
fn docker_prunes(docker: Option<&Option<String>>) -> Option<Vec<crate::docker::Prune>> {
    crate::docker::prune::ask(docker?.as_deref()).ok()
}

/// Writes what pruning each kind would free inside Docker's data disk, each with its command
/// (suggested, never run): `doctor`, `inspect` and `compact` say it alike, before what
/// compaction gives back. Nothing when Docker has nothing to reclaim.
fn write_prunes(
    out: &mut dyn std::io::Write,
    prunes: &[crate::docker::Prune],
) -> std::io::Result<()> {
    if prunes.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {}", crate::docker::texts::PRUNES_HEADER.get())?;
    for p in prunes {
        writeln!(
            out,
            "    {:<24}{:>10}",
            p.command,
            crate::units::format_bytes(p.reclaimable_bytes)
        )?;
    }
    Ok(())
}

/// The `.wslconfig` the flags name or `locate` finds, read (`lint`, `apply`).
fn wslconfig_target(global: &GlobalArgs) -> anyhow::Result<Target> {
    let found = locate::locate(&Inputs::resolve(&global.overrides())?);
    Ok(Target::find(&found)?)
}

/// A window of the history with what it shows and recommends, weighed against the
/// `.wslconfig` WSL reads now (its defaults when that file cannot be found or read):
/// `recommend`, `report` and `apply` without values.
fn evidence(
    global: &GlobalArgs,
    span: Span,
    progress: impl FnMut(u64),
) -> anyhow::Result<Evidence> {
    let overrides = global.overrides();
    let history = open_history(global)?;
    let store = &history.store;
    let wslconfig = || {
        let inputs = Inputs::resolve(&overrides).ok()?;
        Target::find(&locate::locate(&inputs)).ok()
    };
    Ok(Evidence::gather(store, span, progress, wslconfig)?)
}

/// Asks a yes/no question on stderr and reads the answer from the terminal: y or yes (any
/// case) is yes, anything else no. The callers check first that stdin is a terminal, and refuse
/// without `--yes` otherwise.
fn ask(question: &str) -> anyhow::Result<bool> {
    use std::io::BufRead;
    eprint!("{question} [y/N] ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| {
        let error = crate::i18n::os::describe(&e);
        anyhow::anyhow!(history_texts::READING_ANSWER.fill(&[("error", &error)]))
    })?;
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// The host's size where it is visible (natively on Windows), for `lint`'s and `apply`'s
/// clamping checks.
fn host() -> wslconfig::lint::Host {
    let info = crate::sample::host::host_info();
    wslconfig::lint::Host {
        memory_bytes: info.map(|h| h.memory_bytes),
        processors: info.map(|h| h.logical_processors),
    }
}

/// A history opened for reading, with the temporary folder that holds it when it was streamed
/// from `wsltune.exe` (removed when this is dropped, after the store).
pub(crate) struct History {
    /// The history.
    pub store: Store,
    /// Where it was read from, for messages (the Windows task's file, not the temporary copy).
    pub shown: std::path::PathBuf,
    _temp: Option<tempfile::TempDir>,
}

/// Opens the history the reading commands read (`locate::history_choice`): directly, or, for
/// the Windows task's history seen from WSL, through `wsltune.exe export --format jsonl` into a
/// temporary history (the raw samples: rollups older than `--keep-raw` stay on the Windows
/// side).
pub(crate) fn open_history(global: &GlobalArgs) -> anyhow::Result<History> {
    use locate::history::HistoryChoice;
    let inputs = Inputs::resolve(&global.overrides())?;
    match locate::history_choice(&inputs)? {
        HistoryChoice::Direct(db) => {
            Ok(History { store: Store::open_existing(&db, false)?, shown: db, _temp: None })
        }
        HistoryChoice::NeedsWindowsBuild { local, windows } => {
            anyhow::bail!(locate::history::needs_windows_build(&local, &windows))
        }
        HistoryChoice::ThroughWindows { local, windows, exe } => {
            let samples = export_through_windows(&exe, &windows)?;
            let temp = tempfile::Builder::new().prefix("wsltune-history-").tempdir()?;
            let copy = temp.path().join("wsltune.db");
            {
                let mut store = Store::open_for_import(&copy)?;
                let mut session = crate::store::Session::new(&format!("wsltune.exe {windows}"));
                store.append(&mut session, &samples)?;
            }
            Ok(History {
                store: Store::open_existing(&copy, false)?,
                shown: local,
                _temp: Some(temp),
            })
        }
    }
}

/// Runs `wsltune.exe --db <windows> export --format jsonl` and reads its samples.
fn export_through_windows(
    exe: &std::path::Path,
    windows_db: &str,
) -> anyhow::Result<Vec<crate::sample::Sample>> {
    use anyhow::Context;
    use history_texts as t;
    use std::process::{Command, Stdio};
    let shown = format!("{} --db {windows_db} export --format jsonl", exe.display());
    let command: [(&str, &dyn std::fmt::Display); 1] = [("command", &shown)];
    let mut child = Command::new(exe)
        .args(["--lang", crate::i18n::current().tag(), "--db", windows_db])
        .args(["export", "--format", "jsonl"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| t::CANNOT_RUN.fill(&command))?;
    let stdout = child.stdout.take().context(t::NO_OUTPUT_PIPE.get())?;
    let mut stderr = child.stderr.take().context(t::NO_ERROR_PIPE.get())?;
    // Read on a thread so that a chatty stderr cannot block the child while we parse.
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let parsed = crate::store::transfer::parse(
        crate::store::transfer::Format::Jsonl,
        std::io::BufReader::new(stdout),
    );
    let status = child.wait().with_context(|| t::WAITING.fill(&command))?;
    let said = errors.join().unwrap_or_default();
    if !status.success() {
        anyhow::bail!(t::FAILED.fill(&[
            ("command", &shown),
            ("status", &t::exit_status(status)),
            ("said", &said.trim()),
        ]));
    }
    parsed
        .map_err(|e| anyhow::anyhow!(t::READING_OUTPUT.fill(&[("command", &shown), ("error", &e)])))
}
