//! The systemd unit inside WSL: a **system** unit with `User=`, because `systemctl --user`
//! often fails in WSL with "Failed to connect to bus" (shells start without a login session;
//! microsoft/WSL #8842, #10205, #13043) unless lingering is enabled (reference
//! `docker-and-windows.md` §8). It still stops with the distro: WSL stops a distro ~15 s after
//! its last terminal closes (`instanceIdleTimeout`, 15000 ms) and processes systemd started
//! do not count (microsoft/WSL #9667), unless `.wslconfig` has `[general]
//! instanceIdleTimeout=-1`, which keeps the distro — and with it the VM — running.

use std::path::{Path, PathBuf};

/// Where the unit is written.
pub const UNIT_PATH: &str = "/etc/systemd/system/wsltune-monitor.service";

/// What the unit runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSpec {
    /// The `wsltune` binary.
    pub exe: PathBuf,
    /// The history (the user's, not root's).
    pub db: PathBuf,
    /// The user it runs as.
    pub user: String,
}

/// One word of a unit's command line: quoted when it holds a space, a quote or a backslash;
/// `%` (specifiers) and `$` (variables) doubled (systemd.service(5), "Command lines";
/// systemd.unit(5), "Specifiers").
pub fn quote(word: &str) -> String {
    let escaped = word.replace('%', "%%").replace('$', "$$");
    if !escaped.is_empty() && !escaped.contains([' ', '\t', '"', '\'', '\\', ';']) {
        return escaped;
    }
    format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The unit's text.
pub fn unit_text(spec: &UnitSpec) -> String {
    let exec = [
        spec.exe.to_string_lossy().into_owned(),
        "--db".to_owned(),
        spec.db.to_string_lossy().into_owned(),
        "monitor".to_owned(),
        "--format".to_owned(),
        "quiet".to_owned(),
    ]
    .iter()
    .map(|w| quote(w))
    .collect::<Vec<_>>()
    .join(" ");
    format!(
        "# Written by `wsltune service install --systemd`; removed by `wsltune service uninstall`.\n\
         # It runs only while this distro runs: WSL stops the distro about 15 s after its last\n\
         # terminal closes unless .wslconfig has [general] instanceIdleTimeout=-1 (which keeps\n\
         # the VM running too). The Windows task (`wsltune service install --windows`) does not.\n\
         [Unit]\n\
         Description=wsltune monitor: records the WSL 2 VM and Docker's disks into the history\n\
         \n\
         [Service]\n\
         Type=simple\n\
         User={user}\n\
         ExecStart={exec}\n\
         # SIGTERM makes monitor write what is pending and exit 0.\n\
         KillSignal=SIGTERM\n\
         Restart=on-failure\n\
         RestartSec=30\n\
         \n\
         [Install]\n\
         WantedBy=multi-user.target\n",
        user = quote(&spec.user),
    )
}

/// The commands that install the unit written to `staged` (run through `sudo` unless root).
pub fn install_commands(staged: &Path) -> Vec<Vec<String>> {
    let staged = staged.to_string_lossy().into_owned();
    vec![
        ["install", "-m", "644", &staged, UNIT_PATH].map(str::to_owned).to_vec(),
        ["systemctl", "daemon-reload"].map(str::to_owned).to_vec(),
        ["systemctl", "enable", "--now", "wsltune-monitor.service"].map(str::to_owned).to_vec(),
    ]
}

/// The commands that remove it.
pub fn uninstall_commands() -> Vec<Vec<String>> {
    vec![
        ["systemctl", "disable", "--now", "wsltune-monitor.service"].map(str::to_owned).to_vec(),
        ["rm", "-f", UNIT_PATH].map(str::to_owned).to_vec(),
        ["systemctl", "daemon-reload"].map(str::to_owned).to_vec(),
    ]
}

/// Whether systemd runs as PID 1 here (`/run/systemd/system` exists: sd_booted(3)).
pub fn booted(root: &Path) -> bool {
    root.join("run/systemd/system").is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_runs_the_monitor_as_the_user_with_their_history() {
        let text = unit_text(&UnitSpec {
            exe: "/home/alice/.cargo/bin/wsltune".into(),
            db: "/home/alice/my data/100%/wsltune.db".into(),
            user: "alice".into(),
        });
        assert!(text.contains("\nUser=alice\n"), "{text}");
        assert!(
            text.contains(
                "\nExecStart=/home/alice/.cargo/bin/wsltune --db \"/home/alice/my data/100%%/wsltune.db\" monitor --format quiet\n"
            ),
            "{text}"
        );
        assert!(text.contains("Restart=on-failure"));
        assert!(text.contains("WantedBy=multi-user.target"));
        assert!(text.contains("instanceIdleTimeout=-1"));
    }

    #[test]
    fn words_are_quoted_for_systemd() {
        assert_eq!(quote("/usr/bin/wsltune"), "/usr/bin/wsltune");
        assert_eq!(quote("a b"), "\"a b\"");
        assert_eq!(quote(r#"a"\b"#), r#""a\"\\b""#);
        assert_eq!(quote("$HOME"), "$$HOME");
        assert_eq!(quote(""), "\"\"");
    }

    #[test]
    fn the_unit_is_installed_then_enabled() {
        let c = install_commands(Path::new("/tmp/u.service"));
        assert_eq!(c[0], ["install", "-m", "644", "/tmp/u.service", UNIT_PATH]);
        assert_eq!(c[2], ["systemctl", "enable", "--now", "wsltune-monitor.service"]);
        assert_eq!(uninstall_commands()[0][1], "disable");
    }
}
