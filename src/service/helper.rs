//! The no-console helper (`src/bin/wsltunew.rs`, `wsltunew.exe`): a GUI-subsystem program that
//! Task Scheduler starts without a console, and that starts `wsltune.exe` beside it with
//! `CREATE_NO_WINDOW`, its output in a log. A console program started by the task would get a
//! console window at every logon, and on Windows 11 with Windows Terminal as the default
//! terminal a Terminal window flashes even for hidden PowerShell (reference
//! `docker-and-windows.md` §8; trycua/cua #3983). Here only its arguments are read.

use std::ffi::OsString;
use std::path::PathBuf;

/// What the helper does: where its log goes and what `wsltune.exe` is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperPlan {
    /// The log (created afresh at each start; the previous one is kept as `<log>.previous`).
    pub log: PathBuf,
    /// The arguments for `wsltune.exe`.
    pub args: Vec<OsString>,
}

/// Reads `--log LOG <wsltune arguments…>`.
pub fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<HelperPlan, String> {
    if args.next().as_deref() != Some("--log".as_ref()) {
        return Err("usage: wsltunew.exe --log LOG <wsltune arguments>".to_owned());
    }
    let log = args.next().ok_or("--log needs a file")?;
    let rest: Vec<OsString> = args.collect();
    if rest.is_empty() {
        return Err("no wsltune arguments after --log LOG".to_owned());
    }
    Ok(HelperPlan { log: PathBuf::from(log), args: rest })
}

/// Where the previous log is kept when a new one starts.
pub fn previous_log(log: &std::path::Path) -> PathBuf {
    let mut name = log.as_os_str().to_owned();
    name.push(".previous");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> impl Iterator<Item = OsString> {
        args.iter().map(OsString::from).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn the_log_comes_first_then_wsltunes_arguments() {
        let plan = parse_args(os(&["--log", r"C:\A B\m.log", "monitor", "--db", "x"])).unwrap();
        assert_eq!(plan.log, PathBuf::from(r"C:\A B\m.log"));
        assert_eq!(plan.args, ["monitor", "--db", "x"]);
        assert!(parse_args(os(&["monitor"])).is_err());
        assert!(parse_args(os(&["--log", "m.log"])).is_err());
        assert_eq!(previous_log("m.log".as_ref()), PathBuf::from("m.log.previous"));
    }
}
