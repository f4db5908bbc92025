//! Which history a reading command (`export`, `report`, `recommend`, `apply`) reads, and how.
//!
//! The Windows task records into `%LOCALAPPDATA%\wsltune\wsltune.db`. Inside WSL that file is
//! `/mnt/c/Users/<you>/AppData/Local/wsltune/wsltune.db`, but SQLite must not read it there
//! while the Windows monitor writes it: a WAL database needs its `-shm` index mapped by every
//! process that opens it, and the 9P/drvfs mount shares no memory with Windows ("WAL does not
//! work over a network filesystem", sqlite.org/wal.html; readers even write read-marks into the
//! index). So a history on a Windows drive is read by `wsltune.exe` itself, natively, and
//! streamed here (`wsltune.exe export --format jsonl` through interop) into a temporary history
//! (`commands::open_history`). The choice is made by [`choose`], a plain function.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::winpath::DriveMounts;

/// Where the Windows task's history is, under a Windows profile folder.
pub fn windows_side_db(profile: &Path) -> PathBuf {
    profile.join("AppData").join("Local").join("wsltune").join("wsltune.db")
}

/// Where the README's one-liner installs `wsltune.exe`, under a Windows profile folder.
pub fn installed_windows_exe(profile: &Path) -> PathBuf {
    profile.join("AppData").join("Local").join("wsltune").join("bin").join("wsltune.exe")
}

/// `wsltune.exe` as seen from WSL: on `PATH` (WSL appends the Windows PATH), else where the
/// README installs it in the profile.
pub fn find_windows_exe(
    path_var: Option<&OsStr>,
    profile: Option<&Path>,
    is_file: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    path_var
        .into_iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("wsltune.exe"))
        .chain(profile.map(installed_windows_exe))
        .find(|p| is_file(p))
}

/// What a reading command reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryChoice {
    /// A file opened directly (read-only).
    Direct(PathBuf),
    /// A history on a Windows drive, read by `wsltune.exe` natively and streamed here.
    ThroughWindows {
        /// The file as seen here (`/mnt/c/...`).
        local: PathBuf,
        /// The file as Windows names it, for `wsltune.exe --db`.
        windows: String,
        /// The `wsltune.exe` to run.
        exe: PathBuf,
    },
    /// A history on a Windows drive with no `wsltune.exe` to read it safely.
    NeedsWindowsBuild {
        /// The file as seen here.
        local: PathBuf,
        /// The file as Windows names it.
        windows: String,
    },
}

/// What [`choose`] decides from.
#[derive(Debug, Clone)]
pub struct HistoryFacts {
    /// `--db`.
    pub explicit: Option<PathBuf>,
    /// The default Linux-side history (`~/.local/share/wsltune/wsltune.db`), if a home is known.
    pub linux_default: Option<PathBuf>,
    /// The Windows task's history as seen here, when a Windows profile is known.
    pub windows_side: Option<PathBuf>,
    /// How Windows drives appear here (`Native` natively on Windows: nothing is across).
    pub mounts: DriveMounts,
    /// `wsltune.exe`, if found.
    pub windows_exe: Option<PathBuf>,
}

/// Decides which history to read: `--db` if given (through `wsltune.exe` when it is on a
/// Windows drive seen from Linux), else the Linux-side history when it exists, else the Windows
/// task's when that exists, else the Linux-side default (which then says it is missing).
pub fn choose(facts: &HistoryFacts, exists: impl Fn(&Path) -> bool) -> Option<HistoryChoice> {
    let across = |local: &Path| -> Option<HistoryChoice> {
        if facts.mounts == DriveMounts::Native {
            return None;
        }
        let windows = facts.mounts.to_windows(local)?;
        Some(match &facts.windows_exe {
            Some(exe) => HistoryChoice::ThroughWindows {
                local: local.to_path_buf(),
                windows,
                exe: exe.clone(),
            },
            None => HistoryChoice::NeedsWindowsBuild { local: local.to_path_buf(), windows },
        })
    };
    if let Some(db) = &facts.explicit {
        return Some(across(db).unwrap_or_else(|| HistoryChoice::Direct(db.clone())));
    }
    if let Some(db) = facts.linux_default.as_ref().filter(|p| exists(p)) {
        return Some(HistoryChoice::Direct(db.clone()));
    }
    if let Some(choice) = facts.windows_side.as_ref().filter(|p| exists(p)).and_then(|p| across(p))
    {
        return Some(choice);
    }
    facts.linux_default.clone().map(HistoryChoice::Direct)
}

/// What to do when no `wsltune.exe` can read a Windows-side history: said exactly.
pub fn needs_windows_build(local: &Path, windows: &str) -> String {
    super::texts::NEEDS_WINDOWS_BUILD.fill(&[("path", &local.display()), ("windows", &windows)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> HistoryFacts {
        HistoryFacts {
            explicit: None,
            linux_default: Some("/home/a/.local/share/wsltune/wsltune.db".into()),
            windows_side: Some(windows_side_db(Path::new("/mnt/c/Users/山田"))),
            mounts: DriveMounts::Automount { fs_root: "/".into(), automount: "/mnt/".into() },
            windows_exe: Some("/mnt/c/Users/山田/AppData/Local/wsltune/bin/wsltune.exe".into()),
        }
    }

    #[test]
    fn the_linux_history_wins_then_the_windows_tasks() {
        let f = facts();
        let linux = f.linux_default.clone().unwrap();
        assert_eq!(choose(&f, |_| true), Some(HistoryChoice::Direct(linux.clone())));
        let through = choose(&f, |p| p.starts_with("/mnt/c")).unwrap();
        assert_eq!(
            through,
            HistoryChoice::ThroughWindows {
                local: "/mnt/c/Users/山田/AppData/Local/wsltune/wsltune.db".into(),
                windows: r"C:\Users\山田\AppData\Local\wsltune\wsltune.db".into(),
                exe: f.windows_exe.clone().unwrap(),
            }
        );
        // Neither: the Linux default, which then says it is missing.
        assert_eq!(choose(&f, |_| false), Some(HistoryChoice::Direct(linux)));
    }

    #[test]
    fn db_on_a_windows_drive_goes_through_windows_or_says_how() {
        let mut f = facts();
        f.explicit = Some("/mnt/d/h.db".into());
        f.windows_exe = None;
        assert_eq!(
            choose(&f, |_| true),
            Some(HistoryChoice::NeedsWindowsBuild {
                local: "/mnt/d/h.db".into(),
                windows: r"D:\h.db".into()
            })
        );
        f.explicit = Some("/home/a/h.db".into());
        assert_eq!(choose(&f, |_| true), Some(HistoryChoice::Direct("/home/a/h.db".into())));
        // Natively on Windows nothing is across a boundary.
        f.mounts = DriveMounts::Native;
        f.explicit = Some(r"C:\h.db".into());
        assert_eq!(choose(&f, |_| true), Some(HistoryChoice::Direct(r"C:\h.db".into())));
    }

    #[test]
    fn wsltune_exe_is_looked_for_on_path_then_in_the_profile() {
        let profile = Path::new("/mnt/c/Users/a");
        let installed = installed_windows_exe(profile);
        let path = std::env::join_paths(["/x", "/mnt/c/tools"]).unwrap();
        let found = find_windows_exe(Some(&path), Some(profile), |p| p.starts_with("/mnt/c/tools"));
        assert_eq!(found, Some(PathBuf::from("/mnt/c/tools/wsltune.exe")));
        let found = find_windows_exe(Some(&path), Some(profile), |p| p == installed);
        assert_eq!(found, Some(installed));
        assert_eq!(find_windows_exe(None, None, |_| true), None);
    }
}
