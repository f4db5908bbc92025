//! `--replace`: the compacted copy takes the original's name, and the original stays beside it
//! as `<name>.before-compact` until the user removes it (reference/vhdx-writing.md §6.4).
//!
//! On Linux the original is first hard-linked to the backup name (which fails if that name
//! exists: nothing is overwritten), then the copy is renamed over the original (atomic). At no
//! moment is the original's name missing; a crash between the two steps leaves the backup and
//! the original as the same file, which the next run recognises and finishes. On Windows
//! `ReplaceFileW` does both and keeps the original's owner and ACL, which Docker Desktop needs
//! (docker/for-win#14228).

use std::path::{Path, PathBuf};

use crate::fsinfo::same_file_key;

/// Why the swap was not made; both files are as they were.
#[derive(Debug, thiserror::Error)]
pub enum SwapError {
    /// The backup name is taken by another file.
    #[error("{}", super::texts::BACKUP_EXISTS.fill(&[("path", &.0.display())]))]
    BackupExists(PathBuf),
    /// The file system refused.
    #[error("{}", super::texts::SWAP_FAILED.fill(&[("new", &.new.display())]))]
    Io {
        /// The compacted copy.
        new: PathBuf,
        /// What failed.
        #[source]
        source: std::io::Error,
    },
}

/// The name the original keeps after a swap.
pub fn backup_name(original: &Path) -> PathBuf {
    let mut name = original.file_name().unwrap_or_default().to_os_string();
    name.push(".before-compact");
    original.with_file_name(name)
}

/// Whether an earlier swap stopped between its two steps (the backup is the original itself).
pub fn interrupted(original: &Path) -> bool {
    let backup = backup_name(original);
    backup.exists() && linked(original, &backup)
}

#[cfg(unix)]
fn linked(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn linked(a: &Path, b: &Path) -> bool {
    same_file_key(a) == same_file_key(b)
}

/// Puts `new` in `original`'s place, keeping the original as [`backup_name`]; returns the
/// backup's path.
pub fn replace(original: &Path, new: &Path) -> Result<PathBuf, SwapError> {
    let backup = backup_name(original);
    let io = |source| SwapError::Io { new: new.to_path_buf(), source };
    if backup.exists() && !interrupted(original) {
        return Err(SwapError::BackupExists(backup));
    }
    if same_file_key(original) == same_file_key(new) {
        return Err(io(std::io::Error::other(super::texts::SAME_FILE.get())));
    }
    platform_replace(original, new, &backup).map_err(io)?;
    Ok(backup)
}

#[cfg(unix)]
fn platform_replace(original: &Path, new: &Path, backup: &Path) -> std::io::Result<()> {
    if !backup.exists() {
        std::fs::hard_link(original, backup)?;
    }
    sync_folder(original);
    std::fs::rename(new, original)?;
    sync_folder(original);
    Ok(())
}

#[cfg(unix)]
fn sync_folder(path: &Path) {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(windows)]
#[allow(unsafe_code)]
fn platform_replace(original: &Path, new: &Path, backup: &Path) -> std::io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::{REPLACEFILE_WRITE_THROUGH, ReplaceFileW};
    let wide =
        |p: &Path| -> Vec<u16> { p.as_os_str().encode_wide().chain(std::iter::once(0)).collect() };
    let (a, b, c) = (wide(original), wide(new), wide(backup));
    // SAFETY: three NUL-terminated UTF-16 strings that outlive the call; the reserved
    // pointers are null as the API requires.
    let ok = unsafe {
        ReplaceFileW(
            a.as_ptr(),
            b.as_ptr(),
            c.as_ptr(),
            REPLACEFILE_WRITE_THROUGH,
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if ok == 0 { Err(std::io::Error::last_os_error()) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_keeps_the_original_and_never_overwrites_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let (orig, new) = (dir.path().join("d.vhdx"), dir.path().join("n.vhdx"));
        std::fs::write(&orig, b"old").unwrap();
        std::fs::write(&new, b"new").unwrap();
        let backup = replace(&orig, &new).unwrap();
        assert_eq!(std::fs::read(&orig).unwrap(), b"new");
        assert_eq!(std::fs::read(&backup).unwrap(), b"old");
        assert!(!new.exists());
        std::fs::write(&new, b"newer").unwrap();
        assert!(matches!(replace(&orig, &new), Err(SwapError::BackupExists(_))));
        assert_eq!(std::fs::read(&orig).unwrap(), b"new");
        assert_eq!(std::fs::read(&backup).unwrap(), b"old");
    }

    #[test]
    fn an_interrupted_swap_is_finished() {
        let dir = tempfile::tempdir().unwrap();
        let (orig, new) = (dir.path().join("d.vhdx"), dir.path().join("n.vhdx"));
        std::fs::write(&orig, b"old").unwrap();
        std::fs::write(&new, b"new").unwrap();
        // The first step of a swap, then a crash.
        std::fs::hard_link(&orig, backup_name(&orig)).unwrap();
        assert!(interrupted(&orig));
        let backup = replace(&orig, &new).unwrap();
        assert_eq!(std::fs::read(&orig).unwrap(), b"new");
        assert_eq!(std::fs::read(&backup).unwrap(), b"old");
    }
}
