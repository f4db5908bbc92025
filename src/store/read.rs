//! Reading samples back in time order, with each session's VM size and disk figures carried
//! forward from their last change.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;

use super::codec::{bytes_from_db, pressure_from_db, ratio_from_db};
use super::{Store, StoreError};
use crate::locate::Role;
use crate::sample::{DiskSample, Sample};

/// The VM's size from a given time: memory, swap, processors.
type Shape = (Option<u64>, Option<u64>, Option<u32>);

/// A session's shape changes, how many were consumed, and the current shape.
type ShapeCursor = (Vec<(i64, Shape)>, usize, Shape);

/// A disk's change row: time, present, figures.
type DiskRow = (i64, bool, [Option<u64>; 5]);

/// A session's change rows, consumed in time order.
#[derive(Default)]
struct Carry {
    shapes: Vec<(i64, Shape)>,
    shape_at: usize,
    shape: Shape,
    /// Per disk: its change rows in time order, and how many were consumed.
    disk_rows: BTreeMap<i64, (Vec<DiskRow>, usize)>,
    disks: BTreeMap<i64, (bool, [Option<u64>; 5])>,
}

fn bytes(v: Option<i64>) -> Option<u64> {
    v.map(bytes_from_db)
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
        let mut carry: HashMap<i64, Carry> = HashMap::new();
        {
            let mut st =
                self.conn.prepare("SELECT session_id, ts_ms, mem_total, swap_total, cpus FROM shapes WHERE ts_ms <= ?1 ORDER BY session_id, ts_ms").map_err(&sqlite)?;
            let rows = st
                .query_map(params![to_ms], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(&sqlite)?;
            for row in rows {
                let (session, ts, total, swap, cpus): (
                    i64,
                    i64,
                    Option<i64>,
                    Option<i64>,
                    Option<i64>,
                ) = row.map_err(&sqlite)?;
                let cpus = cpus.and_then(|c| u32::try_from(c).ok());
                carry
                    .entry(session)
                    .or_default()
                    .shapes
                    .push((ts, (bytes(total), bytes(swap), cpus)));
            }
            let mut st = self
                .conn
                .prepare("SELECT session_id, ts_ms, disk_id, present, file_length, size_on_disk, allocated, fs_used, reclaimable FROM disk_samples WHERE ts_ms <= ?1 ORDER BY session_id, disk_id, ts_ms")
                .map_err(&sqlite)?;
            let rows = st
                .query_map(params![to_ms], |r| {
                    let v = |i: usize| -> rusqlite::Result<Option<u64>> { Ok(bytes(r.get(i)?)) };
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)? != 0,
                        [v(4)?, v(5)?, v(6)?, v(7)?, v(8)?],
                    ))
                })
                .map_err(&sqlite)?;
            for row in rows {
                let (session, ts, disk, present, values) = row.map_err(&sqlite)?;
                // The primary key's order, so SQLite need not sort; each disk is its own list.
                let c = carry.entry(session).or_default();
                c.disk_rows.entry(disk).or_default().0.push((ts, present, values));
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
            while let Some(&(_, shape)) = c.shapes.get(c.shape_at).filter(|s| s.0 <= ts_ms) {
                c.shape = shape;
                c.shape_at += 1;
            }
            for (disk, (rows, at)) in &mut c.disk_rows {
                while let Some(&(_, present, values)) = rows.get(*at).filter(|d| d.0 <= ts_ms) {
                    c.disks.insert(*disk, (present, values));
                    *at += 1;
                }
            }
            let swap_used = bytes(get(6)?);
            let sample = Sample {
                ts_ms,
                mem_total_bytes: c.shape.0,
                mem_used_bytes: bytes(get(2)?),
                mem_cache_bytes: bytes(get(3)?),
                mem_free_bytes: bytes(get(4)?),
                mem_available_bytes: bytes(get(5)?),
                swap_total_bytes: c.shape.1,
                swap_used_bytes: swap_used,
                cpu_busy_ratio: get(7)?.map(ratio_from_db),
                cpu_count: c.shape.2,
                pressure_memory_some_avg10: get(8)?.map(pressure_from_db),
                pressure_cpu_some_avg10: get(9)?.map(pressure_from_db),
                pressure_io_some_avg10: get(10)?.map(pressure_from_db),
                host_vm_process_bytes: bytes(get(11)?),
                host_vm_process_cpu_ratio: get(12)?.map(ratio_from_db),
                disks: c
                    .disks
                    .iter()
                    .filter(|(_, (present, _))| *present)
                    .filter_map(|(id, (_, v))| {
                        let (path, role) = disks.get(id)?;
                        Some(DiskSample {
                            path: path.clone(),
                            role: *role,
                            file_length: v[0],
                            size_on_disk: v[1],
                            allocated_bytes: v[2],
                            fs_used_bytes: v[3],
                            reclaimable_bytes: v[4],
                        })
                    })
                    .collect(),
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
    /// Whether the disk was there.
    pub present: bool,
    /// File length, size on disk, allocated, ext4 used, reclaimable.
    pub values: [Option<u64>; 5],
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
        let mut shapes: HashMap<i64, ShapeCursor> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT session_id, ts_ms, mem_total, swap_total, cpus FROM shapes WHERE ts_ms <= ?1 ORDER BY session_id, ts_ms")
                .map_err(&sqlite)?;
            let mut rows = st.query(params![to_ms]).map_err(&sqlite)?;
            while let Some(r) = rows.next().map_err(&sqlite)? {
                let session: i64 = r.get(0).map_err(&sqlite)?;
                let ts: i64 = r.get(1).map_err(&sqlite)?;
                let total: Option<i64> = r.get(2).map_err(&sqlite)?;
                let swap: Option<i64> = r.get(3).map_err(&sqlite)?;
                let cpus: Option<i64> = r.get(4).map_err(&sqlite)?;
                let shape = (bytes(total), bytes(swap), cpus.and_then(|c| u32::try_from(c).ok()));
                shapes.entry(session).or_default().0.push((ts, shape));
            }
        }
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
            let c = shapes.entry(session).or_default();
            while let Some(&(_, shape)) = c.0.get(c.1).filter(|s| s.0 <= row.ts_ms) {
                c.2 = shape;
                c.1 += 1;
            }
            (row.mem_total, row.swap_total, row.cpu_count) = c.2;
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
                let v = |i: usize| -> rusqlite::Result<Option<u64>> { Ok(bytes(r.get(i)?)) };
                Ok(DiskChange {
                    path: r.get(0)?,
                    role: Role::parse(&r.get::<_, String>(1)?).unwrap_or(Role::Other),
                    ts_ms: r.get(2)?,
                    present: r.get::<_, i64>(3)? != 0,
                    values: [v(4)?, v(5)?, v(6)?, v(7)?, v(8)?],
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
