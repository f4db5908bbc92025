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

/// A session's change rows, consumed in time order.
#[derive(Default)]
struct Carry {
    shapes: Vec<(i64, Shape)>,
    shape_at: usize,
    shape: Shape,
    disk_rows: Vec<(i64, i64, bool, [Option<u64>; 5])>,
    disk_at: usize,
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
                .prepare("SELECT session_id, ts_ms, disk_id, present, file_length, size_on_disk, allocated, fs_used, reclaimable FROM disk_samples WHERE ts_ms <= ?1 ORDER BY session_id, ts_ms, disk_id")
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
                carry.entry(session).or_default().disk_rows.push((ts, disk, present, values));
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
            while let Some(&(_, disk, present, values)) =
                c.disk_rows.get(c.disk_at).filter(|d| d.0 <= ts_ms)
            {
                c.disks.insert(disk, (present, values));
                c.disk_at += 1;
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
