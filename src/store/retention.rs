//! Retention: raw samples (and their containers) for `--keep-raw` (30 days), then one-minute
//! rollups (min/avg/max) for `--keep-rollups` (a year).

use std::time::Duration;

use rusqlite::params;

use super::{Store, StoreError};

/// The shortest `--keep-raw`: `recommend` needs a day of raw samples.
pub const MIN_KEEP_RAW: Duration = Duration::from_secs(86_400);

/// The shortest `--keep-rollups`: the default window of `report` and `recommend`.
pub const MIN_KEEP_ROLLUPS: Duration = Duration::from_secs(7 * 86_400);

/// How long history is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Raw samples.
    pub raw: Duration,
    /// One-minute rollups.
    pub rollups: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            raw: Duration::from_secs(30 * 86_400),
            rollups: Duration::from_secs(365 * 86_400),
        }
    }
}

/// Decodes a stored byte figure in SQL (see `codec`).
const DEC: &str = "(CASE WHEN {c} >= 0 THEN {c} * 1024 ELSE -{c} END)";

fn dec(column: &str) -> String {
    DEC.replace("{c}", column)
}

impl Store {
    /// Rolls raw samples older than the raw retention into minutes and deletes them; deletes
    /// rollups and disk rows older than the rollup retention. Returns (samples rolled up, rollups
    /// deleted).
    pub fn apply_retention(
        &mut self,
        now_ms: i64,
        keep: Retention,
    ) -> Result<(usize, usize), StoreError> {
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        // Whole minutes only, so that a minute is never rolled up in two parts.
        let raw_cutoff = now_ms.saturating_sub(ms(keep.raw)).div_euclid(60_000) * 60_000;
        let rollup_cutoff = now_ms.saturating_sub(ms(keep.rollups));
        let path = self.path.clone();
        let err = |cause| StoreError::sqlite(&path, cause);
        // Usually nothing is old enough: one statement of index lookups spares the big ones.
        let (oldest_raw, oldest_change): (Option<i64>, Option<i64>) = self
            .conn
            .query_row(
                // The aggregate `min` skips NULLs (the scalar one would return NULL).
                "SELECT (SELECT min(ts_ms) FROM samples), (SELECT min(t) FROM ( \
                        SELECT min(minute_ms) AS t FROM rollups UNION ALL SELECT min(ts_ms) FROM disk_samples \
                        UNION ALL SELECT min(minute_ms) FROM container_rollups UNION ALL SELECT min(ts_ms) FROM docker_disk UNION ALL SELECT min(ts_ms) FROM docker_answers))",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(err)?;
        let raw_due = oldest_raw.is_some_and(|t| t < raw_cutoff);
        let rollups_due = oldest_change.is_some_and(|t| t < rollup_cutoff);
        if !raw_due && !rollups_due {
            return Ok((0, 0));
        }
        let mma = |c: &str| format!("min({d}), avg({d}), max({d})", d = dec(c));
        let sql = format!(
            "INSERT OR IGNORE INTO rollups (minute_ms, samples, mem_total,
                mem_used_min, mem_used_avg, mem_used_max, mem_cache_min, mem_cache_avg, mem_cache_max,
                mem_available_min, mem_available_avg, mem_available_max, swap_used_min, swap_used_avg, swap_used_max,
                cpu_busy_min, cpu_busy_avg, cpu_busy_max, psi_memory_max, host_vm_process_max)
             SELECT (s.ts_ms / 60000) * 60000, count(*),
                max((SELECT {total} FROM shapes h WHERE h.session_id = s.session_id AND h.ts_ms <= s.ts_ms ORDER BY h.ts_ms DESC LIMIT 1)),
                {used}, {cache}, {available}, {swap}, min(cpu_busy), avg(cpu_busy), max(cpu_busy), max(psi_memory), max({host})
             FROM samples s WHERE s.ts_ms < ?1 GROUP BY s.ts_ms / 60000",
            total = dec("h.mem_total"),
            used = mma("mem_used"),
            cache = mma("mem_cache"),
            available = mma("mem_available"),
            swap = mma("swap_used"),
            host = dec("host_vm_process"),
        );
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(&sql, params![raw_cutoff]).map_err(err)?;
        // Each container's minute: its memory's peak and average, re-encoded in whole KiB (see
        // `codec`), and its CPU's average and peak.
        let kib = |e: &str| format!("CAST(round({e} / 1024.0) AS INTEGER)");
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO container_rollups (minute_ms, container_id, samples, mem_used_avg, mem_used_max, mem_limit, cpu_avg, cpu_max)
                 SELECT (ts_ms / 60000) * 60000, container_id, count(*), {}, {}, {}, CAST(round(avg(cpu)) AS INTEGER), max(cpu)
                 FROM container_samples WHERE ts_ms < ?1 GROUP BY ts_ms / 60000, container_id",
                kib(&format!("avg({})", dec("mem_used"))),
                kib(&format!("max({})", dec("mem_used"))),
                kib(&format!("max({})", dec("mem_limit"))),
            ),
            params![raw_cutoff],
        )
        .map_err(err)?;
        tx.execute("DELETE FROM container_samples WHERE ts_ms < ?1", params![raw_cutoff])
            .map_err(err)?;
        let rolled =
            tx.execute("DELETE FROM samples WHERE ts_ms < ?1", params![raw_cutoff]).map_err(err)?;
        let dropped = tx
            .execute("DELETE FROM rollups WHERE minute_ms < ?1", params![rollup_cutoff])
            .map_err(err)?;
        tx.execute("DELETE FROM container_rollups WHERE minute_ms < ?1", params![rollup_cutoff])
            .map_err(err)?;
        // The VM's shape and the disks' figures are stored only when they change: a row older
        // than the cutoff may still describe a session's newer samples. Each keeps its newest
        // row before the cutoff while its session has raw samples; superseded rows, and the
        // rows of sessions whose samples are all rolled up, go.
        let live = "SELECT DISTINCT session_id FROM samples";
        tx.execute(
            &format!(
                "DELETE FROM disk_samples WHERE ts_ms < ?1 AND (session_id NOT IN ({live}) OR EXISTS (
                    SELECT 1 FROM disk_samples n WHERE n.session_id = disk_samples.session_id
                    AND n.disk_id = disk_samples.disk_id AND n.ts_ms > disk_samples.ts_ms AND n.ts_ms <= ?1))"
            ),
            params![rollup_cutoff],
        )
        .map_err(err)?;
        for table in ["shapes", "docker_disk", "docker_answers"] {
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE ts_ms < ?1 AND (session_id NOT IN ({live}) OR EXISTS (
                        SELECT 1 FROM {table} n WHERE n.session_id = {table}.session_id
                        AND n.ts_ms > {table}.ts_ms AND n.ts_ms <= ?1))"
                ),
                params![rollup_cutoff],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok((rolled, dropped))
    }

    /// The retention the last `monitor` recorded with (`None` for a history from before
    /// wsltune remembered it: it then ran with the defaults, or with flags nobody recorded).
    pub fn recorded_retention(&self) -> Result<Option<Retention>, StoreError> {
        use rusqlite::OptionalExtension;
        let ms = |v: i64| Duration::from_millis(u64::try_from(v).unwrap_or(0));
        self.conn
            .query_row("SELECT keep_raw_ms, keep_rollups_ms FROM retention WHERE id = 1", [], |r| {
                Ok(Retention { raw: ms(r.get(0)?), rollups: ms(r.get(1)?) })
            })
            .optional()
            .map_err(self.sqlite())
    }

    /// Records the retention `monitor` runs with.
    pub fn record_retention(&mut self, keep: Retention) -> Result<(), StoreError> {
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        self.conn
            .execute(
                "INSERT OR REPLACE INTO retention (id, keep_raw_ms, keep_rollups_ms) VALUES (1, ?1, ?2)",
                params![ms(keep.raw), ms(keep.rollups)],
            )
            .map(|_| ())
            .map_err(self.sqlite())
    }

    /// What `keep` would roll up or delete at `now_ms` that `before` would have kept: (raw
    /// samples rolled into minutes, rollups deleted). Zero for both when `keep` is not shorter.
    pub fn shortening(
        &self,
        now_ms: i64,
        before: Retention,
        keep: Retention,
    ) -> Result<(u64, u64), StoreError> {
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        let count = |sql: &str, from: i64, to: i64| -> Result<u64, StoreError> {
            if from >= to {
                return Ok(0);
            }
            self.conn
                .query_row(sql, params![from, to], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(self.sqlite())
        };
        // Whole minutes, as `apply_retention` cuts.
        let minute = |t: i64| t.div_euclid(60_000) * 60_000;
        let raw = count(
            "SELECT count(*) FROM samples WHERE ts_ms >= ?1 AND ts_ms < ?2",
            minute(now_ms.saturating_sub(ms(before.raw))),
            minute(now_ms.saturating_sub(ms(keep.raw))),
        )?;
        let rollups = count(
            "SELECT count(*) FROM rollups WHERE minute_ms >= ?1 AND minute_ms < ?2",
            now_ms.saturating_sub(ms(before.rollups)),
            now_ms.saturating_sub(ms(keep.rollups)),
        )?;
        Ok((raw, rollups))
    }

    /// The number of one-minute rollups stored.
    pub fn rollup_count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM rollups", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(self.sqlite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{DiskSample, Sample};
    use crate::store::Session;

    /// A session that runs longer than `--keep-rollups` keeps the VM's shape and its disks'
    /// figures: they were stored once, when they last changed, before the cutoff.
    #[test]
    fn rows_stored_on_change_outlive_the_cutoff_while_their_session_runs() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_writer(&dir.path().join("h.db")).unwrap();
        let day = 86_400_000;
        let now = 400 * day;
        let disk = |len: u64| DiskSample {
            path: "/d.vhdx".to_owned(),
            role: crate::locate::Role::Other,
            file_length: Some(len),
            size_on_disk: None,
            allocated_bytes: None,
            fs_used_bytes: None,
            reclaimable_bytes: None,
        };
        let sample = |t: i64, len: u64| Sample {
            ts_ms: t,
            mem_total_bytes: Some(8 << 30),
            mem_used_bytes: Some(1 << 30),
            disks: vec![disk(len)],
            ..Sample::default()
        };
        // An old session, all rolled up by now; a long one that started 10 days ago, whose
        // disk changed 9 days ago and never since.
        store.append(&mut Session::new("old"), &[sample(now - 300 * day, 1 << 20)]).unwrap();
        let mut long = Session::new("long");
        store.append(&mut long, &[sample(now - 10 * day, 4 << 20)]).unwrap();
        store.append(&mut long, &[sample(now - 9 * day, 5 << 20)]).unwrap();
        for h in 0..24 {
            store.append(&mut long, &[sample(now - day + h * 3_600_000, 5 << 20)]).unwrap();
        }
        let keep = Retention {
            raw: Duration::from_secs(2 * 86_400),
            rollups: Duration::from_secs(7 * 86_400),
        };
        store.apply_retention(now, keep).unwrap();
        let mut seen = Vec::new();
        store
            .for_each_sample(now - 2 * day, now, |s| -> Result<(), StoreError> {
                seen.push((s.mem_total_bytes, s.disks.first().and_then(|d| d.file_length)));
                Ok(())
            })
            .unwrap();
        assert_eq!(seen.len(), 24);
        assert!(seen.iter().all(|&v| v == (Some(8 << 30), Some(5 << 20))), "{seen:?}");
        let rows = |table: &str| -> i64 {
            store
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        // Kept: the long session's newest shape and disk rows before the cutoff; gone: the
        // superseded disk row and the old session's rows.
        assert_eq!((rows("shapes"), rows("disk_samples")), (1, 1));
    }
}
