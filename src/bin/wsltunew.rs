//! `wsltunew.exe`: the no-console helper the Windows logon task runs. A GUI-subsystem program
//! gets no console, and it starts `wsltune.exe` (beside it) with `CREATE_NO_WINDOW`, its output
//! in the log named by `--log`, then waits for it and exits with its status, so that Task
//! Scheduler's restart-on-failure sees a failed monitor. See `wsltune::service::helper`.

#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::{Command, ExitCode, Stdio};

use wsltune::service::helper;

fn main() -> ExitCode {
    let plan = match helper::parse_args(std::env::args_os().skip(1)) {
        Ok(plan) => plan,
        // No console to say it on: the task's last result (2) tells.
        Err(_) => return ExitCode::from(2),
    };
    let exe_name = if cfg!(windows) { "wsltune.exe" } else { "wsltune" };
    let Some(exe) = std::env::current_exe().ok().and_then(|p| Some(p.parent()?.join(exe_name)))
    else {
        return ExitCode::from(1);
    };
    // The previous run's log is kept once, so a restart does not lose why it stopped.
    let _ = std::fs::rename(&plan.log, helper::previous_log(&plan.log));
    let Ok(log) = std::fs::File::create(&plan.log) else { return ExitCode::from(1) };
    let Ok(log_err) = log.try_clone() else { return ExitCode::from(1) };
    let mut command = Command::new(&exe);
    command.args(&plan.args).stdin(Stdio::null()).stdout(log).stderr(log_err);
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // CREATE_NO_WINDOW: the console program gets a console of its own that has no window.
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    match command.status() {
        Ok(status) => ExitCode::from(status.code().map_or(1, |c| u8::try_from(c).unwrap_or(1))),
        Err(_) => ExitCode::from(1),
    }
}
