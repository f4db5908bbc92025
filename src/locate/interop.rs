//! Asking Windows from inside WSL: `cmd.exe`, `wslpath`, `reg.exe` and `wsl.exe` through WSL interop,
//! each bounded by a timeout so a hung interop never hangs wsltune.
//!
//! Everything that needs Windows goes through the [`WindowsSide`] trait, so that the lookups are
//! tested with canned answers and fixture trees never reach the real Windows.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one interop call may take: starting the first Windows process after boot is slow.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Answers that only Windows can give.
pub trait WindowsSide {
    /// `%USERPROFILE%` as Windows sees it, e.g. `C:\Users\alice`.
    fn userprofile(&self) -> Option<String>;
    /// The local form of a Windows path (`wslpath -u`).
    fn wslpath(&self, windows_path: &str) -> Option<PathBuf>;
    /// The text of `reg.exe query HKCU\...\Lxss /s`: WSL's registered distros.
    fn lxss_query(&self) -> Option<String>;
    /// What `wsl.exe --version` printed, even when it failed: the inbox WSL prints its usage
    /// and exits non-zero. Raw bytes (UTF-16LE unless `WSL_UTF8=1`: `wsl_output::decode`).
    fn wsl_version(&self) -> Option<Vec<u8>> {
        None
    }
    /// What `wsl.exe -l -v` printed (it only enumerates: it never starts the VM).
    fn wsl_list_verbose(&self) -> Option<Vec<u8>> {
        None
    }
    /// What `cmd.exe /c ver` printed: `Microsoft Windows [Version 10.0.19045.3393]`.
    fn windows_version(&self) -> Option<Vec<u8>> {
        None
    }
    /// What `wslinfo --version` printed inside the distro (the WSL package's version).
    fn wslinfo_version(&self) -> Option<Vec<u8>> {
        None
    }
    /// What `wsl.exe --list --running --quiet` printed: the running distros' names, one a line
    /// (it only enumerates: it never starts the VM).
    fn wsl_list_running(&self) -> Option<Vec<u8>> {
        None
    }
}

/// Canned answers read from files in a fixture tree (`<--root>/.wsltune-windows/`), the bytes
/// as the Windows programs print them: `wsl-version` (`wsl.exe --version`), `wsl-list-verbose`
/// (`wsl.exe -l -v`), `cmd-ver` (`cmd.exe /c ver`), `wslinfo-version`, `reg-lxss`
/// (`reg.exe query …\Lxss /s`). A missing file is a program that could not be run.
#[derive(Debug)]
pub struct FixtureWindows {
    /// The folder with the answers.
    pub dir: PathBuf,
}

impl FixtureWindows {
    /// The folder of canned answers in a fixture tree whose Linux root is `root`.
    pub fn in_root(root: &Path) -> Self {
        FixtureWindows { dir: root.join(".wsltune-windows") }
    }

    fn read(&self, name: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(name)).ok()
    }
}

impl WindowsSide for FixtureWindows {
    fn userprofile(&self) -> Option<String> {
        None
    }
    fn wslpath(&self, _windows_path: &str) -> Option<PathBuf> {
        None
    }
    fn lxss_query(&self) -> Option<String> {
        self.read("reg-lxss").map(|b| String::from_utf8_lossy(&b).into_owned())
    }
    fn wsl_version(&self) -> Option<Vec<u8>> {
        self.read("wsl-version")
    }
    fn wsl_list_verbose(&self) -> Option<Vec<u8>> {
        self.read("wsl-list-verbose")
    }
    fn windows_version(&self) -> Option<Vec<u8>> {
        self.read("cmd-ver")
    }
    fn wslinfo_version(&self) -> Option<Vec<u8>> {
        self.read("wslinfo-version")
    }
    fn wsl_list_running(&self) -> Option<Vec<u8>> {
        self.read("wsl-list-running")
    }
}

/// No Windows to ask: fixture trees, plain Linux, or interop turned off.
#[derive(Debug, Default)]
pub struct NoInterop;

impl WindowsSide for NoInterop {
    fn userprofile(&self) -> Option<String> {
        None
    }
    fn wslpath(&self, _windows_path: &str) -> Option<PathBuf> {
        None
    }
    fn lxss_query(&self) -> Option<String> {
        None
    }
}

/// WSL interop: runs Windows programs from inside the distro.
#[derive(Debug)]
pub struct Interop {
    /// A Windows folder to run from (cmd.exe warns about UNC paths when started in a Linux
    /// folder), and where `System32` is looked for when `cmd.exe` is not on PATH.
    pub c_drive: Option<PathBuf>,
}

impl Interop {
    /// The text of `reg.exe query <key> /v <name>`.
    pub fn reg_query(&self, key: &str, name: &str) -> Option<String> {
        let reg = self.windows_program("reg.exe");
        run(&reg, &["query", key, "/v", name], self.c_drive.as_deref())
    }

    fn windows_program(&self, name: &str) -> PathBuf {
        // WSL appends the Windows PATH by default (`[interop] appendWindowsPath`); when that is
        // off, System32 is still at its usual place.
        if let Some(c) = &self.c_drive {
            let full = c.join("Windows").join("System32").join(name);
            if full.is_file() {
                return full;
            }
        }
        PathBuf::from(name)
    }
}

impl WindowsSide for Interop {
    fn userprofile(&self) -> Option<String> {
        let cmd = self.windows_program("cmd.exe");
        let out = run(&cmd, &["/d", "/c", "echo", "%USERPROFILE%"], self.c_drive.as_deref())?;
        let value = out.trim();
        (!value.is_empty() && !value.contains('%')).then(|| value.to_owned())
    }

    fn wslpath(&self, windows_path: &str) -> Option<PathBuf> {
        let out = run(Path::new("wslpath"), &["-u", windows_path], None)?;
        let value = out.trim();
        (!value.is_empty()).then(|| PathBuf::from(value))
    }

    fn lxss_query(&self) -> Option<String> {
        let reg = self.windows_program("reg.exe");
        let key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss";
        run(&reg, &["query", key, "/s"], self.c_drive.as_deref())
    }

    fn wsl_version(&self) -> Option<Vec<u8>> {
        let wsl = self.windows_program("wsl.exe");
        run_bytes(&wsl, &["--version"], self.c_drive.as_deref()).map(|(_, out)| out)
    }

    fn wsl_list_verbose(&self) -> Option<Vec<u8>> {
        let wsl = self.windows_program("wsl.exe");
        let (ok, out) = run_bytes(&wsl, &["--list", "--verbose"], self.c_drive.as_deref())?;
        ok.then_some(out)
    }

    fn windows_version(&self) -> Option<Vec<u8>> {
        let cmd = self.windows_program("cmd.exe");
        let (ok, out) = run_bytes(&cmd, &["/d", "/c", "ver"], self.c_drive.as_deref())?;
        ok.then_some(out)
    }

    fn wslinfo_version(&self) -> Option<Vec<u8>> {
        let (ok, out) = run_bytes(Path::new("wslinfo"), &["--version"], None)?;
        ok.then_some(out)
    }

    fn wsl_list_running(&self) -> Option<Vec<u8>> {
        let wsl = self.windows_program("wsl.exe");
        let args = ["--list", "--running", "--quiet"];
        let (ok, out) = run_bytes(&wsl, &args, self.c_drive.as_deref())?;
        // With none running it prints a message and exits non-zero: no distro runs.
        Some(if ok { out } else { Vec::new() })
    }
}

/// Runs a program with a timeout and returns its standard output when it succeeded.
fn run(program: &Path, args: &[&str], cwd: Option<&Path>) -> Option<String> {
    let (ok, bytes) = run_bytes(program, args, cwd)?;
    ok.then(|| String::from_utf8_lossy(&bytes).into_owned())
}

/// Runs a program with a timeout (5 s): whether it succeeded, and its standard output; `None` when it
/// could not be started or took too long.
pub fn run_bytes(program: &Path, args: &[&str], cwd: Option<&Path>) -> Option<(bool, Vec<u8>)> {
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
    // Natively on Windows, a console program started from one without a console (the
    // background monitor) would open a window of its own: CREATE_NO_WINDOW.
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        command.creation_flags(0x0800_0000);
    }
    if let Some(dir) = cwd.filter(|d| d.is_dir()) {
        command.current_dir(dir);
    }
    let mut child = command.spawn().ok()?;
    let mut stdout = child.stdout.take()?;
    // Read on a thread so that a chatty child cannot block on a full pipe while we wait.
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < TIMEOUT => {
                std::thread::sleep(Duration::from_millis(20))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    let bytes = reader.join().ok()?.ok()?;
    Some((status.success(), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_captures_output_and_status() {
        assert_eq!(run(Path::new("echo"), &["hi"], None).as_deref(), Some("hi\n"));
        assert_eq!(run(Path::new("false"), &[], None), None);
        assert_eq!(run(Path::new("/nonexistent/program"), &[], None), None);
        let failed = run_bytes(Path::new("sh"), &["-c", "echo usage; exit 1"], None);
        assert_eq!(failed, Some((false, b"usage\n".to_vec())), "a failure's output is kept");
    }
}
