//! The history: one SQLite file (WAL), written by `monitor` in batches and read by `export`,
//! `report` and `recommend` — even while `monitor` writes — and its files for moving it
//! ([`transfer`]: CSV and JSON lines).

mod codec;
pub mod csv_format;
pub mod figures;
pub mod jsonl;
mod open;
pub mod read;
pub mod retention;
mod schema;
pub mod span;
mod template;
pub mod transfer;
mod write;

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use open::lock_path;
pub use write::Session;

/// What can go wrong with the history file; each names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No history yet.
    #[error("there is no history at '{0}': record one with `wsltune monitor` (or pass --db)")]
    Missing(PathBuf),
    /// Not a database, or another program's.
    #[error(
        "'{path}' is not a wsltune history ({why}); it was left untouched: move it away or pass --db with another file"
    )]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What was found.
        why: String,
    },
    /// Written by a newer wsltune.
    #[error(
        "'{path}' was written by a newer wsltune (schema {found}, this one knows {known}); upgrade wsltune or pass --db with another file"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// Ours.
        known: i64,
    },
    /// Another monitor writes to it.
    #[error(
        "another wsltune monitor is already recording into '{path}'{holder}; stop it first, or record elsewhere with --db"
    )]
    Locked {
        /// The file.
        path: PathBuf,
        /// Who holds it, when known.
        holder: String,
    },
    /// SQLite failed.
    #[error("'{path}': {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: rusqlite::Error,
    },
    /// The file system failed.
    #[error("'{path}': {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

/// An open history.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    _lock: Option<File>,
    /// Created from the template by this open: its first write runs without syncs (see
    /// `prepare`), then `synchronous` goes back to NORMAL.
    unsynced_first_write: bool,
}

/// Above this many bytes of WAL, the writer checkpoints when it closes.
const CHECKPOINT_ON_CLOSE_BYTES: u64 = 256 * 1024;

impl Drop for Store {
    fn drop(&mut self) {
        if self._lock.is_none() {
            return;
        }
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let large = std::fs::metadata(&wal).is_ok_and(|m| m.len() > CHECKPOINT_ON_CLOSE_BYTES);
        if large {
            // Best effort: a failure leaves the WAL for the next open, which is still correct.
            let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

impl Store {
    fn sqlite(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |source| StoreError::Sqlite { path: self.path.clone(), source }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many samples are stored.
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM samples", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(self.sqlite())
    }

    /// The time of the newest sample, if any.
    pub fn newest_ms(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT max(ts_ms) FROM samples", [], |r| r.get::<_, Option<i64>>(0))
            .map_err(self.sqlite())
    }

    /// Runs `PRAGMA integrity_check` and returns its answer (`ok` when sound).
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(self.sqlite())
    }
}

impl Store {
    /// Copies the history to `<db>.before-import-<UTC time>` (SQLite `VACUUM INTO`, consistent
    /// even while monitor writes) and returns the copy's path.
    pub fn backup(&self) -> Result<PathBuf, StoreError> {
        let stamp = crate::units::format_rfc3339(crate::units::now_ms()).replace([':', '.'], "-");
        let mut name = self.path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".before-import-{stamp}"));
        let target = self.path.with_file_name(name);
        self.conn.execute("VACUUM INTO ?1", [target.to_string_lossy()]).map_err(self.sqlite())?;
        Ok(target)
    }
}
