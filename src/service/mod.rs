//! Running `monitor` in the background: the Windows logon task (its XML and the `schtasks`
//! command lines), the no-console helper's arguments, the systemd unit inside WSL, and what
//! `service status` reads back — all plain functions; the commands that run them are in
//! `commands/service.rs`.

pub mod helper;
pub mod schtasks;
pub mod status;
pub mod systemd;
pub mod task;
pub mod texts;
pub mod winargs;

/// The name of the Windows task and of the systemd unit (`wsltune-monitor.service`).
pub const NAME: &str = "wsltune-monitor";

/// The log the Windows task's monitor writes, beside the history.
pub const LOG_FILE: &str = "wsltune-monitor.log";

/// The no-console helper's file name, beside `wsltune.exe`.
pub const HELPER_EXE: &str = "wsltunew.exe";
