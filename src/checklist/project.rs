//! Is the project folder on a Windows drive (`/mnt/c/...`)? Docker's WSL 2 guide: bind mounts
//! from there are slow (9p), and file changes there raise no inotify events inside containers.

use std::path::{Path, PathBuf};

/// One line of `/proc/mounts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The source (`C:\` for a Windows drive).
    pub source: String,
    /// The mount point.
    pub target: PathBuf,
    /// The filesystem type (`9p`, `drvfs`, `ext4`…).
    pub fstype: String,
}

/// Parses `/proc/mounts` (space-separated, with `\040`-style octal escapes).
pub fn parse_mounts(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let mut f = line.split(' ');
            let source = unescape(f.next()?);
            let target = PathBuf::from(unescape(f.next()?));
            let fstype = f.next()?.to_owned();
            Some(Mount { source, target, fstype })
        })
        .collect()
}

fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| b == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal.and_then(|d| u8::from_str_radix(std::str::from_utf8(d).ok()?, 8).ok()) {
            Some(value) => {
                out.push(value);
                i += 4;
            }
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why `path` (distro-absolute) is on a Windows drive, or `None`.
pub fn on_windows_drive(path: &Path, mounts: &[Mount], automount: &Path) -> Option<String> {
    if !mounts.is_empty() {
        // The mount table is the truth: the deepest mount point above the path decides.
        let m = mounts
            .iter()
            .filter(|m| path.starts_with(&m.target))
            .max_by_key(|m| m.target.as_os_str().len())?;
        let windows_fs = matches!(m.fstype.as_str(), "9p" | "drvfs" | "v9fs");
        let windows_source =
            crate::locate::winpath::split_drive(&m.source).is_some() || m.source == "drvfs";
        return (windows_fs && windows_source).then(|| {
            super::texts::MOUNTED_FROM_WINDOWS.fill(&[
                ("target", &m.target.display()),
                ("source", &m.source),
                ("fstype", &m.fstype),
            ])
        });
    }
    // No mount table (unreadable /proc): the automount layout decides.
    let rest = path.strip_prefix(automount).ok()?;
    let drive = rest.components().next()?.as_os_str().to_str()?;
    let mut letters = drive.chars();
    let letter = letters.next().filter(|c| c.is_ascii_alphabetic() && letters.next().is_none())?;
    Some(super::texts::AUTOMOUNT_FOLDER.fill(&[
        ("folder", &automount.join(drive).display()),
        ("drive", &letter.to_ascii_uppercase()),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "none /mnt/wsl tmpfs rw 0 0\nC:\\134 /mnt/c 9p rw,dirsync,aname=drvfs 0 0\n/dev/sdc / ext4 rw 0 0\nD:\\134My\\040Data /mnt/d 9p rw 0 0\n/dev/sdd /mnt/c/linuxdisk ext4 rw 0 0\n";

    #[test]
    fn parses_escapes() {
        let m = parse_mounts(MOUNTS);
        assert_eq!(m[1].source, "C:\\");
        assert_eq!(m[3].source, "D:\\My Data");
        assert_eq!(m[3].target, Path::new("/mnt/d"));
    }

    #[test]
    fn finds_windows_drives() {
        let m = parse_mounts(MOUNTS);
        let auto = Path::new("/mnt/");
        assert!(
            on_windows_drive(Path::new("/mnt/c/Users/a/src"), &m, auto)
                .unwrap()
                .contains("'C:\\', 9p")
        );
        assert!(on_windows_drive(Path::new("/home/a/src"), &m, auto).is_none());
        assert!(on_windows_drive(Path::new("/mnt/c/linuxdisk/src"), &m, auto).is_none());
        assert!(on_windows_drive(Path::new("/mnt/wsl/x"), &m, auto).is_none());
        // Without a mount table, the automount layout decides.
        assert!(on_windows_drive(Path::new("/mnt/e/x"), &[], auto).unwrap().contains("drive E:"));
        assert!(on_windows_drive(Path::new("/mnt/wsl/x"), &[], auto).is_none());
        assert!(on_windows_drive(Path::new("/windir/c"), &[], Path::new("/windir/")).is_some());
    }
}
