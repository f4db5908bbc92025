//! The history of a window as columns (one `f64` per sample, NaN where unknown): what the
//! statistics, the recommendation and the charts read. Disks get their own columns, one row per
//! sample where the disk was present.

use std::collections::BTreeMap;

use crate::locate::Role;
use crate::store::read::Row;
use crate::store::{Store, StoreError};

/// A spacing shorter than this is never a gap, however regular the sampling (5 minutes).
pub const GAP_MIN_MS: i64 = 5 * 60_000;

/// A stretch without samples: from the last sample before it to the first after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The last sample before the gap (ms).
    pub from_ms: i64,
    /// The first sample after it (ms).
    pub to_ms: i64,
}

/// One disk's figures over time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiskSeries {
    /// Its role.
    pub role: Option<Role>,
    /// Times (ms).
    pub ts_ms: Vec<i64>,
    /// File length.
    pub file_length: Vec<f64>,
    /// Allocated payload bytes (deep inspection).
    pub allocated: Vec<f64>,
    /// What ext4 uses (deep inspection).
    pub fs_used: Vec<f64>,
    /// What compaction would give back (deep inspection).
    pub reclaimable: Vec<f64>,
}

/// Samples of a window as columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Times (ms since the epoch), increasing.
    pub ts_ms: Vec<i64>,
    /// `MemTotal`.
    pub mem_total: Vec<f64>,
    /// `MemTotal − MemAvailable`.
    pub mem_used: Vec<f64>,
    /// Buffers + Cached + SReclaimable.
    pub mem_cache: Vec<f64>,
    /// `MemFree`.
    pub mem_free: Vec<f64>,
    /// `SwapTotal`.
    pub swap_total: Vec<f64>,
    /// `SwapTotal − SwapFree`.
    pub swap_used: Vec<f64>,
    /// CPU busy (0..1).
    pub cpu_busy: Vec<f64>,
    /// The VM's logical processors.
    pub cpu_count: Vec<f64>,
    /// PSI memory `some avg10` (percent).
    pub psi_memory: Vec<f64>,
    /// The Windows VM process's working set.
    pub host_vm: Vec<f64>,
    /// Disks by path.
    pub disks: BTreeMap<String, DiskSeries>,
}

fn f(v: Option<u64>) -> f64 {
    v.map_or(f64::NAN, |x| x as f64)
}

impl Series {
    /// Reads the samples from `from_ms` to `to_ms` (inclusive), calling `progress` with the
    /// count every 65,536 samples. Disks come from their change rows (they change rarely).
    pub fn load(
        store: &Store,
        from_ms: i64,
        to_ms: i64,
        mut progress: impl FnMut(u64),
    ) -> Result<Self, StoreError> {
        let mut series = Series::default();
        let mut n = 0u64;
        // Older than the raw retention, only one-minute rollups are left: they come first.
        let raw_from = store.oldest_ms_between(from_ms, to_ms)?.unwrap_or(to_ms.saturating_add(1));
        store.for_each_rollup(
            from_ms,
            raw_from.min(to_ms.saturating_add(1)),
            |r: &Row| -> Result<(), StoreError> {
                series.push_row(r);
                Ok(())
            },
        )?;
        store.for_each_row(from_ms, to_ms, |r: &Row| -> Result<(), StoreError> {
            series.push_row(r);
            n += 1;
            if n.is_multiple_of(65_536) {
                progress(n);
            }
            Ok(())
        })?;
        for c in store.disk_changes(from_ms, to_ms)? {
            if !c.state.present {
                continue;
            }
            if !series.disks.contains_key(&c.path) {
                series.disks.insert(c.path.clone(), DiskSeries::default());
            }
            let Some(d) = series.disks.get_mut(&c.path) else { continue };
            let figures = c.state.figures;
            d.role = Some(c.role);
            d.ts_ms.push(c.ts_ms.max(series.ts_ms.first().copied().unwrap_or(c.ts_ms)));
            d.file_length.push(f(figures.file_length));
            d.allocated.push(f(figures.allocated_bytes));
            d.fs_used.push(f(figures.fs_used_bytes));
            d.reclaimable.push(f(figures.reclaimable_bytes));
        }
        // Figures hold until they change: carry each disk's last one to the window's end.
        if let Some(&end) = series.ts_ms.last() {
            for d in series.disks.values_mut() {
                if d.ts_ms.last().is_some_and(|t| *t < end) {
                    d.ts_ms.push(end);
                    for column in
                        [&mut d.file_length, &mut d.allocated, &mut d.fs_used, &mut d.reclaimable]
                    {
                        let last = column.last().copied().unwrap_or(f64::NAN);
                        column.push(last);
                    }
                }
            }
        }
        Ok(series)
    }

    /// Appends one row of the lean read (rows must come in time order).
    pub fn push_row(&mut self, r: &Row) {
        self.ts_ms.push(r.ts_ms);
        self.mem_total.push(f(r.mem_total));
        self.mem_used.push(f(r.mem_used));
        self.mem_cache.push(f(r.mem_cache));
        self.mem_free.push(f(r.mem_free));
        self.swap_total.push(f(r.swap_total));
        self.swap_used.push(f(r.swap_used));
        self.cpu_busy.push(r.cpu_busy.unwrap_or(f64::NAN));
        self.cpu_count.push(r.cpu_count.map_or(f64::NAN, f64::from));
        self.psi_memory.push(r.psi_memory.unwrap_or(f64::NAN));
        self.host_vm.push(f(r.host_vm));
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.ts_ms.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.ts_ms.is_empty()
    }

    /// Milliseconds from the first to the last sample.
    pub fn span_ms(&self) -> i64 {
        match (self.ts_ms.first(), self.ts_ms.last()) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        }
    }

    /// The last known value of a column.
    pub fn last(column: &[f64]) -> Option<f64> {
        column.iter().rev().copied().find(|v| v.is_finite())
    }

    /// Where samples are missing (the machine was off, monitor was stopped): every spacing
    /// longer than five times the median spacing and five minutes. Charts draw nothing across
    /// them (issue 18).
    pub fn gaps(&self) -> Vec<Gap> {
        let usual = self.typical_interval_ms();
        let longest_normal = (usual * 5.0).max(GAP_MIN_MS as f64);
        self.ts_ms
            .windows(2)
            .filter_map(|w| match *w {
                [a, b] if (b - a) as f64 > longest_normal => Some(Gap { from_ms: a, to_ms: b }),
                _ => None,
            })
            .collect()
    }

    /// The median interval between samples (ms), for time-above-threshold sums.
    pub fn typical_interval_ms(&self) -> f64 {
        let gaps = self.ts_ms.iter().zip(self.ts_ms.iter().skip(1)).map(|(a, b)| (b - a) as f64);
        super::stats::summarize(gaps.filter(|g| *g > 0.0)).map_or(0.0, |s| s.p50)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::Sample;
    use crate::store::retention::Retention;

    #[test]
    fn gaps_are_long_spacings_only() {
        let mut s = Series::default();
        // Every 30 s for an hour, 36 h off, every 30 s again, 4 min off (not a gap), then on.
        let mut t = 0i64;
        for i in 0..400 {
            s.ts_ms.push(t);
            t += match i {
                119 => 36 * 3_600_000,
                300 => 4 * 60_000,
                _ => 30_000,
            };
        }
        assert_eq!(
            s.gaps(),
            vec![Gap { from_ms: 119 * 30_000, to_ms: 119 * 30_000 + 36 * 3_600_000 }]
        );
        // Sparse sampling (every 10 min) is no gap at all.
        let sparse = Series { ts_ms: (0..50).map(|i| i * 600_000).collect(), ..Series::default() };
        assert!(sparse.gaps().is_empty());
    }

    /// Older samples come from the one-minute rollups (used at the minute's peak), newer ones raw.
    #[test]
    fn a_window_reads_rollups_then_raw_samples() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_writer(&dir.path().join("h.db")).unwrap();
        let mut session = crate::store::Session::new("test");
        let t0 = 1_767_225_600_000i64;
        // Three hours, one sample every 30 s; used memory alternates 1 and 3 GiB.
        let samples: Vec<Sample> = (0..360)
            .map(|i| Sample {
                ts_ms: t0 + i * 30_000,
                mem_total_bytes: Some(16 << 30),
                mem_used_bytes: Some(if i % 2 == 0 { 1 << 30 } else { 3 << 30 }),
                cpu_busy_ratio: Some(0.25),
                cpu_count: Some(4),
                ..Sample::default()
            })
            .collect();
        store.append(&mut session, &samples).unwrap();
        let day = std::time::Duration::from_secs(86_400);
        let keep = Retention { raw: std::time::Duration::from_secs(3600), rollups: day };
        store.apply_retention(t0 + 3 * 3_600_000, keep).unwrap();
        let s = Series::load(&store, 0, i64::MAX, |_| {}).unwrap();
        // Two hours of minutes, then an hour of raw samples.
        assert_eq!(s.len(), 120 + 120);
        assert!(s.ts_ms.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s.mem_used[0], (3u64 << 30) as f64, "a rollup keeps the minute's peak");
        assert_eq!(s.mem_used[120], (1u64 << 30) as f64);
        assert_eq!(s.cpu_busy[0], 0.25);
        assert!(s.cpu_count[0].is_nan() && s.cpu_count[120] == 4.0);
        assert_eq!(s.mem_total[0], (16u64 << 30) as f64);
    }
}
