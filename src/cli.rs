//! The command line: subcommands, their flags, and the global overrides (clap derive).
//!
//! Values are parsed into domain types here; rules that span several flags are checked where the
//! command resolves its inputs (for `doctor`, in `locate::Inputs::resolve`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

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

    /// Print a shell completion script.
    ///
    /// bash: `wsltune completions bash > ~/.local/share/bash-completion/completions/wsltune`;
    /// zsh: write it to a folder in $fpath as `_wsltune`; fish: to
    /// ~/.config/fish/completions/wsltune.fish; PowerShell: add
    /// `wsltune completions powershell | Out-String | Invoke-Expression` to $PROFILE.
    Completions(CompletionsArgs),
}

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

/// Flags of `wsltune completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
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
    fn global_flags_work_after_the_subcommand() {
        let cli = Cli::try_parse_from(["wsltune", "doctor", "--windows-home", "/x", "--json"])
            .expect("parses");
        assert_eq!(cli.global.windows_home, Some(PathBuf::from("/x")));
    }
}
