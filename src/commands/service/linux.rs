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

/// The choices, said honestly (reference `docker-and-windows.md` §8).
pub const CHOICES: &str = "\
Two ways to keep `wsltune monitor` recording in the background:

  --windows  A Windows logon task runs wsltune.exe natively (recommended). It reads the VM
             only while the VM already runs and never keeps it awake; it needs no terminal
             and no systemd. Needs wsltune.exe (README, \"Getting the Windows build\").
             The history is then %LOCALAPPDATA%\\wsltune\\wsltune.db, which report,
             recommend and export here find and read through wsltune.exe.

  --systemd  A systemd unit in this distro. WSL stops the distro about 15 s after its last
             terminal closes (processes systemd starts do not count), so it records only
             while you have a WSL terminal open, unless .wslconfig has [general]
             instanceIdleTimeout=-1 — which keeps the distro, and with it the VM and its
             memory, running until `wsl --shutdown`. Needs systemd=true in /etc/wsl.conf
             and sudo.
";

/// The one-liner that builds and installs `wsltune.exe` and its helper from inside WSL.
pub const GET_WINDOWS_BUILD: &str = "rustup target add x86_64-pc-windows-gnu && sudo apt-get install -y gcc-mingw-w64-x86-64 && cargo build --release --target x86_64-pc-windows-gnu && dest=\"$(wslpath \"$(cmd.exe /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\\r')\")/wsltune/bin\" && install -D -t \"$dest\" target/x86_64-pc-windows-gnu/release/wsltune.exe target/x86_64-pc-windows-gnu/release/wsltunew.exe";

/// `service install` inside WSL or on Linux.
pub fn install(inputs: &Inputs, kind: Kind, args: &ServiceInstallArgs) -> anyhow::Result<Outcome> {
    let pick = match (args.windows, args.systemd) {
        (true, _) => Pick::Windows,
        (_, true) => Pick::Systemd,
        _ if std::io::stdin().is_terminal() && !args.dry_run => ask()?,
        _ => {
            print!("{CHOICES}");
            crate::usage_error!(
                "choose one: wsltune service install --windows, or --systemd (add --dry-run to see what it would create)"
            );
        }
    };
    match pick {
        Pick::Windows if kind == Kind::Linux && inputs.windows_home.is_none() => {
            bail!("this is not WSL: run `wsltune service install` in PowerShell on Windows")
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
        crate::usage_error!(
            "no systemd unit is installed here ({}); to remove the Windows task: wsltune service uninstall --windows",
            systemd::UNIT_PATH
        );
    }
    for command in systemd::uninstall_commands() {
        privileged(&command)?;
    }
    println!("Removed {}. The history is kept.", systemd::UNIT_PATH);
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
    eprint!("{CHOICES}\nInstall which? [w]indows / [s]ystemd / [n]either: ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).context("reading the answer")?;
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
        bail!(
            "wsltune.exe was not found (looked on PATH and in {}); build and install it from this folder of the wsltune source with:\n  {GET_WINDOWS_BUILD}\nthen run this again",
            profile.map_or("%LOCALAPPDATA%\\wsltune\\bin".to_owned(), |p| {
                history::installed_windows_exe(&p).display().to_string()
            })
        );
    };
    let status = Command::new(&exe)
        .args(args)
        .status()
        .with_context(|| format!("cannot run {} (is WSL interop on?)", exe.display()))?;
    Ok(if status.success() { Outcome::Success } else { Outcome::UserError })
}

fn install_systemd(inputs: &Inputs, dry_run: bool) -> anyhow::Result<Outcome> {
    let db = locate::database_path(inputs.db.as_deref())?;
    let spec = systemd::UnitSpec {
        exe: std::env::current_exe().context("cannot tell where wsltune is")?,
        db: std::path::absolute(&db).unwrap_or(db),
        user: std::env::var("USER").ok().filter(|u| !u.is_empty()).context("USER is not set")?,
    };
    let text = systemd::unit_text(&spec);
    let staged_name = PathBuf::from("<the unit above>");
    if dry_run {
        println!("Would write {}:\n\n{text}", systemd::UNIT_PATH);
        println!("and run (with sudo):");
        for command in systemd::install_commands(&staged_name) {
            println!("  {}", command.join(" "));
        }
        return Ok(Outcome::Success);
    }
    if !systemd::booted(&inputs.root) {
        bail!(
            "systemd is not running in this distro: add [boot] systemd=true to /etc/wsl.conf, run `wsl.exe --shutdown` in PowerShell, open the distro again and run this again (or use --windows)"
        );
    }
    let mut staged = tempfile::Builder::new().prefix("wsltune-").suffix(".service").tempfile()?;
    staged.write_all(text.as_bytes())?;
    staged.flush()?;
    for command in systemd::install_commands(staged.path()) {
        privileged(&command)?;
    }
    println!(
        "Installed and started {} (history: {}).\nIt records while this distro runs: WSL stops the distro about 15 s after its last terminal closes, unless .wslconfig has [general] instanceIdleTimeout=-1 (which keeps the VM running too).\nCheck it with `wsltune service status` or `journalctl -u wsltune-monitor`.",
        systemd::UNIT_PATH,
        spec.db.display()
    );
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
    let status = cmd.status().with_context(|| format!("cannot run `{}`", command.join(" ")))?;
    if !status.success() {
        bail!("`{}` failed ({status})", command.join(" "));
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
        registered_by: format!("the unit file {}", unit.display()),
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
        registered_by: format!("wsltune.exe: {}", text("registered_by").unwrap_or_default()),
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
