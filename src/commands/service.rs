//! `wsltune service install|uninstall|status`: the background monitor. Natively on Windows, a
//! per-user logon task registered with `schtasks.exe` whose action is the no-console helper;
//! inside WSL, the choice between that task (through `wsltune.exe`) and a systemd unit
//! (`service/linux.rs`). The task's XML, the command lines and the parsing are plain functions
//! in the `service` layer.

mod linux;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::Outcome;
use crate::cli::{GlobalArgs, ServiceAction, ServiceArgs, ServiceInstallArgs};
use crate::locate::{self, Inputs, Kind};
use crate::service::status::{ServiceStatus, describe, fill_from_history};
use crate::service::{HELPER_EXE, LOG_FILE, NAME, schtasks, task};

/// Both kinds of background monitor, as `service status --json` and `doctor --json` show them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Services {
    /// The Windows logon task; `null` where it cannot be asked (plain Linux, no wsltune.exe).
    pub windows_task: Option<ServiceStatus>,
    /// The systemd unit inside this distro; `null` natively on Windows.
    pub systemd: Option<ServiceStatus>,
}

/// Runs `wsltune service`.
pub fn run(global: &GlobalArgs, args: &ServiceArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::resolve(&global.overrides())?;
    let kind = locate::detect_environment(&inputs).kind;
    match (&args.action, kind) {
        (ServiceAction::Install(a), Kind::Windows) if a.systemd => {
            crate::usage_error!(
                "--systemd is for inside WSL; on Windows, install the task: wsltune service install"
            )
        }
        (ServiceAction::Install(a), Kind::Windows) => install_windows(&inputs, a),
        (ServiceAction::Uninstall(_), Kind::Windows) => uninstall_windows(),
        (ServiceAction::Install(a), _) => linux::install(&inputs, kind, a),
        (ServiceAction::Uninstall(a), _) => linux::uninstall(&inputs, a),
        (ServiceAction::Status(a), _) => {
            let services = gather(&inputs, kind);
            let mut out = crate::term::stdout_for(a.json);
            if a.json {
                serde_json::to_writer_pretty(&mut out, &services).context("writing the status")?;
                writeln!(out).context("writing the status")?;
            } else {
                for status in [&services.windows_task, &services.systemd].into_iter().flatten() {
                    for (label, value) in describe(status) {
                        // Padded by display width: a Japanese label takes two columns a character.
                        let pad = 14usize.saturating_sub(crate::term::display_width(label));
                        writeln!(out, "{label}{:pad$} {value}", "")
                            .context("writing the status")?;
                    }
                }
                if services.windows_task.is_none() && services.systemd.is_none() {
                    writeln!(out, "No background monitor can be asked about here.")?;
                }
            }
            Ok(Outcome::Success)
        }
    }
}

/// The background monitors visible from here (`service status`, `doctor`).
pub fn gather(inputs: &Inputs, kind: Kind) -> Services {
    match kind {
        Kind::Windows => Services { windows_task: Some(windows_status(inputs)), systemd: None },
        _ => linux::gather(inputs, kind),
    }
}

/// The task's definition for this user and history, natively on Windows.
fn task_spec(inputs: &Inputs) -> anyhow::Result<task::TaskSpec> {
    let db = locate::database_path(inputs.db.as_deref())?;
    let db = std::path::absolute(&db).unwrap_or(db);
    let exe = std::env::current_exe().context("cannot tell where wsltune.exe is")?;
    let helper = exe.with_file_name(HELPER_EXE);
    let user = std::env::var("USERNAME").ok().filter(|u| !u.is_empty());
    let Some(user) = user else {
        bail!("USERNAME is not set, so the task cannot name you; run this from your own session");
    };
    let user_id = match std::env::var("USERDOMAIN").ok().filter(|d| !d.is_empty()) {
        Some(domain) => format!("{domain}\\{user}"),
        None => user,
    };
    Ok(task::TaskSpec {
        user_id,
        helper: helper.display().to_string(),
        log: db.with_file_name(LOG_FILE).display().to_string(),
        db: db.display().to_string(),
    })
}

fn install_windows(inputs: &Inputs, args: &ServiceInstallArgs) -> anyhow::Result<Outcome> {
    let spec = task_spec(inputs)?;
    let xml = task::task_xml(&spec);
    let mut out = std::io::stdout().lock();
    if args.dry_run {
        writeln!(
            out,
            "Would register the Windows task '{NAME}' (at your logon, no window, no time limit):\n  schtasks.exe {}\n  schtasks.exe {}\nIts action: {} {}\nThe history: {}\nThe task's XML:\n",
            crate::service::winargs::join(&schtasks::create_args("<this XML, as UTF-16>")),
            crate::service::winargs::join(&schtasks::run_args()),
            spec.helper,
            crate::service::winargs::join(&spec.arguments()),
            spec.db,
        )?;
        out.write_all(xml.as_bytes())?;
        return Ok(Outcome::Success);
    }
    if !Path::new(&spec.helper).is_file() {
        bail!(
            "the no-console helper '{}' is not beside wsltune.exe; build both (cargo build --release --target x86_64-pc-windows-gnu builds wsltune.exe and wsltunew.exe) and copy them together (README, \"Getting the Windows build\")",
            spec.helper
        );
    }
    if let Some(dir) = Path::new(&spec.db).parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the history's folder '{}'", dir.display()))?;
    }
    let mut file = tempfile::Builder::new().prefix("wsltune-task-").suffix(".xml").tempfile()?;
    file.write_all(&task::file_bytes(&xml)).context("writing the task's XML")?;
    file.flush()?;
    // Closed (kept until the end of this function) so that schtasks can open it: Wine's fails
    // on a file still open here.
    let file = file.into_temp_path();
    let xml_path = file.display().to_string();
    schtasks_run(&schtasks::create_args(&xml_path)).context("registering the task")?;
    // Started now too, so that recording does not wait for the next logon.
    let started = schtasks_run(&schtasks::run_args());
    writeln!(
        out,
        "Registered the Windows task '{NAME}': at each logon it runs {} without a window,\nrecording into {} (log: {}).\n{}\nCheck it with `wsltune service status`; remove it with `wsltune service uninstall` (the history stays).",
        spec.helper,
        spec.db,
        spec.log,
        match started {
            Ok(()) => "Started it now.".to_owned(),
            Err(e) => format!("It starts at your next logon (starting it now failed: {e:#})."),
        }
    )?;
    Ok(Outcome::Success)
}

fn uninstall_windows() -> anyhow::Result<Outcome> {
    // A task that does not run says so on /End: not an error.
    let _ = schtasks_run(&schtasks::end_args());
    schtasks_run(&schtasks::delete_args()).context("removing the task")?;
    println!("Removed the Windows task '{NAME}'. The history is kept.");
    Ok(Outcome::Success)
}

/// Runs `schtasks.exe` with `args`; its own words on failure.
fn schtasks_run(args: &[String]) -> anyhow::Result<()> {
    let out = Command::new("schtasks.exe")
        .args(args)
        .output()
        .context("cannot run schtasks.exe (it is in C:\\Windows\\System32)")?;
    if !out.status.success() {
        let said = schtasks::decode_output(&out.stderr) + &schtasks::decode_output(&out.stdout);
        bail!("schtasks.exe {} failed: {}", args.join(" "), said.trim());
    }
    Ok(())
}

/// The task as Windows sees it, natively.
fn windows_status(inputs: &Inputs) -> ServiceStatus {
    let mut status = ServiceStatus { kind: "windows-task", ..Default::default() };
    let query = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        locate::interop::run_bytes(Path::new("schtasks.exe"), &args, None)
    };
    let action = match query(schtasks::query_xml_args()) {
        Some((true, bytes)) => {
            let action = schtasks::parse_task_action(&schtasks::decode_output(&bytes));
            status.registered = Some(true);
            status.registered_by = "schtasks /Query".to_owned();
            action
        }
        Some((false, _)) => {
            status.registered = Some(false);
            status.registered_by = "schtasks /Query".to_owned();
            None
        }
        None => {
            status.registered_by = "schtasks.exe could not be run".to_owned();
            None
        }
    };
    // Wine's schtasks answers /Query with nothing: the task's file then tells.
    if action.is_none() && status.registered == Some(true) {
        let file = task_file();
        status.registered = file.as_ref().map(|f| f.is_file());
        status.registered_by = match &file {
            Some(f) => format!("schtasks /Query said nothing; the task file {}", f.display()),
            None => "schtasks /Query said nothing".to_owned(),
        };
    }
    if let Some((true, bytes)) = query(schtasks::query_csv_args())
        && let Some(row) = schtasks::parse_query_csv(&schtasks::decode_output(&bytes))
    {
        status.state = Some(row.status);
    }
    let db = match action.as_ref().and_then(|a| a.value_of("--db")) {
        Some(db) => Some(PathBuf::from(db)),
        None => locate::database_path(inputs.db.as_deref()).ok(),
    };
    status.log = action
        .as_ref()
        .and_then(|a| a.value_of("--log").map(PathBuf::from))
        .or_else(|| db.as_ref().map(|d| d.with_file_name(LOG_FILE)));
    if let Some(db) = db {
        fill_from_history(&mut status, &db, true, crate::units::now_ms());
    }
    status
}

/// Where Task Scheduler keeps the task's definition (`%SystemRoot%\System32\Tasks\…`).
fn task_file() -> Option<PathBuf> {
    let root = std::env::var_os("SystemRoot").or_else(|| std::env::var_os("windir"))?;
    Some(PathBuf::from(root).join("System32").join("Tasks").join(NAME))
}
