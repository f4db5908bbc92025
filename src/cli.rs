//! The command line: subcommands, their flags, and the global overrides (clap derive).
//!
//! Values are parsed into domain types here; rules that span several flags are checked where the
//! command resolves its inputs (`src/commands/`; the global flags become a [`locate::Overrides`]).

mod flags;
pub mod texts;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

pub use self::flags::*;
use crate::i18n::Text;
use crate::locate;

/// Measure and tune the WSL 2 VM that runs Docker Desktop.
///
/// wsltune finds the WSL 2 utility VM's limits, Docker Desktop's data disk and your distros'
/// disks, records how much memory, CPU, swap and disk they really use, and turns that into
/// `.wslconfig` limits WSL will accept. Run it inside a WSL 2 distro (the usual case), natively on
/// Windows, or on plain Linux to try it out with `--windows-home`.
///
/// Start with `wsltune doctor`.
#[derive(Debug, Parser)]
#[command(name = "wsltune", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Where to look: every location wsltune discovers can be overridden here.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Overrides for everything wsltune discovers on its own. Each also reads a `WSLTUNE_*`
/// environment variable; a flag wins over the variable.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Locations (override what wsltune discovers)")]
pub struct GlobalArgs {
    /// Read the VM's kernel view from this folder instead of /proc
    /// (memory, CPUs, kernel release, mounts).
    #[arg(long, global = true, value_name = "DIR", env = "WSLTUNE_PROC_ROOT")]
    pub proc_root: Option<PathBuf>,

    /// Treat this folder as the root of the Linux filesystem instead of / (for /etc/wsl.conf,
    /// /etc/os-release, the Windows drive mounts and installed packages). Used to examine a copy
    /// of a distro; implies no calls into Windows.
    #[arg(long, global = true, value_name = "DIR", env = "WSLTUNE_ROOT")]
    pub root: Option<PathBuf>,

    /// Your Windows user profile folder as seen from here, e.g. /mnt/c/Users/alice
    /// (default: found through WSL interop, else the only profile under /mnt/c/Users).
    #[arg(long, global = true, value_name = "DIR", env = "WSLTUNE_WINDOWS_HOME")]
    pub windows_home: Option<PathBuf>,

    /// The .wslconfig file to read or edit (default: .wslconfig in the Windows profile).
    #[arg(long, global = true, value_name = "PATH", env = "WSLTUNE_WSLCONFIG")]
    pub wslconfig: Option<PathBuf>,

    /// The history database (default: wsltune.db in your data folder, e.g.
    /// ~/.local/share/wsltune/ or %LOCALAPPDATA%\wsltune\).
    #[arg(long, global = true, value_name = "PATH", env = "WSLTUNE_DB")]
    pub db: Option<PathBuf>,

    /// The Docker engine to ask, as DOCKER_HOST writes it: unix:///var/run/docker.sock or
    /// npipe:////./pipe/docker_engine (default: DOCKER_HOST, else where the Docker CLI looks).
    /// With --root or --proc-root, Docker is left alone unless this is given.
    #[arg(long, global = true, value_name = "URL", conflicts_with = "no_docker")]
    pub docker_host: Option<String>,

    /// Leave Docker alone: no engine is asked.
    #[arg(long, global = true)]
    pub no_docker: bool,

    /// The language of what wsltune prints for people: en or ja (default: WSLTUNE_LANG, then
    /// the locale, then Windows' display language). JSON keys, codes, CSV headers and
    /// `/metrics` do not change; `--help` stays English.
    #[arg(long, global = true, value_name = "LANG", value_enum)]
    pub lang: Option<LangArg>,
}

impl GlobalArgs {
    /// The flags as the layers take them.
    pub fn overrides(&self) -> locate::Overrides {
        locate::Overrides {
            proc_root: self.proc_root.clone(),
            root: self.root.clone(),
            windows_home: self.windows_home.clone(),
            wslconfig: self.wslconfig.clone(),
            db: self.db.clone(),
            docker_host: self.docker_host.clone(),
            no_docker: self.no_docker,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check this set-up against Docker's WSL 2 best practices and show what wsltune found:
    /// where it runs, the VM's limits, Docker's disks, distro disks and .wslconfig.
    ///
    /// Exits with status 1 when a finding is an error (for example running under WSL 1).
    Doctor(DoctorArgs),

    /// Show what is inside VHDX disks: allocated blocks, what the ext4 filesystem really uses,
    /// and what compaction would give back, with the steps to get it.
    ///
    /// Reads the files only (never writes, needs no administrator rights and no `wsl
    /// --shutdown`). With no PATH, inspects every Docker and WSL disk `doctor` finds.
    Inspect(InspectArgs),

    /// Give the space inside a VHDX back to Windows: drop the blocks ext4 does not use
    /// (and blocks holding only zeros) and pack the rest — no administrator, no Hyper-V
    /// module, no fstrim.
    ///
    /// Without --to it only shows the plan: what would come back, and how. With --to NEW it
    /// writes a compacted copy (the original is only read), verifies it block by block, and
    /// prints how to swap the files, or swaps them with --replace. Quit Docker Desktop and run
    /// `wsl --shutdown` first: a disk in use is refused.
    Compact(CompactArgs),

    /// Record the VM's memory, CPU, swap and pressure, and the disks' sizes, into the history
    /// until stopped (Ctrl-C or SIGTERM write what is pending and exit 0).
    ///
    /// On a terminal it shows a live view; otherwise one line per sample (or JSON lines with
    /// --format jsonl). The history is an SQLite file that export, report and recommend read,
    /// even while monitor runs.
    Monitor(MonitorArgs),

    /// Write the recorded history as CSV (one row per sample and disk or container) or JSON lines.
    Export(ExportArgs),

    /// Merge a CSV or JSON-lines file written by `export` into the history. Samples already
    /// stored (same time) are skipped; a bad row stops the import and stores nothing.
    Import(ImportArgs),

    /// Read .wslconfig exactly as WSL does: every warning WSL would print when the VM starts,
    /// with its line and how to fix it, plus what WSL accepts silently but gets wrong (mangled
    /// paths, octal numbers, clamped sizes, keys in the wrong section), and the value WSL will
    /// use for each setting.
    ///
    /// Exits with status 1 when WSL would warn or wsltune finds a problem; 0 when the file is
    /// clean or missing (WSL then uses its defaults).
    Lint(LintArgs),

    /// Set .wslconfig values without losing a byte of the file: only the value of the key
    /// changes (or one line is added), in the file's own encoding and line endings.
    ///
    /// With no values it applies the recommendation from the last 7 days of history (see
    /// `wsltune recommend`). Shows the change as a diff and asks before writing (--yes writes
    /// without asking). Keeps a
    /// byte-identical backup next to the file, writes through a temporary file and a rename,
    /// and refuses any edit WSL would not read back exactly as intended. WSL reads the file only
    /// when its VM starts: run `wsl --shutdown` afterwards.
    Apply(ApplyArgs),

    /// Recommend .wslconfig limits from the recorded history: memory, processors, swap and
    /// autoMemoryReclaim, each next to what WSL uses now, with the reason and the numbers
    /// behind it (--json). `wsltune apply` with no values writes them.
    ///
    /// Needs at least 24 hours and 1,000 samples of history (`wsltune monitor`); with less it
    /// says so and recommends nothing.
    Recommend(RecommendArgs),

    /// Write an HTML report of the history: memory (used, cache, free), CPU, swap and disks as
    /// charts, the recommendation with its .wslconfig diff, and how to compact the disks.
    ///
    /// One self-contained report.html (no script, no network; light and dark; prints well) and
    /// summary.json with every number shown, in --out. Prints the report's path.
    Report(ReportArgs),

    /// Run `monitor` in the background: install, remove or check it.
    ///
    /// On Windows a logon task runs the monitor without a window; inside WSL, `service install`
    /// explains the choices (the Windows task, which never keeps the VM awake, or a systemd
    /// unit, which stops with the distro) and installs the one you pick. A week of history
    /// makes `wsltune recommend` and `wsltune report` worth reading.
    Service(ServiceArgs),

    /// Print a shell completion script.
    ///
    /// bash: `wsltune completions bash > ~/.local/share/bash-completion/completions/wsltune`;
    /// zsh: write it to a folder in $fpath as `_wsltune`; fish: to
    /// ~/.config/fish/completions/wsltune.fish; PowerShell: add
    /// `wsltune completions powershell | Out-String | Invoke-Expression` to $PROFILE.
    Completions(CompletionsArgs),
}

/// What to say of a command line clap refused, when it is ours to say: a value one of our
/// checks refused (`--interval 5x`), in Japanese when that is the user's language — chosen now,
/// from the arguments as they are, and the line parsed again so that the check speaks it. `None`
/// for anything else (`--help`, `--version`, an unknown flag, English): clap says it.
pub fn refused_in_japanese(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::ValueValidation {
        return None;
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if crate::choose_language(&early_globals(&args)).ok() != Some(crate::i18n::Lang::Ja) {
        return None;
    }
    let again = Cli::try_parse_from(&args).err()?;
    let context = |kind| match again.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let why = std::error::Error::source(&again).map(ToString::to_string).unwrap_or_default();
    // Clap's own parsers (`--count`'s whole number, `--processors`' range) say it in English:
    // only a check of ours, which now spoke Japanese, gets the Japanese frame.
    if !why.chars().any(|c| c >= '\u{3040}') {
        return None;
    }
    Some(texts::INVALID_VALUE.fill(&[
        ("arg", &context(ContextKind::InvalidArg)),
        ("value", &context(ContextKind::InvalidValue)),
        ("why", &why),
    ]))
}

/// The flags that choose the language, read from the arguments before clap has parsed them:
/// `--lang`, and whether a fixture tree (`--root`, `--proc-root`) keeps Windows from being asked.
fn early_globals(args: &[std::ffi::OsString]) -> GlobalArgs {
    let mut global = GlobalArgs::default();
    // The two are also given by their variables, as clap reads them.
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("WSLTUNE_ROOT") {
        global.root = Some(PathBuf::new());
    }
    if set("WSLTUNE_PROC_ROOT") {
        global.proc_root = Some(PathBuf::new());
    }
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (word.to_string(), None),
        };
        match flag.as_str() {
            "--" => break,
            "--lang" => {
                let value = inline.or_else(|| words.next().map(|w| w.to_string()));
                global.lang = match value.as_deref() {
                    Some("ja") => Some(LangArg::Ja),
                    Some("en") => Some(LangArg::En),
                    _ => global.lang,
                };
            }
            "--root" => global.root = Some(PathBuf::new()),
            "--proc-root" => global.proc_root = Some(PathBuf::new()),
            _ => {}
        }
    }
    global
}

/// `PORT` (loopback) or `HOST:PORT`.
pub fn parse_listen(s: &str) -> Result<std::net::SocketAddr, String> {
    if let Ok(port) = s.parse::<u16>() {
        return Ok(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    }
    s.parse().map_err(|_| texts::LISTEN.fill(&[("value", &s)]))
}

/// A size as people write it (`8GB`, `8gb`, `8G`, `8GiB`, `1.5GB`, bytes), in bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    crate::wslconfig::lint::lenient_size(s).ok_or_else(|| texts::SIZE.fill(&[("value", &s)]))
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    crate::units::parse_duration(text).map_err(|e| e.to_string())
}

/// A duration of at least `min` (named in the error with its reason).
fn duration_at_least(text: &str, min: Duration, why: Text) -> Result<Duration, String> {
    let d = parse_duration(text)?;
    if d < min {
        let min = crate::units::format_duration(min);
        return Err(texts::TOO_SHORT.fill(&[("value", &text), ("min", &min), ("why", &why)]));
    }
    Ok(d)
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    duration_at_least(text, Duration::from_millis(10), texts::WHY_INTERVAL)
}

fn parse_run_duration(text: &str) -> Result<Duration, String> {
    duration_at_least(text, Duration::from_secs(1), texts::WHY_DURATION)
}

fn parse_inspect_every(text: &str) -> Result<Duration, String> {
    duration_at_least(text, Duration::from_secs(1), texts::WHY_INSPECT_EVERY)
}

fn parse_keep_raw(text: &str) -> Result<Duration, String> {
    duration_at_least(text, crate::store::retention::MIN_KEEP_RAW, texts::WHY_KEEP_RAW)
}

fn parse_keep_rollups(text: &str) -> Result<Duration, String> {
    duration_at_least(text, crate::store::retention::MIN_KEEP_ROLLUPS, texts::WHY_KEEP_ROLLUPS)
}

fn parse_time(text: &str) -> Result<i64, String> {
    crate::units::parse_time(text, false).map_err(|e| e.to_string())
}

/// A time that ends a window: a bare date means the end of that day.
fn parse_time_to(text: &str) -> Result<i64, String> {
    crate::units::parse_time(text, true).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_language_flags_are_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let g = early_globals(&args(&["wsltune", "monitor", "--interval", "5x", "--lang", "ja"]));
        assert_eq!((g.lang, g.root.is_some()), (Some(LangArg::Ja), false));
        let g = early_globals(&args(&["wsltune", "--lang=en", "--root", "/r", "doctor"]));
        assert_eq!((g.lang, g.root.is_some()), (Some(LangArg::En), true));
        let g = early_globals(&args(&["wsltune", "import", "--", "--lang", "ja"]));
        assert_eq!(g.lang, None);
    }

    #[test]
    fn global_flags_work_after_the_subcommand() {
        let cli = Cli::try_parse_from(["wsltune", "doctor", "--windows-home", "/x", "--json"])
            .expect("parses");
        assert_eq!(cli.global.windows_home, Some(PathBuf::from("/x")));
    }
}
