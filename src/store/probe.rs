//! What is at the history's path before SQLite is asked (nothing, a folder, an empty, unreadable
//! or foreign file), whether a recording command may write it, and the names and URI of the
//! files beside it.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use super::StoreError;
use super::texts;
use crate::i18n::os::describe;

/// The first 16 bytes of every SQLite database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether `path` starts as an SQLite database does (a damaged one included).
pub(super) fn has_sqlite_header(path: &Path) -> bool {
    let mut head = [0u8; 16];
    File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == SQLITE_HEADER
}

/// What is at `path` before SQLite is asked: nothing, a folder, a file this user cannot read, an
/// empty file, or a file that is not SQLite. `Ok(true)`: a file to open; `Ok(false)`: no file.
pub(super) fn look(path: &Path) -> Result<bool, StoreError> {
    let p = || path.to_path_buf();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
        Err(e) if e.kind() == ErrorKind::NotADirectory => {
            return Err(StoreError::Io { path: p(), cause: e });
        }
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            return Err(StoreError::Unreadable { path: p(), cause: e });
        }
        Err(e) => return Err(StoreError::Io { path: p(), cause: e }),
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile(p()));
    }
    let mut file = File::open(path).map_err(|e| match e.kind() {
        ErrorKind::PermissionDenied => StoreError::Unreadable { path: p(), cause: e },
        _ => StoreError::Io { path: p(), cause: e },
    })?;
    if meta.len() == 0 {
        return Ok(true);
    }
    let mut head = Vec::with_capacity(16);
    (&mut file)
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| StoreError::Unreadable { path: p(), cause: e })?;
    if head != SQLITE_HEADER {
        let text = head.iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
        return Err(StoreError::Foreign {
            path: p(),
            why: if text { texts::WHY_TEXT_FILE } else { texts::WHY_NOT_SQLITE }.get().to_owned(),
        });
    }
    if meta.len() < 512 {
        return Err(StoreError::Corrupt {
            path: p(),
            why: texts::WHY_SHORT.fill(&[("bytes", &meta.len())]),
        });
    }
    Ok(true)
}

/// For a command that records: the file (if there is one) and its folder must be writable.
pub(super) fn check_writable(path: &Path, exists: bool) -> Result<(), StoreError> {
    let not_writable = |why: String| StoreError::NotWritable { path: path.to_path_buf(), why };
    if exists && let Err(e) = std::fs::OpenOptions::new().read(true).write(true).open(path) {
        return Err(match e.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                not_writable(texts::WHY_FILE_READ_ONLY.fill(&[("cause", &describe(&e))]))
            }
            _ => StoreError::Io { path: path.to_path_buf(), cause: e },
        });
    }
    Ok(())
}

/// A folder error while making the writer's files (the lock, the WAL): told apart when it is
/// the folder that cannot be written.
pub(super) fn folder_error(path: &Path, e: std::io::Error) -> StoreError {
    match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => StoreError::NotWritable {
            path: path.to_path_buf(),
            why: texts::WHY_FOLDER_READ_ONLY.fill(&[
                (
                    "dir",
                    &path
                        .parent()
                        .filter(|d| !d.as_os_str().is_empty())
                        .unwrap_or(Path::new("."))
                        .display(),
                ),
                ("cause", &describe(&e)),
            ]),
        },
        _ => StoreError::Io { path: path.to_path_buf(), cause: e },
    }
}

/// The `file:` URI of `path` with `immutable=1`: SQLite reads it without the `-shm` file it
/// cannot create (there is no WAL to read, and nobody writes a file this user cannot).
pub(super) fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(absolute.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = absolute.to_string_lossy().replace('\\', "/").into_bytes();
    let mut uri = String::from(if bytes.first() == Some(&b'/') { "file:" } else { "file:/" });
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The name of `db` with `suffix` appended (`wsltune.db-wal`).
pub(super) fn suffixed(db: &Path, suffix: &str) -> std::ffi::OsString {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    name
}

/// The file named like `db` with `suffix` (`wsltune.db-wal`, `wsltune.db.lock`).
pub(super) fn beside(db: &Path, suffix: &str) -> PathBuf {
    db.with_file_name(suffixed(db, suffix))
}
