//! Windows paths as seen from here: `C:\Users\alice` → `/mnt/c/Users/alice` inside WSL (under the
//! automount root of `/etc/wsl.conf`), or unchanged on Windows; `\\?\` prefixes stripped.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// How Windows drives appear on this system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriveMounts {
    /// Natively on Windows: a Windows path is a local path.
    Native,
    /// Drives are folders `<fs_root>/<automount>/<letter>` (WSL's drvfs automount).
    Automount {
        /// The Linux filesystem root (`/`, or `--root`).
        fs_root: PathBuf,
        /// The automount root inside the distro, from `/etc/wsl.conf` (default `/mnt/`).
        automount: PathBuf,
    },
}

impl DriveMounts {
    /// The local folder where drive `letter` is mounted (`/mnt/c`), if drives are folders.
    pub fn drive_dir(&self, letter: char) -> Option<PathBuf> {
        match self {
            DriveMounts::Native => None,
            DriveMounts::Automount { fs_root, automount } => {
                let letter = letter.to_ascii_lowercase().to_string();
                Some(under_root(fs_root, automount).join(letter))
            }
        }
    }

    /// Converts a Windows path to a local one; `None` for paths with no local form (UNC shares
    /// inside WSL, relative paths).
    pub fn to_local(&self, windows_path: &str) -> Option<PathBuf> {
        let path = strip_verbatim(windows_path.trim());
        match self {
            DriveMounts::Native => Some(PathBuf::from(path.as_ref())),
            DriveMounts::Automount { .. } => {
                let (letter, rest) = split_drive(&path)?;
                let mut local = self.drive_dir(letter)?;
                for part in rest.split(['\\', '/']).filter(|p| !p.is_empty() && *p != ".") {
                    local.push(part);
                }
                Some(local)
            }
        }
    }
}

impl DriveMounts {
    /// The Windows form of a local path (`/mnt/c/Users/a` → `C:\Users\a`), for commands the
    /// user runs in PowerShell; `None` when the path is not on a Windows drive.
    pub fn to_windows(&self, local: &Path) -> Option<String> {
        match self {
            DriveMounts::Native => Some(local.display().to_string()),
            DriveMounts::Automount { fs_root, automount } => {
                let rest = local.strip_prefix(under_root(fs_root, automount)).ok()?;
                let mut parts =
                    rest.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
                let drive = parts
                    .next()
                    .filter(|d| d.len() == 1 && d.chars().all(|c| c.is_ascii_alphabetic()))?;
                let tail: Vec<String> = parts.collect();
                Some(format!("{}:\\{}", drive.to_ascii_uppercase(), tail.join("\\")))
            }
        }
    }
}

/// Joins a distro-absolute path (`/mnt/`) under a filesystem root (`/` or `--root`).
pub fn under_root(fs_root: &Path, absolute: &Path) -> PathBuf {
    let relative: PathBuf =
        absolute.components().filter(|c| matches!(c, std::path::Component::Normal(_))).collect();
    fs_root.join(relative)
}

/// Removes the `\\?\` (and `\\?\UNC\`) verbatim prefix that WSL's registry entries carry
/// (`BasePath` = `\\?\C:\Users\...`, reference facts §3.1).
pub fn strip_verbatim(path: &str) -> Cow<'_, str> {
    if let Some(rest) = path.strip_prefix(r"\\?\UNC\") {
        return Cow::Owned(format!(r"\\{rest}")); // a share: \\server\share
    }
    Cow::Borrowed(path.strip_prefix(r"\\?\").or_else(|| path.strip_prefix(r"\??\")).unwrap_or(path))
}

/// Splits `C:\rest` or `C:/rest` into the drive letter and the rest.
pub fn split_drive(path: &str) -> Option<(char, &str)> {
    let mut chars = path.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    if chars.next() != Some(':') {
        return None;
    }
    let rest = path.get(2..)?;
    if !(rest.is_empty() || rest.starts_with(['\\', '/'])) {
        return None; // `C:foo` is relative to the drive's current folder: no fixed meaning.
    }
    Some((letter, rest))
}

/// Reads the `[automount] root` setting from the text of `/etc/wsl.conf` (default `/mnt/`).
///
/// wsl.conf uses the same gitconfig-like syntax as `.wslconfig`: `#` comments, case-insensitive
/// section and key names, optional quotes.
pub fn automount_root(wsl_conf: &str) -> Option<PathBuf> {
    let mut in_automount = false;
    for line in wsl_conf.lines() {
        let line = strip_comment(line).trim();
        if let Some(section) = line.strip_prefix('[') {
            in_automount = section.trim_end_matches(']').trim().eq_ignore_ascii_case("automount");
            continue;
        }
        if !in_automount {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        if key.trim().eq_ignore_ascii_case("root") {
            let value = value.trim().trim_matches('"').trim();
            if value.starts_with('/') {
                return Some(PathBuf::from(value));
            }
        }
    }
    None
}

fn strip_comment(line: &str) -> &str {
    let mut in_quotes = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '#' if !in_quotes => return line.get(..i).unwrap_or(line),
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wsl(root: &str, automount: &str) -> DriveMounts {
        DriveMounts::Automount { fs_root: root.into(), automount: automount.into() }
    }

    #[test]
    fn converts_drive_paths() {
        let m = wsl("/", "/mnt/");
        assert_eq!(m.to_local(r"C:\Users\alice"), Some("/mnt/c/Users/alice".into()));
        assert_eq!(
            m.to_local(r"D:\Docker\\DockerDesktopWSL\"),
            Some("/mnt/d/Docker/DockerDesktopWSL".into())
        );
        assert_eq!(m.to_local("e:/x/y"), Some("/mnt/e/x/y".into()));
        assert_eq!(m.to_local(r"\\?\C:\Users\a\AppData"), Some("/mnt/c/Users/a/AppData".into()));
        assert_eq!(m.to_local(r"C:\"), Some("/mnt/c".into()));
    }

    #[test]
    fn converts_under_a_fixture_root_and_custom_automount() {
        let m = wsl("/tmp/fx", "/windir/");
        assert_eq!(m.to_local(r"C:\Users\bob"), Some("/tmp/fx/windir/c/Users/bob".into()));
        let m = wsl("/tmp/fx", "/");
        assert_eq!(m.to_local(r"D:\a"), Some("/tmp/fx/d/a".into()));
    }

    #[test]
    fn converts_back_to_windows_paths() {
        let m = wsl("/", "/mnt/");
        assert_eq!(
            m.to_windows(Path::new("/mnt/c/Users/a/x.vhdx")).as_deref(),
            Some(r"C:\Users\a\x.vhdx")
        );
        assert_eq!(m.to_windows(Path::new("/home/a")), None);
        assert_eq!(m.to_windows(Path::new("/mnt/wsl/x")), None);
        let m = wsl("/tmp/fx", "/windir/");
        assert_eq!(m.to_windows(Path::new("/tmp/fx/windir/d/dd")).as_deref(), Some(r"D:\dd"));
    }

    #[test]
    fn refuses_paths_without_a_drive() {
        let m = wsl("/", "/mnt/");
        assert_eq!(m.to_local(r"\\server\share\x"), None);
        assert_eq!(m.to_local(r"relative\path"), None);
        assert_eq!(m.to_local("C:relative"), None);
        assert_eq!(m.to_local(""), None);
        assert_eq!(m.to_local("é:"), None);
    }

    #[test]
    fn native_paths_are_kept_without_the_verbatim_prefix() {
        assert_eq!(DriveMounts::Native.to_local(r"\\?\C:\x"), Some(r"C:\x".into()));
        assert_eq!(strip_verbatim(r"\\?\UNC\srv\share\d"), r"\\srv\share\d");
        assert_eq!(strip_verbatim(r"C:\plain"), r"C:\plain");
    }

    #[test]
    fn reads_automount_root() {
        assert_eq!(automount_root("[automount]\nroot = /windir/\n"), Some("/windir/".into()));
        assert_eq!(
            automount_root("[AutoMount]\n  Root=\"/\"  # all drives at /\n"),
            Some("/".into())
        );
        assert_eq!(automount_root("[boot]\nroot=/x/\n[automount]\nenabled=true\n"), None);
        assert_eq!(automount_root("# nothing\n"), None);
    }
}
