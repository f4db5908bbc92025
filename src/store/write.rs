//! Appending samples: one transaction per batch; the VM's size and the disks' figures only when
//! they change within a session.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::codec::{maybe_bytes_to_db as db, pressure_to_db, ratio_to_db};
use super::docker::{DISK_COLUMNS, disk_to_db, write_containers};
use super::figures::{DiskFigures, DiskState, Shape};
use super::{Store, StoreError};
use crate::docker::DiskUsage;
use crate::sample::Sample;

/// One writer's run (a monitor run, or one import), with the last stored values to compare with.
#[derive(Debug, Clone)]
pub struct Session {
    /// Its id, once its row is written (with the first batch).
    pub id: Option<i64>,
    started_ms: i64,
    source: String,
    /// The VM's shape at its last stored row.
    shape: Option<Shape>,
    /// Per disk (path, role): its id, and its state at its last stored row.
    disks: HashMap<(String, String), (i64, Option<DiskState>)>,
    /// Per container (Docker id, name): its row id.
    containers: HashMap<(String, String), i64>,
    /// Docker's disk usage at its last stored row (`None` before the first).
    docker_disk: Option<Option<DiskUsage>>,
}

impl Session {
    /// A session (`monitor`, or `import <file>`) starting now. Its row is written with its
    /// first batch, in the same transaction: one commit fewer at start, and a run that stores
    /// nothing leaves no trace.
    pub fn new(source: &str) -> Self {
        Session {
            id: None,
            started_ms: crate::units::now_ms(),
            source: source.to_owned(),
            shape: None,
            disks: HashMap::new(),
            containers: HashMap::new(),
            docker_disk: None,
        }
    }
}

impl Store {
    /// Appends samples in one transaction and returns how many were new (a sample whose time is
    /// already stored is skipped). On failure nothing is stored and `session` is unchanged, so
    /// the same batch can be tried again.
    pub fn append(
        &mut self,
        session: &mut Session,
        samples: &[Sample],
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let err = |cause| StoreError::sqlite(&path, cause);
        let mut next = session.clone();
        // BEGIN and COMMIT as cached statements: rusqlite's `Transaction` parses both again at
        // every flush.
        let tx = &self.conn;
        tx.prepare_cached("BEGIN").and_then(|mut s| s.execute([])).map_err(err)?;
        let written = (|| -> rusqlite::Result<usize> {
            let mut added = 0;
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO samples (ts_ms, session_id, mem_used, mem_cache, mem_free, mem_available, swap_used, cpu_busy, psi_memory, psi_cpu, psi_io, host_vm_process, host_vm_cpu) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                ?;
            let mut shape = tx
                .prepare_cached("INSERT OR REPLACE INTO shapes (session_id, ts_ms, mem_total, swap_total, cpus) VALUES (?1, ?2, ?3, ?4, ?5)")
                ?;
            let mut disk_row = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO disk_samples (session_id, disk_id, ts_ms, present, file_length, size_on_disk, allocated, fs_used, reclaimable) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                ?;
            let id = match next.id {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO sessions (started_ms, source) VALUES (?1, ?2)",
                        params![next.started_ms, next.source],
                    )?;
                    let id = tx.last_insert_rowid();
                    next.id = Some(id);
                    id
                }
            };
            for s in samples {
                let n = insert
                    .execute(params![
                        s.ts_ms,
                        id,
                        db(s.mem_used_bytes),
                        db(s.mem_cache_bytes),
                        db(s.mem_free_bytes),
                        db(s.mem_available_bytes),
                        db(s.swap_used_bytes),
                        s.cpu_busy_ratio.map(ratio_to_db),
                        s.pressure_memory_some_avg10.map(pressure_to_db),
                        s.pressure_cpu_some_avg10.map(pressure_to_db),
                        s.pressure_io_some_avg10.map(pressure_to_db),
                        db(s.host_vm_process_bytes),
                        s.host_vm_process_cpu_ratio.map(ratio_to_db),
                    ])
                    ?;
                if n == 0 {
                    continue;
                }
                added += 1;
                let now_shape = Shape::of(s);
                if next.shape != Some(now_shape) {
                    let (mem_total, swap_total, cpus) = now_shape.to_db();
                    shape.execute(params![id, s.ts_ms, mem_total, swap_total, cpus])?;
                    next.shape = Some(now_shape);
                }
                let mut seen = Vec::with_capacity(s.disks.len());
                for d in &s.disks {
                    let key = (d.path.clone(), d.role.as_str().to_owned());
                    let disk_id = match next.disks.get(&key) {
                        Some((id, _)) => *id,
                        None => {
                            let id = disk_id(tx, &key.0, &key.1)?;
                            next.disks.insert(key.clone(), (id, None));
                            id
                        }
                    };
                    seen.push(key.clone());
                    let state = DiskState { present: true, figures: DiskFigures::of(d) };
                    if let Some((_, last)) =
                        next.disks.get_mut(&key).filter(|(_, last)| *last != Some(state))
                    {
                        let [length, on_disk, allocated, used, reclaimable] = state.figures.to_db();
                        disk_row.execute(params![
                            id, disk_id, s.ts_ms, 1, length, on_disk, allocated, used, reclaimable
                        ])?;
                        *last = Some(state);
                    }
                }
                // A disk of this session missing from this sample: mark it gone.
                for (key, (disk, last)) in next.disks.iter_mut() {
                    if !seen.contains(key) && last.as_ref().is_some_and(|l| l.present) {
                        disk_row
                            .execute(params![
                                id,
                                *disk,
                                s.ts_ms,
                                0,
                                None::<i64>,
                                None::<i64>,
                                None::<i64>,
                                None::<i64>,
                                None::<i64>
                            ])
                            ?;
                        *last = Some(DiskState::default());
                    }
                }
                if let Some(containers) = &s.containers {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO docker_reads (ts_ms, running) VALUES (?1, ?2)",
                    )?
                    .execute(params![s.ts_ms, containers.len() as i64])?;
                    write_containers(tx, &mut next.containers, s.ts_ms, containers)?;
                }
                // Stored when it changes; a row of NULLs when it became unknown.
                if next.docker_disk.is_some_and(|last| last != s.docker_disk_usage)
                    || (next.docker_disk.is_none() && s.docker_disk_usage.is_some())
                {
                    let columns = disk_to_db(s.docker_disk_usage.as_ref());
                    tx.prepare_cached(&format!(
                        "INSERT OR REPLACE INTO docker_disk (session_id, ts_ms, {DISK_COLUMNS}) VALUES (?1, ?2, {})",
                        (3..=18).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
                    ))?
                    .execute(rusqlite::params_from_iter(
                        [Some(id), Some(s.ts_ms)].into_iter().chain(columns),
                    ))?;
                    next.docker_disk = Some(s.docker_disk_usage);
                }
            }
            Ok(added)
        })()
        .and_then(|added| tx.prepare_cached("COMMIT").and_then(|mut s| s.execute([])).map(|_| added));
        match written {
            Ok(added) => {
                *session = next;
                // The WAL exists now: from here on, NORMAL (see `Store::prepare`); tried again
                // at the next batch if it fails.
                if self.unsynced_first_write {
                    self.unsynced_first_write =
                        self.conn.pragma_update(None, "synchronous", "NORMAL").is_err();
                }
                Ok(added)
            }
            Err(e) => {
                // Nothing of the batch stays; a failed COMMIT may have ended the transaction.
                if !tx.is_autocommit() {
                    let _ = tx.prepare_cached("ROLLBACK").and_then(|mut s| s.execute([]));
                }
                Err(err(e))
            }
        }
    }
}

/// The id of a disk, added on first sight.
fn disk_id(tx: &rusqlite::Connection, path: &str, role: &str) -> rusqlite::Result<i64> {
    if let Some(id) = tx
        .query_row("SELECT id FROM disks WHERE path = ?1 AND role = ?2", params![path, role], |r| {
            r.get(0)
        })
        .optional()?
    {
        return Ok(id);
    }
    tx.execute("INSERT INTO disks (path, role) VALUES (?1, ?2)", params![path, role])?;
    Ok(tx.last_insert_rowid())
}
