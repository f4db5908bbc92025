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
use crate::service::texts as t;
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
            crate::usage_error!("{}", t::SYSTEMD_ON_WINDOWS)
        }
        (ServiceAction::Install(a), Kind::Windows) => install_windows(&inputs, a),
        (ServiceAction::Uninstall(_), Kind::Windows) => uninstall_windows(),
        (ServiceAction::Install(a), _) => linux::install(&inputs, kind, a),
        (ServiceAction::Uninstall(a), _) => linux::uninstall(&inputs, a),
        (ServiceAction::Status(a), _) => {
            let services = gather(&inputs, kind);
            let mut out = crate::term::stdout_for(a.json);
            if a.json {
                serde_json::to_writer_pretty(&mut out, &services)
                    .context(t::WRITING_STATUS.get())?;
                writeln!(out).context(t::WRITING_STATUS.get())?;
            } else {
                for status in [&services.windows_task, &services.systemd].into_iter().flatten() {
                    for (label, value) in describe(status) {
                        // Padded by display width: a Japanese label takes two columns a character.
                        let pad = 14usize.saturating_sub(crate::term::display_width(label));
                        writeln!(out, "{label}{:pad$} {value}", "")
                            .context(t::WRITING_STATUS.get())?;
                    }
                }
                if services.windows_task.is_none() && services.systemd.is_none() {
                    writeln!(out, "{}", t::NOTHING_TO_ASK).context(t::WRITING_STATUS.get())?;
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
    let exe = std::env::current_exe().context(t::EXE_UNKNOWN.get())?;
    let helper = exe.with_file_name(HELPER_EXE);
    let user = std::env::var("USERNAME").ok().filter(|u| !u.is_empty());
    let Some(user) = user else {
        bail!(t::NO_USERNAME.get());
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
        use crate::service::winargs::join;
        let placeholder = t::XML_PLACEHOLDER.get();
        let said = t::WOULD_REGISTER.fill(&[
            ("name", &NAME),
            ("create", &format!("schtasks.exe {}", join(&schtasks::create_args(placeholder)))),
            ("run", &format!("schtasks.exe {}", join(&schtasks::run_args()))),
            ("helper", &spec.helper),
            ("arguments", &join(&spec.arguments())),
            ("db", &spec.db),
        ]);
        writeln!(out, "{said}")?;
        out.write_all(xml.as_bytes())?;
        return Ok(Outcome::Success);
    }
    if !Path::new(&spec.helper).is_file() {
        bail!(t::NO_HELPER.fill(&[("helper", &spec.helper)]));
    }
    if let Some(dir) = Path::new(&spec.db).parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| t::CANNOT_CREATE_FOLDER.fill(&[("path", &dir.display())]))?;
    }
    let mut file = tempfile::Builder::new().prefix("wsltune-task-").suffix(".xml").tempfile()?;
    file.write_all(&task::file_bytes(&xml)).context(t::WRITING_XML.get())?;
    file.flush()?;
    // Closed (kept until the end of this function) so that schtasks can open it: Wine's fails
    // on a file still open here.
    let file = file.into_temp_path();
    let xml_path = file.display().to_string();
    schtasks_run(&schtasks::create_args(&xml_path)).context(t::REGISTERING.get())?;
    // Started now too, so that recording does not wait for the next logon.
    let started = schtasks_run(&schtasks::run_args());
    let started = match started {
        Ok(()) => t::STARTED_NOW.get().to_owned(),
        Err(e) => t::STARTS_AT_LOGON.fill(&[("error", &crate::i18n::os::chain(&e))]),
    };
    let said = t::REGISTERED_TASK.fill(&[
        ("name", &NAME),
        ("helper", &spec.helper),
        ("db", &spec.db),
        ("log", &spec.log),
        ("started", &started),
    ]);
    writeln!(out, "{said}")?;
    Ok(Outcome::Success)
}

fn uninstall_windows() -> anyhow::Result<Outcome> {
    // A task that does not run says so on /End: not an error.
    let _ = schtasks_run(&schtasks::end_args());
    schtasks_run(&schtasks::delete_args()).context(t::REMOVING.get())?;
    writeln!(std::io::stdout().lock(), "{}", t::REMOVED_TASK.fill(&[("name", &NAME)]))?;
    Ok(Outcome::Success)
}

/// Runs `schtasks.exe` with `args`; its own words on failure.
fn schtasks_run(args: &[String]) -> anyhow::Result<()> {
    let out =
        Command::new("schtasks.exe").args(args).output().context(t::SCHTASKS_CANNOT_RUN.get())?;
    if !out.status.success() {
        let said = schtasks::decode_output(&out.stderr) + &schtasks::decode_output(&out.stdout);
        bail!(t::SCHTASKS_FAILED.fill(&[("args", &args.join(" ")), ("said", &said.trim())]));
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
            status.registered_by = t::BY_QUERY.en.to_owned();
            action
        }
        Some((false, _)) => {
            status.registered = Some(false);
            status.registered_by = t::BY_QUERY.en.to_owned();
            None
        }
        None => {
            status.registered_by = t::BY_NO_SCHTASKS.en.to_owned();
            None
        }
    };
    // Wine's schtasks answers /Query with nothing: the task's file then tells.
    if action.is_none() && status.registered == Some(true) {
        let file = task_file();
        status.registered = file.as_ref().map(|f| f.is_file());
        // In English whatever the language: `--json` reads the same everywhere.
        status.registered_by = match &file {
            Some(f) => crate::i18n::fill(t::BY_TASK_FILE.en, &[("path", &f.display())]),
            None => t::BY_QUERY_SILENT.en.to_owned(),
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
