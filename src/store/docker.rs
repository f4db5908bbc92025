//! Docker in the history: a row per running container and sample (`container_samples`, rolled
//! into minutes with the samples), a row per sample that has them (`docker_reads`: a sample
//! read with no container running has an empty list, one not read none), and Docker's disk usage per session when it changes (`docker_disk`, a row of
//! NULLs when it became unknown).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::codec::{bytes_from_db, bytes_to_db};
use super::{Store, StoreError};
use crate::docker::{DiskUsage, KindUsage};
use crate::sample::ContainerSample;

/// Encodes a container's CPU (processors) in 1/10,000, the four decimals `monitor` prints.
pub fn cpu_to_db(cores: f64) -> i64 {
    (cores.max(0.0) * 10_000.0).round() as i64
}

/// Decodes a container's CPU.
pub fn cpu_from_db(value: i64) -> f64 {
    value as f64 / 10_000.0
}

pub use crate::sample::docker::order;

/// `docker_disk`'s sixteen columns, in order.
pub const DISK_COLUMNS: &str = "images_total, images_reclaimable, images_count, images_active, \
    containers_total, containers_reclaimable, containers_count, containers_active, \
    volumes_total, volumes_reclaimable, volumes_count, volumes_active, \
    build_cache_total, build_cache_reclaimable, build_cache_count, build_cache_active";

/// The kinds in the order of [`DISK_COLUMNS`].
fn kinds(u: &DiskUsage) -> [KindUsage; 4] {
    [u.images, u.containers, u.volumes, u.build_cache]
}

/// A disk usage as its sixteen columns (NULLs for unknown).
pub fn disk_to_db(usage: Option<&DiskUsage>) -> [Option<i64>; 16] {
    let mut out = [None; 16];
    if let Some(u) = usage {
        let count = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let values = kinds(u).into_iter().flat_map(|k| {
            [
                bytes_to_db(k.total_bytes),
                bytes_to_db(k.reclaimable_bytes),
                count(k.count),
                count(k.active),
            ]
        });
        for (slot, v) in out.iter_mut().zip(values) {
            *slot = Some(v);
        }
    }
    out
}

/// A disk usage from sixteen columns starting at `first` (`None` when the row says unknown).
pub fn disk_from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Option<DiskUsage>> {
    let mut k = [KindUsage::default(); 4];
    for (i, kind) in k.iter_mut().enumerate() {
        let at = |j: usize| r.get::<_, Option<i64>>(first + i * 4 + j);
        let Some(total) = at(0)? else { return Ok(None) };
        let count = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok()).unwrap_or(0);
        *kind = KindUsage {
            total_bytes: bytes_from_db(total),
            reclaimable_bytes: at(1)?.map_or(0, bytes_from_db),
            count: count(at(2)?),
            active: count(at(3)?),
        };
    }
    Ok(Some(DiskUsage { images: k[0], containers: k[1], volumes: k[2], build_cache: k[3] }))
}

/// The id of a container (its Docker id and name), added on first sight.
pub(super) fn container_id(
    tx: &rusqlite::Connection,
    cache: &mut HashMap<(String, String), i64>,
    c: &ContainerSample,
) -> rusqlite::Result<i64> {
    let key = (c.id.clone(), c.name.clone());
    if let Some(id) = cache.get(&key) {
        return Ok(*id);
    }
    // A long session with many short-lived containers (`docker run --rm` in a loop): the
    // cache is copied with the session at every batch, so it stays small; ids are looked up
    // again by the index.
    if cache.len() >= 1024 {
        cache.clear();
    }
    let found = tx
        .prepare_cached("SELECT id FROM containers WHERE docker_id = ?1 AND name = ?2")?
        .query_row(params![c.id, c.name], |r| r.get(0))
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            tx.prepare_cached("INSERT INTO containers (docker_id, name) VALUES (?1, ?2)")?
                .execute(params![c.id, c.name])?;
            tx.last_insert_rowid()
        }
    };
    cache.insert(key, id);
    Ok(id)
}

/// Stores a sample's containers (its `samples` row is written already).
pub(super) fn write_containers(
    tx: &rusqlite::Connection,
    cache: &mut HashMap<(String, String), i64>,
    ts_ms: i64,
    containers: &[ContainerSample],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO container_samples (ts_ms, container_id, mem_used, mem_limit, cpu) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for c in containers {
        let id = container_id(tx, cache, c)?;
        insert.execute(params![
            ts_ms,
            id,
            bytes_to_db(c.mem_used_bytes),
            bytes_to_db(c.mem_limit_bytes),
            c.cpu_cores.map(cpu_to_db)
        ])?;
    }
    Ok(())
}

impl Store {
    /// Whether the file has the Docker tables (schema 5): a history of an older wsltune, read
    /// without migrating it, has no Docker data.
    pub(super) fn has_docker(&self) -> bool {
        self.schema >= 5
    }

    /// Calls `f` with the time, the container's row id (see [`Store::container_names`]) and the
    /// memory used of each container reading from `from_ms` up to (not including) `before_ms`:
    /// raw rows, or with `rollups` each minute's peak. The lean read for charts: three columns
    /// and no name per row (a week at 5 s with 50 containers is 6 million rows).
    pub fn for_each_container_memory<E: From<StoreError>>(
        &self,
        from_ms: i64,
        before_ms: i64,
        rollups: bool,
        mut f: impl FnMut(i64, i64, u64) -> Result<(), E>,
    ) -> Result<(), E> {
        if !self.has_docker() {
            return Ok(());
        }
        let sqlite = self.sqlite();
        let sql = if rollups {
            "SELECT minute_ms, container_id, mem_used_max FROM container_rollups
             WHERE minute_ms >= ?1 AND minute_ms < ?2 ORDER BY minute_ms, container_id"
        } else {
            "SELECT ts_ms, container_id, mem_used FROM container_samples
             WHERE ts_ms >= ?1 AND ts_ms < ?2 ORDER BY ts_ms, container_id"
        };
        let mut st = self.conn.prepare(sql).map_err(&sqlite)?;
        let mut rows = st.query(params![from_ms, before_ms]).map_err(&sqlite)?;
        while let Some(r) = rows.next().map_err(&sqlite)? {
            let ts: i64 = r.get(0).map_err(&sqlite)?;
            let id: i64 = r.get(1).map_err(&sqlite)?;
            let mem: Option<i64> = r.get(2).map_err(&sqlite)?;
            f(ts, id, mem.map_or(0, bytes_from_db))?;
        }
        Ok(())
    }

    /// Every container's Docker id and name, by its row id (none in a history older than
    /// schema 5).
    pub fn container_names(&self) -> Result<HashMap<i64, (String, String)>, StoreError> {
        if !self.has_docker() {
            return Ok(HashMap::new());
        }
        let sqlite = self.sqlite();
        let mut st =
            self.conn.prepare("SELECT id, docker_id, name FROM containers").map_err(&sqlite)?;
        let rows =
            st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))).map_err(&sqlite)?;
        rows.collect::<Result<_, _>>().map_err(sqlite)
    }

    /// Docker's disk usage at each change from `from_ms` to `to_ms`, plus the last one before
    /// (the state at the start), in time order; `None` where it became unknown.
    pub fn docker_disk_changes(
        &self,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<(i64, Option<DiskUsage>)>, StoreError> {
        if !self.has_docker() {
            return Ok(Vec::new());
        }
        let sqlite = self.sqlite();
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT ts_ms, {DISK_COLUMNS} FROM docker_disk
                 WHERE ts_ms BETWEEN ?1 AND ?2 OR ts_ms = (SELECT max(ts_ms) FROM docker_disk WHERE ts_ms < ?1)
                 ORDER BY ts_ms"
            ))
            .map_err(&sqlite)?;
        let rows = st
            .query_map(params![from_ms, to_ms], |r| Ok((r.get(0)?, disk_from_row(r, 1)?)))
            .map_err(&sqlite)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sqlite)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::sample::Sample;
    use crate::store::Session;
    use crate::store::retention::Retention;

    fn container(id: &str, mem: u64, cpu: Option<f64>) -> ContainerSample {
        ContainerSample {
            id: id.to_owned(),
            name: format!("name-{id}"),
            mem_used_bytes: mem,
            mem_limit_bytes: 8 << 30,
            cpu_cores: cpu,
        }
    }

    fn usage(images: u64) -> DiskUsage {
        let kind =
            |t: u64| KindUsage { total_bytes: t, reclaimable_bytes: t / 2, count: 3, active: 1 };
        DiskUsage {
            images: kind(images),
            containers: kind(7),
            volumes: kind(1 << 20),
            build_cache: kind(0),
        }
    }

    fn read_all(store: &Store) -> Vec<Sample> {
        let mut out = Vec::new();
        store
            .for_each_sample::<StoreError>(0, i64::MAX, |s| {
                out.push(s);
                Ok(())
            })
            .unwrap();
        out
    }

    /// What a monitor stored is what it read: the containers (odd byte counts too), no answer
    /// (absent) apart from no container running (empty), and Docker's disk usage carried
    /// forward from its last change, and unknown once it became unknown.
    #[test]
    fn containers_and_docker_disk_usage_come_back_as_stored() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_writer(&dir.path().join("h.db")).unwrap();
        let at =
            |t: i64, containers: Option<Vec<ContainerSample>>, disk: Option<DiskUsage>| Sample {
                ts_ms: t,
                mem_used_bytes: Some(1 << 30),
                containers,
                docker_disk_usage: disk,
                ..Sample::default()
            };
        let samples = vec![
            at(
                1_000,
                Some(vec![container("b", 4096, None), container("a", 1_000_001, None)]),
                Some(usage(5 << 30)),
            ),
            at(
                2_000,
                Some(vec![container("a", 1_000_001, Some(1.5)), container("b", 8192, Some(0.001))]),
                Some(usage(5 << 30)),
            ),
            at(3_000, None, Some(usage(6 << 30))),
            at(4_000, Some(Vec::new()), None),
        ];
        let mut sorted = samples.clone();
        for s in &mut sorted {
            if let Some(c) = &mut s.containers {
                c.sort_by(order);
            }
        }
        let mut session = Session::new("test");
        store.append(&mut session, &samples[..2]).unwrap();
        store.append(&mut session, &samples[2..]).unwrap();
        assert_eq!(read_all(&store), sorted);
        let rows: i64 =
            store.conn.query_row("SELECT count(*) FROM docker_disk", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 3, "stored on change: 5 GiB, 6 GiB, unknown");
        let changes = store.docker_disk_changes(2_500, 4_000).unwrap();
        assert_eq!(changes.iter().map(|c| c.0).collect::<Vec<_>>(), [1_000, 3_000, 4_000]);
        assert_eq!(changes[2].1, None);
    }

    /// Raw container rows roll into minutes with the samples: the minute's peak and average
    /// memory, its average CPU; old rollups go with the rollup retention.
    #[test]
    fn container_rows_follow_the_retention() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_writer(&dir.path().join("h.db")).unwrap();
        let day = 86_400_000;
        let now = 400 * day;
        let minute = now - 3 * day;
        let sample = |t: i64, mem: u64, cpu: f64| Sample {
            ts_ms: t,
            mem_used_bytes: Some(1 << 30),
            containers: Some(vec![container("a", mem, Some(cpu))]),
            ..Sample::default()
        };
        let mut session = Session::new("test");
        store
            .append(
                &mut session,
                &[sample(minute, 1 << 20, 1.0), sample(minute + 5_000, 3 << 20, 2.0)],
            )
            .unwrap();
        store.append(&mut session, &[sample(now, 5 << 20, 0.5)]).unwrap();
        let keep = Retention {
            raw: Duration::from_secs(86_400),
            rollups: Duration::from_secs(7 * 86_400),
        };
        store.apply_retention(now, keep).unwrap();
        let read = |rollups: bool| {
            let mut rows = Vec::new();
            store
                .for_each_container_memory::<StoreError>(0, i64::MAX, rollups, |ts, id, mem| {
                    rows.push((ts, id, mem));
                    Ok(())
                })
                .unwrap();
            rows
        };
        let raw: Vec<(i64, u64)> = read(false).into_iter().map(|(t, _, m)| (t, m)).collect();
        assert_eq!(raw, [(now, 5 << 20)], "the old rows left the raw table");
        let names = store.container_names().unwrap();
        let cpu: i64 = store
            .conn
            .query_row("SELECT cpu_avg FROM container_rollups", [], |r| r.get(0))
            .unwrap();
        let rolled: Vec<_> = read(true)
            .into_iter()
            .map(|(t, id, m)| (t, names[&id].1.clone(), m, cpu_from_db(cpu)))
            .collect();
        assert_eq!(rolled, [(minute, "name-a".to_owned(), 3 << 20, 1.5)]);
        let (avg, limit): (i64, i64) = store
            .conn
            .query_row("SELECT mem_used_avg, mem_limit FROM container_rollups", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((bytes_from_db(avg), bytes_from_db(limit)), (2 << 20, 8 << 30));
        // A year later the rollup goes too.
        store.apply_retention(now + 8 * day, keep).unwrap();
        let n: i64 = store
            .conn
            .query_row("SELECT count(*) FROM container_rollups", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
