//! `wsltune service` inside WSL (and on plain Linux): the choice between the Windows task,
//! installed by `wsltune.exe` through interop, and a systemd unit in this distro — explained,
//! then installed as picked.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use super::Services;
use crate::Outcome;
use crate::cli::{ServiceInstallArgs, ServiceUninstallArgs};
use crate::locate::{self, Inputs, Kind, history};
use crate::service::status::{ServiceStatus, fill_from_history};
use crate::service::systemd;
use crate::service::texts as t;

/// The one-liner that builds and installs `wsltune.exe` and its helper from inside WSL.
pub const GET_WINDOWS_BUILD: &str = "rustup target add x86_64-pc-windows-gnu && sudo apt-get install -y gcc-mingw-w64-x86-64 && cargo build --release --target x86_64-pc-windows-gnu && dest=\"$(wslpath \"$(cmd.exe /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\\r')\")/wsltune/bin\" && install -D -t \"$dest\" target/x86_64-pc-windows-gnu/release/wsltune.exe target/x86_64-pc-windows-gnu/release/wsltunew.exe";

/// `service install` inside WSL or on Linux.
pub fn install(inputs: &Inputs, kind: Kind, args: &ServiceInstallArgs) -> anyhow::Result<Outcome> {
    let pick = match (args.windows, args.systemd) {
        (true, _) => Pick::Windows,
        (_, true) => Pick::Systemd,
        _ if std::io::stdin().is_terminal() && !args.dry_run => ask()?,
        _ => {
            // The choices, said honestly (reference `docker-and-windows.md` §8).
            // A closed pipe or terminal changes nothing: the usage error follows either way.
            let _ = write!(std::io::stdout().lock(), "{}", t::CHOICES);
            crate::usage_error!("{}", t::CHOOSE_ONE);
        }
    };
    match pick {
        Pick::Windows if kind == Kind::Linux && inputs.windows_home.is_none() => {
            bail!(t::NOT_WSL.get())
        }
        Pick::Windows => {
            let mut forwarded = vec!["service", "install"];
            if args.dry_run {
                forwarded.push("--dry-run");
            }
            run_windows_exe(inputs, kind, &forwarded)
        }
        Pick::Systemd => install_systemd(inputs, args.dry_run),
        Pick::Neither => Ok(Outcome::Success),
    }
}

/// `service uninstall` inside WSL or on Linux.
pub fn uninstall(inputs: &Inputs, args: &ServiceUninstallArgs) -> anyhow::Result<Outcome> {
    if args.windows {
        let kind = locate::detect_environment(inputs).kind;
        return run_windows_exe(inputs, kind, &["service", "uninstall"]);
    }
    if !args.systemd && !Path::new(systemd::UNIT_PATH).is_file() {
        crate::usage_error!("{}", t::NO_UNIT.fill(&[("unit", &systemd::UNIT_PATH)]));
    }
    for command in systemd::uninstall_commands() {
        privileged(&command)?;
    }
    writeln!(
        std::io::stdout().lock(),
        "{}",
        t::REMOVED_UNIT.fill(&[("unit", &systemd::UNIT_PATH)])
    )?;
    Ok(Outcome::Success)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Windows,
    Systemd,
    Neither,
}

fn ask() -> anyhow::Result<Pick> {
    use std::io::BufRead;
    eprint!("{}\n{}", t::CHOICES, t::ASK_WHICH);
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).context(t::READING_ANSWER.get())?;
    Ok(match answer.trim().to_ascii_lowercase().as_str() {
        "w" | "windows" => Pick::Windows,
        "s" | "systemd" => Pick::Systemd,
        _ => Pick::Neither,
    })
}

/// The Windows profile and `wsltune.exe`, when they can be found from here.
fn windows_exe(inputs: &Inputs, kind: Kind) -> (Option<PathBuf>, Option<PathBuf>) {
    let found = locate::locate_profile(inputs, kind);
    let exe = history::find_windows_exe(
        std::env::var_os("PATH").as_deref(),
        found.as_deref(),
        Path::is_file,
    );
    (found, exe)
}

/// Runs `wsltune.exe <args>` through interop with this terminal, and ends as it ended.
fn run_windows_exe(inputs: &Inputs, kind: Kind, args: &[&str]) -> anyhow::Result<Outcome> {
    let (profile, exe) = windows_exe(inputs, kind);
    let Some(exe) = exe else {
        let dir = profile.map_or("%LOCALAPPDATA%\\wsltune\\bin".to_owned(), |p| {
            history::installed_windows_exe(&p).display().to_string()
        });
        bail!(t::NO_WINDOWS_EXE.fill(&[("dir", &dir), ("command", &GET_WINDOWS_BUILD)]));
    };
    // The language chosen here, not Windows' own, is the one the user reads.
    let status = Command::new(&exe)
        .args(["--lang", crate::i18n::current().tag()])
        .args(args)
        .status()
        .with_context(|| t::CANNOT_RUN_EXE.fill(&[("exe", &exe.display())]))?;
    Ok(if status.success() { Outcome::Success } else { Outcome::UserError })
}

fn install_systemd(inputs: &Inputs, dry_run: bool) -> anyhow::Result<Outcome> {
    let db = locate::database_path(inputs.db.as_deref())?;
    let spec = systemd::UnitSpec {
        exe: std::env::current_exe().context(t::WSLTUNE_UNKNOWN.get())?,
        db: std::path::absolute(&db).unwrap_or(db),
        user: std::env::var("USER")
            .ok()
            .filter(|u| !u.is_empty())
            .context(t::USER_NOT_SET.get())?,
    };
    let text = systemd::unit_text(&spec);
    let staged_name = PathBuf::from(t::THE_UNIT_ABOVE.get());
    if dry_run {
        // Written, not printed: a reader that goes away ends the run quietly, no panic.
        let mut out = std::io::stdout().lock();
        let unit = t::WOULD_WRITE_UNIT.fill(&[("unit", &systemd::UNIT_PATH), ("text", &text)]);
        writeln!(out, "{unit}\n{}", t::AND_RUN)?;
        for command in systemd::install_commands(&staged_name) {
            writeln!(out, "  {}", command.join(" "))?;
        }
        return Ok(Outcome::Success);
    }
    if !systemd::booted(&inputs.root) {
        bail!(t::SYSTEMD_NOT_RUNNING.get());
    }
    let mut staged = tempfile::Builder::new().prefix("wsltune-").suffix(".service").tempfile()?;
    staged.write_all(text.as_bytes())?;
    staged.flush()?;
    for command in systemd::install_commands(staged.path()) {
        privileged(&command)?;
    }
    let said = t::INSTALLED_UNIT.fill(&[("unit", &systemd::UNIT_PATH), ("db", &spec.db.display())]);
    writeln!(std::io::stdout().lock(), "{said}")?;
    Ok(Outcome::Success)
}

/// Runs a command as root: directly when root already, else through sudo (which may ask for
/// the password on this terminal).
fn privileged(command: &[String]) -> anyhow::Result<()> {
    let Some((program, rest)) = command.split_first() else { return Ok(()) };
    let mut cmd = if is_root() {
        let mut c = Command::new(program);
        c.args(rest);
        c
    } else {
        let mut c = Command::new("sudo");
        c.args(command);
        c
    };
    let shown = command.join(" ");
    let status =
        cmd.status().with_context(|| t::CANNOT_RUN_COMMAND.fill(&[("command", &shown)]))?;
    if !status.success() {
        let status = crate::commands::history_texts::exit_status(status);
        bail!(t::COMMAND_FAILED.fill(&[("command", &shown), ("status", &status)]));
    }
    Ok(())
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn libc_geteuid() -> u32 {
    // SAFETY: geteuid takes nothing and cannot fail (getuid(2)).
    unsafe { libc::geteuid() }
}

fn is_root() -> bool {
    #[cfg(target_os = "linux")]
    {
        libc_geteuid() == 0
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// The systemd unit here, and the Windows task as `wsltune.exe` reports it.
pub fn gather(inputs: &Inputs, kind: Kind) -> Services {
    let systemd = systemd_status(inputs);
    let windows_task = match kind {
        Kind::Wsl1 | Kind::Wsl2 => windows_task_status(inputs, kind),
        _ => None,
    };
    Services { windows_task, systemd: Some(systemd) }
}

fn systemd_status(inputs: &Inputs) -> ServiceStatus {
    let unit = inputs.in_root(systemd::UNIT_PATH);
    let mut status = ServiceStatus {
        kind: "systemd",
        registered: Some(unit.is_file()),
        // In English whatever the language: `--json` reads the same everywhere.
        registered_by: crate::i18n::fill(t::BY_UNIT_FILE.en, &[("path", &unit.display())]),
        ..Default::default()
    };
    if status.registered == Some(true) && !inputs.root_given {
        status.state = locate::interop::run_bytes(
            Path::new("systemctl"),
            &["is-active", "wsltune-monitor.service"],
            None,
        )
        .map(|(_, out)| String::from_utf8_lossy(&out).trim().to_owned())
        .filter(|s| !s.is_empty());
    }
    if let Ok(db) = locate::database_path(inputs.db.as_deref()) {
        fill_from_history(&mut status, &db, true, crate::units::now_ms());
    }
    status
}

/// `wsltune.exe service status --json`'s Windows task, through interop (5 s at most).
fn windows_task_status(inputs: &Inputs, kind: Kind) -> Option<ServiceStatus> {
    if inputs.root_given || inputs.proc_root_given {
        return None;
    }
    let (_, exe) = windows_exe(inputs, kind);
    let (ok, out) = locate::interop::run_bytes(&exe?, &["service", "status", "--json"], None)?;
    let value: serde_json::Value = serde_json::from_slice(&out).ok().filter(|_| ok)?;
    let task = value.get("windows_task")?;
    let text = |k: &str| task.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    Some(ServiceStatus {
        kind: "windows-task",
        registered: task.get("registered").and_then(serde_json::Value::as_bool),
        registered_by: crate::i18n::fill(
            t::BY_EXE.en,
            &[("by", &text("registered_by").unwrap_or_default())],
        ),
        state: text("state"),
        running: task.get("running").and_then(serde_json::Value::as_bool),
        since: text("since"),
        history: text("history").map(PathBuf::from),
        history_exists: task
            .get("history_exists")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
        newest_sample: text("newest_sample"),
        newest_sample_age_s: task.get("newest_sample_age_s").and_then(serde_json::Value::as_i64),
        log: text("log").map(PathBuf::from),
    })
}
