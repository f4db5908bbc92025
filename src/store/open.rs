//! Opening the history: for reading (read-only, as immutable where SQLite cannot write beside
//! it), for recording (under the writer's lock, `lock`), or for import; a new file
//! written from the template, checks that an existing file is a wsltune history this version
//! reads, and the migrations to the newest schema.

use std::fs::File;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::lock::{lock_path, take_lock};
use super::probe::{beside, check_writable, folder_error, immutable_uri, look};
use super::{Store, StoreError, schema, template, texts};

impl Store {
    /// Opens (creating it and its folder if needed) for writing, holding `<db>.lock` so that a
    /// second writer is refused. A refused file is left as it was, and no lock file is left
    /// behind that was not there before.
    pub fn open_writer(path: &Path) -> Result<Self, StoreError> {
        let exists = look(path)?;
        check_writable(path, exists)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| folder_error(path, e))?;
        }
        let lock_path = lock_path(path);
        let (mut lock, created) = take_lock(path, &lock_path)?;
        // A lock file this run made is removed while still held, so that no other monitor can
        // have locked it meanwhile (it would hold a lock on a file no longer there).
        let forget_lock = |lock: File| {
            if created {
                let _ = std::fs::remove_file(&lock_path);
            }
            drop(lock);
        };
        let created = template::create_missing(path);
        let opened = Self::open(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            created,
        );
        let mut store = match opened {
            Ok(store) => store,
            Err(e) => {
                forget_lock(lock);
                return Err(e);
            }
        };
        use std::io::{Seek, Write};
        // Read back by `service status` (`status::since_in_note`) and `texts::holder`: the same
        // in every language.
        let note = format!(
            "pid {}, since {}",
            std::process::id(),
            crate::units::format_rfc3339(crate::units::now_ms())
        );
        // Written over the old note, then cut to length if the old one was longer: truncating
        // to zero first would make ext4 flush the file (its auto_da_alloc heuristic), a write to
        // disk at every start.
        let old_len = lock.metadata().map_or(u64::MAX, |m| m.len());
        let _ = lock.rewind().and_then(|()| lock.write_all(note.as_bytes())).and_then(|()| {
            if old_len > note.len() as u64 { lock.set_len(note.len() as u64) } else { Ok(()) }
        });
        // The WAL is checkpointed as it grows (every 1000 pages) and into the file itself when
        // the writer closes (see `Drop`), so that the file alone holds every sample.
        store
            .conn
            .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(store.sqlite())?;
        store._lock = Some(lock);
        store.checkpoint_on_close = true;
        Ok(store)
    }

    /// Opens an existing history for reading, read-only: a history on a read-only share, a
    /// read-only file or a folder this user cannot write is read as it is. With `write` (tests,
    /// and `import`), for writing without the monitor lock: SQLite's own locking keeps the file
    /// consistent.
    pub fn open_existing(path: &Path, write: bool) -> Result<Self, StoreError> {
        if !look(path)? {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        if write {
            check_writable(path, true)?;
            let mut store = Self::open(path, OpenFlags::SQLITE_OPEN_READ_WRITE, false)?;
            store.checkpoint_on_close = true;
            return Ok(store);
        }
        let cannot_write_beside = |e: &StoreError| match e {
            StoreError::NotWritable { .. } => true,
            StoreError::Sqlite { cause, .. } => {
                cause.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
            }
            _ => false,
        };
        let beside = |suffix: &str| beside(path, suffix);
        match Self::open(path, OpenFlags::SQLITE_OPEN_READ_ONLY, false) {
            Err(e) if cannot_write_beside(&e) => {
                // SQLite reads a WAL database only with its `-shm` file; where that cannot be
                // made (a read-only folder or share) and there is neither a WAL to read nor a
                // journal to roll back, the file is read as immutable. Otherwise the newest
                // samples are in the WAL (or the journal): say so.
                let pending = [beside("-wal"), beside("-journal")]
                    .into_iter()
                    .find(|f| std::fs::metadata(f).is_ok_and(|m| m.len() > 0));
                if beside("-shm").exists() || pending.is_some() {
                    return Err(StoreError::CannotReadHere {
                        path: path.to_path_buf(),
                        why: match pending {
                            Some(f) => texts::WHY_NEWEST_BESIDE.fill(&[("file", &f.display())]),
                            None => texts::WHY_MUST_WRITE_BESIDE.fill(&[("cause", &e)]),
                        },
                    });
                }
                let conn = Connection::open_with_flags(
                    immutable_uri(path),
                    OpenFlags::SQLITE_OPEN_READ_ONLY
                        | OpenFlags::SQLITE_OPEN_URI
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|cause| StoreError::sqlite(path, cause))?;
                let mut store = Store::with(conn, path);
                store.prepare(false, false)?;
                Ok(store)
            }
            other => other,
        }
    }

    /// Opens for import: creates the history if there is none.
    pub fn open_for_import(path: &Path) -> Result<Self, StoreError> {
        let exists = look(path)?;
        check_writable(path, exists)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| folder_error(path, e))?;
        }
        let created = template::create_missing(path);
        let mut store = Self::open(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            created,
        )?;
        store.checkpoint_on_close = true;
        Ok(store)
    }

    fn with(conn: Connection, path: &Path) -> Self {
        Store {
            conn,
            path: path.to_path_buf(),
            _lock: None,
            unsynced_first_write: false,
            checkpoint_on_close: false,
            schema: schema::MIGRATIONS.len() as i64,
        }
    }

    /// Opens `path`; `created` says this process has just written it from the template.
    pub(super) fn open(path: &Path, flags: OpenFlags, created: bool) -> Result<Self, StoreError> {
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|cause| StoreError::sqlite(path, cause))?;
        // Before the first read: a writer busy at that moment is waited for, not an error.
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|cause| StoreError::sqlite(path, cause))?;
        let mut store = Store::with(conn, path);
        store.prepare(flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE), created)?;
        Ok(store)
    }

    /// Checks the file is ours (or, for a writer, empty), then migrates it.
    fn prepare(&mut self, writable: bool, created: bool) -> Result<(), StoreError> {
        let path = self.path.clone();
        let foreign = |why: String| StoreError::Foreign { path: path.clone(), why };
        // One statement, one read transaction. The first read fails on a file that is not
        // SQLite ("file is not a database").
        let (version, app, tables, journal): (i64, i64, i64, String) = self
            .conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version), \
                        (SELECT application_id FROM pragma_application_id), \
                        (SELECT count(*) FROM sqlite_schema), \
                        (SELECT journal_mode FROM pragma_journal_mode)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(|e| StoreError::sqlite(&path, e))?;
        if app != schema::APPLICATION_ID && (tables > 0 || version > 0) {
            let text = match tables {
                1 => texts::WHY_OTHER_PROGRAM_ONE,
                _ => texts::WHY_OTHER_PROGRAM_MANY,
            };
            let n = crate::units::thousands(tables.max(0) as u64);
            return Err(foreign(text.fill(&[("n", &n)])));
        }
        let known = schema::MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew { path: path.clone(), found: version, known });
        }
        if !writable {
            if tables == 0 && version == 0 {
                return Err(StoreError::Empty(path));
            }
            self.schema = version;
            return Ok(());
        }
        // A new, empty file is switched to WAL and given its schema without syncs (five fsyncs
        // and two folder syncs otherwise, most of a short run's cost): it holds nothing yet, and
        // a crash in these milliseconds leaves a file `monitor` reports instead of using. Then
        // NORMAL: with WAL it syncs at checkpoints only (a crash loses at most the last commit).
        // A file just written from the template keeps OFF for its first write too: that write
        // creates the WAL, and NORMAL would sync the WAL's header and the folder — a guard
        // against stale frames of an older WAL being replayed, and a new WAL has none.
        let new_file = tables == 0 && version == 0;
        let sync = if new_file || created { "OFF" } else { "NORMAL" };
        self.conn.pragma_update(None, "synchronous", sync).map_err(self.sqlite())?;
        self.unsynced_first_write = created && !new_file;
        // WAL is a property of the file (kept in its header): set once, when a file is made.
        if !journal.eq_ignore_ascii_case("wal") {
            self.conn.pragma_update(None, "journal_mode", "WAL").map_err(self.sqlite())?;
        }
        let start = usize::try_from(version).unwrap_or(0);
        if start < schema::MIGRATIONS.len() {
            // All pending migrations in one transaction: a new file is created in one commit.
            let sqlite = |cause| StoreError::sqlite(&path, cause);
            let tx = self.conn.transaction().map_err(sqlite)?;
            for sql in schema::MIGRATIONS.iter().skip(start) {
                tx.execute_batch(sql).map_err(sqlite)?;
            }
            tx.pragma_update(None, "user_version", known).map_err(sqlite)?;
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID).map_err(sqlite)?;
            tx.commit().map_err(sqlite)?;
        }
        if new_file {
            self.conn.pragma_update(None, "synchronous", "NORMAL").map_err(self.sqlite())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::Sample;
    use crate::store::Session;

    /// A history written by schema 1 opens, migrates forward, and keeps its samples.
    #[test]
    fn schema_1_migrates_forward() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID).unwrap();
            conn.execute_batch(
                "INSERT INTO sessions VALUES (1, 0, 'monitor');
                 INSERT INTO samples (ts_ms, session_id, mem_used) VALUES (1000, 1, 2048);",
            )
            .unwrap();
        }
        let mut store = Store::open_writer(&path).unwrap();
        let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, schema::MIGRATIONS.len() as i64);
        let mut session = crate::store::Session::new("test");
        let new =
            Sample { ts_ms: 2000, host_vm_process_cpu_ratio: Some(0.125), ..Sample::default() };
        store.append(&mut session, &[new]).unwrap();
        let mut seen = Vec::new();
        store
            .for_each_sample(0, i64::MAX, |s| -> Result<(), StoreError> {
                seen.push((s.ts_ms, s.mem_used_bytes, s.host_vm_process_cpu_ratio));
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, [(1000, Some(2 << 20), None), (2000, None, Some(0.125))]);
    }

    /// A history of schema 4 (before Docker) read as it is, not migrated: its samples come back
    /// without containers, and the Docker readers give nothing.
    #[test]
    fn an_older_history_is_read_without_migrating_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            for sql in &schema::MIGRATIONS[..4] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 4).unwrap();
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID).unwrap();
            conn.execute_batch(
                "INSERT INTO sessions VALUES (1, 0, 'monitor');
                 INSERT INTO samples (ts_ms, session_id, mem_used) VALUES (1000, 1, 2048);",
            )
            .unwrap();
        }
        let store = Store::open_existing(&path, false).unwrap();
        let mut seen = Vec::new();
        store
            .for_each_sample(0, i64::MAX, |s| -> Result<(), StoreError> {
                seen.push((s.ts_ms, s.mem_used_bytes, s.containers, s.docker_disk_usage));
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, [(1000, Some(2 << 20), None, None)]);
        assert_eq!(store.docker_disk_changes(0, i64::MAX).unwrap(), []);
        store
            .for_each_container_memory::<StoreError>(0, i64::MAX, false, |_, _, _| {
                panic!("no rows")
            })
            .unwrap();
        assert!(store.container_names().unwrap().is_empty());
        drop(store);
        let version: i64 = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 4, "a reader leaves the file as it was");
    }

    /// A history made from the template writes its first batch without syncs and NORMAL after
    /// (an existing one is NORMAL from the start), and a session's row comes with its first
    /// batch: opening and closing stores nothing.
    #[test]
    fn a_new_history_syncs_from_its_second_write_and_stores_sessions_with_samples() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        let synchronous = |s: &Store| -> i64 {
            s.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap()
        };
        let sessions = |s: &Store| -> Vec<String> {
            let mut q = s.conn.prepare("SELECT source FROM sessions ORDER BY id").unwrap();
            q.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        let sample =
            |t: i64| Sample { ts_ms: t, mem_used_bytes: Some(1 << 20), ..Sample::default() };
        {
            let mut store = Store::open_writer(&path).unwrap();
            assert_eq!(synchronous(&store), 0, "OFF until the WAL exists");
            let wal = std::fs::metadata(dir.path().join("h.db-wal")).map_or(0, |m| m.len());
            assert_eq!(wal, 0, "nothing written yet");
            let mut session = Session::new("first");
            assert_eq!(session.id, None);
            assert_eq!(sessions(&store), Vec::<String>::new());
            store.append(&mut session, &[sample(1000)]).unwrap();
            assert_eq!(synchronous(&store), 1, "NORMAL after the first write");
            assert_eq!(sessions(&store), ["first"]);
            store.append(&mut session, &[sample(2000)]).unwrap();
            assert_eq!(sessions(&store), ["first"], "one row per session");
        }
        {
            let mut store = Store::open_writer(&path).unwrap();
            assert_eq!(synchronous(&store), 1, "an existing history is NORMAL from the start");
            let _unused = Session::new("nothing stored");
            let mut session = Session::new("second");
            store.append(&mut session, &[sample(3000)]).unwrap();
            assert_eq!(sessions(&store), ["first", "second"]);
            assert_eq!(store.count().unwrap(), 3);
        }
    }

    /// Every writer that closes cleanly (monitor, import) moves its WAL into the file: a copy of
    /// the file alone holds every sample.
    #[test]
    fn the_writer_checkpoints_its_wal_on_close() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        let wal = dir.path().join("h.db-wal");
        let sample = |i: i64| Sample {
            ts_ms: i * 1000,
            mem_used_bytes: Some(i as u64 * 4096),
            ..Sample::default()
        };
        let copied = |n: u64| {
            let copy = dir.path().join(format!("copy-{n}.db"));
            std::fs::copy(&path, &copy).unwrap();
            assert_eq!(Store::open_existing(&copy, false).unwrap().count().unwrap(), n);
        };
        {
            let mut store = Store::open_writer(&path).unwrap();
            let mut session = Session::new("test");
            store.append(&mut session, &[sample(1)]).unwrap();
            assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the sample is in the WAL");
        }
        assert_eq!(std::fs::metadata(&wal).map_or(0, |m| m.len()), 0);
        copied(1);
        {
            let mut store = Store::open_for_import(&path).unwrap();
            let mut session = Session::new("import");
            store.append(&mut session, &[sample(2), sample(3)]).unwrap();
        }
        assert_eq!(std::fs::metadata(&wal).map_or(0, |m| m.len()), 0);
        copied(3);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        assert!(matches!(
            Store::open_existing(&path, false),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }
}
