//! Retention: raw samples for `--keep-raw` (30 days), then one-minute rollups (min/avg/max) for
//! `--keep-rollups` (a year).

use std::time::Duration;

use rusqlite::params;

use super::{Store, StoreError};

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
        let err = |source| StoreError::Sqlite { path: path.clone(), source };
        // Usually nothing is old enough: one statement of index lookups spares the big ones.
        let (oldest_raw, oldest_rollup, oldest_disk): (Option<i64>, Option<i64>, Option<i64>) =
            self.conn
                .query_row(
                    "SELECT (SELECT min(ts_ms) FROM samples), (SELECT min(minute_ms) FROM rollups), \
                            (SELECT min(ts_ms) FROM disk_samples)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(err)?;
        let raw_due = oldest_raw.is_some_and(|t| t < raw_cutoff);
        let rollups_due = oldest_rollup.is_some_and(|t| t < rollup_cutoff)
            || oldest_disk.is_some_and(|t| t < rollup_cutoff);
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
        let rolled =
            tx.execute("DELETE FROM samples WHERE ts_ms < ?1", params![raw_cutoff]).map_err(err)?;
        let dropped = tx
            .execute("DELETE FROM rollups WHERE minute_ms < ?1", params![rollup_cutoff])
            .map_err(err)?;
        tx.execute("DELETE FROM disk_samples WHERE ts_ms < ?1", params![rollup_cutoff])
            .map_err(err)?;
        tx.execute("DELETE FROM shapes WHERE ts_ms < ?1", params![rollup_cutoff]).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok((rolled, dropped))
    }

    /// The number of one-minute rollups stored.
    pub fn rollup_count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM rollups", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(self.sqlite())
    }
}
