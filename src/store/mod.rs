//! The history: one SQLite file (WAL), written by `monitor` in batches and read by `export`,
//! `report` and `recommend` — even while `monitor` writes — and its files for moving it
//! ([`transfer`]: CSV and JSON lines).

mod codec;
pub mod csv_format;
pub mod docker;
pub mod figures;
pub mod jsonl;
pub mod line_texts;
mod lock;
pub use lock::holder as writer_note;
mod open;
mod probe;
pub mod read;
pub mod retention;
mod schema;
pub mod span;
mod template;
pub mod texts;
pub mod transfer;
mod write;

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use lock::lock_path;
pub use write::Session;

/// What can go wrong with the history file; each names the file, says what was found and what
/// to do, and none advises moving away a file that may hold good samples. Each prints its cause
/// itself (none is a `source`): `error: {:#}` prints it once. The words are in `texts`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No history yet.
    #[error("{}", texts::MISSING.fill(&[("path", &.0.display())]))]
    Missing(PathBuf),
    /// A folder (or a device) where the history file was expected.
    #[error("{}", texts::NOT_A_FILE.fill(&[
        ("path", &.0.display()),
        ("example", &format!("{}/wsltune.db", .0.display())),
    ]))]
    NotAFile(PathBuf),
    /// A history file that holds nothing yet (zero bytes, or SQLite with no tables).
    #[error("{}", texts::EMPTY.fill(&[("path", &.0.display())]))]
    Empty(PathBuf),
    /// The file (or its folder) cannot be read by this user.
    #[error("{}", texts::UNREADABLE.fill(&[
        ("path", &.path.display()),
        ("cause", &crate::i18n::os::describe(.cause)),
    ]))]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the system said.
        cause: std::io::Error,
    },
    /// A command that records (monitor, import) cannot write the file or its folder; commands
    /// that only read it still can.
    #[error("{}", texts::NOT_WRITABLE.fill(&[("path", &.path.display()), ("why", .why)]))]
    NotWritable {
        /// The file.
        path: PathBuf,
        /// The file or the folder, and what the system said.
        why: String,
    },
    /// A history this user can read, in a place where SQLite cannot create the files it needs
    /// to read it (a read-only folder or share holding a WAL with samples).
    #[error("{}", texts::CANNOT_READ_HERE.fill(&[("path", &.path.display()), ("why", .why)]))]
    CannotReadHere {
        /// The file.
        path: PathBuf,
        /// What is beside it.
        why: String,
    },
    /// An SQLite database whose pages are damaged.
    #[error("{}", texts::CORRUPT.fill(&[("path", &.path.display()), ("why", .why)]))]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        why: String,
    },
    /// Not a database, or another program's.
    #[error("{}", texts::FOREIGN.fill(&[("path", &.path.display()), ("why", .why)]))]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What was found.
        why: String,
    },
    /// Written by a newer wsltune.
    #[error("{}", texts::TOO_NEW.fill(&[
        ("path", &.path.display()),
        ("found", .found),
        ("known", .known),
    ]))]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// Ours.
        known: i64,
    },
    /// Another monitor writes to it.
    #[error("{}", texts::LOCKED.fill(&[
        ("path", &.path.display()),
        ("holder", &texts::holder(.holder)),
    ]))]
    Locked {
        /// The file.
        path: PathBuf,
        /// The lock's note of who holds it (`pid 42, since …`), empty when unknown.
        holder: String,
    },
    /// SQLite failed.
    #[error("{}", texts::SQLITE.fill(&[("path", &.path.display()), ("cause", .cause)]))]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The error.
        cause: rusqlite::Error,
    },
    /// The file system failed.
    #[error("{}", texts::IO.fill(&[
        ("path", &.path.display()),
        ("cause", &crate::i18n::os::describe(.cause)),
    ]))]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        cause: std::io::Error,
    },
}

impl StoreError {
    /// An SQLite failure on `path`, told apart: damage, a file that is not a database, a file
    /// this user cannot write, or anything else.
    pub(crate) fn sqlite(path: &Path, cause: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as Code;
        let path = path.to_path_buf();
        match cause.sqlite_error_code() {
            Some(Code::DatabaseCorrupt) => StoreError::Corrupt { path, why: cause.to_string() },
            Some(Code::NotADatabase) => {
                if probe::has_sqlite_header(&path) {
                    StoreError::Corrupt { path, why: cause.to_string() }
                } else {
                    StoreError::Foreign { path, why: texts::WHY_NOT_SQLITE.get().to_owned() }
                }
            }
            Some(Code::ReadOnly) => StoreError::NotWritable { path, why: cause.to_string() },
            _ => StoreError::Sqlite { path, cause },
        }
    }
}

/// How far past the clock a sample may be dated: clocks of two machines differ, but a sample a
/// day ahead is a wrong clock or a bad file (`import` refuses it).
pub const FUTURE_SLACK_MS: i64 = 86_400_000;

/// What a history spans. Every window (`--since`) is counted back from `newest_ms`, which
/// leaves out samples dated more than [`FUTURE_SLACK_MS`] past the clock: one bad sample never
/// hides the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extent {
    /// The oldest sample or rollup.
    pub oldest_ms: Option<i64>,
    /// The newest sample not in the future.
    pub newest_ms: Option<i64>,
    /// Samples dated more than a day past the clock, left out of every window.
    pub future: u64,
}

impl Extent {
    /// Where `--since` counts back from: the newest sample, or the clock for an empty history.
    pub fn anchor_ms(&self, now_ms: i64) -> i64 {
        self.newest_ms.unwrap_or(now_ms)
    }

    /// Where a window without `--to` ends: a day past the clock (the samples beyond are left
    /// out).
    pub fn latest_ms(&self, now_ms: i64) -> i64 {
        now_ms.saturating_add(FUTURE_SLACK_MS)
    }

    /// Why the window `[from, to]` holds nothing and what would select data, for people.
    pub fn why_empty(&self, from_ms: i64, to_ms: i64) -> String {
        let asked = span::between(
            (from_ms != i64::MIN).then_some(from_ms),
            (to_ms != i64::MAX).then_some(to_ms),
        );
        match (self.oldest_ms, self.newest_ms) {
            (Some(oldest), Some(newest)) => {
                let day = crate::units::format_rfc3339(oldest);
                texts::NO_SAMPLES_IN.fill(&[
                    ("asked", &asked),
                    ("oldest", &texts::when(oldest)),
                    ("newest", &texts::when(newest)),
                    ("day", &day.get(..10).unwrap_or(&day)),
                ])
            }
            _ => texts::NO_SAMPLES_YET.get().to_owned(),
        }
    }

    /// The note on samples dated more than a day past the clock, when there are any.
    pub fn future_note(&self) -> Option<String> {
        let text = match self.future {
            0 => return None,
            1 => texts::FUTURE_ONE,
            _ => texts::FUTURE_MANY,
        };
        Some(text.fill(&[("n", &crate::units::thousands(self.future))]))
    }
}

/// An open history.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    _lock: Option<File>,
    /// Created from the template by this open: its first write runs without syncs (see
    /// `prepare`), then `synchronous` goes back to NORMAL.
    unsynced_first_write: bool,
    /// Opened for writing: closing moves the WAL into the file.
    checkpoint_on_close: bool,
    /// The schema version of the file as it is (a reader does not migrate it): an older
    /// history has no Docker tables (schema 5).
    schema: i64,
}

impl Drop for Store {
    /// A writer that closes cleanly checkpoints the WAL into the file and empties it, so that a
    /// copy of the file alone holds every sample (a backup, another machine). Best effort: a
    /// failure (a reader holding an old snapshot for 5 s) leaves the WAL for the next open,
    /// which is still correct.
    fn drop(&mut self) {
        if self.checkpoint_on_close {
            let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

impl Store {
    fn sqlite(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |cause| StoreError::sqlite(&self.path, cause)
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

    /// What the history spans at `now_ms`: see [`Extent`].
    pub fn extent(&self, now_ms: i64) -> Result<Extent, StoreError> {
        let latest = now_ms.saturating_add(FUTURE_SLACK_MS);
        self.conn
            .query_row(
                "SELECT (SELECT min(m) FROM (SELECT min(ts_ms) AS m FROM samples \
                                            UNION ALL SELECT min(minute_ms) FROM rollups)), \
                        (SELECT max(ts_ms) FROM samples WHERE ts_ms <= ?1), \
                        (SELECT count(*) FROM samples WHERE ts_ms > ?1)",
                [latest],
                |r| {
                    Ok(Extent {
                        oldest_ms: r.get(0)?,
                        newest_ms: r.get(1)?,
                        future: r.get::<_, i64>(2)? as u64,
                    })
                },
            )
            .map_err(self.sqlite())
    }

    /// How many of `samples` are not stored yet (by time, as [`Store::append`] decides).
    pub fn count_new(&self, samples: &[crate::sample::Sample]) -> Result<usize, StoreError> {
        let mut known = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM samples WHERE ts_ms = ?1)")
            .map_err(self.sqlite())?;
        let mut new = 0;
        for s in samples {
            let exists: bool = known.query_row([s.ts_ms], |r| r.get(0)).map_err(self.sqlite())?;
            new += usize::from(!exists);
        }
        Ok(new)
    }

    /// When the newest recording session started (`monitor`'s start, or an import), if any.
    pub fn newest_session_ms(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT max(started_ms) FROM sessions", [], |r| r.get(0))
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
