//! The writer's lock: `<db>.lock` beside the history, held by one `monitor` at a time, with a
//! note of who holds it.

use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::StoreError;
use super::probe::{beside, folder_error};

/// The lock file beside the history.
pub fn lock_path(db: &Path) -> PathBuf {
    beside(db, ".lock")
}

/// Opens and locks `<db>.lock`, creating it if needed; returns it and whether this run created
/// it. A lock taken on a file that was replaced or removed meanwhile (another monitor that gave
/// up and removed the file it had made) is taken again on the file now there.
pub(super) fn take_lock(db: &Path, lock_path: &Path) -> Result<(File, bool), StoreError> {
    let open = |create_new: bool| {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true);
        if create_new {
            options.create_new(true);
        }
        options.open(lock_path)
    };
    for _ in 0..10 {
        let (lock, created) = match open(true) {
            Ok(file) => (file, true),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => match open(false) {
                Ok(file) => (file, false),
                // Removed between the two opens: try again.
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(folder_error(db, e)),
            },
            Err(e) => return Err(folder_error(db, e)),
        };
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(lock_path).unwrap_or_default();
                return Err(StoreError::Locked {
                    path: db.to_path_buf(),
                    holder: holder.trim().to_owned(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => {
                if created {
                    let _ = std::fs::remove_file(lock_path);
                }
                return Err(StoreError::Io { path: db.to_path_buf(), cause: e });
            }
        }
        if still_there(&lock, lock_path) {
            return Ok((lock, created));
        }
    }
    Err(StoreError::Io {
        path: db.to_path_buf(),
        cause: std::io::Error::other(
            super::texts::LOCK_REPLACED.fill(&[("lock", &lock_path.display())]),
        ),
    })
}

/// Whether the open `file` is still the one at `path` (Unix: same device and inode; on Windows
/// an open file cannot be removed, so it is).
fn still_there(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Whether a `monitor` records into `db` now: its note (`pid 42, since …`) while another
/// process holds `<db>.lock`, `None` when no one does (the lock is taken and let go at once,
/// never created). Meaningful only where the writer's lock is visible: the same system, not
/// across `/mnt/c` from WSL.
pub fn holder(db: &Path) -> Option<String> {
    let path = lock_path(db);
    let file = std::fs::OpenOptions::new().read(true).write(true).open(&path).ok()?;
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            None
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            Some(std::fs::read_to_string(&path).unwrap_or_default().trim().to_owned())
        }
        Err(std::fs::TryLockError::Error(_)) => None,
    }
}
