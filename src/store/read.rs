//! Reading samples back in time order, with each session's VM size and disk figures carried
//! forward from their last change.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;

use super::codec::{maybe_bytes_from_db as bytes, pressure_from_db, ratio_from_db};
use super::figures::{DiskFigures, DiskState, Shape};
use super::{Store, StoreError};
use crate::docker::DiskUsage;
use crate::locate::Role;
use crate::sample::{ContainerSample, Sample};

/// One session's change rows of one kind, consumed in time order as its samples are read: the
/// rows, how many are consumed, and the value they give at the last sample read.
#[derive(Debug, Default)]
struct Cursor<T> {
    rows: Vec<(i64, T)>,
    consumed: usize,
    now: T,
}

impl<T: Copy> Cursor<T> {
    /// Moves to `ts_ms` (never back) and returns the value of the last row at or before it.
    fn at(&mut self, ts_ms: i64) -> T {
        while let Some(&(_, value)) = self.rows.get(self.consumed).filter(|r| r.0 <= ts_ms) {
            self.now = value;
            self.consumed += 1;
        }
        self.now
    }
}

/// A session's change rows: its shapes, and per disk id its states (`None` before the first).
#[derive(Debug, Default)]
struct Carry {
    shape: Cursor<Shape>,
    disks: BTreeMap<i64, Cursor<Option<DiskState>>>,
    docker_disk: Cursor<Option<DiskUsage>>,
}

/// Every session's shape rows up to `to_ms`, in time order.
fn shapes(store: &Store, to_ms: i64) -> Result<HashMap<i64, Cursor<Shape>>, StoreError> {
    let sqlite = store.sqlite();
    let mut shapes: HashMap<i64, Cursor<Shape>> = HashMap::new();
    let mut st = store
        .conn
        .prepare("SELECT session_id, ts_ms, mem_total, swap_total, cpus FROM shapes WHERE ts_ms <= ?1 ORDER BY session_id, ts_ms")
        .map_err(&sqlite)?;
    let rows = st
        .query_map(params![to_ms], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, Shape::from_row(r, 2)?))
        })
        .map_err(&sqlite)?;
    for row in rows {
        let (session, ts, shape) = row.map_err(&sqlite)?;
        shapes.entry(session).or_default().rows.push((ts, shape));
    }
    Ok(shapes)
}

impl Store {
    /// Calls `f` with every sample from `from_ms` to `to_ms` (inclusive), in time order.
    pub fn for_each_sample<E: From<StoreError>>(
        &self,
        from_ms: i64,
        to_ms: i64,
        mut f: impl FnMut(Sample) -> Result<(), E>,
    ) -> Result<(), E> {
        let sqlite = self.sqlite();
        let mut disks: HashMap<i64, (String, Role)> = HashMap::new();
        {
            let mut st = self.conn.prepare("SELECT id, path, role FROM disks").map_err(&sqlite)?;
            let rows = st
                .query_map([], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
                })
                .map_err(&sqlite)?;
            for row in rows {
                let (id, path, role) = row.map_err(&sqlite)?;
                disks.insert(id, (path, Role::parse(&role).unwrap_or(Role::Other)));
            }
        }
        let mut carry: HashMap<i64, Carry> = shapes(self, to_ms)?
            .into_iter()
            .map(|(session, shape)| (session, Carry { shape, ..Carry::default() }))
            .collect();
        // A history older than schema 5 (read as it is) has no Docker tables: its queries are
        // ones that take the same parameters and give no row.
        let docker = self.has_docker();
        let or_none =
            |sql: &str, none: &'static str| if docker { sql.to_owned() } else { none.to_owned() };
        {
            let mut st = self
                .conn
                .prepare(&or_none(
                    &format!(
                        "SELECT session_id, ts_ms, {} FROM docker_disk WHERE ts_ms <= ?1 ORDER BY session_id, ts_ms",
                        super::docker::DISK_COLUMNS
                    ),
                    "SELECT ?1 WHERE 0",
                ))
                .map_err(&sqlite)?;
            let rows = st
                .query_map(params![to_ms], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        super::docker::disk_from_row(r, 2)?,
                    ))
                })
                .map_err(&sqlite)?;
            for row in rows {
                let (session, ts, usage) = row.map_err(&sqlite)?;
                carry.entry(session).or_default().docker_disk.rows.push((ts, usage));
            }
        }
        let mut reads = self
            .conn
            .prepare(&or_none(
                "SELECT ts_ms FROM docker_reads WHERE ts_ms BETWEEN ?1 AND ?2 ORDER BY ts_ms",
                "SELECT ?1 + ?2 WHERE 0",
            ))
            .map_err(&sqlite)?;
        let mut reads = reads
            .query_map(params![from_ms, to_ms], |r| r.get::<_, i64>(0))
            .map_err(&sqlite)?
            .peekable();
        let mut container_rows = self
            .conn
            .prepare(&or_none(
                "SELECT s.ts_ms, c.docker_id, c.name, s.mem_used, s.mem_limit, s.cpu FROM container_samples s
                 JOIN containers c ON c.id = s.container_id
                 WHERE s.ts_ms BETWEEN ?1 AND ?2 ORDER BY s.ts_ms, s.container_id",
                "SELECT ?1 + ?2 WHERE 0",
            ))
            .map_err(&sqlite)?;
        let mut container_rows = container_rows
            .query_map(params![from_ms, to_ms], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    ContainerSample {
                        id: r.get(1)?,
                        name: r.get(2)?,
                        mem_used_bytes: super::codec::bytes_from_db(r.get(3)?),
                        mem_limit_bytes: super::codec::bytes_from_db(r.get(4)?),
                        cpu_cores: r.get::<_, Option<i64>>(5)?.map(super::docker::cpu_from_db),
                    },
                ))
            })
            .map_err(&sqlite)?
            .peekable();
        {
            let mut st = self
                .conn
                .prepare("SELECT session_id, ts_ms, disk_id, present, file_length, size_on_disk, allocated, fs_used, reclaimable FROM disk_samples WHERE ts_ms <= ?1 ORDER BY session_id, disk_id, ts_ms")
                .map_err(&sqlite)?;
            let rows = st
                .query_map(params![to_ms], |r| {
                    let state = DiskState {
                        present: r.get::<_, i64>(3)? != 0,
                        figures: DiskFigures::from_row(r, 4)?,
                    };
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, state))
                })
                .map_err(&sqlite)?;
            for row in rows {
                let (session, ts, disk, state) = row.map_err(&sqlite)?;
                // The primary key's order, so SQLite need not sort; each disk is its own list.
                let c = carry.entry(session).or_default();
                c.disks.entry(disk).or_default().rows.push((ts, Some(state)));
            }
        }
        let mut st = self
            .conn
            .prepare("SELECT ts_ms, session_id, mem_used, mem_cache, mem_free, mem_available, swap_used, cpu_busy, psi_memory, psi_cpu, psi_io, host_vm_process, host_vm_cpu FROM samples WHERE ts_ms BETWEEN ?1 AND ?2 ORDER BY ts_ms")
            .map_err(&sqlite)?;
        let mut rows = st.query(params![from_ms, to_ms]).map_err(&sqlite)?;
        while let Some(r) = rows.next().map_err(&sqlite)? {
            let get = |i: usize| -> Result<Option<i64>, StoreError> { r.get(i).map_err(&sqlite) };
            let ts_ms: i64 = r.get(0).map_err(&sqlite)?;
            let session: i64 = r.get(1).map_err(&sqlite)?;
            let c = carry.entry(session).or_default();
            let shape = c.shape.at(ts_ms);
            // This sample's containers (rows of samples outside the window are skipped).
            let mut containers = Vec::new();
            while let Some(row) =
                container_rows.next_if(|row| row.as_ref().map_or(true, |(ts, _)| *ts <= ts_ms))
            {
                let (ts, container) = row.map_err(&sqlite)?;
                if ts == ts_ms {
                    containers.push(container);
                }
            }
            containers.sort_by(super::docker::order);
            let mut read = false;
            while let Some(row) = reads.next_if(|t| t.as_ref().map_or(true, |t| *t <= ts_ms)) {
                read |= row.map_err(&sqlite)? == ts_ms;
            }
            let sample = Sample {
                ts_ms,
                mem_total_bytes: shape.mem_total_bytes,
                mem_used_bytes: bytes(get(2)?),
                mem_cache_bytes: bytes(get(3)?),
                mem_free_bytes: bytes(get(4)?),
                mem_available_bytes: bytes(get(5)?),
                swap_total_bytes: shape.swap_total_bytes,
                swap_used_bytes: bytes(get(6)?),
                cpu_busy_ratio: get(7)?.map(ratio_from_db),
                cpu_count: shape.cpus,
                pressure_memory_some_avg10: get(8)?.map(pressure_from_db),
                pressure_cpu_some_avg10: get(9)?.map(pressure_from_db),
                pressure_io_some_avg10: get(10)?.map(pressure_from_db),
                host_vm_process_bytes: bytes(get(11)?),
                host_vm_process_cpu_ratio: get(12)?.map(ratio_from_db),
                disks: c
                    .disks
                    .iter_mut()
                    .filter_map(|(id, rows)| {
                        let state = rows.at(ts_ms).filter(|s| s.present)?;
                        let (path, role) = disks.get(id)?;
                        Some(state.figures.sample(path.clone(), *role))
                    })
                    .collect(),
                containers: read.then_some(containers),
                docker_disk_usage: c.docker_disk.at(ts_ms),
                docker_up: None,
            };
            f(sample)?;
        }
        Ok(())
    }
}

/// One sample's figures as the analysis reads them (bytes, ratios), the VM's size carried
/// forward from its session's last change.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Row {
    /// Time (ms).
    pub ts_ms: i64,
    /// `MemTotal`.
    pub mem_total: Option<u64>,
    /// Used.
    pub mem_used: Option<u64>,
    /// Cache.
    pub mem_cache: Option<u64>,
    /// Free.
    pub mem_free: Option<u64>,
    /// `SwapTotal`.
    pub swap_total: Option<u64>,
    /// Swap used.
    pub swap_used: Option<u64>,
    /// CPU busy (0..1).
    pub cpu_busy: Option<f64>,
    /// Processors.
    pub cpu_count: Option<u32>,
    /// PSI memory some avg10.
    pub psi_memory: Option<f64>,
    /// The Windows VM process's working set.
    pub host_vm: Option<u64>,
}

/// A disk's figures from a given time (a change row).
#[derive(Debug, Clone, PartialEq)]
pub struct DiskChange {
    /// The file.
    pub path: String,
    /// Its role.
    pub role: Role,
    /// From when.
    pub ts_ms: i64,
    /// Whether the disk was there, and its figures.
    pub state: DiskState,
}

impl Store {
    /// The lean read the analysis uses: the columns it needs, no per-sample disk list.
    pub fn for_each_row<E: From<StoreError>>(
        &self,
        from_ms: i64,
        to_ms: i64,
        mut f: impl FnMut(&Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let sqlite = self.sqlite();
        let mut shapes = shapes(self, to_ms)?;
        let mut st = self
            .conn
            .prepare("SELECT ts_ms, session_id, mem_used, mem_cache, mem_free, swap_used, cpu_busy, psi_memory, host_vm_process FROM samples WHERE ts_ms BETWEEN ?1 AND ?2 ORDER BY ts_ms")
            .map_err(&sqlite)?;
        let mut rows = st.query(params![from_ms, to_ms]).map_err(&sqlite)?;
        let mut row = Row::default();
        while let Some(r) = rows.next().map_err(&sqlite)? {
            let int = |i: usize| -> Result<Option<i64>, StoreError> { r.get(i).map_err(&sqlite) };
            row.ts_ms = r.get(0).map_err(&sqlite)?;
            let session: i64 = r.get(1).map_err(&sqlite)?;
            let shape = shapes.entry(session).or_default().at(row.ts_ms);
            (row.mem_total, row.swap_total, row.cpu_count) =
                (shape.mem_total_bytes, shape.swap_total_bytes, shape.cpus);
            row.mem_used = bytes(int(2)?);
            row.mem_cache = bytes(int(3)?);
            row.mem_free = bytes(int(4)?);
            row.swap_used = bytes(int(5)?);
            row.cpu_busy = int(6)?.map(ratio_from_db);
            row.psi_memory = int(7)?.map(pressure_from_db);
            row.host_vm = bytes(int(8)?);
            f(&row)?;
        }
        Ok(())
    }

    /// Every disk's change rows from `from_ms` to `to_ms`, plus the last one before `from_ms`
    /// (the state at the start), in time order per disk.
    pub fn disk_changes(&self, from_ms: i64, to_ms: i64) -> Result<Vec<DiskChange>, StoreError> {
        let sqlite = self.sqlite();
        let mut st = self
            .conn
            .prepare(
                "SELECT d.path, d.role, s.ts_ms, s.present, s.file_length, s.size_on_disk, s.allocated, s.fs_used, s.reclaimable
                 FROM disk_samples s JOIN disks d ON d.id = s.disk_id
                 WHERE s.ts_ms BETWEEN ?1 AND ?2
                    OR (s.disk_id, s.ts_ms) IN (SELECT disk_id, max(ts_ms) FROM disk_samples WHERE ts_ms < ?1 GROUP BY disk_id)
                 ORDER BY s.disk_id, s.ts_ms",
            )
            .map_err(&sqlite)?;
        let rows = st
            .query_map(params![from_ms, to_ms], |r| {
                Ok(DiskChange {
                    path: r.get(0)?,
                    role: Role::parse(&r.get::<_, String>(1)?).unwrap_or(Role::Other),
                    ts_ms: r.get(2)?,
                    state: DiskState {
                        present: r.get::<_, i64>(3)? != 0,
                        figures: DiskFigures::from_row(r, 4)?,
                    },
                })
            })
            .map_err(&sqlite)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sqlite)
    }
}

impl Store {
    /// The one-minute rollups from `from_ms` up to (not including) `before_ms`, as rows: used
    /// is the minute's maximum (limits are sized on peaks), cache, swap and CPU the minute's
    /// averages, free estimated as average available minus average cache, PSI and the host's VM
    /// process the minute's maximum. The VM's processor count is not rolled up.
    pub fn for_each_rollup<E: From<StoreError>>(
        &self,
        from_ms: i64,
        before_ms: i64,
        mut f: impl FnMut(&Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let sqlite = self.sqlite();
        let mut st = self
            .conn
            .prepare("SELECT minute_ms, mem_total, mem_used_max, mem_cache_avg, mem_available_avg, swap_used_avg, cpu_busy_avg, psi_memory_max, host_vm_process_max FROM rollups WHERE minute_ms >= ?1 AND minute_ms < ?2 ORDER BY minute_ms")
            .map_err(&sqlite)?;
        let mut rows = st.query(params![from_ms, before_ms]).map_err(&sqlite)?;
        let mut row = Row::default();
        while let Some(r) = rows.next().map_err(&sqlite)? {
            let real = |i: usize| -> Result<Option<f64>, StoreError> { r.get(i).map_err(&sqlite) };
            let byte = |i: usize| -> Result<Option<u64>, StoreError> {
                Ok(real(i)?.filter(|v| v.is_finite() && *v >= 0.0).map(|v| v.round() as u64))
            };
            row.ts_ms = r.get(0).map_err(&sqlite)?;
            row.mem_total = byte(1)?;
            row.mem_used = byte(2)?;
            row.mem_cache = byte(3)?;
            row.mem_free = byte(4)?.zip(row.mem_cache).map(|(a, c)| a.saturating_sub(c));
            row.swap_total = None;
            row.swap_used = byte(5)?;
            row.cpu_busy = real(6)?.map(|v| v / 10_000.0);
            row.cpu_count = None;
            row.psi_memory = real(7)?.map(|v| v / 100.0);
            row.host_vm = byte(8)?;
            f(&row)?;
        }
        Ok(())
    }

    /// The time of the oldest raw sample from `from_ms` to `to_ms`, if any.
    pub fn oldest_ms_between(&self, from_ms: i64, to_ms: i64) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row(
                "SELECT min(ts_ms) FROM samples WHERE ts_ms BETWEEN ?1 AND ?2",
                params![from_ms, to_ms],
                |r| r.get::<_, Option<i64>>(0),
            )
            .map_err(self.sqlite())
    }
}
