//! Each subcommand's flags, in the order `--help` lists the subcommands, parsed into domain
//! types where one exists (sizes, durations, times, addresses).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use clap_complete::Shell;

use super::{
    parse_duration, parse_inspect_every, parse_interval, parse_keep_raw, parse_keep_rollups,
    parse_listen, parse_run_duration, parse_size, parse_time, parse_time_to,
};
use crate::store::span::Span;
use crate::store::transfer::Format;

/// Flags of `wsltune doctor`.
#[derive(Debug, Clone, Default, Args)]
pub struct DoctorArgs {
    /// Print one JSON object instead of text (fields are described in the README).
    #[arg(long)]
    pub json: bool,

    /// The project folder to check for slow Windows-drive bind mounts
    /// (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
}

/// Flags of `wsltune inspect`.
#[derive(Debug, Clone, Default, Args)]
pub struct InspectArgs {
    /// VHDX files to inspect (default: every disk wsltune finds).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print JSON: one object for one PATH, else an array (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// Flags of `wsltune compact`.
#[derive(Debug, Clone, Args)]
pub struct CompactArgs {
    /// VHDX files to compact (default: Docker's data disk, as `wsltune doctor` finds it).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Every Docker and WSL disk `wsltune doctor` finds, not only Docker's data disk.
    #[arg(long, conflicts_with = "paths")]
    pub all: bool,

    /// Write a compacted copy to NEW (which must not exist); the original is only read.
    /// Needs exactly one PATH (or none, for Docker's data disk).
    #[arg(long, value_name = "NEW")]
    pub to: Option<PathBuf>,

    /// Compact the file itself: drop what is not needed, move blocks from the end into the
    /// freed slots, shorten the file. Needs no free space; the file must not be in use, and on
    /// Linux must be on a local file system (not /mnt/<drive>: use the Windows build or --to).
    #[arg(long, conflicts_with = "to")]
    pub in_place: bool,

    /// After the copy is verified, give it the original's name and keep the original as
    /// `<name>.before-compact` (remove that once Docker Desktop or WSL starts fine).
    #[arg(long, requires = "to")]
    pub replace: bool,

    /// Write without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Print JSON: one object for one disk, else an array (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// How `monitor` shows each sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MonitorFormat {
    /// A view redrawn in place (default on a terminal).
    Live,
    /// One line per sample (default otherwise).
    Lines,
    /// One JSON object per sample (fields in docs/cli.md).
    Jsonl,
    /// Nothing per sample: the start, warnings and the end only (a background monitor's log
    /// stays small).
    Quiet,
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Japanese (日本語).
    Ja,
}

impl LangArg {
    /// The language.
    pub fn lang(self) -> crate::i18n::Lang {
        match self {
            LangArg::En => crate::i18n::Lang::En,
            LangArg::Ja => crate::i18n::Lang::Ja,
        }
    }
}

/// When the live view uses colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Flags of `wsltune monitor`.
#[derive(Debug, Clone, Args)]
pub struct MonitorArgs {
    /// Time between samples (e.g. 1s, 5s, 1m; at least 10ms).
    #[arg(long, default_value = "5s", value_parser = parse_interval, value_name = "DURATION")]
    pub interval: Duration,

    /// Stop after this long (e.g. 60s, 8h, 7d; at least 1s), even within an interval;
    /// default: until stopped.
    #[arg(long, value_parser = parse_run_duration, value_name = "DURATION", conflicts_with = "count")]
    pub duration: Option<Duration>,

    /// Stop after this many samples.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Also watch this VHDX (repeatable); the Docker and WSL disks wsltune finds are watched
    /// anyway.
    #[arg(long = "vhdx", value_name = "PATH")]
    pub vhdx: Vec<PathBuf>,

    /// How to show each sample: live, lines or jsonl.
    #[arg(long, value_enum)]
    pub format: Option<MonitorFormat>,

    /// Time between deep disk inspections (allocated, ext4 used, reclaimable; at least 1s).
    #[arg(long, default_value = "10m", value_parser = parse_inspect_every, value_name = "DURATION")]
    pub inspect_every: Duration,

    /// Keep raw samples this long (at least 1d: `recommend` needs a day), then only
    /// one-minute rollups. Shortening it on an existing history asks first (or needs --yes).
    #[arg(long, default_value = "30d", value_parser = parse_keep_raw, value_name = "DURATION")]
    pub keep_raw: Duration,

    /// Keep one-minute rollups this long (at least 7d). Shortening it on an existing history
    /// asks first (or needs --yes).
    #[arg(long, default_value = "365d", value_parser = parse_keep_rollups, value_name = "DURATION")]
    pub keep_rollups: Duration,

    /// Shorten the retention of an existing history without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Colour in the live view for levels that need attention (memory near the VM's size,
    /// swap in use, a disk growing fast): auto (a terminal without NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Serve the latest sample to Prometheus at http://ADDR/metrics. ADDR is a port (served on
    /// 127.0.0.1 only) or HOST:PORT; any address but loopback must be given explicitly, e.g.
    /// 0.0.0.0:9464, and monitor says it is reachable from other machines.
    #[arg(long, value_name = "ADDR", value_parser = parse_listen)]
    pub listen: Option<std::net::SocketAddr>,
}

/// The file formats of export and import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TransferFormat {
    /// Comma-separated, one row per sample and disk or running container, with a header.
    Csv,
    /// One JSON object per sample, as `monitor --format jsonl` prints.
    Jsonl,
}

impl From<TransferFormat> for Format {
    fn from(format: TransferFormat) -> Self {
        match format {
            TransferFormat::Csv => Format::Csv,
            TransferFormat::Jsonl => Format::Jsonl,
        }
    }
}

/// Flags of `wsltune export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The file format.
    #[arg(long, value_enum)]
    pub format: TransferFormat,

    /// Only the last DURATION of the history (e.g. 7d), counted back from its newest sample
    /// (so an old or imported history still gives its last days); default: everything.
    #[arg(long, value_parser = parse_duration, value_name = "DURATION", conflicts_with_all = ["from", "to"])]
    pub since: Option<Duration>,

    /// From this time: a date (2026-11-25, from its start in UTC) or RFC 3339
    /// (2026-11-25T08:00:00Z, 2026-11-25T08:00:00+09:00).
    #[arg(long, value_parser = parse_time, value_name = "TIME")]
    pub from: Option<i64>,

    /// Up to this time: a date (2026-11-25, to its end in UTC) or RFC 3339.
    #[arg(long, value_parser = parse_time_to, value_name = "TIME")]
    pub to: Option<i64>,

    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Flags of `wsltune import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file format.
    #[arg(long, value_enum)]
    pub format: TransferFormat,

    /// The file written by `wsltune export` (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Flags of `wsltune lint`.
#[derive(Debug, Clone, Default, Args)]
pub struct LintArgs {
    /// Print JSON: findings and the effective value of every key.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `wsltune apply`.
#[derive(Debug, Clone, Default, Args)]
pub struct ApplyArgs {
    /// The VM's memory limit (wsl2.memory), e.g. 8GB or 6144MB; written as WSL wants it.
    #[arg(long, value_parser = parse_size, value_name = "SIZE")]
    pub memory: Option<u64>,

    /// How many logical processors the VM gets (wsl2.processors).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=2048), value_name = "N")]
    pub processors: Option<u32>,

    /// The swap size (wsl2.swap), e.g. 4GB; 0 turns swap off.
    #[arg(long, value_parser = parse_size, value_name = "SIZE")]
    pub swap: Option<u64>,

    /// Any other key, e.g. --set experimental.autoMemoryReclaim=gradual (repeatable). The value
    /// is checked against WSL's rules for that key and written in WSL's spelling.
    #[arg(long = "set", value_name = "SECTION.KEY=VALUE")]
    pub set: Vec<String>,

    /// Show the diff and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Write without asking (needed when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// The window of history `recommend` and `report` read.
#[derive(Debug, Clone, Default, Args)]
pub struct WindowArgs {
    /// The last DURATION of the history, counted back from its newest sample (so an old or
    /// imported history still gives its last days).
    #[arg(long, value_parser = parse_duration, value_name = "DURATION", default_value = "7d", conflicts_with_all = ["from", "to"])]
    pub since: Option<Duration>,

    /// From this time instead of --since: a date (2026-11-25, from its start in UTC) or RFC
    /// 3339 (2026-11-25T08:00:00Z, 2026-11-25T08:00:00+09:00).
    #[arg(long, value_parser = parse_time, value_name = "TIME")]
    pub from: Option<i64>,

    /// Up to this time: a date (2026-11-25, to its end in UTC) or RFC 3339.
    #[arg(long, value_parser = parse_time_to, value_name = "TIME")]
    pub to: Option<i64>,
}

impl WindowArgs {
    /// The window to read. `--since` has a default; an explicit `--from` or `--to` replaces it.
    pub fn span(&self) -> Span {
        let since = if self.from.is_some() || self.to.is_some() { None } else { self.since };
        Span { since, from: self.from, to: self.to }
    }
}

/// Flags of `wsltune recommend`.
#[derive(Debug, Clone, Default, Args)]
pub struct RecommendArgs {
    /// Which history.
    #[command(flatten)]
    pub window: WindowArgs,

    /// Print JSON: recommendations with their evidence, the window, notes.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `wsltune report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Which history.
    #[command(flatten)]
    pub window: WindowArgs,

    /// The folder for report.html and summary.json (created if missing).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// Also write each chart as a PNG file beside the report (memory.png, memory-histogram.png,
    /// cpu.png, swap.png, disk-1.png, ...).
    #[arg(long)]
    pub png: bool,
}

/// Flags of `wsltune completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Flags of `wsltune service`.
#[derive(Debug, Clone, Args)]
pub struct ServiceArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: ServiceAction,
}

/// `service install`, `uninstall`, `status`.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ServiceAction {
    /// Start `monitor` in the background at every logon, recording into the history.
    ///
    /// On Windows: a Task Scheduler task for you (no administrator, no console window). Inside
    /// WSL: the Windows task (--windows, recommended: it never keeps the VM awake) or a systemd
    /// unit in this distro (--systemd: it stops with the distro unless .wslconfig has [general]
    /// instanceIdleTimeout=-1, which keeps the VM running); without either it explains both and
    /// asks.
    Install(ServiceInstallArgs),
    /// Remove the task or unit (the history stays).
    Uninstall(ServiceUninstallArgs),
    /// Whether the background monitor is installed and running, since when, where its history
    /// is and how old its newest sample is.
    Status(ServiceStatusArgs),
}

/// Flags of `wsltune service install`.
#[derive(Debug, Clone, Default, Args)]
pub struct ServiceInstallArgs {
    /// Inside WSL: install the Windows logon task, through wsltune.exe (recommended).
    #[arg(long, conflicts_with = "systemd")]
    pub windows: bool,

    /// Inside WSL: install a systemd unit in this distro (needs systemd and sudo).
    #[arg(long)]
    pub systemd: bool,

    /// Print what would be created (the task's XML or the unit, and the commands) and change
    /// nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Flags of `wsltune service uninstall`.
#[derive(Debug, Clone, Default, Args)]
pub struct ServiceUninstallArgs {
    /// Inside WSL: remove the Windows logon task, through wsltune.exe.
    #[arg(long, conflicts_with = "systemd")]
    pub windows: bool,

    /// Inside WSL: remove the systemd unit.
    #[arg(long)]
    pub systemd: bool,
}

/// Flags of `wsltune service status`.
#[derive(Debug, Clone, Default, Args)]
pub struct ServiceStatusArgs {
    /// Print JSON (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
}
